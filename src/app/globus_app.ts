/**
 * What {@linkcode UserApp} and {@linkcode ClientApp} share: scope
 * requirements per resource server, the token cache, "is a login needed?",
 * authorizers built from cached tokens, and logout.
 *
 * @module
 */
import type { AuthorizeUrlOptions } from "../auth/flow.ts";
import { Scope, scopesSatisfied } from "../auth/scopes.ts";
import type { OAuthTokenResponse } from "../auth/token_response.ts";
import type { ServiceApp } from "../core/app_seam.ts";
import type { Authorizer } from "../core/authorizer.ts";
import { type Clock, nowSeconds, systemClock } from "../core/clock.ts";
import { resolveEnvironment } from "../core/environments.ts";
import { GlobusError, LoginRequiredError } from "../core/errors.ts";
import { DENO_INSPECT, NODE_INSPECT } from "../core/redact.ts";
import type { FetchLike } from "../core/transport.ts";
import { defaultTokenFilePath } from "../tokens/default_path.ts";
import { JSONTokenStorage } from "../tokens/json_storage.ts";
import { MemoryTokenStorage } from "../tokens/memory_storage.ts";
import type { StoredTokenData, TokenStorage } from "../tokens/token_storage.ts";

/** Scope requirements: resource server → scopes (strings or {@linkcode Scope}s). */
export type ScopeRequirements = Record<string, readonly (string | Scope)[]>;

/** Settings every app accepts. */
export interface GlobusAppConfig {
  /**
   * Where tokens are cached: `"json"` (the Python SDK's file,
   * `~/.globus/app/{clientId}/{appName}/tokens.json`), `"memory"`, or a
   * {@linkcode TokenStorage}.
   * @default {"json"}
   */
  tokenStorage?: "json" | "memory" | TokenStorage;
  /** The Globus environment (default: `GLOBUS_SDK_ENVIRONMENT` or production). */
  environment?: string;
  /** Overrides the Auth base URL (e.g. an emulator's `authUrl`). */
  authBaseUrl?: string;
  /** The `fetch` used for Auth requests. */
  fetch?: FetchLike;
  /**
   * The clock for token expiry.
   * @default {systemClock}
   */
  clock?: Clock;
}

/** Options for {@linkcode GlobusApp.login}. */
export interface LoginOptions {
  /** Log in even when the cached tokens are enough. */
  force?: boolean;
  /** Session parameters and `prompt` for the authorize URL. */
  authParams?: AuthorizeUrlOptions;
}

/**
 * Tokens that expire within this many seconds count as expired when they
 * cannot be refreshed.
 */
export const EXPIRY_MARGIN_SECONDS = 60;

function toScopes(items: readonly (string | Scope)[]): Scope[] {
  const out: Scope[] = [];
  for (const item of items) {
    // Copies, so later merges never change the caller's objects.
    out.push(...Scope.parse(typeof item === "string" ? item : String(item)));
  }
  return out;
}

