/**
 * The one HTTP transport every service client uses: headers, authorizer
 * hook, retries, timeouts and error mapping.
 *
 * @module
 */
import { kernelStack } from "./_kernel_stack.ts";
import { describeNonObject } from "./_options.ts";
import type { Authorizer } from "./authorizer.ts";
import { type Clock, systemClock } from "./clock.ts";
import { defaultTimeoutMs } from "./environments.ts";
import { isCertificateError, isNotTlsError } from "./_certificate.ts";
import { isBlockedPortError } from "./_blocked_port.ts";
import {
  GlobusAPIError,
  type GlobusAPIErrorInit,
  GlobusError,
  NetworkError,
  TimeoutError,
} from "./errors.ts";
import { isSecretKey } from "./redact.ts";
import {
  backoffMs,
  isPermissionError,
  isRetryableStatus,
  type ResolvedRetry,
  resolveRetry,
  retryAfterMs,
  type RetryCheck,
  type RetryContext,
  type RetryOptions,
  runRetryChecks,
} from "./retry.ts";
import { parseBody, readCapped } from "./_body.ts";
import { type Deadline, deadlineSignal } from "./_deadlines.ts";
import { followSignal } from "./_signal_followers.ts";
import { buildUrl, type QueryValue } from "./request_url.ts";
import {
  hasNodeBuiltins,
  isDeno,
  runtimeDescription,
  VERSION,
} from "./runtime.ts";
import { interruptible, kernelInterrupts } from "./_interrupt.ts";
import { bothCleared, noticeRetry } from "./_retry_notice.ts";
import { replaceMessage } from "./_replace_message.ts";
import {
  askedRetryAfterMs,
  interrupted,
  isDefaultAbortReason,
  neverSent,
  pastDeadline,
  permissionProblem,
} from "./_attempt_failures.ts";

export { buildUrl, type QueryValue } from "./request_url.ts";
export { neverSent } from "./_attempt_failures.ts";

/** A `fetch`-compatible function. */
export type FetchLike = (
  input: Request | URL | string,
  init?: RequestInit,
) => Promise<Response>;

/** Options shared by every client that owns a transport. */
export interface TransportOptions {
  /**
   * The `fetch` to use. Without one, Deno's `fetch`; on Node, requests go
   * through `node:http`/`node:https` unless `globalThis.fetch` was replaced,
   * an undici global dispatcher is set or a proxy is configured in the
   * environment (then `globalThis.fetch`).
   * @default {globalThis.fetch}
   */
  fetch?: FetchLike | undefined;
  /**
   * The clock for backoff sleeps and timeouts.
   * @default {systemClock}
   */
  clock?: Clock | undefined;
  /** Retry settings, or `false` for none. */
  retry?: RetryOptions | false | null | undefined;
  /**
   * Per-attempt timeout in milliseconds.
   * @default {60000 (or GLOBUS_SDK_HTTP_TIMEOUT seconds)}
   */
  timeoutMs?: number | undefined;
  /**
   * The longest a call may take in all, in milliseconds: every attempt and
   * every wait between them. An attempt gets what is left of it (at most
   * `timeoutMs`), and a retry whose wait would end past it is not made (the
   * last error is thrown). `Infinity` removes the cap (the Python SDK has
   * none: with its defaults a server that never answers holds a call for
   * six 60 s attempts plus backoff, over 6 minutes).
   * @default {2 × timeoutMs (120000)}
   */
  totalTimeoutMs?: number | undefined;
  /** Extra headers sent with every request. */
  headers?: Record<string, string> | undefined;
  /** An extra `X-Globus-Client-Info` entry, e.g. `"product=myapp,version=1"`. */
  clientInfo?: string | undefined;
  /**
   * Your app's name, added to the `User-Agent` header as the Python SDK's
   * `app_name` is (`globus-deno-sdk/0.1.0/my-app (deno/2.9.6)`), so
   * the Globus team can tell your requests apart when they help you debug.
   * Characters other than printable ASCII are percent-encoded. A service
   * client built with `{ app }` uses the app's `appName` unless given one.
   */
  appName?: string | undefined;
  /**
   * The largest response body read, in bytes; a bigger one is not read
   * (`ResponseTooLargeError`). `Infinity` removes the cap.
   * @default {67108864 (64 MiB)}
   */
  maxResponseBytes?: number | undefined;
}

