/**
 * The retry notice where a person watches: on a terminal (util-linux
 * `script`) the program says it tries again; with its output going to a
 * pipe (a log), it says nothing but the outcome.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { drive, siblingProgram, skipWithoutPty } from "../app/_spawn.ts";

const CHILD = siblingProgram("_retry_notice_child", import.meta.url);

/** A port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test("on a terminal, a request tried again after a network error says so; through a pipe, nothing is added", async (t) => {
  const port = await closedPort();
  const piped = drive(CHILD, [String(port)], {}, "pipe");
  await piped.expect(/FAILED NetworkError/);
  assert.equal(await piped.exit(), 0, piped.output);
  assert.doesNotMatch(piped.output, /Trying again/);
  if (await skipWithoutPty(t)) return;
  const p = drive(CHILD, [String(port)], {}, "pty");
  try {
    await p.expect(
      new RegExp(
        `globus-deno: GET http://127\\.0\\.0\\.1:${port}/transfer/v0\\.10/task/\\S+ failed: .*Trying again \\(up to 2 more times\\)…`,
      ),
    );
    await p.expect(/FAILED NetworkError/);
    assert.equal(await p.exit(), 0, p.output);
    // At most one line per retry; that a burst says it once is the unit
    // test's (its 10 s quiet period read from the clock would make this
    // one depend on the machine's speed).
    const lines = p.output.match(/Trying again/g)?.length ?? 0;
    assert.ok(lines >= 1 && lines <= 2, p.output);
    assert.doesNotMatch(p.output, /retry-notice-token-value/);
  } finally {
    p.kill();
  }
});

test("on a terminal, the notice starts a line of its own after an open progress line (it ran on from '… 0 B at 0 B/s')", async (t) => {
  if (await skipWithoutPty(t)) return;
  const port = await closedPort();
  const p = drive(CHILD, ["open-line", String(port)], {}, "pty");
  try {
    await p.expect(/FAILED NetworkError/);
    assert.equal(await p.exit(), 0, p.output);
    assert.match(p.output, /progress 0%\r?\nglobus-deno: GET /);
  } finally {
    p.kill();
  }
});
