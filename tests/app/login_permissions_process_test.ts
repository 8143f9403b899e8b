/**
 * A login under narrow Deno permissions, run as a user does: the program
 * (`_cli_login_child.ts`, a `UserApp` with a token file under `$HOME`) in
 * its own `deno run` without `-A`. A permission the login's tokens need
 * (writing the token file's folder, reaching Globus Auth) is checked before
 * the login link is shown — in a terminal Deno asks for it then — so a
 * user never logs in only to lose the tokens. Deno-only: these check
 * Deno's permission model.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeno } from "../../src/core/runtime.ts";
import { type Emulator, startEmulator } from "../../src/testing/emulator.ts";
import { denoDir } from "../e2e/_shared.ts";
import {
  drive,
  type Driven,
  siblingProgram,
  skipWithoutPty,
} from "./_spawn.ts";

const skip = !isDeno ? "Deno-only: checks Deno's permission model" : false;
const CHILD = siblingProgram("_cli_login_child", import.meta.url);
const LINK = /Please authenticate with Globus here/;

async function withHome(
  fn: (emu: Emulator, home: string, track: (p: Driven) => Driven) => Promise<
    void
  >,
): Promise<void> {
  const emu = await startEmulator();
  const home = await mkdtemp(join(tmpdir(), "login-perms-"));
  const running: Driven[] = [];
  try {
    await fn(emu, home, (p) => {
      running.push(p);
      return p;
    });
  } finally {
    for (const p of running) p.kill();
    await emu.close();
    await rm(home, { recursive: true, force: true });
  }
}

async function start(
  emu: Emulator,
  home: string,
  stdin: "pipe" | "pty",
  flags: string[],
): Promise<Driven> {
  // The real Deno cache: a child with another HOME would download again.
  const cache = await denoDir();
  const env = { ...emu.env, HOME: home, ...(cache ? { DENO_DIR: cache } : {}) };
  return drive(CHILD, ["json"], env, stdin, flags);
}

/**
 * Answers Deno's permission prompt with `answer`. Deno drops what was typed
 * before it reads, which may be just after its question appears, so the
 * answer is typed again (each second) until Deno says what it did.
 */
async function answerDeno(p: Driven, answer: "y" | "n"): Promise<void> {
  let done = false;
  const said = p.expect(/(?:Granted|Denied) \w+ access/).finally(() => {
    done = true;
  });
  while (!done) {
    await p.write(`${answer}\r`);
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      said.catch(() => undefined),
      new Promise((resolve) => timer = setTimeout(resolve, 1000)),
    ]);
    clearTimeout(timer);
  }
  await said;
}

test(
  "without --allow-write for the token folder, the login stops before its link and names both flags",
  {
    skip,
  },
  async () => {
    await withHome(async (emu, home, track) => {
      const globus = join(home, ".globus");
      const p = track(
        await start(emu, home, "pipe", [
          "--no-prompt",
          "--allow-env",
          `--allow-net=${new URL(emu.url).host}`,
          `--allow-read=${globus}`,
        ]),
      );
      await p.expect(
        /FAILED TokenStorageError: Cannot save tokens in \S+tokens\.json: Deno has no write permission for \S+\. Run with --allow-read=(\S+) --allow-write=(\S+), or use another token storage/,
      );
      assert.equal(await p.exit(), 2, p.output);
      assert.match(p.output, new RegExp(`--allow-write=${globus}[, ]`));
      assert.doesNotMatch(p.output, LINK, "no login was started");
    });
  },
);

test(
  "without --allow-net for Globus Auth, the login stops before its link and names the flag",
  {
    skip,
  },
  async () => {
    await withHome(async (emu, home, track) => {
      const globus = join(home, ".globus");
      const host = new URL(emu.authUrl).host;
      const p = track(
        await start(emu, home, "pipe", [
          "--no-prompt",
          "--allow-env",
          `--allow-read=${globus}`,
          `--allow-write=${globus}`,
        ]),
      );
      await p.expect(
        new RegExp(
          `FAILED NetworkError: POST \\S+/v2/oauth2/token failed: no network permission for ${host}, .*run with --allow-net=${host}`,
        ),
      );
      assert.equal(await p.exit(), 2, p.output);
      assert.doesNotMatch(p.output, LINK, "no login was started");
    });
  },
);