/** The default {@linkcode TransportOptions.maxResponseBytes}: 64 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES: number = 64 * 1024 * 1024;

/** One request. */
export interface TransportRequest {
  /** `GET`, `POST`, `PUT`, `PATCH` or `DELETE`. */
  method: string;
  /** The absolute URL, without the query. */
  url: string;
  /** Query parameters; `undefined`/`null` values are stripped, arrays comma-joined. */
  query?: Record<string, QueryValue> | undefined;
  /** A JSON body (`undefined` fields are stripped by serialization). */
  json?: unknown;
  /** A form body; `undefined` values are stripped. */
  form?: Record<string, string | undefined> | undefined;
  /** Extra headers for this request. */
  headers?: Record<string, string> | undefined;
  /** The authorizer; `null` sends no `Authorization` header. */
  authorizer?: Authorizer | null | undefined;
  /** Aborts the request (and any backoff sleep). */
  signal?: AbortSignal | undefined;
  /** The error class for non-2xx responses. */
  errorClass?: (new (init: GlobusAPIErrorInit) => GlobusAPIError) | undefined;
  /** The resource server of the sending client (for retry checks). */
  resourceServer?: string | undefined;
  /**
   * `false` for a request that must not be sent twice (a one-time
   * authorization code, say): once it may have reached the server — a
   * timeout, a connection lost after sending, a 5xx other than 503 — it is
   * not retried, and the error is thrown. A 429 or 503 (not processed) and a
   * connection that could not be made are still retried.
   * @default {true}
   */
  idempotent?: boolean | undefined;
}

/** Methods a server does not change anything for. */
const SAFE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"]);

/** The part of Deno's `HttpClient` used here. */
interface OwnClient {
  close(): void;
}

/**
 * A Deno `HttpClient` that keeps no connection for later: a request sent
 * through it goes over a new connection. Deno's `fetch` sends a request
 * again by itself, once, when a connection it took from its pool is lost
 * before the answer (denoland/deno#32566): a change the server had already
 * made was made twice (a second guest collection), or refused for what the
 * first attempt did (`Path already exists`), with `retry: false` too. On a
 * new connection it does not. Proxies, certificates and the
 * certificate-error settings are the same as for `fetch` without a client.
 */
function newConnectionClient(): OwnClient | undefined {
  const deno = (globalThis as {
    Deno?: {
      createHttpClient?: (o: { poolMaxIdlePerHost: number }) => OwnClient;
    };
  }).Deno;
  return deno?.createHttpClient?.({ poolMaxIdlePerHost: 0 });
}

/** A successful (2xx) response. */
export interface TransportResponse {
  /** The HTTP status. */
  status: number;
  /** The response headers. */
  headers: Headers;
  /** The parsed JSON body, or `undefined` when it was empty or not JSON. */
  data: unknown;
  /** The body text. */
  text: string;
  /** The method that was sent. */
  method: string;
  /** The full URL that was requested (with the query). */
  url: string;
}

const REQUEST_ID_HEADERS = ["x-request-id", "x-globus-request-id"];

/**
 * Checks the types of the options a plain-JavaScript caller can get wrong
 * without a word: a `fetch` that is no function failed each request as a
 * network error, retried for 20 s ("this[#fetch] is not a function"); a
 * `headers` string was sent one character a header, a `Headers` object
 * as none; a `totalTimeoutMs: "5000"` or `maxResponseBytes: "1e6"` passed
 * where `timeoutMs: "5000"` was refused; a `clientInfo` number was sent.
 */
function checkTransportTypes(options: TransportOptions): void {
  const fail = (name: string, need: string, value: unknown): never => {
    throw kernelStack(
      new TypeError(
        `Cannot send requests as '${name}' must be ${need}: current value is ${
          describeNonObject(value)
        }`,
      ),
    );
  };
  const { fetch, headers, totalTimeoutMs, maxResponseBytes, clientInfo } =
    options as Record<string, unknown>;
  // null (Python's None) is left out, as before these checks.
  if (fetch != null && typeof fetch !== "function") {
    fail(
      "fetch",
      "a function with fetch's signature, such as globalThis.fetch (or left out)",
      fetch,
    );
  }
  const wanted = headersWanted(headers);
  if (wanted) fail("headers", wanted, headers);
  for (
    const [name, value] of [["totalTimeoutMs", totalTimeoutMs], [
      "maxResponseBytes",
      maxResponseBytes,
    ]] as const
  ) {
    if (value != null && typeof value !== "number") {
      fail(name, "a positive number (or Infinity, or left out)", value);
    }
  }
  if (clientInfo != null && typeof clientInfo !== "string") {
    fail(
      "clientInfo",
      'a string such as "product=my-tool,version=1.0" (or left out)',
      clientInfo,
    );
  }
}

