/**
 * An SDK error whose message quotes its cause's whole message: Node prints
 * the cause under it (`[cause]: …`, its stack), so the cause's stack starts
 * with its first words only. Its message, frames and identity are kept.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { LoginRequiredError, NetworkError } from "../../src/core/errors.ts";

const LONG =
  "Cannot log in here: no authorization code can be read, as standard input is not a terminal. Run the program once in a terminal.";

test("a quoted SDK cause keeps its message and frames; its stack's first line is its first words", () => {
  const inner = new LoginRequiredError(LONG);
  const frames = inner.stack!.split("\n").slice(1);
  const outer = new LoginRequiredError(`A login is needed. ${inner.message}`, {
    cause: inner,
  });
  assert.equal(outer.cause, inner);
  assert.equal(inner.message, LONG);
  const [first, ...rest] = inner.stack!.split("\n");
  assert.equal(
    first,
    "LoginRequiredError: Cannot log in here: no authorization code can be read, as… (quoted in full in the message of the error it caused)",
  );
  assert.deepEqual(rest, frames);
  // A network error quoted without its final period, as a failed login does.
  const net = new NetworkError(
    "POST",
    "https://auth.globus.org/v2/oauth2/token",
    new TypeError("fetch failed"),
    "the connection was reset by the network between this machine and Globus Auth.",
  );
  new LoginRequiredError(
    `Login failed: ${net.message.replace(/\.$/, "")}. Then no code came.`,
    { cause: net },
  );
  assert.match(
    net.stack!,
    /^NetworkError: POST https:\/\/auth\.globus\.org\/v2\/oauth2\/token failed: the… \(quoted/,
  );
});

test("a cause whose message is not quoted, a short one, or one not the SDK's keeps its stack", () => {
  const notQuoted = new LoginRequiredError(LONG);
  const before = notQuoted.stack;
  new LoginRequiredError("A login is needed.", { cause: notQuoted });
  assert.equal(notQuoted.stack, before);
  const short = new LoginRequiredError("no code");
  const shortBefore = short.stack;
  new LoginRequiredError("Login failed: no code", { cause: short });
  assert.equal(short.stack, shortBefore);
  const foreign = new Error(LONG);
  const foreignBefore = foreign.stack;
  new LoginRequiredError(`A login is needed. ${LONG}`, { cause: foreign });
  assert.equal(foreign.stack, foreignBefore);
});

test("a quoted cause's message reads whole to code, whatever the program set for stack traces; writing it works; the error's cause is untouched", () => {
  const inner = new LoginRequiredError(LONG);
  const outer = new LoginRequiredError(`A login is needed. ${inner.message}`, {
    cause: inner,
  });
  const d = Object.getOwnPropertyDescriptor(outer, "cause");
  assert.equal(d?.value, inner);
  assert.equal(d?.enumerable, false);
  assert.equal(inner.message, LONG);
  assert.equal(Object.keys(inner).includes("message"), false);
  const api = Error as unknown as {
    prepareStackTrace?: unknown;
    stackTraceLimit: number;
  };
  const limit = api.stackTraceLimit;
  const had = Object.prototype.hasOwnProperty.call(Error, "prepareStackTrace");
  const prepare = api.prepareStackTrace;
  const mine = () => "my own stack text";
  try {
    api.stackTraceLimit = 0;
    api.prepareStackTrace = mine;
    assert.equal(inner.message, LONG);
    // Put back as the program set them.
    assert.equal(api.stackTraceLimit, 0);
    assert.equal(api.prepareStackTrace, mine);
  } finally {
    api.stackTraceLimit = limit;
    if (had) api.prepareStackTrace = prepare;
    else delete api.prepareStackTrace;
  }
  assert.equal(
    Object.prototype.hasOwnProperty.call(Error, "prepareStackTrace"),
    had,
  );
  inner.message = "changed";
  assert.equal(inner.message, "changed");
  assert.equal(String(inner).startsWith("LoginRequiredError: changed"), true);
});
