/**
 * What the runtime prints when a script ends with one of the SDK's errors
 * uncaught, in a process of its own (on Node, after the npm build: Node
 * prints an uncaught error's `cause` and an array `errors` whatever their
 * enumerability, and its enumerable fields, without its inspect hook).
 * Each thing is said once.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { isDeno } from "../../src/core/runtime.ts";

// On Node this runs from the npm build (npm/esm/tests/core/), next to the
// compiled module.
const errorsModule = new URL(
  isDeno ? "../../src/core/errors.ts" : "../../src/core/errors.js",
  import.meta.url,
).href;

/** Runs `body` as a script after importing the errors; its stderr. */
async function uncaught(body: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "uncaught-print-"));
  try {
    const script = join(dir, isDeno ? "child.ts" : "child.mjs");
    await writeFile(
      script,
      `import * as errors from ${JSON.stringify(errorsModule)};\n${body}\n`,
    );
    const child = spawn(
      process.execPath,
      isDeno
        ? [
          "run",
          "-A",
          `--config=${
            fileURLToPath(new URL("../../deno.json", import.meta.url))
          }`,
          script,
        ]
        : [script],
      {
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, NO_COLOR: "1" },
      },
    );
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.stdout.resume();
    const status = await new Promise<number | null>((resolve) =>
      child.on("close", (c) => resolve(c))
    );
    assert.equal(status, 1, err);
    return err;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// Node prints the cause's stack, whose first line is shortened; Deno prints
// "Caused by: " with the cause's name and message, read by the runtime
// itself, which reads the shortened message (JavaScript reads it whole).
test(
  "an uncaught login error that quotes its cause prints the cause's paragraph once (Deno printed it twice), and the cause's frames",
  async () => {
    const err = await uncaught(`
const PARAGRAPH = "Cannot log in here: no authorization code can be read, as standard input is not a terminal. Run the program once in a terminal to log in.";
function flowThatFailed() {
  return new errors.LoginRequiredError(PARAGRAPH);
}
const inner = flowThatFailed();
const outer = new errors.LoginRequiredError(
  "A login is needed: the token file /home/u/tokens.json holds no usable tokens for this app. " + inner.message,
  { cause: inner },
);
console.error("read whole:", outer.cause === inner && inner.message === PARAGRAPH);
throw outer;`);
    assert.match(err, /LoginRequiredError: A login is needed: the token file/);
    assert.equal(
      err.split("Run the program once in a terminal").length - 1,
      1,
      err,
    );
    assert.match(
      err,
      /LoginRequiredError: Cannot log in here: no authorization code can be read, as… \(quoted in full in the message of the error it caused\)\n\s+at flowThatFailed /,
      err,
    );
    // Code reading the cause gets it whole.
    assert.match(err, /read whole: true/);
  },
);

test("an uncaught 404 prints the service's message once, not again in its sub-error", async () => {
  const err = await uncaught(`
throw new errors.TransferAPIError({
  method: "GET",
  url: "https://transfer.api.globus.org/v0.10/task/0000",
  httpStatus: 404,
  rawJson: {
    code: "TaskNotFound",
    message: "Task 0000 not found",
    request_id: "req-42",
    resource: "/v0.10/task/0000",
  },
});`);
  assert.match(err, /TransferAPIError: GET .* → 404 TaskNotFound/);
  assert.equal(err.split("Task 0000 not found").length - 1, 1, err);
  assert.ok(!err.includes("resource"), err);
});

test("an uncaught SDK error prints its stack, down to the script's own line (Deno printed the message alone)", async () => {
  const err = await uncaught(`
function lookUpTheTask() {
  throw new errors.TransferAPIError({
    method: "GET",
    url: "https://transfer.api.globus.org/v0.10/task/0000",
    httpStatus: 404,
    rawJson: { code: "TaskNotFound", message: "Task 0000 not found" },
  });
}
lookUpTheTask();`);
  assert.match(err, /TransferAPIError: GET .* → 404 TaskNotFound/);
  assert.match(err, /at lookUpTheTask \(.*child\.(ts|mjs):\d+:\d+\)/, err);
});

test("an uncaught SDK error with a cause prints the cause too", async () => {
  const err = await uncaught(`
throw new errors.GlobusError("Cannot read the settings", {
  cause: new Error("the cable is unplugged"),
});`);
  assert.match(err, /GlobusError: Cannot read the settings/);
  assert.match(err, /the cable is unplugged/, err);
});

test("an uncaught error of work several calls shared (an app's login) prints the line of the call it ended, down to the script (Deno printed the work's frames only)", async () => {
  const sharedWork = new URL(
    isDeno
      ? "../../src/core/_shared_work.ts"
      : "../../src/core/_shared_work.js",
    import.meta.url,
  ).href;
  const err = await uncaught(`
const { SharedWork } = await import(${JSON.stringify(sharedWork)});
async function logInForEveryone() {
  await new Promise((r) => setTimeout(r, 1));
  throw new errors.LoginRequiredError("Cannot log in here: no code can be read");
}
const login = new SharedWork(() => logInForEveryone());
async function listTheFirstFolder() {
  await login.join(undefined);
}
async function listTheSecondFolder() {
  await login.join(undefined);
}
async function listBothFolders() {
  await Promise.all([listTheFirstFolder(), listTheSecondFolder()]);
}
await listBothFolders();`);
  assert.match(err, /LoginRequiredError: Cannot log in here/);
  assert.match(err, /at (async )?listTheFirstFolder \(.*child\.(ts|mjs):/, err);
  assert.match(err, /at (async )?listBothFolders \(.*child\.(ts|mjs):/, err);
  assert.doesNotMatch(err, /listTheSecondFolder/, err);
});