/**
 * What a `headers` option (a client's, or a call's) must be, when `headers`
 * is not that: an object of header names and values, or left out (`null`
 * too). A `Headers` object or a string was sent as no header at all, or as
 * one header a character.
 *
 * @param headers The option as given.
 * @returns What it must be, for the error; `undefined` when it is fine.
 */
export function headersWanted(headers: unknown): string | undefined {
  if (
    headers == null ||
    (typeof headers === "object" && !Array.isArray(headers) &&
      isPlainObject(headers))
  ) return undefined;
  return `an object of header names and values, such as { "X-My-Header": "value" }${
    headers instanceof Headers
      ? " (for a Headers object: Object.fromEntries(headers))"
      : ""
  }`;
}

/** A plain object (of this or another realm), not an instance of a class. */
function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype ||
    (proto as { constructor?: { name?: string } }).constructor?.name ===
      "Object";
}

/** The runtime's `fetch` (`globalThis.fetch` read at each call). */
const runtimeFetch: FetchLike = (input, init) => globalThis.fetch(input, init);

let nodeFetch: FetchLike | undefined;

/**
 * Node's default: `src/core/_node_fetch.ts`, loaded on the first request
 * (Deno never loads it).
 */
const viaNodeHttp: FetchLike = (input, init) =>
  nodeFetch
    ? nodeFetch(input, init)
    : import("./_node_fetch.ts").then((m) =>
      (nodeFetch = m.nodeFetch)(input, init)
    );

/**
 * The HTTP transport. One instance per client; it is cheap.
 *
 * @example A request through a fake fetch
 * ```ts
 * import { HttpTransport } from "@globus-deno/sdk";
 * const transport = new HttpTransport({
 *   fetch: () => Promise.resolve(Response.json({ value: "abc" })),
 * });
 * const res = await transport.request({
 *   method: "GET",
 *   url: "https://transfer.api.globus.org/v0.10/submission_id",
 * });
 * console.log(res.data);
 * ```
 */
export class HttpTransport {
  readonly #fetch: FetchLike;
  readonly #clock: Clock;
  readonly #retry: ResolvedRetry;
  readonly #checks: RetryCheck[];
  readonly #timeoutMs: number;
  readonly #totalTimeoutMs: number;
  readonly #headers: Record<string, string>;
  readonly #maxResponseBytes: number;
  /** True with the runtime's own fetch (no `fetch` option). */
  readonly #nativeFetch: boolean;
  /** Whether the default headers have an Authorization header (any spelling). */
  readonly #defaultAuthorization: boolean;

