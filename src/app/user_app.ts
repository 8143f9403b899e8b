/**
 * `UserApp`: log a person in (notebook, command line or browser), cache the
 * tokens, and hand service clients authorizers.
 *
 * @module
 */
import { SDK_LOGIN_OPTIONS } from "./_login_note.ts";
import { AuthClient } from "../auth/auth_client.ts";
import { ConfidentialAppAuthClient } from "../auth/confidential_client.ts";
import type { ConsentForest } from "../auth/consent_forest.ts";
import type { AuthorizeUrlOptions } from "../auth/flow.ts";
import { NativeAppAuthClient } from "../auth/native_client.ts";
import { AuthScopes } from "../auth/scopes.ts";
import type { OAuthTokenResponse } from "../auth/token_response.ts";
import { AccessTokenAuthorizer } from "../authorizers/access_token.ts";
import { RefreshTokenAuthorizer } from "../authorizers/refresh_token.ts";
import {
  builtFromStorage,
  TokensRemovedError,
} from "../authorizers/_tokens_removed.ts";
import type { Authorizer } from "../core/authorizer.ts";
import type { BaseClientOptions } from "../core/base_client.ts";
import {
  AuthAPIError,
  type AuthorizationParameters,
  LoginRequiredError,
} from "../core/errors.ts";
import { inJupyter } from "../core/runtime.ts";
import { checkLoginNetwork } from "./_login_permission.ts";
import { checkOptions, suggestOption } from "../core/_options.ts";
import {
  START_LOGIN_HINT,
  START_LOGIN_OPTIONS,
  USER_APP_CONFIG_OPTIONS,
  USER_APP_OPTIONS,
} from "./_option_names.ts";
import { defaultDisplay, type DisplaySink } from "../notebook/display.ts";
import { pendingLoginBundle, shownLogins } from "./_login_link.ts";
import { PendingLogin, type StartLoginOptions } from "./pending_login.ts";
import type { StoredTokenData } from "../tokens/token_storage.ts";
import type { BrowserOpener } from "./browser.ts";
import { CommandLineLoginFlowManager } from "./command_line_flow.ts";
import { AppLoginTerminal } from "./_login_terminal.ts";
import {
  GlobusApp,
  type GlobusAppConfig,
  type LoginOptions,
  type ScopeRequirements,
} from "./globus_app.ts";
import { LocalServerLoginFlowManager } from "./local_server_flow.ts";
import type { LoginFlowManager, OutputWriter, PromptFn } from "./login_flow.ts";
import { NotebookLoginFlowManager } from "./notebook_flow.ts";
import { kernelStack } from "../core/_kernel_stack.ts";
import { checkBoolean } from "../core/_option_values.ts";

/** The built-in login flows by name. */
export type LoginFlowManagerName =
  | "auto"
  | "notebook"
  | "command-line"
  | "local-server";

/**
 * One of the built-in login flow classes (or a class extending one), given
 * as Python's `login_flow_manager=CommandLineLoginFlowManager` (a
 * `LoginFlowManagerProvider`): the app makes the flow.
 */
export type LoginFlowManagerClass =
  | typeof CommandLineLoginFlowManager
  | typeof LocalServerLoginFlowManager
  | typeof NotebookLoginFlowManager;

