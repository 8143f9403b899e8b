import { test } from "node:test";
import assert from "node:assert/strict";
import { RefreshTokenAuthorizer } from "../../src/authorizers/refresh_token.ts";
import { NativeAppAuthClient } from "../../src/auth/native_client.ts";
import type { OAuthTokenResponse } from "../../src/auth/token_response.ts";
import { TransferScopes } from "../../src/auth/scopes.ts";
import { HttpTransport } from "../../src/core/transport.ts";
import { AuthAPIError, TransferAPIError } from "../../src/core/errors.ts";
import { fakeClock } from "../_helpers/fake_clock.ts";
import {
  fakeFetch,
  json,
  type RecordedRequest,
} from "../_helpers/fake_fetch.ts";
import { renderings } from "../auth/_inspect.ts";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { JSONTokenStorage } from "../../src/tokens/json_storage.ts";
import { TokenStorageError } from "../../src/core/errors.ts";

const START_S = 1_700_000_000;
const TOKEN_URL = "https://auth.globus.org/v2/oauth2/token";

function tokenBody(at: string, rt: string | null, expiresIn = 3600) {
  return {
    access_token: at,
    scope: TransferScopes.all,
    expires_in: expiresIn,
    token_type: "Bearer",
    resource_server: "transfer.api.globus.org",
    refresh_token: rt,
    other_tokens: [],
  };
}

function setup(answers: Parameters<typeof fakeFetch>[0]) {
  const clock = fakeClock({ startMs: START_S * 1000 });
  const ff = fakeFetch(answers);
  const client = new NativeAppAuthClient("cid", { fetch: ff.fetch, clock });
  return { clock, ff, client };
}

test("no access token: the first header triggers a refresh", async () => {
  const { clock, ff, client } = setup([json(tokenBody("AT-1", "RT-1"))]);
  const a = new RefreshTokenAuthorizer("RT-1", client, { clock });
  assert.equal(a.needsRenewal(), true);
  assert.equal(await a.getAuthorizationHeader(), "Bearer AT-1");
  assert.equal(ff.requests.length, 1);
  assert.equal(ff.requests[0]?.url, TOKEN_URL);
  assert.equal(
    ff.requests[0]?.body,
    "refresh_token=RT-1&grant_type=refresh_token&client_id=cid",
  );
  assert.equal(a.expiresAt, START_S + 3600);
  assert.equal(await a.getAuthorizationHeader(), "Bearer AT-1");
  assert.equal(ff.requests.length, 1);
});

test("a valid token is used until 60 s before expiry, then refreshed", async () => {
  const { clock, ff, client } = setup([json(tokenBody("AT-2", null))]);
  const a = new RefreshTokenAuthorizer("RT-1", client, {
    clock,
    accessToken: "AT-1",
    expiresAt: START_S + 120,
  });
  assert.equal(await a.getAuthorizationHeader(), "Bearer AT-1");
  clock.set((START_S + 59) * 1000);
  assert.equal(await a.getAuthorizationHeader(), "Bearer AT-1");
  assert.equal(ff.requests.length, 0);
  clock.set((START_S + 61) * 1000);
  assert.equal(await a.getAuthorizationHeader(), "Bearer AT-2");
  assert.equal(ff.requests.length, 1);
  // No refresh token in the response: the old one is kept.
  assert.equal(a.refreshToken, "RT-1");
});

test("an access token without expiresAt is refreshed on first use", async () => {
  const { clock, ff, client } = setup([json(tokenBody("AT-2", null))]);
  const a = new RefreshTokenAuthorizer("RT-1", client, {
    clock,
    accessToken: "AT-1",
  });
  assert.equal(await a.getAuthorizationHeader(), "Bearer AT-2");
  assert.equal(ff.requests.length, 1);
});