  /**
   * Creates a transport.
   *
   * @param options Seams and settings; see {@linkcode TransportOptions}.
   * @throws {RangeError} For invalid retry or timeout settings.
   */
  constructor(options: TransportOptions = {}) {
    checkTransportTypes(options);
    // Node: node:http(s) unless fetch is the user's (src/core/_node_fetch.ts).
    this.#fetch = options.fetch ??
      (hasNodeBuiltins ? viaNodeHttp : runtimeFetch);
    this.#nativeFetch = options.fetch === undefined;
    this.#clock = options.clock ?? systemClock;
    this.#retry = resolveRetry(options.retry);
    this.#checks = [...this.#retry.checks];
    const timeout = options.timeoutMs ?? defaultTimeoutMs();
    if (typeof timeout !== "number" || !(timeout > 0)) {
      throw kernelStack(
        new RangeError(
          `Cannot send requests as 'timeoutMs' must be a positive number: current value is ${
            typeof timeout === "string" ? JSON.stringify(timeout) : timeout
          }`,
        ),
      );
    }
    this.#timeoutMs = timeout;
    const total = options.totalTimeoutMs ?? 2 * timeout;
    if (!(total > 0)) {
      throw kernelStack(
        new RangeError(
          `Cannot send requests as 'totalTimeoutMs' must be a positive number (or Infinity): current value is ${total}`,
        ),
      );
    }
    this.#totalTimeoutMs = total;
    const cap = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    if (!(cap > 0)) {
      throw kernelStack(
        new RangeError(
          `Cannot send requests as 'maxResponseBytes' must be a positive number (or Infinity): current value is ${cap}`,
        ),
      );
    }
    this.#maxResponseBytes = cap;
    const info = [`product=globus-deno,version=${VERSION}`];
    if (options.clientInfo) info.push(options.clientInfo);
    const app = options.appName === undefined
      ? ""
      : `/${userAgentName(options.appName)}`;
    this.#headers = {
      "Accept": "application/json",
      "User-Agent":
        `globus-deno-sdk/${VERSION}${app} (${runtimeDescription()})`,
      "X-Globus-Client-Info": info.join(";"),
      ...options.headers,
    };
    this.#defaultAuthorization = Object.keys(this.#headers).some((k) =>
      k.toLowerCase() === "authorization"
    );
  }

  /** The clock this transport sleeps on. */
  get clock(): Clock {
    return this.#clock;
  }

  /** The per-attempt timeout, in milliseconds. */
  get timeoutMs(): number {
    return this.#timeoutMs;
  }

  /** The longest a call may take in all (attempts and waits), in milliseconds. */
  get totalTimeoutMs(): number {
    return this.#totalTimeoutMs;
  }

  /** The registered retry checks, in the order they run (a copy). */
  get retryChecks(): RetryCheck[] {
    return [...this.#checks];
  }

  /**
   * Adds a retry check (the Python SDK's `retry_config.checks.register_check`),
   * run after every attempt, after the checks registered before it and
   * before the built-in policy (transient statuses, network errors, a 401's
   * token renewal, a consent requirement's new login). The first answer
   * other than `"no-decision"` decides; a `"retry"` counts against
   * `maxRetries`.
   *
   * @param check `(ctx) => "retry" | "no-retry" | "no-decision"` (may be async).
   * @returns The check.
   * @throws {TypeError} When `check` is not a function.
   *
   * @example Retry a 409 Conflict once
   * ```ts
   * import { HttpTransport } from "@globus-deno/sdk";
   * let calls = 0;
   * const transport = new HttpTransport({
   *   fetch: () => Promise.resolve(new Response("{}", { status: ++calls === 1 ? 409 : 200 })),
   *   retry: { random: () => 0 },
   * });
   * transport.registerRetryCheck((ctx) => {
   *   if (ctx.response?.status !== 409) return "no-decision";
   *   ctx.backoffMs = 0;
   *   return ctx.attempt === 0 ? "retry" : "no-retry";
   * });
   * const res = await transport.request({ method: "GET", url: "https://example.org/" });
   * console.log(res.status, calls); // 200 2
   * ```
   */
  registerRetryCheck(check: RetryCheck): RetryCheck {
    if (typeof check !== "function") {
      throw kernelStack(
        new TypeError(
          `Cannot register the retry check as it must be a function (ctx) => "retry" | "no-retry" | "no-decision": current value is ${typeof check}`,
        ),
      );
    }
    this.#checks.push(check);
    return check;
  }

  /** Asks the registered checks about one attempt, while retries remain. */
  async #decide(
    retries: number,
    method: string,
    url: string,
    req: TransportRequest,
    outcome: AttemptOutcome,
  ): Promise<{ decision: "retry" | "no-retry" | "no-decision"; wait: number }> {
    if (this.#checks.length === 0 || retries >= this.#retry.maxRetries) {
      return { decision: "no-decision", wait: 0 };
    }
    const a = outcome.response;
    const ctx: RetryContext = {
      attempt: retries,
      method,
      url,
      resourceServer: req.resourceServer,
      authorizer: req.authorizer ?? null,
      response: a
        ? {
          status: a.response.status,
          headers: a.response.headers,
          data: a.data,
          text: a.text,
        }
        : undefined,
      apiError: outcome.apiError,
      error: outcome.error,
      backoffMs: undefined,
    };
    const decision = await runRetryChecks(this.#checks, ctx);
    const chosen = ctx.backoffMs;
    if (
      chosen !== undefined &&
      !(typeof chosen === "number" && chosen >= 0 && Number.isFinite(chosen))
    ) {
      throw kernelStack(
        new RangeError(
          `A retry check set 'backoffMs' to ${
            String(chosen)
          }: it must be a non-negative number of milliseconds (or left undefined for the usual backoff)`,
        ),
      );
    }
    return {
      decision,
      wait: chosen ?? backoffMs(retries, this.#retry),
    };
  }

  /**
   * Sends a request, retrying transient failures, and returns the 2xx
   * response.
   *
   * @param req The request.
   * @returns The response with its parsed body.
   * @throws {GlobusAPIError} For a non-2xx response (after retries).
   * @throws {NetworkError} When no response arrived (after retries).
   * @throws {TimeoutError} When no answer came within the timeouts (after
   *   retries); it says how long the call took in all.
   */
  request(req: TransportRequest): Promise<TransportResponse> {
    // In the Deno Jupyter kernel an interrupt (SIGINT) would end the kernel
    // and the notebook's variables: it ends this request instead.
    const interrupts = kernelInterrupts();
    if (interrupts === undefined) return this.#request(req);
    return interruptible(
      interrupts,
      req.signal,
      () => interrupted(req),
      (signal) => this.#request(signal ? { ...req, signal } : req),
    );
  }

  async #request(req: TransportRequest): Promise<TransportResponse> {
    const start = this.#clock.now();
    let attempts = 0;
    /** An attempt was lost after it may have reached the server. */
    let lostAfterSend = false;
    /** The authorizer is at work (a renewal's errors are its own). */
    let authorizing = false;
    /** Takes a notebook's retry notice away when the call ends. */
    let noticeShown: (() => void) | undefined;
    // One async function for the whole call (no closures made per call):
    // every request pays for each layer and allocation here.
    try {
      const method = req.method.toUpperCase();
      const url = buildUrl(req.url, req.query);
      // Time spent authorizing (a refresh, or a login that waits for a
      // person to paste a code) is added to it: it is not the request's.
      let deadline = start + this.#totalTimeoutMs;
      const oneTime = req.idempotent === false;
      const checks = this.#checks.length > 0;
      let retries = 0;
      let authRetried = false;
      let requirementsRetried = false;
      for (;;) {
        req.signal?.throwIfAborted();
        let outcome: Attempt;
        // A refresh or login that failed has had its own retries (its
        // client's transport): not retried again as this request's.
        let authorization: string | undefined;
        attempts++;
        if (req.authorizer) {
          const before = this.#clock.now();
          // A renewal's own errors (its request's TimeoutError) are not
          // this request's: thrown as they are.
          authorizing = true;
          authorization = await (req.signal
            ? req.authorizer.getAuthorizationHeader({ signal: req.signal })
            : req.authorizer.getAuthorizationHeader());
          authorizing = false;
          deadline += this.#clock.now() - before;
        }
        const left = deadline - this.#clock.now();
        try {
          outcome = await this.#attempt(
            method,
            url,
            req,
            Math.min(this.#timeoutMs, left),
            authorization,
            // A change this transport would not send again (a one-time
            // request, or its last try) is not sent again by Deno either.
            isDeno && this.#nativeFetch && !SAFE_METHODS.has(method) &&
              (oneTime || retries >= this.#retry.maxRetries),
          );
        } catch (err) {
          if (!(err instanceof NetworkError || err instanceof TimeoutError)) {
            throw err;
          }
          const wait = (checks
            ? await this.#checked(
              retries,
              method,
              url,
              req,
              { error: err },
              err,
            )
            : undefined) ??
            (!isPermissionError(err.cause) && !isCertificateError(err.cause) &&
                !isNotTlsError(err.cause) &&
                !isBlockedPortError(err.cause) &&
                retries < this.#retry.maxRetries &&
                (!oneTime || neverSent(err))
              ? backoffMs(retries, this.#retry)
              : undefined);
          if (wait === undefined) {
            throw err;
          }
          if (retries === 0 && this.#clock.now() + wait < deadline) {
            noticeShown = bothCleared(
              noticeShown,
              noticeRetry(err, url, this.#retry.maxRetries - retries),
            );
          }
          await this.#again(wait, err, deadline, req.signal);
          lostAfterSend ||= !neverSent(err);
          retries++;
          continue;
        }
        const { response, text, data } = outcome;
        if (response.ok) {
          // A check may ask to retry a 2xx; past the deadline it is returned
          // as it is (a check's "no-retry" changes nothing).
          const wait = checks
            ? await this.#checked(
              retries,
              method,
              url,
              req,
              { response: outcome },
              undefined,
            )
            : undefined;
          if (wait !== undefined && this.#clock.now() + wait < deadline) {
            await this.#clock.sleep(wait, req.signal);
            retries++;
            continue;
          }
          return {
            status: response.status,
            headers: response.headers,
            data,
            text,
            method,
            url,
          };
        }
        let error: GlobusAPIError | undefined;
        if (checks) {
          error = apiError(req, method, url, outcome);
          const wait = await this.#checked(
            retries,
            method,
            url,
            req,
            { response: outcome, apiError: error },
            error,
          );
          if (wait !== undefined) {
            await this.#again(wait, error, deadline, req.signal);
            retries++;
            continue;
          }
        }
        if (
          response.status === 401 && !authRetried &&
          req.authorizer?.handleMissingAuthorization
        ) {
          authRetried = true;
          const before = this.#clock.now();
          const again = await req.authorizer.handleMissingAuthorization(
            outcome.headers["Authorization"],
          );
          deadline += this.#clock.now() - before;
          if (again) continue;
        }
        error ??= apiError(req, method, url, outcome);
        if (
          response.status === 403 && !requirementsRetried &&
          error.authorizationParameters &&
          req.authorizer?.handleAuthorizationRequirements
        ) {
          requirementsRetried = true;
          const before = this.#clock.now();
          const again = await req.authorizer.handleAuthorizationRequirements(
            error.authorizationParameters,
          );
          deadline += this.#clock.now() - before;
          if (again) continue;
        }
        if (
          retries < this.#retry.maxRetries &&
          isRetryableStatus(response.status, data, this.#retry) &&
          (!oneTime || response.status === 429 || response.status === 503)
        ) {
          const wait = retryAfterMs(
            response.status,
            response.headers.get("retry-after"),
            this.#retry,
          ) ?? backoffMs(retries, this.#retry);
          if (this.#clock.now() + wait >= deadline) {
            throw wait >= 1000
              ? pastDeadline(
                error,
                wait,
                this,
                askedRetryAfterMs(response.headers.get("retry-after")),
                this.#retry.maxRetryAfterMs,
              )
              : error;
          }
          // A wait a person notices (a Retry-After) is said on a terminal.
          if (wait >= 1000) {
            noticeShown = bothCleared(
              noticeShown,
              noticeRetry(error, url, this.#retry.maxRetries - retries, wait),
            );
          }
          await this.#clock.sleep(wait, req.signal);
          retries++;
          continue;
        }
        throw error;
      }
    } catch (err) {
      // The answer to a change sent again says so in its own words.
      const resent = err instanceof GlobusAPIError && lostAfterSend &&
        !SAFE_METHODS.has(err.method);
      if (resent) {
        // A mkdir whose answer was lost, sent again, is refused as
        // "Exists": the refusal alone read as if the folder had been there.
        replaceMessage(
          err,
          err.message,
          `${
            err.message.replace(/\.$/, "")
          }. This was the answer to the request sent again after an earlier attempt's connection was lost once sent: that attempt may have taken effect (made the folder, renamed the file…); check before trying again`,
        );
      }
      if (
        req.signal?.aborted && err === req.signal.reason &&
        isDefaultAbortReason(err)
      ) {
        // abort() without a reason: "This operation was aborted" named
        // nothing; say which request stopped (as taskWait names its task).
        throw interrupted(
          req,
          "Aborted",
          authorizing ? { sentBefore: lostAfterSend } : undefined,
        );
      }
      if (
        attempts > 1 && !authorizing &&
        (err instanceof NetworkError || err instanceof GlobusAPIError) &&
        !(err instanceof TimeoutError)
      ) {
        // Retries are silent in a log: say they were made (a 503 answered
        // to the end read as if asked once).
        const elapsedMs = this.#clock.now() - start;
        const seconds = Math.round(elapsedMs / 100) / 10;
        if (!resent) {
          replaceMessage(
            err,
            err.message,
            `${err.message} (${attempts} attempts over ${seconds} s)`,
          );
        }
        Object.assign(err, { attempts, elapsedMs });
      }
      if (err instanceof TimeoutError && !authorizing) {
        throw new TimeoutError(
          err.method,
          err.url,
          this.#timeoutMs,
          err.cause,
          {
            elapsedMs: this.#clock.now() - start,
            attempts,
            totalTimeoutMs: this.#totalTimeoutMs,
            maxRetries: this.#retry.maxRetries,
          },
        );
      }
      throw err;
    } finally {
      noticeShown?.();
    }
  }

  /**
   * Waits before a retry (the caller counts it), unless the wait would end
   * past the deadline: then `last` is thrown.
   */
  async #again(
    ms: number,
    last: unknown,
    deadline: number,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    if (this.#clock.now() + ms >= deadline) throw last;
    await this.#clock.sleep(ms, signal);
  }

  /**
   * The registered checks' answer on an attempt: the wait for "retry",
   * `undefined` for "no-decision"; on "no-retry", `last` is thrown (for a
   * 2xx, "no-retry" changes nothing).
   */
  async #checked(
    retries: number,
    method: string,
    url: string,
    req: TransportRequest,
    outcome: AttemptOutcome,
    last: unknown,
  ): Promise<number | undefined> {
    const { decision, wait } = await this.#decide(
      retries,
      method,
      url,
      req,
      outcome,
    );
    if (decision === "no-retry" && !outcome.response?.response.ok) {
      throw last;
    }
    return decision === "retry" ? wait : undefined;
  }

  async #attempt(
    method: string,
    url: string,
    req: TransportRequest,
    timeoutMs: number,
    authorization: string | undefined,
    newConnection: boolean,
  ): Promise<Attempt> {
    // A plain object (copied per attempt, set case-insensitively as
    // Headers.set would): fetch builds its own header list from it anyway,
    // so a Headers object here would be built twice.
    const headers: Record<string, string> = { ...this.#headers };
    // With no header of the caller's, and no default spelled "authorization"
    // some other way, the Authorization header is simply added below.
    const plain = req.headers === undefined && !this.#defaultAuthorization;
    if (req.headers) {
      for (const k of Object.keys(req.headers)) {
        setHeader(headers, k, req.headers[k] as string);
      }
    }
    let body: string | undefined;
    if (req.json !== undefined) {
      setHeader(headers, "Content-Type", "application/json");
      body = JSON.stringify(req.json);
    } else if (req.form) {
      setHeader(headers, "Content-Type", "application/x-www-form-urlencoded");
      const form = new URLSearchParams();
      for (const [k, v] of Object.entries(req.form)) {
        if (v !== undefined) form.set(k, v);
      }
      body = form.toString();
    }
    if (authorization !== undefined) {
      if (plain) headers["Authorization"] = authorization;
      else setHeader(headers, "Authorization", authorization);
    }
    // The real clock shares one timer among all attempts (cancelled when
    // the attempt ends); an injected clock drives the timeout through its
    // sleep.
    let timeoutSignal: AbortSignal | undefined;
    let deadline: Deadline | undefined;
    let controller: AbortController | undefined;
    let cancelTimer: (() => void) | undefined;
    let timerDone: Promise<void> | undefined;
    /** Set when the injected clock's timer aborted the attempt. */
    let clockTimedOut = false;
    if (Number.isFinite(timeoutMs)) {
      if (this.#clock === systemClock) {
        deadline = deadlineSignal(Math.max(0, timeoutMs));
        timeoutSignal = deadline.signal;
      } else {
        const attempt = controller = new AbortController();
        const timer = new AbortController();
        timerDone = this.#clock.sleep(timeoutMs, timer.signal).then(
          () => {
            if (attempt.signal.aborted) return;
            clockTimedOut = true;
            attempt.abort(new DOMException("timed out", "TimeoutError"));
          },
          () => {},
        );
        timeoutSignal = attempt.signal;
        cancelTimer = () => timer.abort();
      }
    }
    // A caller's signal aborts the attempt's own (one listener, removed when
    // the attempt ends) instead of being combined with it by
    // AbortSignal.any(): Deno links a combined signal to each of its sources
    // through weak references and a finalization registry, and fetch's own
    // copy of it to each source again — six weak references and three
    // registrations more per request, left for the garbage collector.
    const caller = req.signal;
    let unfollow: (() => void) | undefined;
    if (caller && timeoutSignal) {
      const follow = deadline
        ? () => deadline.abort(caller.reason)
        : () => controller?.abort(caller.reason);
      // One listener on the caller's signal for all its attempts at once.
      unfollow = followSignal(caller, follow);
      // Aborted while the authorizer was asked.
      if (caller.aborted) follow();
    }
    const signal = timeoutSignal ?? caller;
    const client = newConnection ? newConnectionClient() : undefined;
    try {
      // GET is fetch's default method: the runtime's fetch is not given it
      // to convert and check (a fetch passed in sees it, as before).
      const init: RequestInit = method === "GET" && this.#nativeFetch
        ? { headers }
        : { method, headers };
      if (signal) init.signal = signal;
      if (body !== undefined) init.body = body;
      if (client) (init as { client?: OwnClient }).client = client;
      const response = await this.#fetch(url, init);
      const text = await readCapped(
        response,
        this.#maxResponseBytes,
        method,
        url,
        this.#nativeFetch,
      );
      return {
        response,
        text,
        data: parseBody(text, response.headers),
        headers,
      };
    } catch (err) {
      // An invalid header name or value (a newline in a token, say) fails
      // here as it failed when the headers were a Headers object: a
      // TypeError from the Headers constructor, not a NetworkError.
      new Headers(headers);
      if (deadline?.timedOut || clockTimedOut) {
        throw new TimeoutError(method, url, timeoutMs, err);
      }
      if (req.signal?.aborted) throw req.signal.reason;
      if (err instanceof GlobusError) throw err;
      const secrets = sentSecrets(headers, req.form);
      if (isPermissionError(err)) {
        throw new NetworkError(
          method,
          url,
          err,
          permissionProblem(err, url),
          secrets,
        );
      }
      throw new NetworkError(method, url, err, undefined, secrets);
    } finally {
      client?.close();
      unfollow?.();
      if (deadline) deadline.cancel();
      else if (cancelTimer) {
        cancelTimer();
        await timerDone;
      }
    }
  }
}

