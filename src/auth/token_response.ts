/**
 * Token responses from Globus Auth's token endpoint, indexed by resource
 * server and by scope, with redacted printing and id_token verification.
 *
 * @module
 */
import { classLabel } from "../core/_class_label.ts";
import { z } from "../core/_schema.ts";
import { type Clock, nowSeconds, systemClock } from "../core/clock.ts";
import { serviceUrl } from "../core/environments.ts";
import { GlobusError } from "../core/errors.ts";
import { ResponseValidationError } from "../core/response_validation_error.ts";
import {
  DENO_INSPECT,
  hideFromInspect,
  NODE_INSPECT,
  redactDeep,
  REDACTED,
  revealDeep,
} from "../core/redact.ts";
import { HttpTransport } from "../core/transport.ts";
import { describeNonJson, parseResponse } from "../core/validate.ts";
import { JUPYTER_DISPLAY, type MimeBundle } from "../notebook/display.ts";
import { attachDisplay } from "../notebook/tables.ts";
import { slipHints } from "../notebook/_slip_hints.ts";
import { camelCase } from "../core/_options.ts";
import { renderTokenTable } from "../notebook/_token_table.ts";
import {
  type DecodeIdTokenOptions,
  type IdTokenClaims,
  verifyIdToken,
} from "./id_token.ts";
import type { Scope } from "./scopes.ts";
import { indexableHeaders } from "../core/_header_index.ts";
import { withDictMethods } from "../core/_python_reads.ts";

/** The tokens for one resource server, as the Python SDK stores them. */
export interface TokenData {
  /** The bearer token. */
  access_token: string;
  /** The granted scopes, space-separated. */
  scope: string;
  /** `Bearer`. */
  token_type: string;
  /** When the access token expires, in seconds since the epoch. */
  expires_at_seconds: number;
  /** The refresh token, or `null` when none was issued. */
  refresh_token: string | null;
  /** The resource server the token is for, e.g. `transfer.api.globus.org`. */
  resource_server: string;
}

/** One token entry of a token-endpoint body (top level or `other_tokens`). */
export interface TokenResponseEntry {
  /** The bearer token. */
  access_token: string;
  /** The granted scopes, space-separated. */
  scope: string;
  /** `Bearer` (dependent tokens: `bearer`). */
  token_type: string;
  /** Lifetime in seconds. */
  expires_in: number;
  /** The resource server. */
  resource_server: string;
  /** The refresh token, when refresh tokens were requested. */
  refresh_token?: string | null | undefined;
  /** Any other field. */
  [key: string]: unknown;
}

/** The body of a token-endpoint response. */
export interface TokenResponseBody extends TokenResponseEntry {
  /** The OpenID Connect id_token (when `openid` was requested). */
  id_token?: string | undefined;
  /** The `state` that was sent. */
  state?: string | undefined;
  /** Tokens for the other resource servers. */
  other_tokens?: TokenResponseEntry[] | undefined;
}

const EntrySchema: z.ZodType<TokenResponseEntry> = z.lazy(() =>
  z.looseObject({
    access_token: z.string(),
    scope: z.string(),
    token_type: z.string(),
    expires_in: z.number(),
    resource_server: z.string(),
    refresh_token: z.string().nullish(),
  })
);

const BodySchema: z.ZodType<TokenResponseBody> = z.lazy(() =>
  z.looseObject({
    access_token: z.string(),
    scope: z.string(),
    token_type: z.string(),
    expires_in: z.number(),
    resource_server: z.string(),
    refresh_token: z.string().nullish(),
    id_token: z.string().optional(),
    state: z.string().optional(),
    other_tokens: z.array(EntrySchema).optional(),
  })
);

const DependentSchema: z.ZodType<TokenResponseEntry[]> = z.lazy(() =>
  z.array(EntrySchema)
);

/** What a response needs from the client that received it. */
export interface TokenResponseContext {
  /** The client id (the id_token audience). */
  clientId?: string;
  /** The auth service base URL (for the OpenID configuration). */
  authBaseUrl?: string;
  /** Fetches the OpenID configuration and keys. */
  transport?: HttpTransport;
  /**
   * Computes `expires_at_seconds` and the id_token's current date.
   * @default {systemClock}
   */
  clock?: Clock;
  /** The request, for validation error messages, e.g. `POST https://…`. */
  requestDescription?: string;
  /**
   * The body as received: `text`, and for a body that is not JSON the
   * validation error's redacted start.
   */
  responseText?: string;
  /** The HTTP status (`httpStatus`; 200 when not given). */
  httpStatus?: number;
  /** The reason phrase (`httpReason`; the status's usual one when empty). */
  httpReason?: string;
  /** The response headers (`headers`; none when not given). */
  headers?: Headers;
}

