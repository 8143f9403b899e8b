/**
 * What {@linkcode UserApp} and {@linkcode ClientApp} share: scope
 * requirements per resource server, the token cache, "is a login needed?",
 * authorizers built from cached tokens, and logout.
 *
 * @module
 */
import { classLabel } from "../core/_class_label.ts";
import { SDK_LOGIN } from "./_login_note.ts";
import {
  type ConsentForest,
  ConsentParseError,
  ConsentTreeConstructionError,
} from "../auth/consent_forest.ts";
import type { AuthorizeUrlOptions } from "../auth/flow.ts";
import { Scope, scopesSatisfied } from "../auth/scopes.ts";
import type { OAuthTokenResponse } from "../auth/token_response.ts";
import type { ServiceApp } from "../core/app_seam.ts";
import type {
  AuthorizationHeaderOptions,
  Authorizer,
} from "../core/authorizer.ts";
import { type Clock, nowSeconds, systemClock } from "../core/clock.ts";
import { resolveEnvironment } from "../core/environments.ts";
import {
  type AuthorizationParameters,
  GlobusError,
  LoginRequiredError,
} from "../core/errors.ts";
import { DENO_INSPECT, labeledInspect, NODE_INSPECT } from "../core/redact.ts";
import type { RetryCheck } from "../core/retry.ts";
import { JSONTokenStorage } from "../tokens/json_storage.ts";
import { slipHints } from "../notebook/_slip_hints.ts";
import { SQLiteTokenStorage } from "../tokens/sqlite_storage.ts";
import type { StoredTokenData, TokenStorage } from "../tokens/token_storage.ts";
import { checkOptions, describeNonObject } from "../core/_options.ts";
import { SharedWork } from "../core/_shared_work.ts";
import { LOGIN_HINT, LOGIN_OPTIONS } from "./_option_names.ts";
import {
  mergeInto,
  REQUIREMENTS_EXAMPLE,
  type ScopeRequirements,
  toScopes,
} from "./scope_requirements.ts";
import {
  type LoginOptions,
  loginParams,
  toAuthParams,
} from "./login_params.ts";
import {
  resolveByLoginFlow,
  TokenValidationError,
  type TokenValidationErrorHandler,
} from "./token_validation.ts";
import { kernelStack } from "../core/_kernel_stack.ts";
import { checkBoolean } from "../core/_option_values.ts";
import { GlobusAppConfig } from "./app_config.ts";
import { type AppAuthorizer, appAuthorizer } from "./_app_authorizer.ts";
import { appTokenStorage } from "./_app_token_storage.ts";
import {
  checkIdTokenDecoder,
  type IdTokenDecoder,
  withDecodedIdentity,
} from "./_id_token_decoder.ts";
import { keyedElsewhereError } from "./_keyed_elsewhere.ts";

export type { AppAuthorizer } from "./_app_authorizer.ts";
export type { IdTokenDecoder } from "./_id_token_decoder.ts";

export type { ScopeRequirements } from "./scope_requirements.ts";
export type { LoginAuthParams, LoginOptions } from "./login_params.ts";
export * from "./token_validation.ts";
export {
  GlobusAppConfig,
  type GlobusAppConfigConstructor,
} from "./app_config.ts";

export * from "./gare.ts";

/**
 * What an app says for the Python SDK's names it has under another one
 * (`app.run_login_flow()`, Python SDK 3's name of `login`, said only "is
 * not a function").
 */
function appMiss(key: string, receiver: object): string | undefined {
  if (key !== "run_login_flow" && key !== "runLoginFlow") return undefined;
  const cls = classLabel(receiver.constructor, "GlobusApp");
  return `${cls} has no ${key}: Python SDK 3's app.run_login_flow() is await app.login({ force: true }) here (it logs in even when the cached tokens would do; app.login() logs in only when needed), with its auth_params as { force: true, authParams }`;
}

/**
 * Tokens that expire within this many seconds count as expired when they
 * cannot be refreshed.
 */
export const EXPIRY_MARGIN_SECONDS = 60;

/**
 * The shared base of {@linkcode UserApp} and {@linkcode ClientApp}, like
 * the Python SDK's `GlobusApp`. Service clients use it through `{ app }`.
 *
 * @example Check what an app needs before logging in
 * ```ts
 * import { GlobusApp, TransferClient, TUTORIAL_CLIENT_ID, UserApp } from "@globus-deno/sdk";
 * const app: GlobusApp = new UserApp({
 *   appName: "My Notebook",
 *   clientId: TUTORIAL_CLIENT_ID,
 *   config: { tokenStorage: "memory" },
 * });
 * new TransferClient({ app }); // adds the Transfer scope; no login yet
 * console.log(app instanceof GlobusApp); // true
 * console.log(app.scopeRequirements);
 * console.log(await app.loginRequired()); // true: nothing is cached yet
 * ```
 */
