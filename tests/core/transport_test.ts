import { test } from "node:test";
import assert from "node:assert/strict";
import { getEventListeners } from "node:events";
import { type FetchLike, HttpTransport } from "../../src/core/transport.ts";
import {
  GlobusAPIError,
  NetworkError,
  TimeoutError,
  TransferAPIError,
} from "../../src/core/errors.ts";
import type { Authorizer } from "../../src/core/authorizer.ts";
import { fakeFetch, json } from "../_helpers/fake_fetch.ts";
import { fakeClock } from "../_helpers/fake_clock.ts";

const URL_TASK = "https://transfer.api.globus.org/v0.10/task/123";
const half = () => 0.5; // jitter factor → (0.25 + 0.25) = 0.5 s · 2^n

test("transport sends Accept, User-Agent and X-Globus-Client-Info headers", async () => {
  const ff = fakeFetch([json({ ok: true })]);
  const t = new HttpTransport({
    fetch: ff.fetch,
    clientInfo: "product=nb,version=2",
  });
  const res = await t.request({ method: "get", url: URL_TASK });
  assert.deepEqual(res.data, { ok: true });
  const h = ff.requests[0]!.headers;
  assert.equal(ff.requests[0]!.method, "GET");
  assert.equal(h["accept"], "application/json");
  assert.match(
    h["user-agent"]!,
    /^globus-deno-sdk\/\d+\.\d+\.\d+ \((deno|node)\//,
  );
  assert.equal(
    h["x-globus-client-info"],
    "product=globus-deno,version=0.1.0;product=nb,version=2",
  );
});

test("appName goes into User-Agent as Python's app_name does, with anything but printable ASCII percent-encoded", async () => {
  const ff = fakeFetch([json({}), json({})]);
  await new HttpTransport({ fetch: ff.fetch, appName: "my-analysis" })
    .request({ method: "GET", url: URL_TASK });
  await new HttpTransport({ fetch: ff.fetch, appName: " Données\n✓ " })
    .request({ method: "GET", url: URL_TASK });
  assert.match(
    ff.requests[0]!.headers["user-agent"]!,
    /^globus-deno-sdk\/\d+\.\d+\.\d+\/my-analysis \((deno|node)\//,
  );
  assert.match(
    ff.requests[1]!.headers["user-agent"]!,
    /^globus-deno-sdk\/\d+\.\d+\.\d+\/Donn%C3%A9es%0A%E2%9C%93 \(/,
  );
  for (const bad of ["", "  ", 42]) {
    assert.throws(
      () =>
        new HttpTransport({
          fetch: ff.fetch,
          appName: bad as unknown as string,
        }),
      (err: unknown) =>
        err instanceof TypeError &&
        err.message.startsWith(
          "Cannot send requests as 'appName' must be a non-empty string (your app's name, sent in the User-Agent header): current value is ",
        ),
    );
  }
});

test("the authorizer's Authorization replaces one given in any spelling, by default or per request", async () => {
  const authorizer: Authorizer = {
    getAuthorizationHeader: () => Promise.resolve("Bearer from-authorizer"),
  };
  const ff = fakeFetch([json({}), json({}), json({})]);
  const t = new HttpTransport({
    fetch: ff.fetch,
    headers: { AUTHORIZATION: "Basic default" },
  });
  await t.request({ method: "GET", url: URL_TASK, authorizer });
  await t.request({
    method: "GET",
    url: URL_TASK,
    authorizer,
    headers: { authorization: "Bearer caller" },
  });
  const plain = new HttpTransport({ fetch: ff.fetch });
  await plain.request({ method: "GET", url: URL_TASK, authorizer });
  for (const r of ff.requests) {
    assert.equal(r.headers["authorization"], "Bearer from-authorizer");
  }
});

test("transport strips undefined query and form values and joins arrays", async () => {
  const ff = fakeFetch([json({}), json({})]);
  const t = new HttpTransport({ fetch: ff.fetch });
  await t.request({
    method: "GET",
    url: "https://x.example/v0.10/endpoint_search",
    query: {
      filter_fulltext: "tutorial",
      offset: 0,
      limit: undefined,
      x: null,
      ids: ["a", "b"],
    },
  });
  assert.equal(
    ff.requests[0]!.url,
    "https://x.example/v0.10/endpoint_search?filter_fulltext=tutorial&offset=0&ids=a%2Cb",
  );
  await t.request({
    method: "POST",
    url: "https://x.example/token",
    form: { grant_type: "refresh_token", scope: undefined, refresh_token: "r" },
  });
  assert.equal(
    ff.requests[1]!.body,
    "grant_type=refresh_token&refresh_token=r",
  );
  assert.equal(
    ff.requests[1]!.headers["content-type"],
    "application/x-www-form-urlencoded",
  );
});

test("transport sends JSON bodies without undefined fields", async () => {
  const ff = fakeFetch([json({})]);
  const t = new HttpTransport({ fetch: ff.fetch });
  await t.request({
    method: "PUT",
    url: URL_TASK,
    json: { DATA_TYPE: "task", label: undefined, deadline: "x" },
  });
  assert.equal(ff.requests[0]!.body, '{"DATA_TYPE":"task","deadline":"x"}');
  assert.equal(ff.requests[0]!.headers["content-type"], "application/json");
});

test("transport retries transient statuses with the Python backoff and succeeds", async () => {
  const clock = fakeClock();
  const ff = fakeFetch([
    json({ code: "ServiceUnavailable" }, 500),
    json({}, 502),
    json({}, 504),
    json({ value: 1 }),
  ]);
  const t = new HttpTransport({
    fetch: ff.fetch,
    clock,
    retry: { random: half },
  });
  const res = await t.request({ method: "GET", url: URL_TASK });
  assert.deepEqual(res.data, { value: 1 });
  assert.equal(ff.requests.length, 4);
  assert.deepEqual(clock.sleeps, [500, 1000, 2000]);
});

test("transport gives up after 5 retries and throws the last error", async () => {
  const clock = fakeClock();
  const ff = fakeFetch(
    [],
    () => json({ code: "ServiceUnavailable", message: "down" }, 503),
  );
  const t = new HttpTransport({
    fetch: ff.fetch,
    clock,
    retry: { random: () => 0 },
  });
  await assert.rejects(
    t.request({ method: "POST", url: URL_TASK, json: {} }),
    (e: unknown) => {
      assert.ok(e instanceof GlobusAPIError);
      assert.equal(e.httpStatus, 503);
      assert.equal(e.code, "ServiceUnavailable");
      return true;
    },
  );
  assert.equal(ff.requests.length, 6);
  assert.deepEqual(clock.sleeps, [250, 500, 1000, 2000, 4000]);
});

test("transport caps the backoff at 10 s", async () => {
  const clock = fakeClock();
  const ff = fakeFetch([], () => json({}, 500));
  const t = new HttpTransport({
    fetch: ff.fetch,
    clock,
    retry: { random: () => 0.999, maxRetries: 6 },
  });
  await assert.rejects(t.request({ method: "GET", url: URL_TASK }));
  assert.equal(Math.max(...clock.sleeps), 10_000);
  assert.equal(clock.sleeps.at(-1), 10_000);
});

test("transport honours Retry-After on 429 and 503", async () => {
  const clock = fakeClock();
  const ff = fakeFetch([
    json({}, 429, { "retry-after": "7" }),
    json({}, 503, { "retry-after": "2" }),
    json({}, 502, { "retry-after": "9" }), // ignored on 502
    json({ ok: 1 }),
  ]);
  const t = new HttpTransport({
    fetch: ff.fetch,
    clock,
    retry: { random: half },
  });
  await t.request({ method: "GET", url: URL_TASK });
  assert.deepEqual(clock.sleeps, [7000, 2000, 2000]);
});

test("transport does not retry Transfer ExternalError or EndpointError", async () => {
  for (const code of ["ExternalError.DirListingFailed", "EndpointError"]) {
    const clock = fakeClock();
    const ff = fakeFetch(
      [],
      () => json({ code, message: "remote said no" }, 502),
    );
    const t = new HttpTransport({ fetch: ff.fetch, clock });
    await assert.rejects(
      t.request({ method: "GET", url: URL_TASK, errorClass: TransferAPIError }),
      (e: unknown) => e instanceof TransferAPIError && e.code === code,
    );
    assert.equal(ff.requests.length, 1);
    assert.deepEqual(clock.sleeps, []);
  }
});

test("transport does not retry client errors", async () => {
  const ff = fakeFetch([
    json({
      code: "ClientError.NotFound",
      message: "Task 123 not found",
      request_id: "r1",
    }, 404),
  ]);
  const t = new HttpTransport({ fetch: ff.fetch, clock: fakeClock() });
  await assert.rejects(
    t.request({ method: "GET", url: URL_TASK }),
    (e: unknown) => {
      assert.ok(e instanceof GlobusAPIError);
      assert.equal(
        e.message,
        "GET https://transfer.api.globus.org/v0.10/task/123 → 404 ClientError.NotFound: Task 123 not found (request_id r1)",
      );
      assert.equal(e.requestId, "r1");
      assert.equal(e.method, "GET");
      assert.equal(e.url, URL_TASK);
      return true;
    },
  );
  assert.equal(ff.requests.length, 1);
});

test("transport retries network errors, then throws NetworkError with cause", async () => {
  const clock = fakeClock();
  const boom = new TypeError("connection reset");
  const ff = fakeFetch([boom, json({ ok: 1 })]);
  const t = new HttpTransport({
    fetch: ff.fetch,
    clock,
    retry: { random: half },
  });
  assert.deepEqual(
    (await t.request({ method: "POST", url: URL_TASK, json: {} })).data,
    { ok: 1 },
  );
  assert.deepEqual(clock.sleeps, [500]);

  const ff2 = fakeFetch([], () => Promise.reject(boom));
  const t2 = new HttpTransport({
    fetch: ff2.fetch,
    clock: fakeClock(),
    retry: { maxRetries: 2 },
  });
  await assert.rejects(
    t2.request({ method: "GET", url: URL_TASK }),
    (e: unknown) => {
      assert.ok(e instanceof NetworkError);
      assert.equal(e.cause, boom);
      assert.match(
        e.message,
        /GET https:\/\/transfer.api.globus.org\/v0.10\/task\/123 failed: network error: connection reset/,
      );
      return true;
    },
  );
  assert.equal(ff2.requests.length, 3);
});

test("transport times out through AbortSignal after 60 s by default", async () => {
  const clock = fakeClock();
  let seenSignal: AbortSignal | undefined;
  const hanging = (_i: unknown, init?: RequestInit) =>
    new Promise<Response>((_resolve, reject) => {
      seenSignal = init?.signal ?? undefined;
      init?.signal?.addEventListener(
        "abort",
        () => reject(init.signal!.reason),
      );
    });
  const t = new HttpTransport({ fetch: hanging, clock, retry: false });
  assert.equal(t.timeoutMs, 60_000);
  const p = t.request({ method: "GET", url: URL_TASK });
  const check = assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof TimeoutError);
    assert.equal(e.timeoutMs, 60_000);
    // Retries off: one request, said so (not "1 attempt … each attempt …
    // the whole call up to 120 s", a cap that played no part).
    assert.match(
      e.message,
      /timed out: no answer after 60 s \(the request waits up to 60 s and is not retried, as retries are off; raise the wait with the timeoutMs option or GLOBUS_SDK_HTTP_TIMEOUT\)$/,
    );
    assert.doesNotMatch(e.message, /attempt|whole call|totalTimeoutMs/);
    assert.equal(e.attempts, 1);
    return true;
  });
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(seenSignal?.aborted, false);
  await clock.advance(59_999);
  assert.equal(seenSignal?.aborted, false);
  await clock.advance(1);
  await check;
  assert.equal(seenSignal?.aborted, true);
});

