/**
 * How an error body becomes `code`, `messages`, `errors` and `requestId`:
 * the Python SDK's rules (`GlobusAPIError._parse_response` and
 * `AuthAPIError._post_parse_hook`, globus-sdk 4.x), restated.
 *
 * A body is read in one of three formats:
 * - **JSON:API**: the `Content-Type` is `application/vnd.api+json` and
 *   `errors` is a non-empty array of objects. `code` is the code every
 *   sub-error shares (none when they differ), `messages` the `detail` (else
 *   `title`) of each sub-error.
 * - **Type Zero** (Transfer's): `code` and `message` are strings and
 *   `request_id`, when present, is a string. `code`, `[message]` and
 *   `request_id` are taken as they are; `errors` is the body's `errors`
 *   array of objects, else the body itself.
 * - **Undefined**: anything else that is a JSON object. `errors` is the
 *   `errors` array of objects, else the body itself; `code` is the body's
 *   string `code`, else the code all sub-errors share; `messages` the
 *   `message` (else `detail`, else `title`) of each sub-error.
 *
 * Globus Auth's errors also take `requestId` from the sub-errors' `id`s
 * when exactly one distinct string id is present.
 *
 * @module
 */
import { DENO_INSPECT, NODE_INSPECT } from "./redact.ts";

/** The JSON:API message fields, in order. */
const JSONAPI_MESSAGE_FIELDS = ["detail", "title"] as const;
/** The message fields of Type Zero and undefined bodies, in order. */
const MESSAGE_FIELDS = ["message", "detail", "title"] as const;

type Dict = Record<string, unknown>;

/**
 * Whether a parsed JSON value is an object (not null, not an array).
 *
 * @param v The value.
 * @returns `true` for a JSON object.
 */
