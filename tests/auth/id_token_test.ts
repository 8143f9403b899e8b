import { test } from "node:test";
import assert from "node:assert/strict";
import { exportSPKI, generateKeyPair, importJWK } from "jose";
import {
  clearIdTokenCaches,
  type DecodeIdTokenOptions,
  IdTokenVerificationError,
  type OpenIdConfiguration,
} from "../../src/auth/id_token.ts";
import { OAuthTokenResponse } from "../../src/auth/token_response.ts";
import { HttpTransport } from "../../src/core/transport.ts";
import { AuthAPIError } from "../../src/core/errors.ts";
import { fakeClock } from "../_helpers/fake_clock.ts";
import { fakeFetch, json } from "../_helpers/fake_fetch.ts";
import { fixture, SKIP_FIXTURES } from "../_helpers/globus_fixtures.ts";

const CLIENT_ID = "7fb58e00-839d-44e3-8047-10a502612dca";
const IAT = 1621481011;
const EXP = 1621653811;
const skip = SKIP_FIXTURES;

function load() {
  const body = fixture(
    "raw/tests/auth.token_response.with_id_token_and_other_tokens.json",
  ) as Record<string, unknown>;
  const config = fixture(
    "raw/tests/auth.openid_configuration.json",
  ) as OpenIdConfiguration;
  const jwk = fixture("raw/tests/auth.jwk.json") as { keys: unknown[] };
  return { body, config, jwk };
}

function setup(nowSeconds: number, body?: Record<string, unknown>) {
  clearIdTokenCaches();
  const f = load();
  const ff = fakeFetch([json(f.config), json(f.jwk)]);
  const clock = fakeClock({ startMs: nowSeconds * 1000 });
  const response = new OAuthTokenResponse(body ?? f.body, {
    clientId: CLIENT_ID,
    authBaseUrl: "https://auth.globus.org/",
    transport: new HttpTransport({ fetch: ff.fetch, clock, retry: false }),
    clock,
  });
  return { ...f, ff, response };
}

function tamper(token: string): string {
  const [h, p, s] = token.split(".") as [string, string, string];
  const claims = JSON.parse(atob(p.replace(/-/g, "+").replace(/_/g, "/")));
  claims.name = "Mallory";
  const enc = btoa(JSON.stringify(claims)).replace(/\+/g, "-").replace(
    /\//g,
    "_",
  ).replace(/=+$/, "");
  return `${h}.${enc}.${s}`;
}

test("decodeIdToken verifies the real RS512 id_token with the fetched JWKS", {
  skip,
}, async () => {
  const { response, ff } = setup(IAT);
  const claims = await response.decodeIdToken();
  assert.equal(claims.sub, "c8aad43e-d274-11e5-bf98-8b02896cf782");
  assert.equal(claims.aud, CLIENT_ID);
  assert.equal(claims.preferred_username, "sirosen2@globusid.org");
  assert.deepEqual(ff.requests.map((r) => `${r.method} ${r.url}`), [
    "GET https://auth.globus.org/.well-known/openid-configuration",
    "GET https://auth.globus.org/jwk.json",
  ]);
  assert.equal(ff.requests[0]?.headers["authorization"], undefined);
  // The configuration and keys are cached per auth service.
  await response.decodeIdToken();
  assert.equal(ff.requests.length, 2);
});

test("decodeIdToken accepts explicit configuration and key without fetching", {
  skip,
}, async () => {
  const { response, ff, config, jwk } = setup(IAT);
  const claims = await response.decodeIdToken({
    openidConfiguration: config,
    jwk: jwk.keys[0] as { kty: string },
  });
  assert.equal(claims.sub, "c8aad43e-d274-11e5-bf98-8b02896cf782");
  assert.equal(ff.requests.length, 0);
});

