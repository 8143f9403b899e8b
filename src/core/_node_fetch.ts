/**
 * The default HTTP path on Node: `node:http`/`node:https` with keep-alive
 * agents, behaving as Node's `fetch` does for the requests the transport
 * sends, without loading Node's bundled undici (which `fetch`, `Headers`,
 * `Request`, `Response` and `FormData` load on first use: most of a cold
 * start's network cost, and about half the CPU of a small request).
 *
 * It is used only where nothing the user set up would be bypassed; anything
 * else goes to `globalThis.fetch` as before: a replaced `globalThis.fetch`
 * (a mock or a polyfill), an undici global dispatcher of the user's (a
 * `ProxyAgent`, say; not the plain `Agent` Node installs when `fetch` is
 * first used), `NODE_DEBUG` naming
 * `http` (Node's http debug log prints each request's headers, the bearer
 * token among them), a URL other than plain http/https, or a request shape
 * the transport does not send. Proxies from the environment
 * (`HTTP(S)_PROXY`, `NO_PROXY`) are applied here, on every Node version
 * (`_node_proxy.ts`): Node's own `fetch` reads them only with
 * `NODE_USE_ENV_PROXY`, and never on Node 20.
 *
 * @module
 */
import type { ClientRequest, IncomingMessage } from "node:http";
import { getEnv, nodeBuiltin } from "./runtime.ts";
import { NodeHeaders } from "./_node_headers.ts";
import { AGENT_OPTIONS, proxyRoute } from "./_node_proxy.ts";
import { kernelStack } from "./_kernel_stack.ts";

export { NodeHeaders } from "./_node_headers.ts";

/** The slot where undici (Node's or npm's) keeps its global dispatcher. */
const DISPATCHER = Symbol.for("undici.globalDispatcher.1");

/** The last `globalThis.fetch` looked at, and whether it is Node's own. */
let seenFetch: unknown;
let seenIsNodeFetch = false;

/**
 * Whether a function is Node's own `fetch`: its source (Node 18–24) is the
 * small wrapper that loads `internal/deps/undici/undici` on first call. A
 * mock, a polyfill, a bound or wrapped fetch, or a Proxy is not.
 */
function isNodeFetch(f: unknown): boolean {
  if (typeof f !== "function" || f.name !== "fetch") return false;
  try {
    return Function.prototype.toString.call(f).includes(
      "internal/deps/undici/undici",
    );
  } catch {
    return false;
  }
}

let debugSetting: string | undefined;
let debugsHttp = false;

/**
 * Whether `NODE_DEBUG` turns on Node's `http` debug log (`http`, `http*`,
 * `*`, case-insensitive, as Node matches it), which prints each request's
 * options, its `Authorization` header among them; `fetch` (undici) logs no
 * headers. Read at each request: a program may set it before its first.
 */
function nodeDebugsHttp(): boolean {
  const setting = getEnv("NODE_DEBUG") ?? "";
  if (setting !== debugSetting) {
    debugSetting = setting;
    debugsHttp = setting.split(",").some((part) => {
      const p = part.trim();
      if (p === "") return false;
      const pattern = p.replace(/[|\\{}()[\]^$+?.]/g, "\\$&").replace(
        /\*/g,
        ".*",
      );
      return new RegExp(`^${pattern}$`, "i").test("http");
    });
  }
  return debugsHttp;
}

/** Whether `fetch` should decide for this call (see the module comment). */
function useRuntimeFetch(): boolean {
  // Node's http debug log would print the bearer token.
  if (nodeDebugsHttp()) return true;
  const f = globalThis.fetch;
  if (f !== seenFetch) {
    seenFetch = f;
    seenIsNodeFetch = isNodeFetch(f);
  }
  if (!seenIsNodeFetch) return true;
  const d = (globalThis as Record<symbol, unknown>)[DISPATCHER];
  if (d !== undefined) {
    if (d !== seenDispatcher) {
      seenDispatcher = d;
      seenIsDefaultAgent = isDefaultAgent(d);
    }
    if (!seenIsDefaultAgent) return true;
  }
  return false;
}

/** The last undici global dispatcher looked at, and whether it is plain. */
let seenDispatcher: unknown;
let seenIsDefaultAgent = false;

/**
 * Whether an undici global dispatcher is an `Agent` with default options:
 * the one Node installs the first time `fetch`, `Headers` or `Response` is
 * used (or the same made by the user), which sends requests where
 * `node:http` would. A `ProxyAgent`, `EnvHttpProxyAgent`, `MockAgent`, a
 * pool, an interceptor, or an `Agent` given `connect`/`tls` options, a
 * factory or redirections, is the user's choice: fetch uses it.
 */
