/**
 * The response of a generic call (`client.get()`, `client.post()`, …): the
 * Python SDK's `GlobusHTTPResponse`, with camelCase names.
 *
 * @module
 */
import {
  DENO_INSPECT,
  NODE_INSPECT,
  redactDeep,
  redactHeaders,
  redactText,
  redactUrl,
} from "./redact.ts";
import type { TransportResponse } from "./transport.ts";
import { documentHints } from "../notebook/_slip_hints.ts";
import { indexableHeaders } from "./_header_index.ts";
import { reasonPhrase } from "./_reason_phrase.ts";

/**
 * A successful (2xx) HTTP response from a Globus service, as the Python
 * SDK's `GlobusHTTPResponse`: the parsed JSON body in `data`, plus
 * `httpStatus`, `httpReason`, `headers`, `contentType` and `text`. Index the
 * body through `data` (`res.data["task_id"]`), or use
 * {@linkcode GlobusHTTPResponse.get} with a default, as in Python;
 * `"task_id" in res` is `true` for a field of the body, as Python's
 * `"task_id" in res`.
 *
 * Printing it (`console.log`, inspect, `String()`) shows the status, the
 * URL and the body with every credential field redacted; `JSON.stringify`
 * writes the body unchanged, as `json.dumps(res.data)` would.
 *
 * @example Read a field with a default
 * ```ts
 * import { GlobusHTTPResponse } from "@globus-deno/sdk";
 * const res = new GlobusHTTPResponse({
 *   status: 200,
 *   headers: new Headers({ "content-type": "application/json" }),
 *   data: { DATA_TYPE: "endpoint", display_name: "Tutorial" },
 *   text: '{"DATA_TYPE":"endpoint","display_name":"Tutorial"}',
 *   method: "GET",
 *   url: "https://transfer.api.globus.org/v0.10/endpoint/abc",
 * });
 * console.log(res.httpStatus, res.httpReason); // 200 OK
 * console.log(res.get("display_name"), res.get("missing", "none")); // Tutorial none
 * ```
 */
export class GlobusHTTPResponse<T = unknown> {
  /** The parsed JSON body, or `undefined` when the body was empty or not JSON. */
  readonly data: T;
  /** The HTTP status, e.g. `200`. */
  readonly httpStatus: number;
  /** The reason phrase, e.g. `"OK"` (empty when the server sent none). */
  readonly httpReason: string;
  /** The response headers. */
  readonly headers: Headers;
  /** The `Content-Type` header, or `null`. */
  readonly contentType: string | null;
  /** The body text. */
  readonly text: string;
  /** The method that was sent. */
  readonly method: string;
  /** The URL that was requested (with the query). */
  readonly url: string;

  /**
   * Wraps a transport response.
   *
   * @param res The transport's response.
   * @param reason The reason phrase, when the server sent one.
   */
  constructor(res: TransportResponse, reason?: string) {
    this.data = res.data as T;
    this.httpStatus = res.status;
    this.httpReason = reason ?? reasonPhrase(res.status);
    // Python's `r.headers["Content-Type"]` reads the header too.
    this.headers = indexableHeaders(res.headers as HeadersInit);
    this.contentType = res.headers.get("content-type");
    this.text = res.text;
    this.method = res.method;
    this.url = res.url;
    // The body text may carry credentials: keep it readable by name but
    // out of `Object.keys`, spreads and `console.table`.
    Object.defineProperty(this, "text", { enumerable: false });
    // Python's `response["task_id"]` read `undefined` here (the body's
    // fields are in `data`), and `response.http_status` too: such a read
    // throws, saying what to write (everywhere, as a paginator's misses).
    documentHints(this, GlobusHTTPResponse, bodyFieldMiss);
    // Python's `"task_id" in response` asks the body: `in` said false for
    // every body field (a ported `if "DATA" in r:` took the other branch
    // without a word). Only `in` is trapped: reads, writes, keys, JSON,
    // printing and `instanceof` are the response's own.
    return new Proxy(this, BODY_IN as ProxyHandler<this>);
  }

