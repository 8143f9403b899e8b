/**
 * The error classes every globus-deno client throws.
 *
 * @module
 */
import {
  DENO_INSPECT,
  NODE_INSPECT,
  redactDeep,
  REDACTED,
  redactUrl,
  scrubSecrets,
  scrubSecretsDeep,
} from "./redact.ts";
import { terminalSafe } from "./terminal_text.ts";
import { errorText } from "./_error_text.ts";
import { inJupyter } from "./runtime.ts";
import { JUPYTER_DISPLAY, type MimeBundle } from "../notebook/display.ts";
import { renderTable } from "../notebook/tables.ts";
import {
  type ErrorSubdocument,
  type ParsedErrorBody,
  parseErrorBody,
  sharedErrorId,
} from "./error_parsing.ts";
import { type ErrorInfoContainer, parseErrorInfo } from "./error_info.ts";
import { indexableHeaders } from "./_header_index.ts";
import { GlobusError } from "./globus_error.ts";

export { GlobusError } from "./globus_error.ts";
export {
  NetworkError,
  ResponseTooLargeError,
  TimeoutError,
} from "./network_errors.ts";
export {
  type ErrorFormat,
  ErrorSubdocument,
  type ParsedErrorBody,
  parseErrorBody,
} from "./error_parsing.ts";
export {
  type AuthorizationParameterInfo,
  type ConsentRequiredInfo,
  type ErrorInfoContainer,
  parseErrorInfo,
} from "./error_info.ts";

/**
 * Session and consent requirements a service asked for (a Globus
 * "auth requirements error", GARE, or a Transfer `ConsentRequired`).
 */
export interface AuthorizationParameters {
  /** Scopes that need a new consent. */
  required_scopes?: string[];
  /** A message to show on the login page. */
  session_message?: string;
  /** Identities that must be in the session. */
  session_required_identities?: string[];
  /** Domains one of which must be in the session. */
  session_required_single_domain?: string[];
  /** Policies the session must satisfy. */
  session_required_policies?: string[];
  /** Whether the session needs multi-factor authentication. */
  session_required_mfa?: boolean;
  /** `"login"` to force a fresh login. */
  prompt?: string;
  /** Any other field the service sent. */
  [key: string]: unknown;
}

/**
 * What a body that is not JSON says, for an error's message: an HTML page
 * (a proxy's or load balancer's "502 Bad Gateway") by its title, not its
 * first 200 characters of markup cut mid-tag; other text, its first 200
 * characters, with "…" when cut.
 */
function textExcerpt(text: string): string {
  const trimmed = text.trim();
  if (/^<(!doctype html|html|head|body|\?xml)/i.test(trimmed)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(trimmed)?.[1]
      ?.replace(/\s+/g, " ").trim() ||
      /<h1[^>]*>([^<]*)<\/h1>/i.exec(trimmed)?.[1]?.replace(/\s+/g, " ")
        .trim();
    const text = title ? decodeEntities(title) : "";
    return `an HTML page${
      text ? ` ("${text.length > 120 ? `${text.slice(0, 119)}…` : text}")` : ""
    }, not the service's JSON (from a proxy or gateway in front of it?)`;
  }
  return trimmed.length > 200 ? `${trimmed.slice(0, 200).trim()}…` : trimmed;
}

