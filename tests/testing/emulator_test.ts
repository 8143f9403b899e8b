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

test("mintTokens' result prints its tokens as [REDACTED] and keeps them whole by name and in JSON, in process and through the worker thread", async () => {
  const { inspect } = await import("node:util");
  for (const inProcess of [true, false]) {
    const emu = await startEmulator({ inProcess });
    try {
      const t = await emu.mintTokens(
        "urn:globus:auth:scope:transfer.api.globus.org:all openid",
        { refreshTokens: true },
      );
      const tokens = [
        t.access_token,
        t.refresh_token,
        t.other_tokens?.[0]?.access_token,
        t.other_tokens?.[0]?.refresh_token,
      ];
      for (const token of tokens) {
        assert.equal(typeof token, "string", `inProcess ${inProcess}`);
        assert.ok((token as string).length > 10);
      }
      // deno-lint-ignore no-explicit-any
      const D = (globalThis as any).Deno;
      const shown = inspect(t, { depth: 6 }) +
        (D ? D.inspect(t, { depth: 6 }) : "");
      assert.match(shown, /\[REDACTED\]/);
      for (const token of tokens) {
        assert.ok(!shown.includes(token as string), `inProcess ${inProcess}`);
        assert.ok(JSON.stringify(t).includes(token as string));
      }
    } finally {
      await emu.close();
    }
  }
});

test("`await using emulator = await startEmulator()` closes it at the end of the block, in process and in the worker thread", async () => {
  for (const inProcess of [true, false]) {
    let url: string;
    {
      await using emulator = await startEmulator({ inProcess });
      url = emulator.url;
      const res = await fetch(`${emulator.transferUrl}v0.10/endpoint_search`);
      await res.body?.cancel();
      assert.equal(res.status, 401);
    }
    // Closed: nothing answers at its address any more.
    await assert.rejects(fetch(`${url}/transfer/v0.10/endpoint_search`));
  }
});

test("a port in use fails startEmulator() saying to pick another or leave 'port' out, in process and in the worker thread", async () => {
  const first = await startEmulator({ inProcess: true });
  try {
    for (const inProcess of [true, false]) {
      await assert.rejects(
        () => startEmulator({ inProcess, port: first.port }),
        (e: unknown) => {
          assert.ok(e instanceof Error && e.constructor === Error, String(e));
          assert.equal((e as { code?: string }).code, "EADDRINUSE");
          assert.equal(
            e.message,
            `Cannot start the emulator on port ${first.port}: it is in use (by another emulator or program). Pick another port, or leave 'port' out and a free one is chosen (emulator.port says which)`,
          );
          return true;
        },
      );
    }
  } finally {
    await first.close();
  }
});

test("mintTokens refuses a misspelled scope, as a token request is refused (invalid_scope), in process and through the worker thread", async () => {
  for (const inProcess of [true, false]) {
    const emu = await startEmulator({ inProcess });
    try {
      await assert.rejects(
        emu.mintTokens("urn:globus:auth:scope:transfer.api.globus.org:al"),
        {
          message:
            /^Cannot mint tokens for the unknown scope 'urn:globus:auth:scope:transfer\.api\.globus\.org:al' \(Globus Auth would refuse it with invalid_scope\): check its spelling/,
        },
      );
      // Left out (JavaScript): it read "Cannot read properties of
      // undefined (reading 'match')".
      await assert.rejects(
        (emu.mintTokens as (s?: unknown) => Promise<unknown>)(),
        {
          name: "TypeError",
          message:
            /^Emulator\.mintTokens\(\) needs the scopes to mint tokens for \(a scope string, a Scope or a list of them\), not undefined: e\.g\. emulator\.mintTokens\(TransferClient\.scopes\.all\)$/,
        },
      );
      // A collection's data_access scope is known.
      const scope =
        `https://auth.globus.org/scopes/${emu.collections.tutorial1}/data_access`;
      assert.ok((await emu.mintTokens(scope)).access_token);
    } finally {
      await emu.close();
    }
  }
});