/** Reason phrases of the statuses a token endpoint answers with. */
const REASONS: Record<number, string> = {
  200: "OK",
  201: "Created",
  202: "Accepted",
  204: "No Content",
};

function toTokenData(entry: TokenResponseEntry, now: number): TokenData {
  return {
    access_token: entry.access_token,
    scope: entry.scope,
    token_type: entry.token_type,
    expires_at_seconds: now + Math.trunc(entry.expires_in),
    refresh_token: entry.refresh_token ?? null,
    resource_server: entry.resource_server,
  };
}

const PASSTHROUGH = new Set<string | symbol>([
  "then",
  "toJSON",
  "constructor",
  ...Object.getOwnPropertyNames(Object.prototype),
]);

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/**
 * What a token response says when a top-level field of its body is read
 * from it (Python's `token_response["scope"]`): the name only, never a
 * value. A name whose camelCase the response has (`id_token`) is left to
 * Python's-names hint; `then` and `length` are left alone (promises and
 * array-like checks read them from any object).
 */
function bodyFieldMiss(key: string, receiver: object): string | undefined {
  if (
    key === "then" || key === "length" ||
    !(receiver instanceof OAuthTokenResponse)
  ) return undefined;
  const camel = camelCase(key);
  if (camel !== key && camel in receiver) return undefined;
  const data = receiver.data as unknown;
  if (
    data === null || typeof data !== "object" || Array.isArray(data) ||
    !Object.prototype.hasOwnProperty.call(data, key)
  ) return undefined;
  const k = JSON.stringify(key);
  const cls = classLabel(receiver.constructor);
  return `${cls} has no ${key}: the body's fields are in .data, so Python's ` +
    `token_response[${k}] is tokens.data[${k}] (or tokens.get(${k})); ` +
    "each resource server's tokens are in " +
    "tokens.byResourceServer[resourceServer]";
}

/**
 * A token response from Globus Auth. `byResourceServer` indexes the tokens
 * (top level plus `other_tokens`) by resource server; `byScopes` by scope
 * string. Printing it (inspect, `String()`, `JSON.stringify`) shows the
 * structure with every token replaced by `[REDACTED]`; the real values stay
 * available through `byResourceServer[rs].access_token` and `data`.
 *
 * @example Read the Transfer token from a response
 * ```ts
 * import { OAuthTokenResponse } from "@globus-deno/sdk";
 * const tokens = new OAuthTokenResponse({
 *   access_token: "a", scope: "openid", token_type: "Bearer", expires_in: 172800,
 *   resource_server: "auth.globus.org",
 *   other_tokens: [{
 *     access_token: "t", scope: "urn:globus:auth:scope:transfer.api.globus.org:all",
 *     token_type: "Bearer", expires_in: 172800, resource_server: "transfer.api.globus.org",
 *   }],
 * });
 * const transfer = tokens.byResourceServer["transfer.api.globus.org"];
 * console.log(transfer?.expires_at_seconds);
 * console.log(String(tokens)); // tokens shown as [REDACTED]
 * ```
 */
export class OAuthTokenResponse<
  D extends TokenResponseBody | TokenResponseEntry[] = TokenResponseBody,
