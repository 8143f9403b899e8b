/**
 * The emulator's rotating refresh tokens (`rotateRefreshTokens`), its
 * token-request counts (`GET /_emulator/stats`) and the lost-response fault.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { startEmulator } from "../../src/testing/emulator.ts";

const SCOPE = "urn:globus:auth:scope:transfer.api.globus.org:all";

for (const inProcess of [true, false]) {
  test(
    `rotating refresh tokens: each is accepted once, and stats count the refreshes (${
      inProcess ? "in-process" : "worker thread"
    })`,
    async () => {
      const emu = await startEmulator({ rotateRefreshTokens: true, inProcess });
      try {
        const minted = await emu.mintTokens(SCOPE, { refreshTokens: true });
        const refresh = (rt: string) =>
          fetch(`${emu.authUrl}v2/oauth2/token`, {
            method: "POST",
            body: new URLSearchParams({
              grant_type: "refresh_token",
              refresh_token: rt,
              client_id: emu.nativeClientId,
            }),
          });
        const first = await refresh(minted.refresh_token!);
        assert.equal(first.status, 200);
        const body = await first.json();
        assert.ok(body.refresh_token);
        assert.notEqual(body.refresh_token, minted.refresh_token);
        const again = await refresh(minted.refresh_token!);
        assert.equal(again.status, 400);
        assert.deepEqual(await again.json(), {
          error: "invalid_grant",
          error_description: "Refresh token already used",
        });
        // The old access token stays valid; the new refresh token works.
        const ls = await fetch(
          `${emu.transferUrl}v0.10/operation/endpoint/${emu.collections.tutorial1}/ls?path=/share/godata/`,
          { headers: { authorization: `Bearer ${minted.access_token}` } },
        );
        assert.equal(ls.status, 200);
        await ls.body?.cancel();
        assert.equal((await refresh(body.refresh_token)).status, 200);
        const stats = await (await fetch(`${emu.url}/_emulator/stats`)).json();
        assert.deepEqual(stats, {
          token_grants: { refresh_token: 2 },
          token_refusals: { refresh_token: 1 },
          rotate_refresh_tokens: true,
        });
      } finally {
        await emu.close();
      }
    },
  );
}

test("without rotation a refresh token stays usable", async () => {
  const emu = await startEmulator({ inProcess: true });
  try {
    const minted = await emu.mintTokens(SCOPE, { refreshTokens: true });
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${emu.authUrl}v2/oauth2/token`, {
        method: "POST",
        body: new URLSearchParams({
          grant_type: "refresh_token",
          refresh_token: minted.refresh_token!,
          client_id: emu.nativeClientId,
        }),
      });
      assert.equal(res.status, 200);
      assert.equal((await res.json()).refresh_token, minted.refresh_token);
    }
  } finally {
    await emu.close();
  }
});

test("a lost response: the request is processed, the client gets no answer", async () => {
  const emu = await startEmulator({
    inProcess: true,
    faults: { byRequest: { 1: "lost" } },
  });
  try {
    const url =
      `${emu.transferUrl}v0.10/operation/endpoint/${emu.collections.tutorial1}/mkdir`;
    const minted = await emu.mintTokens(SCOPE);
    const mkdir = () =>
      fetch(url, {
        method: "POST",
        headers: {
          authorization: `Bearer ${minted.access_token}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({ DATA_TYPE: "mkdir", path: "/~/lost-dir/" }),
      });
    await assert.rejects(mkdir());
    // It was made: the second try finds it.
    const second = await mkdir();
    assert.equal(second.status, 502);
    assert.match((await second.json()).code, /Exists/);
  } finally {
    await emu.close();
  }
});
