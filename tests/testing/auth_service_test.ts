import { test } from "node:test";
import assert from "node:assert/strict";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { startEmulator } from "../../src/testing/emulator.ts";
import {
  api,
  authorizeUrl,
  login,
  pkce,
  postForm,
  TRANSFER,
} from "./_helpers.ts";

const CODE_PAGE = (base: string) => `${base}v2/web/auth-code`;

test("authorization code flow with PKCE returns tokens grouped by resource server", async () => {
  const emu = await startEmulator();
  try {
    const r = await login(emu, `openid profile email ${TRANSFER}`, {
      offline: true,
    });
    assert.equal(r.status, 200);
    const t = r.body;
    assert.equal(t.resource_server, "auth.globus.org");
    assert.equal(t.scope, "openid profile email");
    assert.equal(t.token_type, "Bearer");
    assert.equal(t.expires_in, 172800);
    assert.equal(t.state, "_default");
    assert.ok(t.access_token.length >= 48);
    assert.match(t.access_token, /^[A-Za-z0-9_-]+$/);
    assert.equal(typeof t.refresh_token, "string");
    assert.equal(typeof t.id_token, "string");
    assert.equal(t.other_tokens.length, 1);
    const tr = t.other_tokens[0];
    assert.equal(tr.resource_server, "transfer.api.globus.org");
    assert.equal(tr.scope, TRANSFER);
    assert.equal(typeof tr.refresh_token, "string");
    assert.equal(tr.id_token, undefined);
    // the transfer token works on Transfer
    const ls = await api(
      emu,
      tr.access_token,
      "GET",
      `endpoint/${emu.collections.tutorial1}`,
    );
    assert.equal(ls.status, 200);
  } finally {
    await emu.close();
  }
});

test("no refresh tokens without access_type=offline; first requested RS is top level", async () => {
  const emu = await startEmulator();
  try {
    const r = await login(emu, `${TRANSFER} openid`);
    assert.equal(r.status, 200);
    assert.equal(r.body.resource_server, "transfer.api.globus.org");
    assert.equal(r.body.refresh_token, undefined);
    assert.equal(r.body.other_tokens[0].resource_server, "auth.globus.org");
    assert.equal(typeof r.body.id_token, "string");
  } finally {
    await emu.close();
  }
});

test("code exchange rejects a wrong verifier, a reused code and a mismatched redirect_uri", async () => {
  const emu = await startEmulator();
  try {
    const { verifier, challenge } = pkce();
    const code = await emu.approve(authorizeUrl(emu, { challenge }));
    const base = {
      grant_type: "authorization_code",
      code,
      redirect_uri: CODE_PAGE(emu.authUrl),
      client_id: emu.nativeClientId,
    };
    const wrong = await postForm(emu, "v2/oauth2/token", {
      ...base,
      code_verifier: pkce().verifier,
    });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error, "invalid_grant");
    const missing = await postForm(emu, "v2/oauth2/token", base);
    assert.equal(missing.body.error, "invalid_grant");
    const badRedirect = await postForm(emu, "v2/oauth2/token", {
      ...base,
      code_verifier: verifier,
      redirect_uri: "http://localhost:9999/callback",
    });
    assert.equal(badRedirect.status, 400);
    assert.equal(badRedirect.body.error, "invalid_grant");
    const ok = await postForm(emu, "v2/oauth2/token", {
      ...base,
      code_verifier: verifier,
    });
    assert.equal(ok.status, 200);
    const again = await postForm(emu, "v2/oauth2/token", {
      ...base,
      code_verifier: verifier,
    });
    assert.equal(again.status, 400);
    assert.equal(again.body.error, "invalid_grant");
    const otherClient = await postForm(emu, "v2/oauth2/token", {
      ...base,
      client_id: "0b1c9a0e-0000-4000-8000-000000000001",
      code_verifier: verifier,
    });
    assert.equal(otherClient.body.error, "invalid_grant");
  } finally {
    await emu.close();
  }
});

