/**
 * Ctrl-C while taskWait's progress line is drawn in a real terminal
 * (util-linux `script`): the line is ended before the program ends, and
 * the program still ends as interrupted (killed by SIGINT, as without the
 * SDK), or, when it listens for SIGINT itself, its handler decides.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  drive,
  type Driven,
  siblingProgram,
  skipWithoutPty,
} from "../app/_spawn.ts";

// deno-lint-ignore no-explicit-any
const D = (globalThis as any).Deno;
const CHILD = siblingProgram("_task_wait_interrupt_child", import.meta.url);
const REPORT = siblingProgram("../app/_report_exit", import.meta.url);
// deno-lint-ignore no-control-regex
const PROGRESS = /\x1b\[2KTask \S+ ACTIVE[^\r\n]*/;
const EXITED = /EXITED code=(\S+) signal=(\S+)/;

async function interrupted(args: string[]): Promise<Driven> {
  const p = drive(REPORT, [CHILD, ...args], {}, "pty");
  try {
    await p.expect(PROGRESS);
    // The terminal turns Ctrl-C into SIGINT for the program (and for the
    // reporter, which waits on).
    await p.write("\x03");
    await p.expect(EXITED);
    assert.equal(await p.exit(), 0, p.output);
  } finally {
    p.kill();
  }
  return p;
}

test("Ctrl-C during taskWait in a terminal ends the progress line, then the program ends by SIGINT as usual (no error printed)", async (t) => {
  if (await skipWithoutPty(t)) return;
  const p = await interrupted([]);
  const [, code, signal] = p.output.match(EXITED)!;
  assert.deepEqual([code, signal], ["null", "SIGINT"], p.output);
  // The progress line, the terminal's echo of Ctrl-C, and the line's end:
  // what comes next (here the report, in a shell its prompt) starts a line
  // of its own. Before, it read "… 0 B at 0 B/s^CEXITED".
  // Then one line says the task itself was not stopped, naming it.
  const id = p.output.match(/Task (\S+) ACTIVE/)![1]!;
  assert.match(
    p.output,
    new RegExp(
      `\\x1b\\[2KTask \\S+ ACTIVE[^\\r\\n]*, [\\d.]+ [kMGTP]?B(?: at \\S+ \\S+/s)?(\\^C)?\\r?\\n` +
        `Interrupted: stopped waiting for task "${id}"\\. The task keeps running on Globus; wait again with tc\\.taskWait\\("${id}"\\), or cancel it with tc\\.cancelTask\\("${id}"\\)\\.\\r?\\nEXITED`,
    ),
  );
  assert.doesNotMatch(p.output, /Error|AbortError|\n\s+at /);
});

test("a program that listens for SIGINT itself still decides: its handler runs once, the progress line is ended, and the program goes on", async (t) => {
  if (await skipWithoutPty(t)) return;
  const p = await interrupted(["own-handler"]);
  const [, code, signal] = p.output.match(EXITED)!;
  assert.deepEqual([code, signal], ["0", "null"], p.output);
  assert.equal(p.output.match(/OWN HANDLER/g)?.length, 1, p.output);
  // The program goes on: no note that the wait was stopped by Ctrl-C.
  assert.doesNotMatch(p.output, /Interrupted:/);
  assert.match(p.output, /STOPPED\r?\nEXITED/);
  if (!D) {
    // On Node the SDK hears the interrupt first: the handler's text starts
    // a line of its own. (Deno calls SIGINT listeners in the order they
    // were added, so there the program's handler, added before the wait,
    // prints first.)
    assert.match(p.output, /(?:B|\/s)(\^C)?\r?\nOWN HANDLER/);
  }
});
