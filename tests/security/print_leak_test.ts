/**
 * What a user is likely to print — `console.log(resp.data)`,
 * `console.table(resp.data.other_tokens)`, `console.table(records)` — shows
 * no token, in Deno and in Node (a child process running the real global
 * console), while the tokens stay readable through their fields and in
 * `JSON.stringify` (the data form, which the token file needs).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import process from "node:process";
import { inspect } from "node:util";
import { OAuthTokenResponse } from "../../src/auth/token_response.ts";
import { isDeno } from "../../src/core/runtime.ts";
import { MemoryTokenStorage } from "../../src/tokens/memory_storage.ts";

const TOKENS = {
  at: "AT-top-secret-7f3a9c",
  rt: "RT-top-secret-8b1d2e",
  id: "IDT-secret-4c5d6e",
  xat: "AT-xfer-secret-9a8b7c",
  xrt: "RT-xfer-secret-6d5e4f",
};

function body(): Record<string, unknown> {
  return {
    access_token: TOKENS.at,
    refresh_token: TOKENS.rt,
    id_token: TOKENS.id,
    scope: "openid",
    token_type: "Bearer",
    expires_in: 3600,
    resource_server: "auth.globus.org",
    other_tokens: [{
      access_token: TOKENS.xat,
      refresh_token: TOKENS.xrt,
      scope: "urn:globus:auth:scope:transfer.api.globus.org:all",
      token_type: "Bearer",
      expires_in: 3600,
      resource_server: "transfer.api.globus.org",
    }],
  };
}

function assertNoToken(text: string, where: string): void {
  for (const t of Object.values(TOKENS)) {
    assert.ok(!text.includes(t), `${where} shows the token ${t}:\n${text}`);
  }
}

test("inspect of resp.data and of stored records shows [REDACTED], fields keep the tokens", async () => {
  const resp = new OAuthTokenResponse(body());
  const storage = new MemoryTokenStorage();
  await storage.storeTokenResponse(resp);
  const records = await storage.getTokenDataByResourceServer();
  // deno-lint-ignore no-explicit-any
  const D = (globalThis as any).Deno;
  for (const x of [resp.data, resp.byResourceServer, records]) {
    const shown = [inspect(x, { depth: 8 }), inspect(x, { showHidden: true })];
    if (D?.inspect) shown.push(D.inspect(x, { depth: 8 }));
    for (const s of shown) {
      assertNoToken(s, "inspect");
      assert.match(s, /\[REDACTED\]/);
    }
    // console.table reads own enumerable fields: the tokens are not among them.
    assertNoToken(JSON.stringify(Object.keys(x)), "Object.keys");
  }
  assert.deepEqual(Object.keys(resp.data).includes("access_token"), false);
  // Still readable by name…
  assert.equal(resp.data.access_token, TOKENS.at);
  assert.equal(resp.data.refresh_token, TOKENS.rt);
  assert.equal(resp.data.other_tokens?.[0]?.access_token, TOKENS.xat);
  assert.equal(resp.idToken, TOKENS.id);
  assert.equal(records["transfer.api.globus.org"]?.access_token, TOKENS.xat);
  assert.equal(records["transfer.api.globus.org"]?.refresh_token, TOKENS.xrt);
  // …and in the data form.
  assert.deepEqual(JSON.parse(JSON.stringify(resp.data)), body());
  assert.equal(
    JSON.parse(JSON.stringify(records))["auth.globus.org"].access_token,
    TOKENS.at,
  );
  // The response object itself redacts even in JSON (unchanged).
  assertNoToken(JSON.stringify(resp), "JSON.stringify(resp)");
});

test("records copied from one storage to another keep their tokens", async () => {
  const a = new MemoryTokenStorage();
  await a.storeTokenResponse(new OAuthTokenResponse(body()));
  const b = new MemoryTokenStorage();
  await b.storeTokenDataByResourceServer(
    await a.getTokenDataByResourceServer(),
  );
  const copied = await b.getTokenData("transfer.api.globus.org");
  assert.equal(copied?.access_token, TOKENS.xat);
  assert.equal(copied?.refresh_token, TOKENS.xrt);
});

function runChild(script: string): Promise<string> {
  const args = isDeno
    ? ["eval", "--no-check", script]
    : ["--input-type=module", "-e", script];
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      args,
      { env: { ...process.env, NO_COLOR: "1" }, maxBuffer: 1 << 20 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`${err.message}\n${stderr}`));
        else resolve(stdout + stderr);
      },
    );
  });
}

test("console.log and console.table in a real process print no token (Deno, and Node after the npm build)", async () => {
  const here = import.meta.url;
  const ext = here.endsWith(".ts") ? "ts" : "js";
  const src = new URL("../../src/", here).href;
  const script = `
const { OAuthTokenResponse } = await import(${
    JSON.stringify(`${src}auth/token_response.${ext}`)
  });
const { MemoryTokenStorage } = await import(${
    JSON.stringify(`${src}tokens/memory_storage.${ext}`)
  });
const resp = new OAuthTokenResponse(${JSON.stringify(body())});
console.log(resp.data);
console.table(resp.data.other_tokens);
console.log(resp.byResourceServer);
console.table(resp.byResourceServer);
const storage = new MemoryTokenStorage();
await storage.storeTokenResponse(resp);
const records = await storage.getTokenDataByResourceServer();
console.table(records);
console.table(Object.values(records));
console.log(records);
console.dir(records, { depth: 5 });
console.error(records["auth.globus.org"]);
console.log("readable:", resp.data.access_token === ${
    JSON.stringify(TOKENS.at)
  } && records["transfer.api.globus.org"].refresh_token === ${
    JSON.stringify(TOKENS.xrt)
  });
`;
  const out = await runChild(script);
  assertNoToken(out, "the console");
  assert.match(out, /\[REDACTED\]/);
  assert.match(out, /resource_server/, "the tables were printed");
  assert.match(out, /transfer\.api\.globus\.org/);
  assert.match(out, /readable: true/);
});

test("a client printed shows its base URL and app or authorizer, never a token (it showed its transport, the app authorizer's functions and undefined fields)", async () => {
  const { TransferClient } = await import(
    "../../src/transfer/transfer_client.ts"
  );
  const { AccessTokenAuthorizer } = await import(
    "../../src/authorizers/access_token.ts"
  );
  const tc = new TransferClient({
    authorizer: new AccessTokenAuthorizer(TOKENS.at),
    baseUrl: "https://transfer.example.org/",
  });
  const text = inspect(tc);
  assert.ok(!text.includes(TOKENS.at), text);
  assert.match(text, /^TransferClient \{/);
  assert.match(text, /baseUrl: ['"]https:\/\/transfer\.example\.org\/['"]/);
  assert.match(text, /authorizer: AccessTokenAuthorizer/);
  assert.doesNotMatch(text, /transport|display|undefined/);
});
