/**
 * The transport's default path on Node (`src/core/_node_fetch.ts`): what it
 * sends and returns is what `fetch` sends and returns, compared request by
 * request in a Node child (`_node_fetch_child.ts`) against local servers;
 * and it steps aside for `globalThis.fetch` whenever the user set fetch up.
 * Node only: Deno's default is its own fetch.
 *
 * @module
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import * as http from "node:http";
import * as https from "node:https";
import * as net from "node:net";
import * as zlib from "node:zlib";
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import process from "node:process";
import { isDeno } from "../../src/core/runtime.ts";
import {
  nodeFetch,
  NodeHeaders,
  nodeHttpFetch,
} from "../../src/core/_node_fetch.ts";
import { SELF_SIGNED_CERT, SELF_SIGNED_KEY } from "./_self_signed.ts";
import type { Scenario } from "./_node_fetch_child.ts";

const skip = isDeno ? "Node's default HTTP path (Deno uses its fetch)" : false;

const PAYLOAD = JSON.stringify({
  DATA_TYPE: "file_list",
  DATA: Array.from({ length: 20 }, (_, i) => ({
    DATA_TYPE: "file",
    name: `file${i}.txt`,
    size: i * 1000,
    // Some UTF-8 beyond ASCII, split wherever the chunks fall.
    user: "ünïcødé ✓",
  })),
});

/** The test servers' routes (see each case). */
function handler(other: () => string) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://x");
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString();
      const p = url.pathname;
      if (p === "/echo") {
        // Sorted: the order of header lines is not compared.
        const { host: _host, ...given } = req.headers;
        const headers = Object.fromEntries(
          Object.entries(given).sort(([a], [b]) => a < b ? -1 : 1),
        );
        res.setHeader("content-type", "application/json");
        res.end(
          JSON.stringify({ method: req.method, url: req.url, headers, body }),
        );
      } else if (p === "/encoded") {
        const codings = (url.searchParams.get("as") ?? "").split(",");
        let data: Buffer = Buffer.from(PAYLOAD);
        for (const c of codings) {
          data = c === "gzip"
            ? zlib.gzipSync(data)
            : c === "deflate"
            ? zlib.deflateSync(data)
            : c === "br"
            ? zlib.brotliCompressSync(data)
            : data;
        }
        res.setHeader("content-type", "application/json");
        res.setHeader("content-encoding", codings.join(", "));
        if (url.searchParams.has("length")) {
          res.setHeader("content-length", data.length);
        }
        res.end(data);
      } else if (p === "/big") {
        res.setHeader("content-type", "application/json");
        if (url.searchParams.has("length")) {
          res.setHeader("content-length", PAYLOAD.length);
        }
        // In several writes: the cap is met partway.
        for (let i = 0; i < PAYLOAD.length; i += 500) {
          res.write(PAYLOAD.slice(i, i + 500));
        }
        res.end();
      } else if (p === "/redirect") {
        const to = url.searchParams.get("to") ?? "/echo";
        res.statusCode = Number(url.searchParams.get("status") ?? 302);
        res.setHeader(
          "location",
          to === "other" ? `${other()}/echo?from=redirect` : to,
        );
        res.end("moved");
      } else if (p === "/loop") {
        res.statusCode = 302;
        res.setHeader(
          "location",
          `/loop?n=${Number(url.searchParams.get("n") ?? 0) + 1}`,
        );
        res.end();
      } else if (p === "/stall") {
        // never answers
      } else if (p === "/stall-body") {
        res.writeHead(200, { "content-type": "application/json" });
        res.write('{"DATA": [');
      } else if (p === "/slow") {
        // Headers, then the body after a pause longer than the agents'
        // idle timeout (4 s).
        res.writeHead(200, { "content-type": "application/json" });
        res.write("[");
        setTimeout(() => res.end("1]"), 5000);
      } else if (p === "/reset") {
        req.socket.destroy();
      } else if (p === "/midbody") {
        res.writeHead(200, { "content-type": "application/json" });
        res.write('{"DATA": [');
        setTimeout(() => req.socket.destroy(), 30);
      } else if (p === "/missing") {
        res.writeHead(404, "Not Found", { "content-type": "application/json" });
        res.end(
          '{"code":"ClientError.NotFound","message":"No such thing","request_id":"abc"}',
        );
      } else if (p === "/headers") {
        res.writeHead(
          200,
          [
            ["Content-Type", "application/json"],
            ["Set-Cookie", "a=1"],
            ["Set-Cookie", "b=2"],
            ["X-Dup", "one"],
            ["x-dup", " two"],
            ["X-Request-ID", "r1"],
          ].flat(),
        );
        res.end("{}");
      } else if (p === "/bom") {
        res.setHeader("content-type", "application/json");
        res.end("\ufeff" + PAYLOAD);
      } else {
        res.statusCode = 404;
        res.end();
      }
    });
  };
}

