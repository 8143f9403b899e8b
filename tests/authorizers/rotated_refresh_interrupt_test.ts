/**
 * Ctrl-C while a refresh's new tokens are saved, with Globus Auth rotating
 * refresh tokens (each accepted once): the program still ends as
 * interrupted (SIGINT, status 130), but only after the new tokens are in
 * the token file, so the next run refreshes instead of logging in. Before,
 * the program ended in the middle, and the file kept the used-up refresh
 * token.
 *
 * The program is a real child process (_rotated_save_child.ts); its save
 * waits until the interrupt was heard, so no step depends on timing.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { access, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { NativeAppAuthClient } from "../../src/auth/native_client.ts";
import { TransferScopes } from "../../src/auth/scopes.ts";
import { AuthAPIError } from "../../src/core/errors.ts";
import { startEmulator } from "../../src/testing/emulator.ts";
import { JSONTokenStorage } from "../../src/tokens/json_storage.ts";
import { drive, siblingProgram } from "../app/_spawn.ts";

// deno-lint-ignore no-explicit-any
const D = (globalThis as any).Deno;
const CHILD = siblingProgram("_rotated_save_child", import.meta.url);
const RS = "transfer.api.globus.org";
/** How long to wait for the child's marker (a hang, not a timing). */
const BOUND_MS = 120_000;

async function appears(file: string): Promise<void> {
  const until = Date.now() + BOUND_MS;
  for (;;) {
    try {
      await access(file);
      return;
    } catch {
      if (Date.now() > until) throw new Error(`${file} did not appear`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

/** A token file whose access token expired, and the emulator behind it. */
async function expiredTokens() {
  const emu = await startEmulator({ rotateRefreshTokens: true });
  const dir = await mkdtemp(join(tmpdir(), "globus-rotated-save-"));
  const path = join(dir, "tokens.json");
  const minted = await emu.mintTokens(TransferScopes.all, {
    refreshTokens: true,
  });
  const old = minted.refresh_token!;
  // The access token expired: the next use refreshes.
  await new JSONTokenStorage(path).storeTokenDataByResourceServer({
    [RS]: {
      resource_server: RS,
      identity_id: null,
      scope: minted.scope,
      access_token: minted.access_token,
      refresh_token: old,
      expires_at_seconds: Math.floor(Date.now() / 1000) - 60,
      token_type: "Bearer",
    },
  });
  return {
    emu,
    dir,
    path,
    old,
    async close() {
      await emu.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Starts the child program; `ended` resolves its exit code and signal. */
function start(
  t: Awaited<ReturnType<typeof expiredTokens>>,
  mode: "gate" | "exit",
) {
  const runtime: string[] = D
    ? [D.execPath(), "run", "-A", "--no-prompt", CHILD]
    : [process.execPath, CHILD];
  const child = spawn(
    runtime[0]!,
    [
      ...runtime.slice(1),
      t.path,
      t.emu.authUrl,
      t.emu.nativeClientId,
      t.dir,
      mode,
    ],
    { stdio: ["pipe", "pipe", "pipe"] },
  );
  const run = {
    child,
    output: "",
    ended: undefined as unknown as Promise<[number | null, string | null]>,
  };
  child.stdout!.on("data", (b) => run.output += b);
  child.stderr!.on("data", (b) => run.output += b);
  run.ended = new Promise((resolve) =>
    child.on("close", (code, signal) => resolve([code, signal]))
  );
  return run;
}

test("Ctrl-C while a rotated refresh's tokens are saved ends the program (SIGINT, 130) after the new refresh token is in the token file", async () => {
  const t = await expiredTokens();
  try {
    const run = start(t, "gate");
    try {
      await Promise.race([
        appears(join(t.dir, "saving")),
        run.ended.then(() => {
          throw new Error(`the program ended before saving:\n${run.output}`);
        }),
      ]);
      // The child's own pid: the marker file may still be empty when it
      // appears, and Number("") is 0, which signals the whole process group
      // (it interrupted the CI run that ran this test).
      const pid = run.child.pid;
      assert.ok(pid !== undefined && pid > 0, `no child pid (${pid})`);
      // Ctrl-C, in the middle of the save.
      process.kill(pid, "SIGINT");
      const [code, signal] = await run.ended;
      // As interrupted: killed by SIGINT (130 in a shell), or exit code 130.
      assert.ok(
        signal === "SIGINT" || code === 130,
        `code=${code} signal=${signal}\n${run.output}`,
      );
      // Nothing after the refresh ran.
      assert.doesNotMatch(run.output, /REFRESHED|Error/);
    } finally {
      run.child.kill("SIGKILL");
    }
    // The file holds the new refresh token, and it works.
    const saved = await new JSONTokenStorage(t.path).getTokenData(RS);
    assert.ok(saved?.refresh_token);
    assert.notEqual(saved.refresh_token, t.old, "the used-up one stayed");
    const client = new NativeAppAuthClient(t.emu.nativeClientId, {
      baseUrl: t.emu.authUrl,
    });
    const next = await client.oauth2RefreshToken(saved.refresh_token);
    assert.ok(next.byResourceServer[RS]?.access_token);
    // (The old one was used up by the child's refresh.)
    await assert.rejects(client.oauth2RefreshToken(t.old), AuthAPIError);
  } finally {
    await t.close();
  }
});

test("after a rotated refresh was saved, nothing of the hold is left: the program ends by itself, and Ctrl-C ends it as usual", async () => {
  const t = await expiredTokens();
  try {
    // Ends by itself: no listener keeps it running.
    const done = start(t, "exit");
    try {
      assert.deepEqual(await done.ended, [0, null], done.output);
      assert.match(done.output, /^REFRESHED\n$/);
    } finally {
      done.child.kill("SIGKILL");
    }
    // Ctrl-C while it waits for input (after the refresh) ends it at once.
    const waiting = drive(
      CHILD,
      [
        t.path,
        t.emu.authUrl,
        t.emu.nativeClientId,
        t.dir,
        "wait",
      ],
      {},
      "pipe",
    );
    try {
      await waiting.expect(/REFRESHED/);
      waiting.interrupt();
      // Killed by SIGINT: Deno reports 130, and Node no code (-1 here).
      assert.ok(
        [130, -1].includes(await waiting.exit()),
        waiting.output,
      );
    } finally {
      waiting.kill();
    }
  } finally {
    await t.close();
  }
});