test("with no retries (maxRetries: 0) and a totalTimeoutMs shorter than timeoutMs, a timeout names the cap that cut the request", async () => {
  const clock = fakeClock();
  const hanging = (_i: unknown, init?: RequestInit) =>
    new Promise<Response>((_resolve, reject) => {
      init?.signal?.addEventListener(
        "abort",
        () => reject(init.signal!.reason),
      );
    });
  const t = new HttpTransport({
    fetch: hanging,
    clock,
    timeoutMs: 10_000,
    totalTimeoutMs: 4_000,
    retry: { maxRetries: 0 },
  });
  const p = t.request({ method: "GET", url: URL_TASK });
  const check = assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof TimeoutError);
    assert.match(
      e.message,
      /timed out: no answer after 4 s \(the call waits up to 4 s, its totalTimeoutMs, shorter than its timeoutMs of 10 s, and is not retried, as retries are off; raise totalTimeoutMs\)$/,
    );
    return true;
  });
  await new Promise((r) => setTimeout(r, 0));
  await clock.advance(4_000);
  await check;
});

test("transport timeout is configurable and retried like a network error", async () => {
  const clock = fakeClock({ autoLimitMs: 1000 });
  let calls = 0;
  const fetch = (_i: unknown, init?: RequestInit) => {
    calls++;
    if (calls === 2) return Promise.resolve(json({ ok: 1 }));
    return new Promise<Response>((_r, reject) =>
      init?.signal?.addEventListener("abort", () => reject(init.signal!.reason))
    );
  };
  const t = new HttpTransport({
    fetch,
    clock,
    timeoutMs: 5000,
    retry: { random: half },
  });
  const p = t.request({ method: "GET", url: URL_TASK });
  await new Promise((r) => setTimeout(r, 0));
  await clock.advance(5000);
  assert.deepEqual((await p).data, { ok: 1 });
  assert.equal(calls, 2);
});

