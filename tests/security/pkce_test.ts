/**
 * PKCE: every flow gets a fresh verifier of 32 random bytes (256 bits,
 * 43 base64url characters), never reused across 1000 flows, and the
 * challenge sent in the authorize URL is its S256 hash.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { createHash } from "node:crypto";
import { NativeAppAuthClient } from "../../src/auth/native_client.ts";
import type { FetchLike } from "../../src/core/transport.ts";

test("1000 flows: 43-character base64url verifiers from 32 random bytes, all distinct, challenge = S256(verifier)", async () => {
  const verifiers: string[] = [];
  const capture: FetchLike = (_input, init) => {
    const body = new URLSearchParams(String(init?.body ?? ""));
    verifiers.push(body.get("code_verifier") ?? "");
    return Promise.resolve(Response.json({
      access_token: "at",
      scope: "openid",
      expires_in: 3600,
      token_type: "Bearer",
      resource_server: "auth.globus.org",
      other_tokens: [],
    }));
  };
  const client = new NativeAppAuthClient(
    "61338d24-54d5-408f-a10d-66c06b59f6d2",
    { baseUrl: "https://auth.example.org/", fetch: capture, retry: false },
  );
  const challenges: string[] = [];
  for (let i = 0; i < 1000; i++) {
    const flow = client.oauth2StartFlow({ requestedScopes: "openid" });
    const url = new URL(flow.getAuthorizeUrl());
    assert.equal(url.searchParams.get("code_challenge_method"), "S256");
    challenges.push(url.searchParams.get("code_challenge") ?? "");
    await client.oauth2ExchangeCodeForTokens("code" + i);
  }
  assert.equal(verifiers.length, 1000);
  assert.equal(new Set(verifiers).size, 1000, "no verifier is reused");
  assert.equal(new Set(challenges).size, 1000);
  // 32 bytes → 43 base64url characters; the last one carries 4 bits.
  const lastChars = new Set<string>();
  const counts = new Map<string, number>();
  for (const [i, v] of verifiers.entries()) {
    assert.match(v, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(Buffer.from(v, "base64url").length, 32);
    assert.equal(
      createHash("sha256").update(v).digest("base64url"),
      challenges[i],
    );
    lastChars.add(v[42] as string);
    for (const c of v.slice(0, 42)) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  // All 64 symbols occur, none wildly over- or under-represented
  // (42 000 draws, expected 656 each; bounds are > 8 sigma away).
  assert.equal(counts.size, 64);
  for (const [c, n] of counts) assert.ok(n > 450 && n < 870, `${c}: ${n}`);
  assert.ok(lastChars.size <= 16 && lastChars.size >= 12);
});