> {
  readonly #data: D;
  readonly #byResourceServer: Record<string, TokenData>;
  readonly #context: TokenResponseContext;
  readonly #text: string | undefined;
  readonly #headers: Headers;
  #byScopes: Readonly<Record<string, TokenData>> | undefined;

  /**
   * Wraps a token-endpoint body.
   *
   * @param data The parsed JSON body (an object, or for dependent tokens an
   *   array of token objects).
   * @param context The client details used by `decodeIdToken()` and the clock
   *   for `expires_at_seconds`.
   * @throws {ResponseValidationError} When the body is not a token response.
   */
  constructor(data: unknown, context: TokenResponseContext = {}) {
    // Python's `token_response["resource_server"]` read `undefined` here
    // (the body's fields are in `data`): such a read throws, saying what to
    // write, as a GlobusHTTPResponse's does.
    slipHints(this, OAuthTokenResponse, bodyFieldMiss);
    const clock = context.clock ?? systemClock;
    const now = nowSeconds(clock);
    const entries: TokenResponseEntry[] = [];
    if (Array.isArray(data)) {
      // A copy (as zod's was): the caller's object is not made to hide
      // its tokens. A body whose tokens are hidden already (an emulator's
      // mintTokens(), another response's `data`) keeps them: a
      // structuredClone dropped them.
      const parsed = parseResponse(
        DependentSchema,
        revealDeep(data),
        "dependent token response",
        context.requestDescription,
        context.responseText,
      );
      entries.push(...parsed);
      this.#data = hideFromInspect(parsed, "TokenResponseData") as D;
    } else {
      const parsed = parseResponse(
        BodySchema,
        revealDeep(data),
        "token response",
        context.requestDescription,
        context.responseText,
      );
      const { other_tokens: others, ...top } = parsed;
      entries.push(top as TokenResponseEntry, ...(others ?? []));
      this.#data = hideFromInspect(parsed, "TokenResponseData") as D;
    }
    const byRs: Record<string, TokenData> = {};
    for (const entry of entries) {
      byRs[entry.resource_server] = hideFromInspect(
        toTokenData(entry, now),
        "TokenData",
      );
    }
    // Python's dict methods (`tokens.by_resource_server.items()`,
    // `.get(rs)`), non-enumerable: they were "not a function".
    this.#byResourceServer = attachDisplay(
      hideFromInspect(withDictMethods(byRs), "ByResourceServer"),
      () =>
        renderTokenTable(
          Object.entries(byRs),
          `byResourceServer: ${
            plural(Object.keys(byRs).length, "resource server")
          }`,
        ),
    );
    const { responseText, headers, ...kept } = context;
    this.#context = kept;
    this.#text = responseText;
    this.#headers = indexableHeaders(headers);
  }

  /** The HTTP status of the token response (Python's `http_status`). */
  get httpStatus(): number {
    return this.#context.httpStatus ?? 200;
  }

  /** The reason phrase, e.g. `"OK"` (Python's `http_reason`). */
  get httpReason(): string {
    return this.#context.httpReason || REASONS[this.httpStatus] || "";
  }

  /** The response headers (empty for a response built from a body alone). */
  get headers(): Headers {
    return this.#headers;
  }

  /** The `Content-Type` header, or `null` (Python's `content_type`). */
  get contentType(): string | null {
    return this.#headers.get("content-type");
  }

  /**
   * The body as received (for a response built from a body alone, that body
   * as JSON). It holds the token strings, like `data`; printing the response
   * never shows it.
   */
  get text(): string {
    return this.#text ?? JSON.stringify(this.#data);
  }

  /**
   * A top-level field of the body, or `defaultValue` when it is absent or
   * the body is a list (Python's `response.get(key, default)`).
   *
   * @param key The field name, e.g. `"expires_in"`.
   * @param defaultValue What to return when the field is missing.
   * @returns The field's value (token fields hold the real strings).
   */
  get(key: string, defaultValue?: unknown): unknown {
    const d = this.#data as unknown;
    if (d !== null && typeof d === "object" && !Array.isArray(d)) {
      if (Object.prototype.hasOwnProperty.call(d, key)) {
        return (d as Record<string, unknown>)[key];
      }
    }
    return defaultValue;
  }

  /**
   * The raw response body. Its token fields hold the real strings
   * (`data.access_token`, `data.other_tokens[0].refresh_token`), but are
   * left out when it is shown: `console.log(resp.data)` prints
   * `[REDACTED]`, `console.table` and `Object.keys` skip them.
   * `JSON.stringify(resp.data)` writes the whole body, tokens included.
   */
  get data(): D {
    return this.#data;
  }

  /**
   * Token data per resource server, e.g.
   * `byResourceServer["transfer.api.globus.org"].access_token`.
   */
  get byResourceServer(): Record<string, TokenData> {
    return this.#byResourceServer;
  }

  /** The resource servers that got tokens. */
  get resourceServers(): string[] {
    return Object.keys(this.#byResourceServer);
  }

  /** The raw OpenID Connect id_token, when one was issued. */
  get idToken(): string | undefined {
    const data = this.#data as unknown;
    if (Array.isArray(data)) return undefined;
    const token = (data as TokenResponseBody).id_token;
    return typeof token === "string" ? token : undefined;
  }

  /**
   * Token data looked up by scope string: `byScopes[TransferScopes.all]`.
   * Several space-separated scopes work when they share one resource server.
   * Reading a scope that was not granted, or one held by several resource
   * servers, throws a {@linkcode GlobusError} naming the scope and listing
   * the granted ones.
   */
  get byScopes(): Readonly<Record<string, TokenData>> {
    if (this.#byScopes) return this.#byScopes;
    const target: Record<string | symbol, unknown> = {
      toJSON: () => this.#redactedByScopes(),
      // The Deno kernel looks for this (and for other display hooks) on a
      // cell's value; without it, its probing read fields like `schema`,
      // which throw as scopes that were not granted.
      [JUPYTER_DISPLAY]: (): MimeBundle => {
        const rows = this.#uniqueScopes();
        const { html, text } = renderTokenTable(
          rows,
          `byScopes: ${plural(rows.length, "scope")}`,
          true,
        );
        return { "text/html": html, "text/plain": text };
      },
      [DENO_INSPECT]: () =>
        `ByScopes ${JSON.stringify(this.#redactedByScopes(), null, 2)}`,
      [NODE_INSPECT]: () =>
        `ByScopes ${JSON.stringify(this.#redactedByScopes(), null, 2)}`,
      // `String(tokens.byScopes)`, `${…}` (Python's `str()`): the same
      // redacted text, not `[object Object]`.
      toString: () =>
        `ByScopes ${JSON.stringify(this.#redactedByScopes(), null, 2)}`,
    };
    this.#byScopes = new Proxy(target, {
      get: (t, prop) => {
        if (typeof prop === "symbol" || PASSTHROUGH.has(prop)) {
          return Reflect.get(t, prop);
        }
        return this.getByScopes(prop);
      },
      // `in` agrees with a lookup, as Python's `__contains__` (its
      // `__getitem__` succeeding): several space-separated scopes of one
      // resource server are in; a scope several servers hold is not.
      has: (t, prop) => {
        if (typeof prop === "symbol") return Reflect.has(t, prop);
        return this.#holds(prop);
      },
      ownKeys: () => {
        return this.#uniqueScopes().map(([scope]) => scope);
      },
      getOwnPropertyDescriptor: (_t, prop) => {
        if (typeof prop !== "string" || !this.#holds(prop)) {
          return undefined;
        }
        return {
          configurable: true,
          enumerable: true,
          writable: false,
          value: this.getByScopes(prop),
        };
      },
      set() {
        return false;
      },
      deleteProperty() {
        return false;
      },
    }) as Readonly<Record<string, TokenData>>;
    return this.#byScopes;
  }

  #scopeMap(): Map<string, string[]> {
    const map = new Map<string, string[]>();
    for (const data of Object.values(this.#byResourceServer)) {
      for (const scope of data.scope.split(/\s+/)) {
        if (!scope) continue;
        const list = map.get(scope) ?? [];
        if (!list.includes(data.resource_server)) {
          list.push(data.resource_server);
        }
        map.set(scope, list);
      }
    }
    return map;
  }

  /** Whether {@linkcode getByScopes} finds the scopes' one resource server. */
  #holds(scopes: string): boolean {
    try {
      this.getByScopes(scopes);
      return true;
    } catch (e) {
      if (e instanceof GlobusError) return false;
      throw e;
    }
  }

  /** `[scope, data]` for each scope held by exactly one resource server. */
  #uniqueScopes(): [string, TokenData][] {
    const out: [string, TokenData][] = [];
    for (const [scope, servers] of this.#scopeMap()) {
      const data = servers.length === 1
        ? this.#byResourceServer[servers[0] as string]
        : undefined;
      if (data) out.push([scope, data]);
    }
    return out;
  }

  #redactedByScopes(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [scope, data] of this.#uniqueScopes()) {
      out[scope] = redactDeep(data);
    }
    return out;
  }

  /**
   * The token data that holds all the given scopes.
   *
   * @param scopes Scope strings (space-separated ones are split) or
   *   {@linkcode Scope}s (compared by their scope string).
   * @returns The token data of the one resource server holding them.
   * @throws {GlobusError} When a scope was not granted, or the scopes belong
   *   to several resource servers.
   */
  getByScopes(...scopes: (string | Scope)[]): TokenData {
    const names = scopes.flatMap((s) =>
      typeof s === "string" ? s.split(/\s+/) : [s.scopeString]
    ).filter((s) => s.length > 0);
    const map = this.#scopeMap();
    const available = () =>
      map.size === 0
        ? "no scopes were granted"
        : `granted scopes: ${[...map.keys()].join(", ")}`;
    if (names.length === 0) {
      throw new GlobusError(`No scope given to look up (${available()})`);
    }
    const servers = new Set<string>();
    for (const name of names) {
      const list = map.get(name);
      if (!list) {
        throw new GlobusError(
          `The scope '${name}' is not in this token response (${available()})`,
        );
      }
      for (const rs of list) servers.add(rs);
    }
    if (servers.size !== 1) {
      throw new GlobusError(
        `The scope${names.length > 1 ? "s" : ""} '${
          names.join(" ")
        }' belong to several resource servers (${
          [...servers].join(", ")
        }): look them up one resource server at a time with byResourceServer`,
      );
    }
    return this.#byResourceServer[[...servers][0] as string] as TokenData;
  }

  /**
   * Verifies the id_token and returns its claims. Fetches (and caches per
   * auth service) `{auth}/.well-known/openid-configuration` and its
   * `jwks_uri`, then checks the signature with the configuration's
   * algorithms, `aud` = the client id, and 300 s of leeway. Needs
   * `--allow-net` unless `openidConfiguration` and `jwk` are given.
   *
   * @param options Overrides (configuration, key, audience, leeway).
   * @returns The verified claims.
   * @throws {GlobusError} When the response has no id_token.
   * @throws {IdTokenVerificationError} When verification fails.
   * @throws {AuthAPIError} When the configuration or keys cannot be fetched.
   */
  async decodeIdToken(
    options: DecodeIdTokenOptions = {},
  ): Promise<IdTokenClaims> {
    const token = this.idToken;
    if (!token) {
      throw new GlobusError(
        "This token response has no id_token: request the 'openid' scope to get one",
      );
    }
    const ctx = this.#context;
    return await verifyIdToken(token, {
      authBaseUrl: ctx.authBaseUrl ?? serviceUrl("auth"),
      transport: ctx.transport ??
        new HttpTransport(ctx.clock ? { clock: ctx.clock } : {}),
      ...(ctx.clock ? { clock: ctx.clock } : {}),
      ...(ctx.clientId ? { clientId: ctx.clientId } : {}),
    }, options);
  }

  /**
   * The redacted structure: `{ by_resource_server: { rs: { …, access_token:
   * "[REDACTED]" } } }`.
   *
   * @returns Plain data with no token strings.
   */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {
      by_resource_server: redactDeep(this.#byResourceServer),
    };
    if (this.idToken !== undefined) out["id_token"] = REDACTED;
    return out;
  }

  /**
   * A readable, redacted rendering.
   *
   * @returns The class name and the redacted structure.
   */
  toString(): string {
    return `${this.constructor.name} ${JSON.stringify(this.toJSON(), null, 2)}`;
  }

  /**
   * The rich rendering the Deno kernel asks for when the response ends a
   * cell: a table of the resource servers with their scopes, token type,
   * expiry, and `[REDACTED]` (or `none`) for the access and refresh tokens,
   * as the inspect output; no token string is ever shown.
   *
   * @returns `{"text/html": …, "text/plain": …}`.
   */
  [JUPYTER_DISPLAY](): MimeBundle {
    const rows = Object.entries(this.#byResourceServer);
    const idToken = this.idToken === undefined ? "" : ", with an id_token";
    const { html, text } = renderTokenTable(
      rows,
      `${this.constructor.name}: ${
        plural(rows.length, "resource server")
      }${idToken}`,
    );
    return { "text/html": html, "text/plain": text };
  }

  /**
   * Deno's inspect hook.
   *
   * @returns The redacted rendering.
   */
  [DENO_INSPECT](): string {
    return this.toString();
  }

  /**
   * Node's inspect hook.
   *
   * @returns The redacted rendering.
   */
  [NODE_INSPECT](): string {
    return this.toString();
  }
}

