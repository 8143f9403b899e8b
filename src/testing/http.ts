/**
 * Small HTTP helpers shared by the emulator's services: a transport-neutral
 * request/response pair, body parsing, credentials and random identifiers.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { randomBytes } from "node:crypto";

/** A parsed request, as the emulator's services see it. */
export interface EmulatorRequest {
  /** The HTTP method, upper case. */
  method: string;
  /** The full request URL. */
  url: URL;
  /** The path below the service's base, without a leading slash (e.g. `v0.10/task_list`). */
  path: string;
  /** Request headers, lower-case names. */
  headers: Record<string, string | string[] | undefined>;
  /** The raw request body. */
  body: Uint8Array;
}

/** A response produced by a service, written out by the emulator's server. */
export interface EmulatorResponse {
  /** The HTTP status code. */
  status: number;
  /** Response headers. */
  headers: Record<string, string>;
  /** The response body. */
  body: string;
}

/**
 * Builds a JSON response.
 *
 * @param status The HTTP status code.
 * @param data The value to serialise.
 * @param headers Extra headers.
 * @returns The response.
 */
export function jsonResponse(
  status: number,
  data: unknown,
  headers: Record<string, string> = {},
): EmulatorResponse {
  return {
    status,
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(data),
  };
}

/**
 * Builds an HTML response.
 *
 * @param status The HTTP status code.
 * @param html The page.
 * @returns The response.
 */
export function htmlResponse(status: number, html: string): EmulatorResponse {
  return {
    status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "x-frame-options": "DENY",
      "content-security-policy":
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http://localhost:* http://127.0.0.1:* http://[::1]:*",
    },
    body: html,
  };
}

/**
 * Builds a 302 redirect.
 *
 * @param location The target URL.
 * @returns The response.
 */
export function redirectResponse(location: string): EmulatorResponse {
  return {
    status: 302,
    headers: { location, "cache-control": "no-store" },
    body: "",
  };
}

const decoder = new TextDecoder();

/**
 * Decodes a form-encoded body (and falls back to the query string when the
 * body is empty).
 *
 * @param req The request.
 * @returns The parameters.
 */
export function formParams(req: EmulatorRequest): URLSearchParams {
  const text = decoder.decode(req.body);
  return new URLSearchParams(text);
}

/**
 * Decodes a JSON body.
 *
 * @param req The request.
 * @returns The parsed value, or `undefined` when the body is empty or not JSON.
 */
export function jsonBody(req: EmulatorRequest): unknown {
  const text = decoder.decode(req.body).trim();
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Returns a header's single value.
 *
 * @param req The request.
 * @param name A lower-case header name.
 * @returns The value, or `undefined`.
 */
export function header(req: EmulatorRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Parses HTTP Basic credentials.
 *
 * @param req The request.
 * @returns The client id and secret, or `null` when absent or malformed.
 */
export function basicCredentials(
  req: EmulatorRequest,
): { id: string; secret: string } | null {
  const h = header(req, "authorization");
  const m = h?.match(/^Basic\s+(\S+)$/i);
  if (!m?.[1]) return null;
  let text: string;
  try {
    text = Buffer.from(m[1], "base64").toString("utf8");
  } catch {
    return null;
  }
  const i = text.indexOf(":");
  if (i < 0) return null;
  return {
    id: decodeURIComponent(text.slice(0, i)),
    secret: decodeURIComponent(text.slice(i + 1)),
  };
}

/**
 * Returns the bearer token of a request.
 *
 * @param req The request.
 * @returns The token, or `null`.
 */
export function bearerToken(req: EmulatorRequest): string | null {
  const h = header(req, "authorization");
  const m = h?.match(/^Bearer\s+(\S+)$/i);
  return m?.[1] ?? null;
}

/**
 * An opaque, unguessable token: base64url of `bytes` random bytes.
 *
 * @param bytes How many random bytes (36 gives 48 characters).
 * @returns The token.
 */
export function randomToken(bytes = 36): string {
  return randomBytes(bytes).toString("base64url");
}

const ID_ALPHABET =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/**
 * A Globus-style request id (9 alphanumerics).
 *
 * @returns The id.
 */
export function requestId(): string {
  const b = randomBytes(9);
  let s = "";
  for (const x of b) s += ID_ALPHABET[x % ID_ALPHABET.length];
  return s;
}

/**
 * Formats a time like Transfer's task fields: `2022-01-26T19:18:20+00:00`.
 *
 * @param ms Milliseconds since the epoch.
 * @returns The timestamp.
 */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+00:00");
}

/**
 * Formats a time like Transfer's ls output: `2021-01-15 01:45:50+00:00`.
 *
 * @param ms Milliseconds since the epoch.
 * @returns The timestamp.
 */
export function lsTime(ms: number): string {
  return isoSeconds(ms).replace("T", " ");
}

/** A UUID pattern (any version). */
export const UUID_RE: RegExp =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A path segment as a message shows it: decoded, as Globus names the id it
 * was given (`'Globus Tutorial Collection 1'`, not `Globus%20…`).
 *
 * @param segment The raw path segment.
 * @returns The decoded text, or the segment as it is when it does not
 *   decode.
 */
export function pathSegmentText(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