test(
  "the command-line flow used on its own (the README's login without an app) also stops before its link without --allow-net",
  {
    skip,
  },
  async () => {
    await withHome(async (emu, home, track) => {
      const host = new URL(emu.authUrl).host;
      const cache = await denoDir();
      const p = track(
        await drive(
          siblingProgram("_flow_alone_child", import.meta.url),
          [],
          { ...emu.env, HOME: home, ...(cache ? { DENO_DIR: cache } : {}) },
          "pipe",
          ["--no-prompt", "--allow-env"],
        ),
      );
      await p.expect(
        new RegExp(
          `FAILED NetworkError: POST \\S+/v2/oauth2/token failed: no network permission for ${host}, .*run with --allow-net=${host}`,
        ),
      );
      assert.equal(await p.exit(), 2, p.output);
      assert.doesNotMatch(p.output, LINK, "no link was shown");
    });
  },
);

test(
  "in a terminal, Deno asks for the token folder before the link: answering no stops the login there, nothing written",
  {
    skip,
  },
  async (t) => {
    if (await skipWithoutPty(t)) return;
    await withHome(async (emu, home, track) => {
      const globus = join(home, ".globus");
      const p = track(
        await start(emu, home, "pty", [
          "--allow-env",
          `--allow-net=${new URL(emu.url).host}`,
          `--allow-read=${globus}`,
        ]),
      );
      await p.expect(/requests write access to "[^"]+"[\s\S]*Allow\?/);
      assert.doesNotMatch(p.output, LINK, "asked before the link");
      await answerDeno(p, "n");
      await p.expect(/FAILED TokenStorageError: Cannot save tokens in /);
      assert.equal(await p.exit(), 2, p.output);
      assert.doesNotMatch(p.output, LINK);
      await assert.rejects(readdir(globus), { code: "ENOENT" });
    });
  },
);

test(
  "in a terminal, answering yes to Deno's questions before the link logs in and keeps the tokens",
  {
    skip,
  },
  async (t) => {
    if (await skipWithoutPty(t)) return;
    await withHome(async (emu, home, track) => {
      const p = track(await start(emu, home, "pty", ["--allow-env"]));
      // Each question (token file, its folder, Globus Auth) comes before the link.
      for (;;) {
        const [what] = await p.expect(
          /requests (?:read|write|net) access|Please authenticate with Globus here:\r?\n-+\r?\n(\S+)\r?\n/,
        );
        if (what.startsWith("Please")) {
          const url = what.match(/(https?:\/\/\S+authorize\?\S+)/)![1]!;
          await p.expect(/Authorization Code here:/);
          await p.write(`${await emu.approve(url)}\r`);
          break;
        }
        await p.expect(/Allow\?/);
        await answerDeno(p, "y");
      }
      // After the link, Deno may still ask about the folders above the token
      // file (its Node layer's mkdir); either answer works.
      for (;;) {
        const [m] = await p.expect(/Allow\?|LOGGED IN as \S+; 3 files/);
        if (m.startsWith("LOGGED")) break;
        await answerDeno(p, "n");
      }
      assert.equal(await p.exit(), 0, p.output);
      for (const tok of emu.issuedTokens()) {
        assert.ok(!p.output.includes(tok), "a token was printed");
      }
      // The next run needs no login (and no more write permission).
      const again = track(
        await start(emu, home, "pipe", [
          "--no-prompt",
          "--allow-env",
          `--allow-net=${new URL(emu.url).host}`,
          `--allow-read=${join(home, ".globus")}`,
        ]),
      );
      await again.expect(/LOGGED IN as \S+; 3 files/);
      assert.equal(await again.exit(), 0, again.output);
    });
  },
);