function mergeInto(list: Scope[], scope: Scope): void {
  const same = list.find((s) => s.scopeString === scope.scopeString);
  if (!same) {
    list.push(scope);
    return;
  }
  if (!scope.optional) same.optional = false;
  for (const dep of scope.dependencies) mergeInto(same.dependencies, dep);
}

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
  /** The clock for token expiry. */
  protected readonly clock: Clock;
  readonly #requirements = new Map<string, Scope[]>();
  readonly #authorizers = new Map<string, Authorizer>();
  readonly #inner = new Map<
    string,
    { generation: number; authorizer: Authorizer }
  >();
  #generation = 0;
  #loginInFlight: Promise<void> | undefined;
  /** One recovery per authorizer whose renewal was rejected. */
  readonly #recoveries = new WeakMap<Authorizer, Promise<boolean>>();

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
    if (typeof appName !== "string" || appName.trim() === "") {
      throw new TypeError(
        `Cannot create the app as 'appName' must be a non-empty string: current value is ${
          JSON.stringify(appName)
        }`,
      );
    }
    if (typeof clientId !== "string" || clientId.trim() === "") {
      throw new TypeError(
        `Cannot create the app as 'clientId' must be a non-empty string: current value is ${
          JSON.stringify(clientId)
        }`,
      );
    }
    this.appName = appName;
    this.clientId = clientId;
    this.environment = resolveEnvironment(config.environment);
    this.clock = config.clock ?? systemClock;
    const storage = config.tokenStorage ?? "json";
    if (storage === "json") {
      this.tokenStorage = new JSONTokenStorage(
        defaultTokenFilePath(clientId, appName, this.environment),
      );
    } else if (storage === "memory") {
      this.tokenStorage = new MemoryTokenStorage();
    } else if (
      storage && typeof storage === "object" &&
      typeof storage.getTokenDataByResourceServer === "function"
    ) {
      this.tokenStorage = storage;
    } else {
      throw new TypeError(
        `Cannot create the app as 'config.tokenStorage' must be "json", "memory" or a TokenStorage: current value is ${
          JSON.stringify(storage)
        }`,
      );
    }
    if (scopeRequirements) this.addScopeRequirements(scopeRequirements);
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
   * @param requirements Resource server → scopes.
   * @throws {ScopeParseError} When a scope string does not parse.
   */
  addScopeRequirements(requirements: ScopeRequirements): void {
    let changed = false;
    for (const [rs, items] of Object.entries(requirements)) {
      const list = this.#requirements.get(rs) ?? [];
      const before = list.map(String).join(" ");
      for (const scope of toScopes(items)) mergeInto(list, scope);
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
    if (this.#requirements.size === 0) return false;
    const data = await this.tokenStorage.getTokenDataByResourceServer();
    const now = nowSeconds(this.clock);
    for (const [rs, scopes] of this.#requirements) {
      const d = data[rs];
      if (!d) return true;
      if (!scopesSatisfied(d.scope, scopes)) return true;
      if (
        d.refresh_token === null &&
        d.expires_at_seconds - now < EXPIRY_MARGIN_SECONDS
      ) {
        return true;
      }
    }
    return false;
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
    if (!options.force) {
      // Another login in progress: share its outcome (or its error).
      if (this.#loginInFlight) await this.#loginInFlight;
      if (!(await this.loginRequired())) return;
      if (this.#loginInFlight) {
        await this.#loginInFlight;
        return;
      }
    } else if (this.#loginInFlight) {
      await this.#loginInFlight.catch(() => undefined);
    }
    const run = async () => {
      const response = await this.runLogin(
        this.requestedScopes,
        options.authParams ?? {},
      );
      await this.storeLoginResponse(response);
    };
    const p = run().finally(() => {
      if (this.#loginInFlight === p) this.#loginInFlight = undefined;
    });
    this.#loginInFlight = p;
    await p;
  }

  /**
   * Caches a token response from a login and makes authorizers use it.
   *
   * @param response The token response.
   */
  protected async storeLoginResponse(
    response: OAuthTokenResponse,
  ): Promise<void> {
    await this.tokenStorage.storeTokenResponse(response);
    this.#generation++;
  }

  /**
   * Runs the app's kind of login.
   *
   * @param requestedScopes Every required scope.
   * @param authParams Session parameters.
   * @returns The token response.
   */
  protected abstract runLogin(
    requestedScopes: string[],
    authParams: AuthorizeUrlOptions,
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
    return this.tokenStorage instanceof JSONTokenStorage
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
   * @returns The authorizer.
   * @throws {GlobusError} When the app has no scope requirement for it.
   * @throws {LoginRequiredError} When a login is needed but cannot happen here.
   */
  async getAuthorizer(resourceServer: string): Promise<Authorizer> {
    if (!this.#requirements.has(resourceServer)) {
      throw new GlobusError(
        `The app '${this.appName}' has no scope requirement for '${resourceServer}': add one with addScopeRequirements({ "${resourceServer}": [scope] }) first`,
      );
    }
    await this.#current(resourceServer);
    let outer = this.#authorizers.get(resourceServer);
    if (!outer) {
      const current = () => this.#current(resourceServer);
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
      outer = {
        async getAuthorizationHeader() {
          const inner = await current();
          try {
            return await inner.getAuthorizationHeader();
          } catch (e) {
            if (!(await recover(inner, e))) throw e;
            return await (await current()).getAuthorizationHeader();
          }
        },
        async handleMissingAuthorization(sentAuthorization?: string) {
          const inner = await current();
          if (inner.handleMissingAuthorization) {
            try {
              return await inner.handleMissingAuthorization(sentAuthorization);
            } catch (e) {
              if (!(await recover(inner, e))) throw e;
              return true;
            }
          }
          return await relogin();
        },
      };
      this.#authorizers.set(resourceServer, outer);
    }
    return outer;
  }

  async #current(resourceServer: string): Promise<Authorizer> {
    const cached = this.#inner.get(resourceServer);
    if (cached && cached.generation === this.#generation) {
      return cached.authorizer;
    }
    await this.login();
    const generation = this.#generation;
    const data = await this.tokenStorage.getTokenData(resourceServer);
    if (!data) {
      throw new LoginRequiredError(
        `The login did not give tokens for '${resourceServer}' (the granted scopes did not include its required ones: ${
          (this.scopeRequirements[resourceServer] ?? []).join(" ")
        }). Log in again with app.login({ force: true }).`,
      );
    }
    const authorizer = this.buildAuthorizer(resourceServer, data);
    this.#inner.set(resourceServer, { generation, authorizer });
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
    const data = await this.tokenStorage.getTokenDataByResourceServer();
    const failures: unknown[] = [];
    for (const [rs, d] of Object.entries(data)) {
      for (const token of [d.refresh_token, d.access_token]) {
        if (!token) continue;
        try {
          await this.revokeToken(token);
        } catch (e) {
          failures.push(e);
        }
      }
      await this.tokenStorage.removeTokenData(rs);
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
   * Deno's inspect hook.
   *
   * @returns The class name and the redacted description.
   */
  [DENO_INSPECT](): string {
    return `${this.constructor.name} ${JSON.stringify(this.toJSON(), null, 2)}`;
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
