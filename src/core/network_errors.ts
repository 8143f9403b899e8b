/**
 * The errors of a request that got no usable response: no answer at all
 * ({@linkcode NetworkError}, {@linkcode TimeoutError}) or a body over the
 * size cap ({@linkcode ResponseTooLargeError}); exported by `errors.ts`.
 *
 * @module
 */
import { isBlockedPortError } from "./_blocked_port.ts";
import { redactText, redactUrl, scrubSecrets } from "./redact.ts";
import { getEnv, isDeno } from "./runtime.ts";
import { proxyUrl, proxyVariable } from "./_proxy_env.ts";
import { certificateProblemOf, notTlsOf } from "./_certificate.ts";
import { GlobusError } from "./globus_error.ts";

/**
 * The request never got an HTTP response (DNS, refused or dropped connection,
 * or no answer in time: {@linkcode TimeoutError} is a `NetworkError`, as the
 * Python SDK's `GlobusTimeoutError` is a `NetworkError`). The original error
 * is in `cause`.
 *
 * @example Report an unreachable service
 * ```ts
 * import { HttpTransport, NetworkError } from "@globus-deno/sdk";
 * const transport = new HttpTransport({
 *   fetch: () => Promise.reject(new TypeError("connection refused")),
 *   retry: false,
 * });
 * try {
 *   await transport.request({
 *     method: "GET",
 *     url: "https://transfer.api.globus.org/v0.10/submission_id",
 *   });
 * } catch (e) {
 *   if (!(e instanceof NetworkError)) throw e;
 *   console.log(e.message); // GET https://… failed: network error: connection refused
 * }
 * ```
 */
export class NetworkError extends GlobusError {
  /** The HTTP method. */
  readonly method: string;
  /** The request URL, with credentials redacted. */
  readonly url: string;
  /**
   * How many attempts were made, when the transport knows it (a call
   * that failed after retries: its message says "N attempts over X s").
   */
  declare readonly attempts: number | undefined;
  /**
   * How long the whole call took, attempts and waits between them (ms),
   * when the transport knows it.
   */
  declare readonly elapsedMs: number | undefined;

  /**
   * Creates the error.
   *
   * @param method The HTTP method.
   * @param url The request URL.
   * @param cause The underlying error.
   * @param problem What went wrong and how to fix it, when known better than
   *   "network error" (e.g. a missing `--allow-net`).
   * @param secrets The credentials the request carried (its bearer token, a
   *   refresh token or client secret in its body): the message and the
   *   cause chain never quote them, wherever a runtime or a fetch wrapper
   *   echoed them.
   */
  constructor(
    method: string,
    url: string,
    cause: unknown,
    problem?: string,
    secrets?: readonly string[],
  ) {
    const safe = redactUrl(url);
    const clean = cleaner(url, safe, secrets);
    super(
      clean(
        `${method.toUpperCase()} ${safe} failed: ${
          problem ?? `network error: ${networkProblem(cause, url, safe)}`
        }`,
      ),
      { cause: cleanCause(cause, clean) },
    );
    this.method = method.toUpperCase();
    this.url = safe;
  }
}

/**
 * A function that takes out of a text the request URL's secrets (the URL
 * itself becomes `safe`), the credentials the request carried, and
 * credential-looking fields (`access_token=…`, `Bearer …`).
 */
function cleaner(
  url: string,
  safe: string,
  secrets: readonly string[] | undefined,
): (text: string) => string {
  const forms = new Set<string>();
  if (url !== safe) {
    forms.add(url);
    try {
      forms.add(new URL(url).href);
    } catch { /* not a URL */ }
  }
  return (text) => {
    let out = text;
    for (const f of forms) out = out.split(f).join(safe);
    return redactText(scrubSecrets(out, secrets));
  };
}

/**
 * `cause` with `clean` applied wherever it quotes text: Deno's fetch error
 * says `error sending request for url (…)`, with a `code=` or
 * `access_token=` of the query in it, a fetch wrapper may quote the
 * request's headers or body, and `console.log(err)` prints it all under
 * `[cause]`. The errors are copied (name, message, stack, string fields),
 * never changed; a cause with nothing to clean is kept as it is.
 */