test("codes expire after 600 seconds (fake clock)", async () => {
  let now = Date.parse("2030-01-01T00:00:00Z");
  const emu = await startEmulator({ clock: { now: () => now } });
  try {
    const { verifier, challenge } = pkce();
    const code = await emu.approve(authorizeUrl(emu, { challenge }));
    now += 601_000;
    const r = await postForm(emu, "v2/oauth2/token", {
      grant_type: "authorization_code",
      code,
      code_verifier: verifier,
      redirect_uri: CODE_PAGE(emu.authUrl),
      client_id: emu.nativeClientId,
    });
    assert.equal(r.status, 400);
    assert.equal(r.body.error, "invalid_grant");
  } finally {
    await emu.close();
  }
});

test("native apps must use PKCE S256; unknown UUID clients are accepted", async () => {
  const emu = await startEmulator();
  try {
    await assert.rejects(emu.approve(authorizeUrl(emu)), /PKCE/);
    const { challenge } = pkce();
    await assert.rejects(
      emu.approve(
        authorizeUrl(emu, {
          challenge,
          redirectUri: "https://evil.example/cb",
        }),
      ),
      /redirect_uri/,
    );
    const anyClient = "7a0d1c3e-1111-4222-8333-944455556666";
    const r = await login(emu, TRANSFER, { clientId: anyClient });
    assert.equal(r.status, 200);
    await assert.rejects(
      emu.approve(authorizeUrl(emu, { clientId: "not-a-uuid", challenge })),
      /client_id/,
    );
  } finally {
    await emu.close();
  }
});