test("transport aborts on the caller's signal without retrying", async () => {
  const ctrl = new AbortController();
  const fetch = (_i: unknown, init?: RequestInit) =>
    new Promise<Response>((_r, reject) =>
      init?.signal?.addEventListener("abort", () => reject(init.signal!.reason))
    );
  const t = new HttpTransport({ fetch, clock: fakeClock() });
  const p = t.request({ method: "GET", url: URL_TASK, signal: ctrl.signal });
  ctrl.abort(new Error("user stop"));
  await assert.rejects(p, /user stop/);
});

test("many calls at once on one shared signal add one listener to it, not one each (the eleventh warned MaxListenersExceededWarning on Node 20 and Deno), and all of them stop on its abort; none is left after", async () => {
  const hanging = (_i: unknown, init?: RequestInit) =>
    new Promise<Response>((_r, reject) =>
      init?.signal?.addEventListener("abort", () => reject(init.signal!.reason))
    );
  const ctrl = new AbortController();
  let started = 0;
  let allStarted!: () => void;
  const ready = new Promise<void>((r) => allStarted = r);
  const t = new HttpTransport({
    fetch: (i, init) => {
      if (++started === 20) allStarted();
      return hanging(i, init);
    },
  });
  const calls = Array.from(
    { length: 20 },
    () => t.request({ method: "GET", url: URL_TASK, signal: ctrl.signal }),
  );
  await ready;
  assert.equal(getEventListeners(ctrl.signal, "abort").length, 1);
  ctrl.abort(new Error("shutting down"));
  for (const c of calls) await assert.rejects(c, /shutting down/);
  assert.equal(getEventListeners(ctrl.signal, "abort").length, 0);

  // Finished calls leave nothing either.
  const done = new AbortController();
  const ok = new HttpTransport({
    fetch: () => Promise.resolve(json({ ok: true })),
  });
  await Promise.all(
    Array.from(
      { length: 20 },
      () => ok.request({ method: "GET", url: URL_TASK, signal: done.signal }),
    ),
  );
  assert.equal(getEventListeners(done.signal, "abort").length, 0);
});