interface Servers {
  base: string;
  other: string;
  secure: string;
  refused: string;
  connections: () => number;
  /** One promise per connection to `base`, settled when it closes. */
  closed: () => Promise<void>[];
  close: () => Promise<void>;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address() as { port: number };
  return `127.0.0.1:${address.port}`;
}

async function servers(): Promise<Servers> {
  let otherUrl = "";
  const a = http.createServer(handler(() => otherUrl));
  const b = http.createServer(handler(() => otherUrl));
  const c = https.createServer(
    { key: SELF_SIGNED_KEY, cert: SELF_SIGNED_CERT },
    handler(() => otherUrl),
  );
  let connections = 0;
  const closed: Promise<void>[] = [];
  a.on("connection", (socket) => {
    connections++;
    closed.push(new Promise((r) => socket.on("close", () => r())));
  });
  for (const s of [a, b, c]) s.keepAliveTimeout = 60_000;
  const base = `http://${await listen(a)}`;
  otherUrl = `http://${await listen(b)}`;
  const secure = `https://${await listen(c)}`;
  // A port where nothing listens.
  const gone = http.createServer();
  const refused = `http://${await listen(gone)}`;
  await new Promise((r) => gone.close(r));
  return {
    base,
    other: otherUrl,
    secure,
    refused,
    connections: () => connections,
    closed: () => closed,
    close: async () => {
      for (const s of [a, b, c]) {
        s.closeAllConnections();
        await new Promise((r) => s.close(r));
      }
    },
  };
}

/** Runs the child in a mode; it is killed if it does not exit in 60 s. */
function child(
  mode: string,
  args: unknown,
  env: Record<string, string> = {},
): Promise<{ code: number | null; out: Record<string, unknown>; err: string }> {
  const here = import.meta.url;
  const script = fileURLToPath(
    new URL(
      here.endsWith(".ts")
        ? "./_node_fetch_child.ts"
        : "./_node_fetch_child.js",
      here,
    ),
  );
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [script, mode, JSON.stringify(args)], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    p.stdout.on("data", (c) => out += c);
    p.stderr.on("data", (c) => err += c);
    const kill = setTimeout(() => p.kill("SIGKILL"), 60_000);
    p.on("error", reject);
    p.on("close", (code) => {
      clearTimeout(kill);
      let parsed: Record<string, unknown> = {};
      try {
        parsed = JSON.parse(out);
      } catch {
        parsed = { unparsed: out };
      }
      resolve({ code, out: parsed, err });
    });
  });
}

const PROXY_FREE: Record<string, string> = {
  NODE_USE_ENV_PROXY: "",
  HTTPS_PROXY: "",
  https_proxy: "",
  HTTP_PROXY: "",
  http_proxy: "",
  NODE_OPTIONS: "",
};