test("refresh grant issues a new access token and keeps the refresh token", async () => {
  const emu = await startEmulator();
  try {
    const r = await login(emu, TRANSFER, { offline: true });
    const rt = r.body.refresh_token;
    const refreshed = await postForm(emu, "v2/oauth2/token", {
      grant_type: "refresh_token",
      refresh_token: rt,
      client_id: emu.nativeClientId,
    });
    assert.equal(refreshed.status, 200);
    assert.equal(refreshed.body.resource_server, "transfer.api.globus.org");
    assert.notEqual(refreshed.body.access_token, r.body.access_token);
    assert.equal(refreshed.body.refresh_token, rt);
    assert.deepEqual(refreshed.body.other_tokens, []);
    const bad = await postForm(emu, "v2/oauth2/token", {
      grant_type: "refresh_token",
      refresh_token: "nope",
      client_id: emu.nativeClientId,
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error, "invalid_grant");
  } finally {
    await emu.close();
  }
});

test("client credentials with Basic auth; bad secret is 401 invalid_client", async () => {
  const emu = await startEmulator();
  try {
    const { clientId, clientSecret } = emu.confidentialClient;
    const ok = await postForm(
      emu,
      "v2/oauth2/token",
      { grant_type: "client_credentials", scope: `${TRANSFER} openid` },
      { id: clientId, secret: clientSecret },
    );
    assert.equal(ok.status, 200);
    assert.equal(ok.body.resource_server, "transfer.api.globus.org");
    assert.equal(ok.body.refresh_token, undefined);
    assert.equal(typeof ok.body.id_token, "string");
    const ls = await api(
      emu,
      ok.body.access_token,
      "GET",
      "endpoint_search?filter_fulltext=tutorial",
    );
    assert.equal(ls.status, 200);
    const bad = await postForm(
      emu,
      "v2/oauth2/token",
      { grant_type: "client_credentials", scope: TRANSFER },
      { id: clientId, secret: "wrong" },
    );
    assert.equal(bad.status, 401);
    assert.equal(bad.body.error, "invalid_client");
    const noAuth = await postForm(emu, "v2/oauth2/token", {
      grant_type: "client_credentials",
      scope: TRANSFER,
      client_id: clientId,
    });
    assert.equal(noAuth.status, 401);
    const unsupported = await postForm(emu, "v2/oauth2/token", {
      grant_type: "password",
    });
    assert.equal(unsupported.body.error, "unsupported_grant_type");
  } finally {
    await emu.close();
  }
});

test("options register extra confidential clients", async () => {
  const emu = await startEmulator({
    clients: [{ clientId: "my-service", clientSecret: "s3cret", name: "Svc" }],
  });
  try {
    const ok = await postForm(
      emu,
      "v2/oauth2/token",
      { grant_type: "client_credentials", scope: TRANSFER },
      { id: "my-service", secret: "s3cret" },
    );
    assert.equal(ok.status, 200);
  } finally {
    await emu.close();
  }
});

test("dependent token grant returns a bare array", async () => {
  const emu = await startEmulator();
  try {
    const { clientId, clientSecret } = emu.confidentialClient;
    // Dependent tokens are only for a token issued to the requesting client.
    const user = { body: await emu.mintTokens("openid", { clientId }) };
    const r = await postForm(
      emu,
      "v2/oauth2/token",
      {
        grant_type: "urn:globus:auth:grant_type:dependent_token",
        token: user.body.access_token,
        scope: TRANSFER,
        access_type: "offline",
      },
      { id: clientId, secret: clientSecret },
    );
    assert.equal(r.status, 200);
    assert.ok(Array.isArray(r.body));
    assert.equal(r.body[0].resource_server, "transfer.api.globus.org");
    assert.equal(typeof r.body[0].refresh_token, "string");
    const t = await api(emu, r.body[0].access_token, "GET", "task_list");
    assert.equal(t.status, 200);
    const bad = await postForm(
      emu,
      "v2/oauth2/token",
      { grant_type: "urn:globus:auth:grant_type:dependent_token", token: "x" },
      { id: clientId, secret: clientSecret },
    );
    assert.equal(bad.body.error, "invalid_grant");
  } finally {
    await emu.close();
  }
});

test("revoked access and refresh tokens stop working", async () => {
  const emu = await startEmulator();
  try {
    const r = await login(emu, TRANSFER, { offline: true });
    const at = r.body.access_token;
    assert.equal((await api(emu, at, "GET", "task_list")).status, 200);
    const rev = await postForm(emu, "v2/oauth2/token/revoke", {
      token: at,
      client_id: emu.nativeClientId,
    });
    assert.equal(rev.status, 200);
    assert.deepEqual(rev.body, { active: false });
    const after = await api(emu, at, "GET", "task_list");
    assert.equal(after.status, 401);
    assert.equal(after.body.code, "AuthenticationFailed");
    assert.equal(typeof after.body.request_id, "string");
    assert.equal(after.body.resource, "/v0.10/task_list");
    // refresh still works until the refresh token is revoked
    const refreshed = await postForm(emu, "v2/oauth2/token", {
      grant_type: "refresh_token",
      refresh_token: r.body.refresh_token,
      client_id: emu.nativeClientId,
    });
    assert.equal(refreshed.status, 200);
    await postForm(emu, "v2/oauth2/token/revoke", {
      token: r.body.refresh_token,
      client_id: emu.nativeClientId,
    });
    assert.equal(
      (await api(emu, refreshed.body.access_token, "GET", "task_list")).status,
      401,
    );
    const again = await postForm(emu, "v2/oauth2/token", {
      grant_type: "refresh_token",
      refresh_token: r.body.refresh_token,
      client_id: emu.nativeClientId,
    });
    assert.equal(again.body.error, "invalid_grant");
  } finally {
    await emu.close();
  }
});

test("expired and wrong-resource-server tokens are rejected by Transfer", async () => {
  let now = Date.parse("2030-01-01T00:00:00Z");
  const emu = await startEmulator({
    clock: { now: () => now },
    tokenLifetimeS: 60,
  });
  try {
    const r = await login(emu, `openid ${TRANSFER}`);
    assert.equal(r.body.expires_in, 60);
    const auth = r.body.access_token;
    const transfer = r.body.other_tokens[0].access_token;
    assert.equal((await api(emu, auth, "GET", "task_list")).status, 401);
    assert.equal((await api(emu, null, "GET", "task_list")).status, 401);
    assert.equal((await api(emu, "garbage", "GET", "task_list")).status, 401);
    assert.equal((await api(emu, transfer, "GET", "task_list")).status, 200);
    now += 61_000;
    const expired = await api(emu, transfer, "GET", "task_list");
    assert.equal(expired.status, 401);
    assert.equal(expired.body.code, "AuthenticationFailed");
  } finally {
    await emu.close();
  }
});

test("id_token is RS512-signed and verifies against the JWKS from the OpenID configuration", async () => {
  const emu = await startEmulator();
  try {
    const conf =
      await (await fetch(`${emu.authUrl}.well-known/openid-configuration`))
        .json();
    assert.equal(conf.issuer, emu.authUrl.replace(/\/$/, ""));
    assert.deepEqual(conf.id_token_signing_alg_values_supported, ["RS512"]);
    assert.equal(conf.token_endpoint, `${emu.authUrl}v2/oauth2/token`);
    const r = await login(emu, "openid profile email");
    const jwks = createRemoteJWKSet(new URL(conf.jwks_uri));
    const { payload, protectedHeader } = await jwtVerify(
      r.body.id_token,
      jwks,
      {
        audience: emu.nativeClientId,
        issuer: conf.issuer,
        algorithms: ["RS512"],
      },
    );
    assert.equal(protectedHeader.alg, "RS512");
    assert.equal(payload.sub, emu.user.id);
    assert.equal(payload.preferred_username, "demo@globus-emulator.org");
    assert.equal(payload.email, emu.user.email);
    assert.equal(typeof payload.at_hash, "string");
    assert.equal(payload.identity_provider, emu.user.identity_provider);
    assert.equal(typeof payload.exp, "number");
  } finally {
    await emu.close();
  }
});

test("consent page escapes a hostile client name and scope, then redirects to loopback with code and state", async () => {
  const emu = await startEmulator({
    clients: [{
      clientId: "a0a0a0a0-b1b1-4c2c-8d3d-e4e4e4e4e4e4",
      name: `<img src=x onerror="alert(1)">&"'`,
    }],
  });
  try {
    const { verifier, challenge } = pkce();
    // A collection scope (any id is known to the emulator) with a hostile id.
    const hostileScope =
      `https://auth.globus.org/scopes/<script>alert(1)<script>/data_access`;
    const url = authorizeUrl(emu, {
      clientId: "a0a0a0a0-b1b1-4c2c-8d3d-e4e4e4e4e4e4",
      scope: `${TRANSFER} ${hostileScope}`,
      redirectUri: "http://127.0.0.1:8765/callback",
      state: "st<ate>",
      challenge,
      extra: {
        session_required_identities: "abc,def",
        session_message: "<b>please</b>",
        prompt: "login",
      },
    });
    const page = await fetch(url);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.ok(!html.includes("<script>"));
    assert.ok(!html.includes("<img"));
    assert.ok(!html.includes("<b>please"));
    assert.ok(html.includes("&#60;script&#62;"));
    assert.ok(html.includes("&#60;img src&#61;x"));
    assert.ok(html.includes('id="allow"'));
    assert.ok(html.includes("session_required_identities"));
    assert.ok(html.includes("prompt"));
    const requestId = html.match(/name="request_id" value="([^"]+)"/)?.[1];
    assert.ok(requestId);
    const post = await fetch(`${emu.authUrl}v2/oauth2/authorize`, {
      method: "POST",
      body: new URLSearchParams({ request_id: requestId, decision: "allow" }),
      redirect: "manual",
    });
    assert.equal(post.status, 302);
    const loc = new URL(post.headers.get("location") ?? "");
    assert.equal(loc.origin + loc.pathname, "http://127.0.0.1:8765/callback");
    assert.equal(loc.searchParams.get("state"), "st<ate>");
    const code = loc.searchParams.get("code") ?? "";
    const last = emu.authorizations.at(-1);
    assert.equal(last?.session.prompt, "login");
    assert.equal(last?.session.session_required_identities, "abc,def");
    const tok = await postForm(emu, "v2/oauth2/token", {
      grant_type: "authorization_code",
      code,
      code_verifier: verifier,
      redirect_uri: "http://127.0.0.1:8765/callback",
      client_id: "a0a0a0a0-b1b1-4c2c-8d3d-e4e4e4e4e4e4",
    });
    assert.equal(tok.status, 200);
    // the request id is single-use
    const replay = await fetch(`${emu.authUrl}v2/oauth2/authorize`, {
      method: "POST",
      body: new URLSearchParams({ request_id: requestId, decision: "allow" }),
      redirect: "manual",
    });
    assert.equal(replay.status, 400);
    await replay.body?.cancel();
  } finally {
    await emu.close();
  }
});