/**
 * An app name as it goes into `User-Agent`: printable ASCII as it is, the
 * rest percent-encoded (a header value cannot hold a line break, and
 * `fetch` refuses characters beyond Latin-1).
 */
function userAgentName(name: unknown): string {
  if (typeof name !== "string" || name.trim() === "") {
    throw kernelStack(
      new TypeError(
        `Cannot send requests as 'appName' must be a non-empty string (your app's name, sent in the User-Agent header): current value is ${
          typeof name === "string" ? JSON.stringify(name) : String(name)
        }`,
      ),
    );
  }
  return name.trim().replace(
    /[^\x20-\x7e]/gu,
    (c) => encodeURIComponent(c),
  );
}

/** The error for a non-2xx attempt. */
function apiError(
  req: TransportRequest,
  method: string,
  url: string,
  outcome: Attempt,
): GlobusAPIError {
  const { response } = outcome;
  return new (req.errorClass ?? GlobusAPIError)({
    method,
    url,
    httpStatus: response.status,
    rawJson: outcome.data,
    rawText: outcome.text,
    headers: response.headers,
    httpReason: response.statusText,
    requestIdHeader: REQUEST_ID_HEADERS.map((h) => response.headers.get(h))
      .find((v) => v) ?? null,
    secrets: sentSecrets(outcome.headers, req.form),
  });
}