test(
  "decodeIdToken takes the key as PEM text, as getJwk(…, { asPem: true }) gives it (Python: get_jwk(as_pem=True))",
  {
    skip,
  },
  async () => {
    const { response, ff, config, jwk } = setup(IAT);
    const first = jwk.keys[0] as Parameters<typeof importJWK>[0];
    const pem = await exportSPKI(
      await importJWK(first, "RS512", { extractable: true }) as CryptoKey,
    );
    const claims = await response.decodeIdToken({
      openidConfiguration: config,
      jwk: pem,
    });
    assert.equal(claims.sub, "c8aad43e-d274-11e5-bf98-8b02896cf782");
    assert.equal(ff.requests.length, 0);
    // Another key's PEM does not verify it.
    const { publicKey } = await generateKeyPair("RS512", { extractable: true });
    await assert.rejects(
      response.decodeIdToken({
        openidConfiguration: config,
        jwk: await exportSPKI(publicKey),
      }),
      (err: unknown) =>
        err instanceof IdTokenVerificationError &&
        err.code === "ERR_JWS_SIGNATURE_VERIFICATION_FAILED",
    );
  },
);

test(
  "decodeIdToken refuses unknown options (Python's jwt_params named), a jwk that is no key, and a configuration without jwks_uri, before any request",
  {
    skip,
  },
  async () => {
    const { response, ff, config } = setup(IAT);
    await assert.rejects(
      response.decodeIdToken(
        { jwt_params: { leeway: 600 } } as unknown as DecodeIdTokenOptions,
      ),
      {
        name: "TypeError",
        message:
          `decodeIdToken(): unknown option 'jwt_params'; the Python SDK's jwt_params are options of their own here: {"leeway": n} is clockToleranceSeconds: n, {"verify_exp": False} is verifyExp: false (its other keys have no counterpart)`,
      },
    );
    await assert.rejects(
      response.decodeIdToken(
        { openid_configuration: config } as unknown as DecodeIdTokenOptions,
      ),
      /^TypeError: decodeIdToken\(\): unknown option 'openid_configuration'; did you mean 'openidConfiguration'\?/,
    );
    await assert.rejects(
      response.decodeIdToken({ jwk: "not a key" }),
      /^TypeError: decodeIdToken\(\): 'jwk' must be a JWK or key set \(as getJwk\(\) returns it\) or a PEM public key \(getJwk\(config, \{ asPem: true \}\)\): current value is a string that is not a PEM public key$/,
    );
    const { jwks_uri: _, ...noUri } = config;
    await assert.rejects(
      response.decodeIdToken({
        openidConfiguration: noUri as OpenIdConfiguration,
      }),
      /^TypeError: decodeIdToken\(\): the 'openidConfiguration' given has no 'jwks_uri'/,
    );
    assert.equal(ff.requests.length, 0);
  },
);

test("decodeIdToken allows 300 s of clock leeway", { skip }, async () => {
  const ok = setup(EXP + 200);
  await ok.response.decodeIdToken();
  const late = setup(EXP + 400);
  await assert.rejects(late.response.decodeIdToken(), (err: unknown) => {
    assert.ok(err instanceof IdTokenVerificationError);
    assert.equal(err.code, "ERR_JWT_EXPIRED");
    return true;
  });
});

test(
  "decodeIdToken rejects an expired token (clock far later)",
  { skip },
  async () => {
    const { response } = setup(IAT + 10 * 365 * 86400);
    await assert.rejects(response.decodeIdToken(), (err: unknown) => {
      assert.ok(err instanceof IdTokenVerificationError);
      assert.equal(err.code, "ERR_JWT_EXPIRED");
      assert.match(err.message, /The id_token is not valid/);
      return true;
    });
  },
);