function cleanCause(cause: unknown, clean: (text: string) => string): unknown {
  const walk = (c: unknown, depth: number): unknown => {
    if (typeof c === "string") return clean(c);
    if (!(c instanceof Error) || depth > 8) return c;
    const inner = walk(c.cause, depth + 1);
    const message = clean(c.message);
    const stack = typeof c.stack === "string" ? clean(c.stack) : c.stack;
    const fields: Record<string, unknown> = {};
    let changed = message !== c.message || inner !== c.cause ||
      stack !== c.stack;
    for (const [k, v] of Object.entries(c)) {
      if (k === "cause") continue;
      const cleaned = typeof v === "string" ? clean(v) : v;
      if (cleaned !== v) changed = true;
      fields[k] = cleaned;
    }
    if (!changed) return c;
    const Kind = c instanceof TypeError ? TypeError : Error;
    const copy = new Kind(
      message,
      inner === undefined ? {} : { cause: inner },
    );
    Object.assign(copy, fields);
    Object.defineProperty(copy, "name", {
      value: c.name,
      configurable: true,
      writable: true,
    });
    if (typeof stack === "string") copy.stack = stack;
    return copy;
  };
  return walk(cause, 0);
}

/**
 * What a failed fetch means, from the most telling error in its cause chain
 * (runtimes wrap it: `TypeError: fetch failed` ← `connection refused`): a
 * refused connection or an unknown host in words, with where the URL came
 * from when a `GLOBUS_SDK_SERVICE_URL_*` variable set it; else the innermost
 * message, without the request URL (`safe` stands in for it).
 */
function networkProblem(cause: unknown, url: string, safe: string): string {
  const messages: string[] = [];
  let refused = false;
  let unknownHost = false;
  let notTls = false;
  let untrusted = "";
  let c: unknown = cause;
  for (let depth = 0; depth < 6 && c !== undefined && c !== null; depth++) {
    const { code, message } = typeof c === "object"
      ? c as { code?: unknown; message?: unknown }
      : { message: String(c) };
    const text = typeof message === "string" ? message : "";
    if (text) messages.push(text);
    if (
      code === "ECONNREFUSED" || /connection refused|os error 111/i.test(text)
    ) refused = true;
    if (
      code === "ENOTFOUND" || code === "EAI_AGAIN" ||
      /failed to lookup address|dns error|name or service not known/i.test(text)
    ) unknownHost = true;
    if (notTlsOf(code, text)) notTls = true;
    untrusted ||= certificateProblemOf(code, text);
    c = typeof c === "object" ? (c as { cause?: unknown }).cause : undefined;
  }
  let where: URL | undefined;
  try {
    where = new URL(url);
  } catch { /* not a URL: no host to name */ }
  const from = (() => {
    for (const service of ["AUTH", "TRANSFER"]) {
      const name = `GLOBUS_SDK_SERVICE_URL_${service}`;
      const value = getEnv(name);
      if (value && url.startsWith(value.replace(/\/?$/, ""))) {
        return `; the URL comes from ${name}=${value}`;
      }
    }
    return "";
  })();
  const proxy = where && proxyOf(where);
  if (refused && where && proxy) {
    return `connection refused: nothing is listening at the proxy ${proxy.host} (${proxy.name}), which requests to ${where.host} go through: start the proxy, correct ${proxy.name}, or unset it to connect directly (NO_PROXY=${where.hostname} skips it for this host)${from}`;
  }
  if (unknownHost && where && proxy) {
    return `proxy host '${proxy.hostname}' not found (DNS lookup failed; ${proxy.name}, which requests to ${where.host} go through): correct ${proxy.name}, or unset it to connect directly${from}`;
  }
  if (refused && where) {
    return `connection refused: nothing is listening at ${where.host} (is the service running, and is the URL right?)${from}`;
  }
  if (isBlockedPortError(cause) && where) {
    return `port ${
      where.port || "(default)"
    } is one that fetch refuses (a "bad port" of the Fetch standard, blocked by browsers, Deno and Node alike), so no request to it can work (not retried): run the service on another port${from}`;
  }
  if (notTls && where) {
    return `the server at ${where.host} does not answer HTTPS (the TLS handshake failed): if it serves plain HTTP (the emulator does), the URL must start with http://${from}`;
  }
  if (untrusted && where) {
    return `the server at ${where.host} presented a certificate this runtime does not trust (${untrusted}): ${
      isDeno
        ? `for a private certificate authority, run Deno with --cert <ca.pem> (or set DENO_CERT=<ca.pem>); to skip the check for this host only (testing), --unsafely-ignore-certificate-errors=${where.hostname}`
        : `for a private certificate authority, set NODE_EXTRA_CA_CERTS=<ca.pem> before starting Node`
    }${
      getEnv("GLOBUS_SDK_VERIFY_SSL") === undefined
        ? ""
        : " (GLOBUS_SDK_VERIFY_SSL is not read here: fetch has no such switch)"
    }${from}`;
  }
  if (unknownHost && where) {
    return `host '${where.hostname}' not found (DNS lookup failed): check the URL's host name and the network${from}`;
  }
  // The innermost message says the most; Deno's repeats the URL first.
  const inner = messages[messages.length - 1] ?? "unknown error";
  return inner.replace(/^error sending request for url \(.*?\): /, "")
    .split(url).join(safe);
}

