import { test } from "node:test";
import assert from "node:assert/strict";
import {
  kernelStack,
  withoutSdkFrames,
  withoutSdkStack,
} from "../../src/core/_kernel_stack.ts";
import { TransferAPIError } from "../../src/core/errors.ts";
import { assertStackAccessor } from "./_stack_accessor.ts";

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

test("withoutSdkFrames leaves out the frames of the SDK's npm dependencies, from Deno's npm cache or node_modules", () => {
  const stack = [
    "AuthAPIError: Globus Auth refused the authorization code (invalid_grant)",
    "    at async tokenEndpointRequest (file:///root/.cache/deno/npm/registry.npmjs.org/oauth4webapi/3.8.9/build/index.js:3647:20)",
    "    at async jwtVerify (file:///home/me/project/node_modules/.deno/jose@6.2.19/node_modules/jose/dist/webapi/jwt/verify.js:5:22)",
    "    at async processResponse (/home/me/project/node_modules/oauth4webapi/build/index.js:10:1)",
    "    at async <anonymous>:1:22",
    "    at async main (file:///home/me/project/my_jose_notes.ts:3:1)",
  ].join("\n");
  assert.equal(
    withoutSdkFrames(stack),
    [
      "AuthAPIError: Globus Auth refused the authorization code (invalid_grant)",
      "    at async <anonymous>:1:22",
      "    at async main (file:///home/me/project/my_jose_notes.ts:3:1)",
    ].join("\n"),
  );
});

test("withoutSdkStack trims the stack when it is read: the text V8 renders then, or one written to it; its stack is an accessor, not enumerable, configurable", () => {
  const err = new Error("first message");
  assert.equal(withoutSdkStack(err), err);
  assertStackAccessor(err);
  // Where V8 renders a stack at its first read (an accessor `stack`: Deno;
  // Node 20's data property is rendered when its descriptor is read).
  if (
    typeof Object.getOwnPropertyDescriptor(new Error(), "stack")?.get ===
      "function"
  ) {
    err.message = "changed message";
    assert.match(String(err.stack), /^Error: changed message\n/);
  }
  assert.match(String(err.stack), /kernel_stack_test/);
  // A text written is read without the SDK's frames too.
  err.stack = [
    "Error: written",
    `    at check (${ROOT}src/core/_options.ts:1:1)`,
    "    at main (file:///home/me/project/app.ts:2:3)",
  ].join("\n");
  assert.equal(
    err.stack,
    "Error: written\n    at main (file:///home/me/project/app.ts:2:3)",
  );
  // Another value as it is.
  (err as { stack?: unknown }).stack = 42;
  assert.equal(err.stack, 42);
  // Read again at every read: a stack of another accessor, as it reads now.
  let n = 0;
  const other = {};
  Object.defineProperty(other, "stack", {
    configurable: true,
    get: () =>
      `Error: read ${n}\n    at f (${ROOT}src/x.ts:1:1)\n    at g (file:///a.ts:1:1)`,
  });
  withoutSdkStack(other);
  n = 1;
  assert.equal(
    (other as { stack?: unknown }).stack,
    "Error: read 1\n    at g (file:///a.ts:1:1)",
  );
  n = 2;
  assert.equal(
    (other as { stack?: unknown }).stack,
    "Error: read 2\n    at g (file:///a.ts:1:1)",
  );
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

test("in the kernel's method wrappers, an argument's TypeError or RangeError shows the caller's line first, not the SDK's checks", async () => {
  const { addSlipHints, removeSlipHints } = await import(
    "../../src/notebook/_slip_hints.ts"
  );
  const { BaseClient } = await import("../../src/core/base_client.ts");
  const { TransferClient } = await import(
    "../../src/transfer/transfer_client.ts"
  );
  const { AccessTokenAuthorizer } = await import(
    "../../src/authorizers/access_token.ts"
  );
  const tc = new TransferClient({
    authorizer: new AccessTokenAuthorizer("tok-never-shown"),
    fetch: () => Promise.reject(new Error("no request is made")),
  });
  // What slipHints() installs once inside the kernel.
  addSlipHints(tc, BaseClient);
  try {
    // deno-lint-ignore no-explicit-any
    const untyped = tc as any;
    const frames = (stack: string) =>
      stack.split("\n").filter((l) => /^\s+at /.test(l));
    for (
      const [call, name] of [
        [() => untyped.operationLs(), "TypeError"],
        [() => tc.operationLs("", { path: "/" }), "TypeError"],
        [() => tc.operationLs("c1", { limit: -1 }), "RangeError"],
      ] as const
    ) {
      const err = await call().then(
        () => assert.fail("the call did not reject"),
        (e: Error) => e,
      );
      assert.equal(err.name, name);
      const stack = String(err.stack);
      assert.ok(stack.startsWith(`${name}: ${err.message}`), stack);
      const at = frames(stack);
      assert.match(at[0] ?? "", /kernel_stack_test/, stack);
      assert.doesNotMatch(stack, new RegExp(`${ROOT}(?:src|dist|esm)/`));
    }
    // A synchronous method's throw, too (a paginator's options).
    for (
      const [call, name] of [
        [() => untyped.taskList({ bogus: 1 }), "TypeError"],
        [() => tc.taskList({ maxResults: -1 }), "RangeError"],
      ] as const
    ) {
      assert.throws(call, (e: Error) => {
        assert.equal(e.name, name);
        const stack = String(e.stack);
        assert.match(frames(stack)[0] ?? "", /kernel_stack_test/, stack);
        assert.doesNotMatch(stack, new RegExp(`${ROOT}(?:src|dist|esm)/`));
        return true;
      });
    }
  } finally {
    removeSlipHints();
  }
});