/** Settings of a {@linkcode UserApp}. */
export interface UserAppConfig extends GlobusAppConfig {
  /**
   * How users log in: `"auto"` (the notebook flow inside the Deno Jupyter
   * kernel, the command line elsewhere), `"notebook"`, `"command-line"`,
   * `"local-server"`, or your own {@linkcode LoginFlowManager}. The
   * classes `CommandLineLoginFlowManager`, `LocalServerLoginFlowManager`
   * and `NotebookLoginFlowManager` themselves (or classes extending them)
   * stand for their flows, as in Python
   * (`login_flow_manager=LocalServerLoginFlowManager`): the app makes one
   * with its `write`, `prompt`, `display`, `openBrowser` settings.
   * @default {"auto"}
   */
  loginFlowManager?:
    | LoginFlowManagerName
    | LoginFlowManager
    | LoginFlowManagerClass
    | undefined;
  /**
   * Ask for refresh tokens, so the app keeps working after the access
   * tokens expire (about 48 hours) without a new login.
   * @default {true}
   */
  requestRefreshTokens?: boolean | undefined;
  /** A name for the grant shown on the consent page (`prefill_named_grant`). */
  prefillNamedGrant?: string | undefined;
  /** Where notebook output goes (built-in flows and `startLogin`). */
  display?: DisplaySink | undefined;
  /** Asks the user for the code (built-in notebook and command-line flows). */
  prompt?: PromptFn | undefined;
  /** Opens a browser (local-server flow). */
  openBrowser?: BrowserOpener | undefined;
  /** Writes text for the user (command-line and local-server flows). */
  write?: OutputWriter | undefined;
  /**
   * Where Globus Auth sends the user after login (the Python SDK's
   * `login_redirect_uri`); it must be registered for the client. Without
   * it a native app uses Globus's page that shows the code
   * (`{auth}/v2/web/auth-code`); an app with a `clientSecret` must set it.
   * The notebook and command-line flows then ask for the code (or the
   * whole URL the browser landed on). Not with the `"local-server"` flow,
   * which is its own redirect URI.
   */
  loginRedirectUri?: string | undefined;
}

/** Options for {@linkcode UserApp}. */
export interface UserAppOptions {
  /** The app's name (part of the token file path). */
  appName: string;
  /** The app's client id: a native one, e.g. `TUTORIAL_CLIENT_ID`, or a confidential one with `clientSecret`. */
  clientId: string;
  /**
   * A confidential client's secret, for an app that logs users in with a
   * confidential client (as the Python SDK's `UserApp(client_secret=…)`):
   * codes are exchanged and tokens refreshed and revoked with the secret
   * (no PKCE). Needs `config.loginRedirectUri`. Kept inside the auth
   * client, never printed.
   */
  clientSecret?: string | undefined;
  /** Scopes the app needs, per resource server (service clients add theirs). */
  scopeRequirements?: ScopeRequirements | undefined;
  /** Login flow, token storage, environment and UI seams. */
  config?: UserAppConfig | undefined;
}

/**
 * An app that logs a person in, like the Python SDK's `UserApp`. Service
 * clients take it as `{ app }`: they add their scope requirement and the app
 * logs in on first use, reusing cached tokens (by default the Python SDK's
 * token file, `~/.globus/app/{clientId}/{appName}/tokens.json`) afterwards.
 * `auth.globus.org` always requires `openid` (the id_token names the
 * identity the tokens belong to).
 *
 * A token cache without refresh tokens (e.g. written by the Python SDK with
 * refresh tokens off) is used as it is while its access tokens are valid;
 * the next login asks for refresh tokens.
 *
 * Needs `--allow-net` (Globus Auth), `--allow-read`/`--allow-write` for
 * `~/.globus` and `--allow-env=HOME` with the default token file.
 *
 * @example Log in and list tasks
 * ```ts ignore
 * import { TransferClient, TUTORIAL_CLIENT_ID, UserApp } from "@globus-deno/sdk";
 * const app = new UserApp({ appName: "My Notebook", clientId: TUTORIAL_CLIENT_ID });
 * const tc = new TransferClient({ app }); // logs in on first use
 * for await (const task of tc.taskList()) console.log(task.task_id);
 * ```
 *
 * @example Two-cell login in a notebook
 * ```ts ignore
 * const flow = await app.startLogin(); // cell 1: shows the link
 * await flow.finish("PASTE-THE-CODE-HERE"); // cell 2
 * ```
 */
