/**
 * Runs the scripts in examples/ as `deno run -A` subprocesses against an
 * in-process emulator (logins approved through `GLOBUS_DEMO_AUTOAPPROVE=1`),
 * each with a fresh temporary HOME, and checks what they print and do.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Emulator, startEmulator } from "../../src/testing/emulator.ts";
import { denoDir } from "./_shared.ts";

// deno-lint-ignore no-explicit-any
const D = (globalThis as any).Deno;
const skip = D
  ? false
  : "runs the examples as `deno run -A` subprocesses (Deno only)";

const TUTORIAL_CLIENT_ID = "61338d24-54d5-408f-a10d-66c06b59f6d2";
const COLLECTION_2 = "31ce9ba0-176d-45a5-add3-f37d233ba47d";

/** Runs examples/{name} against the emulator; returns stdout + stderr. */
async function runExample(
  name: string,
  emulator: Emulator,
  home: string,
): Promise<string> {
  const script = fileURLToPath(
    new URL(`../../examples/${name}`, import.meta.url),
  );
  const env: Record<string, string> = {
    ...emulator.env,
    GLOBUS_DEMO_AUTOAPPROVE: "1",
    HOME: home,
    NO_COLOR: "1",
  };
  const dd = await denoDir();
  if (dd) env.DENO_DIR = dd;
  const out = await new D.Command(D.execPath(), {
    args: ["run", "-A", script],
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) +
    new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, `${name} failed:\n${text}`);
  return text;
}

function assertNoTokens(output: string, emulator: Emulator): void {
  const tokens = emulator.issuedTokens();
  assert.ok(tokens.length > 0, "the emulator issued no tokens");
  for (const t of tokens) {
    assert.ok(!output.includes(t), "a token string was printed");
  }
}

async function withEmulator(
  opts: { tokenLifetimeS?: number },
  fn: (emulator: Emulator, home: string) => Promise<void>,
): Promise<void> {
  const emulator = await startEmulator(opts);
  const home = await mkdtemp(join(tmpdir(), "globus-examples-home-"));
  try {
    await fn(emulator, home);
  } finally {
    await emulator.close();
    await rm(home, { recursive: true, force: true });
  }
}

test(
  "examples/first_steps.ts logs in, shows a redacted token response and lists my endpoints",
  {
    skip,
  },
  async () => {
    await withEmulator({}, async (emulator, home) => {
      const out = await runExample("first_steps.ts", emulator, home);
      assert.match(
        out,
        /Please go to this URL and login:\s+http:\/\/127\.0\.0\.1:\d+\/auth\/v2\/oauth2\/authorize\?client_id=61338d24/,
      );
      assert.match(out, /"access_token": "\[REDACTED\]"/);
      assert.match(out, /refresh token: yes/);
      assert.match(
        out,
        /My endpoints:\n\s+\[6c54cade-bde5-45c1-bdea-f4bd71dba2cc\] Globus Tutorial Collection 1/,
      );
      assert.match(out, /Globus Tutorial Collection 2/);
      assertNoTokens(out, emulator);
    });
  },
);

test(
  "examples/minimal_transfer.ts copies file1.txt to collection 2 and the task succeeds",
  {
    skip,
  },
  async () => {
    await withEmulator({}, async (emulator, home) => {
      const out = await runExample("minimal_transfer.ts", emulator, home);
      assert.match(out, /submitted transfer, task_id=[0-9a-f-]{36}/);
      assert.match(out, /task finished:/);
      assert.match(out, /status: "SUCCEEDED"/);
      assert.match(out, /files_transferred: 1/);
      const arrived = join(
        emulator.root,
        COLLECTION_2,
        "home",
        "demo",
        "example-transfer-script-destination.txt",
      );
      assert.equal(await readFile(arrived, "utf8"), "abc\n");
      assertNoTokens(out, emulator);
    });
  },
);

test(
  "examples/refresh_tokens.ts saves the tokens, refreshes with onRefresh, and needs no login the second time",
  {
    skip,
  },
  async () => {
    // Access tokens live 30 s: within the refresh margin, so every run
    // refreshes (and onRefresh saves) before its first request.
    await withEmulator({ tokenLifetimeS: 30 }, async (emulator, home) => {
      const tokenFile = join(
        home,
        ".globus",
        "app",
        TUTORIAL_CLIENT_ID,
        "refresh-tokens-example",
        "emulator-tokens.json", // emulator.env sets GLOBUS_SDK_ENVIRONMENT=emulator
      );
      const first = await runExample("refresh_tokens.ts", emulator, home);
      assert.ok(first.includes(`Token file: ${tokenFile}`), first);
      assert.match(first, /\/v2\/oauth2\/authorize\?/);
      assert.match(first, /Logged in; the tokens are saved for the next run\./);
      assert.match(first, /The access token was refreshed and saved\./);
      assert.match(first, /Globus Tutorial Collection 1/);
      assert.equal((await stat(tokenFile)).mode & 0o777, 0o600);
      const saved1 = JSON.parse(await readFile(tokenFile, "utf8"));
      const transfer1 = saved1.data.DEFAULT["transfer.api.globus.org"];
      assert.equal(typeof transfer1.refresh_token, "string");

      const second = await runExample("refresh_tokens.ts", emulator, home);
      assert.match(second, /Using the saved tokens \(no login needed\)\./);
      assert.doesNotMatch(second, /\/v2\/oauth2\/authorize\?/);
      assert.match(second, /The access token was refreshed and saved\./);
      assert.match(second, /Globus Tutorial Collection 1/);
      const saved2 = JSON.parse(await readFile(tokenFile, "utf8"));
      assert.notEqual(
        saved2.data.DEFAULT["transfer.api.globus.org"].access_token,
        transfer1.access_token,
        "onRefresh did not save the new access token",
      );
      assertNoTokens(first + second, emulator);
    });
  },
);

test(
  "the examples' emulator instructions are the README's: copy the exports, or emulator.env in the background (eval \"$(deno task emulator)\" never returns)",
  {
    // The npm build's test folder has no examples/ (they are Deno scripts).
    skip,
  },
  async () => {
    for (const name of ["first_steps.ts", "refresh_tokens.ts"]) {
      const source = await readFile(
        new URL(`../../examples/${name}`, import.meta.url),
        "utf8",
      );
      const doc = source.slice(0, source.indexOf("@module"));
      // The commands shown (the doc comment's indented lines), without comments.
      const commands = doc.split("\n")
        .filter((l) => l.startsWith(" *     "))
        .map((l) => l.slice(7).replace(/\s+#.*$/, "").trim());
      assert.ok(!doc.includes("$(deno task emulator)"), `${name}: ${doc}`);
      assert.deepEqual(commands, [
        `deno run -A examples/${name}`,
        "deno task emulator > emulator.env &",
        ". ./emulator.env",
        `GLOBUS_DEMO_AUTOAPPROVE=1 deno run -A examples/${name}`,
      ], name);
      assert.match(doc, /copy the `export GLOBUS_SDK_…` lines/, name);
    }
  },
);