export abstract class GlobusApp implements ServiceApp {
  /** The app's name (part of the default token file path). */
  readonly appName: string;
  /** The app's client id. */
  readonly clientId: string;
  /** The Globus environment. */
  readonly environment: string;
  /** Where tokens are cached. */
  readonly tokenStorage: TokenStorage;
  /**
   * The settings the app was made with (Python's `app.config`): the object
   * `new GlobusAppConfig({ … })` made, or a frozen copy of a plain `config`
   * (`{}` when none was given); a setting left out has its default.
   */
  readonly config: GlobusAppConfig;
  /** The clock for token expiry. */
  protected readonly clock: Clock;
  readonly #requirements = new Map<string, Scope[]>();
  readonly #authorizers = new Map<string, AppAuthorizer>();
  readonly #inner = new Map<
    string,
    {
      generation: number;
      authorizer: Authorizer;
      /**
       * When its access token expires, for one that cannot renew itself
       * (no refresh token): then the app logs in again, as loginRequired()
       * says it must. It sent the expired token on and on (401s).
       */
      expiresAt?: number;
    }
  >();
  #generation = 0;
  /** The consents last fetched, and for which login (generation). */
  #consents:
    | { generation: number; identityId: string; forest: ConsentForest }
    | undefined;
  /**
   * The login in progress, shared by the calls that wait for it: a
   * request's signal stops that request's wait, and cancels a
   * `ClientApp`'s token request when every waiting request has aborted.
   */
  #loginInFlight: SharedWork<void> | undefined;
  /** One recovery per authorizer whose renewal was rejected. */
  readonly #recoveries = new WeakMap<Authorizer, Promise<boolean>>();
  readonly #autoRedriveGares: boolean | undefined;
  readonly #tokenValidationErrorHandler:
    | TokenValidationErrorHandler
    | null
    | undefined;
  readonly #idTokenDecoder: IdTokenDecoder | undefined;
  /** Whether the app made its token storage (and so closes it). */
  readonly #ownsStorage: boolean;
  /** Aborted by {@linkcode GlobusApp.close}: stops a login in progress. */
  readonly #closeController = new AbortController();
  #closing: Promise<void> | undefined;

