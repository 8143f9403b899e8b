import { test } from "node:test";
import assert from "node:assert/strict";
import {
  EXPIRES_ADJUST_SECONDS,
  RenewingAuthorizer,
} from "../../src/authorizers/renewing.ts";
import { OAuthTokenResponse } from "../../src/auth/token_response.ts";
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
