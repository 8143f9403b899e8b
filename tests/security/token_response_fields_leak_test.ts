/**
 * The token response's response surface (`text`, `headers`, `get()`, the
 * status) reads whole, yet printing the response — inspect in Deno and
 * Node, `String()`, `JSON.stringify`, `console.table`'s keys — never shows a
 * token, also not through `text`.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { NativeAppAuthClient } from "../../src/auth/native_client.ts";
import { startEmulator } from "../../src/testing/emulator.ts";
import { TUTORIAL_CLIENT_ID } from "../../src/auth/constants.ts";

test("a real token response: text holds the tokens, printing the response shows none", async () => {
  const emu = await startEmulator({ inProcess: true });
  try {
    const client = new NativeAppAuthClient(TUTORIAL_CLIENT_ID, {
      baseUrl: emu.authUrl,
    });
    client.oauth2StartFlow({ refreshTokens: true });
    const code = await emu.approve(client.oauth2GetAuthorizeUrl());
    const resp = await client.oauth2ExchangeCodeForTokens(code);
    const tokens = Object.values(resp.byResourceServer).flatMap((t) => [
      t.access_token,
      t.refresh_token ?? "",
    ]).filter((t) => t.length > 0);
    if (resp.idToken) tokens.push(resp.idToken);
    assert.ok(tokens.length >= 3);
    // The fields read whole.
    assert.equal(resp.httpStatus, 200);
    assert.equal(resp.httpReason, "OK");
    assert.match(resp.contentType ?? "", /application\/json/);
    assert.ok(resp.text.includes(resp.get("access_token") as string));
    assert.equal(JSON.parse(resp.text).access_token, resp.data.access_token);
    assert.equal(resp.get("no_such_field", "dflt"), "dflt");
    // Printing does not.
    // deno-lint-ignore no-explicit-any
    const D = (globalThis as any).Deno;
    const shown = [
      inspect(resp, { depth: 10, showHidden: true, getters: true }),
      String(resp),
      JSON.stringify(resp),
      JSON.stringify(Object.keys(resp)),
      inspect(resp.headers),
      D?.inspect ? D.inspect(resp, { depth: 10, getters: true }) : "",
    ].join("\n");
    for (const t of tokens) {
      assert.ok(!shown.includes(t), `a token is shown:\n${shown}`);
    }
    assert.ok(!Object.keys(resp).includes("text"));
  } finally {
    await emu.close();
  }
});
