/**
 * The command-line login driven from outside, like a person (or a script)
 * would: the program runs in its own process under the runtime under test
 * (Deno here; Node after the npm build), prints the login link on standard
 * error, and gets the code through its standard input — a pipe, a
 * terminal (util-linux `script`), or nothing at all.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NativeAppAuthClient } from "../../src/auth/native_client.ts";
import { type Emulator, startEmulator } from "../../src/testing/emulator.ts";
import {
  drive,
  type Driven,
  siblingProgram,
  skipWithoutPty,
} from "./_spawn.ts";

/** The files (not folders) under `dir`, recursively; none for no `dir`. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
    .catch(() => []);
  return entries.filter((e) => !e.isDirectory()).map((e) => e.name);
}

const CHILD = siblingProgram("_cli_login_child", import.meta.url);
const REPORT = siblingProgram("_report_exit", import.meta.url);
const EXITED = /EXITED code=(\S+) signal=(\S+)/;
const LINK =
  /Please authenticate with Globus here:\r?\n-+\r?\n(https?:\/\/\S+\/v2\/oauth2\/authorize\?\S+)\r?\n/;
const PROMPT = /Enter the resulting Authorization Code here:/;
const EMPTY_HINT = /No code was entered\./;
const LOGGED_IN = /LOGGED IN as \S+; 3 files/;

function start(
  emu: Emulator,
  stdin: "pipe" | "null" | "pty",
  storage: "memory" | "json" | "sqlite" = "memory",
  env: Record<string, string> = {},
  args: string[] = [],
): Driven {
  return drive(CHILD, [storage, ...args], { ...emu.env, ...env }, stdin);
}

async function finish(p: Driven, emu: Emulator): Promise<number> {
  const code = await p.exit();
  for (const t of emu.issuedTokens()) {
    assert.ok(!p.output.includes(t), "a token was printed");
  }
  return code;
}

async function withEmulator(
  fn: (emu: Emulator, cleanup: (p: Driven) => void) => Promise<void>,
): Promise<void> {
  const emu = await startEmulator();
  const running: Driven[] = [];
  try {
    await fn(emu, (p) => running.push(p));
  } finally {
    for (const p of running) p.kill();
    await emu.close();
  }
}

test("a code sent through a pipe logs in; a wrong code and the right one can follow each other in one write", async () => {
  await withEmulator(async (emu, track) => {
    const p = start(emu, "pipe");
    track(p);
    const [, url] = await p.expect(LINK);
    await p.expect(PROMPT);
    const code = await emu.approve(url!);
    // Both lines arrive together: the second must not be lost.
    await p.write(`not-the-code\n${code}\n`);
    await p.expect(/did not accept that code \(invalid_grant\)/);
    await p.expect(PROMPT);
    await p.expect(LOGGED_IN);
    // Standard input stays open: the program still exits when it is done.
    assert.equal(await finish(p, emu), 0, p.output);
  });
});

test("after a login from a pipe the program reads the rest of its standard input itself: the lines after the code, and later ones until the end", async () => {
  await withEmulator(async (emu, track) => {
    const p = start(emu, "pipe", "memory", {}, ["read-rest"]);
    track(p);
    const [, url] = await p.expect(LINK);
    await p.expect(PROMPT);
    const code = await emu.approve(url!);
    // The code and the program's own input in one write: the login took
    // every line (Node: its listener kept them; Deno: a 16 KiB read), and
    // on Node an unref'd stdin let the program end before the input did.
    await p.write(`${code}\nfirst line\n`);
    await p.expect(LOGGED_IN);
    await p.write("later line\n");
    await p.closeStdin();
    await p.expect(/REST "first line\\nlater line\\n"/);
    assert.equal(await finish(p, emu), 0, p.output);
  });
});

test("with stdin at /dev/null a first login fails at once, saying why, with no link nobody could use", async () => {
  await withEmulator(async (emu, track) => {
    const p = start(emu, "null");
    track(p);
    assert.equal(await finish(p, emu), 2, p.output);
    assert.match(
      p.output,
      /FAILED LoginRequiredError: Cannot log in here: no authorization code can be read, as standard input is not a terminal and has nothing to read \(\/dev\/null/,
    );
    assert.doesNotMatch(
      p.output,
      /Please authenticate with Globus|Enter the resulting/,
    );
    // With a token file (the default storage), the error names it: a run
    // under cron may have another HOME, and find no tokens there.
    const home = await mkdtemp(join(tmpdir(), "cli-login-null-"));
    try {
      const q = start(emu, "null", "json", { HOME: home });
      track(q);
      assert.equal(await finish(q, emu), 2, q.output);
      assert.ok(
        q.output.includes(
          `FAILED LoginRequiredError: A login is needed: the token file ${
            join(home, ".globus", "app")
          }`,
        ),
        q.output,
      );
      assert.match(q.output, /Cannot log in here: no authorization code/);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});

test("on a pipe each answer ends the question's line, so what follows starts a line of its own (a log of both streams stays readable)", async () => {
  await withEmulator(async (emu, track) => {
    const p = start(emu, "pipe");
    track(p);
    const [, url] = await p.expect(LINK);
    await p.expect(PROMPT);
    await p.write("not-the-code\n");
    await p.expect(/did not accept that code/);
    await p.expect(PROMPT);
    await p.write(`${await emu.approve(url!)}\n`);
    await p.expect(LOGGED_IN);
    assert.equal(await finish(p, emu), 0, p.output);
    // The answer is not echoed on a pipe: the line is ended after it.
    assert.match(
      p.output,
      /Code here: \nGlobus Auth did not accept that code/,
    );
    assert.doesNotMatch(p.output, /Code here: [^\n]/);
  });
});

test("in a terminal with standard output redirected to a file, the question is on the terminal and the file gets only the program's output (no code, no escape codes)", async (t) => {
  if (await skipWithoutPty(t)) return;
  const dir = await mkdtemp(join(tmpdir(), "cli-login-stdout-"));
  try {
    await withEmulator(async (emu, track) => {
      const out = join(dir, "out.txt");
      const p = drive(CHILD, ["memory"], emu.env, "pty", undefined, {
        stdoutFile: out,
      });
      track(p);
      const [, url] = await p.expect(LINK);
      // On the terminal, where the person is: not in out.txt.
      await p.expect(PROMPT);
      await p.write("not-the-code\r");
      await p.expect(/did not accept that code/);
      await p.expect(PROMPT);
      const code = await emu.approve(url!);
      await p.write(`${code}\r`);
      assert.equal(await finish(p, emu), 0, p.output);
      const written = await readFile(out, "utf8");
      assert.match(written, /^LOGGED IN as \S+; 3 files\n$/);
      assert.ok(!written.includes(code), "the code was written to stdout");
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("in a terminal with standard error redirected to a file, the link and the messages are shown on the terminal (standard output), not hidden in the file", async (t) => {
  if (await skipWithoutPty(t)) return;
  const dir = await mkdtemp(join(tmpdir(), "cli-login-stderr-"));
  try {
    await withEmulator(async (emu, track) => {
      const err = join(dir, "err.log");
      const p = drive(CHILD, ["memory"], emu.env, "pty", undefined, {
        stderrFile: err,
      });
      track(p);
      const [, url] = await p.expect(LINK);
      await p.expect(PROMPT);
      await p.write("not-the-code\r");
      await p.expect(/did not accept that code/);
      await p.expect(PROMPT);
      await p.write(`${await emu.approve(url!)}\r`);
      await p.expect(LOGGED_IN);
      assert.equal(await finish(p, emu), 0, p.output);
      assert.doesNotMatch(
        await readFile(err, "utf8"),
        /authenticate|authorize\?|did not accept|Code here/,
      );
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("in a terminal with both output streams in files (> out.txt 2> err.log), the link and the question are shown on the terminal itself, not hidden in the log", async (t) => {
  if (await skipWithoutPty(t)) return;
  const dir = await mkdtemp(join(tmpdir(), "cli-login-log-"));
  try {
    await withEmulator(async (emu, track) => {
      const out = join(dir, "out.txt");
      const err = join(dir, "err.log");
      const p = drive(CHILD, ["memory"], emu.env, "pty", undefined, {
        stdoutFile: out,
        stderrFile: err,
      });
      track(p);
      // The program waited with nothing on the screen (the link and the
      // question were in err.log): they go to /dev/tty, as ssh asks.
      const [, url] = await p.expect(LINK);
      await p.expect(PROMPT);
      await p.write(`${await emu.approve(url!)}\r`);
      assert.equal(await finish(p, emu), 0, p.output);
      // The typed answer ended the question's line on the terminal: no
      // blank line after it.
      assert.match(p.output, /Code here: \S+\r?\n(?!\r?\n)/);
      const log = await readFile(err, "utf8");
      assert.doesNotMatch(log, /Please authenticate|Code here/);
      assert.match(await readFile(out, "utf8"), LOGGED_IN);
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("an empty line (also with \\r\\n) asks again instead of giving up", async () => {
  await withEmulator(async (emu, track) => {
    const p = start(emu, "pipe");
    track(p);
    const [, url] = await p.expect(LINK);
    await p.expect(PROMPT);
    await p.write("\r\n");
    await p.expect(EMPTY_HINT);
    await p.expect(PROMPT);
    await p.write(`${await emu.approve(url!)}\r\n`);
    await p.expect(LOGGED_IN);
    assert.equal(await finish(p, emu), 0, p.output);
  });
});

test("standard input that ends without a code gives the LoginRequiredError", async () => {
  await withEmulator(async (emu, track) => {
    const p = start(emu, "pipe");
    track(p);
    await p.expect(PROMPT);
    await p.closeStdin();
    await p.expect(
      /FAILED LoginRequiredError: No authorization code could be read: standard input ended/,
    );
    assert.equal(await finish(p, emu), 2, p.output);
    assert.doesNotMatch(p.stdout, /LOGGED IN/);
  });
});

test("a wrong code as the last line of the input (echo stale-code | program) fails the login, saying so, instead of leaving it waiting on nothing", async () => {
  await withEmulator(async (emu, track) => {
    const p = start(emu, "pipe");
    track(p);
    // The line and the end of input wait together in the pipe, as from
    // `echo … |`, before the program reads.
    await p.write("not-the-code\n");
    await p.closeStdin();
    await p.expect(PROMPT);
    await p.expect(/did not accept that code \(invalid_grant\)/);
    await p.expect(/FAILED LoginRequiredError: /);
    assert.equal(await finish(p, emu), 2, p.output);
    assert.doesNotMatch(p.stdout, /LOGGED IN/);
  });
});

test("in a terminal, Enter on an empty line asks again and the typed code logs in", async (t) => {
  if (await skipWithoutPty(t)) return;
  await withEmulator(async (emu, track) => {
    const p = start(emu, "pty");
    track(p);
    const [, url] = await p.expect(LINK);
    await p.expect(PROMPT);
    await p.write("\r");
    await p.expect(EMPTY_HINT);
    await p.expect(PROMPT);
    await p.write(`${await emu.approve(url!)}\r`);
    await p.expect(LOGGED_IN);
    assert.equal(await finish(p, emu), 0, p.output);
  });
});

test("in a terminal, Ctrl-C at the code prompt ends the question's line and the program, as interrupted (by SIGINT: no error, no stack), and stores nothing", async (t) => {
  if (await skipWithoutPty(t)) return;
  await withEmulator(async (emu, track) => {
    const home = await mkdtemp(join(tmpdir(), "cli-login-interrupt-"));
    try {
      // The reporter tells a death by SIGINT from an exit code of 130.
      const p = drive(
        REPORT,
        [CHILD, "json"],
        { ...emu.env, HOME: home },
        "pty",
      );
      track(p);
      await p.expect(LINK);
      await p.expect(PROMPT);
      await p.write("\x03");
      const [, code, signal] = await p.expect(EXITED);
      assert.deepEqual([code, signal], ["null", "SIGINT"], p.output);
      assert.equal(await finish(p, emu), 0, p.output);
      // The terminal's ^C, then the line's end: a shell's prompt starts a
      // line of its own. Before, Node printed a line of the bundle, the
      // LoginRequiredError and its stack, and exited with 1; Deno's
      // prompt() took Ctrl-C for the end of input.
      assert.match(p.output, /Code here: (\^C)?\r?\nEXITED/);
      assert.doesNotMatch(p.output, /FAILED|Error|\n\s+at |\^\r?\n/);
      // The token folder may be made (as the Python SDK's storage makes
      // it), but no file is left in it.
      assert.deepEqual(await filesUnder(join(home, ".globus")), []);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});

test("kill -INT at the code prompt with a pipe for input and output ends the question's line first (a log ran the next line on after it)", async () => {
  await withEmulator(async (emu, track) => {
    const p = start(emu, "pipe");
    track(p);
    await p.expect(LINK);
    await p.expect(PROMPT);
    p.interrupt();
    // Ended by the signal (no exit code of its own: Deno reports 130,
    // Node none).
    assert.ok([130, -1].includes(await p.exit()), p.output);
    assert.match(p.output, /Code here: \n$/);
  });
});

test("in a terminal, Ctrl-D at the code prompt (the end of input) says the login was cancelled and stores nothing", async (t) => {
  if (await skipWithoutPty(t)) return;
  await withEmulator(async (emu, track) => {
    const home = await mkdtemp(join(tmpdir(), "cli-login-cancel-"));
    try {
      const p = start(emu, "pty", "json", { HOME: home });
      track(p);
      await p.expect(LINK);
      await p.expect(PROMPT);
      await p.write("\x04");
      await p.expect(
        /FAILED LoginRequiredError: Login cancelled: the input was ended \(Ctrl-D\) at the code prompt/,
      );
      assert.equal(await finish(p, emu), 2, p.output);
      // Ctrl-D echoes nothing: the question's line is ended for it.
      assert.match(p.output, /Code here: \r?\nFAILED/);
      assert.doesNotMatch(p.output, /standard input ended/);
      assert.match(p.output, /loginRequired=true/);
      // The token folder may be made (as the Python SDK's storage makes
      // it), but no file is left in it.
      assert.deepEqual(await filesUnder(join(home, ".globus")), []);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});

async function tokenFile(
  home: string,
  suffix = "tokens.json",
): Promise<string> {
  const found: string[] = [];
  const walk = async (dir: string) => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.name.endsWith(suffix)) found.push(p);
    }
  };
  await walk(join(home, ".globus"));
  assert.equal(found.length, 1, `token files: ${found.join(", ")}`);
  return found[0]!;
}

async function revokeTransferRefreshToken(
  emu: Emulator,
  file: string,
): Promise<void> {
  const data = JSON.parse(await readFile(file, "utf8")).data.DEFAULT;
  const rt = data["transfer.api.globus.org"].refresh_token;
  assert.equal(typeof rt, "string");
  await new NativeAppAuthClient(emu.nativeClientId, { baseUrl: emu.authUrl })
    .oauth2RevokeToken(rt);
}

test("a revoked refresh token: with a pipe the program logs in again; with no input it says what to run and names the token file", async () => {
  const home = await mkdtemp(join(tmpdir(), "globus-home-"));
  try {
    await withEmulator(async (emu, track) => {
      const env = { HOME: home };
      // First run: log in through the pipe; the tokens go to the token file.
      const first = start(emu, "pipe", "json", env);
      track(first);
      const [, url1] = await first.expect(LINK);
      await first.write(`${await emu.approve(url1!)}\n`);
      await first.expect(LOGGED_IN);
      assert.equal(await finish(first, emu), 0, first.output);
      const file = await tokenFile(home);

      // The refresh token is revoked (e.g. from the Globus web app).
      await revokeTransferRefreshToken(emu, file);
      const second = start(emu, "pipe", "json", env);
      track(second);
      await second.expect(
        /rejected the saved refresh token for 'transfer\.api\.globus\.org'/,
      );
      const [, url2] = await second.expect(LINK);
      await second.write(`${await emu.approve(url2!)}\n`);
      await second.expect(LOGGED_IN);
      assert.equal(await finish(second, emu), 0, second.output);

      // Revoked again, and this time nobody can answer (stdin is /dev/null).
      await revokeTransferRefreshToken(emu, file);
      const third = start(emu, "null", "json", env);
      track(third);
      assert.equal(await finish(third, emu), 2, third.output);
      assert.match(
        third.output,
        /FAILED LoginRequiredError: Globus Auth rejected the saved refresh token for 'transfer\.api\.globus\.org' \(400 invalid_grant/,
      );
      assert.ok(third.output.includes("app.login({ force: true })"));
      assert.ok(third.output.includes(file), third.output);
      assert.doesNotMatch(third.output, /Please authenticate with Globus/);
      assert.match(third.output, /loginRequired=true/);
      const left = JSON.parse(await readFile(file, "utf8")).data.DEFAULT;
      assert.equal(left["transfer.api.globus.org"], undefined);
    });
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});

const sqliteSpecifier: string = "node:sqlite";
const noSqlite = await import(sqliteSpecifier).then(
  () => false,
  () => "this runtime has no node:sqlite (Node 20)",
);

test(
  'tokenStorage: "sqlite": the first run logs in through a pipe, the next one reads the database and needs no login',
  {
    skip: noSqlite,
  },
  async () => {
    const home = await mkdtemp(join(tmpdir(), "globus-home-"));
    try {
      await withEmulator(async (emu, track) => {
        const env = { HOME: home };
        const first = start(emu, "pipe", "sqlite", env);
        track(first);
        const [, url] = await first.expect(LINK);
        await first.write(`${await emu.approve(url!)}\n`);
        await first.expect(LOGGED_IN);
        assert.equal(await finish(first, emu), 0, first.output);
        const db = await tokenFile(home, "tokens.db");
        assert.match(db, /cli-login-child[\\/](\w+-)?tokens\.db$/);
        // No JSON token file beside it.
        await assert.rejects(tokenFile(home), /token files: \n/);

        const second = start(emu, "null", "sqlite", env);
        track(second);
        assert.equal(await finish(second, emu), 0, second.output);
        assert.match(second.stdout, LOGGED_IN);
        assert.doesNotMatch(second.output, /Please authenticate/);
      });
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  },
);