test("Python's access_token=None, expires_at=None, ported as null: no token known, refreshed on first use", async () => {
  const { clock, ff, client } = setup([json(tokenBody("AT-2", null))]);
  const a = new RefreshTokenAuthorizer("RT-1", client, {
    clock,
    accessToken: "AT-1",
    expiresAt: null,
  });
  assert.equal(a.expiresAt, undefined);
  assert.equal(await a.getAuthorizationHeader(), "Bearer AT-2");
  assert.equal(ff.requests.length, 1);
  const b = new RefreshTokenAuthorizer("RT-1", client, {
    clock,
    accessToken: null,
    expiresAt: null,
  });
  assert.equal(b.needsRenewal(), true);
});

test("a rotated refresh token is adopted and onRefresh sees each response", async () => {
  const { clock, ff, client } = setup([
    json(tokenBody("AT-1", "RT-2", 30)),
    json(tokenBody("AT-2", "RT-3")),
  ]);
  const seen: OAuthTokenResponse[] = [];
  const a = new RefreshTokenAuthorizer("RT-1", client, {
    clock,
    onRefresh: async (r) => {
      await Promise.resolve();
      seen.push(r);
    },
  });
  await a.getAuthorizationHeader(); // expires in 30 s: already within 60 s
  assert.equal(a.refreshToken, "RT-2");
  assert.equal(await a.getAuthorizationHeader(), "Bearer AT-2");
  assert.equal(
    ff.requests[1]?.body,
    "refresh_token=RT-2&grant_type=refresh_token&client_id=cid",
  );
  assert.equal(a.refreshToken, "RT-3");
  assert.equal(seen.length, 2);
  assert.equal(
    seen[1]?.byResourceServer["transfer.api.globus.org"]?.access_token,
    "AT-2",
  );
});

test("50 concurrent headers on an expired token share exactly one refresh", async () => {
  let release!: () => void;
  const gate = new Promise<void>((r) => release = r);
  const { clock, ff, client } = setup([async () => {
    await gate;
    return json(tokenBody("AT-new", "RT-2"));
  }]);
  let refreshes = 0;
  const a = new RefreshTokenAuthorizer("RT-1", client, {
    clock,
    accessToken: "AT-old",
    expiresAt: START_S - 10,
    onRefresh: () => {
      refreshes++;
    },
  });
  const headers = Array.from({ length: 50 }, () => a.getAuthorizationHeader());
  await new Promise((r) => setTimeout(r, 0));
  release();
  const values = await Promise.all(headers);
  assert.deepEqual(new Set(values), new Set(["Bearer AT-new"]));
  assert.equal(ff.requests.filter((r) => r.url === TOKEN_URL).length, 1);
  assert.equal(refreshes, 1);
});

test("a 401 refreshes once and the request is replayed with the new token", async () => {
  const clock = fakeClock({ startMs: START_S * 1000 });
  const seen: string[] = [];
  const route = (req: RecordedRequest): Response => {
    seen.push(
      `${req.method} ${req.url} ${req.headers["authorization"] ?? "-"}`,
    );
    if (req.url === TOKEN_URL) return json(tokenBody("AT-2", "RT-2"));
    return req.headers["authorization"] === "Bearer AT-2"
      ? json({ DATA: [] })
      : json(
        { code: "AuthenticationFailed", message: "Token is not active" },
        401,
      );
  };
  const ff = fakeFetch([], route);
  const client = new NativeAppAuthClient("cid", { fetch: ff.fetch, clock });
  const a = new RefreshTokenAuthorizer("RT-1", client, {
    clock,
    accessToken: "AT-revoked",
    expiresAt: START_S + 7200,
  });
  const transport = new HttpTransport({ fetch: ff.fetch, clock });
  const url = "https://transfer.api.globus.org/v0.10/endpoint_search";
  const res = await transport.request({
    method: "GET",
    url,
    authorizer: a,
    errorClass: TransferAPIError,
  });
  assert.deepEqual(res.data, { DATA: [] });
  assert.deepEqual(seen, [
    `GET ${url} Bearer AT-revoked`,
    `POST ${TOKEN_URL} -`,
    `GET ${url} Bearer AT-2`,
  ]);
  assert.equal(a.refreshToken, "RT-2");
});