test("a caller's signal reaches the request only while it runs: aborting it after the call is over reaches nothing", async () => {
  // Clocks: the real one (shared deadline timer) and an injected one.
  for (const clock of [undefined, fakeClock()]) {
    const seen: AbortSignal[] = [];
    const t = new HttpTransport({
      fetch: (_i, init) => {
        seen.push(init!.signal!);
        return Promise.resolve(json({ ok: true }));
      },
      ...(clock ? { clock } : {}),
    });
    const ctrl = new AbortController();
    await t.request({ method: "GET", url: URL_TASK, signal: ctrl.signal });
    await t.request({ method: "GET", url: URL_TASK, signal: ctrl.signal });
    ctrl.abort(new Error("stopped later"));
    // Nothing of the finished calls stayed linked to the caller's signal
    // (AbortSignal.any() kept each call's combined signal following it).
    assert.deepEqual(seen.map((s) => s.aborted), [false, false]);
  }
});

test("a caller's abort that is itself a TimeoutError is the caller's, not a timeout of the transport", async () => {
  const hanging = (_i: unknown, init?: RequestInit) =>
    new Promise<Response>((_r, reject) => {
      if (init?.signal?.aborted) reject(init.signal.reason);
      init?.signal?.addEventListener(
        "abort",
        () => reject(init.signal!.reason),
      );
    });
  for (const clock of [undefined, fakeClock()]) {
    const t = new HttpTransport({
      fetch: hanging,
      retry: false,
      ...(clock ? { clock } : {}),
    });
    const ctrl = new AbortController();
    const reason = new DOMException(
      "the caller's own deadline",
      "TimeoutError",
    );
    const p = t.request({ method: "GET", url: URL_TASK, signal: ctrl.signal });
    await new Promise((r) => setTimeout(r, 0));
    ctrl.abort(reason);
    await assert.rejects(p, (e: unknown) => {
      assert.equal(e, reason);
      assert.ok(!(e instanceof TimeoutError));
      return true;
    });
  }
});

test("a caller's signal aborted while the authorizer is asked stops the request with the caller's reason", async () => {
  for (const clock of [undefined, fakeClock()]) {
    const ctrl = new AbortController();
    const authorizer: Authorizer = {
      getAuthorizationHeader: () => {
        ctrl.abort(new Error("stopped during the token lookup"));
        return Promise.resolve("Bearer t");
      },
    };
    let sentAborted: boolean | undefined;
    const t = new HttpTransport({
      fetch: (_i, init) => {
        sentAborted = init?.signal?.aborted;
        return init?.signal?.aborted
          ? Promise.reject(init.signal.reason)
          : Promise.resolve(json({ ok: true }));
      },
      ...(clock ? { clock } : {}),
    });
    await assert.rejects(
      t.request({
        method: "GET",
        url: URL_TASK,
        signal: ctrl.signal,
        authorizer,
      }),
      /stopped during the token lookup/,
    );
    assert.equal(sentAborted, true);
  }
});

test("transport asks the authorizer, and refreshes and replays once on 401", async () => {
  let token = "old";
  let refreshes = 0;
  const authorizer: Authorizer = {
    getAuthorizationHeader: () => Promise.resolve(`Bearer ${token}`),
    handleMissingAuthorization: () => {
      refreshes++;
      token = "new";
      return Promise.resolve(true);
    },
  };
  const ff = fakeFetch([
    json({ code: "AuthenticationFailed" }, 401),
    json({ ok: 1 }),
  ]);
  const t = new HttpTransport({ fetch: ff.fetch, clock: fakeClock() });
  await t.request({ method: "GET", url: URL_TASK, authorizer });
  assert.equal(refreshes, 1);
  assert.equal(ff.requests[0]!.headers["authorization"], "Bearer old");
  assert.equal(ff.requests[1]!.headers["authorization"], "Bearer new");

  const ff2 = fakeFetch(
    [],
    () =>
      json(
        { code: "AuthenticationFailed", message: "Token is not active" },
        401,
      ),
  );
  const t2 = new HttpTransport({ fetch: ff2.fetch, clock: fakeClock() });
  await assert.rejects(
    t2.request({ method: "GET", url: URL_TASK, authorizer }),
    (e: unknown) => e instanceof GlobusAPIError && e.httpStatus === 401,
  );
  assert.equal(ff2.requests.length, 2, "one replay only");
  assert.equal(refreshes, 2);
});

test("time spent authorizing (a login waiting for a person) does not count against the call's deadline", async () => {
  // The call's deadline is two attempts' timeouts (120 s by default); a
  // login on the 401 that took 5 minutes used to leave the replay a
  // negative time: "timed out: no answer after 300 s and 2 attempts" right
  // after "Logged in".
  const clock = fakeClock();
  let token = "stale";
  const authorizer: Authorizer = {
    getAuthorizationHeader: () => {
      if (token === "none") {
        clock.set(clock.now() + 4 * 60_000); // the first login
        token = "first";
      }
      return Promise.resolve(`Bearer ${token}`);
    },
    handleMissingAuthorization: () => {
      clock.set(clock.now() + 5 * 60_000); // the user logs in again
      token = "fresh";
      return Promise.resolve(true);
    },
  };
  const ff = fakeFetch([
    json({ code: "AuthenticationFailed" }, 401),
    json({ ok: 1 }),
  ]);
  const t = new HttpTransport({ fetch: ff.fetch, clock });
  const res = await t.request({ method: "GET", url: URL_TASK, authorizer });
  assert.deepEqual(res.data, { ok: 1 });
  assert.equal(ff.requests[1]!.headers["authorization"], "Bearer fresh");
  // A login in getAuthorizationHeader itself, then a 503 and its retry.
  token = "none";
  const ff2 = fakeFetch([json({ code: "ServiceUnavailable" }, 503), json({})]);
  const t2 = new HttpTransport({ fetch: ff2.fetch, clock });
  await t2.request({ method: "GET", url: URL_TASK, authorizer });
  assert.equal(ff2.requests.length, 2, "the 503 was retried");
});

