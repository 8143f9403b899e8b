import { test } from "node:test";
import assert from "node:assert/strict";
import { kernelStack, withoutSdkFrames } from "../../src/core/_kernel_stack.ts";
import { TransferAPIError } from "../../src/core/errors.ts";

const ROOT = new URL("../../", import.meta.url).href;

test("withoutSdkFrames keeps the message and the caller's frames, not the SDK's or the runtime's", () => {
  const stack = [
    "TransferAPIError: GET https://x/ → 404 EndpointNotFound: No such endpoint",
    "second line of the message",
    `    at apiError (${ROOT}src/core/transport.ts:870:10)`,
    `    at async interruptible (${ROOT}src/core/_interrupt.ts:105:12)`,
    `    at async TransferClient.operationLs (${ROOT}dist/mod.js:2:100)`,
    "    at loop (ext:deno_os/40_signals.js:77:22)",
    "    at async node:internal/modules/run_main:117:5",
    "    at async <anonymous>:1:22",
    "    at async main (file:///home/me/project/app.ts:12:3)",
  ].join("\n");
  assert.equal(
    withoutSdkFrames(stack),
    [
      "TransferAPIError: GET https://x/ → 404 EndpointNotFound: No such endpoint",
      "second line of the message",
      "    at async <anonymous>:1:22",
      "    at async main (file:///home/me/project/app.ts:12:3)",
    ].join("\n"),
  );
  // Only SDK frames: the message alone. No frames: as it is.
  assert.equal(
    withoutSdkFrames(`E: m\n    at f (${ROOT}src/x.ts:1:1)`),
    "E: m",
  );
  assert.equal(withoutSdkFrames("E: m"), "E: m");
});

test("outside the Jupyter kernel an SDK error keeps its whole stack", () => {
  const err = new TransferAPIError({
    method: "GET",
    url: "https://transfer.api.globus.org/v0.10/task/t1",
    httpStatus: 404,
    rawJson: { code: "TaskNotFound", message: "no" },
  });
  const before = err.stack;
  assert.equal(kernelStack(err), err);
  assert.equal(err.stack, before);
  assert.match(String(err.stack), /kernel_stack_test/);
});