test("Allow with the default redirect lands on the code page; Deny redirects with access_denied", async () => {
  const emu = await startEmulator();
  try {
    const { challenge } = pkce();
    const html = await (await fetch(authorizeUrl(emu, { challenge }))).text();
    const id = html.match(/name="request_id" value="([^"]+)"/)?.[1] ?? "";
    const post = await fetch(`${emu.authUrl}v2/oauth2/authorize`, {
      method: "POST",
      body: new URLSearchParams({ request_id: id, decision: "allow" }),
    });
    assert.equal(post.status, 200);
    assert.ok(post.url.startsWith(`${emu.authUrl}v2/web/auth-code?`));
    const page = await post.text();
    const code = page.match(/id="auth-code">([^<]+)</)?.[1];
    assert.ok(code && code.length > 20);
    const xss = await (await fetch(
      `${emu.authUrl}v2/web/auth-code?code=<script>x</script>`,
    ))
      .text();
    assert.ok(!xss.includes("<script>x"));
    const html2 = await (await fetch(authorizeUrl(emu, {
      challenge,
      redirectUri: "http://localhost:1234/cb",
    }))).text();
    const id2 = html2.match(/name="request_id" value="([^"]+)"/)?.[1] ?? "";
    const deny = await fetch(`${emu.authUrl}v2/oauth2/authorize`, {
      method: "POST",
      body: new URLSearchParams({ request_id: id2, decision: "deny" }),
      redirect: "manual",
    });
    assert.equal(deny.status, 302);
    assert.equal(
      new URL(deny.headers.get("location") ?? "").searchParams.get("error"),
      "access_denied",
    );
  } finally {
    await emu.close();
  }
});