function isDefaultAgent(d: unknown): boolean {
  if (d === null || typeof d !== "object") return false;
  if (
    (d as { constructor?: { name?: unknown } }).constructor?.name !== "Agent"
  ) {
    return false;
  }
  let options = false;
  for (const key of Object.getOwnPropertySymbols(d)) {
    const value = (d as Record<symbol, unknown>)[key];
    switch (key.description) {
      case "options":
        if (value === null || typeof value !== "object") return false;
        for (const v of Object.values(value)) {
          if (v !== undefined && v !== Infinity) return false;
        }
        options = true;
        break;
      case "factory":
        if (
          typeof value !== "function" || value.name !== "defaultFactory"
        ) return false;
        break;
      case "maxRedirections":
        if (value !== 0 && value !== undefined) return false;
        break;
    }
  }
  return options;
}

/** The fetch standard's "bad ports": `fetch` refuses them ("bad port"). */
const BAD_PORTS = new Set(
  ("1 7 9 11 13 15 17 19 20 21 22 23 25 37 42 43 53 69 77 79 87 95 101 " +
    "102 103 104 109 110 111 113 115 117 119 123 135 137 139 143 161 " +
    "179 389 427 465 512 513 514 515 526 530 531 532 540 548 554 556 " +
    "563 587 601 636 989 990 993 995 1719 1720 1723 2049 3659 4045 4190 " +
    "5060 5061 6000 6566 6665 6666 6667 6668 6669 6679 6697 10080")
    .split(" "),
);

/**
 * Request headers that `fetch` treats specially (refuses, or manages
 * itself): a request setting one goes to `fetch`.
 */
const SPECIAL_HEADERS = new Set([
  "host",
  "connection",
  "content-length",
  "transfer-encoding",
  "keep-alive",
  "upgrade",
  "expect",
  "te",
  "trailer",
]);

/** Methods sent here; any other goes to `fetch` (which checks it). */
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]);

/** Headers a request loses when a redirect turns it into a GET. */
const BODY_HEADERS = [
  "content-encoding",
  "content-language",
  "content-location",
  "content-type",
];

/** Headers a request loses on a redirect to another origin. */
const CREDENTIAL_HEADERS = ["authorization", "proxy-authorization", "cookie"];

/** The `init` keys the transport sends; any other goes to `fetch`. */
const INIT_KEYS = new Set(["method", "headers", "signal", "body"]);

/** `fetch`'s limit on redirects followed. */
const MAX_REDIRECTS = 20;

interface Agents {
  http: typeof import("node:http");
  https: typeof import("node:https");
  httpAgent: import("node:http").Agent;
  httpsAgent: import("node:https").Agent;
}

let agents: Agents | undefined;

/**
 * The modules and one keep-alive agent per scheme, made on first use. Idle
 * sockets are unref'd by Node's agent (a process with nothing else to do
 * exits).
 */
function getAgents(): Agents {
  if (agents) return agents;
  const http = nodeBuiltin("node:http");
  const https = nodeBuiltin("node:https");
  return agents = {
    http,
    https,
    httpAgent: new http.Agent(AGENT_OPTIONS),
    httpsAgent: new https.Agent(AGENT_OPTIONS),
  };
}

/**
 * `fetch` for the transport's requests on Node, through `node:http(s)`;
 * see the module comment for when it hands a call to `globalThis.fetch`.
 *
 * What it keeps from `fetch`: the headers `fetch` adds (`accept`,
 * `accept-language`, `sec-fetch-mode`, `user-agent`, `accept-encoding:
 * gzip, deflate`), header values trimmed, `content-length`; gzip, deflate
 * and br bodies decoded (zstd where Node's fetch does); redirects followed
 * (at most 20; 301/302 of a POST and 303 become a GET without the body;
 * `Authorization` dropped on a redirect to another origin); an `AbortSignal` rejecting with its reason,
 * before the answer or while the body is read; failures as `TypeError:
 * fetch failed` (or `terminated` during the body) with the system error as
 * `cause`, and a connection closed early as undici's `other side closed`.
 * The response is a small object with what the transport reads (`status`,
 * `statusText`, `ok`, `headers`, `url`, `redirected`, `body`, `text()`);
 * its `headers` is a read-only {@linkcode NodeHeaders}.
 *
 * @param input The URL.
 * @param init The method, headers, signal and body.
 * @returns The response.
 */
