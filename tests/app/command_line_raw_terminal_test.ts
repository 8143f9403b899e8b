/**
 * The command-line login on a terminal that something else holds in raw
 * mode (Node's REPL, the program's own open `readline`): Ctrl-C at the
 * code question stops the login, not the program (the REPL carries on, as
 * Python's does after `KeyboardInterrupt` at `input()`).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeno } from "../../src/core/runtime.ts";
import { startEmulator } from "../../src/testing/emulator.ts";
import { drive, havePty, siblingProgram } from "./_spawn.ts";

const CHILD = siblingProgram("_raw_terminal_login_child", import.meta.url);

test(
  "on a terminal in raw mode (the REPL, an open readline), Ctrl-C at the code question rejects app.login() as interrupted, stores nothing, and the program and its readline go on",
  {
    skip: isDeno
      ? "Node-only: Node's readline puts the terminal in raw mode"
      : false,
  },
  async (t) => {
    if (!(await havePty())) {
      t.skip(
        "util-linux `script` is not installed (it gives the program a terminal)",
      );
      return;
    }
    const emu = await startEmulator();
    const home = await mkdtemp(join(tmpdir(), "raw-terminal-login-"));
    const p = drive(CHILD, [], { ...emu.env, HOME: home }, "pty");
    try {
      await p.expect(/Enter the resulting Authorization Code here: /);
      await p.write("\x03");
      const m = await p.expect(/LOGIN (OK|FAILED [^\r\n]*)/);
      assert.match(
        m[1]!,
        /^FAILED AbortError: Interrupted: the login stopped, and no tokens were stored/,
        p.output,
      );
      await p.expect(/loginRequired=true; raw again: true/);
      // The terminal's ^C, then the question's line is ended.
      assert.match(p.output, /Code here: (\^C)?\r?\nLOGIN FAILED/);
      await p.write("still here\r");
      await p.expect(/readline took: "still here"/);
      assert.equal(await p.exit(), 0, p.output);
      assert.doesNotMatch(p.output, /\n\s+at /);
      const files = await readdir(join(home, ".globus"), { recursive: true })
        .catch(() => []);
      assert.deepEqual(
        files.filter((f) => String(f).endsWith(".json")),
        [],
        "tokens were stored",
      );
    } finally {
      p.kill();
      await emu.close();
      await rm(home, { recursive: true, force: true });
    }
  },
);