test("a 401 after the refresh is thrown, not replayed again", async () => {
  const clock = fakeClock({ startMs: START_S * 1000 });
  const ff = fakeFetch(
    [],
    (req) =>
      req.url === TOKEN_URL
        ? json(tokenBody("AT-2", null))
        : json({ code: "AuthenticationFailed" }, 401),
  );
  const client = new NativeAppAuthClient("cid", { fetch: ff.fetch, clock });
  const a = new RefreshTokenAuthorizer("RT-1", client, {
    clock,
    accessToken: "AT-1",
    expiresAt: START_S + 7200,
  });
  const transport = new HttpTransport({ fetch: ff.fetch, clock });
  await assert.rejects(
    transport.request({
      method: "GET",
      url: "https://t.example/x",
      authorizer: a,
      errorClass: TransferAPIError,
    }),
    (err: unknown) => err instanceof TransferAPIError && err.httpStatus === 401,
  );
  assert.equal(ff.requests.length, 3);
});

test("a refused refresh (invalid_grant) propagates, and later calls get the same error without presenting the refresh token again", async () => {
  const { clock, ff, client } = setup([
    json({ error: "invalid_grant" }, 400),
  ]);
  const a = new RefreshTokenAuthorizer("RT-1", client, { clock });
  let first: unknown;
  await assert.rejects(
    a.getAuthorizationHeader(),
    (err: unknown) => {
      first = err;
      return err instanceof AuthAPIError && err.code === "invalid_grant";
    },
  );
  for (let i = 0; i < 3; i++) {
    await assert.rejects(a.getAuthorizationHeader(), (err) => err === first);
  }
  assert.equal(ff.requests.length, 1);
});

test("a refresh that failed on the network is tried again by a later call", async () => {
  const { clock, client } = setup([json(tokenBody("AT-9", null))]);
  let calls = 0;
  const a = new RefreshTokenAuthorizer("RT-1", {
    oauth2RefreshToken: (rt) =>
      ++calls === 1
        ? Promise.reject(new TypeError("connection reset by peer"))
        : client.oauth2RefreshToken(rt),
  }, { clock });
  await assert.rejects(a.getAuthorizationHeader(), /connection reset/);
  assert.equal(await a.getAuthorizationHeader(), "Bearer AT-9");
  assert.equal(calls, 2);
});

test("a response with several resource servers is refused", async () => {
  const body = {
    ...tokenBody("AT-1", "RT-1"),
    other_tokens: [{
      ...tokenBody("AT-x", null),
      resource_server: "auth.globus.org",
      scope: "openid",
    }],
  };
  const { clock, client } = setup([json(body)]);
  const a = new RefreshTokenAuthorizer("RT-1", client, { clock });
  await assert.rejects(
    a.getAuthorizationHeader(),
    /exactly one token.*holds 2/,
  );
});

test("inspect, String and JSON never show the tokens", async () => {
  const { clock, client } = setup([
    json(tokenBody("AT-SECRET-77", "RT-SECRET-88")),
  ]);
  const a = new RefreshTokenAuthorizer("RT-SECRET-66", client, { clock });
  await a.getAuthorizationHeader();
  for (const text of renderings(a)) {
    for (const s of ["AT-SECRET-77", "RT-SECRET-88", "RT-SECRET-66"]) {
      assert.ok(!text.includes(s), text);
    }
  }
  assert.match(
    String(a),
    /^RefreshTokenAuthorizer .*"accessToken":"\[REDACTED\]".*"refreshToken":"\[REDACTED\]"/,
  );
  assert.throws(() => new RefreshTokenAuthorizer("", client), TypeError);
  assert.throws(
    () => new RefreshTokenAuthorizer("rt", {} as NativeAppAuthClient),
    TypeError,
  );
});