export function nodeFetch(
  input: Request | URL | string,
  init?: RequestInit,
): Promise<Response> {
  if (useRuntimeFetch()) return globalThis.fetch(input, init);
  const plan = planRequest(input, init);
  if (plan === undefined) return globalThis.fetch(input, init);
  return send(plan);
}

/**
 * The `node:http(s)` path itself, without the checks that hand a call to
 * `globalThis.fetch` (for tests comparing the two in one process, where a
 * first `fetch` installs undici's dispatcher).
 *
 * @param input The URL.
 * @param init The method, headers, signal and body.
 * @returns The response.
 * @throws {TypeError} For a request this path does not send.
 */
export function nodeHttpFetch(
  input: string,
  init?: RequestInit,
): Promise<Response> {
  const plan = planRequest(input, init);
  if (plan === undefined) {
    return Promise.reject(new TypeError("not sent through node:http"));
  }
  return send(plan);
}

/** A request as sent: everything {@linkcode send} needs. */
interface Plan {
  url: URL;
  method: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string | undefined;
  signal: AbortSignal | undefined;
}

/** The request to send, or `undefined` to leave it to `fetch`. */
function planRequest(
  input: Request | URL | string,
  init: RequestInit | undefined,
): Plan | undefined {
  if (typeof input !== "string") return undefined;
  let method = "GET";
  let given: Record<string, string> | undefined;
  let body: string | undefined;
  let signal: AbortSignal | undefined;
  if (init !== undefined) {
    if (init === null || typeof init !== "object") return undefined;
    for (const key in init) {
      if (!INIT_KEYS.has(key)) return undefined;
    }
    if (init.method !== undefined) {
      // As the transport sends them (fetch would upper-case only some).
      if (!METHODS.has(init.method)) return undefined;
      method = init.method;
    }
    const h = init.headers;
    if (h !== undefined) {
      if (
        h === null || typeof h !== "object" ||
        Object.getPrototypeOf(h) !== Object.prototype
      ) return undefined;
      given = h as Record<string, string>;
    }
    if (init.body !== undefined && init.body !== null) {
      if (typeof init.body !== "string") return undefined;
      if (method === "GET" || method === "HEAD") return undefined;
      body = init.body;
    }
    if (init.signal !== undefined && init.signal !== null) {
      signal = init.signal;
    }
  }
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return undefined;
  }
  if (
    (url.protocol !== "http:" && url.protocol !== "https:") ||
    url.username !== "" || url.password !== "" ||
    (url.port !== "" && BAD_PORTS.has(url.port))
  ) return undefined;
  // No prototype: a header named "__proto__" is a header.
  const headers: Record<string, string> = Object.create(null);
  if (given) {
    for (const name of Object.keys(given)) {
      const value = given[name];
      if (typeof value !== "string") return undefined;
      const lower = name.toLowerCase();
      if (SPECIAL_HEADERS.has(lower) || lower.startsWith("proxy-")) {
        return undefined;
      }
      // fetch strips leading and trailing HTTP whitespace; an invalid
      // name or value is refused by node:http as by fetch (the transport
      // then reports fetch's own TypeError).
      const previous = headers[lower];
      const v = trimHttp(value);
      headers[lower] = previous === undefined ? v : `${previous}, ${v}`;
    }
  }
  headers["accept"] ??= "*/*";
  headers["accept-language"] ??= "*";
  headers["sec-fetch-mode"] ??= "cors";
  headers["user-agent"] ??= "node";
  headers["accept-encoding"] ??= "gzip, deflate";
  return { url, method, headers, body, signal };
}

/** A value without leading and trailing tabs, spaces, CR and LF. */
function trimHttp(value: string): string {
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(value.length - 1);
  const ws = (c: number) =>
    c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
  return ws(first) || ws(last)
    ? value.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, "")
    : value;
}

/** undici's error for a connection closed by the server. */
function otherSideClosed(): Error {
  const e = new Error("other side closed") as Error & { code: string };
  e.name = "SocketError";
  e.code = "UND_ERR_SOCKET";
  return e;
}

/**
 * What `fetch` rejects with when no response came: `TypeError: fetch
 * failed` with the cause (a connection closed without an answer reads as
 * undici's `other side closed`).
 */
function fetchFailed(err: unknown): TypeError {
  const cause = isHangUp(err) ? otherSideClosed() : err;
  return new TypeError("fetch failed", { cause });
}

