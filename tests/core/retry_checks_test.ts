/**
 * Retry checks (the Python SDK's RetryCheck / retry_config.checks): run after
 * every attempt before the built-in policy; the first decision wins.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { UserApp } from "../../src/app/user_app.ts";
import { GlobusAPIError, NetworkError } from "../../src/core/errors.ts";
import {
  resolveRetry,
  type RetryCheck,
  type RetryContext,
} from "../../src/core/retry.ts";
import { HttpTransport } from "../../src/core/transport.ts";
import { startEmulator } from "../../src/testing/emulator.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { fakeClock } from "../_helpers/fake_clock.ts";
import { fakeFetch, json } from "../_helpers/fake_fetch.ts";

const URL_X = "https://transfer.api.globus.org/v0.10/task/1";
const half = () => 0.5;

test("a check can retry what the default policy would not (a 409), choose the wait, and stop with no-retry", async () => {
  const ff = fakeFetch([
    json({ code: "Conflict" }, 409),
    json({ code: "Conflict" }, 409),
  ]);
  const clock = fakeClock();
  const seen: RetryContext[] = [];
  const t = new HttpTransport({
    fetch: ff.fetch,
    clock,
    retry: {
      random: half,
      checks: [(ctx) => {
        seen.push(ctx);
        if (ctx.response?.status !== 409) return "no-decision";
        ctx.backoffMs = 1234;
        return ctx.attempt === 0 ? "retry" : "no-retry";
      }],
    },
  });
  await assert.rejects(
    () => t.request({ method: "GET", url: URL_X }),
    (e: unknown) =>
      e instanceof GlobusAPIError && e.httpStatus === 409 &&
      e.code === "Conflict",
  );
  assert.equal(ff.requests.length, 2);
  assert.deepEqual(clock.sleeps, [1234]);
  assert.deepEqual(seen.map((c) => c.attempt), [0, 1]);
  assert.equal(seen[0]?.apiError?.code, "Conflict");
  assert.equal(seen[0]?.method, "GET");
  assert.equal(seen[0]?.url, URL_X);
});

test("no-retry overrides the built-in retry of a 503; no-decision leaves it to the built-in policy", async () => {
  const down = () => json({ code: "ServiceUnavailable" }, 503);
  const refuse = fakeFetch([down(), json({ ok: true })]);
  const t1 = new HttpTransport({
    fetch: refuse.fetch,
    clock: fakeClock(),
    retry: { random: half, checks: [() => "no-retry"] },
  });
  await assert.rejects(
    () => t1.request({ method: "GET", url: URL_X }),
    (e: unknown) => e instanceof GlobusAPIError && e.httpStatus === 503,
  );
  assert.equal(refuse.requests.length, 1);

  const pass = fakeFetch([down(), json({ ok: true })]);
  const clock = fakeClock();
  const t2 = new HttpTransport({
    fetch: pass.fetch,
    clock,
    retry: { random: half, checks: [() => "no-decision"] },
  });
  const res = await t2.request({ method: "GET", url: URL_X });
  assert.deepEqual(res.data, { ok: true });
  assert.deepEqual(clock.sleeps, [500]); // the built-in backoff
});

test("checks see successes and network errors too, and a retry counts against maxRetries", async () => {
  const ff = fakeFetch([
    new TypeError("connection reset"),
    json({ status: "pending" }),
    json({ status: "pending" }),
    json({ status: "pending" }),
  ]);
  const kinds: string[] = [];
  const t = new HttpTransport({
    fetch: ff.fetch,
    clock: fakeClock(),
    retry: { random: half, maxRetries: 2 },
  });
  const check: RetryCheck = (ctx) => {
    kinds.push(
      ctx.error instanceof NetworkError
        ? "network"
        : String((ctx.response?.data as { status?: string })?.status),
    );
    return "retry";
  };
  assert.equal(t.registerRetryCheck(check), check);
  assert.deepEqual(t.retryChecks, [check]);
  const res = await t.request({ method: "GET", url: URL_X });
  // 1 try + 2 retries; the last answer is returned without asking.
  assert.equal(ff.requests.length, 3);
  assert.deepEqual(kinds, ["network", "pending"]);
  assert.deepEqual(res.data, { status: "pending" });
});

test("bad checks and bad answers are errors that say what a check must be", async () => {
  assert.throws(
    () => resolveRetry({ checks: [() => "retry", 3 as unknown as RetryCheck] }),
    (e: unknown) =>
      e instanceof TypeError &&
      /'checks' must be a list of functions .*: current value is a list holding function, number/
        .test(e.message),
  );
  assert.throws(
    () =>
      new HttpTransport().registerRetryCheck("retry" as unknown as RetryCheck),
    TypeError,
  );
  const t = new HttpTransport({
    fetch: fakeFetch([json({}, 500)]).fetch,
    clock: fakeClock(),
    retry: {
      checks: [function sayYes() {
        return "yes" as unknown as "retry";
      }],
    },
  });
  await assert.rejects(
    () => t.request({ method: "GET", url: URL_X }),
    (e: unknown) =>
      e instanceof TypeError &&
      /The retry check 'sayYes' returned "yes": a retry check must return "retry", "no-retry" or "no-decision"/
        .test(e.message),
  );
  const negative = new HttpTransport({
    fetch: fakeFetch([json({}, 500)]).fetch,
    clock: fakeClock(),
    retry: {
      checks: [(ctx) => {
        ctx.backoffMs = -1;
        return "retry";
      }],
    },
  });
  await assert.rejects(
    () => negative.request({ method: "GET", url: URL_X }),
    (e: unknown) =>
      e instanceof RangeError && /'backoffMs' to -1/.test(e.message),
  );
});

test("a client's checks know its resource server; an app's getClientRetryChecks() are registered on every client made with it", async () => {
  const emu = await startEmulator();
  try {
    const seen: (string | undefined)[] = [];
    class CountingApp extends UserApp {
      override getClientRetryChecks(): RetryCheck[] {
        return [(ctx) => {
          seen.push(`app:${ctx.resourceServer}:${ctx.response?.status}`);
          return "no-decision";
        }];
      }
    }
    const app = new CountingApp({
      appName: "checks",
      clientId: emu.nativeClientId,
      config: {
        tokenStorage: "memory",
        authBaseUrl: emu.authUrl,
        loginFlowManager: "command-line",
        write: () => {},
        prompt: () => Promise.resolve(null),
      },
    });
    const tc = new TransferClient({
      app,
      baseUrl: emu.transferUrl,
      retry: {
        checks: [(ctx) => {
          seen.push(`own:${ctx.resourceServer}`);
          return "no-decision";
        }],
      },
    });
    assert.equal(tc.transport.retryChecks.length, 2);
    await app.startLogin({ show: false }).then(async (p) =>
      await p.finish(await emu.approve(p.url))
    );
    await tc.operationLs(emu.collections.tutorial1, { path: "/share/godata/" });
    assert.deepEqual(seen, [
      "own:transfer.api.globus.org",
      "app:transfer.api.globus.org:200",
    ]);
  } finally {
    await emu.close();
  }
});