/** What an attempt gave, for the retry checks. */
interface AttemptOutcome {
  response?: Attempt;
  apiError?: GlobusAPIError;
  error?: unknown;
}

interface Attempt {
  response: Response;
  text: string;
  data: unknown;
  /** The headers sent (for the credentials to scrub from an error body). */
  headers: Record<string, string>;
}

/** Sets a header as `Headers.set` would: replacing any other spelling. */
function setHeader(
  headers: Record<string, string>,
  name: string,
  value: string,
): void {
  const lower = name.toLowerCase();
  for (const k of Object.keys(headers)) {
    if (k.toLowerCase() === lower) delete headers[k];
  }
  headers[name] = value;
}

/**
 * The credentials a request carried: the `Authorization` header's
 * credentials (for Basic, also the decoded secret) and the credential fields
 * of a form body (`refresh_token`, `code`, `code_verifier`, `token`,
 * `client_secret`, …).
 */
function sentSecrets(
  headers: Record<string, string>,
  form: Record<string, string | undefined> | undefined,
): string[] {
  const out: string[] = [];
  const auth = new Headers(headers).get("authorization");
  if (auth) {
    const space = auth.indexOf(" ");
    const scheme = space < 0 ? "" : auth.slice(0, space).toLowerCase();
    const credentials = space < 0 ? auth : auth.slice(space + 1).trim();
    out.push(credentials);
    if (scheme === "basic") {
      try {
        const decoded = new TextDecoder().decode(
          Uint8Array.from(atob(credentials), (c) => c.charCodeAt(0)),
        );
        const colon = decoded.indexOf(":");
        if (colon >= 0) out.push(decoded.slice(colon + 1));
      } catch {
        // not base64: the header value itself is scrubbed
      }
    }
  }
  for (const [key, value] of Object.entries(form ?? {})) {
    if (value && (isSecretKey(key) || key === "code")) out.push(value);
  }
  return out;
}
