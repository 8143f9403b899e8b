import { test } from "node:test";
import assert from "node:assert/strict";
import { startEmulator } from "../../src/testing/emulator.ts";

test("issuedTokens() and GET /_emulator/tokens list every token issued, revoked ones too", async () => {
  const emu = await startEmulator();
  try {
    assert.deepEqual(emu.issuedTokens(), []);
    const a = await emu.mintTokens(
      "urn:globus:auth:scope:transfer.api.globus.org:all",
      { refreshTokens: true },
    );
    const form = new URLSearchParams({
      token: a.access_token,
      client_id: emu.nativeClientId,
    });
    await (await fetch(`${emu.authUrl}v2/oauth2/token/revoke`, {
      method: "POST",
      body: form,
    })).body?.cancel();
    const expected = [a.access_token, a.refresh_token].sort();
    assert.deepEqual(emu.issuedTokens().sort(), expected);
    const res = await fetch(`${emu.url}/_emulator/tokens`);
    assert.equal(res.status, 200);
    assert.deepEqual(
      ((await res.json()) as { tokens: string[] }).tokens.sort(),
      expected,
    );
  } finally {
    await emu.close();
  }
});
