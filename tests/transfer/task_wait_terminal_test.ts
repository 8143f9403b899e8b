/**
 * taskWait's progress line in a real terminal (util-linux `script`), with
 * an `onPoll` that prints, as the README shows.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { drive, siblingProgram, skipWithoutPty } from "../app/_spawn.ts";
import { VirtualScreen } from "../_helpers/virtual_screen.ts";

const CHILD = siblingProgram("_task_wait_child", import.meta.url);

test("in a terminal, what onPoll prints starts a line of its own, not after the progress text, and the progress line is drawn below it", async (t) => {
  if (await skipWithoutPty(t)) return;
  const p = drive(CHILD, [], {}, "pty");
  try {
    await p.expect(/WAITED/);
    assert.equal(await p.exit(), 0, p.output);
  } finally {
    p.kill();
  }
  // The terminal shows the text after the last erase of each line.
  const screen = p.output.split(/\r?\n/).map((line) =>
    line.split("\x1b[2K").at(-1)!.replace(/^\r/, "")
  );
  assert.match(
    p.output,
    // deno-lint-ignore no-control-regex
    /\x1b\[2KTask \S+ ACTIVE/,
    "no progress line was drawn",
  );
  const printed = screen.filter((l) => !l.startsWith("Task "))
    .filter((l) => /ACTIVE|FAILED/.test(l));
  // Each on a line of its own (before: "… 0 B at 0 B/sACTIVE").
  assert.deepEqual(
    printed,
    ["ACTIVE", "ACTIVE", "ACTIVE", "FAILED"],
    `onPoll's lines:\n${p.output}`,
  );
  // The progress line stays last, below what onPoll printed.
  assert.match(
    screen.filter((l) => l !== "" && l !== "WAITED").at(-1)!,
    /^Task \S+ FAILED: canceled/,
  );
});

const MANY = siblingProgram("_task_wait_many_child", import.meta.url);

test("in a terminal, three waits at once each keep a row, and each final line stays on the screen, in the order the tasks ended", async (t) => {
  if (await skipWithoutPty(t)) return;
  const p = drive(MANY, [], {}, "pty");
  try {
    await p.expect(/WAITED/);
    assert.equal(await p.exit(), 0, p.output);
  } finally {
    p.kill();
  }
  const screen = new VirtualScreen();
  screen.write(p.output);
  const order = p.output.match(/ORDER (\S+) (\S+) (\S+)/)!.slice(1);
  // On the screen: the final lines only (no row left over), one per task,
  // in the order the tasks ended.
  const tasks = screen.rows.filter((r) => r.includes("Task "));
  assert.equal(tasks.length, 3, screen.rows.join("\n"));
  for (const [i, id] of order.entries()) {
    assert.ok(
      tasks[i]!.startsWith(`Task ${id} FAILED: canceled (CANCELED)`),
      screen.rows.join("\n"),
    );
  }
  // The three rows were drawn as one block (the cursor went up).
  // deno-lint-ignore no-control-regex
  assert.match(p.output, /\x1b\[2A\x1b\[J/, "no block of three rows");
  // What onPoll printed: each line of its own.
  const printed = screen.rows.filter((r) => r.startsWith("POLL"));
  assert.ok(printed.length >= 3, screen.rows.join("\n"));
  for (const line of printed) assert.match(line, /^POLL (ACTIVE|FAILED)$/);
});

const ABORTED = siblingProgram("_task_wait_abort_child", import.meta.url);

test("in a terminal, a wait stopped by its signal and not caught says that it stopped once, in the error (the line under the progress said it too)", async (t) => {
  if (await skipWithoutPty(t)) return;
  const p = drive(ABORTED, [], {}, "pty");
  try {
    assert.notEqual(await p.exit(), 0, p.output);
  } finally {
    p.kill();
  }
  assert.match(
    p.output,
    // deno-lint-ignore no-control-regex
    /\x1b\[2KTask \S+ ACTIVE/,
    "no progress line was drawn",
  );
  const said = p.output.split("stopped waiting for task").length - 1;
  assert.equal(said, 1, p.output);
  // Deno prints "TimeoutError: …", Node "DOMException [TimeoutError]: …".
  assert.match(
    p.output,
    /TimeoutError\]?: Timed out \(the signal's timeout\)/,
    p.output,
  );
});
