import { test } from "node:test";
import assert from "node:assert/strict";
import { fakeClock } from "../_helpers/fake_clock.ts";
import { createServer } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import process from "node:process";
import { NetworkError, TimeoutError } from "../../src/core/network_errors.ts";
import { HttpTransport } from "../../src/core/transport.ts";
import { isDeno } from "../../src/core/runtime.ts";
import { SELF_SIGNED_CERT, SELF_SIGNED_KEY } from "./_self_signed.ts";
import { withEnv } from "../_helpers/with_env.ts";

const SECRET = "AgXyZsecretTOKENvalue1234567890";

/** A port on 127.0.0.1 where nothing listens (a server's, just closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test("a request to a port where nothing listens says 'connection refused: nothing is listening at host:port', not the runtime's 'fetch failed'", async () => {
  const port = await closedPort();
  const url = `http://127.0.0.1:${port}/transfer/v0.10/task/123`;
  const t = new HttpTransport({ retry: false });
  const err = await t.request({ method: "GET", url }).then(
    () => assert.fail("nothing listens there"),
    (e: unknown) => e,
  );
  assert.ok(err instanceof NetworkError, String(err));
  assert.equal(
    err.message,
    `GET ${url} failed: network error: connection refused: nothing is listening at 127.0.0.1:${port} (is the service running, and is the URL right?)`,
  );
});

test("with HTTPS_PROXY set, a refused connection or an unknown host names the proxy (never its password), not the Globus host; NO_PROXY's hosts keep the plain message", async () => {
  const url = "https://transfer.api.globus.org/v0.10/task/123";
  const refused = new TypeError("fetch failed", {
    cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:41598"), {
      code: "ECONNREFUSED",
    }),
  });
  const dns = new TypeError("fetch failed", {
    cause: Object.assign(new Error("getaddrinfo ENOTFOUND proxy.invalid"), {
      code: "ENOTFOUND",
    }),
  });
  const fail = async (cause: unknown) => {
    const t = new HttpTransport({
      retry: false,
      fetch: () => Promise.reject(cause),
    });
    const err = await t.request({ method: "GET", url }).catch((e) => e);
    assert.ok(err instanceof NetworkError, String(err));
    return err.message;
  };
  const CLEAR = {
    https_proxy: undefined,
    http_proxy: undefined,
    no_proxy: undefined,
    NO_PROXY: undefined,
  };
  await withEnv({
    ...CLEAR,
    HTTPS_PROXY: "http://me:s3cret@127.0.0.1:41598",
  }, async () => {
    const msg = await fail(refused);
    assert.equal(
      msg,
      `GET ${url} failed: network error: connection refused: nothing is listening at the proxy 127.0.0.1:41598 (HTTPS_PROXY), which requests to transfer.api.globus.org go through: start the proxy, correct HTTPS_PROXY, or unset it to connect directly (NO_PROXY=transfer.api.globus.org skips it for this host)`,
    );
    assert.doesNotMatch(msg, /s3cret/);
  });
  await withEnv({ ...CLEAR, HTTPS_PROXY: "proxy.invalid:3128" }, async () => {
    assert.match(
      await fail(dns),
      /network error: proxy host 'proxy\.invalid' not found \(DNS lookup failed; HTTPS_PROXY, which requests to transfer\.api\.globus\.org go through\): correct HTTPS_PROXY, or unset it to connect directly$/,
    );
  });
  await withEnv({
    ...CLEAR,
    HTTPS_PROXY: "http://127.0.0.1:41598",
    NO_PROXY: ".globus.org",
  }, async () => {
    assert.match(
      await fail(refused),
      /network error: connection refused: nothing is listening at transfer\.api\.globus\.org \(is the service running/,
    );
  });
});

test("a port fetch refuses (Deno's 'Requests to port … are blocked', Node's 'bad port') fails at once, not retried, and says to use another port", async () => {
  const causes = [
    new TypeError("Fetch failed: Requests to port 6000 are blocked"),
    new TypeError("fetch failed", { cause: new Error("bad port") }),
  ];
  for (const cause of causes) {
    let calls = 0;
    const t = new HttpTransport({
      retry: { maxRetries: 3 },
      fetch: () => {
        calls++;
        return Promise.reject(cause);
      },
    });
    const err = await t.request({
      method: "GET",
      url: "http://127.0.0.1:6000/transfer/v0.10/task/1",
    }).catch((e) => e);
    assert.ok(err instanceof NetworkError, String(err));
    assert.equal(calls, 1, "not retried");
    assert.match(
      err.message,
      /failed: network error: port 6000 is one that fetch refuses \(a "bad port" of the Fetch standard, blocked by browsers, Deno and Node alike\), so no request to it can work \(not retried\): run the service on another port$/,
    );
  }
});

test("NetworkError names an unknown host, and the GLOBUS_SDK_SERVICE_URL_* variable the URL came from", () => {
  const base = "http://127.0.0.l:18777/transfer/";
  const url = `${base}v0.10/task/123`;
  // As Deno wraps it: TypeError("fetch failed") ← the connector's error.
  const dns = new TypeError("fetch failed", {
    cause: new Error(
      `error sending request for url (${url}): client error (Connect): dns error: failed to lookup address information: Name or service not known`,
    ),
  });
  const before = process.env.GLOBUS_SDK_SERVICE_URL_TRANSFER;
  try {
    delete process.env.GLOBUS_SDK_SERVICE_URL_TRANSFER;
    assert.equal(
      new NetworkError("GET", url, dns).message,
      `GET ${url} failed: network error: host '127.0.0.l' not found (DNS lookup failed): check the URL's host name and the network`,
    );
    process.env.GLOBUS_SDK_SERVICE_URL_TRANSFER = base;
    assert.match(
      new NetworkError("GET", url, dns).message,
      /not found \(DNS lookup failed\): check the URL's host name and the network; the URL comes from GLOBUS_SDK_SERVICE_URL_TRANSFER=http:\/\/127\.0\.0\.l:18777\/transfer\/$/,
    );
  } finally {
    if (before === undefined) {
      delete process.env.GLOBUS_SDK_SERVICE_URL_TRANSFER;
    } else process.env.GLOBUS_SDK_SERVICE_URL_TRANSFER = before;
  }
});

test("NetworkError shows the innermost cause's message, without the request URL it repeats", () => {
  const url = `https://x.example.org/v0.10/task?token=${SECRET}`;
  const e = new NetworkError(
    "GET",
    url,
    new TypeError("fetch failed", {
      cause: new Error(
        `error sending request for url (${url}): connection closed before message completed`,
      ),
    }),
  );
  assert.match(
    e.message,
    /failed: network error: connection closed before message completed$/,
  );
  assert.ok(!e.message.includes(SECRET));
});

test("an https:// URL for a plain HTTP server (the emulator) says the TLS handshake failed and to use http://, and is not tried again", async () => {
  const server = createServer((_req, res) => res.end("{}"));
  let connections = 0;
  server.on("connection", () => connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  try {
    const url = `https://127.0.0.1:${port}/transfer/v0.10/task/123`;
    // Retries allowed: none is made (it was retried for 10–16 s, in
    // silence through a pipe, before the error said so).
    const err = await new HttpTransport({
      retry: { maxRetries: 2 },
      clock: fakeClock(),
    }).request({
      method: "GET",
      url,
    }).then(() => assert.fail("not HTTPS"), (e: unknown) => e);
    assert.ok(err instanceof NetworkError, String(err));
    assert.match(
      err.message,
      new RegExp(
        `failed: network error: the server at 127\\.0\\.0\\.1:${port} does not answer HTTPS \\(the TLS handshake failed\\): if it serves plain HTTP \\(the emulator does\\), the URL must start with http://$`,
      ),
    );
    assert.equal(connections, 1, "not tried again");
  } finally {
    server.closeAllConnections?.();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

test("a server whose certificate is not trusted: the error says so and how to trust it, and the request is not retried", async () => {
  const server = createHttpsServer(
    { key: SELF_SIGNED_KEY, cert: SELF_SIGNED_CERT },
    (_req, res) => res.end("{}"),
  );
  let connections = 0;
  server.on("connection", () => connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `https://127.0.0.1:${port}/transfer/v0.10/task/123`;
  const request = () =>
    new HttpTransport({ retry: { maxRetries: 2 } }).request({
      method: "GET",
      url,
    }).then(() => assert.fail("trusted a self-signed certificate"), (e) => e);
  try {
    const err = await request();
    assert.ok(err instanceof NetworkError, String(err));
    assert.match(
      err.message,
      new RegExp(
        `failed: network error: the server at 127\\.0\\.0\\.1:${port} presented a certificate this runtime does not trust \\((UnknownIssuer|DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate(; [^)]*)?)\\): for a private certificate authority, ${
          isDeno
            ? "run Deno with --cert <ca\\.pem> \\(or set DENO_CERT=<ca\\.pem>\\); to skip the check for this host only \\(testing\\), --unsafely-ignore-certificate-errors=127\\.0\\.0\\.1$"
            : "set NODE_EXTRA_CA_CERTS=<ca\\.pem> before starting Node$"
        }`,
      ),
    );
    assert.equal(connections, 1, "a certificate error was retried");
    // The Python SDK's switch is named when it is set, as it is not read.
    process.env.GLOBUS_SDK_VERIFY_SSL = "false";
    try {
      const again = await request();
      assert.match(
        again.message,
        / \(GLOBUS_SDK_VERIFY_SSL is not read here: fetch has no such switch\)$/,
      );
    } finally {
      delete process.env.GLOBUS_SDK_VERIFY_SSL;
    }
  } finally {
    server.closeAllConnections?.();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

test("a TimeoutError is a NetworkError, as the Python SDK's GlobusTimeoutError is, with its own message first in the stack", () => {
  const url = `https://transfer.api.globus.org/v0.10/task?token=${SECRET}`;
  const e = new TimeoutError("get", url, 2000, undefined, {
    elapsedMs: 4100,
    attempts: 2,
    totalTimeoutMs: 4000,
  });
  assert.ok(e instanceof NetworkError);
  assert.equal(e.name, "TimeoutError");
  assert.equal(e.method, "GET");
  assert.ok(!e.url.includes(SECRET) && !e.message.includes(SECRET));
  assert.match(
    e.message,
    /^GET https:\/\/transfer\.api\.globus\.org\/v0\.10\/task\?token=\S+ timed out: no answer after 4\.1 s and 2 attempts \(each attempt waits up to 2 s, the whole call up to 4 s;/,
  );
  assert.equal(e.stack?.split("\n")[0], `TimeoutError: ${e.message}`);
  assert.ok(!/network error/.test(String(e.stack)));
});

test("a certificate refused for another reason (Deno: a CA certificate used as the server's) keeps the whole reason", () => {
  const url = "https://gcs.example.org/api/info";
  const e = new NetworkError(
    "GET",
    url,
    new TypeError("fetch failed", {
      cause: new Error(
        `error sending request for url (${url}): client error (Connect): invalid peer certificate: Other(OtherError(CaUsedAsEndEntity))`,
      ),
    }),
  );
  assert.match(
    e.message,
    /the server at gcs\.example\.org presented a certificate this runtime does not trust \(Other\(OtherError\(CaUsedAsEndEntity\)\)\): for a private certificate authority, /,
  );
});

test("a NetworkError's cause does not quote the request URL's secrets (Deno's fetch error says 'error sending request for url (…?code=…)', printed under [cause])", () => {
  const url =
    "http://127.0.0.1:47599/v0.10/endpoint_search?code=CODEsecret123&access_token=ATsecret456";
  const inner = Object.assign(
    new Error(
      `error sending request for url (${url}): client error (Connect): tcp connect error: Connection refused (os error 111)`,
    ),
    { code: "ECONNREFUSED" },
  );
  const outer = new TypeError("fetch failed", { cause: inner });
  const err = new NetworkError("GET", url, outer);
  const shown = [
    String(err.cause),
    String((err.cause as Error).cause),
    (err.cause as Error).stack,
    ((err.cause as Error).cause as Error).stack,
  ].join("\n");
  assert.doesNotMatch(shown, /CODEsecret123|ATsecret456/);
  assert.match(shown, /code=%5BREDACTED%5D/);
  assert.ok(err.cause instanceof TypeError);
  assert.equal(
    ((err.cause as Error).cause as { code?: string }).code,
    "ECONNREFUSED",
  );
  // With nothing secret in it, the cause is the runtime's own error.
  const plainUrl = "http://127.0.0.1:47599/v0.10/x";
  const plainOuter = new TypeError("fetch failed", {
    cause: new Error(`error sending request for url (${plainUrl})`),
  });
  const plain = new NetworkError("GET", plainUrl, plainOuter);
  assert.equal(plain.cause, plainOuter);
});
