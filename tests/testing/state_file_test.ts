import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "../../src/testing/emulator.ts";

test("an emulator with statePath honours tokens issued before a restart", async () => {
  const dir = await mkdtemp(join(tmpdir(), "emu-state-"));
  try {
    const statePath = join(dir, "state.json");
    const first = await startEmulator({ statePath, root: join(dir, "root") });
    const tokens = await first.mintTokens(
      "urn:globus:auth:scope:transfer.api.globus.org:all",
    );
    const revoked = await first.mintTokens(
      "urn:globus:auth:scope:transfer.api.globus.org:all",
    );
    const form = new URLSearchParams({
      token: revoked.access_token,
      client_id: first.nativeClientId,
    });
    await (await fetch(`${first.authUrl}v2/oauth2/token/revoke`, {
      method: "POST",
      body: form,
    })).body?.cancel();
    await first.close();
    assert.equal((await stat(statePath)).mode & 0o777, 0o600);

    const second = await startEmulator({ statePath, root: join(dir, "root") });
    try {
      const ls = (token: string) =>
        fetch(
          `${second.transferUrl}v0.10/operation/endpoint/${second.collections.tutorial1}/ls?path=/share/godata/`,
          {
            headers: { Authorization: `Bearer ${token}` },
          },
        );
      const ok = await ls(tokens.access_token);
      assert.equal(ok.status, 200);
      await ok.body?.cancel();
      const gone = await ls(revoked.access_token);
      assert.equal(
        gone.status,
        401,
        "a token revoked before the restart stays revoked",
      );
      await gone.body?.cancel();
    } finally {
      await second.close();
    }
    const fresh = await startEmulator({ root: join(dir, "root") });
    try {
      const res = await fetch(
        `${fresh.transferUrl}v0.10/endpoint_search?filter_scope=my-endpoints`,
        {
          headers: { Authorization: `Bearer ${tokens.access_token}` },
        },
      );
      assert.equal(res.status, 401, "without statePath, tokens are forgotten");
      await res.body?.cancel();
    } finally {
      await fresh.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