export class UserApp extends GlobusApp {
  /**
   * The Auth client that drives logins, refreshes and revocations: a
   * {@linkcode ConfidentialAppAuthClient} when the app has a
   * `clientSecret`, else a {@linkcode NativeAppAuthClient}.
   */
  readonly authClient: NativeAppAuthClient | ConfidentialAppAuthClient;
  /** Where Globus Auth sends the user after login, when set. */
  readonly loginRedirectUri: string | undefined;
  /** How users log in. */
  readonly loginFlowManager: LoginFlowManager;
  /** Whether logins ask for refresh tokens. */
  readonly requestRefreshTokens: boolean;
  /**
   * The settings the app was made with (Python's `app.config`), as in
   * {@linkcode GlobusApp.config}.
   */
  declare readonly config: UserAppConfig;
  readonly #prefillNamedGrant: string | undefined;
  readonly #display: DisplaySink | undefined;
  /** Environment, Auth base URL, fetch and clock, for Auth calls. */
  readonly #authOptions: BaseClientOptions;
  /** Why the next login is needed (shown by the flow), if not the first. */
  #loginReason: string | undefined;
  /** What `login()` and a request's login hold of Node's REPL terminal. */
  readonly #terminal = new AppLoginTerminal(
    () => this.loginFlowManager,
    () => this.closeSignal,
  );

  /**
   * Creates the app (no login happens until one is needed).
   *
   * @param options Name, client id (and secret), scope requirements and config.
   * @throws {TypeError} For an empty name, client id or secret, an option
   *   name it does not know (e.g. Python's `client_id`, or `tokenStorage`
   *   outside `config`), an unknown flow name, a `loginRedirectUri` that is not an absolute URL, a
   *   `clientSecret` without `loginRedirectUri`, or either with the
   *   `"local-server"` flow.
   */
  constructor(options: UserAppOptions) {
    checkOptions("UserApp", options, USER_APP_OPTIONS, {
      required: true,
      positional: "appName",
      example:
        'new UserApp({ appName: "My App", clientId: TUTORIAL_CLIENT_ID, config: { tokenStorage: "memory" } })',
      nested: { config: USER_APP_CONFIG_OPTIONS },
    });
    checkOptions("UserApp config", options.config, USER_APP_CONFIG_OPTIONS, {
      example: '{ config: { tokenStorage: "memory" } }',
    });
    const config = options?.config ?? {};
    super(
      options?.appName,
      options?.clientId,
      undefined,
      config,
    );
    const secret = options.clientSecret;
    if (
      secret !== undefined &&
      (typeof secret !== "string" || secret.trim() === "")
    ) {
      throw kernelStack(
        new TypeError(
          "Cannot create the app as 'clientSecret' must be a non-empty string (a confidential client's secret), or left out for a native client",
        ),
      );
    }
    const redirect = config.loginRedirectUri;
    if (redirect !== undefined) {
      let ok = typeof redirect === "string";
      try {
        if (ok) new URL(redirect);
      } catch {
        ok = false;
      }
      if (!ok) {
        throw kernelStack(
          new TypeError(
            `Cannot create the app as 'config.loginRedirectUri' must be an absolute URL registered for the client: current value is ${
              JSON.stringify(redirect) ?? typeof redirect
            }`,
          ),
        );
      }
    }
    const flowChoice = config.loginFlowManager ?? "auto";
    const flowName = typeof flowChoice === "function"
      ? flowClassName(flowChoice)
      : flowChoice;
    if (flowName === "local-server") {
      if (redirect !== undefined) {
        throw kernelStack(
          new TypeError(
            `Cannot create the app as 'config.loginRedirectUri' cannot be used with the "local-server" login flow: it receives the code at its own http://127.0.0.1:PORT/ address. Remove loginRedirectUri, or use loginFlowManager: "command-line"`,
          ),
        );
      }
      if (secret !== undefined) {
        throw kernelStack(
          new TypeError(
            `Cannot create the app as the "local-server" login flow is only for native apps (Globus Auth lets only native clients redirect to any local port): remove 'clientSecret', or use loginFlowManager: "command-line" with config.loginRedirectUri`,
          ),
        );
      }
    } else if (
      secret !== undefined && redirect === undefined &&
      typeof flowName === "string"
    ) {
      throw kernelStack(
        new TypeError(
          "Cannot create the app as a UserApp with a 'clientSecret' (a confidential client) needs 'config.loginRedirectUri': confidential clients cannot use Globus's native-app code page. Set it to a redirect URI registered for the client",
        ),
      );
    }
    // A `requestRefreshTokens: "false"` (a string) asked for refresh tokens.
    checkBoolean(
      "Cannot create the app",
      "config.requestRefreshTokens",
      config.requestRefreshTokens,
    );
    const clientOptions = {
      environment: this.environment,
      ...(config.authBaseUrl !== undefined
        ? { baseUrl: config.authBaseUrl }
        : {}),
      ...(config.fetch ? { fetch: config.fetch } : {}),
      clock: this.clock,
    };
    this.authClient = secret !== undefined
      ? new ConfidentialAppAuthClient(this.clientId, secret, clientOptions)
      : new NativeAppAuthClient(this.clientId, clientOptions);
    this.#authOptions = clientOptions;
    this.loginRedirectUri = redirect;
    this.requestRefreshTokens = config.requestRefreshTokens ?? true;
    this.#prefillNamedGrant = config.prefillNamedGrant;
    this.#display = config.display;
    this.loginFlowManager = resolveFlow(flowChoice, config);
    this.addScopeRequirements({
      [AuthScopes.resourceServer]: [AuthScopes.openid],
    });
    if (options.scopeRequirements) {
      this.addScopeRequirements(options.scopeRequirements);
    }
  }

  /**
   * Meets a service's authorization requirements as
   * {@linkcode GlobusApp.handleAuthorizationRequirements} does, and the new
   * login says why it is needed (the service's `session_message`, or what
   * it asked for) above its link: without it a second login link appeared
   * in the cell with no reason given.
   *
   * @param resourceServer The service that asked.
   * @param params What it asked for.
   * @returns Whether the call should be retried.
   */
  override async handleAuthorizationRequirements(
    resourceServer: string,
    params: AuthorizationParameters,
  ): Promise<boolean> {
    if (!this.autoRedriveGares) return false;
    this.#loginReason = requirementsReason(resourceServer, params);
    try {
      return await super.handleAuthorizationRequirements(
        resourceServer,
        params,
      );
    } finally {
      this.#loginReason = undefined;
    }
  }

  /**
   * In a notebook, says that the cached tokens will do (see
   * {@linkcode NotebookLoginFlowManager.showLoginNotNeeded}).
   */
  protected override async loginNotNeeded(): Promise<void> {
    const flow = this.loginFlowManager;
    if (flow instanceof NotebookLoginFlowManager) {
      await flow.showLoginNotNeeded(
        this.appName,
        Object.keys(this.scopeRequirements),
      );
    }
  }

  /**
   * {@inheritDoc GlobusApp.login}
   *
   * In Node's REPL the command-line login holds the terminal from here on,
   * before the cached tokens are read (src/app/_login_terminal.ts): a
   * Ctrl-C is the login's, not the REPL's.
   */
  override async login(options: LoginOptions = {}): Promise<void> {
    await this.#terminal.login(() => super.login(options));
  }

  /**
   * A request's login (`tc.operationLs(…)` without tokens in use) holds
   * Node's REPL terminal as `login()` does, from before the token read: a
   * Ctrl-C right after the Enter stops the request, not the REPL.
   */
  protected override loginMayRun<T>(read: () => Promise<T>): Promise<T> {
    return this.#terminal.login(read);
  }

  /**
   * Logs in with the app's flow manager.
   *
   * @param requestedScopes Every required scope.
   * @param authParams Session parameters.
   * @returns The token response.
   */
  protected async runLogin(
    requestedScopes: string[],
    authParams: AuthorizeUrlOptions,
  ): Promise<OAuthTokenResponse> {
    const reason = this.#loginReason;
    this.#loginReason = undefined;
    await this.#checkBeforeLogin();
    // Ctrl-C while `login()` held the terminal: no link.
    const handOver = this.#terminal.beforeFlow();
    const interactive = this.loginFlowManager.isInteractive?.() ?? true;
    try {
      const run = this.loginFlowManager.run({
        authClient: this.authClient,
        requestedScopes,
        refreshTokens: this.requestRefreshTokens,
        authParams,
        appName: this.appName,
        ...this.#flowExtras(),
        ...(reason !== undefined ? { reason } : {}),
        signal: this.closeSignal,
      });
      // The flow took the terminal (the same hold) as it started.
      handOver();
      return await run;
    } catch (e) {
      // A login that cannot happen here (cron, a container): say where the
      // tokens were looked for, as a run under another HOME finds none.
      const file = this.tokenFilePath;
      // Not for a login asked for with usable tokens cached (force, or
      // authParams): the file holds them, and saying otherwise misleads.
      if (
        e instanceof LoginRequiredError && reason === undefined && file &&
        !interactive && !e.message.includes(file) &&
        await this.loginRequired().catch(() => true)
      ) {
        throw new LoginRequiredError(
          `A login is needed: the token file ${file} holds no usable tokens for this app. ${e.message}`,
          { cause: e },
        );
      }
      throw e;
    }
  }

  /**
   * Before a login shows its link: the tokens it gets can be saved (the
   * storage's `checkWritable()`), and Deno lets it reach Globus Auth to
   * exchange the code. In a terminal Deno asks for what is undecided now,
   * not after the user has logged in; a refusal ends the login here.
   *
   * @throws {TokenStorageError} When the tokens could not be saved.
   * @throws {NetworkError} When Deno has no network permission for Globus Auth.
   */
  async #checkBeforeLogin(): Promise<void> {
    await this.tokenStorage.checkWritable?.();
    checkLoginNetwork(new URL("v2/oauth2/token", this.authClient.baseUrl).href);
  }

  /** The redirect URI and (native apps only) the grant name. */
  #flowExtras(): { redirectUri?: string; prefillNamedGrant?: string } {
    return {
      ...(this.loginRedirectUri !== undefined
        ? { redirectUri: this.loginRedirectUri }
        : {}),
      ...(this.#prefillNamedGrant !== undefined &&
          this.authClient instanceof NativeAppAuthClient
        ? { prefillNamedGrant: this.#prefillNamedGrant }
        : {}),
    };
  }

  /**
   * A refresh token that Globus Auth rejects (`invalid_grant`: revoked,
   * expired, consent withdrawn, issued to another client) is removed from the token cache, so
   * {@linkcode GlobusApp.loginRequired} says `true` — under the cache's
   * lock, and only if the cache still holds it: tokens another process
   * stored meanwhile are kept, and the request is retried with them. Where the login flow
   * can reach a person ({@linkcode LoginFlowManager.isInteractive}: a
   * terminal or a pipe for the command-line flow, the notebook), the user
   * logs in again and the request is retried; elsewhere a
   * {@linkcode LoginRequiredError} says what to run and names the token file
   * (its `cause` is the {@linkcode AuthAPIError}).
   *
   * @param resourceServer The resource server whose renewal failed.
   * @param authorizer The authorizer whose renewal failed.
   * @param error What the renewal threw.
   * @returns `true` after a new login; `false` for other errors.
   * @throws {LoginRequiredError} When the new login cannot happen here.
   */
  protected override async recoverFromFailedRenewal(
    resourceServer: string,
    authorizer: Authorizer,
    error: unknown,
  ): Promise<boolean> {
    const removed = error instanceof TokensRemovedError;
    if (
      !(authorizer instanceof RefreshTokenAuthorizer) ||
      !removed &&
        (!(error instanceof AuthAPIError) || error.code !== "invalid_grant")
    ) {
      return false;
    }
    const file = this.tokenFilePath;
    const where = file ? `the token file ${file}` : "the app's token storage";
    // Against the emulator the likely cause is a restart (a notebook's
    // kernel restarted with the emulator in a cell): said first, where it
    // came last of seven.
    const emulated = this.environment === "emulator";
    const why = error instanceof AuthAPIError
      ? `Globus Auth rejected the saved refresh token for '${resourceServer}' (${error.httpStatus} ${error.code}${
        error.serviceMessage ? `: ${error.serviceMessage}` : ""
      }): ${
        emulated
          ? "most likely the emulator was restarted and forgot the tokens it issued (startEmulator({ statePath }), or --state, keeps them across restarts); otherwise "
          : ""
      }it was revoked, it expired, it was already used (another program sharing ${
        file ? "the token file" : where
      } used it, or a run was stopped after Globus Auth had given its new tokens, or the file was restored from a copy), the consent was withdrawn, or it was issued to another client (a token file written by an app with another client id), so a new login is needed.`
      : `The saved tokens for '${resourceServer}' were removed from ${where} by another program sharing it (Globus Auth refused its refresh, or it logged out), so a new login is needed.`;
    let dropped: string;
    let failure: unknown;
    try {
      if (
        await this.#dropRejected(
          resourceServer,
          removed ? undefined : authorizer.refreshToken,
        )
      ) {
        // Another process (or login) stored new tokens meanwhile: use them.
        return true;
      }
      dropped = removed
        ? ""
        : `The rejected tokens were removed from ${where}.`;
    } catch (e) {
      failure = e;
      dropped = `They could not be removed from ${where} (${
        e instanceof Error ? e.message : String(e)
      }).`;
    } finally {
      this.invalidateAuthorizers();
    }
    const todo =
      `Log in again with app.login({ force: true }) where a code can be entered (run the program in a terminal, or in a notebook cell), or use loginFlowManager: "local-server"${
        file ? "; or delete the token file and run the program again" : ""
      }.`;
    if (
      failure !== undefined ||
      !(this.loginFlowManager.isInteractive?.() ?? true)
    ) {
      throw new LoginRequiredError(
        [why, dropped, todo].filter((x) => x).join(" "),
        { cause: error },
      );
    }
    this.#loginReason = [why, dropped, "Log in again to continue."]
      .filter((x) => x).join(" ");
    try {
      await this.login(SDK_LOGIN_OPTIONS);
    } catch (e) {
      if (!(e instanceof LoginRequiredError)) throw e;
      // The flow showed the whole reason above its link: the error says
      // what happened in short, then why the login stopped and what to do.
      throw new LoginRequiredError(
        `A new login was needed, as ${
          error instanceof AuthAPIError
            ? `Globus Auth rejected the saved refresh token for '${resourceServer}' (${error.httpStatus} ${error.code}; the rejected tokens were removed from ${where})`
            : `the saved tokens for '${resourceServer}' were removed from ${where} by another program sharing it`
        }, but it did not finish: ${e.message}`,
        { cause: error },
      );
    } finally {
      this.#loginReason = undefined;
    }
    return true;
  }

  /**
   * Removes `resourceServer`'s tokens if the cache still holds the rejected
   * refresh token, reading and removing under the cache's lock when it has
   * one (the token file's: another process may store fresh tokens at any
   * moment, and those must stay). Without the lock (none, not got within
   * `lockTimeoutMs`, or a custom storage whose locked view cannot remove),
   * it reads and removes without it.
   *
   * @param resourceServer The resource server.
   * @param rejected The refresh token Globus Auth rejected (`undefined`
   *   when another process removed the tokens already: any tokens stored
   *   since are kept and used).
   * @returns `true` when the cache holds other tokens (kept, to be used).
   */
  async #dropRejected(
    resourceServer: string,
    rejected: string | undefined,
  ): Promise<boolean> {
    const drop = async (
      get: (rs: string) => Promise<StoredTokenData | null>,
      remove: (rs: string) => Promise<boolean>,
    ): Promise<boolean> => {
      const stored = await get(resourceServer);
      if (stored && stored.refresh_token !== rejected) return true;
      if (stored) await remove(resourceServer);
      return false;
    };
    const storage = this.tokenStorage;
    if (storage.withLock) {
      let entered = false;
      try {
        const replaced = await storage.withLock((locked) => {
          entered = true;
          const remove = locked.removeTokenData;
          if (!remove) return Promise.resolve(undefined);
          return drop(
            (rs) => locked.getTokenData(rs),
            (rs) => remove.call(locked, rs),
          );
        });
        if (replaced !== undefined) return replaced;
      } catch (e) {
        // The lock could not be taken: as a renewal, go on without it.
        if (entered) throw e;
      }
    }
    return await drop(
      (rs) => storage.getTokenData(rs),
      (rs) => storage.removeTokenData(rs),
    );
  }

  /**
   * A refresh-token authorizer (it rereads the cache before refreshing and
   * writes the new tokens to it, under the cache's lock when it has one)
   * when a refresh token is cached, else an access-token authorizer.
   *
   * @param resourceServer The resource server.
   * @param data Its cached tokens.
   * @returns The authorizer.
   */
  protected buildAuthorizer(
    resourceServer: string,
    data: StoredTokenData,
  ): Authorizer {
    if (data.refresh_token) {
      const authorizer = new RefreshTokenAuthorizer(
        data.refresh_token,
        this.authClient,
        {
          accessToken: data.access_token,
          expiresAt: data.expires_at_seconds,
          clock: this.clock,
          // Renewals reread the cache, refresh only when still needed and
          // store, under the token file's lock: processes sharing the file
          // make one refresh between them (rotating refresh tokens
          // included); a refused refresh token is removed before the lock
          // is released, and one removed by another process is not
          // presented.
          tokenStorage: this.tokenStorage,
          resourceServer,
        },
      );
      builtFromStorage.add(authorizer);
      return authorizer;
    }
    return new AccessTokenAuthorizer(data.access_token);
  }

  /**
   * The identity's consents for the app's client (`GET
   * /v2/api/identities/{id}/consents`), read with the cached Auth tokens;
   * `undefined` when none are cached.
   *
   * @param identityId The identity.
   * @returns The consent forest.
   */
  protected override async fetchConsentForest(
    identityId: string,
  ): Promise<ConsentForest | undefined> {
    // The cached Auth tokens as they are: validating them here would check
    // the consents again (a login runs that check).
    const data = await this.tokenStorage.getTokenData(
      AuthScopes.resourceServer,
    );
    if (!data) return undefined;
    const auth = new AuthClient({
      ...this.#authOptions,
      authorizer: this.buildAuthorizer(AuthScopes.resourceServer, data),
    });
    return (await auth.getConsents(identityId)).toForest();
  }

  /**
   * Revokes a token (`POST {auth}/v2/oauth2/token/revoke`).
   *
   * @param token The token.
   */
  protected async revokeToken(token: string): Promise<void> {
    await this.authClient.oauth2RevokeToken(token);
  }

  /** A 401 on an unrefreshable token logs in again in notebook mode. */
  protected override get reloginOnUnauthorized(): boolean {
    return this.loginFlowManager.handlesAuthorizationRequirements === true;
  }

  /**
   * Without `config.autoRedriveGares`, a service's authorization
   * requirements lead to a new login when the login flow meets them (the
   * notebook flow does).
   */
  protected override get defaultAutoRedriveGares(): boolean {
    return this.loginFlowManager.handlesAuthorizationRequirements === true;
  }

  /**
   * Starts a login without waiting for the code: for two notebook cells,
   * `const flow = await app.startLogin()` (shows the link) and then
   * `await flow.finish(code)`.
   *
   * @param options Session parameters; `show: false` to not display the link.
   * @returns The pending login (its `url`, and `finish(code)`).
   * @throws {TypeError} For options that are not an object or have a name
   *   it does not know (`auth_params`, `shw`).
   */
  async startLogin(options: StartLoginOptions = {}): Promise<PendingLogin> {
    checkOptions(
      "UserApp.startLogin()",
      options,
      START_LOGIN_OPTIONS,
      START_LOGIN_HINT,
    );
    this.assertOpen("start a login");
    await this.#checkBeforeLogin();
    const flow = this.authClient.oauth2StartFlow({
      requestedScopes: this.requestedScopes,
      refreshTokens: this.requestRefreshTokens,
      ...this.#flowExtras(),
    });
    const url = flow.getAuthorizeUrl(options.authParams ?? {});
    const pending = new PendingLogin(url, this.appName, async (code) => {
      const response = await flow.exchangeCodeForTokens(code);
      await this.storeLoginResponse(response);
    });
    if (options.show ?? true) {
      await (this.#display ?? defaultDisplay()).show(
        pendingLoginBundle(url, this.appName),
      );
      shownLogins.add(pending);
    }
    return pending;
  }
}

