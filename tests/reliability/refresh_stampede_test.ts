/**
 * Refresh without a stampede (issue 18, section 2), counted at the
 * emulator (`GET /_emulator/stats`):
 * - in one process, a revoked access token answered with jitter makes one
 *   refresh for 200 concurrent calls (a 401 for a request sent with the old
 *   token replays with the new one instead of refreshing again);
 * - a fully revoked session makes one refresh attempt, and every call fails
 *   the same way;
 * - processes sharing one token file, with rotating refresh tokens, make one
 *   refresh between them and none fails.
 *
 * Outcomes only: the jitter reorders responses, and the counts must hold
 * for any order.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdir } from "node:fs/promises";
import { NativeAppAuthClient } from "../../src/auth/native_client.ts";
import { RefreshTokenAuthorizer } from "../../src/authorizers/refresh_token.ts";
import { AuthAPIError, LoginRequiredError } from "../../src/core/errors.ts";
import { isDeno } from "../../src/core/runtime.ts";
import type { FetchLike } from "../../src/core/transport.ts";
import { type Emulator, startEmulator } from "../../src/testing/emulator.ts";
import { mulberry32 } from "../../src/testing/faults.ts";
import { JSONTokenStorage } from "../../src/tokens/json_storage.ts";
import { MemoryTokenStorage } from "../../src/tokens/memory_storage.ts";
import type { StoredTokenData } from "../../src/tokens/token_storage.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import {
  appOn,
  batchFlow,
  concurrentLs,
  concurrentLsErrors,
  expiredRecords,
  runRefreshChild,
  TRANSFER_RS,
  withExpiredTokenFile,
} from "./_tokens.ts";

interface Stats {
  token_grants: Record<string, number>;
  token_refusals: Record<string, number>;
}

async function stats(emu: Emulator): Promise<Stats> {
  return await (await fetch(`${emu.url}/_emulator/stats`)).json();
}

/** Refresh requests the emulator answered, and refused. */
async function refreshes(emu: Emulator): Promise<[number, number]> {
  const s = await stats(emu);
  return [
    s.token_grants["refresh_token"] ?? 0,
    s.token_refusals["refresh_token"] ?? 0,
  ];
}

/** Valid (unexpired) records for auth and transfer, with refresh tokens. */
async function validRecords(
  emu: Emulator,
): Promise<Record<string, StoredTokenData>> {
  const records = await expiredRecords(emu);
  const t = records[TRANSFER_RS] as StoredTokenData;
  records[TRANSFER_RS] = {
    ...t,
    expires_at_seconds: Math.floor(Date.now() / 1000) + 3600,
  };
  return records;
}

async function revoke(emu: Emulator, token: string): Promise<void> {
  const res = await fetch(`${emu.authUrl}v2/oauth2/token/revoke`, {
    method: "POST",
    body: new URLSearchParams({ token, client_id: emu.nativeClientId }),
  });
  assert.equal(res.status, 200);
  await res.body?.cancel();
}

/** A fetch that holds each response back 0–15 ms (seeded), reordering them. */
function jitteryFetch(seed: number): FetchLike {
  const random = mulberry32(seed);
  return async (input, init) => {
    const res = await fetch(input, init);
    const body = await res.arrayBuffer();
    await new Promise((r) => setTimeout(r, Math.floor(random() * 15)));
    return new Response(body, {
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
    });
  };
}

test("200 concurrent calls on a revoked access token, answered with jitter, make one refresh", async () => {
  const emu = await startEmulator({ rotateRefreshTokens: true });
  try {
    for (const seed of [1, 2, 3]) {
      const records = await validRecords(emu);
      const storage = new MemoryTokenStorage();
      await storage.storeTokenDataByResourceServer(records);
      await revoke(emu, records[TRANSFER_RS]!.access_token);
      const before = await refreshes(emu);
      const app = appOn(
        emu,
        "jitter",
        storage,
        batchFlow,
        jitteryFetch(seed),
      );
      const tc = new TransferClient({
        app,
        baseUrl: emu.transferUrl,
        fetch: jitteryFetch(seed + 100),
      });
      await concurrentLs(tc, emu, 200);
      const after = await refreshes(emu);
      assert.deepEqual(
        [after[0] - before[0], after[1] - before[1]],
        [1, 0],
        `seed ${seed}: one refresh, none refused`,
      );
      const stored = await storage.getTokenData(TRANSFER_RS);
      assert.notEqual(
        stored?.refresh_token,
        records[TRANSFER_RS]!.refresh_token,
        "the rotated refresh token was stored",
      );
    }
  } finally {
    await emu.close();
  }
});

