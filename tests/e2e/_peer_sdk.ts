/**
 * Shared setup for the tests that run the real `@globus/sdk` (npm, v6)
 * against the emulator: the skip reason outside Deno, the import, the fetch
 * seam that sends its requests to the emulator's Transfer service, a JSON
 * reader that checks the status, and a Transfer token through the
 * emulator's login with this SDK's client.
 */
import assert from "node:assert/strict";
import { NativeAppAuthClient } from "../../src/auth/native_client.ts";
import { isDeno } from "../../src/core/runtime.ts";
import type { Emulator } from "../../src/testing/emulator.ts";

export const TRANSFER_SCOPE =
  "urn:globus:auth:scope:transfer.api.globus.org:all";

/** The peer tests' `skip` option: they need Deno's npm: specifiers. */
export const peerSkip: false | string = isDeno
  ? false
  : "needs npm:@globus/sdk through Deno's npm: specifiers (not installed for the Node build)";

/** Loads `npm:@globus/sdk@^6`. */
// deno-lint-ignore no-explicit-any
export async function importGlobusSdk(): Promise<any> {
  // A computed specifier keeps tsc (npm build) from resolving the package.
  const spec = "npm:@globus/sdk@^6";
  return await import(spec);
}

/**
 * The options argument of an `@globus/sdk` call that sends it to the
 * emulator. The SDK joins absolute paths (`/v0.10/…`) onto its service URL,
 * so the emulator's `/transfer/` prefix would be lost: every request is
 * re-rooted under `emu.transferUrl` through the SDK's fetch seam.
 */
export function sdkOptions(emu: Emulator): {
  fetch: {
    options: {
      __callable: (u: string | URL, init?: RequestInit) => Promise<Response>;
    };
  };
} {
  const __callable = (u: string | URL, init?: RequestInit) => {
    const url = new URL(String(u));
    return fetch(
      new URL(url.pathname.slice(1) + url.search, emu.transferUrl),
      init,
    );
  };
  return { fetch: { options: { __callable } } };
}

/**
 * A response's JSON body, after asserting its status: exactly `status`
 * when given, else any 2xx.
 */
// deno-lint-ignore no-explicit-any
export async function expectJson(res: Response, status?: number): Promise<any> {
  const body = await res.text();
  if (status === undefined) {
    assert.ok(res.ok, `${res.status} ${res.url}: ${body}`);
  } else {
    assert.equal(res.status, status, `${res.url}: ${body}`);
  }
  return JSON.parse(body);
}

/**
 * A Transfer access token through the emulator's login with this SDK's
 * native client (`extra`: more authorize-URL query parameters).
 */
export async function transferTokenByLogin(
  emu: Emulator,
  extra: Record<string, string> = {},
): Promise<string> {
  const client = new NativeAppAuthClient(emu.nativeClientId, {
    baseUrl: emu.authUrl,
  });
  client.oauth2StartFlow({ requestedScopes: TRANSFER_SCOPE });
  const url = new URL(client.oauth2GetAuthorizeUrl());
  for (const [k, v] of Object.entries(extra)) url.searchParams.set(k, v);
  const code = await emu.approve(url.href);
  const tokens = await client.oauth2ExchangeCodeForTokens(code);
  const token = tokens.byResourceServer["transfer.api.globus.org"]
    ?.access_token;
  assert.ok(token, "the login gave a Transfer token");
  return token;
}