/**
 * The proxy that requests to `url` go through (`HTTPS_PROXY`, `HTTP_PROXY`,
 * less `NO_PROXY`), named by its variable and host (never its password).
 */
function proxyOf(
  url: URL,
): { name: string; host: string; hostname: string } | undefined {
  const set = proxyVariable(url);
  if (!set) return undefined;
  try {
    const proxy = proxyUrl(set[1]);
    return { name: set[0], host: proxy.host, hostname: proxy.hostname };
  } catch {
    return undefined;
  }
}

/**
 * The request did not finish within its timeout
 * (`timeoutMs`, or `GLOBUS_SDK_HTTP_TIMEOUT` seconds; 60 s by default).
 *
 * @example Give up on a slow service
 * ```ts
 * import { HttpTransport, TimeoutError } from "@globus-deno/sdk";
 * const transport = new HttpTransport({
 *   // A service that never answers (until the request is aborted).
 *   fetch: (_input, init) =>
 *     new Promise((_resolve, reject) => {
 *       init?.signal?.addEventListener("abort", () => reject(init.signal?.reason));
 *     }),
 *   timeoutMs: 10,
 *   retry: false,
 * });
 * try {
 *   await transport.request({
 *     method: "GET",
 *     url: "https://transfer.api.globus.org/v0.10/submission_id",
 *   });
 * } catch (e) {
 *   if (!(e instanceof TimeoutError)) throw e;
 *   console.log(e.timeoutMs, e.message);
 * }
 * ```
 */
export class TimeoutError extends NetworkError {
  /** The per-attempt timeout, in milliseconds. */
  readonly timeoutMs: number;