  /**
   * A field of the JSON body, or `defaultValue` when the body is not an
   * object or has no such field (Python's `response.get(key, default)`).
   *
   * @param key The field name.
   * @param defaultValue What to return when the field is missing.
   * @returns The field's value, or `defaultValue`.
   */
  get(key: string, defaultValue?: unknown): unknown {
    const d = this.data as unknown;
    if (d !== null && typeof d === "object" && !Array.isArray(d)) {
      if (Object.prototype.hasOwnProperty.call(d, key)) {
        return (d as Record<string, unknown>)[key];
      }
    }
    return defaultValue;
  }

  /**
   * Whether the JSON body is an object with this field (Python's
   * `key in response`).
   *
   * @param key The field name.
   * @returns `true` when the field is present.
   */
  has(key: string): boolean {
    const d = this.data as unknown;
    return d !== null && typeof d === "object" && !Array.isArray(d) &&
      Object.prototype.hasOwnProperty.call(d, key);
  }

  /**
   * The body, for `JSON.stringify`.
   *
   * @returns {@linkcode GlobusHTTPResponse.data}.
   */
  toJSON(): unknown {
    return this.data;
  }

  /**
   * A one-line description, credentials redacted.
   *
   * @returns E.g. `GlobusHTTPResponse 200 OK GET https://… {"id":…}`.
   */
  toString(): string {
    const body = this.data === undefined
      ? redactText(this.text.slice(0, 200))
      : JSON.stringify(redactDeep(this.data));
    return `GlobusHTTPResponse ${this.httpStatus} ${this.httpReason} ${this.method} ${
      redactUrl(this.url)
    } ${body}`.replace(/ {2,}/g, " ");
  }

  /**
   * Deno's inspect hook: status, URL, headers and body, credentials redacted.
   *
   * @returns The text to show.
   */
  [DENO_INSPECT](): string {
    const shown = {
      httpStatus: this.httpStatus,
      httpReason: this.httpReason,
      method: this.method,
      url: redactUrl(this.url),
      headers: redactHeaders(this.headers),
      data: this.data === undefined
        ? redactText(this.text.slice(0, 2000))
        : redactDeep(this.data),
    };
    return `GlobusHTTPResponse ${JSON.stringify(shown, null, 2)}`;
  }

  /**
   * Node's inspect hook.
   *
   * @returns The same as the Deno hook.
   */
  [NODE_INSPECT](): string {
    return this[DENO_INSPECT]();
  }
}

/**
 * `key in response`: the response's own names (`data`, `httpStatus`, …),
 * and the fields of a JSON object body, as Python's `key in response`.
 */
const BODY_IN: ProxyHandler<GlobusHTTPResponse> = {
  has(target, key) {
    if (Reflect.has(target, key)) return true;
    const d = target.data as unknown;
    return typeof key === "string" && d !== null && typeof d === "object" &&
      !Array.isArray(d) && Object.prototype.hasOwnProperty.call(d, key);
  },
};

/**
 * What a {@linkcode GlobusHTTPResponse} says when a field of its body is
 * read from it (Python's `response["task_id"]`): `then` and `length` are
 * left alone (promises and array-like checks read them from any object).
 */
function bodyFieldMiss(key: string, receiver: object): string | undefined {
  // Only a response has a body: a read from the class's prototype (the
  // hint's own `.data` read below missed there too) recursed until the
  // stack overflowed.
  if (
    key === "then" || key === "length" ||
    !(receiver instanceof GlobusHTTPResponse)
  ) return undefined;
  const data = receiver.data as unknown;
  if (
    data === null || typeof data !== "object" || Array.isArray(data) ||
    !Object.prototype.hasOwnProperty.call(data, key)
  ) return undefined;
  const k = JSON.stringify(key);
  return `A GlobusHTTPResponse has no ${key}: the body's fields are in .data, so Python's response[${k}] is res.data[${k}] (or res.get(${k}))`;
}