test(
  "through node:http, each request sends and returns what fetch does: headers, bodies, encodings, redirects, the cap, aborts and failures",
  {
    skip,
  },
  async () => {
    const s = await servers();
    try {
      const auth = { Authorization: "Bearer sekrit-token" };
      const scenarios: Scenario[] = [
        {
          name: "get",
          method: "GET",
          url: `${s.base}/echo?a=1&b=%20`,
          headers: auth,
        },
        {
          name: "post json",
          method: "POST",
          url: `${s.base}/echo`,
          json: { é: "✓", n: [1, 2] },
        },
        {
          name: "post form",
          method: "POST",
          url: `${s.base}/echo`,
          form: { grant_type: "x", code: "a b&c" },
        },
        { name: "put empty", method: "PUT", url: `${s.base}/echo` },
        { name: "post empty", method: "POST", url: `${s.base}/echo` },
        { name: "delete", method: "DELETE", url: `${s.base}/echo` },
        { name: "patch", method: "PATCH", url: `${s.base}/echo`, json: [1] },
        {
          name: "trimmed header",
          method: "GET",
          url: `${s.base}/echo`,
          headers: { "X-Extra": "  v \t" },
        },
        { name: "gzip", method: "GET", url: `${s.base}/encoded?as=gzip` },
        { name: "deflate", method: "GET", url: `${s.base}/encoded?as=deflate` },
        { name: "br", method: "GET", url: `${s.base}/encoded?as=br` },
        {
          name: "gzip then br",
          method: "GET",
          url: `${s.base}/encoded?as=gzip,br&length`,
        },
        {
          name: "zstd (decoded where Node has it)",
          method: "GET",
          url: `${s.base}/encoded?as=zstd`,
        },
        {
          name: "unknown coding",
          method: "GET",
          url: `${s.base}/encoded?as=compress`,
        },
        {
          name: "cap chunked",
          method: "GET",
          url: `${s.base}/big`,
          maxResponseBytes: 1200,
        },
        {
          name: "cap by length",
          method: "GET",
          url: `${s.base}/big?length`,
          maxResponseBytes: 1200,
        },
        {
          name: "cap gzip",
          method: "GET",
          url: `${s.base}/encoded?as=gzip&length`,
          maxResponseBytes: 1200,
        },
        {
          name: "within cap",
          method: "GET",
          url: `${s.base}/big?length`,
          maxResponseBytes: PAYLOAD.length,
        },
        {
          name: "301 post",
          method: "POST",
          url: `${s.base}/redirect?status=301`,
          json: { a: 1 },
          headers: auth,
        },
        {
          name: "302 post",
          method: "POST",
          url: `${s.base}/redirect?status=302`,
          form: { a: "1" },
        },
        {
          name: "303 put",
          method: "PUT",
          url: `${s.base}/redirect?status=303`,
          json: { a: 1 },
        },
        {
          name: "307 post",
          method: "POST",
          url: `${s.base}/redirect?status=307`,
          json: { a: 1 },
          headers: auth,
        },
        {
          name: "308 delete",
          method: "DELETE",
          url: `${s.base}/redirect?status=308`,
        },
        {
          name: "same origin",
          method: "GET",
          url: `${s.base}/redirect?status=302`,
          headers: auth,
        },
        {
          name: "cross origin",
          method: "GET",
          url: `${s.base}/redirect?status=302&to=other`,
          headers: auth,
        },
        {
          name: "to ftp",
          method: "GET",
          url: `${s.base}/redirect?status=302&to=ftp://127.0.0.1/x`,
        },
        { name: "loop", method: "GET", url: `${s.base}/loop` },
        { name: "401 json", method: "GET", url: `${s.base}/missing` },
        { name: "headers", method: "GET", url: `${s.base}/headers` },
        { name: "bom", method: "GET", url: `${s.base}/bom` },
        {
          name: "timeout before answer",
          method: "GET",
          url: `${s.base}/stall`,
          timeoutMs: 300,
        },
        {
          name: "timeout in body",
          method: "GET",
          url: `${s.base}/stall-body`,
          timeoutMs: 300,
        },
        {
          name: "caller abort",
          method: "GET",
          url: `${s.base}/stall-body`,
          abortAfterMs: 200,
        },
        { name: "reset", method: "GET", url: `${s.base}/reset` },
        { name: "reset in body", method: "GET", url: `${s.base}/midbody` },
        { name: "refused", method: "GET", url: `${s.refused}/x` },
        { name: "dns", method: "GET", url: "http://no-such-host.invalid/x" },
        { name: "bad port", method: "GET", url: "http://127.0.0.1:6000/x" },
        {
          name: "credentials in URL",
          method: "GET",
          url: `${s.base.replace("//", "//u:p@")}/echo`,
        },
        { name: "untrusted", method: "GET", url: `${s.secure}/echo` },
        {
          name: "bad header",
          method: "GET",
          url: `${s.base}/echo`,
          headers: { "X-Bad": "a\nb" },
        },
      ];
      const { code, out, err } = await child(
        "compare",
        { scenarios },
        PROXY_FREE,
      );
      assert.equal(code, 0, err);
      const ours = out.ours as Record<string, unknown>[];
      const theirs = out.fetch as Record<string, unknown>[];
      scenarios.forEach((sc, i) => {
        const { via, ...mine } = ours[i] as Record<string, unknown>;
        const { via: fetched, ...other } = theirs[i] as Record<string, unknown>;
        // Every answer came through node:http, and fetch's through fetch.
        if (via !== undefined) assert.equal(via, "NodeHeaders", sc.name);
        if (fetched !== undefined) assert.equal(fetched, "Headers", sc.name);
        assert.deepEqual(mine, other, `${sc.name}: node:http vs fetch`);
      });
      // The comparisons covered what they are about.
      const by = (n: string) =>
        ours[scenarios.findIndex((x) => x.name === n)] as {
          text?: string;
          message?: string;
          error?: string;
        };
      assert.match(by("gzip then br").text ?? "", /file19\.txt/);
      assert.equal(JSON.parse(by("303 put").text ?? "{}").method, "GET");
      assert.equal(JSON.parse(by("307 post").text ?? "{}").body, '{"a":1}');
      assert.equal(
        JSON.parse(by("cross origin").text ?? "{}").headers.authorization,
        undefined,
      );
      assert.equal(
        JSON.parse(by("same origin").text ?? "{}").headers.authorization,
        "Bearer sekrit-token",
      );
      assert.equal(by("cap chunked").error, "ResponseTooLargeError");
      assert.equal(by("timeout in body").error, "TimeoutError");
      assert.equal(by("caller abort").error, "AbortError");
      assert.match(by("refused").message ?? "", /connection refused/);
      assert.match(by("reset in body").message ?? "", /other side closed/);
      assert.match(by("untrusted").message ?? "", /does not trust/);
      assert.match(by("loop").message ?? "", /redirect count exceeded/);
      assert.equal(by("bad header").error, "TypeError");
    } finally {
      await s.close();
    }
  },
);