  /**
   * Creates the error.
   *
   * @param method The HTTP method.
   * @param url The request URL.
   * @param timeoutMs The per-attempt timeout in milliseconds.
   * @param cause The underlying abort error.
   * @param call How long the whole call took, its attempts, its cap
   *   (`totalTimeoutMs`) and, when known, how many retries it allowed
   *   (`maxRetries`: with none, the message speaks of one request, not of
   *   attempts), reported in the message.
   */
  constructor(
    method: string,
    url: string,
    timeoutMs: number,
    cause?: unknown,
    call?: {
      elapsedMs: number;
      attempts: number;
      totalTimeoutMs: number;
      maxRetries?: number;
    },
  ) {
    super(method, url, cause);
    const safe = this.url;
    const s = (ms: number) => `${Math.round(ms / 100) / 10} s`;
    // The stack's first line is drawn from the message when it is first
    // read, so it shows this one.
    this.message = call && call.maxRetries === 0 && call.attempts === 1
      // Retries off (`retry: false`): one request, which waited up to the
      // timeout, or to the whole call's cap where that is shorter.
      ? `${method.toUpperCase()} ${safe} timed out: no answer after ${
        s(call.elapsedMs)
      } (${
        call.totalTimeoutMs < timeoutMs
          ? `the call waits up to ${
            s(call.totalTimeoutMs)
          }, its totalTimeoutMs, shorter than its timeoutMs of ${
            s(timeoutMs)
          }, and is not retried, as retries are off; raise totalTimeoutMs`
          : `the request waits up to ${
            s(timeoutMs)
          } and is not retried, as retries are off; raise the wait with the timeoutMs option or GLOBUS_SDK_HTTP_TIMEOUT`
      })`
      : call
      ? `${method.toUpperCase()} ${safe} timed out: no answer after ${
        s(call.elapsedMs)
      } and ${call.attempts} attempt${
        call.attempts === 1 ? "" : "s"
      } (each attempt waits up to ${s(timeoutMs)}${
        Number.isFinite(call.totalTimeoutMs)
          ? `, the whole call up to ${s(call.totalTimeoutMs)}`
          : ""
      }; raise them with the timeoutMs and totalTimeoutMs options or GLOBUS_SDK_HTTP_TIMEOUT)`
      : `${method.toUpperCase()} ${safe} timed out after ${
        timeoutMs / 1000
      } s (raise it with the timeoutMs option or GLOBUS_SDK_HTTP_TIMEOUT)`;
    this.timeoutMs = timeoutMs;
    if (call) {
      Object.assign(this, {
        elapsedMs: call.elapsedMs,
        attempts: call.attempts,
      });
    }
  }
}

/**
 * A response body was larger than the transport's `maxResponseBytes`
 * (64 MiB by default), so it was not read.
 *
 * @example Refuse a huge body
 * ```ts
 * import { HttpTransport, ResponseTooLargeError } from "@globus-deno/sdk";
 * const transport = new HttpTransport({
 *   fetch: () => Promise.resolve(new Response("x".repeat(2048))),
 *   maxResponseBytes: 1024,
 * });
 * try {
 *   await transport.request({ method: "GET", url: "https://transfer.api.globus.org/v0.10/task_list" });
 * } catch (e) {
 *   if (!(e instanceof ResponseTooLargeError)) throw e;
 *   console.log(e.maxBytes, e.message);
 * }
 * ```
 */
export class ResponseTooLargeError extends GlobusError {
  /** The HTTP method. */
  readonly method: string;
  /** The request URL, with credentials redacted. */
  readonly url: string;
  /** The response's HTTP status. */
  readonly httpStatus: number;
  /** The cap that was exceeded, in bytes. */
  readonly maxBytes: number;
  /** The size the server declared (`Content-Length`), when it did. */
  readonly declaredBytes: number | null;

  /**
   * Creates the error.
   *
   * @param method The HTTP method.
   * @param url The request URL.
   * @param httpStatus The response status.
   * @param maxBytes The cap.
   * @param declaredBytes The declared size, if any.
   */
  constructor(
    method: string,
    url: string,
    httpStatus: number,
    maxBytes: number,
    declaredBytes?: number,
  ) {
    const safe = redactUrl(url);
    super(
      `${method.toUpperCase()} ${safe} → ${httpStatus}: the response body is larger than ${maxBytes} bytes${
        declaredBytes === undefined ? "" : ` (${declaredBytes} declared)`
      }, so it was not read; raise the limit with the maxResponseBytes option (Infinity for none) if this response is expected`,
    );
    this.method = method.toUpperCase();
    this.url = safe;
    this.httpStatus = httpStatus;
    this.maxBytes = maxBytes;
    this.declaredBytes = declaredBytes ?? null;
  }
}
