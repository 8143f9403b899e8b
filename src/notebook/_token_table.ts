/**
 * Internal: the notebook table of token data (a token response's, or a
 * token storage's records). It shows what a person
 * checks after a login (resource servers, scopes, expiry, whether a refresh
 * token came) and never a token string: the token columns only say
 * `[REDACTED]` (or `none`), as the response's inspect output does.
 *
 * @module
 */
import { REDACTED } from "../core/redact.ts";
import { type RenderedTable, renderTable } from "./tables.ts";
import { utcText } from "./_cell_text.ts";

/** What a row shows of token data (a token response's or a stored record). */
export interface TokenRow {
  resource_server: string;
  scope: string;
  token_type: string | null;
  expires_at_seconds: number;
  access_token: string;
  refresh_token: string | null;
}

/** `2026-12-03 04:58:40 UTC` (the tables' time style) for seconds since the epoch. */
function expiry(seconds: unknown): string {
  if (typeof seconds !== "number" || !Number.isFinite(seconds)) return "";
  return utcText(seconds * 1000) ?? String(seconds);
}

/** `[REDACTED]` for a token that is there, `none` otherwise. */
function hidden(value: unknown): string {
  return typeof value === "string" && value !== "" ? REDACTED : "none";
}

/**
 * A table of token data, one row per resource server (or per scope with
 * `byScope`): resource server, scope, token type, expiry, and `[REDACTED]`
 * or `none` for the access and refresh tokens. No token string is shown.
 *
 * @param rows Token data, with the scope each row is keyed by when `byScope`.
 * @param caption The caption.
 * @param byScope Rows are `[scope, data]` pairs (for `byScopes`).
 * @returns Both renderings.
 */
export function renderTokenTable(
  rows: readonly (readonly [string, TokenRow])[],
  caption: string,
  byScope = false,
): RenderedTable {
  const plain = rows.map(([key, t]) => ({
    key,
    resource_server: t.resource_server,
    scope: t.scope,
    token_type: t.token_type,
    expires: expiry(t.expires_at_seconds),
    access: hidden(t.access_token),
    refresh: hidden(t.refresh_token),
  }));
  return renderTable(plain, {
    caption,
    columns: [
      ...(byScope ? [{ key: "key", header: "Scope" }] : []),
      { key: "resource_server", header: "Resource Server" },
      ...(byScope ? [] : [{ key: "scope", header: "Scope" }]),
      { key: "token_type", header: "Token Type" },
      { key: "expires", header: "Expires" },
      { key: "access", header: "Access Token" },
      { key: "refresh", header: "Refresh Token" },
    ],
    maxWidth: 80,
  });
}