  /**
   * Sets up the requirements and the token storage.
   *
   * @param appName The app's name.
   * @param clientId The client id.
   * @param scopeRequirements Initial requirements.
   * @param config Storage, environment, clock.
   * @throws {TypeError} For an empty name or id, or an app name unusable in a path.
   */
  protected constructor(
    appName: string,
    clientId: string,
    scopeRequirements: ScopeRequirements | undefined,
    config: GlobusAppConfig,
  ) {
    slipHints(this, GlobusApp, appMiss);
    if (typeof appName !== "string" || appName.trim() === "") {
      throw kernelStack(
        new TypeError(
          `Cannot create the app as 'appName' must be a non-empty string: current value is ${
            JSON.stringify(appName)
          }`,
        ),
      );
    }
    if (typeof clientId !== "string" || clientId.trim() === "") {
      throw kernelStack(
        new TypeError(
          `Cannot create the app as 'clientId' must be a non-empty string: current value is ${
            JSON.stringify(clientId)
          }. Use the client id of an app registered at https://app.globus.org/settings/developers (a UserApp can use TUTORIAL_CLIENT_ID while you try things out)`,
        ),
      );
    }
    this.appName = appName;
    this.clientId = clientId;
    this.config = config instanceof GlobusAppConfig
      ? config
      : Object.freeze({ ...config });
    this.environment = resolveEnvironment(config.environment);
    this.clock = config.clock ?? systemClock;
    const { storage, owned } = appTokenStorage(
      config,
      clientId,
      appName,
      this.environment,
    );
    this.tokenStorage = storage;
    this.#ownsStorage = owned;
    // null (Python's None) is left out: the mode's default.
    this.#autoRedriveGares = checkBoolean(
      "Cannot create the app",
      "config.autoRedriveGares",
      config.autoRedriveGares,
    );
    const handler = config.tokenValidationErrorHandler;
    if (
      handler !== undefined && handler !== null &&
      typeof handler !== "function"
    ) {
      throw kernelStack(
        new TypeError(
          `Cannot create the app as 'config.tokenValidationErrorHandler' must be a function (app, error) => void, or null to throw the error instead of logging in: current value is ${typeof handler}`,
        ),
      );
    }
    this.#tokenValidationErrorHandler = handler;
    this.#idTokenDecoder = checkIdTokenDecoder(config.idTokenDecoder);
    if (scopeRequirements) this.addScopeRequirements(scopeRequirements);
  }

  /**
   * Whether a service's authorization requirements (GARE) lead to a new
   * login and one more try (see {@linkcode GlobusAppConfig.autoRedriveGares}).
   */
  get autoRedriveGares(): boolean {
    return this.#autoRedriveGares ?? this.defaultAutoRedriveGares;
  }

  /**
   * {@linkcode GlobusApp.autoRedriveGares} when the config does not say.
   *
   * @returns `false` unless a subclass says otherwise.
   */
  protected get defaultAutoRedriveGares(): boolean {
    return false;
  }

  /** `true` once {@linkcode GlobusApp.close} was called. */
  get closed(): boolean {
    return this.#closing !== undefined;
  }

  /**
   * Aborted when the app is closed: login flows stop on it.
   *
   * @returns The signal.
   */
  protected get closeSignal(): AbortSignal {
    return this.#closeController.signal;
  }

  /**
   * Throws when the app was closed.
   *
   * @param action What the caller wanted to do, for the message.
   * @throws {GlobusError} When closed.
   */
  protected assertOpen(action: string): void {
    if (this.#closing === undefined) return;
    throw new GlobusError(
      `Cannot ${action} as the app '${this.appName}' was closed with app.close(): create a new app`,
    );
  }

  /**
   * Releases what the app holds (the Python SDK's `GlobusApp.close()`): a
   * login in progress is stopped (a local login server is shut down) and
   * awaited, cached authorizers are dropped, and a token storage the app
   * made itself (`"json"`, `"sqlite"`, `"memory"`) is closed; one passed in is left
   * open for its owner. It does not log out: the cached tokens stay for
   * the next run. Calling it again returns the same promise. Afterwards
   * the app (and clients using it) refuse to log in or authorize. Also
   * runs at the end of an `await using` block.
   *
   * @returns Resolves when everything is released.
   *
   * @example Close the app when done
   * ```ts
   * import { TUTORIAL_CLIENT_ID, UserApp } from "@globus-deno/sdk";
   * const app = new UserApp({
   *   appName: "My Script",
   *   clientId: TUTORIAL_CLIENT_ID,
   *   config: { tokenStorage: "memory" },
   * });
   * await app.close();
   * console.log(app.closed); // true
   * ```
   */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    this.#closeController.abort(
      new GlobusError(
        `The login was stopped as the app '${this.appName}' was closed with app.close()`,
      ),
    );
    const inFlight = this.#loginInFlight;
    if (inFlight) await inFlight.promise.catch(() => undefined);
    this.#generation++;
    this.#inner.clear();
    this.#authorizers.clear();
    if (this.#ownsStorage) await this.tokenStorage.close?.();
  }

  /**
   * `await using app = new UserApp(…)` closes the app at the end of the
   * block (see {@linkcode GlobusApp.close}).
   *
   * @returns Resolves when closed.
   */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /**
   * Retry checks registered on every service client created with this app
   * (the Python SDK's `get_client_retry_checks()`); see
   * {@linkcode RetryCheck}. None by default: a service's authorization
   * requirements are handled by the clients' transport and
   * {@linkcode GlobusAppConfig.autoRedriveGares}. Override it in a subclass
   * to add checks.
   *
   * @returns The checks.
   */
  getClientRetryChecks(): RetryCheck[] {
    return [];
  }

  /**
   * Meets a service's authorization requirements (a GARE:
   * `ConsentRequired`, session or policy requirements) when
   * {@linkcode GlobusApp.autoRedriveGares} is on: the missing
   * `required_scopes` become requirements of `resourceServer`, the app logs
   * in again with the session parameters, and the call is retried
   * (resolves `true`). Otherwise resolves `false` and the caller gets the
   * `GlobusAPIError` with its `authorizationParameters`.
   *
   * @param resourceServer The service that asked.
   * @param params What it asked for.
   * @returns Whether the call should be retried.
   * @throws {LoginRequiredError} When the new login cannot happen here.
   */
  async handleAuthorizationRequirements(
    resourceServer: string,
    params: AuthorizationParameters,
  ): Promise<boolean> {
    if (!this.autoRedriveGares) return false;
    this.assertOpen("log in");
    const scopes = (params.required_scopes ?? []).filter((s) =>
      typeof s === "string" && s.trim() !== ""
    );
    if (scopes.length > 0) {
      this.addScopeRequirements({ [resourceServer]: scopes });
    }
    await this.login({ force: true, authParams: toAuthParams(params) });
    return true;
  }

  /** The current requirements: resource server → scope strings. */
  get scopeRequirements(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [rs, scopes] of this.#requirements) {
      out[rs] = scopes.map((s) => s.toString());
    }
    return out;
  }

  /**
   * Adds scopes the app must hold. A scope already required for the same
   * resource server is merged (its dependencies are added to it).
   *
   * @param requirements Resource server → scopes (a list, or one scope
   *   string or `Scope`, as in the Python SDK).
   * @throws {ScopeParseError} When a scope string does not parse.
   * @throws {TypeError} When they are not such an object.
   */
  addScopeRequirements(requirements: ScopeRequirements): void {
    if (
      requirements === null || typeof requirements !== "object" ||
      Array.isArray(requirements) || requirements instanceof Scope
    ) {
      throw kernelStack(
        new TypeError(
          `Cannot add scope requirements as they must be an object of resource server → scopes, e.g. ${REQUIREMENTS_EXAMPLE}, not ${
            Array.isArray(requirements)
              ? "a list"
              : requirements === null
              ? "null"
              : requirements instanceof Scope
              ? "a Scope"
              : typeof requirements
          }`,
        ),
      );
    }
    // Checked as a whole first: a bad entry adds nothing.
    const parsed = Object.entries(requirements).map(([rs, items]) =>
      [rs, toScopes(rs, items)] as const
    );
    let changed = false;
    for (const [rs, scopes] of parsed) {
      const list = this.#requirements.get(rs) ?? [];
      const before = list.map(String).join(" ");
      for (const scope of scopes) mergeInto(list, scope);
      this.#requirements.set(rs, list);
      if (list.map(String).join(" ") !== before) changed = true;
    }
    if (changed) this.#generation++;
  }

  /** Every required scope, serialized (what a login asks for). */
  protected get requestedScopes(): string[] {
    return [...this.#requirements.values()].flat().map((s) => s.toString());
  }

  /**
   * Whether a login is needed: some required resource server has no cached
   * tokens, lacks a required scope, or has an access token that expired
   * (or expires within a minute) with no refresh token. Reads the cache
   * (cheap: the file is parsed again only when it changed).
   *
   * @returns `true` when {@linkcode GlobusApp.login} would log in.
   * @throws {TokenStorageError} When the token cache cannot be read.
   */
  async loginRequired(): Promise<boolean> {
    this.assertOpen("read the tokens");
    return (await this.#tokenProblem()) !== undefined;
  }

  /**
   * The first reason the cached tokens cannot serve every requirement (or
   * those of one resource server).
   */
  async #tokenProblem(
    only?: string,
  ): Promise<TokenValidationError | undefined> {
    if (this.#requirements.size === 0) return undefined;
    const data = await this.tokenStorage.getTokenDataByResourceServer();
    const now = nowSeconds(this.clock);
    for (const [rs, scopes] of this.#requirements) {
      if (only !== undefined && rs !== only) continue;
      const d = data[rs];
      if (!d) {
        return new TokenValidationError(
          `No tokens for '${rs}' are cached: log in with app.login()`,
          rs,
          "missing",
        );
      }
      if (!scopesSatisfied(d.scope, scopes)) {
        return new TokenValidationError(
          `The cached tokens for '${rs}' do not cover its required scopes (${
            scopes.map(String).join(" ")
          }): log in again with app.login()`,
          rs,
          "unmet-scopes",
        );
      }
      if (
        d.refresh_token === null &&
        d.expires_at_seconds - now < EXPIRY_MARGIN_SECONDS
      ) {
        return new TokenValidationError(
          `The cached access token for '${rs}' has expired (or expires within ${EXPIRY_MARGIN_SECONDS} s) and there is no refresh token: log in again with app.login()`,
          rs,
          "expired",
        );
      }
      if (d.identity_id && scopes.some((s) => s.dependencies.length > 0)) {
        const unmet = await this.#unmetConsents(d.identity_id, scopes);
        if (unmet !== undefined) {
          return new TokenValidationError(
            `The consents for '${rs}' do not include its required dependent scopes (${unmet}), e.g. a collection's data_access: log in again with app.login()`,
            rs,
            "unmet-scopes",
          );
        }
      }
    }
    return undefined;
  }

  /**
   * The required scopes with dependencies (a collection's data_access under
   * Transfer's `all`) that the identity's consents do not meet, as text;
   * `undefined` when they are met or this app does not look (as the Python
   * SDK's `GlobusApp`, which checks `get_consents(...).to_forest()`). A
   * token's `scope` never lists dependent scopes, so only the consents
   * tell. The consents are fetched once per login and again, once, before
   * saying they are not met (the user may have consented elsewhere since).
   */
  async #unmetConsents(
    identityId: string,
    scopes: readonly Scope[],
  ): Promise<string | undefined> {
    const dependent = scopes.filter((s) => s.dependencies.length > 0);
    for (const fresh of [false, true]) {
      let cached = this.#consents;
      if (
        fresh || !cached || cached.generation !== this.#generation ||
        cached.identityId !== identityId
      ) {
        const generation = this.#generation;
        let forest: ConsentForest | undefined;
        try {
          forest = await this.fetchConsentForest(identityId);
        } catch (err) {
          // Consents that do not form a forest (two with one id, a path
          // naming a missing one) cannot tell whether a dependent scope is
          // met: the check is skipped, as by an app that does not look,
          // rather than failing every call of the app. The service still
          // refuses a call that lacks a consent (and the app logs in).
          if (
            err instanceof ConsentTreeConstructionError ||
            err instanceof ConsentParseError
          ) {
            return undefined;
          }
          throw err;
        }
        if (forest === undefined) return undefined;
        cached = { generation, identityId, forest };
        this.#consents = cached;
      }
      const missing = dependent.filter((s) =>
        !cached.forest.meetsScopeRequirements(s)
      );
      if (missing.length === 0) return undefined;
      if (fresh) return missing.map(String).join(" ");
    }
    return undefined;
  }

  /**
   * The identity's consents, for the dependent-scope check of
   * {@linkcode GlobusApp.loginRequired}; `undefined` where the app does
   * not check (the default; {@linkcode UserApp} checks).
   *
   * @param _identityId The identity whose consents to read.
   * @returns The consents, or `undefined`.
   */
  protected fetchConsentForest(
    _identityId: string,
  ): Promise<ConsentForest | undefined> {
    return Promise.resolve(undefined);
  }

  /**
   * Makes sure the cached tokens serve a resource server: logs in when
   * they do not (a login covers every requirement), or hands the problem
   * to the configured `tokenValidationErrorHandler`.
   *
   * @param resourceServer The resource server about to be used.
   */
  async #ensureValidTokens(
    resourceServer: string,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const handler = this.#tokenValidationErrorHandler;
    if (handler === undefined || handler === resolveByLoginFlow) {
      await this.#login({}, signal);
      return;
    }
    await this.#activeLogin()?.join(signal);
    const problem = await this.#tokenProblem(resourceServer);
    if (!problem) return;
    if (handler === null) {
      throw new TokenValidationError(
        `${problem.message} (the app does not log in by itself: config.tokenValidationErrorHandler is null)`,
        problem.resourceServer,
        problem.reason,
      );
    }
    await handler(this, problem);
    const still = await this.#tokenProblem(resourceServer);
    if (still) throw still;
  }

  /**
   * Logs in when needed (or always, with `force`) and caches the tokens.
   * Concurrent calls share one login.
   *
   * @param options `force` and session `authParams`.
   * @returns Resolves when the cache holds tokens for every requirement.
   * @throws {LoginRequiredError} When a login is needed but cannot happen here.
   * @throws {TokenStorageError} When the tokens cannot be cached.
   */
  async login(options: LoginOptions = {}): Promise<void> {
    checkOptions(
      `${classLabel(this.constructor)}.login()`,
      options,
      LOGIN_OPTIONS,
      LOGIN_HINT,
    );
    // `force: "false"` (text) was read as true, and logged in again.
    checkBoolean("Cannot log in", "force", options.force);
    const ran = await this.#login(options, undefined);
    if (!ran && !(SDK_LOGIN in options)) await this.loginNotNeeded();
  }

  /**
   * Called when `login()` found the cached tokens good enough and logged in
   * no one (a UserApp in a notebook says so: a re-run login cell showed
   * nothing at all).
   */
  protected async loginNotNeeded(): Promise<void> {}

  /** The login in progress, unless every call waiting for it aborted. */
  #activeLogin(): SharedWork<void> | undefined {
    const inFlight = this.#loginInFlight;
    return inFlight && !inFlight.cancelled ? inFlight : undefined;
  }

  /**
   * `login()`, waited for until `signal` aborts (a request that needs
   * tokens). A login started here is cancelled when every call waiting for
   * it has aborted; `login()` itself waits without a signal.
   */
  async #login(
    options: LoginOptions,
    signal: AbortSignal | undefined,
  ): Promise<boolean> {
    this.assertOpen("log in");
    const { urlParams, scopes: extraScopes } = loginParams(options.authParams);
    // Python: `if auth_params or force or self.login_required()`.
    if (!options.force && options.authParams === undefined) {
      // Another login in progress: share its outcome (or its error).
      let inFlight = this.#activeLogin();
      if (inFlight) await inFlight.join(signal);
      // `true`: a login ran (the one joined), which says so itself.
      if (!(await this.loginRequired())) return inFlight !== undefined;
      // A requirement keyed by another name than its scopes' resource
      // server stays without tokens whatever the login: say so instead.
      for (const rs of Object.keys(this.scopeRequirements)) {
        if (await this.tokenStorage.getTokenData(rs)) continue;
        const keyed = await keyedElsewhereError(
          rs,
          this.scopeRequirements,
          this.tokenStorage,
        );
        if (keyed) throw keyed;
      }
      inFlight = this.#activeLogin();
      if (inFlight) {
        await inFlight.join(signal);
        return true;
      }
    } else if (this.#loginInFlight) {
      await this.#loginInFlight.promise.catch(() => undefined);
    }
    signal?.throwIfAborted();
    const required = this.requestedScopes;
    const run = async (cancel: AbortSignal) => {
      const response = await this.runLogin(
        [...required, ...extraScopes.filter((x) => !required.includes(x))],
        urlParams,
        cancel,
      );
      await this.storeLoginResponse(response);
    };
    const work: SharedWork<void> = new SharedWork(
      (cancel) =>
        run(cancel).finally(() => {
          if (this.#loginInFlight === work) this.#loginInFlight = undefined;
        }),
      !this.cancelsLoginWithRequests,
    );
    this.#loginInFlight = work;
    await work.join(signal);
    return true;
  }

  /**
   * Caches a token response from a login and makes authorizers use it.
   *
   * @param response The token response.
   */
  protected async storeLoginResponse(
    response: OAuthTokenResponse,
  ): Promise<void> {
    this.assertOpen("store the login's tokens");
    await this.tokenStorage.storeTokenResponse(
      await withDecodedIdentity(this.#idTokenDecoder, response),
    );
    this.#generation++;
  }

  /**
   * Runs the app's kind of login.
   *
   * @param requestedScopes Every required scope.
   * @param authParams Session parameters.
   * @param signal With {@linkcode GlobusApp.cancelsLoginWithRequests},
   *   aborts when every request waiting for this login has been aborted (a
   *   login started by `login()` is never cancelled this way; `app.close()`
   *   stops any login through `closeSignal`).
   * @returns The token response.
   */
  protected abstract runLogin(
    requestedScopes: string[],
    authParams: AuthorizeUrlOptions,
    signal?: AbortSignal,
  ): Promise<OAuthTokenResponse>;

  /**
   * Builds an authorizer from cached tokens.
   *
   * @param resourceServer The resource server.
   * @param data Its cached tokens.
   * @returns The authorizer.
   */
  protected abstract buildAuthorizer(
    resourceServer: string,
    data: StoredTokenData,
  ): Authorizer;

  /**
   * Revokes one token with Globus Auth.
   *
   * @param token The token.
   */
  protected abstract revokeToken(token: string): Promise<void>;

  /**
   * Whether a login started by requests is cancelled when every one of them
   * has been aborted (`runLogin` gets a signal that says so). A person's
   * login is not: it goes on, and a later request uses its tokens.
   *
   * @returns `false` unless a subclass says otherwise.
   */
  protected get cancelsLoginWithRequests(): boolean {
    return false;
  }

  /** Runs a request's token read, which may log in (see UserApp). */
  protected loginMayRun<T>(read: () => Promise<T>): Promise<T> {
    return read();
  }

  /**
   * Whether a 401 on a token that cannot be refreshed should start a new
   * login (interactive notebook apps).
   *
   * @returns `false` unless a subclass says otherwise.
   */
  protected get reloginOnUnauthorized(): boolean {
    return false;
  }

  /**
   * Recovers from a renewal that failed (e.g. Globus Auth rejected a
   * revoked or expired refresh token with `invalid_grant`): typically drops
   * the dead tokens and logs in again. Called once per failing authorizer,
   * shared by concurrent requests.
   *
   * @param _resourceServer The resource server whose renewal failed.
   * @param _authorizer The authorizer whose renewal failed.
   * @param _error What the renewal threw.
   * @returns `true` after a new login (the request is retried with the new
   *   tokens); `false` when the error is not one to recover from (it is
   *   rethrown).
   * @throws {LoginRequiredError} When a new login is needed but cannot
   *   happen here.
   */
  protected recoverFromFailedRenewal(
    _resourceServer: string,
    _authorizer: Authorizer,
    _error: unknown,
  ): Promise<boolean> {
    return Promise.resolve(false);
  }

  /**
   * The token file's path, when the tokens are cached in one.
   *
   * @returns The absolute path, or `undefined` (memory or custom storage).
   */
  protected get tokenFilePath(): string | undefined {
    return this.tokenStorage instanceof JSONTokenStorage ||
        this.tokenStorage instanceof SQLiteTokenStorage
      ? this.tokenStorage.path
      : undefined;
  }

  /**
   * An authorizer for a resource server, logging in first when needed.
   * It follows the app: after a new login or a logout it uses the new
   * tokens (logging in again when asked to authorize without tokens).
   * With a cached refresh token it renews expiring access tokens and writes
   * the new tokens to the cache; otherwise it sends the cached access token.
   * When a renewal fails because the refresh token is dead, the app drops
   * it and, where a person can answer, logs in again and retries (see
   * {@linkcode UserApp}).
   *
   * @param resourceServer e.g. `transfer.api.globus.org`.
   * @param options `signal`: stop waiting for a login this needs (a
   *   `ClientApp`'s token request is cancelled when no other call waits
   *   for it).
   * @returns The authorizer.
   * @throws {GlobusError} When the app has no scope requirement for it.
   * @throws {LoginRequiredError} When a login is needed but cannot happen here.
   */
  async getAuthorizer(
    resourceServer: string,
    options?: AuthorizationHeaderOptions,
  ): Promise<AppAuthorizer> {
    this.assertOpen("authorize requests");
    if (typeof resourceServer !== "string" || resourceServer === "") {
      // It said "no scope requirement for 'undefined': add one with
      // addScopeRequirements({ "undefined": [scope] })".
      throw kernelStack(
        new TypeError(
          `Cannot get an authorizer as 'resourceServer' must be a resource server's name, such as "transfer.api.globus.org" (TransferClient.resourceServer): current value is ${
            describeNonObject(resourceServer)
          }`,
        ),
      );
    }
    if (!this.#requirements.has(resourceServer)) {
      // A short name ("transfer") for one the app has.
      const meant = [...this.#requirements.keys()].find((rs) =>
        rs.startsWith(`${resourceServer}.`)
      );
      throw new GlobusError(
        meant === undefined
          ? `The app '${this.appName}' has no scope requirement for '${resourceServer}': add one with addScopeRequirements({ "${resourceServer}": [scope] }) first`
          : `The app '${this.appName}' has no scope requirement for '${resourceServer}'; did you mean '${meant}'? (resource servers go by their full name: getAuthorizer("${meant}"))`,
      );
    }
    await this.#current(resourceServer, options?.signal);
    let outer = this.#authorizers.get(resourceServer);
    if (!outer) {
      const current = (signal: AbortSignal | undefined) =>
        this.#current(resourceServer, signal);
      const relogin = async () => {
        if (!this.reloginOnUnauthorized) return false;
        await this.login({ force: true });
        return true;
      };
      const recover = (inner: Authorizer, error: unknown) => {
        let p = this.#recoveries.get(inner);
        if (!p) {
          p = this.recoverFromFailedRenewal(resourceServer, inner, error)
            .then((recovered) => {
              // Not a dead token (e.g. a network error): a later failure of
              // the same authorizer gets its own look.
              if (!recovered) this.#recoveries.delete(inner);
              return recovered;
            });
          this.#recoveries.set(inner, p);
        }
        return p;
      };
      // The authorizer of the tokens in use now: none after a logout or a
      // new login until the next request builds it.
      const inUse = (): Authorizer | undefined => {
        const c = this.#inner.get(resourceServer);
        return c && c.generation === this.#generation
          ? c.authorizer
          : undefined;
      };
      outer = appAuthorizer({
        resourceServer,
        current,
        recover,
        relogin,
        inUse,
      });
      this.#authorizers.set(resourceServer, outer);
    }
    return outer;
  }

  async #current(
    resourceServer: string,
    signal: AbortSignal | undefined,
  ): Promise<Authorizer> {
    this.assertOpen("authorize requests");
    const cached = this.#inner.get(resourceServer);
    if (
      cached && cached.generation === this.#generation &&
      (cached.expiresAt === undefined ||
        cached.expiresAt - nowSeconds(this.clock) >= EXPIRY_MARGIN_SECONDS)
    ) {
      return cached.authorizer;
    }
    return await this.loginMayRun(() => this.#read(resourceServer, signal));
  }

  /** `#current` without an authorizer in use: reads the tokens. */
  async #read(
    resourceServer: string,
    signal: AbortSignal | undefined,
  ): Promise<Authorizer> {
    // A requirement keyed by another name than its scopes' resource server
    // would log in again here, to the same end: say so instead.
    if (!(await this.tokenStorage.getTokenData(resourceServer))) {
      const keyed = await keyedElsewhereError(
        resourceServer,
        this.scopeRequirements,
        this.tokenStorage,
      );
      if (keyed) throw keyed;
    }
    await this.#ensureValidTokens(resourceServer, signal);
    const generation = this.#generation;
    const data = await this.tokenStorage.getTokenData(resourceServer);
    if (!data) {
      const required = this.scopeRequirements[resourceServer] ?? [];
      throw (await keyedElsewhereError(
        resourceServer,
        this.scopeRequirements,
        this.tokenStorage,
      )) ??
        new LoginRequiredError(
          `The login did not give tokens for '${resourceServer}' (the granted scopes did not include its required ones: ${
            required.join(" ")
          }). Log in again with app.login({ force: true }).`,
        );
    }
    const authorizer = this.buildAuthorizer(resourceServer, data);
    // An authorizer that renews itself (a refresh token, client
    // credentials) is kept; one that cannot, until its token expires.
    const renews =
      typeof (authorizer as { renew?: unknown }).renew === "function";
    this.#inner.set(
      resourceServer,
      renews
        ? { generation, authorizer }
        : { generation, authorizer, expiresAt: data.expires_at_seconds },
    );
    return authorizer;
  }

  /**
   * Logs out: revokes every cached token with Globus Auth, then removes
   * them from the cache. The cache is cleared even when a revocation fails
   * (the error is thrown afterwards).
   *
   * @returns Resolves when the cache is empty.
   * @throws {GlobusError} When some tokens could not be revoked.
   */
  async logout(): Promise<void> {
    this.assertOpen("log out");
    const storage = this.tokenStorage;
    const failures: unknown[] = [];
    const revoke = async (d: StoredTokenData) => {
      for (const token of [d.refresh_token, d.access_token]) {
        if (!token) continue;
        try {
          await this.revokeToken(token);
        } catch (e) {
          failures.push(e);
        }
      }
    };
    // Under the storage's lock where it has one: a process refreshing
    // meanwhile replaced the refresh token this one read and revoked, so
    // with rotating refresh tokens a working one stayed in the file and
    // on Globus Auth after the logout. Under the lock, what is revoked is
    // what the file holds; a refresh after it finds no tokens.
    let done = false;
    if (storage.withLock) {
      done = await storage.withLock(async (locked) => {
        const remove = locked.removeTokenData;
        if (!remove) return false;
        const names = Object.keys(await storage.getTokenDataByResourceServer());
        for (const rs of names) {
          const d = await locked.getTokenData(rs);
          if (!d) continue;
          await revoke(d);
          await remove.call(locked, rs);
        }
        return true;
      });
    }
    if (!done) {
      const data = await storage.getTokenDataByResourceServer();
      for (const [rs, d] of Object.entries(data)) {
        await revoke(d);
        await storage.removeTokenData(rs);
      }
    }
    this.#generation++;
    this.#inner.clear();
    if (failures.length > 0) {
      const first = failures[0];
      throw new GlobusError(
        `Logged out locally (cached tokens removed), but ${failures.length} token${
          failures.length === 1 ? "" : "s"
        } could not be revoked with Globus Auth: ${
          first instanceof Error ? first.message : String(first)
        }`,
        { cause: first },
      );
    }
  }

  /** Marks cached authorizers as stale (after a login outside `login()`). */
  protected invalidateAuthorizers(): void {
    this.#generation++;
  }

  /**
   * A description without credentials.
   *
   * @returns Plain data.
   */
  toJSON(): Record<string, unknown> {
    return {
      appName: this.appName,
      clientId: this.clientId,
      environment: this.environment,
      scopeRequirements: this.scopeRequirements,
    };
  }

  /**
   * The app's class, name, client and environment, e.g.
   * `UserApp 'my-app' (client 61338d24-…, production)`.
   *
   * @returns The text.
   */
  toString(): string {
    return `${
      classLabel(this.constructor)
    } '${this.appName}' (client ${this.clientId}, ${this.environment})`;
  }

  /**
   * Deno's inspect hook.
   *
   * @param inspect Deno's inspect (indents the text where the app is
   *   nested, e.g. in a client).
   * @param options Its options.
   * @returns The class name and the redacted description.
   */
  [DENO_INSPECT](inspect?: unknown, options?: unknown): string {
    return labeledInspect(
      classLabel(this.constructor),
      this.toJSON(),
      inspect,
      options,
    );
  }

  /**
   * Node's inspect hook.
   *
   * @returns The class name and the description as indented JSON.
   */
  [NODE_INSPECT](): string {
    return labeledInspect(classLabel(this.constructor), this.toJSON());
  }
}
