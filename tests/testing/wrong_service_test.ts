import { test } from "node:test";
import assert from "node:assert/strict";
import { startEmulator } from "../../src/testing/emulator.ts";
import { NativeAppAuthClient } from "../../src/auth/native_client.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";

test("an Auth client given the emulator's Transfer URL gets a 404 naming the emulator's Auth URL, not a 401", async () => {
  const emu = await startEmulator();
  try {
    const ac = new NativeAppAuthClient(emu.nativeClientId, {
      baseUrl: emu.transferUrl,
    });
    ac.oauth2StartFlow({ requestedScopes: "openid" });
    await assert.rejects(
      ac.oauth2ExchangeCodeForTokens("some-code"),
      (e: Error & { httpStatus?: number }) => {
        assert.equal(e.httpStatus, 404);
        assert.ok(e.message.includes(emu.authUrl), e.message);
        assert.match(e.message, /emulator's Transfer service/);
        assert.doesNotMatch(e.message, /Authorization header/);
        return true;
      },
    );
    // The body has Transfer's error shape, as a wrong host's would.
    const res = await fetch(`${emu.transferUrl}v2/oauth2/token`, {
      method: "POST",
      body: new URLSearchParams({ grant_type: "authorization_code" }),
    });
    assert.equal(res.status, 404);
    const body = await res.json() as Record<string, unknown>;
    assert.equal(body.code, "ClientError.NotFound");
    assert.equal(body.resource, "/v2/oauth2/token");
    assert.equal(typeof body.request_id, "string");
  } finally {
    await emu.close();
  }
});

test("a TransferClient given the emulator's Auth URL gets a 404 naming the emulator's Transfer URL, not 'not emulated'", async () => {
  const emu = await startEmulator();
  try {
    const t = await emu.mintTokens(TransferClient.scopes.all);
    const tc = new TransferClient({
      authorizer: new AccessTokenAuthorizer(t.access_token),
      baseUrl: emu.authUrl,
    });
    await assert.rejects(
      tc.getEndpoint(emu.collections.tutorial1),
      (e: Error & { httpStatus?: number }) => {
        assert.equal(e.httpStatus, 404);
        assert.ok(e.message.includes(emu.transferUrl), e.message);
        assert.match(e.message, /emulator's Auth service/);
        assert.doesNotMatch(e.message, /Not emulated/);
        return true;
      },
    );
    const res = await fetch(`${emu.authUrl}v2/bookmarks`);
    assert.equal(res.status, 404);
    const body = await res.json() as {
      errors: { code: string; id: unknown }[];
    };
    assert.equal(body.errors[0]?.code, "NOT_FOUND");
    assert.equal(typeof body.errors[0]?.id, "string");
    // A route of neither service is still "not emulated", not "Transfer's".
    const other = await fetch(`${emu.authUrl}v2/no-such-route`);
    assert.equal(other.status, 404);
    const otherBody = await other.json() as { errors: { code: string }[] };
    assert.equal(otherBody.errors[0]?.code, "NOT_EMULATED");
    // Auth's own routes are untouched.
    const ok = await fetch(`${emu.authUrl}.well-known/openid-configuration`);
    assert.equal(ok.status, 200);
    await ok.body?.cancel();
  } finally {
    await emu.close();
  }
});

test("a client given the emulator's bare URL gets a 404 naming both service URLs", async () => {
  const emu = await startEmulator();
  try {
    const ac = new NativeAppAuthClient(emu.nativeClientId, {
      baseUrl: emu.url,
    });
    ac.oauth2StartFlow({ requestedScopes: "openid" });
    await assert.rejects(
      ac.oauth2ExchangeCodeForTokens("some-code"),
      (e: Error & { httpStatus?: number }) => {
        assert.equal(e.httpStatus, 404);
        assert.ok(e.message.includes(emu.authUrl), e.message);
        assert.ok(e.message.includes(emu.transferUrl), e.message);
        return true;
      },
    );
  } finally {
    await emu.close();
  }
});
