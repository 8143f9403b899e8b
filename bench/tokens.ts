/**
 * Benchmark section 5, `tokens`: the token cache (JSONTokenStorage, UserApp
 * with stored tokens).
 *
 * @module
 */
import { JSONTokenStorage, type StoredTokenData, UserApp } from "../mod.ts";
import {
  fmt,
  median,
  OUT,
  report,
  RUNS,
  TRANSFER_SCOPE,
  TUTORIAL_CLIENT_ID,
} from "./common.ts";
import { appRecords, emu } from "./emulator.ts";

export async function benchTokens(): Promise<void> {
  const dir = `${OUT}/tokens`;
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  await Deno.mkdir(dir, { recursive: true });
  const cycles = 1000;
  const record = (i: number): StoredTokenData => ({
    resource_server: "transfer.api.globus.org",
    identity_id: "d0f5cfe6-db59-4bfd-9044-ef9bec8e335f",
    scope: TRANSFER_SCOPE,
    access_token: `AT-${i}-${"x".repeat(60)}`,
    refresh_token: `RT-${i}-${"y".repeat(60)}`,
    expires_at_seconds: 1_900_000_000 + i,
    token_type: "Bearer",
  });
  const storage = new JSONTokenStorage(`${dir}/tokens.json`);
  const rawPath = `${dir}/raw.json`;
  const sdkRound = async () => {
    const t = performance.now();
    for (let i = 0; i < cycles; i++) {
      await storage.storeTokenDataByResourceServer({
        "transfer.api.globus.org": record(i),
      });
      const got = await storage.getTokenData("transfer.api.globus.org");
      if (got?.expires_at_seconds !== 1_900_000_000 + i) {
        throw new Error("lost");
      }
    }
    return performance.now() - t;
  };
  const rawRound = async () => {
    const t = performance.now();
    for (let i = 0; i < cycles; i++) {
      await Deno.writeTextFile(
        rawPath,
        JSON.stringify({
          data: { DEFAULT: { "transfer.api.globus.org": record(i) } },
          format_version: "2.0",
        }),
      );
      const got = JSON.parse(await Deno.readTextFile(rawPath));
      if (!got.data) throw new Error("lost");
    }
    return performance.now() - t;
  };
  const a: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    a.push(await sdkRound());
    b.push(await rawRound());
  }
  const ms = median(a);
  const base = median(b);
  report({
    section: "5. Token cache",
    what:
      `${cycles} store-then-load cycles (JSONTokenStorage: lock, temp file, fsync, rename)`,
    value: `${fmt(ms, 0)} ms (${fmt(ms / cycles, 3)} ms/cycle)`,
    baseline: `plain writeFile + readFile ${fmt(base, 0)} ms (${
      fmt(base / cycles, 3)
    } ms/cycle)`,
    ratio: `${fmt(ms / base)}×`,
    target: "",
    met: "",
  });

  // A cached login: a fresh UserApp over a token file that needs no login.
  const e = await emu();
  const appFile = `${dir}/app.json`;
  await new JSONTokenStorage(appFile).storeTokenDataByResourceServer(
    await appRecords(e),
  );
  const noLogin = {
    run(): Promise<never> {
      return Promise.reject(new Error("bench: no login expected"));
    },
  };
  const fresh: number[] = [];
  const again: number[] = [];
  for (let i = 0; i < 200; i++) {
    const app = new UserApp({
      appName: "bench",
      clientId: TUTORIAL_CLIENT_ID,
      scopeRequirements: { "transfer.api.globus.org": [TRANSFER_SCOPE] },
      config: {
        tokenStorage: new JSONTokenStorage(appFile),
        authBaseUrl: e.authUrl,
        loginFlowManager: noLogin,
      },
    });
    let t = performance.now();
    await app.login();
    fresh.push(performance.now() - t);
    t = performance.now();
    await app.login();
    again.push(performance.now() - t);
  }
  const first = median(fresh);
  report({
    section: "5. Token cache",
    what:
      "cached UserApp.login() (new app, reads the token file, no login needed)",
    value: `${fmt(first, 3)} ms`,
    baseline: `second login() on the same app ${fmt(median(again), 3)} ms`,
    ratio: "",
    target: "<5 ms",
    met: first < 5 ? "met" : "NOT met",
  });
  await Deno.remove(dir, { recursive: true }).catch(() => {});
}