test("transport replays once after a consent requirement is met", async () => {
  const seen: unknown[] = [];
  const authorizer: Authorizer = {
    getAuthorizationHeader: () => Promise.resolve("Bearer t"),
    handleAuthorizationRequirements: (p) => {
      seen.push(p);
      return Promise.resolve(true);
    },
  };
  const consent = {
    code: "ConsentRequired",
    message: "Missing required data_access consent",
    required_scopes: ["s1"],
  };
  const ff = fakeFetch([json(consent, 403), json({ ok: 1 })]);
  const t = new HttpTransport({ fetch: ff.fetch, clock: fakeClock() });
  await t.request({ method: "GET", url: URL_TASK, authorizer });
  assert.deepEqual(seen, [{ required_scopes: ["s1"] }]);
  assert.equal(ff.requests.length, 2);
});

test("transport rejects a non-positive timeout with the value", () => {
  assert.throws(
    () => new HttpTransport({ timeoutMs: -1 }),
    /'timeoutMs' must be a positive number: current value is -1/,
  );
  assert.throws(
    () => new HttpTransport({ retry: { maxRetries: -2 } }),
    /current value is -2/,
  );
});

test("transport times out on the real clock too, with TimeoutError", async () => {
  const hanging = (_i: unknown, init?: RequestInit) =>
    new Promise<Response>((_r, reject) =>
      init?.signal?.addEventListener("abort", () => reject(init.signal!.reason))
    );
  const t = new HttpTransport({ fetch: hanging, timeoutMs: 20, retry: false });
  // Node's timeout timers do not keep the process alive (a real request's
  // socket would); hold the event loop open while the fake fetch hangs.
  const keepAlive = setInterval(() => {}, 1000);
  try {
    await assert.rejects(
      t.request({ method: "GET", url: URL_TASK }),
      (e: unknown) => e instanceof TimeoutError && e.timeoutMs === 20,
    );
  } finally {
    clearInterval(keepAlive);
  }
  // A caller's abort is not reported as a timeout.
  const ctrl = new AbortController();
  const t2 = new HttpTransport({ fetch: hanging, retry: false });
  const p = t2.request({ method: "GET", url: URL_TASK, signal: ctrl.signal });
  ctrl.abort(new Error("stop"));
  await assert.rejects(p, /stop/);
});

test("transport does not retry a permission error and names the flag", async () => {
  // The shapes Deno (NotCapable) and Node's permission model
  // (ERR_ACCESS_DENIED) reject fetch with.
  const notCapable = Object.assign(
    new Error(
      'Requires net access to "127.0.0.1:8123", run again with the --allow-net flag',
    ),
    { name: "NotCapable" },
  );
  const nodeDenied = Object.assign(
    new Error("Access to this API has been restricted"),
    { code: "ERR_ACCESS_DENIED", permission: "Net" },
  );
  const cases: [unknown, RegExp][] = [
    [
      notCapable,
      /^GET http:\/\/127\.0\.0\.1:8123\/transfer\/x failed: no network permission for 127\.0\.0\.1:8123 \(not retried\): run with --allow-net=127\.0\.0\.1:8123 \(or --allow-net\)$/,
    ],
    [
      new TypeError("fetch failed", { cause: nodeDenied }),
      /failed: Node's permission model refuses network access \(not retried\): run with --allow-net$/,
    ],
  ];
  for (const [rejection, message] of cases) {
    const clock = fakeClock();
    let attempts = 0;
    const t = new HttpTransport({
      fetch: () => {
        attempts++;
        return Promise.reject(rejection);
      },
      clock,
    });
    await assert.rejects(
      t.request({ method: "GET", url: "http://127.0.0.1:8123/transfer/x" }),
      (e: unknown) => {
        assert.ok(e instanceof NetworkError);
        assert.equal(e.cause, rejection);
        assert.match(e.message, message);
        return true;
      },
    );
    assert.equal(attempts, 1);
    assert.deepEqual(clock.sleeps, []);
  }
});

/** A fetch that never answers (until its signal aborts), counting calls. */
function silentServer() {
  const seen = { calls: 0 };
  const fetch = (_i: unknown, init?: RequestInit) => {
    seen.calls++;
    return new Promise<Response>((_r, reject) =>
      init?.signal?.addEventListener("abort", () => reject(init.signal!.reason))
    );
  };
  return { fetch, seen };
}

/** Advances the fake clock 0.5 s at a time (every wait here is a multiple) until `p` settles. */
async function runOut(
  clock: ReturnType<typeof fakeClock>,
  p: Promise<unknown>,
): Promise<void> {
  let settled = false;
  p.then(() => settled = true, () => settled = true);
  for (let i = 0; i < 4000 && !settled; i++) {
    await new Promise((r) => setTimeout(r, 0));
    await clock.advance(500);
  }
}

