/**
 * A line read while the program's own `readline` interface (or Node's
 * REPL) holds the terminal in raw mode: Enter sends `\r` there, which never
 * ended the SDK's line, so a login's code could not be entered; and the
 * interface took the code as its own line.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { isDeno } from "../../src/core/runtime.ts";
import {
  drive,
  type Driven,
  siblingProgram,
  skipWithoutPty,
} from "../app/_spawn.ts";

const CHILD = siblingProgram("_raw_terminal_line_child", import.meta.url);

/**
 * A test of the child on a terminal (Node only), its readline holding the
 * terminal in raw mode at the SDK's code question: the code is typed with
 * Enter as a terminal sends it there (`\r`), `check` looks at what followed,
 * then the next line must go to the program's readline, and the program
 * exit with status 0.
 *
 * @param name The test's name.
 * @param args The child's arguments.
 * @param check Runs once the code was typed.
 */
function rawModeTest(
  name: string,
  args: string[],
  check: (p: Driven) => Promise<void>,
): void {
  test(
    name,
    {
      skip: isDeno
        ? "Node-only: Node's readline puts the terminal in raw mode"
        : false,
    },
    async (t) => {
      if (await skipWithoutPty(t)) return;
      const p = drive(CHILD, args, {}, "pty");
      try {
        await p.expect(/raw: true\r?\nCode: /);
        // What a terminal sends for Enter in raw mode.
        await p.write("the-code\r");
        await check(p);
        await p.write("next line\r");
        await p.expect(/readline took: "next line"/);
        assert.equal(await p.exit(), 0, p.output);
      } finally {
        p.kill();
      }
    },
  );
}

rawModeTest(
  "on a terminal in raw mode (an open readline interface, the REPL), Enter ends the SDK's line, the typing is echoed, and the program's readline gets the terminal back",
  [],
  async (p) => {
    const m = await p.expect(
      /sdk read: (\S*); raw again: (\w+)|readline took: (\S*)/,
    );
    assert.equal(
      m[3],
      undefined,
      `the program's readline took the code:\n${p.output}`,
    );
    assert.equal(m[1], '"the-code"', p.output);
    assert.equal(m[2], "true", p.output);
    // The terminal echoed the typing (cooked mode) where it was typed.
    assert.match(p.output, /Code: the-code\r?\n/);
  },
);

rawModeTest(
  "on a terminal in raw mode, a readline interface the program paused stays paused after the SDK's line",
  ["paused"],
  async (p) => {
    await p.expect(/sdk read: "the-code"; raw again: true/);
    const m = await p.expect(/flowing: (\w+)/);
    assert.equal(m[1], "false", p.output);
  },
);