/** Node's error for a connection closed before the answer (FIN). */
function isHangUp(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  return e?.code === "ECONNRESET" && e.message === "socket hang up";
}

/** Sends a planned request, following redirects as `fetch` does. */
function send(plan: Plan): Promise<Response> {
  const { signal } = plan;
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise<Response>((resolve, reject) => {
    let redirects = 0;
    let retried = false;
    let current: ClientRequest | undefined;
    let settled = false;
    const onAbort = () => {
      if (settled) return;
      settled = true;
      current?.destroy();
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort);
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      reject(err);
    };
    const attempt = () => {
      const { http, https, httpAgent, httpsAgent } = getAgents();
      const secure = plan.url.protocol === "https:";
      const headers = { ...plan.headers };
      if (plan.body !== undefined) {
        headers["content-length"] = String(byteLength(plan.body));
      } else if (plan.method === "POST" || plan.method === "PUT") {
        headers["content-length"] = "0";
      }
      // HTTP(S)_PROXY and NO_PROXY (see _node_proxy.ts); read per
      // attempt, as a redirect may lead to another host.
      let route: ReturnType<typeof proxyRoute>;
      try {
        route = proxyRoute(plan.url);
      } catch (err) {
        // A proxy variable that is not an http:// URL.
        fail(fetchFailed(err));
        return;
      }
      let req: ClientRequest;
      try {
        if (route === undefined) {
          req = (secure ? https : http).request(plan.url, {
            method: plan.method,
            headers,
            agent: secure ? httpsAgent : httpAgent,
          });
        } else if (secure) {
          req = https.request(plan.url, {
            method: plan.method,
            headers,
            agent: route.agent,
          });
        } else {
          // To the proxy, with the absolute URL as the path.
          if (route.authorization) {
            headers["proxy-authorization"] = route.authorization;
          }
          headers["host"] = plan.url.host;
          req = http.request({
            host: route.proxy.hostname.replace(/^\[(.*)\]$/, "$1"),
            port: route.proxy.port || 80,
            path: plan.url.href,
            method: plan.method,
            headers,
            agent: route.agent,
          });
        }
      } catch (err) {
        // An invalid header name or value, refused before sending.
        fail(err);
        return;
      }
      current = req;
      let answered = false;
      req.on("error", (err) => {
        if (settled) return;
        // A kept-alive connection the server closed as it was reused:
        // sent again once on a new one, for a method that may be repeated.
        if (
          !retried && req.reusedSocket && !answered &&
          (err as { code?: unknown }).code === "ECONNRESET" &&
          plan.method !== "POST" && plan.method !== "PATCH"
        ) {
          retried = true;
          attempt();
          return;
        }
        fail(fetchFailed(err));
      });
      req.on("response", (res: IncomingMessage) => {
        answered = true;
        if (settled) {
          res.destroy();
          return;
        }
        const status = res.statusCode ?? 0;
        const location = res.headers.location;
        if (
          (status === 301 || status === 302 || status === 303 ||
            status === 307 || status === 308) && location !== undefined
        ) {
          res.resume();
          let next: URL;
          try {
            next = new URL(location, plan.url);
          } catch (err) {
            fail(fetchFailed(err));
            return;
          }
          if (next.protocol !== "http:" && next.protocol !== "https:") {
            fail(
              fetchFailed(new TypeError("URL scheme must be a HTTP(S) scheme")),
            );
            return;
          }
          if (++redirects > MAX_REDIRECTS) {
            fail(fetchFailed(new TypeError("redirect count exceeded")));
            return;
          }
          if (
            ((status === 301 || status === 302) && plan.method === "POST") ||
            (status === 303 && plan.method !== "GET" && plan.method !== "HEAD")
          ) {
            plan.method = "GET";
            plan.body = undefined;
            for (const h of BODY_HEADERS) delete plan.headers[h];
          }
          if (next.origin !== plan.url.origin) {
            for (const h of CREDENTIAL_HEADERS) delete plan.headers[h];
          }
          plan.url = next;
          retried = false;
          attempt();
          return;
        }
        settled = true;
        // The body listens to the signal from here on.
        signal?.removeEventListener("abort", onAbort);
        resolve(
          new NodeResponse(
            res,
            plan,
            redirects > 0,
            signal,
          ) as unknown as Response,
        );
      });
      req.end(plan.body);
    };
    attempt();
  });
}

