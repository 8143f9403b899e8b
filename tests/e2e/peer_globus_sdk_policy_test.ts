/**
 * The real `@globus/sdk` (npm) reads the emulator's `AuthPolicyFailed` as an
 * authorization requirements error, and the login its query parameters ask
 * for meets the collection's policy.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { startEmulator } from "../../src/testing/emulator.ts";
import { NativeAppAuthClient } from "../../src/auth/native_client.ts";

// deno-lint-ignore no-explicit-any
const isDeno = typeof (globalThis as any).Deno?.version?.deno === "string";

const TRANSFER_SCOPE = "urn:globus:auth:scope:transfer.api.globus.org:all";

test(
  "@globus/sdk v6: the emulator's AuthPolicyFailed is an AuthorizationRequirementsError; a login with its toAuthorizationQueryParams meets the policy",
  {
    skip: isDeno
      ? false
      : "needs npm:@globus/sdk through Deno's npm: specifiers (not installed for the Node build)",
  },
  async () => {
    // A computed specifier keeps tsc (npm build) from resolving the package.
    const spec = "npm:@globus/sdk@^6";
    // deno-lint-ignore no-explicit-any
    const sdk: any = await import(spec);
    const { transfer, errors } = sdk;
    let now = 1_800_000_000_000;
    const emu = await startEmulator({ clock: { now: () => now } });
    try {
      const c = emu.collections.tutorial1;
      const policy = emu.setCollectionPolicy(c, {
        high_assurance: true,
        authentication_assurance_timeout: 900,
      }) as string;

      const client = new NativeAppAuthClient(emu.nativeClientId, {
        baseUrl: emu.authUrl,
      });
      const token = async (extra: Record<string, string>) => {
        client.oauth2StartFlow({ requestedScopes: TRANSFER_SCOPE });
        const url = new URL(client.oauth2GetAuthorizeUrl());
        for (const [k, v] of Object.entries(extra)) {
          url.searchParams.set(k, v);
        }
        const code = await emu.approve(url.href);
        const tokens = await client.oauth2ExchangeCodeForTokens(code);
        return tokens.byResourceServer["transfer.api.globus.org"]
          ?.access_token as string;
      };
      // @globus/sdk joins absolute paths onto its service URL; re-root them
      // under the emulator's /transfer/ (as in peer_globus_sdk_test.ts).
      const __callable = (u: string | URL, init?: RequestInit) => {
        const url = new URL(String(u));
        return fetch(
          new URL(url.pathname.slice(1) + url.search, emu.transferUrl),
          init,
        );
      };
      const ls = (t: string) =>
        transfer.fileOperations.ls(c, {
          query: { path: "/share/godata/" },
          headers: { Authorization: `Bearer ${t}` },
        }, { fetch: { options: { __callable } } });

      const first = await token({});
      assert.equal((await ls(first)).status, 200);
      now += 901_000;
      const refused = await ls(first);
      assert.equal(refused.status, 403);
      const body = await refused.json();
      assert.equal(errors.isAuthorizationRequirementsError(body), true);
      assert.equal(errors.isConsentRequiredError(body), false);
      const params = errors.toAuthorizationQueryParams(body);
      assert.deepEqual(params, {
        session_message: "Failing collection authentication policy",
        session_required_policies: policy,
      });

      const second = await token(params);
      const ok = await ls(second);
      assert.equal(ok.status, 200);
      const names = (await ok.json()).DATA.map((f: { name: string }) => f.name);
      assert.ok(names.includes("file1.txt"), names.join(", "));
    } finally {
      await emu.close();
    }
  },
);
