/**
 * Refresh races: many concurrent requests on an expired token share one
 * refresh (through the app, against the emulator), and two processes
 * refreshing through the same token file leave it valid.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { isDeno } from "../../src/core/runtime.ts";
import { startEmulator } from "../../src/testing/emulator.ts";
import { JSONTokenStorage } from "../../src/tokens/json_storage.ts";
import { MemoryTokenStorage } from "../../src/tokens/memory_storage.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import {
  appOn,
  concurrentLs,
  countingRefreshes,
  expiredRecords,
  fingerprint,
  lsGodata,
  noLogin,
  runRefreshChild,
  TRANSFER_RS,
  withExpiredTokenFile,
} from "./_tokens.ts";

test("50 concurrent Transfer calls on an expired token make exactly one refresh request", async () => {
  const emu = await startEmulator();
  try {
    const storage = new MemoryTokenStorage();
    const records = await expiredRecords(emu);
    await storage.storeTokenDataByResourceServer(records);
    const refreshes = countingRefreshes();
    const app = appOn(emu, "race", storage, noLogin, refreshes.fetch);
    const tc = new TransferClient({ app, baseUrl: emu.transferUrl });
    await concurrentLs(tc, emu, 50);
    assert.equal(refreshes.count(), 1, "exactly one refresh request");
    const after = await storage.getTokenData(TRANSFER_RS);
    assert.ok(after);
    assert.notEqual(after.access_token, records[TRANSFER_RS]?.access_token);
    assert.ok(after.expires_at_seconds > Date.now() / 1000);
  } finally {
    await emu.close();
  }
});

test("an app sharing a token file adopts another app's refresh instead of refreshing again", async () => {
  const emu = await startEmulator();
  try {
    await withExpiredTokenFile(emu, "globus-deno-share-", async ({ path }) => {
      const refreshes = countingRefreshes();
      // Two apps with their own storage objects on one file, as a notebook
      // and a script would have.
      const makeApp = () =>
        appOn(
          emu,
          "share",
          new JSONTokenStorage(path),
          noLogin,
          refreshes.fetch,
        );
      const b = makeApp();
      const tcA = new TransferClient({
        app: makeApp(),
        baseUrl: emu.transferUrl,
      });
      const tcB = new TransferClient({ app: b, baseUrl: emu.transferUrl });
      // B holds the expired token in memory before A refreshes.
      await b.getAuthorizer(TRANSFER_RS);
      assert.equal((await lsGodata(tcA, emu)).DATA.length, 3);
      assert.equal(refreshes.count(), 1);
      assert.equal((await lsGodata(tcB, emu)).DATA.length, 3);
      assert.equal(refreshes.count(), 1, "B used the token A stored");
    });
  } finally {
    await emu.close();
  }
});

test(
  "two processes refreshing through one token file leave it valid, with the newest tokens",
  { skip: isDeno ? false : "spawns `deno run` children (Deno only)" },
  async () => {
    const emu = await startEmulator();
    try {
      await withExpiredTokenFile(
        emu,
        "globus-deno-race-",
        async ({ dir, path, records }) => {
          const run = async () => {
            const out = await runRefreshChild(emu, path);
            assert.equal(out.code, 0, `child failed: ${out.stderr}`);
            return JSON.parse(out.stdout.trim()) as {
              files: number;
              issued: string[];
            };
          };
          const [a, b] = await Promise.all([run(), run()]);
          assert.equal(a.files, 3);
          assert.equal(b.files, 3);
          const issued = [...a.issued, ...b.issued];
          assert.ok(issued.length >= 1 && issued.length <= 2);

          // The file is intact and holds a refreshed, working token.
          const raw = JSON.parse(await readFile(path, "utf-8"));
          assert.equal(raw.format_version, "2.0");
          const stored = await new JSONTokenStorage(path)
            .getTokenDataByResourceServer();
          assert.deepEqual(Object.keys(stored).sort(), [
            "auth.globus.org",
            TRANSFER_RS,
          ]);
          const t = stored[TRANSFER_RS];
          assert.ok(t);
          assert.ok(
            issued.includes(await fingerprint(t.access_token)),
            "the stored access token is one the refreshes issued",
          );
          assert.ok(t.expires_at_seconds > Date.now() / 1000);
          assert.equal(
            t.refresh_token,
            records[TRANSFER_RS]?.refresh_token,
            "the (non-rotating) refresh token is kept",
          );
          assert.equal(
            stored["auth.globus.org"]?.access_token,
            records["auth.globus.org"]?.access_token,
            "the other record is untouched",
          );
          // Both the stored access token and refresh token still work.
          const ls = await fetch(
            `${emu.transferUrl}v0.10/operation/endpoint/${emu.collections.tutorial1}/ls?path=/share/godata/`,
            { headers: { authorization: `Bearer ${t.access_token}` } },
          );
          assert.equal(ls.status, 200);
          await ls.body?.cancel();
          const refreshed = await fetch(`${emu.authUrl}v2/oauth2/token`, {
            method: "POST",
            body: new URLSearchParams({
              grant_type: "refresh_token",
              refresh_token: String(t.refresh_token),
              client_id: emu.nativeClientId,
            }),
          });
          assert.equal(refreshed.status, 200);
          await refreshed.body?.cancel();
          const left = await readdir(dir);
          assert.deepEqual(left, ["tokens.json"], "no lock or temp files left");
        },
      );
    } finally {
      await emu.close();
    }
  },
);
