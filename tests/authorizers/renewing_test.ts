import { test } from "node:test";
import assert from "node:assert/strict";
import {
  EXPIRES_ADJUST_SECONDS,
  RenewingAuthorizer,
} from "../../src/authorizers/renewing.ts";
import { OAuthTokenResponse } from "../../src/auth/token_response.ts";
import { RefreshTokenAuthorizer } from "../../src/authorizers/refresh_token.ts";
import { fakeClock } from "../_helpers/fake_clock.ts";

class CountingAuthorizer extends RenewingAuthorizer {
  calls = 0;
  gate: Promise<void> = Promise.resolve();
  constructor(clock = fakeClock({ startMs: 1_000_000_000 })) {
    super({ clock });
  }
  protected async getNewTokenResponse(): Promise<OAuthTokenResponse> {
    this.calls++;
    await this.gate;
    return new OAuthTokenResponse({
      access_token: `T${this.calls}`,
      scope: "s",
      token_type: "Bearer",
      expires_in: 3600,
      resource_server: "rs",
    });
  }
}

test("the renewal margin is 60 s", () => {
  assert.equal(EXPIRES_ADJUST_SECONDS, 60);
});

test("handleMissingAuthorization renews once and asks for a replay", async () => {
  const a = new CountingAuthorizer();
  assert.equal(await a.getAuthorizationHeader(), "Bearer T1");
  assert.equal(await a.handleMissingAuthorization(), true);
  assert.equal(await a.getAuthorizationHeader(), "Bearer T2");
  assert.equal(a.calls, 2);
});

test("concurrent 401s join the renewal in flight", async () => {
  const a = new CountingAuthorizer();
  let release!: () => void;
  a.gate = new Promise((r) => release = r);
  const all = Promise.all([
    a.handleMissingAuthorization(),
    a.handleMissingAuthorization(),
    a.getAuthorizationHeader(),
  ]);
  release();
  const [x, y, header] = await all;
  assert.equal(x, true);
  assert.equal(y, true);
  assert.equal(header, "Bearer T1");
  assert.equal(a.calls, 1);
});

test("an invalid expiresAt is refused, naming milliseconds and Dates (Date.now() + 3600_000 was a token good for ~55,000 years)", () => {
  class Bad extends RenewingAuthorizer {
    constructor(expiresAt: unknown) {
      super({ accessToken: "x", expiresAt: expiresAt as number });
    }
    protected getNewTokenResponse(): Promise<OAuthTokenResponse> {
      throw new Error("unused");
    }
  }
  assert.throws(() => new Bad(Number.NaN), TypeError);
  const ms = Date.now() + 3600_000;
  assert.throws(() => new Bad(ms), {
    name: "TypeError",
    message:
      `Cannot create the authorizer as 'expiresAt' must be seconds since the epoch: current value is ${ms}, which is milliseconds (Date.now() is): divide by 1000`,
  });
  assert.throws(
    () => new Bad(new Date()),
    /current value is a Date \(use Math\.floor\(date\.getTime\(\) \/ 1000\)\)$/,
  );
  // Seconds, as Python's expires_at, are taken.
  new Bad(Math.floor(ms / 1000));
});

test("ensureValidToken (Python's ensure_valid_token) renews only when needed", async () => {
  const clock = fakeClock({ startMs: 1_000_000_000 });
  // Tokens that expire by the same clock.
  const a = new class extends CountingAuthorizer {
    protected override async getNewTokenResponse() {
      const r = await super.getNewTokenResponse();
      return new OAuthTokenResponse(r.data, { clock });
    }
  }(clock);
  assert.equal(a.accessToken, undefined);
  await a.ensureValidToken();
  assert.equal(a.accessToken, "T1");
  await a.ensureValidToken();
  assert.equal(a.calls, 1);
  await clock.advance((3600 - EXPIRES_ADJUST_SECONDS + 1) * 1000);
  await a.ensureValidToken();
  assert.equal(a.accessToken, "T2");
  // Python's name says what to write.
  assert.throws(
    () => (a as unknown as { ensure_valid_token(): void }).ensure_valid_token(),
    /ensureValidToken/,
  );
});