test(
  "the default path keeps connections alive, and a process exits once its answers are in",
  {
    skip,
  },
  async () => {
    const s = await servers();
    try {
      const before = s.connections();
      for (let i = 0; i < 5; i++) {
        const res = await nodeHttpFetch(`${s.base}/echo`, { headers: {} });
        assert.equal(res.status, 200);
        await res.text();
      }
      assert.equal(s.connections() - before, 1);
      // The server would keep it for 60 s: the client closes it once idle
      // (not seen closed within 30 s: the test fails).
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        s.closed()[before],
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error("the idle connection stayed open")),
            30_000,
          );
        }),
      ]).finally(() => clearTimeout(timer));
      // A pause in an answer longer than that idle timeout does not end it.
      const slow = await nodeHttpFetch(`${s.base}/slow`);
      assert.equal(await slow.text(), "[1]");
      // The server keeps idle connections for 60 s; the child exits by
      // itself all the same (it is killed, and fails, after 60 s).
      const { code, out, err } = await child("default", {
        url: `${s.base}/echo`,
      }, PROXY_FREE);
      assert.equal(code, 0, err);
      assert.equal((out.result as { status: number }).status, 200);
      assert.equal(out.undici, false);
    } finally {
      await s.close();
    }
  },
);

test(
  "fetch decides when the user set it up: a replaced globalThis.fetch (before or after import), an undici dispatcher, proxy variables",
  {
    skip,
  },
  async () => {
    const s = await servers();
    try {
      const url = `${s.base}/echo`;
      const mocked = {
        via: "Object",
        status: 200,
        text: '{"mocked":true}',
        headers: [["content-type", "application/json"]],
        cookies: [],
        type: "application/json",
      };
      for (const mode of ["mock-before", "mock-after"]) {
        const r = await child(mode, { url }, PROXY_FREE);
        assert.equal(r.code, 0, r.err);
        assert.deepEqual(r.out.result, mocked, mode);
      }
      // Restored to Node's own: node:http again (undici never loaded).
      const restored = await child("restored", { url }, PROXY_FREE);
      assert.equal(restored.code, 0, restored.err);
      assert.deepEqual(restored.out.mocked, mocked);
      assert.equal((restored.out.result as { status: number }).status, 200);
      assert.equal(restored.out.undici, false);
      const d = await child("dispatcher", { url }, PROXY_FREE);
      assert.equal(d.code, 0, d.err);
      assert.match(
        (d.out.result as { message: string }).message,
        /the user's dispatcher was asked/,
      );
      // A proxy for the other scheme, or one NO_PROXY exempts: direct,
      // through node:http (proxies: the next test).
      for (
        const env of [
          { HTTPS_PROXY: "http://127.0.0.1:9/" },
          {
            http_proxy: "http://127.0.0.1:9/",
            NO_PROXY: "localhost,127.0.0.1",
          },
          { NODE_USE_ENV_PROXY: "1" },
        ]
      ) {
        const r = await child("default", { url }, { ...PROXY_FREE, ...env });
        assert.equal(r.code, 0, r.err);
        assert.equal((r.out.result as { status: number }).status, 200);
        assert.equal(r.out.undici, false, JSON.stringify(env));
      }
    } finally {
      await s.close();
    }
  },
);