/**
 * The flow a built-in flow class (or a class extending one) stands for.
 *
 * @param cls The class given as `loginFlowManager`.
 * @returns Its flow's name.
 * @throws {TypeError} For another function.
 */
function flowClassName(cls: unknown): LoginFlowManagerName {
  const is = (base: unknown) =>
    cls === base ||
    (typeof cls === "function" &&
      (cls as { prototype?: unknown }).prototype instanceof
        (base as new () => unknown));
  if (is(CommandLineLoginFlowManager)) return "command-line";
  if (is(LocalServerLoginFlowManager)) return "local-server";
  if (is(NotebookLoginFlowManager)) return "notebook";
  throw kernelStack(
    new TypeError(
      `Cannot create the app as 'config.loginFlowManager' is a function${
        typeof cls === "function" && cls.name ? ` (${cls.name})` : ""
      }: give a flow's name ("command-line", "local-server", "notebook"), one of the classes CommandLineLoginFlowManager, LocalServerLoginFlowManager, NotebookLoginFlowManager (as Python's login_flow_manager=…), or a LoginFlowManager object: an instance with a run() method, e.g. new MyLoginFlow()`,
    ),
  );
}

function resolveFlow(
  given: LoginFlowManagerName | LoginFlowManager | LoginFlowManagerClass,
  config: UserAppConfig,
): LoginFlowManager {
  // A class given as Python's provider: its flow, made by that class.
  const cls = typeof given === "function" ? given : undefined;
  const choice = cls ? flowClassName(cls) : given;
  if (typeof choice === "object" && choice !== null) {
    if (typeof choice.run !== "function") {
      throw kernelStack(
        new TypeError(
          "Cannot create the app as 'config.loginFlowManager' has no run() method",
        ),
      );
    }
    return choice;
  }
  const name = choice === "auto"
    ? (inJupyter() ? "notebook" : "command-line")
    : choice;
  switch (name) {
    case "notebook":
      return new ((cls as typeof NotebookLoginFlowManager | undefined) ??
        NotebookLoginFlowManager)({
        ...(config.display ? { display: config.display } : {}),
        ...(config.prompt ? { prompt: config.prompt } : {}),
      });
    case "command-line":
      return new ((cls as typeof CommandLineLoginFlowManager | undefined) ??
        CommandLineLoginFlowManager)({
        ...(config.write ? { write: config.write } : {}),
        ...(config.prompt ? { prompt: config.prompt } : {}),
      });
    case "local-server":
      return new ((cls as typeof LocalServerLoginFlowManager | undefined) ??
        LocalServerLoginFlowManager)({
        ...(config.write ? { write: config.write } : {}),
        ...(config.openBrowser ? { openBrowser: config.openBrowser } : {}),
        ...(config.clock ? { clock: config.clock } : {}),
      });
    default: {
      const names = ["auto", "notebook", "command-line", "local-server"];
      const guess = typeof choice === "string"
        ? (/browser|web|local/i.test(choice)
          ? "local-server"
          : suggestOption(choice, names))
        : undefined;
      throw kernelStack(
        new TypeError(
          `Cannot create the app as 'config.loginFlowManager' must be "auto", "notebook", "command-line", "local-server" or a LoginFlowManager: current value is ${
            typeof choice === "string" ? JSON.stringify(choice) : typeof choice
          }${guess === undefined ? "" : ` (did you mean "${guess}"?)`}`,
        ),
      );
    }
  }
}

