/**
 * Helpers for the reliability tests: cached tokens minted by the emulator,
 * with the Transfer access token already expired (in memory or in a token
 * file), login flows that must never run, an app and a Transfer client on
 * them, concurrent listings, and the child process that refreshes through a
 * shared token file.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { LoginFlowManager } from "../../src/app/login_flow.ts";
import { UserApp } from "../../src/app/user_app.ts";
import { LoginRequiredError } from "../../src/core/errors.ts";
import type { FetchLike } from "../../src/core/transport.ts";
import type { Emulator } from "../../src/testing/emulator.ts";
import { JSONTokenStorage } from "../../src/tokens/json_storage.ts";
import type {
  StoredTokenData,
  TokenStorage,
} from "../../src/tokens/token_storage.ts";
import type { TransferClient } from "../../src/transfer/transfer_client.ts";

export const TRANSFER_RS = "transfer.api.globus.org";
export const TRANSFER_SCOPE =
  "urn:globus:auth:scope:transfer.api.globus.org:all";

/** Stored records for auth (openid) and transfer, transfer expired. */
export async function expiredRecords(
  emu: Emulator,
): Promise<Record<string, StoredTokenData>> {
  const r = await emu.mintTokens(`openid ${TRANSFER_SCOPE}`, {
    refreshTokens: true,
  });
  const now = Math.floor(Date.now() / 1000);
  const out: Record<string, StoredTokenData> = {};
  for (const e of [r, ...(r.other_tokens ?? [])]) {
    const rs = String(e.resource_server);
    out[rs] = {
      resource_server: rs,
      identity_id: emu.user.id,
      scope: String(e.scope),
      access_token: String(e.access_token),
      refresh_token: e.refresh_token ? String(e.refresh_token) : null,
      expires_at_seconds: rs === TRANSFER_RS ? now - 10 : now + 3600,
      token_type: "Bearer",
    };
  }
  return out;
}

/** A login flow that fails the test if a login is attempted. */
export const noLogin: LoginFlowManager = {
  run() {
    return Promise.reject(
      new LoginRequiredError("test: no interactive login expected"),
    );
  },
};

/** {@link noLogin} in a program without a person (not interactive). */
export const batchFlow: LoginFlowManager = {
  ...noLogin,
  isInteractive: () => false,
};

/** A UserApp on the emulator's native client and `tokenStorage`. */
export function appOn(
  emu: Emulator,
  appName: string,
  tokenStorage: TokenStorage,
  loginFlowManager: LoginFlowManager,
  fetch?: FetchLike,
): UserApp {
  return new UserApp({
    appName,
    clientId: emu.nativeClientId,
    config: {
      tokenStorage,
      authBaseUrl: emu.authUrl,
      ...(fetch ? { fetch } : {}),
      loginFlowManager,
    },
  });
}

/** A fetch that counts the refresh-token grants sent through it. */
export function countingRefreshes(): { fetch: FetchLike; count(): number } {
  let refreshes = 0;
  return {
    fetch: (input, init) => {
      if (isRefreshGrant(input, init?.body)) refreshes++;
      return fetch(input, init);
    },
    count: () => refreshes,
  };
}

/** One listing of tutorial collection 1's `/share/godata/` (3 files). */
export function lsGodata(
  tc: TransferClient,
  emu: Emulator,
): ReturnType<TransferClient["operationLs"]> {
  return tc.operationLs(emu.collections.tutorial1, { path: "/share/godata/" });
}

/** `n` listings of `/share/godata/` at once, each asserted to hold 3 files. */
export async function concurrentLs(
  tc: TransferClient,
  emu: Emulator,
  n: number,
): Promise<void> {
  const results = await Promise.all(
    Array.from({ length: n }, () => lsGodata(tc, emu)),
  );
  assert.equal(results.length, n);
  for (const r of results) assert.equal(r.DATA.length, 3);
}

/** `n` listings at once, each of which must fail: their errors. */
export function concurrentLsErrors(
  tc: TransferClient,
  emu: Emulator,
  n: number,
): Promise<unknown[]> {
  return Promise.all(
    Array.from(
      { length: n },
      () =>
        lsGodata(tc, emu).then(
          () => assert.fail("the call should fail"),
          (e: unknown) => e,
        ),
    ),
  );
}

/**
 * Runs `fn` with a fresh folder holding `tokens.json`, a token file with
 * {@link expiredRecords}; removes the folder afterwards.
 */
export async function withExpiredTokenFile(
  emu: Emulator,
  prefix: string,
  fn: (file: {
    dir: string;
    path: string;
    records: Record<string, StoredTokenData>;
  }) => Promise<void>,
): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  try {
    const path = join(dir, "tokens.json");
    const records = await expiredRecords(emu);
    await new JSONTokenStorage(path).storeTokenDataByResourceServer(records);
    await fn({ dir, path, records });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Runs `_refresh_child.ts` (Deno only) on the token file at `path`: it
 * lists `/share/godata/` and prints `{ files, issued }`.
 */
export async function runRefreshChild(
  emu: Emulator,
  path: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = fileURLToPath(new URL("./_refresh_child.ts", import.meta.url));
  // node:child_process would hand Deno's own permissions down; use Deno.Command.
  // deno-lint-ignore no-explicit-any
  const Deno = (globalThis as any).Deno;
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--no-prompt",
      child,
      path,
      emu.authUrl,
      emu.transferUrl,
      emu.collections.tutorial1,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code: out.code as number,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
}

/** Whether a recorded Auth request is a refresh-token grant. */
export function isRefreshGrant(
  input: Request | URL | string,
  body: BodyInit | null | undefined,
): boolean {
  const url = input instanceof Request ? input.url : String(input);
  return url.includes("/v2/oauth2/token") && !url.includes("revoke") &&
    new URLSearchParams(String(body ?? "")).get("grant_type") ===
      "refresh_token";
}

/** SHA-256 (hex, 16 chars) of a token, printable in place of the token. */
export async function fingerprint(token: string): Promise<string> {
  const d = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(token),
  );
  return Array.from(
    new Uint8Array(d).slice(0, 8),
    (b) => b.toString(16).padStart(2, "0"),
  ).join("");
}
