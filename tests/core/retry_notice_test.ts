/**
 * The line a terminal shows when a request is tried again after a network
 * error (the retries said nothing for ~18 s before the error). Through the
 * notice's seam here; on a real terminal in tests/core/retry_notice_pty_test.ts.
 */
import { afterEach, test } from "node:test";
import assert from "node:assert/strict";
import { HttpTransport } from "../../src/core/transport.ts";
import { NetworkError } from "../../src/core/errors.ts";
import { setRetryNoticeSink } from "../../src/core/_retry_notice.ts";
import { fakeFetch, json } from "../_helpers/fake_fetch.ts";
import { fakeClock } from "../_helpers/fake_clock.ts";

afterEach(() => setRetryNoticeSink(undefined));

const URL_TASK = "https://transfer.api.globus.org/v0.10/task/123";

/** A request every attempt of which is refused: it fails in the end. */
async function refusedRequest(maxRetries: number): Promise<void> {
  const t = new HttpTransport({
    fetch: fakeFetch(
      [],
      () => Promise.reject(new TypeError("connection refused")),
    ).fetch,
    clock: fakeClock(),
    retry: { maxRetries },
  });
  await assert.rejects(
    t.request({ method: "GET", url: URL_TASK }),
    NetworkError,
  );
}

/** A transport whose first two attempts are refused, and the third answers. */
function flakyTransport(): HttpTransport {
  const refused = new TypeError("connection refused");
  return new HttpTransport({
    fetch: fakeFetch([refused, refused, json({ ok: 1 })]).fetch,
    clock: fakeClock(),
    retry: { maxRetries: 3 },
  });
}

test("a request tried again after a network error says so once, naming the request and how many tries are left; a token is not in it", async () => {
  const lines: string[] = [];
  setRetryNoticeSink((t) => void lines.push(t));
  const t = flakyTransport();
  const authorizer = {
    getAuthorizationHeader: () => Promise.resolve("Bearer secret-token-value"),
  };
  assert.deepEqual(
    (await t.request({ method: "GET", url: URL_TASK, authorizer })).data,
    { ok: 1 },
  );
  assert.equal(lines.length, 1, lines.join(""));
  assert.match(
    lines[0]!,
    /^globus-deno: GET https:\/\/transfer\.api\.globus\.org\/v0\.10\/task\/123 failed: network error: connection refused: nothing is listening at transfer\.api\.globus\.org \(is the service running, and is the URL right\?\)\. Trying again \(up to 3 more times\)…\n$/,
  );
  assert.doesNotMatch(lines.join(""), /secret-token-value/);
  // Another request to the same service soon after: no second line.
  await refusedRequest(1);
  assert.equal(lines.length, 1);
});

test("no line when the request is not tried again", async () => {
  const lines: string[] = [];
  setRetryNoticeSink((t) => void lines.push(t));
  const ff = fakeFetch(
    [],
    () => Promise.reject(new TypeError("connection refused")),
  );
  const t = new HttpTransport({
    fetch: ff.fetch,
    clock: fakeClock(),
    retry: false,
  });
  await assert.rejects(
    t.request({ method: "GET", url: URL_TASK }),
    NetworkError,
  );
  assert.deepEqual(lines, []);
});

test("a wait Globus asked for (429 with Retry-After) is said with its length; a short backoff after a 503 is not", async () => {
  const lines: string[] = [];
  setRetryNoticeSink((t) => void lines.push(t));
  const limited = () =>
    new Response(
      JSON.stringify({
        code: "RequestLimitExceeded",
        message: "Too many requests",
      }),
      {
        status: 429,
        headers: { "retry-after": "30", "content-type": "application/json" },
      },
    );
  const ff = fakeFetch([limited(), json({ ok: 1 })]);
  const clock = fakeClock({ autoLimitMs: 60_000 });
  const t = new HttpTransport({ fetch: ff.fetch, clock });
  await t.request({ method: "GET", url: URL_TASK });
  assert.deepEqual(clock.sleeps, [30_000]);
  assert.equal(lines.length, 1, lines.join(""));
  assert.match(
    lines[0]!,
    /^globus-deno: GET https:\/\/transfer\.api\.globus\.org\/v0\.10\/task\/123 → 429 RequestLimitExceeded: Too many requests.*\. Trying again in 30 s \(up to 5 more times\)…\n$/,
  );
  // A 503 retried after the default backoff (under a second): no line.
  setRetryNoticeSink((t) => void lines.push(t));
  lines.length = 0;
  const ff2 = fakeFetch([
    json({ code: "ServiceUnavailable" }, 503),
    json({ ok: 1 }),
  ]);
  await new HttpTransport({ fetch: ff2.fetch, clock: fakeClock() }).request({
    method: "GET",
    url: URL_TASK,
  });
  assert.equal(ff2.requests.length, 2);
  assert.deepEqual(lines, []);
});

test("in a notebook, the line is shown in the cell while the call is retried and taken away when it ends (success or failure)", async () => {
  const shown: { text: unknown; id: string; update: boolean }[] = [];
  const record = (
    bundle: Record<string, unknown>,
    id: string,
    update: boolean,
  ) => {
    shown.push({ text: bundle["text/plain"], id, update });
    return Promise.resolve();
  };
  setRetryNoticeSink(undefined, record);
  const t = flakyTransport();
  assert.deepEqual((await t.request({ method: "GET", url: URL_TASK })).data, {
    ok: 1,
  });
  assert.equal(shown.length, 2, JSON.stringify(shown));
  assert.match(
    String(shown[0]!.text),
    /^globus-deno: GET https:\/\/transfer\.api\.globus\.org\/v0\.10\/task\/123 failed: network error: connection refused.*Trying again \(up to 3 more times\)…$/,
  );
  assert.equal(shown[0]!.update, false);
  // The same display, emptied once the request answered.
  assert.deepEqual(shown[1], { text: "", id: shown[0]!.id, update: true });
  // A call that fails in the end takes its line away too (a new sink: the
  // same service's line is not said again within 10 s).
  setRetryNoticeSink(undefined, record);
  await refusedRequest(2);
  assert.equal(shown.length, 4);
  assert.deepEqual(shown[3], { text: "", id: shown[2]!.id, update: true });
  assert.notEqual(shown[2]!.id, shown[0]!.id);
});
