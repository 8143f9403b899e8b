/**
 * A 2xx body that is not JSON (truncated, an HTML page from a proxy, empty)
 * is reported as such with its start shown (credentials redacted), and a
 * body larger than `maxResponseBytes` is refused without being read whole.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NativeAppAuthClient } from "../../src/auth/native_client.ts";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { ResponseTooLargeError } from "../../src/core/errors.ts";
import { ResponseValidationError } from "../../src/core/response_validation_error.ts";
import { HttpTransport } from "../../src/core/transport.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";

function transferReturning(
  body: string | ReadableStream<Uint8Array>,
  init: ResponseInit = {},
  extra = {},
) {
  return new TransferClient({
    authorizer: new AccessTokenAuthorizer("AT-0123456789"),
    baseUrl: "https://transfer.example.org/",
    retry: false,
    fetch: () => Promise.resolve(new Response(body, init)),
    ...extra,
  });
}

test("a 200 with HTML, truncated JSON or no body says the body is not JSON and shows its start", async () => {
  const cases: [string, string, RegExp][] = [
    [
      "html",
      "<!doctype html><html><body>Gateway login required</body></html>",
      /not JSON.*<!doctype html><html><body>Gateway login required/,
    ],
    [
      "truncated",
      '{"task_id": "abc", "status": "ACT',
      /not JSON.*\{\\"task_id\\": \\"abc\\"/,
    ],
    ["empty", "", /body is empty/],
  ];
  for (const [name, body, expected] of cases) {
    const tc = transferReturning(body, {
      headers: {
        "content-type": name === "html" ? "text/html" : "application/json",
      },
    });
    const e = await tc.getTask("abc").catch((x) => x);
    assert.ok(e instanceof ResponseValidationError, `${name}: ${e}`);
    assert.match(e.message, expected, name);
    assert.doesNotMatch(e.message, /expected object, received undefined/);
    assert.match(
      e.message,
      /GET https:\/\/transfer\.example\.org\/v0\.10\/task\/abc/,
    );
  }
});

test("the start of a non-JSON body is shown with credentials redacted and without control codes", async () => {
  const tc = transferReturning(
    "\x1b[2Jaccess_token=AT-leaked-987654&refresh_token=RT-leaked-123456 Authorization: Bearer AT-hdr-555555",
  );
  const e = await tc.getTask("abc").catch((x) => x);
  assert.ok(e instanceof ResponseValidationError);
  for (
    const s of ["AT-leaked-987654", "RT-leaked-123456", "AT-hdr-555555", "\x1b"]
  ) {
    assert.ok(!e.message.includes(s), `${JSON.stringify(s)} in ${e.message}`);
  }
  assert.match(e.message, /access_token=\[REDACTED\]/);
});

test("a token endpoint answering 200 with HTML says so", async () => {
  const client = new NativeAppAuthClient("client-id", {
    baseUrl: "https://auth.example.org/",
    retry: false,
    fetch: () =>
      Promise.resolve(
        new Response("<html>Service temporarily unavailable</html>", {
          headers: { "content-type": "text/html" },
        }),
      ),
  });
  const e = await client.oauth2RefreshToken("RT-0123456789").catch((x) => x);
  assert.ok(e instanceof ResponseValidationError, String(e));
  assert.match(
    e.message,
    /token response.*not JSON.*Service temporarily unavailable/,
  );
});

test("a body larger than maxResponseBytes is refused, by Content-Length or while streaming", async () => {
  const big = "x".repeat(4096);
  const declared = transferReturning(big, {
    headers: { "content-type": "application/json", "content-length": "4096" },
  }, { maxResponseBytes: 1024 });
  const e1 = await declared.getTask("abc").catch((x) => x);
  assert.ok(e1 instanceof ResponseTooLargeError, String(e1));
  assert.equal(e1.maxBytes, 1024);
  assert.equal(e1.declaredBytes, 4096);
  assert.match(e1.message, /larger than 1024 bytes.*maxResponseBytes/);

  // No Content-Length: the stream is cut once the cap is passed, and the
  // rest of an endless body is never pulled.
  let pulled = 0;
  const endless = new ReadableStream<Uint8Array>({
    pull(c) {
      pulled++;
      c.enqueue(new Uint8Array(512).fill(120));
    },
  });
  const streamed = transferReturning(endless, {}, { maxResponseBytes: 2048 });
  const e2 = await streamed.getTask("abc").catch((x) => x);
  assert.ok(e2 instanceof ResponseTooLargeError, String(e2));
  assert.equal(e2.declaredBytes, null);
  assert.ok(pulled < 20, `pulled ${pulled} chunks`);
});

test("maxResponseBytes: a body at the cap is read; Infinity lifts it; nonsense is refused", async () => {
  const body = JSON.stringify({ value: "x".repeat(100) });
  const at = new HttpTransport({
    maxResponseBytes: body.length,
    fetch: () => Promise.resolve(new Response(body)),
  });
  const res = await at.request({
    method: "GET",
    url: "https://x.example.org/",
  });
  assert.equal((res.data as { value: string }).value.length, 100);
  const none = new HttpTransport({
    maxResponseBytes: Infinity,
    fetch: () => Promise.resolve(new Response(body)),
  });
  assert.ok(
    (await none.request({ method: "GET", url: "https://x.example.org/" })).data,
  );
  for (const bad of [0, -1, Number.NaN]) {
    assert.throws(
      () => new HttpTransport({ maxResponseBytes: bad }),
      /maxResponseBytes/,
    );
  }
});

test("a body of unknown length that has fully arrived before it is read (queued bytes, then the end) is read whole", async () => {
  // A byte stream with its data queued and its end already requested when
  // the client starts reading: how a small chunked answer looks when it
  // arrives faster than the reader. A read asking for more than is queued
  // ({ min }) errors such a stream ("Insufficient bytes to fill elements in
  // the given buffer"), which broke token refreshes under load.
  const body = '{"DATA_TYPE": "file_list", "DATA": []}';
  const cases: [string, Uint8Array<ArrayBuffer>[]][] = [
    ["one chunk", [new TextEncoder().encode(body)]],
    ["two chunks", [
      new TextEncoder().encode(body.slice(0, 7)),
      new TextEncoder().encode(body.slice(7)),
    ]],
  ];
  for (const [name, chunks] of cases) {
    const stream = new ReadableStream<Uint8Array>({
      type: "bytes",
      start(c) {
        for (const chunk of chunks) c.enqueue(chunk);
        c.close();
      },
    });
    const tc = transferReturning(stream, {
      headers: { "Content-Type": "application/json" },
    });
    const ls = await tc.operationLs("6c54cade-bde5-45c1-bdea-f4bd71dba2cc");
    assert.deepEqual(ls.DATA, [], name);
  }
});

test("a token endpoint's body that is not JSON shows no token, even one without its field name, and ends in … only when cut", async () => {
  const token = "AgQ8dW0J1xYbKq7Zr3LmN2pVt5sWc9Hf";
  const answer = (body: string) =>
    new NativeAppAuthClient("client-id", {
      baseUrl: "https://auth.example.org/",
      retry: false,
      fetch: () =>
        Promise.resolve(
          new Response(body, { headers: { "content-type": "text/plain" } }),
        ),
    }).oauth2RefreshToken("RT-0123456789").catch((x) => x);
  const e = await answer(`token ${token}, expires 172800`);
  assert.ok(e instanceof ResponseValidationError, String(e));
  assert.ok(!e.message.includes(token.slice(0, 12)), e.message);
  assert.match(e.message, /"token \[REDACTED\], expires 172800"/);
  // Words, host names and UUIDs stay readable.
  const plain = await answer(
    "Gateway auth.globus.org unavailable; request 3b2a1c4e-9f8d-4e7a-b6c5-d4e3f2a1b0c9",
  );
  assert.match(
    plain.message,
    /"Gateway auth\.globus\.org unavailable; request 3b2a1c4e-9f8d-4e7a-b6c5-d4e3f2a1b0c9"/,
  );
  const long = await answer(`Service unavailable ${"retry later ".repeat(30)}`);
  assert.match(long.message, /retry later retr…"$/);
});