test("reload: a newer valid token in storage is used instead of refreshing", async () => {
  const { clock, ff, client } = setup([
    json(tokenBody("AT-3", null)),
    json(tokenBody("AT-4", null)),
  ]);
  let stored: {
    access_token: string;
    expires_at_seconds: number;
    refresh_token: string | null;
  } | null = {
    access_token: "AT-1",
    expires_at_seconds: START_S + 120,
    refresh_token: "RT-1",
  };
  let reads = 0;
  const a = new RefreshTokenAuthorizer("RT-1", client, {
    clock,
    accessToken: "AT-1",
    expiresAt: START_S + 120,
    reload: () => {
      reads++;
      return Promise.resolve(stored);
    },
  });
  assert.equal(await a.getAuthorizationHeader(), "Bearer AT-1");
  assert.equal(reads, 0, "no read while the token is valid");
  // Another process refreshed and rotated the refresh token.
  stored = {
    access_token: "AT-2",
    expires_at_seconds: START_S + 4000,
    refresh_token: "RT-2",
  };
  clock.set((START_S + 100) * 1000);
  assert.equal(await a.getAuthorizationHeader(), "Bearer AT-2");
  assert.equal(ff.requests.length, 0, "no refresh call");
  assert.equal(a.refreshToken, "RT-2");
  assert.equal(a.expiresAt, START_S + 4000);
  // The stored token is about to expire too: refresh, with the newest
  // refresh token.
  clock.set((START_S + 3990) * 1000);
  assert.equal(await a.getAuthorizationHeader(), "Bearer AT-3");
  assert.equal(reads, 2);
  assert.equal(
    ff.requests[0]?.body,
    "refresh_token=RT-2&grant_type=refresh_token&client_id=cid",
  );
  // Nothing stored (e.g. after a logout elsewhere): refresh as before.
  stored = null;
  await a.renew();
  assert.equal(ff.requests.length, 2);
  assert.equal(await a.getAuthorizationHeader(), "Bearer AT-4");
});

test("reload: after a 401 the same stored token is not trusted again", async () => {
  const { clock, ff, client } = setup([json(tokenBody("AT-2", null))]);
  const a = new RefreshTokenAuthorizer("RT-1", client, {
    clock,
    accessToken: "AT-1",
    expiresAt: START_S + 3600,
    reload: () =>
      Promise.resolve({
        access_token: "AT-1",
        expires_at_seconds: START_S + 3600,
        refresh_token: "RT-1",
      }),
  });
  // The service rejected AT-1 (revoked): storage still holds AT-1.
  assert.equal(await a.handleMissingAuthorization(), true);
  assert.equal(ff.requests.length, 1);
  assert.equal(await a.getAuthorizationHeader(), "Bearer AT-2");
});

test("reload: a storage error propagates and nothing is refreshed", async () => {
  const { clock, ff, client } = setup([json(tokenBody("AT-2", null))]);
  const a = new RefreshTokenAuthorizer("RT-1", client, {
    clock,
    reload: () => Promise.reject(new Error("token file is corrupt")),
  });
  await assert.rejects(a.getAuthorizationHeader(), /token file is corrupt/);
  assert.equal(ff.requests.length, 0);
});

