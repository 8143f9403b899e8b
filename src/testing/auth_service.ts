/**
 * The Globus Auth emulator: authorize (consent page), token grants, revoke,
 * introspect, OpenID configuration and JWKS; userinfo, identities and
 * consents are routed to auth_identity_api.ts, the developer API to
 * auth_developer.ts.
 *
 * @module
 */
import { createHash } from "node:crypto";
import {
  type AuthorizeRequest,
  type AuthStore,
  CODE_LIFETIME_S,
  DEMO_USER,
  type TokenRecord,
} from "./auth_store.ts";
import { AuthDeveloperAPI } from "./auth_developer.ts";
import { AuthIdentityAPI } from "./auth_identity_api.ts";
import { authCodePage, consentPage, errorPage } from "./html.ts";
import {
  basicCredentials,
  type EmulatorRequest,
  type EmulatorResponse,
  formParams,
  htmlResponse,
  jsonResponse,
  randomToken,
  redirectResponse,
} from "./http.ts";
import { atHash, getSigningKeys, signIdToken } from "./keys.ts";
import {
  attachSession,
  checkLogin,
  LoginRefusedError,
  sessionOfCode,
} from "./session_policies.ts";
import {
  AUTH_RS,
  firstUnknownScope,
  formatScopes,
  groupByResourceServer,
  parseScopes,
  type ScopeGroup,
  ScopeParseError,
  TRANSFER_SCOPE,
} from "./scopes.ts";

const SESSION_PARAMS = [
  "session_required_identities",
  "session_required_single_domain",
  "session_required_policies",
  "session_required_mfa",
  "session_message",
  "prompt",
];

/** An OAuth error with its HTTP status. */
class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
  response(): EmulatorResponse {
    return jsonResponse(this.status, {
      error: this.error,
      error_description: this.description,
    }, this.status === 401 ? { "www-authenticate": 'Basic realm="auth"' } : {});
  }
}

/** The result of validating an authorize URL. */
export type AuthorizeValidation =
  | { ok: true; request: AuthorizeRequest }
  | { ok: false; status: number; title: string; message: string };

/** One token object of a token response. */
export interface TokenResponseEntry {
  /** The access token. */
  access_token: string;
  /** Space-joined scopes. */
  scope: string;
  /** Lifetime in seconds. */
  expires_in: number;
  /** Always `Bearer`. */
  token_type: string;
  /** The resource server. */
  resource_server: string;
  /** The state of the authorize request (code grants only). */
  state?: string;
  /** The refresh token, when one was asked for. */
  refresh_token?: string;
  /** The id_token (top level, with `openid`). */
  id_token?: string;
  /** Tokens for the other resource servers (top level only). */
  other_tokens?: TokenResponseEntry[];
}

/** What `GET /_emulator/stats` answers: token requests by grant type. */
export interface AuthStats {
  /** Token requests answered with tokens, by `grant_type`. */
  token_grants: Record<string, number>;
  /** Token requests refused, by `grant_type`. */
  token_refusals: Record<string, number>;
  /** Whether refresh tokens rotate. */
  rotate_refresh_tokens: boolean;
}

/** The Auth emulator service. */
export class AuthService {
  /**
   * Rotate refresh tokens: a refresh answers with a new refresh token and
   * the one presented is refused from then on.
   */
  rotateRefreshTokens = false;
  readonly #grants: Record<string, number> = {};
  readonly #refusals: Record<string, number> = {};