/**
 * Why a service's authorization requirements need a new login, for the
 * flow to show above the link.
 *
 * @param resourceServer The service that asked.
 * @param params What it asked for.
 * @returns One sentence or two.
 */
function requirementsReason(
  resourceServer: string,
  params: AuthorizationParameters,
): string {
  const strings = (v: unknown): string[] =>
    Array.isArray(v)
      ? v.filter((x): x is string => typeof x === "string" && x.trim() !== "")
      : [];
  const asked: string[] = [];
  const scopes = strings(params.required_scopes);
  if (scopes.length) asked.push(`your consent to ${scopes.join(", ")}`);
  if (strings(params.session_required_policies).length) {
    asked.push("a login that meets an authentication policy");
  }
  const domains = strings(params.session_required_single_domain);
  if (domains.length) {
    asked.push(`a login with an identity from ${domains.join(" or ")}`);
  }
  if (strings(params.session_required_identities).length) {
    asked.push("a login with a particular identity");
  }
  if (params.session_required_mfa === true) {
    asked.push("a login with multi-factor authentication");
  }
  const message = typeof params.session_message === "string"
    ? params.session_message.trim().replace(/\.$/, "")
    : "";
  const what = [
    message,
    ...(asked.length ? [`it asks for ${asked.join(", ")}`] : []),
  ]
    .filter(Boolean).join("; ");
  return `${resourceServer} needs a new login before this call can run${
    what ? `: ${what}` : ""
  }. Log in again with the link below; the call then runs again.`;
}
