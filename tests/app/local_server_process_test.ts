/**
 * The local-server login driven from outside: the program runs in its own
 * process under the runtime under test and opens the browser with the
 * platform's real opener (`xdg-open`, taken from `PATH`), as on a user's
 * machine; here the opener finds no browser, as on a server or in a
 * container without a display.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import process from "node:process";
import { startEmulator } from "../../src/testing/emulator.ts";
import { isDeno } from "../../src/core/runtime.ts";
import { drive, siblingProgram, skipWithoutPty } from "./_spawn.ts";

const CHILD = siblingProgram("_local_server_child", import.meta.url);
const LINK =
  /\r?\n(http:\/\/127\.0\.0\.1:\d+\/auth\/v2\/oauth2\/authorize\?\S+)\r?\n/;

/**
 * A folder with an `xdg-open` that finds no browser (exit status 3), as on
 * a machine without a display or a console browser.
 */
async function failingOpener(): Promise<string> {
  const bin = await mkdtemp(join(tmpdir(), "fake-xdg-open-"));
  await writeFile(
    join(bin, "xdg-open"),
    "#!/bin/sh\necho \"xdg-open: no method available for opening '$1'\" >&2\nexit 3\n",
  );
  await chmod(join(bin, "xdg-open"), 0o755);
  return bin;
}

/** Approves the login and sends the browser's redirect to the program. */
async function redirect(
  emu: Awaited<ReturnType<typeof startEmulator>>,
  url: string,
): Promise<void> {
  const u = new URL(url);
  const code = await emu.approve(url);
  const res = await fetch(
    `${u.searchParams.get("redirect_uri")}?code=${code}&state=${
      encodeURIComponent(u.searchParams.get("state") ?? "")
    }`,
  );
  assert.equal(res.status, 200);
  await res.body?.cancel();
}

test(
  "local-server login: an opener that finds no browser (xdg-open exits 3) is reported, with the link to open by hand; the login still finishes through the redirect",
  {
    skip: process.platform === "darwin" || process.platform === "win32"
      ? "the opener is xdg-open on Linux and BSD only"
      : false,
  },
  async () => {
    const bin = await failingOpener();
    const emu = await startEmulator();
    let p: ReturnType<typeof drive> | undefined;
    try {
      p = drive(CHILD, [], {
        ...emu.env,
        PATH: `${bin}${delimiter}${process.env.PATH ?? ""}`,
        // The flow refuses to run over SSH (the test may run in one).
        SSH_TTY: "",
        SSH_CONNECTION: "",
      }, "pipe");
      const [, url] = await p.expect(LINK);
      await p.expect(
        /The browser could not be opened \(xdg-open exited with status 3\): open the link above in a browser on this machine/,
      );
      assert.doesNotMatch(p.output, /A browser window was opened/);
      // Opening the link by hand: the redirect reaches the program.
      await redirect(emu, url!);
      await p.expect(/LOGGED IN; 3 files/);
      assert.equal(await p.exit(), 0, p.output);
      for (const t of emu.issuedTokens()) {
        assert.ok(!p.output.includes(t), "a token was printed");
      }
    } finally {
      p?.kill();
      await emu.close();
      await rm(bin, { recursive: true, force: true });
    }
  },
);

test(
  "local-server login without Deno's permission to listen on 127.0.0.1 fails with an error naming the flag (Deno's own error ended the program, uncaught), before any link is shown",
  {
    skip: isDeno ? false : "Deno's permissions",
  },
  async () => {
    const emu = await startEmulator();
    let p: ReturnType<typeof drive> | undefined;
    try {
      const emuHost = new URL(emu.url).host;
      p = drive(
        CHILD,
        [],
        { ...emu.env, SSH_TTY: "", SSH_CONNECTION: "" },
        "pipe",
        [
          "--no-prompt",
          `--allow-net=${emuHost}`,
          "--allow-env",
          "--allow-read",
        ],
      );
      await p.expect(
        /FAILED LoginRequiredError: The local-server login listens on 127\.0\.0\.1 for the browser's redirect, and Deno has no network permission for it: run with --allow-net=127\.0\.0\.1 \(or --allow-net\)/,
      );
      assert.equal(await p.exit(), 2, p.output);
      assert.doesNotMatch(p.output, /authorize\?|Uncaught/);
    } finally {
      p?.kill();
      await emu.close();
    }
  },
);

test(
  "local-server login in a terminal with standard error redirected (2> err.log): the link and the opener's failure are shown on the terminal",
  {
    skip: process.platform === "darwin" || process.platform === "win32"
      ? "the opener is xdg-open on Linux and BSD only"
      : false,
  },
  async (t) => {
    if (await skipWithoutPty(t)) return;
    const bin = await failingOpener();
    const emu = await startEmulator();
    let p: ReturnType<typeof drive> | undefined;
    try {
      const err = join(bin, "err.log");
      p = drive(
        CHILD,
        [],
        {
          ...emu.env,
          PATH: `${bin}${delimiter}${process.env.PATH ?? ""}`,
          SSH_TTY: "",
          SSH_CONNECTION: "",
        },
        "pty",
        undefined,
        { stderrFile: err },
      );
      const [, url] = await p.expect(LINK);
      await p.expect(/The browser could not be opened/);
      await redirect(emu, url!);
      await p.expect(/LOGGED IN; 3 files/);
      assert.equal(await p.exit(), 0, p.output);
      assert.doesNotMatch(await readFile(err, "utf8"), /authorize\?|browser/);
    } finally {
      p?.kill();
      await emu.close();
      await rm(bin, { recursive: true, force: true });
    }
  },
);