test(
  'decodeIdToken({ verifyExp: false }) accepts an expired token, as Python\'s jwt_params={"verify_exp": False}, and still checks the signature and audience',
  { skip },
  async () => {
    const later = IAT + 10 * 365 * 86400;
    const { response } = setup(later);
    const claims = await response.decodeIdToken({ verifyExp: false });
    assert.equal(claims["preferred_username"], "sirosen2@globusid.org");
    assert.equal(claims.exp, EXP);
    // null is left out: the expiry is checked.
    await assert.rejects(
      setup(later).response.decodeIdToken({ verifyExp: null }),
      { code: "ERR_JWT_EXPIRED" },
    );
    // Python's decode_id_token(jwt_params={"verify_exp": False}), named.
    await assert.rejects(
      setup(later).response.decodeIdToken(
        { jwtParams: { verify_exp: false } } as unknown as DecodeIdTokenOptions,
      ),
      /^TypeError: decodeIdToken\(\): unknown option 'jwtParams'; .*\{"verify_exp": False\} is verifyExp: false/,
    );
    await assert.rejects(
      setup(later).response.decodeIdToken({
        verifyExp: "no" as unknown as boolean,
      }),
      /^TypeError: Cannot decode the id_token as 'verifyExp' must be true or false \(or left out\): current value is the string "no"; write verifyExp: false, without quotes$/,
    );
    const wrongAudience = setup(later);
    await assert.rejects(
      wrongAudience.response.decodeIdToken({
        verifyExp: false,
        audience: "someone-else",
      }),
      (err: unknown) => {
        assert.ok(err instanceof IdTokenVerificationError);
        assert.equal(err.code, "ERR_JWT_CLAIM_VALIDATION_FAILED");
        return true;
      },
    );
    const tampered = setup(later);
    const body = {
      ...tampered.body,
      id_token: tamper(tampered.body["id_token"] as string),
    };
    await assert.rejects(
      setup(later, body).response.decodeIdToken({ verifyExp: false }),
      IdTokenVerificationError,
    );
  },
);

test("decodeIdToken rejects a tampered token", { skip }, async () => {
  const f = load();
  const body = { ...f.body, id_token: tamper(f.body["id_token"] as string) };
  const { response } = setup(IAT, body);
  await assert.rejects(response.decodeIdToken(), (err: unknown) => {
    assert.ok(err instanceof IdTokenVerificationError);
    assert.equal(err.code, "ERR_JWS_SIGNATURE_VERIFICATION_FAILED");
    assert.ok(!err.message.includes(body.id_token));
    return true;
  });
});

test("decodeIdToken rejects the wrong audience", { skip }, async () => {
  const { response } = setup(IAT);
  await assert.rejects(
    response.decodeIdToken({ audience: "another-client" }),
    (err: unknown) => {
      assert.ok(err instanceof IdTokenVerificationError);
      assert.equal(err.code, "ERR_JWT_CLAIM_VALIDATION_FAILED");
      assert.match(err.message, /aud/);
      return true;
    },
  );
});

test("decodeIdToken rejects algorithms the configuration does not list", {
  skip,
}, async () => {
  const { response, config, jwk } = setup(IAT);
  await assert.rejects(
    response.decodeIdToken({
      openidConfiguration: {
        ...config,
        id_token_signing_alg_values_supported: ["RS256"],
      },
      jwk: jwk as { keys: { kty: string }[] },
    }),
    (err: unknown) =>
      err instanceof IdTokenVerificationError &&
      err.code === "ERR_JOSE_ALG_NOT_ALLOWED",
  );
});

test("decodeIdToken needs a client id when the response has no client", {
  skip,
}, async () => {
  const f = load();
  const response = new OAuthTokenResponse(f.body);
  await assert.rejects(
    response.decodeIdToken(),
    /pass \{ audience: clientId \}/,
  );
});

test("a failed configuration fetch is not cached", { skip }, async () => {
  clearIdTokenCaches();
  const f = load();
  const ff = fakeFetch([
    json({ error: "boom" }, 404),
    json(f.config),
    json(f.jwk),
  ]);
  const clock = fakeClock({ startMs: IAT * 1000 });
  const response = new OAuthTokenResponse(f.body, {
    clientId: CLIENT_ID,
    authBaseUrl: "https://auth.globus.org/",
    transport: new HttpTransport({ fetch: ff.fetch, clock, retry: false }),
    clock,
  });
  await assert.rejects(response.decodeIdToken(), AuthAPIError);
  const claims = await response.decodeIdToken();
  assert.equal(claims.aud, CLIENT_ID);
  assert.equal(ff.requests.length, 3);
});