  /**
   * Token requests so far, by grant type.
   *
   * @returns The counts (a copy).
   */
  stats(): AuthStats {
    return {
      token_grants: { ...this.#grants },
      token_refusals: { ...this.#refusals },
      rotate_refresh_tokens: this.rotateRefreshTokens,
    };
  }

  /**
   * Creates an instance.
   *
   * @param store The Auth state.
   * @param baseUrl The Auth base URL, with a trailing slash.
   * @param autoApprove Skip the consent page and redirect at once.
   */
  constructor(
    readonly store: AuthStore,
    readonly baseUrl: string,
    public autoApprove: boolean,
  ) {
    this.developer = new AuthDeveloperAPI(store);
    this.identity = new AuthIdentityAPI(store);
  }

  /** Userinfo, identities and consents. */
  readonly identity: AuthIdentityAPI;

  /** The developer API (projects, clients, credentials, scopes, policies). */
  readonly developer: AuthDeveloperAPI;

  /** Whether a scope was made with the developer API. */
  #registered = (scope: string): boolean => this.developer.hasScope(scope);

  /** The issuer: the base URL without its trailing slash. */
  get issuer(): string {
    return this.baseUrl.replace(/\/$/, "");
  }

  /** The native-app code page URL. */
  get codePageUrl(): string {
    return `${this.baseUrl}v2/web/auth-code`;
  }

  /**
   * Handles one request below the Auth base.
   *
   * @param req The request.
   * @returns The response.
   */
  async handle(req: EmulatorRequest): Promise<EmulatorResponse> {
    const p = req.path.replace(/\/+$/, "");
    const m = req.method;
    try {
      if (p === "v2/oauth2/authorize" && m === "GET") {
        return this.#authorize(req);
      }
      if (p === "v2/oauth2/authorize" && m === "POST") return this.#decide(req);
      if (p === "v2/web/auth-code" && m === "GET") {
        const code = req.url.searchParams.get("code");
        const error = req.url.searchParams.get("error");
        if (code) return htmlResponse(200, authCodePage(code));
        return htmlResponse(
          400,
          errorPage("Authorization failed", error ?? "No code was given."),
        );
      }
      if (p === "v2/oauth2/token" && m === "POST") {
        return await this.#token(req);
      }
      if (p === "v2/oauth2/token/revoke" && m === "POST") {
        return this.#revoke(req);
      }
      if (p === "v2/oauth2/token/introspect" && m === "POST") {
        return this.#introspect(req);
      }
      const identity = this.identity.handle(req, p);
      if (identity) return identity;
      if (p === ".well-known/openid-configuration" && m === "GET") {
        return jsonResponse(200, this.openidConfiguration());
      }
      if ((p === "jwk.json" || p === "v2/oauth2/jwk.json") && m === "GET") {
        return jsonResponse(200, (await getSigningKeys()).jwks);
      }
      const dev = this.developer.handle(req, p);
      if (dev) return dev;
    } catch (e) {
      if (e instanceof OAuthError) return e.response();
      throw e;
    }
    // Not a real "not found": a route the emulator does not implement.
    const detail =
      `Not emulated: the Globus emulator does not implement ${m} /${req.path} (the real Auth service may)`;
    return jsonResponse(404, {
      errors: [{
        status: "404",
        code: "NOT_EMULATED",
        title: "Not Emulated",
        detail,
      }],
      error: "not_found",
      error_description: detail,
    });
  }

  /** The OpenID configuration document. */
  openidConfiguration(): Record<string, unknown> {
    const b = this.baseUrl;
    return {
      issuer: this.issuer,
      authorization_endpoint: `${b}v2/oauth2/authorize`,
      userinfo_endpoint: `${b}v2/oauth2/userinfo`,
      token_endpoint: `${b}v2/oauth2/token`,
      revocation_endpoint: `${b}v2/oauth2/token/revoke`,
      introspection_endpoint: `${b}v2/oauth2/token/introspect`,
      jwks_uri: `${b}jwk.json`,
      response_types_supported: ["code", "token", "token id_token", "id_token"],
      id_token_signing_alg_values_supported: ["RS512"],
      scopes_supported: ["openid", "email", "profile"],
      token_endpoint_auth_methods_supported: ["client_secret_basic"],
      claims_supported: [
        "at_hash",
        "aud",
        "email",
        "exp",
        "name",
        "nonce",
        "preferred_username",
        "iat",
        "iss",
        "sub",
      ],
      subject_types_supported: ["public"],
      grant_types_supported: [
        "authorization_code",
        "refresh_token",
        "client_credentials",
        "urn:globus:auth:grant_type:dependent_token",
      ],
      code_challenge_methods_supported: ["S256"],
    };
  }

  /**
   * Validates authorize-URL parameters.
   *
   * @param params The query parameters.
   * @returns The request, or why it is invalid.
   */
  validateAuthorize(params: URLSearchParams): AuthorizeValidation {
    const fail = (message: string): AuthorizeValidation => ({
      ok: false,
      status: 400,
      title: "Invalid authorization request",
      message,
    });
    const client = this.store.client(params.get("client_id"));
    if (!client) {
      return fail(`Unknown client_id '${params.get("client_id") ?? ""}'.`);
    }
    const redirectUri = params.get("redirect_uri") ?? "";
    if (!this.#redirectAllowed(redirectUri, client.redirectUris)) {
      return fail(
        `redirect_uri '${redirectUri}' is not allowed: use ${this.codePageUrl} or a loopback http://localhost or http://127.0.0.1 address.`,
      );
    }
    if ((params.get("response_type") ?? "code") !== "code") {
      return fail("response_type must be 'code'.");
    }
    const scope = (params.get("scope") ?? "").trim();
    if (!scope) return fail("scope is required.");
    let groups: ScopeGroup[];
    let scopes;
    try {
      scopes = parseScopes(scope);
      groups = groupByResourceServer(scopes);
    } catch (e) {
      if (e instanceof ScopeParseError) {
        return fail(`Invalid scope: ${e.message}`);
      }
      throw e;
    }
    const unknown = firstUnknownScope(scopes, this.#registered);
    if (unknown !== null) {
      return {
        ok: false,
        status: 400,
        title: "invalid_scope",
        message: `invalid_scope: Unknown scope '${unknown}'.`,
      };
    }
    const challenge = params.get("code_challenge");
    const method = params.get("code_challenge_method") ?? "plain";
    if (client.secret === null && !challenge) {
      return fail("Native apps must use PKCE: code_challenge is required.");
    }
    if (challenge && method !== "S256") {
      return fail("code_challenge_method must be 'S256'.");
    }
    if (challenge && !/^[A-Za-z0-9_-]{43}$/.test(challenge)) {
      return fail(
        "code_challenge must be a base64url SHA-256 (43 characters).",
      );
    }
    const session: Record<string, string> = {};
    for (const k of SESSION_PARAMS) {
      const v = params.get(k);
      if (v !== null) session[k] = v;
    }
    return {
      ok: true,
      request: {
        clientId: client.id,
        redirectUri,
        scope,
        scopes,
        groups,
        state: params.get("state") ?? "_default",
        codeChallenge: challenge,
        accessType: params.get("access_type") === "offline"
          ? "offline"
          : "online",
        nonce: params.get("nonce"),
        session,
      },
    };
  }

  #redirectAllowed(uri: string, extra: string[]): boolean {
    if (uri === this.codePageUrl || extra.includes(uri)) return true;
    let u: URL;
    try {
      u = new URL(uri);
    } catch {
      return false;
    }
    return u.protocol === "http:" &&
      ["localhost", "127.0.0.1", "[::1]"].includes(u.hostname) &&
      u.username === "" && u.password === "";
  }

  /**
   * The user a request signs in as by default: the first emulator user
   * its `session_required_identities` names, else the demo user.
   *
   * @param request The request.
   * @returns The identity id.
   */
  defaultUser(request: AuthorizeRequest): string {
    const required = (request.session.session_required_identities ?? "")
      .split(",").map((x) => x.trim()).filter(Boolean);
    for (const ref of required) {
      const u = this.store.user(ref);
      if (u) return u.id;
    }
    return DEMO_USER.id;
  }

  /**
   * Refuses a login as another user than the emulator users its
   * `session_required_identities` names, as Globus Auth makes the user log
   * in with one of them (the consent page's choice, or `approve(url, { as
   * })`, could pick another, and the tokens were issued to the wrong
   * user). Ids that are no emulator user's are not checked: nobody here
   * could log in as them.
   */
  #checkRequiredIdentity(
    request: AuthorizeRequest,
    who: { id: string; username: string },
  ): void {
    const required = (request.session.session_required_identities ?? "")
      .split(",").map((x) => x.trim()).filter(Boolean)
      .map((ref) => this.store.user(ref))
      .filter((u) => u !== undefined);
    if (required.length === 0 || required.some((u) => u.id === who.id)) return;
    const names = required.map((u) => u.username).join(" or ");
    throw new LoginRefusedError(
      "Another identity is required",
      `This login needs ${names} (session_required_identities), but ${who.username} was chosen. Log in as ${names}.`,
    );
  }

  /**
   * Approves a validated request, as the given user (an emulator user's id),
   * else as {@linkcode AuthService.defaultUser}.
   *
   * @param request The request.
   * @param identityId The user who approves.
   * @returns The code and where the browser would be sent.
   * @throws {LoginRefusedError} When the user cannot meet the request's
   *   `session_required_single_domain` or `session_required_policies`.
   */
  approveRequest(
    request: AuthorizeRequest,
    identityId: string = this.defaultUser(request),
  ): { code: string; location: string } {
    const who = this.store.identities.get(identityId);
    if (who) {
      checkLogin(request.session, who, (id) => this.developer.policy(id));
      this.#checkRequiredIdentity(request, who);
    }
    const code = this.store.issueCode(request, identityId);
    const u = new URL(request.redirectUri);
    u.searchParams.set("code", code);
    u.searchParams.set("state", request.state);
    return { code, location: u.toString() };
  }

  #authorize(req: EmulatorRequest): EmulatorResponse {
    const v = this.validateAuthorize(req.url.searchParams);
    if (!v.ok) return htmlResponse(v.status, errorPage(v.title, v.message));
    if (this.autoApprove) {
      try {
        return redirectResponse(this.approveRequest(v.request).location);
      } catch (e) {
        if (!(e instanceof LoginRefusedError)) throw e;
        return htmlResponse(403, errorPage(e.title, e.message));
      }
    }
    const id = randomToken(18);
    const now = this.store.clock.now();
    this.store.pending.set(id, { request: v.request, at: now });
    for (const [k, p] of this.store.pending) {
      if (now - p.at > CODE_LIFETIME_S * 1000) this.store.pending.delete(k);
    }
    const client = this.store.client(v.request.clientId);
    return htmlResponse(
      200,
      consentPage({
        requestId: id,
        clientName: client?.name ?? v.request.clientId,
        clientId: v.request.clientId,
        scopes: v.request.scopes.map((s) => formatScopes([s])),
        username: this.store.identities.get(this.defaultUser(v.request))
          ?.username ?? DEMO_USER.username,
        session: v.request.session,
        users: this.store.users,
        selectedId: this.defaultUser(v.request),
      }),
    );
  }