test("a server that accepts and never answers: the call gives up at its overall deadline (2 × the attempt timeout by default) and says how long it took", async () => {
  const clock = fakeClock();
  const { fetch, seen } = silentServer();
  const t = new HttpTransport({ fetch, clock, retry: { random: half } });
  assert.equal(t.totalTimeoutMs, 120_000);
  const p = t.request({ method: "GET", url: URL_TASK });
  const check = assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof TimeoutError, String(e));
    // Attempt 1 (60 s), a 0.5 s backoff, attempt 2 cut to the 59.5 s left.
    assert.equal(e.elapsedMs, 120_000);
    assert.equal(e.attempts, 2);
    assert.equal(e.timeoutMs, 60_000);
    assert.match(
      e.message,
      /^GET https:\/\/transfer\.api\.globus\.org\/v0\.10\/task\/123 timed out: no answer after 120 s and 2 attempts \(each attempt waits up to 60 s, the whole call up to 120 s; raise them with the timeoutMs and totalTimeoutMs options/,
    );
    return true;
  });
  await runOut(clock, p);
  await check;
  assert.equal(seen.calls, 2);
});

test("totalTimeoutMs sets the overall deadline; Infinity restores the uncapped retries", async () => {
  for (
    const [total, calls, elapsed] of [
      // 10 s, 0.5 s backoff, 10 s, 1 s backoff, the 8.5 s left.
      [30_000, 3, 30_000],
      [Infinity, 6, 6 * 10_000 + 500 + 1000 + 2000 + 4000 + 8000],
    ] as const
  ) {
    const clock = fakeClock();
    const { fetch, seen } = silentServer();
    const t = new HttpTransport({
      fetch,
      clock,
      timeoutMs: 10_000,
      totalTimeoutMs: total,
      retry: { random: half },
    });
    const p = t.request({ method: "GET", url: URL_TASK });
    const check = assert.rejects(p, (e: unknown) => {
      assert.ok(e instanceof TimeoutError);
      assert.equal(e.attempts, calls);
      assert.equal(e.elapsedMs, elapsed);
      return true;
    });
    await runOut(clock, p);
    await check;
    assert.equal(seen.calls, calls);
  }
});

test("a retry whose wait would pass the deadline is not made: a long Retry-After gives up at once with the 429", async () => {
  const clock = fakeClock();
  const ff = fakeFetch([
    new Response(JSON.stringify({ code: "RequestLimitExceeded" }), {
      status: 429,
      headers: { "retry-after": "200", "content-type": "application/json" },
    }),
    json({ ok: 1 }),
  ]);
  const t = new HttpTransport({ fetch: ff.fetch, clock });
  await assert.rejects(
    t.request({ method: "GET", url: URL_TASK }),
    (e: unknown) =>
      e instanceof GlobusAPIError && e.httpStatus === 429 &&
      // It said nothing of the retries it did not make.
      e.message.endsWith(
        "(not tried again: the wait before the next try, 200 s, would pass this call's total time limit of 120 s; raise totalTimeoutMs to wait longer)",
      ) && String(e.stack).includes("raise totalTimeoutMs"),
  );
  assert.equal(ff.requests.length, 1);
  assert.deepEqual(clock.sleeps, []);
});

test("a Retry-After past maxRetryAfterMs is named as asked, with both settings to raise (it read as the capped 300 s)", async () => {
  const ff = fakeFetch([
    new Response(JSON.stringify({ code: "RequestLimitExceeded" }), {
      status: 429,
      headers: { "retry-after": "3600", "content-type": "application/json" },
    }),
  ]);
  const t = new HttpTransport({ fetch: ff.fetch, clock: fakeClock() });
  await assert.rejects(
    t.request({ method: "GET", url: URL_TASK }),
    (e: unknown) =>
      e instanceof GlobusAPIError &&
      e.message.endsWith(
        "(not tried again: the service asked for a wait of 3600 s (Retry-After), past this call's total time limit of 120 s; to wait that long, raise totalTimeoutMs and retry.maxRetryAfterMs (300 s))",
      ),
  );
});

test("a bad totalTimeoutMs is refused with the fix", () => {
  for (const bad of [0, -1, Number.NaN]) {
    assert.throws(
      () => new HttpTransport({ totalTimeoutMs: bad }),
      /'totalTimeoutMs' must be a positive number \(or Infinity\)/,
    );
  }
});

test("a one-time request (idempotent: false) is not sent again once it may have reached the server", async () => {
  const clock = fakeClock();
  // A connection lost after sending, a timeout, a 500, a 502: one attempt each.
  const lost = new TypeError("error reading a body from connection");
  for (
    const answer of [
      lost,
      json({ code: "InternalError" }, 500),
      json({ code: "BadGateway" }, 502),
    ]
  ) {
    const ff = fakeFetch([answer, json({ ok: 1 })]);
    const t = new HttpTransport({ fetch: ff.fetch, clock });
    await assert.rejects(
      t.request({ method: "POST", url: URL_TASK, idempotent: false }),
    );
    assert.equal(ff.requests.length, 1);
  }
  const { fetch, seen } = silentServer();
  const t = new HttpTransport({ fetch, clock });
  const p = t.request({ method: "POST", url: URL_TASK, idempotent: false });
  const check = assert.rejects(p, TimeoutError);
  await runOut(clock, p);
  await check;
  assert.equal(seen.calls, 1);
});