/** A string's UTF-8 length, without encoding it when it is ASCII. */
function byteLength(s: string): number {
  // deno-lint-ignore no-control-regex
  return /^[\x00-\x7f]*$/.test(s)
    ? s.length
    : new TextEncoder().encode(s).length;
}

/** Whether Node's bundled undici decodes zstd (7.11 and later). */
function fetchDecodesZstd(): boolean {
  const v = nodeBuiltin("node:process").versions.undici ?? "";
  const [major = 0, minor = 0] = v.split(".").map(Number);
  return major > 7 || (major === 7 && minor >= 11);
}

/** Statuses whose response has no body. */
function nullBody(status: number, method: string): boolean {
  return method === "HEAD" || status === 101 || status === 103 ||
    status === 204 || status === 205 || status === 304;
}

/** The decoders for a `Content-Encoding`, outermost first, or none. */
function decoders(
  encoding: string | undefined,
): NodeJS.ReadWriteStream[] {
  if (!encoding) return [];
  const codings = encoding.toLowerCase().split(",").map((c) => c.trim())
    .filter((c) => c !== "" && c !== "identity");
  if (codings.length === 0 || codings.length > 5) return [];
  const zlib = nodeBuiltin("node:zlib");
  const out: NodeJS.ReadWriteStream[] = [];
  // Undone last-applied first; an unknown coding leaves the body as sent.
  for (const coding of codings.reverse()) {
    if (coding === "gzip" || coding === "x-gzip") {
      out.push(zlib.createGunzip({
        flush: zlib.constants.Z_SYNC_FLUSH,
        finishFlush: zlib.constants.Z_SYNC_FLUSH,
      }));
    } else if (coding === "deflate") {
      out.push(zlib.createInflate({
        flush: zlib.constants.Z_SYNC_FLUSH,
        finishFlush: zlib.constants.Z_SYNC_FLUSH,
      }));
    } else if (coding === "br") {
      out.push(zlib.createBrotliDecompress({
        flush: zlib.constants.BROTLI_OPERATION_FLUSH,
        finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
      }));
    } else if (
      coding === "zstd" && fetchDecodesZstd() &&
      typeof (zlib as { createZstdDecompress?: unknown })
          .createZstdDecompress === "function"
    ) {
      // As Node's fetch: undici ≥ 7.11 decodes zstd where zlib has it
      // (Node 22's zlib has it, its undici 6 does not).
      out.push(
        (zlib as unknown as {
          createZstdDecompress(): NodeJS.ReadWriteStream;
        }).createZstdDecompress(),
      );
    } else {
      return [];
    }
  }
  return out;
}

/** Bytes queued unread before the socket is paused. */
const HIGH_WATER = 256 * 1024;

const utf8 = new TextDecoder();

/** A read's result, as a stream reader's. */
type ReadResult =
  | { done: false; value: Uint8Array }
  | { done: true; value: undefined };

/**
 * A response body: the (decoded) bytes queued as they arrive, read through
 * {@linkcode NodeBody.getReader} (`read`, `cancel`) as a stream's default
 * reader, or all at once by the response's `text()`.
 */
class NodeBody {
  #chunks: Uint8Array[] = [];
  #queued = 0;
  #ended = false;
  #error: unknown;
  #failed = false;
  #wake: (() => void) | undefined;
  readonly #res: IncomingMessage;
  readonly #source: import("node:stream").Readable;
  readonly #signal: AbortSignal | undefined;
  readonly #onAbort: (() => void) | undefined;
  /** Whether a reader was taken or the text read. */
  used = false;