export function isDict(v: unknown): v is Dict {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function isListOfDicts(v: unknown): v is Dict[] {
  return Array.isArray(v) && v.every(isDict);
}

/**
 * One sub-error of an error body (an entry of its `errors` array, or the
 * body itself when it has none): Python's `ErrorSubdocument`.
 *
 * `code` and `message` are read from `raw` by the rules of the body's
 * format; `get(key, default)` reads any other field. `JSON.stringify` writes
 * `raw`.
 *
 * @example Read a sub-error
 * ```ts
 * import { ErrorSubdocument } from "@globus-deno/sdk";
 * const sub = new ErrorSubdocument({ code: "UNAUTHORIZED", detail: "Call must be authenticated", status: "401" });
 * console.log(sub.code, sub.message, sub.get("status"), sub.get("missing", "-"));
 * ```
 */
export class ErrorSubdocument {
  /** The sub-error as the service sent it (credential fields redacted). */
  readonly raw: Record<string, unknown>;
  readonly #messageFields: readonly string[];

  /**
   * Wraps one sub-error.
   *
   * @param raw The sub-error object.
   * @param messageFields The fields to read the message from, in order
   *   (JSON:API's `detail`, `title` by default).
   */
  constructor(
    raw: Record<string, unknown>,
    messageFields: readonly string[] = JSONAPI_MESSAGE_FIELDS,
  ) {
    this.raw = raw;
    this.#messageFields = messageFields;
  }

  /** The sub-error's string `code`, or `null`. */
  get code(): string | null {
    const c = this.raw["code"];
    return typeof c === "string" ? c : null;
  }

  /** The first string among its message fields, or `null`. */
  get message(): string | null {
    for (const f of this.#messageFields) {
      const v = this.raw[f];
      if (typeof v === "string") return v;
    }
    return null;
  }

  /**
   * A field of the sub-error (Python's `subdoc.get(key, default)`).
   *
   * @param key The field name.
   * @param defaultValue What to return when it is absent.
   * @returns The field's value, or `defaultValue`.
   */
  get(key: string, defaultValue: unknown = null): unknown {
    return Object.prototype.hasOwnProperty.call(this.raw, key)
      ? this.raw[key]
      : defaultValue;
  }

  /**
   * The sub-error as sent, for `JSON.stringify`.
   *
   * @returns {@linkcode ErrorSubdocument.raw}.
   */
  toJSON(): Record<string, unknown> {
    return this.raw;
  }

  /**
   * The sub-error for printing (`String(err.errors[0])`, a template
   * string; it was `[object Object]`), as inspect shows it.
   *
   * @returns `ErrorSubdocument {…raw}`.
   */
  toString(): string {
    return `ErrorSubdocument ${JSON.stringify(this.raw)}`;
  }

  /**
   * Deno's inspect hook.
   *
   * @returns `ErrorSubdocument {…raw}`.
   */
  [DENO_INSPECT](): string {
    return this.toString();
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

/** Which of the Python SDK's formats a body was read in. */
export type ErrorFormat = "jsonapi" | "type_zero" | "undefined";

/** What the Python SDK's rules read from an error body. */
export interface ParsedErrorBody {
  /** The format, or `null` when the body is not a JSON object. */
  format: ErrorFormat | null;
  /** The error code, or `null` when the body names none. */
  code: string | null;
  /** The messages found, in order (may be empty). */
  messages: string[];
  /** The request id the body carries, or `null`. */
  requestId: string | null;
  /** The sub-errors. */
  errors: ErrorSubdocument[];
}

function mimeType(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  return (contentType.split(";")[0] ?? "").trim().toLowerCase();
}

function sharedCode(errors: ErrorSubdocument[]): string | null {
  const codes = new Set<string>();
  for (const e of errors) {
    const c = e.code;
    if (c !== null) codes.add(c);
  }
  return codes.size === 1 ? [...codes][0] as string : null;
}

function messagesOf(errors: ErrorSubdocument[]): string[] {
  const out: string[] = [];
  for (const e of errors) {
    const m = e.message;
    if (m !== null) out.push(m);
  }
  return out;
}

/**
 * Reads an error body by the Python SDK's rules.
 *
 * @param json The parsed body (anything; only a JSON object is read).
 * @param contentType The response's `Content-Type` (decides JSON:API).
 * @returns The code, messages, request id and sub-errors.
 *
 * @example Read Transfer's error shape
 * ```ts
 * import { parseErrorBody } from "@globus-deno/sdk";
 * const parsed = parseErrorBody(
 *   { code: "NotFound", message: "Path not found", request_id: "abc" },
 *   "application/json",
 * );
 * console.log(parsed.format, parsed.code, parsed.messages, parsed.requestId);
 * ```
 */
export function parseErrorBody(
  json: unknown,
  contentType: string | null | undefined,
): ParsedErrorBody {
  if (!isDict(json)) {
    return {
      format: null,
      code: null,
      messages: [],
      requestId: null,
      errors: [],
    };
  }
  const body = json;
  const listed = body["errors"];
  if (
    mimeType(contentType) === "application/vnd.api+json" &&
    isListOfDicts(listed) && listed.length > 0
  ) {
    const errors = listed.map((e) => new ErrorSubdocument(e));
    return {
      format: "jsonapi",
      code: sharedCode(errors),
      messages: messagesOf(errors),
      requestId: null,
      errors,
    };
  }
  const rawErrors = isListOfDicts(listed) ? listed : [body];
  const errors = rawErrors.map((e) => new ErrorSubdocument(e, MESSAGE_FIELDS));
  const code = body["code"];
  const message = body["message"];
  const requestId = body["request_id"];
  if (
    typeof code === "string" && typeof message === "string" &&
    (!("request_id" in body) || typeof requestId === "string")
  ) {
    return {
      format: "type_zero",
      code,
      messages: [message],
      requestId: typeof requestId === "string" ? requestId : null,
      errors,
    };
  }
  return {
    format: "undefined",
    code: typeof code === "string" ? code : sharedCode(errors),
    messages: messagesOf(
      errors.length > 0 ? errors : [new ErrorSubdocument(body, MESSAGE_FIELDS)],
    ),
    requestId: null,
    errors,
  };
}

/**
 * Globus Auth's request id: the one distinct string `id` of the
 * sub-errors (sub-errors without one are ignored), else `null`.
 *
 * @param errors The sub-errors.
 * @returns The shared id, or `null` when there is none or several.
 */
export function sharedErrorId(errors: ErrorSubdocument[]): string | null {
  const ids = new Set<unknown>();
  for (const e of errors) {
    const id = e.get("id", null);
    if (id !== null && id !== undefined) ids.add(id);
  }
  if (ids.size !== 1) return null;
  const [id] = [...ids];
  return typeof id === "string" ? id : null;
}
