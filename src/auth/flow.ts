/**
 * An OAuth2 authorization-code flow in progress: the parameters chosen at
 * start, the PKCE verifier (native apps), the authorize URL, and the code
 * exchange.
 *
 * @module
 */
import { checkOptions } from "../core/_options.ts";
import { GlobusError } from "../core/errors.ts";
import { base64url, sha256 } from "./_sha256.ts";
import { AuthScopes, type Scope, TransferScopes } from "./scopes.ts";
import { Scope as ScopeClass } from "./scopes.ts";
import type { OAuthTokenResponse } from "./token_response.ts";
import { kernelStack } from "../core/_kernel_stack.ts";
import { checkBoolean, checkString } from "../core/_option_values.ts";
import { slipHints } from "../notebook/_slip_hints.ts";

/** The scopes requested when none are given (as in the Python SDK 3.x). */
export const DEFAULT_REQUESTED_SCOPES: string = [
  AuthScopes.openid,
  AuthScopes.profile,
  AuthScopes.email,
  TransferScopes.all,
].join(" ");

/** The option names of {@linkcode StartFlowOptions}. */
const START_FLOW_OPTIONS: readonly string[] = [
  "requestedScopes",
  "redirectUri",
  "refreshTokens",
  "prefillNamedGrant",
  "state",
  "verifier",
];
/** The option names of {@linkcode AuthorizeUrlOptions}. */
export const AUTHORIZE_URL_OPTIONS: readonly string[] = [
  "sessionRequiredIdentities",
  "sessionRequiredSingleDomain",
  "sessionRequiredPolicies",
  "sessionRequiredMfa",
  "sessionMessage",
  "prompt",
  "queryParams",
];

/** Options for `oauth2StartFlow()`. */
export interface StartFlowOptions {
  /**
   * The scopes to request: one space-separated string, or a list of scope
   * strings and {@linkcode Scope}s.
   * @default {"openid profile email urn:globus:auth:scope:transfer.api.globus.org:all"}
   */
  requestedScopes?: string | Scope | Iterable<string | Scope> | undefined;
  /**
   * Where Globus Auth sends the user after login.
   * @default {`{auth}/v2/web/auth-code` for native apps (a page that shows the code); required for confidential apps}
   */
  redirectUri?: string | undefined;
  /**
   * Ask for refresh tokens (`access_type=offline`).
   * @default {false}
   */
  refreshTokens?: boolean | undefined;
  /** A name for the grant shown on the consent page (`prefill_named_grant`). */
  prefillNamedGrant?: string | undefined;
  /**
   * The `state` parameter.
   * @default {"_default"}
   */
  state?: string | undefined;
  /**
   * The PKCE verifier (native apps); a fresh random one by default. 43 to
   * 128 characters of `A-Z a-z 0-9 - . _ ~`.
   */
  verifier?: string | undefined;
}

/** Session and extra parameters for `oauth2GetAuthorizeUrl()`. */
export interface AuthorizeUrlOptions {
  /**
   * Identities (ids) that must be in the session; comma-joined. `null` (or
   * an empty list) leaves it out, as Python's `None` does; so do the others.
   */
  sessionRequiredIdentities?: string | readonly string[] | null | undefined;
  /** Domains one of which must be in the session; comma-joined. */
  sessionRequiredSingleDomain?: string | readonly string[] | null | undefined;
  /** Policy ids the session must satisfy; comma-joined. */
  sessionRequiredPolicies?: string | readonly string[] | null | undefined;
  /** Require multi-factor authentication. */
  sessionRequiredMfa?: boolean | null | undefined;
  /** A message shown on the login page. */
  sessionMessage?: string | null | undefined;
  /** `"login"` forces a fresh login. */
  prompt?: string | null | undefined;
  /**
   * Extra query parameters, merged last (they win); `undefined` and `null`
   * values are left out.
   */
  queryParams?:
    | Record<string, string | number | boolean | null | undefined>
    | undefined;
}

/** How a flow exchanges a code (supplied by the client that started it). */
export type CodeExchanger = (
  code: string,
  redirectUri: string,
  verifier: string | undefined,
  signal: AbortSignal | undefined,
) => Promise<OAuthTokenResponse>;

const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

/**
 * A fresh PKCE code verifier: 32 random bytes (256 bits), base64url-encoded
 * (43 characters), as RFC 7636 recommends and oauth4webapi generates.
 */