test("a change sent again after its connection was lost says, when refused, that the first attempt may have taken effect (a mkdir answered 'Exists')", async () => {
  const lost = new TypeError("error reading a body from connection");
  const refused = new TypeError("error sending request", {
    cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), {
      code: "ECONNREFUSED",
    }),
  });
  const exists = () =>
    json({
      code: "ExternalError.MkdirFailed.Exists",
      message: "Path already exists",
    }, 502);
  const call = async (first: TypeError, method: string) => {
    const ff = fakeFetch([first, exists()]);
    const t = new HttpTransport({
      fetch: ff.fetch,
      clock: fakeClock(),
      retry: { random: half, statusCodes: [] },
    });
    try {
      await t.request({ method, url: URL_TASK });
    } catch (e) {
      assert.ok(e instanceof GlobusAPIError);
      assert.equal(ff.requests.length, 2);
      return e.message;
    }
    assert.fail("no error");
  };
  assert.match(
    await call(lost, "POST"),
    /Path already exists\. This was the answer to the request sent again after an earlier attempt's connection was lost once sent: that attempt may have taken effect \(made the folder, renamed the file…\); check before trying again$/,
  );
  // Not when the first attempt never reached the server, nor for a read.
  assert.doesNotMatch(await call(refused, "POST"), /may have taken effect/);
  assert.doesNotMatch(await call(lost, "GET"), /may have taken effect/);
});

test("a one-time request is still retried after a 429 or 503 (not processed) or a refused connection", async () => {
  const refused = new TypeError("error sending request", {
    cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), {
      code: "ECONNREFUSED",
    }),
  });
  const ff = fakeFetch([
    json({ code: "RequestLimitExceeded" }, 429),
    json({ code: "ServiceUnavailable" }, 503),
    refused,
    json({ ok: 1 }),
  ]);
  const t = new HttpTransport({
    fetch: ff.fetch,
    clock: fakeClock(),
    retry: { random: half },
  });
  const res = await t.request({
    method: "POST",
    url: URL_TASK,
    idempotent: false,
  });
  assert.deepEqual(res.data, { ok: 1 });
  assert.equal(ff.requests.length, 4);
});

test("an error from the authorizer (a failed refresh, already retried by its own client) is not retried as the request's", async () => {
  const clock = fakeClock();
  const ff = fakeFetch([], () => json({ ok: true }));
  let asked = 0;
  const refreshFailed = new NetworkError(
    "POST",
    "https://auth.globus.org/v2/oauth2/token",
    new TypeError("connection refused"),
  );
  const authorizer: Authorizer = {
    getAuthorizationHeader: () => {
      asked++;
      return Promise.reject(refreshFailed);
    },
  };
  const t = new HttpTransport({ fetch: ff.fetch, clock });
  await assert.rejects(
    t.request({ method: "GET", url: URL_TASK, authorizer }),
    (e: unknown) => e === refreshFailed,
  );
  assert.equal(asked, 1);
  assert.equal(ff.requests.length, 0);
  assert.deepEqual(clock.sleeps, []);
});

test("a NetworkError after retries says how many attempts were made and over how long (a log shows no retry lines); one attempt's says nothing more", async () => {
  const refused = () =>
    Promise.reject(
      new TypeError("fetch failed", {
        cause: Object.assign(new Error("connect ECONNREFUSED"), {
          code: "ECONNREFUSED",
        }),
      }),
    );
  const retried = new HttpTransport({
    fetch: refused,
    clock: fakeClock(),
    retry: { maxRetries: 2 },
  });
  const err = await retried.request({ method: "GET", url: URL_TASK })
    .catch((e) => e);
  assert.ok(err instanceof NetworkError, String(err));
  assert.match(
    err.message,
    /nothing is listening at transfer\.api\.globus\.org .*\(3 attempts over \d+(\.\d)? s\)$/,
  );
  assert.ok(String(err.stack).startsWith(`NetworkError: ${err.message}`));
  // A service's log reads them as numbers, as TimeoutError's.
  assert.equal(err.attempts, 3);
  assert.equal(typeof err.elapsedMs, "number");

  const once = new HttpTransport({ fetch: refused, retry: false });
  const single = await once.request({ method: "GET", url: URL_TASK })
    .catch((e) => e);
  assert.doesNotMatch(single.message, /attempts over/);
  assert.equal(single.attempts, undefined);
});

test("abort() without a reason names the request it stopped (it read only 'This operation was aborted'); a reason of the caller's is thrown as it is", async () => {
  const hanging = (_i: unknown, init?: RequestInit) =>
    new Promise<Response>((_r, reject) =>
      init?.signal?.addEventListener("abort", () => reject(init.signal!.reason))
    );
  const t = new HttpTransport({ fetch: hanging });
  const ctrl = new AbortController();
  const get = t.request({ method: "GET", url: URL_TASK, signal: ctrl.signal });
  ctrl.abort();
  const err = await get.catch((e) => e);
  assert.equal(err.name, "AbortError");
  assert.equal(
    err.message,
    `Aborted: stopped GET ${URL_TASK} before Globus answered`,
  );
  const post = new AbortController();
  const mkdir = t.request({
    method: "POST",
    url: "https://transfer.api.globus.org/v0.10/operation/endpoint/x/mkdir",
    json: { path: "/~/a/" },
    signal: post.signal,
  });
  post.abort();
  assert.match(
    (await mkdir.catch((e) => e)).message,
    /^Aborted: stopped POST .*; it may have reached Globus and taken effect already$/,
  );
  const own = new AbortController();
  const reason = new Error("shutting down");
  const third = t.request({ method: "GET", url: URL_TASK, signal: own.signal });
  own.abort(reason);
  assert.equal(await third.catch((e) => e), reason);
});

