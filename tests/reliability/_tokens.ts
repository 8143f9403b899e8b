/**
 * Helpers for the reliability tests: cached tokens minted by the emulator,
 * with the Transfer access token already expired, and a login flow that
 * must never run.
 */
import type { LoginFlowManager } from "../../src/app/login_flow.ts";
import { LoginRequiredError } from "../../src/core/errors.ts";
import type { Emulator } from "../../src/testing/emulator.ts";
import type { StoredTokenData } from "../../src/tokens/token_storage.ts";

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