  #decide(req: EmulatorRequest): EmulatorResponse {
    const params = formParams(req);
    const id = params.get("request_id") ?? "";
    const pending = this.store.pending.get(id);
    if (!pending) {
      return htmlResponse(
        400,
        errorPage(
          "Authorization request expired",
          "Start the login again from the application.",
        ),
      );
    }
    this.store.pending.delete(id);
    const request = pending.request;
    if (params.get("decision") !== "allow") {
      const u = new URL(request.redirectUri);
      u.searchParams.set("error", "access_denied");
      u.searchParams.set("error_description", "The user denied the request");
      u.searchParams.set("state", request.state);
      return redirectResponse(u.toString());
    }
    const chosen = params.get("identity");
    let identityId: string | undefined;
    if (chosen !== null && chosen !== "") {
      identityId = this.store.user(chosen)?.id;
      if (!identityId) {
        return htmlResponse(
          400,
          errorPage(
            "Unknown identity",
            `'${chosen}' is not a user of this emulator; choose one on the consent page.`,
          ),
        );
      }
    }
    try {
      return redirectResponse(
        this.approveRequest(request, identityId).location,
      );
    } catch (e) {
      if (!(e instanceof LoginRefusedError)) throw e;
      return htmlResponse(403, errorPage(e.title, e.message));
    }
  }

  /** The client of an HTTP Basic `Authorization` header (confidential only). */
  #confidentialClient(req: EmulatorRequest) {
    const basic = basicCredentials(req);
    const client = basic
      ? this.store.authenticate(basic.id, basic.secret)
      : undefined;
    if (!client) {
      throw new OAuthError(401, "invalid_client", "Invalid client credentials");
    }
    return client;
  }

  #clientAuth(req: EmulatorRequest, params: URLSearchParams) {
    const basic = basicCredentials(req);
    if (basic) {
      const c = this.store.authenticate(basic.id, basic.secret);
      if (!c) {
        throw new OAuthError(
          401,
          "invalid_client",
          "Invalid client credentials",
        );
      }
      return c;
    }
    const c = this.store.client(params.get("client_id"));
    if (!c) {
      throw new OAuthError(
        401,
        "invalid_client",
        "Unknown or missing client_id",
      );
    }
    if (c.secret !== null) {
      throw new OAuthError(
        401,
        "invalid_client",
        "Confidential clients must authenticate with HTTP Basic",
      );
    }
    return c;
  }

  async #token(req: EmulatorRequest): Promise<EmulatorResponse> {
    const params = formParams(req);
    const grant = params.get("grant_type") ?? "";
    try {
      const out = await this.#grant(req, params, grant);
      const counts = out.status < 400 ? this.#grants : this.#refusals;
      counts[grant] = (counts[grant] ?? 0) + 1;
      return out;
    } catch (e) {
      this.#refusals[grant] = (this.#refusals[grant] ?? 0) + 1;
      throw e;
    }
  }

  async #grant(
    req: EmulatorRequest,
    params: URLSearchParams,
    grant: string,
  ): Promise<EmulatorResponse> {
    switch (grant) {
      case "authorization_code":
        return await this.#codeGrant(req, params);
      case "refresh_token":
        return await this.#refreshGrant(req, params);
      case "client_credentials":
        return await this.#clientCredentialsGrant(req, params);
      case "urn:globus:auth:grant_type:dependent_token":
        return this.#dependentGrant(req, params);
      default:
        throw new OAuthError(
          400,
          "unsupported_grant_type",
          `Unsupported grant_type '${grant ?? ""}'`,
        );
    }
  }

  async #codeGrant(
    req: EmulatorRequest,
    params: URLSearchParams,
  ): Promise<EmulatorResponse> {
    const client = this.#clientAuth(req, params);
    const code = this.store.codes.get(params.get("code") ?? "");
    const now = this.store.clock.now();
    if (!code || code.request.clientId !== client.id) {
      throw new OAuthError(400, "invalid_grant", "Invalid authorization code");
    }
    if (code.used) {
      throw new OAuthError(
        400,
        "invalid_grant",
        "Authorization code already used",
      );
    }
    if (now - code.issuedAt > CODE_LIFETIME_S * 1000) {
      throw new OAuthError(400, "invalid_grant", "Authorization code expired");
    }
    if ((params.get("redirect_uri") ?? "") !== code.request.redirectUri) {
      throw new OAuthError(400, "invalid_grant", "redirect_uri does not match");
    }
    if (code.request.codeChallenge !== null) {
      const verifier = params.get("code_verifier") ?? "";
      if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) {
        throw new OAuthError(400, "invalid_grant", "Invalid code_verifier");
      }
      const digest = createHash("sha256").update(verifier).digest("base64url");
      if (digest !== code.request.codeChallenge) {
        throw new OAuthError(
          400,
          "invalid_grant",
          "code_verifier does not match",
        );
      }
    }
    code.used = true;
    const r = code.request;
    const entries = await this.#issue(
      r.groups,
      client.id,
      code.identityId,
      r.accessType === "offline",
      r.nonce,
    );
    for (const e of entries) e.state = r.state;
    attachSession(
      this.store,
      entries,
      sessionOfCode(this.store, code, (id) => this.developer.policy(id)),
    );
    return jsonResponse(200, this.#nest(entries));
  }

  async #refreshGrant(
    req: EmulatorRequest,
    params: URLSearchParams,
  ): Promise<EmulatorResponse> {
    const client = this.#clientAuth(req, params);
    const presented = params.get("refresh_token") ?? "";
    let rt = this.store.active(presented, "refresh");
    if (!rt || rt.clientId !== client.id) {
      const used = this.store.tokens.get(presented)?.rotated === true;
      throw new OAuthError(
        400,
        "invalid_grant",
        used ? "Refresh token already used" : "Invalid refresh token",
      );
    }
    if (this.rotateRefreshTokens) rt = this.store.rotateRefreshToken(rt);
    const at = this.store.issueAccessToken(
      rt,
      client.id,
      rt.identityId,
      rt.token,
    );
    at.session = rt.session;
    const entry = this.#entry(at, rt.token);
    entry.state = "_default";
    if (rt.resourceServer === AUTH_RS && rt.scopes.includes("openid")) {
      entry.id_token = await this.#idToken(at, null);
    }
    entry.other_tokens = [];
    return jsonResponse(200, entry);
  }

  async #clientCredentialsGrant(
    req: EmulatorRequest,
    params: URLSearchParams,
  ): Promise<EmulatorResponse> {
    const client = this.#confidentialClient(req);
    const groups = this.#groups(params.get("scope"));
    const entries = await this.#issue(
      groups,
      client.id,
      client.id,
      false,
      null,
    );
    return jsonResponse(200, this.#nest(entries));
  }

  #dependentGrant(
    req: EmulatorRequest,
    params: URLSearchParams,
  ): EmulatorResponse {
    const client = this.#confidentialClient(req);
    const tok = this.store.active(params.get("token") ?? "", "access");
    if (!tok) throw new OAuthError(400, "invalid_grant", "Invalid token");
    // Only a token meant for this client: issued to it, or for one of its
    // scopes (the token's audience), as Globus Auth checks.
    if (tok.clientId !== client.id && tok.resourceServer !== client.id) {
      throw new OAuthError(
        400,
        "invalid_grant",
        "The token was not issued to this client",
      );
    }
    let requested = params.get("scope");
    if (tok.resourceServer === client.id) {
      // A resource server gets tokens for its scopes' dependent scopes only.
      const allowed = tok.scopes.flatMap((s) =>
        this.developer.dependentScopeStrings(s) ?? []
      );
      const asked = requested === null
        ? allowed
        : requested.split(/\s+/).filter(Boolean);
      const extra = asked.find((s) => !allowed.includes(s));
      if (extra !== undefined) {
        throw new OAuthError(
          400,
          "invalid_scope",
          `'${extra}' is not a dependent scope of the token's scopes`,
        );
      }
      if (asked.length === 0) return jsonResponse(200, []);
      requested = asked.join(" ");
    }
    const groups = this.#groups(requested ?? TRANSFER_SCOPE);
    const offline = params.get("access_type") === "offline";
    const out = groups.map((g) => {
      const at = this.store.issueTokens(g, client.id, tok.identityId, offline);
      at.session = tok.session;
      const rt = at.refreshToken && this.store.tokens.get(at.refreshToken);
      if (rt) rt.session = tok.session;
      return this.#entry(at, at.refreshToken);
    });
    return jsonResponse(200, out);
  }

  #groups(scope: string | null): ScopeGroup[] {
    if (!scope?.trim()) {
      throw new OAuthError(400, "invalid_scope", "scope is required");
    }
    try {
      const parsed = parseScopes(scope);
      const unknown = firstUnknownScope(parsed, this.#registered);
      if (unknown !== null) {
        throw new OAuthError(
          400,
          "invalid_scope",
          `Unknown scope '${unknown}'`,
        );
      }
      return groupByResourceServer(parsed);
    } catch (e) {
      if (e instanceof ScopeParseError) {
        throw new OAuthError(400, "invalid_scope", e.message);
      }
      throw e;
    }
  }

  /**
   * Issues the tokens of an approved login without the authorize page and
   * the code (`Emulator.mintTokens`): an id_token with `openid`, as a code
   * grant's answer has.
   *
   * @param groups The scopes, by resource server (the first is the
   *   response's top level).
   * @param clientId The client.
   * @param identityId The user.
   * @param offline Whether to issue refresh tokens.
   * @returns The entries, the first with the id_token when `openid` was
   *   asked for.
   */
  issueLoginTokens(
    groups: ScopeGroup[],
    clientId: string,
    identityId: string,
    offline: boolean,
  ): Promise<TokenResponseEntry[]> {
    return this.#issue(groups, clientId, identityId, offline, null);
  }

  async #issue(
    groups: ScopeGroup[],
    clientId: string,
    identityId: string,
    offline: boolean,
    nonce: string | null,
  ): Promise<TokenResponseEntry[]> {
    const entries: TokenResponseEntry[] = [];
    let idToken: string | undefined;
    for (const g of groups) {
      const at = this.store.issueTokens(g, clientId, identityId, offline);
      entries.push(this.#entry(at, at.refreshToken));
      if (g.resourceServer === AUTH_RS && g.scopes.includes("openid")) {
        idToken = await this.#idToken(at, nonce);
      }
    }
    if (idToken !== undefined && entries[0]) entries[0].id_token = idToken;
    return entries;
  }

  #entry(at: TokenRecord, refreshToken: string | null): TokenResponseEntry {
    const e: TokenResponseEntry = {
      access_token: at.token,
      scope: at.scopes.join(" "),
      expires_in: at.expiresAt - at.issuedAt,
      token_type: "Bearer",
      resource_server: at.resourceServer,
    };
    if (refreshToken !== null) e.refresh_token = refreshToken;
    return e;
  }

  #nest(entries: TokenResponseEntry[]): TokenResponseEntry {
    const [first, ...rest] = entries;
    if (!first) throw new OAuthError(400, "invalid_scope", "No scopes");
    return { ...first, other_tokens: rest };
  }

  async #idToken(at: TokenRecord, nonce: string | null): Promise<string> {
    const who = this.store.identities.get(at.identityId);
    const claims: Record<string, unknown> = {
      iss: this.issuer,
      sub: at.identityId,
      aud: at.clientId,
      iat: at.issuedAt,
      exp: at.expiresAt,
      at_hash: atHash(at.token),
      last_authentication: at.issuedAt,
    };
    if (who) {
      claims.preferred_username = who.username;
      claims.name = who.name;
      claims.email = who.email;
      claims.organization = who.organization;
      claims.identity_provider = who.identity_provider;
      claims.identity_provider_display_name =
        who.identity_provider_display_name;
      claims.identity_set = [{
        sub: who.id,
        username: who.username,
        name: who.name,
        email: who.email,
        organization: who.organization,
        identity_provider: who.identity_provider,
        identity_provider_display_name: who.identity_provider_display_name,
        last_authentication: at.issuedAt,
      }];
    }
    if (nonce !== null) claims.nonce = nonce;
    return signIdToken(await getSigningKeys(), claims);
  }

  #revoke(req: EmulatorRequest): EmulatorResponse {
    const params = formParams(req);
    const client = this.#clientAuth(req, params);
    this.store.revoke(params.get("token") ?? "", client.id);
    return jsonResponse(200, { active: false });
  }

  #introspect(req: EmulatorRequest): EmulatorResponse {
    this.#confidentialClient(req);
    const params = formParams(req);
    const tok = this.store.active(params.get("token") ?? "", "access") ??
      this.store.active(params.get("token") ?? "", "refresh");
    if (!tok) return jsonResponse(200, { active: false });
    const who = this.store.identities.get(tok.identityId);
    const body: Record<string, unknown> = {
      active: true,
      token_type: "Bearer",
      scope: tok.scopes.join(" "),
      client_id: tok.clientId,
      username: who?.username ?? null,
      name: who?.name ?? null,
      email: who?.email ?? null,
      exp: Number.isFinite(tok.expiresAt) ? tok.expiresAt : null,
      iat: tok.issuedAt,
      nbf: tok.issuedAt,
      sub: tok.identityId,
      aud: [tok.resourceServer, tok.clientId],
      iss: this.issuer,
    };
    const include = (params.get("include") ?? "").split(",");
    if (
      include.includes("identity_set") || include.includes("identities_set")
    ) {
      body.identity_set = [tok.identityId];
    }
    if (include.includes("session_info")) {
      body.session_info = {
        session_id: tok.identityId,
        authentications: {
          [tok.identityId]: {
            idp: who?.identity_provider ?? null,
            auth_time: tok.issuedAt,
          },
        },
      };
    }
    return jsonResponse(200, body);
  }
}