/** A page title's character references, as a browser shows them. */
function decodeEntities(text: string): string {
  const named: Record<string, string> = {
    amp: "&",
    lt: "<",
    gt: ">",
    quot: '"',
    apos: "'",
    nbsp: " ",
  };
  return text.replace(
    /&(#x[0-9a-f]+|#\d+|[a-z]+);/gi,
    (whole, ref: string) => {
      if (ref[0] === "#") {
        const code = ref[1] === "x" || ref[1] === "X"
          ? parseInt(ref.slice(2), 16)
          : parseInt(ref.slice(1), 10);
        return code > 0 && code <= 0x10ffff
          ? String.fromCodePoint(code)
          : whole;
      }
      return named[ref.toLowerCase()] ?? whole;
    },
  );
}

/** Options for {@linkcode GlobusAPIError}. */
export interface GlobusAPIErrorInit {
  /** The HTTP method of the failed request. */
  method: string;
  /** The request URL (credentials are redacted before it is stored). */
  url: string;
  /** The HTTP status. */
  httpStatus: number;
  /** The parsed JSON body, or `undefined` when the body was not JSON. */
  rawJson?: unknown;
  /** The body as text (used when it was not JSON). */
  rawText?: string | undefined;
  /** The `x-request-id`-style header, if the service sent one. */
  requestIdHeader?: string | null | undefined;
  /**
   * The response headers. Their `Content-Type` decides whether the body is
   * read as JSON:API (`application/vnd.api+json`), as in the Python SDK.
   * (What `new Headers()` takes: the DOM library's `HeadersInit` is not
   * declared in a Node project whose `lib` has no `"DOM"`.)
   */
  headers?: ConstructorParameters<typeof Headers>[0] | undefined;
  /** The reason phrase of the status line (e.g. `"Not Found"`). */
  httpReason?: string | undefined;
  /**
   * The credentials the request carried (bearer token, refresh token, code,
   * client secret, …). A server that echoes them back in its error body
   * does not get them into the error: every occurrence (also URL-encoded)
   * is replaced by `[REDACTED]` in the message, the body fields and the
   * stack.
   */
  secrets?: readonly string[] | undefined;
  /**
   * What the request presented to Globus Auth's token endpoint, e.g.
   * `"the refresh token"`. With it, an OAuth error (`{"error":
   * "invalid_grant", …}`) reads as a sentence: `Globus Auth refused the
   * refresh token (invalid_grant): …`.
   */
  refused?: string | undefined;
  /**
   * With `refused`: what an `invalid_grant` means when Globus Auth gave no
   * `error_description` (RFC 6749's reading by default).
   */
  invalidGrantMeaning?: string | undefined;
  /**
   * With `refused`: what to do about an `invalid_grant`, said after the
   * reason whether or not Globus Auth gave one (for a code: get a new one).
   */
  invalidGrantFix?: string | undefined;
}

/** The raw shape of one entry of an `errors` array in a Globus error body. */
export interface GlobusSubError {
  /** The sub-error's code. */
  code?: string;
  /** Its human-readable text. */
  message?: string;
  /** Any other field the service sent. */
  [key: string]: unknown;
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v.length > 0 ? v : undefined;
}

/** Reason phrases for error statuses, when the server sent none. */
const REASONS: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  402: "Payment Required",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  408: "Request Timeout",
  409: "Conflict",
  410: "Gone",
  411: "Length Required",
  412: "Precondition Failed",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Entity",
  423: "Locked",
  428: "Precondition Required",
  429: "Too Many Requests",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/**
 * What RFC 6749 says an `invalid_grant` means, for a token endpoint that
 * gave no `error_description`.
 */
const INVALID_GRANT_MEANING =
  "it is invalid, expired or revoked, or was issued to another client";

/**
 * What to do when Globus Auth does not know the client or its secret
 * (`invalid_client`): it said only "Invalid client credentials".
 */
const INVALID_CLIENT_FIX =
  "check the client id and, for a confidential client (a ClientApp, or a UserApp given clientSecret), its secret: a secret is shown only once, when it is made, so a lost one is replaced by a new one made for the client at https://app.globus.org/settings/developers";

function pickAuthorizationParameters(
  body: Record<string, unknown>,
): AuthorizationParameters | null {
  const direct = body["authorization_parameters"];
  if (direct && typeof direct === "object" && !Array.isArray(direct)) {
    return redactDeep(direct) as AuthorizationParameters;
  }
  const errors = body["errors"];
  if (Array.isArray(errors)) {
    for (const e of errors) {
      if (e && typeof e === "object") {
        const inner =
          (e as Record<string, unknown>)["authorization_parameters"];
        if (inner && typeof inner === "object") {
          return redactDeep(inner) as AuthorizationParameters;
        }
      }
    }
  }
  const scopes = body["required_scopes"];
  if (Array.isArray(scopes)) {
    return {
      required_scopes: scopes.filter((s): s is string => typeof s === "string"),
    };
  }
  return null;
}

/**
 * An error response from a Globus service (any non-2xx status).
 *
 * The body is read by the Python SDK's rules (see
 * {@linkcode parseErrorBody}): `code`, `messages`, `errors`, `requestId`
 * and `info` hold what Python's `GlobusAPIError` reports.
 *
 * The message reads like
 * `GET https://transfer.api.globus.org/v0.10/task/123 → 404 ClientError.NotFound: Task 123 not found (request_id abc)`.
 * Credentials never appear in it, in its fields, or in inspect output.
 *
 * @example Inspect an API error
 * ```ts
 * import { GlobusAPIError } from "@globus-deno/sdk";
 * const err = new GlobusAPIError({
 *   method: "GET",
 *   url: "https://transfer.api.globus.org/v0.10/task/123",
 *   httpStatus: 404,
 *   rawJson: { code: "ClientError.NotFound", message: "Task 123 not found", request_id: "abc" },
 * });
 * console.log(err.code, err.httpStatus, err.requestId, err.messages);
 * ```
 */
export class GlobusAPIError extends GlobusError {
  /** The HTTP status. */
  readonly httpStatus: number;
  /** The reason phrase, e.g. `"Not Found"`. */
  readonly httpReason: string;
  /**
   * The Globus error code (`ClientError.NotFound`, `UNAUTHORIZED`, …), as
   * the Python SDK reads it; for an OAuth error body (`{"error":
   * "invalid_grant"}`), which names no code, the OAuth `error`; otherwise
   * `null`.
   */
  readonly code: string | null;
  /**
   * The request id: the body's `request_id` (Transfer), the one `id` of
   * the sub-errors (Globus Auth), else the `x-request-id` header, else
   * `null`.
   */
  readonly requestId: string | null;
  /** The messages the body carries, in order (Python's `messages`). */
  readonly messages: string[];
  /**
   * The sub-errors (Python's `errors`): the body's `errors` array, or the
   * body itself when it has none (not for JSON:API bodies).
   */
  declare readonly errors: ErrorSubdocument[];
  /** Consent and session requirements, read as Python's `err.info`. */
  readonly info: ErrorInfoContainer;
  /** The parsed JSON body (credential fields redacted), or `null`. */
  readonly rawJson: unknown;
  /** The body text when it was not JSON (truncated to 2000 characters). */
  readonly rawText: string | null;
  /** The response headers. */
  readonly headers: Headers;
  /** The `Content-Type` header, or `null`. */
  readonly contentType: string | null;
  /**
   * The whole body as text, with the request's credentials scrubbed out
   * (not enumerable and never inspected).
   */
  declare readonly text: string;
  /** The HTTP method. */
  readonly method: string;
  /** The request URL, with credentials redacted. */
  readonly url: string;
  /**
   * Consent or session requirements the service asked for, if any: a
   * GARE's `authorization_parameters` (also inside `errors`), or a
   * `ConsentRequired` error's `required_scopes`. The apps log in again
   * with these.
   */
  readonly authorizationParameters: AuthorizationParameters | null;
  /**
   * The service's own message (without method, URL and status): the
   * `messages` joined with `"; "` (Python's `message`), else an OAuth
   * `error_description`, else (unless the body is an OAuth error) the
   * start of the body text.
   */
  readonly serviceMessage: string;
  /**
   * How many attempts the call made, when it was retried (a 429 or 5xx
   * answered to the end: its message says "N attempts over X s");
   * `undefined` for a call answered at its first attempt.
   */
  declare readonly attempts: number | undefined;
  /**
   * How long the retried call took, attempts and waits between them (ms);
   * `undefined` for a call answered at its first attempt.
   */
  declare readonly elapsedMs: number | undefined;

  /**
   * Builds the error from a failed response.
   *
   * @param init The request and response details.
   */
  constructor(init: GlobusAPIErrorInit) {
    const secrets = init.secrets?.filter((v) => typeof v === "string");
    const json = scrubSecretsDeep(init.rawJson, secrets);
    const text = init.rawText === undefined
      ? undefined
      : scrubSecrets(init.rawText, secrets);
    const safeJson = redactDeep(json);
    const body = safeJson && typeof safeJson === "object" &&
        !Array.isArray(safeJson)
      ? safeJson as Record<string, unknown>
      : {};
    const headers = indexableHeaders(init.headers);
    const contentType = headers.get("content-type");
    const parsed = parseErrorBody(
      init.rawJson === undefined ? undefined : safeJson,
      contentType,
    );
    (new.target as typeof GlobusAPIError).postParse(parsed);
    // An OAuth error (RFC 6749 §5.2) names no code the Python rules read.
    const oauthError = str(body["error"]);
    const oauthDescription = str(body["error_description"]);
    const rawCode = parsed.code ?? oauthError ?? null;
    // Server text reaches terminals through the message: no control codes.
    const code = rawCode === null ? null : terminalSafe(rawCode);
    const messages = parsed.messages.map((m) => terminalSafe(m));
    // An OAuth error body says all it has in `error` (shown as the code).
    const bodyMessage = parsed.messages.join("; ") || oauthDescription || "";
    const serviceMessage = terminalSafe(
      bodyMessage || (text && !oauthError ? textExcerpt(text) : ""),
    );
    const rawRequestId = parsed.requestId ?? init.requestIdHeader ?? null;
    const requestId = rawRequestId === null
      ? null
      : terminalSafe(scrubSecrets(rawRequestId, secrets));
    const httpReason = init.httpReason || REASONS[init.httpStatus] || "";
    const url = redactUrl(init.url);
    const method = init.method.toUpperCase();
    let message: string;
    if (init.refused && oauthError) {
      const invalidGrant = oauthError === "invalid_grant";
      const reason = serviceMessage ||
        (invalidGrant ? init.invalidGrantMeaning ?? INVALID_GRANT_MEANING : "");
      const fix = invalidGrant
        ? init.invalidGrantFix
        : oauthError === "invalid_client"
        ? INVALID_CLIENT_FIX
        : undefined;
      const why = fix
        ? `${reason.replace(/\.$/, "")}${reason ? "; " : ""}${fix}`
        : reason;
      // An unknown scope is not a fault of the credentials presented: a
      // misspelled scope read "refused the client credentials".
      const what = oauthError === "invalid_scope"
        ? "the requested scopes"
        : init.refused;
      message = `Globus Auth refused ${what} (${terminalSafe(oauthError)})${
        why ? `: ${why}` : ""
      } [${method} ${url} → ${init.httpStatus}${
        requestId ? `, request_id ${requestId}` : ""
      }]`;
    } else {
      message = `${method} ${url} → ${init.httpStatus}`;
      const label = code ?? httpReason;
      if (label) message += ` ${label}`;
      if (serviceMessage) message += `: ${serviceMessage}`;
      if (requestId) message += ` (request_id ${requestId})`;
    }
    super(message);
    this.httpStatus = init.httpStatus;
    this.httpReason = httpReason;
    this.code = code;
    this.requestId = requestId;
    this.messages = messages;
    // Read through the prototype's `errors` (see below), or an own field.
    Object.defineProperty(this, SUB_ERRORS, { value: parsed.errors });
    this.info = parseErrorInfo(body);
    this.rawJson = init.rawJson === undefined ? null : safeJson;
    this.rawText = init.rawJson === undefined && text !== undefined
      ? text.slice(0, 2000)
      : null;
    this.headers = headers;
    this.contentType = contentType;
    Object.defineProperty(this, "text", {
      value: text ??
        (init.rawJson === undefined ? "" : JSON.stringify(safeJson)),
      enumerable: false,
      configurable: true,
      writable: false,
    });
    this.method = method;
    this.url = url;
    this.serviceMessage = serviceMessage;
    this.authorizationParameters = pickAuthorizationParameters(body);
    // Node prints an uncaught error with every enumerable field, never
    // through its inspect hook (`customInspect: false`): a 404 ended a
    // script with ~40 lines, the service's message four times and
    // `headers: Headers {}`. The fields `console.log(err)` leaves out (empty,
    // or said already) stay readable but are not enumerated.
    const shown = new Set(Object.keys(inspectFields(this.toJSON())));
    for (const key of Object.keys(this)) {
      if (!shown.has(key)) {
        Object.defineProperty(this, key, { enumerable: false });
      }
    }
    // Node prints an error's own `errors` array whatever its enumerability
    // (as an AggregateError's): where it says nothing new, `err.errors` is
    // read through GlobusAPIError.prototype (an own field otherwise), and
    // Node 22 and later leave it out (Node 20 prints it whoever owns it:
    // there each sub-error shows its code, not its body again nor an empty
    // `ErrorSubdocument {}`). `err.errors`, `raw` and `code` read as before.
    if (shown.has("errors")) {
      Object.defineProperty(this, "errors", {
        value: parsed.errors,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else {
      for (const sub of parsed.errors) {
        Object.defineProperty(sub, "raw", { enumerable: false });
        const code = sub.code;
        if (code !== null) {
          Object.defineProperty(sub, "code", { value: code, enumerable: true });
        }
      }
    }
  }

  /**
   * A hook for a service's own rules, run after the Python SDK's common
   * rules have read the body (Python's `_post_parse_hook`).
   *
   * @param _parsed What the common rules read; change it in place.
   */
  protected static postParse(_parsed: ParsedErrorBody): void {}

  /**
   * Plain data for logging; contains no credentials.
   *
   * @returns The main fields, with credentials redacted.
   */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      httpStatus: this.httpStatus,
      httpReason: this.httpReason,
      code: this.code,
      requestId: this.requestId,
      messages: this.messages,
      method: this.method,
      url: this.url,
      errors: this.errors,
      info: this.info,
      authorizationParameters: this.authorizationParameters,
      rawJson: this.rawJson,
    };
  }

  /**
   * The rich rendering the Deno kernel asks for when a caught error ends a
   * cell: a short table of what to act on (HTTP status, code, the
   * service's message, request id, the request, and what a new login needs
   * when the service said so) rather than every field. Its values are the
   * error's own, from which credentials were already removed.
   *
   * @returns `{"text/html": …, "text/plain": …}`.
   */
  [JUPYTER_DISPLAY](): MimeBundle {
    const rows: { field: string; value: unknown }[] = [
      {
        field: "HTTP status",
        value: `${this.httpStatus} ${this.httpReason}`.trim(),
      },
      { field: "Code", value: this.code ?? "" },
      { field: "Message", value: this.serviceMessage },
      { field: "Request ID", value: this.requestId ?? "" },
      { field: "Request", value: `${this.method} ${this.url}` },
    ];
    if (this.errors.length > 1) {
      rows.push({
        field: "Errors",
        value: this.errors.map((e) =>
          [e.code, e.message].filter((x) => x).join(": ")
        ).join("; "),
      });
    }
    const params = this.authorizationParameters;
    if (params) {
      for (const [key, value] of Object.entries(redactDeep(params) as object)) {
        if (value === undefined || value === null) continue;
        rows.push({
          field: key,
          value: Array.isArray(value) ? value.join(" ") : value,
        });
      }
    }
    const { html, text } = renderTable(rows, {
      caption: `${this.name}: ${this.httpStatus}${
        this.code ? ` ${this.code}` : ""
      }`,
      columns: [{ key: "field", header: "Field" }, {
        key: "value",
        header: "Value",
        align: "left",
      }],
      maxWidth: 120,
    });
    return { "text/html": html, "text/plain": text };
  }

  /**
   * Deno's inspect hook (`console.log(error)` in a `catch`): the message,
   * the stack's frames (what Deno shows for any error, so a caught error
   * logged in a script still says where it came from), then the redacted
   * fields as JSON. In a notebook, where the cell is the place, the
   * message and the fields only.
   *
   * @returns The redacted text.
   */
  [DENO_INSPECT](): string {
    const json = inspectFields(this.toJSON());
    const { name: _, message: __, ...fields } = json;
    // The notebook form has always listed the name and message again.
    return errorText(this, inJupyter() ? json : fields);
  }

  /**
   * Node's inspect hook (`console.log(error)`, `console.error(error)`): the
   * same text as Deno's.
   *
   * @returns The redacted text.
   */
  [NODE_INSPECT](): string {
    return this[DENO_INSPECT]();
  }
}

/**
 * Where an API error keeps its sub-errors (its `errors`, read through
 * {@linkcode GlobusAPIError}'s prototype unless an own field shows them).
 */
const SUB_ERRORS = Symbol("errors");

Object.defineProperty(GlobusAPIError.prototype, "errors", {
  get(this: { [SUB_ERRORS]?: ErrorSubdocument[] }) {
    return this[SUB_ERRORS];
  },
  configurable: true,
});

/** The keys of a plain Transfer error body (and of its one sub-error). */
const PLAIN_ERROR_KEYS = new Set(["code", "message", "request_id", "resource"]);

/**
 * The keys of an OAuth error body (RFC 6749 §5.2): the message says them
 * (the `error` as the code, the description after it).
 */
const OAUTH_ERROR_KEYS = new Set(["error", "error_description"]);

/**
 * Whether `v` is an object with only {@linkcode PLAIN_ERROR_KEYS}, or only
 * {@linkcode OAUTH_ERROR_KEYS}.
 */
function plainErrorBody(v: unknown): boolean {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.every((k) => PLAIN_ERROR_KEYS.has(k)) ||
    keys.every((k) => OAUTH_ERROR_KEYS.has(k));
}

/** Whether the sub-error `e` is `body`, or in its `errors` list. */
function inBody(e: unknown, body: unknown): boolean {
  const raw = (e as { raw?: unknown }).raw;
  if (raw === undefined || body === null || typeof body !== "object") {
    return false;
  }
  const listed = (body as { errors?: unknown }).errors;
  return raw === body || (Array.isArray(listed) && listed.includes(raw));
}

/**
 * An API error's fields as `console.log(err)` shows them: without what is
 * empty, or said already. A 404 printed ~40 lines with the service's
 * message four times (`messages`, `errors[0]`, `rawJson`, and the message
 * itself); `toJSON()` keeps every field.
 */
function inspectFields(
  json: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const errors = json.errors as unknown[];
  // A sub-error keeps its body as `raw`.
  const plain = errors.length <= 1 &&
    errors.every((e) => plainErrorBody((e as { raw?: unknown }).raw ?? e)) &&
    plainErrorBody(json.rawJson);
  for (const [key, value] of Object.entries(json)) {
    if (value === null || value === undefined) continue;
    if (
      key === "info" &&
      Object.values(value as object).every((v) => v === null)
    ) continue;
    if (key === "messages" && (value as unknown[]).length <= 1) continue;
    if (plain && (key === "errors" || key === "rawJson")) continue;
    // The sub-errors are the body's `errors` list, or the body itself: shown
    // once, in `rawJson` (a ConsentRequired printed its body twice, Globus
    // Auth's 401 its one sub-error twice).
    if (key === "errors" && errors.every((e) => inBody(e, json.rawJson))) {
      continue;
    }
    // The body's own `authorization_parameters`, in `rawJson` as sent.
    if (
      key === "authorizationParameters" &&
      JSON.stringify(value) ===
        JSON.stringify(
          (json.rawJson as Record<string, unknown> | null)
            ?.["authorization_parameters"],
        )
    ) continue;
    out[key] = value;
  }
  return out;
}

/**
 * An error response from Globus Auth. Beyond the common rules, its
 * `requestId` is the one `id` its sub-errors share (as the Python SDK's
 * `AuthAPIError`), e.g. `UNAUTHORIZED` with the id of
 * `{"errors": [{"code": "UNAUTHORIZED", "id": "…", …}]}`.
 *
 * @example Handle a rejected refresh token
 * ```ts
 * import { AuthAPIError, NativeAppAuthClient, TUTORIAL_CLIENT_ID } from "@globus-deno/sdk";
 * const client = new NativeAppAuthClient(TUTORIAL_CLIENT_ID, {
 *   fetch: () =>
 *     Promise.resolve(Response.json({ error: "invalid_grant" }, { status: 400 })),
 * });
 * try {
 *   await client.oauth2RefreshToken("a-revoked-refresh-token");
 * } catch (e) {
 *   if (e instanceof AuthAPIError && e.code === "invalid_grant") {
 *     console.log(e.message); // Globus Auth refused the refresh token (invalid_grant): …
 *   } else {
 *     throw e;
 *   }
 * }
 * ```
 */
export class AuthAPIError extends GlobusAPIError {
  /**
   * Takes the request id from the sub-errors' `id`s.
   *
   * @param parsed What the common rules read.
   */
  protected static override postParse(parsed: ParsedErrorBody): void {
    const id = sharedErrorId(parsed.errors);
    if (id !== null) parsed.requestId = id;
  }
}

/**
 * An error response from Globus Transfer.
 *
 * @example Tell a missing task from other failures
 * ```ts
 * import { TransferAPIError, TransferClient } from "@globus-deno/sdk";
 * const tc = new TransferClient({
 *   fetch: () =>
 *     Promise.resolve(Response.json(
 *       { code: "ClientError.NotFound", message: "Task 123 not found", request_id: "abc" },
 *       { status: 404 },
 *     )),
 * });
 * try {
 *   await tc.getTask("123");
 * } catch (e) {
 *   if (!(e instanceof TransferAPIError)) throw e;
 *   console.log(e.httpStatus, e.code, e.requestId); // 404 ClientError.NotFound abc
 * }
 * ```
 */
export class TransferAPIError extends GlobusAPIError {}

/**
 * A login is needed but cannot happen here (no input available, e.g. a
 * notebook run by nbconvert). The message says what to run instead.
 *
 * @example Explain what to do when nobody can answer the login prompt
 * ```ts
 * import { LoginRequiredError, TUTORIAL_CLIENT_ID, UserApp } from "@globus-deno/sdk";
 * const app = new UserApp({
 *   appName: "My Notebook",
 *   clientId: TUTORIAL_CLIENT_ID,
 *   config: {
 *     loginFlowManager: "notebook",
 *     tokenStorage: "memory",
 *     prompt: () => Promise.resolve(null), // as under nbconvert: no input
 *     display: { rich: false, show: () => Promise.resolve() },
 *   },
 * });
 * try {
 *   await app.login();
 * } catch (e) {
 *   if (!(e instanceof LoginRequiredError)) throw e;
 *   console.log(e.message); // explains the two-cell login
 * }
 * ```
 */
export class LoginRequiredError extends GlobusError {}

/**
 * The token file cannot be read or written safely. The message names the
 * path and how to recover; the file is never overwritten silently.
 *
 * @example Report a damaged token file
 * ```ts
 * import { JSONTokenStorage, TokenStorageError } from "@globus-deno/sdk";
 * const path = await Deno.makeTempFile({ suffix: ".json" });
 * await Deno.writeTextFile(path, "this is not JSON");
 * const storage = new JSONTokenStorage(path);
 * try {
 *   await storage.getTokenDataByResourceServer();
 * } catch (e) {
 *   if (!(e instanceof TokenStorageError)) throw e;
 *   console.log(e.path === path, e.message);
 * } finally {
 *   await Deno.remove(path);
 * }
 * ```
 */
export class TokenStorageError extends GlobusError {
  /** The file involved. */
  readonly path: string;

  /**
   * Creates the error.
   *
   * @param path The token file.
   * @param message What is wrong and how to recover.
   * @param options The standard `cause`.
   */
  constructor(path: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.path = path;
  }
}

export { REDACTED };