/** A renewal that waits until released or until its signal aborts. */
class SignalledAuthorizer extends RenewingAuthorizer {
  calls = 0;
  signals: (AbortSignal | undefined)[] = [];
  release!: () => void;
  /** An aborted renewal rejects a task later (as fetch tears down). */
  slowToCancel = false;
  constructor() {
    super({ clock: fakeClock({ startMs: 1_000_000_000 }) });
  }
  protected getNewTokenResponse(
    options?: { signal?: AbortSignal | undefined },
  ): Promise<OAuthTokenResponse> {
    this.calls++;
    const signal = options?.signal;
    this.signals.push(signal);
    return new Promise((resolve, reject) => {
      signal?.addEventListener("abort", () => {
        if (this.slowToCancel) setTimeout(() => reject(signal.reason), 0);
        else reject(signal.reason);
      });
      this.release = () =>
        resolve(
          new OAuthTokenResponse({
            access_token: `T${this.calls}`,
            scope: "s",
            token_type: "Bearer",
            expires_in: 3600,
            resource_server: "rs",
          }),
        );
    });
  }
}

test("an aborted request stops waiting for a renewal, which is cancelled once no other request waits for it", async () => {
  const a = new SignalledAuthorizer();
  const first = new AbortController();
  const second = new AbortController();
  const p1 = a.getAuthorizationHeader({ signal: first.signal });
  const p2 = a.getAuthorizationHeader({ signal: second.signal });
  await Promise.resolve();
  while (a.calls === 0) await new Promise((r) => setTimeout(r, 0));
  assert.equal(a.calls, 1, "one renewal for both");
  const renewal = a.signals[0]!;
  first.abort(new Error("shutting down"));
  await assert.rejects(p1, /shutting down/);
  assert.equal(renewal.aborted, false, "the other request still waits");
  second.abort(new Error("shutting down too"));
  await assert.rejects(p2, /shutting down too/);
  assert.equal(renewal.aborted, true, "no one waits: the request is cancelled");

  // The next request renews afresh (the cancelled one is not remembered).
  const p3 = a.getAuthorizationHeader();
  while (a.calls === 1) await new Promise((r) => setTimeout(r, 0));
  a.release();
  assert.equal(await p3, "Bearer T2");
});

test("a request without a signal keeps a shared renewal going when the others are aborted", async () => {
  const a = new SignalledAuthorizer();
  const c = new AbortController();
  const aborted = a.getAuthorizationHeader({ signal: c.signal });
  const plain = a.getAuthorizationHeader();
  while (a.calls === 0) await new Promise((r) => setTimeout(r, 0));
  c.abort(new Error("stop"));
  await assert.rejects(aborted, /stop/);
  assert.equal(a.signals[0]!.aborted, false);
  a.release();
  assert.equal(await plain, "Bearer T1");
  assert.equal(a.calls, 1);
});

test("a request made while a cancelled renewal is still settling starts a new renewal (it failed with the aborted request's reason)", async () => {
  const a = new SignalledAuthorizer();
  a.slowToCancel = true;
  const c = new AbortController();
  const aborted = a.getAuthorizationHeader({ signal: c.signal });
  while (a.calls === 0) await new Promise((r) => setTimeout(r, 0));
  c.abort(new Error("stop"));
  await assert.rejects(aborted, /stop/);
  const next = a.getAuthorizationHeader();
  while (a.calls === 1) await new Promise((r) => setTimeout(r, 0));
  a.release();
  assert.equal(await next, "Bearer T2");
});

test("an accessToken that is no string, or an onRefresh that is no function, is refused (the token was dropped without a word)", () => {
  // deno-lint-ignore no-explicit-any
  const loose = (x: unknown): any => x;
  const client = loose({ oauth2RefreshToken: () => Promise.reject() });
  assert.throws(
    () => new RefreshTokenAuthorizer("rt", client, loose({ accessToken: 5 })),
    {
      name: "TypeError",
      message:
        "Cannot create the authorizer as 'accessToken' must be the access token, a string: current value is the number 5",
    },
  );
  const record = { access_token: "SECRET-at", expires_at_seconds: 2e9 };
  assert.throws(
    () =>
      new RefreshTokenAuthorizer("rt", client, loose({ accessToken: record })),
    (err: Error) => {
      assert.ok(!err.message.includes("SECRET"), err.message);
      assert.match(
        err.message,
        /current value is an object \(a token record: pass its access_token, and its expires_at_seconds as expiresAt\)$/,
      );
      return true;
    },
  );
  assert.throws(
    () =>
      new RefreshTokenAuthorizer("rt", client, loose({ onRefresh: "save" })),
    {
      name: "TypeError",
      message:
        "Cannot create the authorizer as 'onRefresh' must be a function (tokens) => void, e.g. onRefresh: storage.storeTokenResponse: current value is a string (4 characters)",
    },
  );
  new RefreshTokenAuthorizer("rt", client, {
    accessToken: "at",
    expiresAt: 2e9,
    onRefresh: () => {},
  });
});