test("autoApprove redirects straight away; the control route approves out of process", async () => {
  const emu = await startEmulator({ autoApprove: true });
  try {
    const { challenge } = pkce();
    const r = await fetch(
      authorizeUrl(emu, {
        challenge,
        redirectUri: "http://localhost:5555/cb",
        state: "xyz",
      }),
      { redirect: "manual" },
    );
    assert.equal(r.status, 302);
    const loc = new URL(r.headers.get("location") ?? "");
    assert.equal(loc.searchParams.get("state"), "xyz");
    assert.ok(loc.searchParams.get("code"));
    for (const path of ["_emulator/approve", "auth/_emulator/approve"]) {
      const c = await fetch(`${emu.url}/${path}`, {
        method: "POST",
        body: JSON.stringify({
          authorize_url: authorizeUrl(emu, { challenge }),
        }),
      });
      assert.equal(c.status, 200);
      const body = await c.json();
      assert.equal(typeof body.code, "string");
    }
    const bad = await fetch(`${emu.url}/_emulator/approve`, {
      method: "POST",
      body: JSON.stringify({ authorize_url: "http://x/" }),
    });
    assert.equal(bad.status, 400);
    await bad.body?.cancel();
  } finally {
    await emu.close();
  }
});

test("introspect, userinfo, identities and consents", async () => {
  const emu = await startEmulator();
  try {
    const r = await login(
      emu,
      `openid profile email urn:globus:auth:scope:auth.globus.org:view_identities ${TRANSFER}[*https://auth.globus.org/scopes/${emu.collections.mapped}/data_access]`,
    );
    const at = r.body.access_token;
    const { clientId, clientSecret } = emu.confidentialClient;
    const intro = await postForm(
      emu,
      "v2/oauth2/token/introspect",
      { token: r.body.other_tokens[0].access_token, include: "identity_set" },
      { id: clientId, secret: clientSecret },
    );
    assert.equal(intro.status, 200);
    assert.equal(intro.body.active, true);
    assert.equal(intro.body.sub, emu.user.id);
    assert.deepEqual(intro.body.identity_set, [emu.user.id]);
    assert.deepEqual(intro.body.aud, [
      "transfer.api.globus.org",
      emu.nativeClientId,
    ]);
    const inactive = await postForm(
      emu,
      "v2/oauth2/token/introspect",
      { token: "nope" },
      { id: clientId, secret: clientSecret },
    );
    assert.deepEqual(inactive.body, { active: false });
    const noBasic = await postForm(emu, "v2/oauth2/token/introspect", {
      token: at,
    });
    assert.equal(noBasic.status, 401);

    const ui = await fetch(`${emu.authUrl}v2/oauth2/userinfo`, {
      headers: { authorization: `Bearer ${at}` },
    });
    const info = await ui.json();
    assert.equal(info.sub, emu.user.id);
    assert.equal(info.preferred_username, emu.user.username);
    assert.equal(info.email, emu.user.email);
    const unauth = await fetch(`${emu.authUrl}v2/oauth2/userinfo`);
    assert.equal(unauth.status, 401);
    assert.equal((await unauth.json()).errors[0].code, "UNAUTHORIZED");

    // An unknown username is left out (provision=false, the default)...
    const plain = await (await fetch(
      `${emu.authUrl}v2/api/identities?usernames=demo@globus-emulator.org,someone@example.org&provision=false`,
      { headers: { authorization: `Bearer ${at}` } },
    )).json();
    assert.deepEqual(
      plain.identities.map((i: { username: string }) => i.username),
      ["demo@globus-emulator.org"],
    );
    // ...and made, unused, with provision=true.
    const ids = await fetch(
      `${emu.authUrl}v2/api/identities?usernames=demo@globus-emulator.org,someone@example.org&provision=true`,
      { headers: { authorization: `Bearer ${at}` } },
    );
    const body = await ids.json();
    assert.equal(body.identities.length, 2);
    assert.equal(body.identities[0].id, emu.user.id);
    assert.equal(body.identities[1].status, "unused");
    const byId = await (await fetch(
      `${emu.authUrl}v2/api/identities?ids=${body.identities[1].id}`,
      { headers: { authorization: `Bearer ${at}` } },
    )).json();
    assert.equal(byId.identities[0].username, "someone@example.org");

    const consents = await (await fetch(
      `${emu.authUrl}v2/api/identities/${emu.user.id}/consents`,
      { headers: { authorization: `Bearer ${at}` } },
    )).json();
    const names = consents.consents.map((c: { scope_name: string }) =>
      c.scope_name
    );
    assert.ok(names.includes(TRANSFER));
    assert.ok(
      names.includes(
        `https://auth.globus.org/scopes/${emu.collections.mapped}/data_access`,
      ),
    );
    const dep = consents.consents.find((c: { scope_name: string }) =>
      c.scope_name.endsWith("data_access")
    );
    assert.equal(dep.dependency_path.length, 2);

    const jwks = await (await fetch(`${emu.authUrl}jwk.json`)).json();
    assert.equal(jwks.keys[0].alg, "RS512");
    assert.equal(jwks.keys[0].kty, "RSA");
  } finally {
    await emu.close();
  }
});