/**
 * A proxy that logs what it is asked and forwards to 127.0.0.1 (plain
 * requests with an absolute URL, and CONNECT tunnels); with `refuse`, it
 * answers every CONNECT 407.
 */
async function proxyServer(refuse = false) {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(
      `${req.method} ${req.url} ${req.headers["proxy-authorization"] ?? ""}`
        .trim(),
    );
    const u = new URL(req.url ?? "");
    const up = http.request({
      host: "127.0.0.1",
      port: u.port,
      path: u.pathname + u.search,
      method: req.method,
      headers: req.headers,
    }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on("error", () => res.destroy());
    req.pipe(up);
  });
  server.on("connect", (req, socket, head) => {
    seen.push(
      `CONNECT ${req.url} ${req.headers["proxy-authorization"] ?? ""}`.trim(),
    );
    if (refuse) {
      socket.end(
        "HTTP/1.1 407 Proxy Authentication Required\r\ncontent-length: 0\r\n\r\n",
      );
      return;
    }
    const port = Number(String(req.url).split(":").pop());
    const up = net.connect(port, "127.0.0.1", () => {
      socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      up.write(head);
      up.pipe(socket);
      socket.pipe(up);
    });
    up.on("error", () => socket.destroy());
    socket.on("error", () => up.destroy());
  });
  const address = await listen(server);
  return {
    url: `http://${address}`,
    seen,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

test(
  "HTTP_PROXY and HTTPS_PROXY are used on Node 20-24 without NODE_USE_ENV_PROXY (Node's fetch ignored them): plain requests with the absolute URL, https through a CONNECT tunnel",
  { skip },
  async () => {
    const s = await servers();
    const proxy = await proxyServer();
    const refusing = await proxyServer(true);
    const dir = await mkdtemp(join(tmpdir(), "node-fetch-proxy-"));
    try {
      const ca = join(dir, "ca.pem");
      await writeFile(ca, SELF_SIGNED_CERT);
      const plain = await child("default", { url: `${s.base}/echo` }, {
        ...PROXY_FREE,
        http_proxy: proxy.url.replace("http://", "http://ana:s%40cret@"),
      });
      assert.equal(plain.code, 0, plain.err);
      assert.equal((plain.out.result as { status: number }).status, 200);
      assert.equal(plain.out.undici, false);
      assert.deepEqual(proxy.seen, [
        `GET ${s.base}/echo Basic ${btoa("ana:s@cret")}`,
      ]);
      const secure = await child("default", { url: `${s.secure}/echo` }, {
        ...PROXY_FREE,
        HTTPS_PROXY: proxy.url,
        NODE_EXTRA_CA_CERTS: ca,
      });
      assert.equal(secure.code, 0, secure.err);
      assert.equal((secure.out.result as { status: number }).status, 200);
      assert.equal(secure.out.undici, false);
      assert.equal(proxy.seen[1], `CONNECT ${new URL(s.secure).host}`);
      // A proxy that refuses the tunnel: the error says so.
      const refused = await child("default", { url: `${s.secure}/echo` }, {
        ...PROXY_FREE,
        https_proxy: refusing.url,
        NODE_EXTRA_CA_CERTS: ca,
      });
      assert.equal(refused.code, 0, refused.err);
      assert.match(
        (refused.out.result as { message: string }).message,
        /the proxy at 127\.0\.0\.1:\d+ refused to open a tunnel to 127\.0\.0\.1:\d+: 407 Proxy Authentication Required/,
      );
      // A proxy variable that is no http:// URL.
      const bad = await child("default", { url: `${s.secure}/echo` }, {
        ...PROXY_FREE,
        HTTPS_PROXY: "socks5://127.0.0.1:1080",
      });
      assert.match(
        (bad.out.result as { message: string }).message,
        /HTTPS_PROXY is socks5:\/\/…: only http:\/\/ proxies are supported/,
      );
    } finally {
      await s.close();
      await proxy.close();
      await refusing.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
);

test(
  "https through node:https trusts NODE_EXTRA_CA_CERTS",
  { skip },
  async () => {
    const s = await servers();
    const dir = await mkdtemp(join(tmpdir(), "node-fetch-ca-"));
    try {
      const ca = join(dir, "ca.pem");
      await writeFile(ca, SELF_SIGNED_CERT);
      const r = await child("default", { url: `${s.secure}/echo` }, {
        ...PROXY_FREE,
        NODE_EXTRA_CA_CERTS: ca,
      });
      assert.equal(r.code, 0, r.err);
      assert.equal((r.out.result as { status: number }).status, 200);
      assert.equal(r.out.undici, false);
    } finally {
      await s.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
);

test(
  "with NODE_DEBUG naming http, requests go through fetch: Node's http debug log would print the bearer token",
  { skip },
  async () => {
    const s = await servers();
    const token = "Bearer tok-a1b2c3d4e5f6g7h8i9j0";
    try {
      for (const debug of ["http", "net,HTTP", "*"]) {
        const r = await child("default", {
          url: `${s.base}/echo`,
          headers: { authorization: token },
        }, { ...PROXY_FREE, NODE_DEBUG: debug });
        assert.equal(r.code, 0, r.err);
        assert.equal((r.out.result as { status: number }).status, 200);
        assert.equal(r.out.undici, true, `NODE_DEBUG=${debug}`);
        assert.ok(!r.err.includes("tok-a1b2c3d4e5f6g7h8i9j0"), r.err);
      }
      // Other sections keep the default path.
      const r = await child("default", { url: `${s.base}/echo` }, {
        ...PROXY_FREE,
        NODE_DEBUG: "net",
      });
      assert.equal(r.code, 0, r.err);
      assert.equal(r.out.undici, false);
    } finally {
      await s.close();
    }
  },
);

test(
  "a URL other than http(s), or a Request, goes to fetch",
  { skip },
  async () => {
    const res = await nodeFetch("data:application/json,%7B%22a%22%3A1%7D");
    assert.deepEqual(await res.json(), { a: 1 });
    await assert.rejects(
      nodeHttpFetch("data:application/json,{}"),
      /not sent through node:http/,
    );
  },
);

test("a response's headers read as fetch's do", { skip }, async () => {
  const s = await servers();
  try {
    const theirs = await fetch(`${s.base}/headers`);
    await theirs.text();
    const ours = await nodeHttpFetch(`${s.base}/headers`);
    await ours.text();
    assert.ok(ours.headers instanceof NodeHeaders);
    const drop = ([k]: [string, string]) => k !== "date" && k !== "keep-alive";
    assert.deepEqual(
      [...ours.headers].filter(drop),
      [...theirs.headers].filter(drop),
    );
    for (
      const name of ["x-dup", "X-DUP", "set-cookie", "content-type", "nope"]
    ) {
      assert.equal(ours.headers.get(name), theirs.headers.get(name), name);
      assert.equal(ours.headers.has(name), theirs.headers.has(name), name);
    }
    assert.deepEqual(
      ours.headers.getSetCookie(),
      theirs.headers.getSetCookie(),
    );
    assert.deepEqual(
      [...new Headers(ours.headers)].filter(drop),
      [...theirs.headers].filter(drop),
    );
    const seen: string[] = [];
    ours.headers.forEach((v, k) => seen.push(`${k}=${v}`));
    const expected: string[] = [];
    theirs.headers.forEach((v, k) => expected.push(`${k}=${v}`));
    assert.deepEqual(
      seen.filter((x) => !/^(date|keep-alive)=/.test(x)),
      expected.filter((x) => !/^(date|keep-alive)=/.test(x)),
    );
    assert.throws(() => ours.headers.set("a", "b"), TypeError);
    // The plain Agent Node installed as undici's dispatcher when fetch was
    // first used (above) leaves the default path on node:http.
    if (
      ![
        "HTTPS_PROXY",
        "HTTP_PROXY",
        "https_proxy",
        "http_proxy",
        "NODE_USE_ENV_PROXY",
      ].some((v) => process.env[v])
    ) {
      const again = await nodeFetch(`${s.base}/headers`);
      await again.text();
      assert.ok(again.headers instanceof NodeHeaders);
    }
    assert.equal(
      Object.prototype.toString.call(ours.headers),
      "[object Headers]",
    );
  } finally {
    await s.close();
  }
});

test(
  "node:http's request is looked up per request, so a library that patches it (nock, say) sees the SDK's requests",
  {
    skip,
  },
  async () => {
    const s = await servers();
    const mod = http as unknown as { default?: typeof http };
    // The module object process.getBuiltinModule returns (the CommonJS one).
    const target = (mod.default ?? http) as { request: typeof http.request };
    const real = target.request;
    const seen: string[] = [];
    target.request = ((...args: Parameters<typeof http.request>) => {
      seen.push(String(args[0]));
      return real(...args);
    }) as typeof http.request;
    try {
      const res = await nodeHttpFetch(`${s.base}/echo?patched`);
      await res.text();
      assert.deepEqual(seen, [`${s.base}/echo?patched`]);
    } finally {
      target.request = real;
      await s.close();
    }
  },
);
