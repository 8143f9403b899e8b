/**
 * Shared helpers for the emulator tests: PKCE, a login through the real
 * authorize + token endpoints, JSON calls, task polling and fixtures.
 *
 * @module
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Emulator } from "../../src/testing/emulator.ts";

/** The Transfer scope. */
export const TRANSFER = "urn:globus:auth:scope:transfer.api.globus.org:all";

/** A PKCE pair. */
export interface Pkce {
  /** The verifier. */
  verifier: string;
  /** The S256 challenge. */
  challenge: string;
}

/** Makes a PKCE pair. */
export function pkce(): Pkce {
  const verifier = randomBytes(32).toString("base64url");
  return {
    verifier,
    challenge: createHash("sha256").update(verifier).digest("base64url"),
  };
}

/** Options for {@linkcode authorizeUrl}. */
export interface AuthorizeOptions {
  clientId?: string;
  scope?: string;
  redirectUri?: string;
  state?: string;
  offline?: boolean;
  challenge?: string;
  extra?: Record<string, string>;
}

/** Builds an authorize URL. */
export function authorizeUrl(emu: Emulator, o: AuthorizeOptions = {}): string {
  const u = new URL(`${emu.authUrl}v2/oauth2/authorize`);
  const p: Record<string, string> = {
    client_id: o.clientId ?? emu.nativeClientId,
    redirect_uri: o.redirectUri ?? `${emu.authUrl}v2/web/auth-code`,
    scope: o.scope ?? `openid profile email ${TRANSFER}`,
    response_type: "code",
    state: o.state ?? "_default",
    access_type: o.offline ? "offline" : "online",
    ...(o.challenge
      ? { code_challenge: o.challenge, code_challenge_method: "S256" }
      : {}),
    ...o.extra,
  };
  u.search = new URLSearchParams(p).toString();
  return u.href;
}

/** A JSON response. */
export interface JsonResult {
  status: number;
  // deno-lint-ignore no-explicit-any
  body: any;
  headers: Headers;
}

/** POSTs a form to the token endpoint (or another Auth path). */
export async function postForm(
  emu: Emulator,
  path: string,
  form: Record<string, string>,
  basic?: { id: string; secret: string },
): Promise<JsonResult> {
  const headers: Record<string, string> = {
    "content-type": "application/x-www-form-urlencoded",
  };
  if (basic) {
    headers.authorization = "Basic " +
      btoa(`${basic.id}:${basic.secret}`);
  }
  const r = await fetch(`${emu.authUrl}${path}`, {
    method: "POST",
    headers,
    body: new URLSearchParams(form),
  });
  const text = await r.text();
  return {
    status: r.status,
    body: text ? JSON.parse(text) : null,
    headers: r.headers,
  };
}

/** Logs in as the demo user and exchanges the code (native app, PKCE). */
export async function login(
  emu: Emulator,
  scope: string,
  o: { offline?: boolean; clientId?: string } = {},
): Promise<JsonResult> {
  const { verifier, challenge } = pkce();
  const url = authorizeUrl(emu, {
    scope,
    challenge,
    ...(o.offline ? { offline: true } : {}),
    ...(o.clientId ? { clientId: o.clientId } : {}),
  });
  const code = await emu.approve(url);
  return postForm(emu, "v2/oauth2/token", {
    grant_type: "authorization_code",
    code,
    code_verifier: verifier,
    redirect_uri: `${emu.authUrl}v2/web/auth-code`,
    client_id: o.clientId ?? emu.nativeClientId,
  });
}

/** A Transfer access token for the demo user. */
export async function transferToken(
  emu: Emulator,
  scope = TRANSFER,
): Promise<string> {
  const r = await emu.mintTokens(scope);
  return r.access_token;
}

/**
 * A Transfer access token for the demo user that holds the mapped
 * collection's data_access consent (as making a guest collection needs).
 */
export async function mappedToken(emu: Emulator): Promise<string> {
  const mapped = emu.collections.mapped;
  const r = await emu.mintTokens(
    `${TRANSFER}[*https://auth.globus.org/scopes/${mapped}/data_access]`,
  );
  return r.access_token;
}

/** Calls Transfer with a bearer token. */
export async function api(
  emu: Emulator,
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<JsonResult> {
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const r = await fetch(`${emu.transferUrl}v0.10/${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await r.text();
  return {
    status: r.status,
    body: text ? JSON.parse(text) : null,
    headers: r.headers,
  };
}

/** Polls a task until it is no longer ACTIVE. */
export async function waitTask(
  emu: Emulator,
  token: string,
  id: string,
  // deno-lint-ignore no-explicit-any
): Promise<any> {
  for (let i = 0; i < 4000; i++) {
    const r = await api(emu, token, "GET", `task/${id}`);
    if (r.body.status !== "ACTIVE") return r.body;
    await new Promise((res) => setTimeout(res, 5));
  }
  throw new Error(`task ${id} did not finish`);
}

/** Submits a transfer (fetching a submission id first). */
export async function submitTransfer(
  emu: Emulator,
  token: string,
  doc: Record<string, unknown>,
): Promise<JsonResult> {
  const sid = (await api(emu, token, "GET", "submission_id")).body.value;
  return api(emu, token, "POST", "transfer", {
    DATA_TYPE: "transfer",
    submission_id: sid,
    ...doc,
  });
}

/** The fixtures folder, or `null` when absent. */
export function fixturesDir(): string | null {
  const dir = fileURLToPath(
    new URL("../../../shared/fixtures/globus/", import.meta.url),
  );
  return existsSync(dir) ? dir : null;
}