function randomCodeVerifier(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

/**
 * The base64url SHA-256 of a PKCE verifier (RFC 7636 S256). Computed
 * synchronously so that starting a flow and building its URL stay
 * synchronous, as in the Python SDK; it equals oauth4webapi's
 * `calculatePKCECodeChallenge()`.
 *
 * @param verifier The verifier.
 * @returns The challenge.
 */
export function pkceChallenge(verifier: string): string {
  return base64url(sha256(new TextEncoder().encode(verifier)));
}

/**
 * A session list as sent: comma-joined; `undefined` for `null`, `undefined`
 * or an empty list, which are left out (Python's `None`: the SDK's own
 * `err.info.authorizationParameters` and `toGare()` results carry `null`s,
 * and copying them here sent "null" or failed with "Cannot read properties
 * of null (reading 'join')").
 */
function joinList(
  value: string | Iterable<string> | null | undefined,
): string | undefined {
  if (value === null || value === undefined) return undefined;
  const text = typeof value === "string" ? value : [...value].join(",");
  return text === "" ? undefined : text;
}

/** The parameters a flow is created with (internal). */
export interface FlowInit {
  /** The client id. */
  clientId: string;
  /** The auth base URL (trailing slash). */
  authBaseUrl: string;
  /** The redirect URI. */
  redirectUri: string;
  /** The requested scopes, serialized. */
  requestedScopes: string;
  /** `state`. */
  state: string;
  /** `access_type=offline`. */
  refreshTokens: boolean;
  /** `prefill_named_grant`. */
  prefillNamedGrant?: string | undefined;
  /** PKCE verifier, or `undefined` for confidential apps. */
  verifier?: string | undefined;
  /** Exchanges a code. */
  exchange: CodeExchanger;
}

/**
 * An authorization-code flow in progress (the Python SDK's flow manager).
 * Created by `oauth2StartFlow()`; the client keeps the current one, so
 * usually you call the client's `oauth2GetAuthorizeUrl()` and
 * `oauth2ExchangeCodeForTokens()` instead. The PKCE verifier is private and
 * never printed.
 *
 * @example Use the flow directly
 * ```ts
 * import { NativeAppAuthClient, TransferScopes, TUTORIAL_CLIENT_ID } from "@globus-deno/sdk";
 * const client = new NativeAppAuthClient(TUTORIAL_CLIENT_ID);
 * const flow = client.oauth2StartFlow({ requestedScopes: TransferScopes.all });
 * console.log(flow.getAuthorizeUrl({ prompt: "login" }));
 * ```
 */
export class AuthorizationCodeFlow {
  /** The client id. */
  readonly clientId: string;
  /** The redirect URI sent in the authorize URL and the exchange. */
  readonly redirectUri: string;
  /** The requested scopes, space-separated. */
  readonly requestedScopes: string;
  /** The `state` parameter. */
  readonly state: string;
  /** Whether refresh tokens are requested. */
  readonly refreshTokens: boolean;
  /** `prefill_named_grant`, if set. */
  readonly prefillNamedGrant: string | undefined;
  /** The PKCE S256 challenge, or `undefined` without PKCE. */
  readonly codeChallenge: string | undefined;
  readonly #authorizeEndpoint: string;
  readonly #verifier: string | undefined;
  readonly #exchange: CodeExchanger;

  /**
   * Creates a flow. Clients do this in `oauth2StartFlow()`.
   *
   * @param init The flow parameters.
   * @throws {TypeError} When the verifier is malformed.
   */
  constructor(init: FlowInit) {
    if (init.verifier !== undefined && !VERIFIER.test(init.verifier)) {
      throw kernelStack(
        new TypeError(
          `Cannot start the flow as the PKCE 'verifier' must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~: current length is ${init.verifier.length}`,
        ),
      );
    }
    this.clientId = init.clientId;
    this.redirectUri = init.redirectUri;
    this.requestedScopes = init.requestedScopes;
    this.state = init.state;
    this.refreshTokens = init.refreshTokens;
    this.prefillNamedGrant = init.prefillNamedGrant;
    this.#authorizeEndpoint = new URL("v2/oauth2/authorize", init.authBaseUrl)
      .href;
    this.#verifier = init.verifier;
    this.codeChallenge = init.verifier === undefined
      ? undefined
      : pkceChallenge(init.verifier);
    this.#exchange = init.exchange;
    // Python's flow manager names (flow.get_authorize_url(),
    // flow.exchange_code_for_tokens(code)) failed with "is not a function".
    slipHints(this, AuthorizationCodeFlow);
  }

  /**
   * The URL to send the user to:
   * `{auth}/v2/oauth2/authorize?client_id=…&redirect_uri=…&scope=…&state=…&response_type=code&code_challenge=…&code_challenge_method=S256&access_type=offline|online`.
   *
   * @param options Session parameters and extra query parameters.
   * @returns The authorize URL.
   */
  getAuthorizeUrl(options: AuthorizeUrlOptions = {}): string {
    checkOptions("getAuthorizeUrl()", options, AUTHORIZE_URL_OPTIONS, {
      example: "oauth2GetAuthorizeUrl({ sessionRequiredMfa: true })",
    });
    // `sessionRequiredMfa: "no"` sent True; a number went into the URL.
    checkBoolean(
      AUTHORIZE_URL,
      "sessionRequiredMfa",
      options.sessionRequiredMfa,
    );
    checkString(AUTHORIZE_URL, "sessionMessage", options.sessionMessage);
    checkString(AUTHORIZE_URL, "prompt", options.prompt);
    const url = new URL(this.#authorizeEndpoint);
    const p = url.searchParams;
    p.set("client_id", this.clientId);
    p.set("redirect_uri", this.redirectUri);
    p.set("scope", this.requestedScopes);
    p.set("state", this.state);
    p.set("response_type", "code");
    if (this.codeChallenge !== undefined) {
      p.set("code_challenge", this.codeChallenge);
      p.set("code_challenge_method", "S256");
    }
    p.set("access_type", this.refreshTokens ? "offline" : "online");
    if (this.prefillNamedGrant !== undefined) {
      p.set("prefill_named_grant", this.prefillNamedGrant);
    }
    const lists = [
      ["session_required_identities", options.sessionRequiredIdentities],
      ["session_required_single_domain", options.sessionRequiredSingleDomain],
      ["session_required_policies", options.sessionRequiredPolicies],
    ] as const;
    for (const [name, value] of lists) {
      const text = joinList(value);
      if (text !== undefined) p.set(name, text);
    }
    if (
      options.sessionRequiredMfa !== undefined &&
      options.sessionRequiredMfa !== null
    ) {
      // Python's str(bool), as its tests assert.
      p.set(
        "session_required_mfa",
        options.sessionRequiredMfa ? "True" : "False",
      );
    }
    if (
      options.sessionMessage !== undefined && options.sessionMessage !== null
    ) {
      p.set("session_message", options.sessionMessage);
    }
    if (options.prompt !== undefined && options.prompt !== null) {
      p.set("prompt", options.prompt);
    }
    for (const [k, v] of Object.entries(options.queryParams ?? {})) {
      if (v === undefined || v === null) p.delete(k);
      else p.set(k, String(v));
    }
    return url.href;
  }

  /**
   * Exchanges the code the user got (a bare code, or the pasted URL that
   * carries `code=`) for tokens.
   *
   * @param code The code or URL.
   * @param options `signal` aborts the request.
   * @returns The token response.
   * @throws {AuthCodeInputError} When `code` is not a code.
   * @throws {AuthAPIError} When Globus Auth rejects it (e.g. `invalid_grant`).
   */
  async exchangeCodeForTokens(
    code: string,
    options: { signal?: AbortSignal | undefined } = {},
  ): Promise<OAuthTokenResponse> {
    return await this.#exchange(
      code,
      this.redirectUri,
      this.#verifier,
      options.signal,
    );
  }

  /**
   * A description without the verifier.
   *
   * @returns Plain data.
   */
  toJSON(): Record<string, unknown> {
    return {
      clientId: this.clientId,
      redirectUri: this.redirectUri,
      requestedScopes: this.requestedScopes,
      state: this.state,
      refreshTokens: this.refreshTokens,
      pkce: this.codeChallenge !== undefined,
    };
  }
}

/** The start of a message about the flow's options. */
const START_FLOW = "Cannot start the flow";
const AUTHORIZE_URL = "Cannot make the authorize URL";

/** Scopes as `oauth2StartFlow()` takes them. */
export type RequestedScopes = string | Scope | Iterable<string | Scope>;

/**
 * `oauth2StartFlow()`'s arguments as one options object, for Python's
 * positional form: `positional` names the leading arguments in Python's
 * order (`requestedScopes` for a native app; `redirectUri`, then
 * `requestedScopes`, for a confidential one). With a plain object first,
 * that object is the options.
 *
 * @param positional The names of Python's positional arguments, in order.
 * @param args The arguments as given.
 * @returns The options.
 * @throws {TypeError} For an option given both ways, or options after an
 *   options object.
 */
export function startFlowArgs(
  positional: readonly ("requestedScopes" | "redirectUri")[],
  args: readonly unknown[],
): StartFlowOptions {
  const first = args[0];
  const isOptions = (v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v) &&
    !(v instanceof ScopeClass);
  const forms = "oauth2StartFlow({ requestedScopes, refreshTokens: true })" +
    (positional.length > 1
      ? ' or oauth2StartFlow("https://example.org/login", requestedScopes, { refreshTokens: true })'
      : " or oauth2StartFlow(requestedScopes, { refreshTokens: true })");
  // `oauth2StartFlow(undefined, { refreshTokens: true })` is the positional
  // form with the default scopes, as Python's requested_scopes=None.
  if (isOptions(first) || (first === undefined && args.length <= 1)) {
    if (args.length > 1) {
      throw kernelStack(
        new TypeError(
          `oauth2StartFlow() takes its options once, and got an options object then ${
            args.length === 2 ? "another argument" : `${args.length - 1} more`
          }: write ${forms}`,
        ),
      );
    }
    return (first ?? {}) as StartFlowOptions;
  }
  if (args.length > positional.length + 1) {
    throw kernelStack(
      new TypeError(
        `oauth2StartFlow() takes at most ${
          positional.length + 1
        } arguments, not ${args.length}: write ${forms}`,
      ),
    );
  }
  const rest = args[positional.length];
  if (rest !== undefined) {
    checkOptions("oauth2StartFlow()", rest, START_FLOW_OPTIONS);
  }
  const options: Record<string, unknown> = { ...(rest as object) };
  positional.forEach((name, i) => {
    if (args[i] === undefined) return;
    if (options[name] !== undefined) {
      throw kernelStack(
        new TypeError(
          `oauth2StartFlow(): '${name}' is given twice, as an argument and in the options; give it once`,
        ),
      );
    }
    options[name] = args[i];
  });
  return options as StartFlowOptions;
}

/**
 * Creates a flow from `oauth2StartFlow()` options (internal).
 *
 * @param options The caller's options.
 * @param base The client's part.
 * @returns The flow.
 */
export function createFlow(
  options: StartFlowOptions,
  base: {
    clientId: string;
    authBaseUrl: string;
    defaultRedirectUri: string | undefined;
    pkce: boolean;
    exchange: CodeExchanger;
  },
): AuthorizationCodeFlow {
  // Python's first positional argument: requested_scopes for a native app,
  // redirect_uri for a confidential one.
  checkOptions(
    "oauth2StartFlow()",
    options,
    START_FLOW_OPTIONS,
    base.pkce
      ? {
        positional: "requestedScopes",
        example:
          "oauth2StartFlow({ requestedScopes: TransferScopes.all, refreshTokens: true })",
      }
      : {
        positional: "redirectUri",
        example:
          'oauth2StartFlow({ redirectUri: "https://example.org/login", requestedScopes: TransferScopes.all })',
      },
  );
  // `refreshTokens: "false"` asked for refresh tokens (and `"true"` read as
  // true only by luck); a `redirectUri` number went into the URL.
  checkString(START_FLOW, "redirectUri", options.redirectUri);
  checkBoolean(START_FLOW, "refreshTokens", options.refreshTokens);
  checkString(START_FLOW, "state", options.state);
  checkString(START_FLOW, "prefillNamedGrant", options.prefillNamedGrant);
  const redirectUri = options.redirectUri ?? base.defaultRedirectUri;
  if (!redirectUri) {
    throw kernelStack(
      new TypeError(
        "Cannot start the flow as 'redirectUri' is required for a confidential app",
      ),
    );
  }
  const scopes = options.requestedScopes === undefined
    ? DEFAULT_REQUESTED_SCOPES
    : ScopeClass.serialize(options.requestedScopes);
  if (scopes === "") {
    throw kernelStack(
      new TypeError(
        "Cannot start the flow as 'requestedScopes' is empty: ask for at least one scope",
      ),
    );
  }
  return new AuthorizationCodeFlow({
    clientId: base.clientId,
    authBaseUrl: base.authBaseUrl,
    redirectUri,
    requestedScopes: scopes,
    state: options.state ?? "_default",
    refreshTokens: options.refreshTokens ?? false,
    prefillNamedGrant: options.prefillNamedGrant,
    verifier: base.pkce ? options.verifier ?? randomCodeVerifier() : undefined,
    exchange: base.exchange,
  });
}

/**
 * The error for calling a flow method before `oauth2StartFlow()`.
 *
 * @param method The method that was called.
 * @returns The error.
 */
export function noFlowError(method: string): GlobusError {
  return new GlobusError(
    `Cannot call ${method}() before a flow is started: call oauth2StartFlow() first`,
  );
}
