import { test } from "node:test";
import assert from "node:assert/strict";
import { ClientCredentialsAuthorizer } from "../../src/authorizers/client_credentials.ts";
import { ConfidentialAppAuthClient } from "../../src/auth/confidential_client.ts";
import { Scope, TransferScopes } from "../../src/auth/scopes.ts";
import type { OAuthTokenResponse } from "../../src/auth/token_response.ts";
import { fakeClock } from "../_helpers/fake_clock.ts";
import { fakeFetch, json } from "../_helpers/fake_fetch.ts";
import { renderings } from "../auth/_inspect.ts";
import { silentServer } from "../_helpers/silent_server.ts";

const START_S = 1_700_000_000;

function body(at: string, expiresIn = 3600) {
  return {
    access_token: at,
    scope: TransferScopes.all,
    expires_in: expiresIn,
    token_type: "Bearer",
    resource_server: "transfer.api.globus.org",
    other_tokens: [],
  };
}

test("ClientCredentialsAuthorizer gets a token with the client-credentials grant", async () => {
  const clock = fakeClock({ startMs: START_S * 1000 });
  const ff = fakeFetch([json(body("CC-1")), json(body("CC-2"))]);
  const client = new ConfidentialAppAuthClient("id", "secret", {
    fetch: ff.fetch,
    clock,
  });
  const seen: OAuthTokenResponse[] = [];
  const a = new ClientCredentialsAuthorizer(client, [TransferScopes.all], {
    clock,
    onRefresh: (r) => {
      seen.push(r);
    },
  });
  assert.equal(await a.getAuthorizationHeader(), "Bearer CC-1");
  const req = ff.requests[0]!;
  assert.equal(req.url, "https://auth.globus.org/v2/oauth2/token");
  assert.equal(req.headers["authorization"], `Basic ${btoa("id:secret")}`);
  assert.equal(
    req.body,
    new URLSearchParams({
      scope: TransferScopes.all,
      grant_type: "client_credentials",
    }).toString(),
  );
  clock.set((START_S + 3600 - 30) * 1000);
  assert.equal(await a.getAuthorizationHeader(), "Bearer CC-2");
  assert.equal(seen.length, 2);
  assert.equal(ff.requests.length, 2);
});

test("ClientCredentialsAuthorizer uses a given token until it expires", async () => {
  const clock = fakeClock({ startMs: START_S * 1000 });
  const ff = fakeFetch([]);
  const client = new ConfidentialAppAuthClient("id", "secret", {
    fetch: ff.fetch,
    clock,
  });
  const a = new ClientCredentialsAuthorizer(client, TransferScopes.all, {
    clock,
    accessToken: "GIVEN-SECRET",
    expiresAt: START_S + 600,
  });
  assert.equal(await a.getAuthorizationHeader(), "Bearer GIVEN-SECRET");
  assert.equal(ff.requests.length, 0);
  for (const text of renderings(a)) {
    assert.ok(!text.includes("GIVEN-SECRET"), text);
  }
  assert.match(
    String(a),
    /"scopes":"urn:globus:auth:scope:transfer.api.globus.org:all"/,
  );
  assert.throws(() => new ClientCredentialsAuthorizer(client, []), TypeError);
});

test("ClientCredentialsAuthorizer takes one Scope, as Python's", async () => {
  const ff = fakeFetch([json(body("CC-1"))]);
  const client = new ConfidentialAppAuthClient("id", "secret", {
    fetch: ff.fetch,
  });
  const a = new ClientCredentialsAuthorizer(
    client,
    new Scope(TransferScopes.all),
  );
  assert.equal(a.scopes, TransferScopes.all);
  assert.equal(await a.getAuthorizationHeader(), "Bearer CC-1");
  assert.match(ff.requests[0]!.body ?? "", /scope=urn%3Aglobus/);
});

test("aborting a Transfer call cancels the token request its authorizer waits on (a daemon's SIGTERM during an Auth outage waited for the token request's timeouts)", async () => {
  const { TransferClient } = await import(
    "../../src/transfer/transfer_client.ts"
  );
  const auth = await silentServer();
  try {
    const client = new ConfidentialAppAuthClient("id", "secret", {
      baseUrl: auth.url,
    });
    const tc = new TransferClient({
      authorizer: new ClientCredentialsAuthorizer(client, TransferScopes.all),
      baseUrl: "http://127.0.0.1:9/transfer/",
    });
    const stop = new AbortController();
    const call = tc.getTask("00000000-0000-0000-0000-000000000000", {
      signal: stop.signal,
    });
    call.catch(() => undefined);
    await auth.connected;
    stop.abort(new Error("SIGTERM: stopping"));
    await assert.rejects(call, /SIGTERM: stopping/);
    // The token request's connection is closed, not left to time out.
    await auth.closedByClient;
  } finally {
    await auth.close();
  }
});

test("a renewal's TimeoutError keeps its own attempts and timeouts when it fails a Transfer call (it read '1 attempt' with the outer call's numbers)", async () => {
  const { TransferClient } = await import(
    "../../src/transfer/transfer_client.ts"
  );
  const { TimeoutError } = await import("../../src/core/errors.ts");
  const auth = await silentServer();
  try {
    const client = new ConfidentialAppAuthClient("id", "secret", {
      baseUrl: auth.url,
      timeoutMs: 100,
      totalTimeoutMs: 60_000,
      retry: { maxRetries: 1, maxBackoffMs: 1 },
    });
    const tc = new TransferClient({
      authorizer: new ClientCredentialsAuthorizer(client, TransferScopes.all),
      baseUrl: "http://127.0.0.1:9/transfer/",
    });
    const err = await tc.getTask("00000000-0000-0000-0000-000000000000")
      .catch((e) => e);
    assert.ok(err instanceof TimeoutError, String(err));
    assert.match(
      err.message,
      /^POST http:\/\/127\.0\.0\.1:\d+\/auth\/v2\/oauth2\/token timed out/,
    );
    assert.equal(err.attempts, 2, err.message);
    assert.match(err.message, /and 2 attempts/, err.message);
    assert.match(err.message, /each attempt waits up to 0\.1 s/, err.message);
  } finally {
    await auth.close();
  }
});
