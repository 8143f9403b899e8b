/**
 * How an emulator prints: a few lines with what a user needs (URLs, user,
 * collections, client ids, variables), not its internals, and never the
 * confidential client's secret.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { startEmulator } from "../../src/testing/emulator.ts";
import { JUPYTER_DISPLAY } from "../../src/notebook/display.ts";

// deno-lint-ignore no-explicit-any
const D = (globalThis as any).Deno;

for (const inProcess of [true, false]) {
  test(`an emulator (${inProcess ? "in process" : "worker"}) prints its URLs, ids and variables, not its secret or state`, async () => {
    const emu = await startEmulator({ inProcess });
    try {
      const secret = emu.confidentialClient.clientSecret;
      const views = [
        String(emu),
        inspect(emu),
        ...(D ? [D.inspect(emu)] : []),
        (emu as unknown as Record<symbol, () => Record<string, string>>)[
          JUPYTER_DISPLAY
        ]!()["text/plain"]!,
      ];
      for (const text of views) {
        assert.match(text, /^Globus emulator at http:\/\/127\.0\.0\.1:\d+\n/);
        assert.ok(text.includes(emu.transferUrl), text);
        assert.ok(text.includes(emu.collections.mapped), text);
        assert.ok(text.includes(emu.confidentialClient.clientId), text);
        assert.ok(
          text.includes(`GLOBUS_SDK_SERVICE_URL_AUTH=${emu.authUrl}`),
          text,
        );
        assert.ok(!text.includes(secret), "the client secret was printed");
        assert.ok(text.split("\n").length < 12, text);
      }
      // The secret is still there by name.
      assert.equal(typeof secret, "string");
      assert.ok(secret.length > 10);
    } finally {
      await emu.close();
    }
  });
}

for (const inProcess of [true, false]) {
  test(`a closed emulator (${inProcess ? "in process" : "worker"}) prints as closed, and refuses to mint, seed or approve`, async () => {
    const emu = await startEmulator({ inProcess });
    await emu.close();
    const text = String(emu);
    assert.match(
      text,
      /^Globus emulator at http:\/\/127\.0\.0\.1:\d+: closed \(close\(\) was called; it no longer answers/,
    );
    assert.ok(!text.includes(emu.root), "a removed folder was listed");
    assert.equal(
      (emu as unknown as Record<symbol, () => Record<string, string>>)[
        JUPYTER_DISPLAY
      ]!()["text/plain"],
      text,
    );
    // As the worker emulator's: the in-process one still minted and seeded.
    await assert.rejects(
      emu.mintTokens("openid"),
      /Cannot mint tokens: the emulator is closed/,
    );
    assert.throws(
      () => emu.seedTasks(2),
      /Cannot seed tasks: the emulator is closed/,
    );
    await assert.rejects(
      emu.approve(`${emu.authUrl}v2/oauth2/authorize?client_id=x`),
      /Cannot approve: the emulator is closed/,
    );
  });
}