test("a fully revoked session: one refresh attempt for 200 calls, and every call gets the same refusal", async () => {
  const emu = await startEmulator();
  try {
    const records = await validRecords(emu);
    await revoke(emu, records[TRANSFER_RS]!.refresh_token!);
    const auth = new NativeAppAuthClient(emu.nativeClientId, {
      baseUrl: emu.authUrl,
      fetch: jitteryFetch(7),
    });
    const authorizer = new RefreshTokenAuthorizer(
      records[TRANSFER_RS]!.refresh_token!,
      auth,
      {
        accessToken: records[TRANSFER_RS]!.access_token,
        expiresAt: records[TRANSFER_RS]!.expires_at_seconds,
      },
    );
    const tc = new TransferClient({
      authorizer,
      baseUrl: emu.transferUrl,
      fetch: jitteryFetch(8),
    });
    const errors = await concurrentLsErrors(tc, emu, 200);
    assert.deepEqual(await refreshes(emu), [0, 1], "one refused refresh");
    const first = errors[0];
    assert.ok(first instanceof AuthAPIError, String(first));
    assert.equal(first.code, "invalid_grant");
    // Each call's own copy of the one refusal (so each prints its own call
    // site in Deno too): the same class, message and fields.
    for (const e of errors) {
      assert.ok(e instanceof AuthAPIError, String(e));
      assert.equal(e.message, first.message, "the same refusal");
      assert.equal(e.code, "invalid_grant");
      assert.equal(e.rawJson, first.rawJson);
    }
  } finally {
    await emu.close();
  }
});

test("a fully revoked session in an app without a person: one refresh attempt for 200 calls, each a LoginRequiredError naming the refusal", async () => {
  const emu = await startEmulator();
  try {
    const records = await validRecords(emu);
    await revoke(emu, records[TRANSFER_RS]!.refresh_token!);
    const storage = new MemoryTokenStorage();
    await storage.storeTokenDataByResourceServer(records);
    const app = appOn(emu, "revoked", storage, batchFlow, jitteryFetch(11));
    const tc = new TransferClient({
      app,
      baseUrl: emu.transferUrl,
      fetch: jitteryFetch(12),
    });
    // One client request first, so every call below holds the authorizer.
    await app.getAuthorizer(TRANSFER_RS);
    const errors = await concurrentLsErrors(tc, emu, 200);
    assert.deepEqual(await refreshes(emu), [0, 1], "one refused refresh");
    for (const e of errors) {
      assert.ok(e instanceof LoginRequiredError, String(e));
    }
    const refused = errors.filter((e) =>
      /rejected the saved refresh token/.test((e as Error).message)
    );
    assert.ok(refused.length >= 1, "the refusal is named");
  } finally {
    await emu.close();
  }
});

test("two apps sharing a token file, with rotating refresh tokens, make one refresh between them", async () => {
  const emu = await startEmulator({ rotateRefreshTokens: true });
  try {
    await withExpiredTokenFile(
      emu,
      "globus-deno-rotate-",
      async ({ dir, path }) => {
        const apps = [0, 1, 2].map(() =>
          appOn(emu, "rotate", new JSONTokenStorage(path), batchFlow)
        );
        const clients = apps.map((app) =>
          new TransferClient({ app, baseUrl: emu.transferUrl })
        );
        // Every app holds the expired token in memory before any refreshes.
        for (const app of apps) await app.getAuthorizer(TRANSFER_RS);
        await Promise.all(clients.map((tc) => concurrentLs(tc, emu, 10)));
        assert.deepEqual(await refreshes(emu), [1, 0]);
        assert.deepEqual(await readdir(dir), ["tokens.json"]);
      },
    );
  } finally {
    await emu.close();
  }
});

test(
  "8 processes sharing one token file, with rotating refresh tokens: exactly one refresh request and no failure",
  { skip: isDeno ? false : "spawns `deno run` children (Deno only)" },
  async () => {
    const emu = await startEmulator({ rotateRefreshTokens: true });
    try {
      await withExpiredTokenFile(
        emu,
        "globus-deno-rotate-",
        async ({ dir, path, records }) => {
          const outs = await Promise.all(
            Array.from({ length: 8 }, () => runRefreshChild(emu, path)),
          );
          const failed = outs.filter((o) => o.code !== 0);
          assert.equal(
            failed.length,
            0,
            `failures: ${failed.map((o) => o.stderr).join("\n---\n")}`,
          );
          for (const o of outs) {
            assert.equal(JSON.parse(o.stdout.trim()).files, 3);
          }
          assert.deepEqual(
            await refreshes(emu),
            [1, 0],
            "one refresh, none refused",
          );
          const stored = await new JSONTokenStorage(path).getTokenData(
            TRANSFER_RS,
          );
          assert.ok(stored?.refresh_token);
          assert.notEqual(
            stored.refresh_token,
            records[TRANSFER_RS]?.refresh_token,
            "the rotated refresh token is in the file",
          );
          // The stored (rotated) refresh token works; the old one is used up.
          const again = await new NativeAppAuthClient(emu.nativeClientId, {
            baseUrl: emu.authUrl,
          }).oauth2RefreshToken(stored.refresh_token);
          assert.ok(again.byResourceServer[TRANSFER_RS]);
          assert.deepEqual(await readdir(dir), ["tokens.json"]);
        },
      );
    } finally {
      await emu.close();
    }
  },
);