  constructor(
    res: IncomingMessage,
    encoding: string | undefined,
    signal: AbortSignal | undefined,
  ) {
    this.#res = res;
    this.#signal = signal;
    const chain = decoders(encoding);
    let source: import("node:stream").Readable = res;
    if (chain.length > 0) {
      const { pipeline } = nodeBuiltin("node:stream");
      // deno-lint-ignore no-explicit-any
      source = (pipeline as any)(res, ...chain, (err: unknown) => {
        if (err) this.#fail(err);
      });
    }
    this.#source = source;
    if (signal) {
      this.#onAbort = () => this.#fail(signal.reason, true);
      signal.addEventListener("abort", this.#onAbort);
    }
    source.on("data", (chunk: Uint8Array) => {
      this.#chunks.push(chunk);
      this.#queued += chunk.byteLength;
      if (this.#queued > HIGH_WATER) source.pause();
      this.#notify();
    });
    source.on("end", () => {
      this.#ended = true;
      this.#cleanup();
      this.#notify();
    });
    source.on("error", (err) => this.#fail(err));
    // A connection lost before the end: Node's 'aborted' error, or a close
    // without one.
    res.on("error", (err) => this.#fail(err));
    res.on("close", () => {
      if (!res.complete) this.#fail(otherSideClosed());
    });
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  #cleanup(): void {
    if (this.#onAbort) {
      this.#signal?.removeEventListener("abort", this.#onAbort);
    }
  }

  /**
   * Ends the body with an error: the signal's reason as it is, anything else
   * as undici's `TypeError: terminated`.
   */
  #fail(err: unknown, aborted = false): void {
    if (this.#ended || this.#failed) return;
    this.#failed = true;
    if (aborted) {
      this.#error = err;
    } else {
      const e = err as { code?: unknown };
      const closed = e?.code === "ECONNRESET" ||
        e?.code === "ERR_STREAM_PREMATURE_CLOSE";
      this.#error = new TypeError("terminated", {
        cause: closed ? otherSideClosed() : err,
      });
    }
    this.#chunks = [];
    this.#queued = 0;
    this.#cleanup();
    this.#res.destroy();
    if (this.#source !== this.#res) this.#source.destroy();
    this.#notify();
  }

  /** The next chunk, or the end. */
  async read(): Promise<ReadResult> {
    for (;;) {
      if (this.#failed) throw this.#error;
      const chunk = this.#chunks.shift();
      if (chunk !== undefined) {
        this.#queued -= chunk.byteLength;
        if (this.#queued <= HIGH_WATER && this.#source.isPaused()) {
          this.#source.resume();
        }
        return { done: false, value: chunk };
      }
      if (this.#ended) return { done: true, value: undefined };
      await new Promise<void>((resolve) => this.#wake = resolve);
    }
  }

  /** Stops reading: the connection is closed, not returned to the pool. */
  cancel(): Promise<void> {
    if (!this.#ended && !this.#failed) {
      this.#ended = true;
      this.#chunks = [];
      this.#cleanup();
      this.#res.destroy();
      if (this.#source !== this.#res) this.#source.destroy();
      this.#notify();
    }
    return Promise.resolve();
  }

  /**
   * A reader (`read`, `cancel`, `releaseLock`), as a stream's default
   * reader.
   */
  getReader(): {
    read(): Promise<ReadResult>;
    cancel(): Promise<void>;
    releaseLock(): void;
  } {
    if (this.used) {
      throw kernelStack(
        new TypeError("Body is unusable: Body has already been read"),
      );
    }
    this.used = true;
    return {
      read: () => this.read(),
      cancel: () => this.cancel(),
      releaseLock: () => {},
    };
  }

  /** All of the body as UTF-8 text (a BOM dropped, as `text()` does). */
  async text(): Promise<string> {
    if (this.used) {
      throw kernelStack(
        new TypeError("Body is unusable: Body has already been read"),
      );
    }
    this.used = true;
    const parts: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const r = await this.read();
      if (r.done) break;
      parts.push(r.value);
      total += r.value.byteLength;
    }
    if (parts.length === 1) return utf8.decode(parts[0]);
    const all = new Uint8Array(total);
    let at = 0;
    for (const p of parts) {
      all.set(p, at);
      at += p.byteLength;
    }
    return utf8.decode(all);
  }
}

/**
 * What the transport reads of a response (`status`, `statusText`, `ok`,
 * `headers`, `url`, `redirected`, `body`, `text()`).
 */
class NodeResponse {
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly url: string;
  readonly redirected: boolean;
  readonly type = "basic";
  readonly headers: NodeHeaders;
  readonly body: NodeBody | null;

  constructor(
    res: IncomingMessage,
    plan: Plan,
    redirected: boolean,
    signal: AbortSignal | undefined,
  ) {
    this.status = res.statusCode ?? 0;
    this.statusText = res.statusMessage ?? "";
    this.ok = this.status >= 200 && this.status < 300;
    this.url = plan.url.href;
    this.redirected = redirected;
    this.headers = new NodeHeaders(res.rawHeaders);
    if (nullBody(this.status, plan.method)) {
      this.body = null;
      res.resume();
    } else {
      this.body = new NodeBody(
        res,
        res.headers["content-encoding"],
        signal,
      );
    }
  }

  get bodyUsed(): boolean {
    return this.body?.used ?? false;
  }

  text(): Promise<string> {
    return this.body === null ? Promise.resolve("") : this.body.text();
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }
}