/**
 * The response of the dependent-token grant: a bare array of token objects,
 * indexed the same way.
 *
 * @example Index dependent tokens
 * ```ts
 * import { OAuthDependentTokenResponse } from "@globus-deno/sdk";
 * const tokens = new OAuthDependentTokenResponse([{
 *   access_token: "t", scope: "urn:globus:auth:scope:transfer.api.globus.org:all",
 *   token_type: "bearer", expires_in: 172800, resource_server: "transfer.api.globus.org",
 * }]);
 * console.log(tokens.resourceServers);
 * ```
 */
export class OAuthDependentTokenResponse
  extends OAuthTokenResponse<TokenResponseEntry[]> {
  /**
   * Wraps a dependent-token body.
   *
   * @param data The parsed JSON array.
   * @param context As for {@linkcode OAuthTokenResponse}.
   * @throws {ResponseValidationError} When the body is not an array of tokens.
   */
  constructor(data: unknown, context: TokenResponseContext = {}) {
    if (!Array.isArray(data)) {
      throw new ResponseValidationError(
        "dependent token response",
        [{
          path: [],
          message: data === undefined && context.responseText !== undefined
            ? describeNonJson(context.responseText)
            : "expected an array of token objects",
        }],
        context.requestDescription ?? "",
      );
    }
    super(data, context);
  }
}