test("abort() while the call waits for its token says the request was not sent (it said 'before Globus answered', and of a change that it may have taken effect)", async () => {
  let asked!: () => void;
  const waiting = new Promise<void>((r) => asked = r);
  const slowToken = {
    getAuthorizationHeader(options?: { signal?: AbortSignal }) {
      asked();
      return new Promise<string>((_r, reject) =>
        options?.signal?.addEventListener(
          "abort",
          () => reject(options.signal!.reason),
        )
      );
    },
  };
  let sent = 0;
  const t = new HttpTransport({
    fetch: () => {
      sent++;
      return Promise.resolve(Response.json({}));
    },
  });
  const ctrl = new AbortController();
  const mkdir = t.request({
    method: "POST",
    url: "https://transfer.api.globus.org/v0.10/operation/endpoint/x/mkdir",
    json: { path: "/~/a/" },
    authorizer: slowToken,
    signal: ctrl.signal,
  });
  await waiting;
  ctrl.abort();
  const err = await mkdir.catch((e) => e);
  assert.equal(err.name, "AbortError");
  assert.match(
    err.message,
    /^Aborted: stopped POST \S+ while it waited for its authorization \(a token request or a login\), before it was sent$/,
  );
  assert.equal(sent, 0);
});

test("a NetworkError never quotes the credentials the request carried, wherever a fetch wrapper echoed them (message, cause messages, stacks, fields)", async () => {
  const bearer = "AgBearerTok3n/with+chars";
  const refresh = "AgRefreshTok3n/9z";
  const secret = "s3cret/client+pw";
  const basic = btoa(`client-id:${secret}`);
  const leakyFetch = (echo: string): FetchLike => (_input, init) => {
    const headers = new Headers(init?.headers);
    const body = String(init?.body ?? "");
    const inner = Object.assign(
      new Error(
        `socket hang up while sending ${body} with ${
          headers.get("authorization")
        }`,
      ),
      { code: "ECONNRESET", request: `${echo} ${body.toLowerCase()}` },
    );
    return Promise.reject(
      new TypeError(
        `fetch failed (Authorization: ${headers.get("authorization")})`,
        { cause: inner },
      ),
    );
  };
  const seen = async (
    fetch: FetchLike,
    req: Parameters<HttpTransport["request"]>[0],
  ) => {
    const t = new HttpTransport({
      fetch,
      clock: fakeClock(),
      retry: { maxRetries: 0 },
    });
    const err = await t.request(req).then(
      () => assert.fail("no error"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof NetworkError, String(err));
    const texts: string[] = [err.message, String(err.stack)];
    for (let c: unknown = err.cause; c instanceof Error; c = c.cause) {
      texts.push(c.message, String(c.stack));
      for (const v of Object.values(c)) texts.push(String(v));
    }
    return { err, all: texts.join("\n") };
  };

  const bearerCall = await seen(leakyFetch(bearer), {
    method: "GET",
    url: URL_TASK,
    headers: { Authorization: `Bearer ${bearer}` },
  });
  assert.ok(!bearerCall.all.includes(bearer), bearerCall.all);
  assert.ok(!bearerCall.all.includes("AgBearerTok3n"), bearerCall.all);
  assert.match(bearerCall.all, /\[REDACTED\]/);
  // What went wrong still shows.
  assert.match(bearerCall.err.message, /socket hang up/);
  assert.equal(
    (bearerCall.err.cause as { cause: { code: string } }).cause.code,
    "ECONNRESET",
  );

  const refreshCall = await seen(leakyFetch(encodeURIComponent(secret)), {
    method: "POST",
    url: "https://auth.globus.org/v2/oauth2/token",
    headers: { Authorization: `Basic ${basic}` },
    form: { grant_type: "refresh_token", refresh_token: refresh },
  });
  for (
    const s of [
      refresh,
      encodeURIComponent(refresh),
      encodeURIComponent(refresh).toLowerCase(),
      basic,
      secret,
      encodeURIComponent(secret),
    ]
  ) {
    assert.ok(!refreshCall.all.includes(s), `${s} shown:\n${refreshCall.all}`);
  }
  assert.match(refreshCall.all, /grant_type=refresh_token/);
});

test("an error status answered to the end of the retries says how many attempts were made (a 503 in a log read as if asked once); one attempt's says nothing more", async () => {
  const ff = fakeFetch([], () => json({ code: "ServiceUnavailable" }, 503));
  const t = new HttpTransport({
    fetch: ff.fetch,
    clock: fakeClock(),
    retry: { random: half, maxRetries: 2 },
  });
  const err = await t.request({ method: "GET", url: URL_TASK }).then(
    () => assert.fail("no error"),
    (e: unknown) => e,
  );
  assert.ok(err instanceof GlobusAPIError, String(err));
  assert.equal(ff.requests.length, 3);
  assert.equal(err.attempts, 3);
  assert.equal(typeof err.elapsedMs, "number");
  assert.match(
    err.message,
    /→ 503 ServiceUnavailable.* \(3 attempts over \d+(\.\d)? s\)$/,
  );
  assert.ok(String(err.stack).includes("(3 attempts over"));
  const once = await new HttpTransport({
    fetch: fakeFetch([json({ code: "NotFound" }, 404)]).fetch,
    clock: fakeClock(),
  }).request({ method: "GET", url: URL_TASK }).then(
    () => assert.fail("no error"),
    (e: unknown) => e,
  );
  assert.ok(once instanceof GlobusAPIError);
  assert.equal(once.attempts, undefined);
  assert.doesNotMatch(once.message, /attempts/);
});
