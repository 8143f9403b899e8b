/**
 * Which requests the Node path sends through a proxy
 * (`src/core/_node_proxy.ts`): HTTPS_PROXY for https, HTTP_PROXY for
 * http, each in either case (the lower-case one first), and what NO_PROXY
 * exempts. The requests themselves: tests/core/node_fetch_test.ts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import process from "node:process";
import { proxyRoute } from "../../src/core/_node_proxy.ts";

const NAMES = [
  "https_proxy",
  "HTTPS_PROXY",
  "http_proxy",
  "HTTP_PROXY",
  "no_proxy",
  "NO_PROXY",
];

/** Runs `body` with exactly `env` set among the proxy variables. */
function withEnv(env: Record<string, string>, body: () => void): void {
  const saved = Object.fromEntries(NAMES.map((n) => [n, process.env[n]]));
  try {
    for (const n of NAMES) delete process.env[n];
    Object.assign(process.env, env);
    body();
  } finally {
    for (const n of NAMES) {
      if (saved[n] === undefined) delete process.env[n];
      else process.env[n] = saved[n];
    }
  }
}

const via = (url: string) => proxyRoute(new URL(url))?.proxy.href;

test("each scheme takes its own variable, lower case first, and a bare host:port", () => {
  withEnv({
    HTTPS_PROXY: "http://upper.example:3128",
    https_proxy: "proxy.example:3128",
    HTTP_PROXY: "http://plain.example:8080/",
  }, () => {
    assert.equal(
      via("https://transfer.api.globus.org/v0.10/"),
      "http://proxy.example:3128/",
    );
    assert.equal(
      via("http://127.0.0.1:8000/transfer/"),
      "http://plain.example:8080/",
    );
  });
  withEnv({}, () => assert.equal(via("https://auth.globus.org/"), undefined));
  // The agent is kept per proxy and scheme.
  withEnv({ HTTPS_PROXY: "http://p.example:1" }, () => {
    const a = proxyRoute(new URL("https://a.example/"));
    const b = proxyRoute(new URL("https://b.example/"));
    assert.equal(a?.agent, b?.agent);
    assert.equal(a?.authorization, undefined);
  });
});

test("NO_PROXY: *, host names with their subdomains, IP addresses, ports", () => {
  const proxied = (noProxy: string, url: string) => {
    let r: string | undefined;
    withEnv({
      HTTPS_PROXY: "http://p.example:1",
      HTTP_PROXY: "http://p.example:1",
      NO_PROXY: noProxy,
    }, () => r = via(url));
    return r !== undefined;
  };
  assert.equal(proxied("*", "https://auth.globus.org/"), false);
  assert.equal(proxied("globus.org", "https://auth.globus.org/"), false);
  assert.equal(proxied(".globus.org", "https://auth.globus.org/"), false);
  assert.equal(
    proxied("*.globus.org", "https://transfer.api.globus.org/"),
    false,
  );
  assert.equal(proxied("obus.org", "https://auth.globus.org/"), true);
  assert.equal(
    proxied("localhost, 127.0.0.1", "http://127.0.0.1:8000/"),
    false,
  );
  assert.equal(proxied("127.0.0.1:9000", "http://127.0.0.1:8000/"), true);
  assert.equal(proxied("127.0.0.1:8000", "http://127.0.0.1:8000/"), false);
  assert.equal(
    proxied("auth.globus.org:443", "https://auth.globus.org/"),
    false,
  );
  assert.equal(proxied("[::1]", "http://[::1]:8000/"), false);
  assert.equal(proxied("::1", "http://[::1]:8000/"), false);
  assert.equal(proxied("", "https://auth.globus.org/"), true);
});

test("credentials in the proxy URL become Proxy-Authorization; a proxy that is no http:// URL is refused, naming the variable", () => {
  withEnv({ HTTPS_PROXY: "http://ana:s%40cret@p.example:3128" }, () => {
    assert.equal(
      proxyRoute(new URL("https://auth.globus.org/"))?.authorization,
      `Basic ${btoa("ana:s@cret")}`,
    );
  });
  withEnv({ https_proxy: "socks5://p.example:1080" }, () => {
    assert.throws(
      () => proxyRoute(new URL("https://auth.globus.org/")),
      /^TypeError: https_proxy is socks5:\/\/…: only http:\/\/ proxies are supported here/,
    );
  });
  withEnv({ HTTP_PROXY: "http://[oops" }, () => {
    assert.throws(
      () => proxyRoute(new URL("http://127.0.0.1/")),
      /^TypeError: HTTP_PROXY is not a URL: set it to http:\/\/host:port/,
    );
  });
});