test(
  "a refresh whose tokens could not be saved (a read-only token file) is not asked of Globus Auth: the saved refresh token stays usable",
  {
    skip: process.platform === "win32" ? "no POSIX modes on Windows" : false,
  },
  async () => {
    const dir = await mkdtemp(join(tmpdir(), "ro-refresh-"));
    try {
      const path = join(dir, "tokens.json");
      const storage = new JSONTokenStorage(path);
      await storage.storeTokenDataByResourceServer({
        "transfer.api.globus.org": {
          resource_server: "transfer.api.globus.org",
          identity_id: "id-1",
          scope: TransferScopes.all,
          access_token: "AT-old",
          refresh_token: "RT-1",
          expires_at_seconds: START_S - 10, // expired: the next header renews
          token_type: "Bearer",
        },
      });
      await chmod(path, 0o400);
      const { ff, client, clock } = setup([json(tokenBody("AT-2", "RT-2"))]);
      const a = new RefreshTokenAuthorizer("RT-1", client, {
        clock,
        accessToken: "AT-old",
        expiresAt: START_S - 10,
        tokenStorage: storage,
        resourceServer: "transfer.api.globus.org",
      });
      await assert.rejects(
        a.getAuthorizationHeader(),
        (e: unknown) =>
          e instanceof TokenStorageError &&
          e.message.includes(`Token file ${path} is read-only`),
      );
      // With rotating refresh tokens the request would have used RT-1 up.
      assert.equal(ff.requests.length, 0, "nothing was asked of Globus Auth");
      // Writable again: the same refresh token renews.
      await chmod(path, 0o600);
      assert.equal(await a.getAuthorizationHeader(), "Bearer AT-2");
      assert.equal(
        (await storage.getTokenData("transfer.api.globus.org"))?.refresh_token,
        "RT-2",
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
);

test("a refresh that cannot take the token file's lock is not made (it was made, its tokens thrown away when storing failed on the same lock, and with rotation the saved refresh token was used up); a token saved meanwhile is used", async () => {
  const dir = await mkdtemp(join(tmpdir(), "lock-refresh-"));
  try {
    const path = join(dir, "tokens.json");
    const record = (at: string, expires: number) => ({
      "transfer.api.globus.org": {
        resource_server: "transfer.api.globus.org",
        identity_id: "id-1",
        scope: TransferScopes.all,
        access_token: at,
        refresh_token: "RT-1",
        expires_at_seconds: expires,
        token_type: "Bearer",
      },
    });
    await new JSONTokenStorage(path).storeTokenDataByResourceServer(
      record("AT-old", START_S - 10),
    );
    // A holder on another machine sharing the folder, there to stay.
    const holdLock = async () => {
      await mkdir(path + ".lock");
      await writeFile(
        join(path + ".lock", "0123456789abcdef"),
        JSON.stringify({
          created: Date.now(),
          nonce: "0123456789abcdef",
          kernel_lock: false,
          pid: 4242,
          host: "stuck-host",
        }),
      );
    };
    await holdLock();
    const { ff, client, clock } = setup([json(tokenBody("AT-2", "RT-2"))]);
    const a = new RefreshTokenAuthorizer("RT-1", client, {
      clock,
      accessToken: "AT-old",
      expiresAt: START_S - 10,
      tokenStorage: new JSONTokenStorage(path, {
        lockTimeoutMs: 500,
        clock: fakeClock(),
      }),
      resourceServer: "transfer.api.globus.org",
    });
    await assert.rejects(
      a.getAuthorizationHeader(),
      (e: unknown) =>
        e instanceof TokenStorageError && /Timed out/.test(e.message) &&
        e.message.includes("stuck-host"),
    );
    assert.equal(ff.requests.length, 0, "nothing was asked of Globus Auth");
    // Another process refreshed and saved (its lock since taken again by
    // the stuck holder): its token is used, still without a request.
    await rm(path + ".lock", { recursive: true });
    await new JSONTokenStorage(path).storeTokenDataByResourceServer(
      record("AT-3", START_S + 3600),
    );
    await holdLock();
    assert.equal(await a.getAuthorizationHeader(), "Bearer AT-3");
    assert.equal(ff.requests.length, 0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("options given where the auth client goes say that they come third, and what the second argument is", () => {
  const messageOf = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      return e instanceof TypeError ? e.message : `not a TypeError: ${e}`;
    }
    return "no error";
  };
  const asClient = (x: unknown) => x as NativeAppAuthClient;
  const options = messageOf(() =>
    new RefreshTokenAuthorizer(
      "RT-never-shown-1",
      asClient({ accessToken: "AT-never-shown-1", expiresAt: 5 }),
    )
  );
  assert.match(
    options,
    /'authClient' \(the second argument\) has no oauth2RefreshToken\(\) method: it looks like the options, which come third, after the auth client\. Pass the auth client the refresh token was issued to, as in new RefreshTokenAuthorizer\(refreshToken, new NativeAppAuthClient\(clientId\), \{ accessToken, expiresAt \}\)$/,
  );
  assert.ok(!options.includes("never-shown"), options);
  const missing = messageOf(() =>
    new RefreshTokenAuthorizer("RT-never-shown-2", asClient(undefined))
  );
  assert.match(
    missing,
    /has no oauth2RefreshToken\(\) method\. Pass the auth client the refresh token was issued to/,
  );
});
