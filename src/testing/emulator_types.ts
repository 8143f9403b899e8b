/**
 * The emulator's public types: {@linkcode startEmulator}'s options and the
 * {@linkcode Emulator} it returns (re-exported by `emulator.ts`).
 *
 * @module
 */
import type {
  AuthorizationRecord,
  ClientRegistration,
  EmulatorIdentity,
  EmulatorUserSpec,
} from "./auth_store.ts";
import type { TokenResponseEntry } from "./auth_service.ts";
import type { EmulatorClock } from "./clock.ts";
import type { CollectionSpec, EmulatorCollectionIds } from "./collections.ts";
import type { FaultOptions } from "./faults.ts";
import type { LoginFlowManager } from "../app/login_flow.ts";
import type { ApprovingLoginFlowOptions } from "./approving_flow.ts";
import type { EmulatorPolicySpec } from "./session_policies.ts";
import type { SeededTasks, SeedTasksOptions } from "./tasks.ts";

/** Options for {@linkcode startEmulator}. */
export interface EmulatorOptions {
  /**
   * The port on 127.0.0.1; 0 picks a free one.
   * @default 0
   */
  port?: number | undefined;
  /**
   * The folder holding one sub-folder per collection. A fresh temporary
   * folder when omitted (removed again by `close()`); a given folder is kept.
   */
  root?: string | undefined;
  /**
   * Skip the consent page: `GET v2/oauth2/authorize` redirects at once.
   * @default false
   */
  autoApprove?: boolean | undefined;
  /** Fault injection (never applied to `/_emulator/*`). */
  faults?: FaultOptions | undefined;
  /**
   * Access token lifetime in seconds.
   * @default 172800
   */
  tokenLifetimeS?: number | undefined;
  /**
   * Rotate refresh tokens: each refresh answers with a new refresh token,
   * and the one presented is refused from then on (`invalid_grant`,
   * "Refresh token already used"), as Globus Auth does for clients with
   * rotation on. `GET /_emulator/stats` counts the refreshes.
   * @default false
   */
  rotateRefreshTokens?: boolean | undefined;
  /**
   * The time source for token, code and deadline expiry (a fake clock in
   * tests). A clock cannot cross a thread, so an emulator with one runs in
   * the caller's thread (as with `inProcess: true`).
   */
  clock?: EmulatorClock | undefined;
  /**
   * Run the emulator (its HTTP server and state) in the caller's thread
   * instead of its own worker thread. In-process, anything that blocks the
   * thread — `prompt()`, the Jupyter kernel's input box, a synchronous read
   * of standard input — also stops the emulator from answering, so a login
   * waiting for a code from it never finishes. Implied by `clock`.
   * @default false (true when a `clock` is given)
   */
  inProcess?: boolean | undefined;
  /** Extra clients to register (native apps when without a secret). */
  clients?: ClientRegistration[] | undefined;
  /**
   * More users to log in as, besides the demo user and `alice` (see
   * {@linkcode Emulator.users}).
   */
  users?: EmulatorUserSpec[] | undefined;
  /** Replaces the default confidential client's id and secret. */
  confidentialClient?: { clientId: string; clientSecret: string } | undefined;
  /** Extra collections to serve, besides the tutorial and mapped ones. */
  collections?: CollectionSpec[] | undefined;
  /**
   * A delay before each task starts and before each file it copies, in
   * milliseconds, so tests can watch or cancel a running task.
   * @default 0
   */
  taskDelayMs?: number | undefined;
  /**
   * Limits each file's copy to this many bytes per second. A task copies up
   * to 4 files of a folder at once, so its rate can reach four times this.
   */
  throttleBytesPerSecond?: number | undefined;
  /**
   * A file that keeps issued tokens and consents (and bookmarks, pause
   * rules, tunnels, guest collections and collection policies) across
   * restarts: loaded at start, and saved as they change — after each
   * request that changes them (before its answer), each `mintTokens()`
   * (before it resolves), `registerClient()` and `setCollectionPolicy()`,
   * and by `close()` — so an emulator ended without `close()` (a killed
   * process, a restarted notebook kernel) keeps them. Without it, every
   * start forgets all tokens.
   */
  statePath?: string | undefined;
}

/** The default confidential client of an emulator. */
export interface ConfidentialClientInfo {
  /** Client id. */
  clientId: string;
  /** Client secret. */
  clientSecret: string;
}

/** Options for {@linkcode Emulator.mintTokens}. */
export interface MintTokensOptions {
  /**
   * The client the tokens belong to.
   * @default the tutorial client
   */
  clientId?: string | undefined;
  /**
   * Also create refresh tokens.
   * @default false
   */
  refreshTokens?: boolean | undefined;
  /**
   * The user the tokens are for: an id, a username, or its part before `@`
   * (`"alice"`); one of {@linkcode Emulator.users}.
   * @default the demo user
   */
  identity?: string | undefined;
}

/** Options for {@linkcode Emulator.approve}. */
export interface ApproveOptions {
  /**
   * The user who clicks Allow: an id, a username, or its part before `@`
   * (`"alice"`); one of {@linkcode Emulator.users}. By default the first
   * user the request's `session_required_identities` names, else the demo
   * user.
   */
  as?: string | undefined;
}

/** A running emulator. */
export interface Emulator {
  /** The base URL, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  readonly url: string;
  /** The Auth base URL, with a trailing slash (`{url}/auth/`). */
  readonly authUrl: string;
  /** The Transfer base URL, with a trailing slash (`{url}/transfer/`). */
  readonly transferUrl: string;
  /** The port. */
  readonly port: number;
  /**
   * `GLOBUS_SDK_SERVICE_URL_AUTH` and `GLOBUS_SDK_SERVICE_URL_TRANSFER`,
   * pointing at this emulator, and `GLOBUS_SDK_ENVIRONMENT=emulator` (so
   * tokens go to `emulator-tokens.json`, not the real `tokens.json`).
   */
  readonly env: Record<string, string>;
  /** The folder holding one sub-folder per collection. */
  readonly root: string;
  /** The demo user, whom logins sign in as unless told otherwise. */
  readonly user: Readonly<EmulatorIdentity>;
  /**
   * The users one can log in as: the demo user, `alice`
   * (`alice@globus-emulator.org`, for sharing) and any `users` option. Log
   * in as one with `approve(url, { as: "alice" })`, the consent page's
   * identity choice, or `session_required_identities`; `mintTokens(scopes,
   * { identity: "alice" })` skips the login.
   */
  readonly users: readonly Readonly<EmulatorIdentity>[];
  /** The pre-registered confidential client. */
  readonly confidentialClient: ConfidentialClientInfo;
  /** The tutorial native client id (pre-registered). */
  readonly nativeClientId: string;
  /** Ids of the built-in collections. */
  readonly collections: EmulatorCollectionIds;
  /** Approved authorizations, oldest first (with session parameters and `prompt`). */
  readonly authorizations: readonly AuthorizationRecord[];
  /**
   * Approves an authorize URL, like clicking Allow: as the demo user, or
   * the user `options.as` names (or the request's
   * `session_required_identities` names).
   *
   * @param authorizeUrl The full `…/v2/oauth2/authorize?…` URL.
   * @param options Who approves.
   * @returns The authorization code.
   * @throws {Error} When the URL is not a valid authorization request, or
   *   `as` names no user of this emulator.
   */
  approve(authorizeUrl: string, options?: ApproveOptions): Promise<string>;
  /**
   * A login flow manager for a `UserApp` under test: each login approves
   * its authorize URL here ({@linkcode Emulator.approve}), as a person
   * clicking Allow would, then exchanges the code as a real login does.
   *
   * @param options `as` (who approves), and
   *   `handlesAuthorizationRequirements` (log in again on a
   *   ConsentRequired or policy error and retry, as the notebook flow;
   *   default `false`).
   * @returns The flow manager, for `config: { loginFlowManager }`.
   * @throws {TypeError} For an unknown option name.
   *
   * @example A UserApp logged in by the emulator
   * ```ts
   * import { TransferClient, UserApp } from "@globus-deno/sdk";
   * import { startEmulator } from "@globus-deno/sdk/testing";
   * const emulator = await startEmulator();
   * const app = new UserApp({
   *   appName: "my-app-tests",
   *   clientId: emulator.nativeClientId,
   *   config: {
   *     tokenStorage: "memory",
   *     authBaseUrl: emulator.authUrl,
   *     loginFlowManager: emulator.loginFlowManager(),
   *   },
   * });
   * const tc = new TransferClient({ app, baseUrl: emulator.transferUrl });
   * console.log((await tc.operationLs(emulator.collections.tutorial1)).DATA.length);
   * await app.close();
   * await emulator.close();
   * ```
   */
  loginFlowManager(options?: ApprovingLoginFlowOptions): LoginFlowManager;
  /**
   * Issues tokens directly, without a login flow, as if the user had
   * approved a login for these scopes: the consents are recorded (the
   * consents route lists them), and with `openid` the answer has an
   * `id_token`, as a code exchange's does. With `statePath`, they are in
   * the state file before the promise resolves.
   *
   * @param scopes A scope string, a `Scope`, or a list of them (e.g.
   *   `[TransferClient.scopes.all, "openid"]`).
   * @param opts Options.
   * @returns A token response: the first scope's resource server at the
   *   top level (the Auth token for `openid …`), the others in
   *   `other_tokens`.
   */
  mintTokens(
    scopes: string | object | Iterable<string | object>,
    opts?: MintTokensOptions,
  ): Promise<TokenResponseEntry>;
  /**
   * Every access and refresh token issued so far (revoked and expired ones
   * included), for tests that prove no token string leaks into output.
   * Out-of-process drivers get the same list from `GET /_emulator/tokens`.
   *
   * @returns The token strings.
   */
  issuedTokens(): string[];
  /**
   * Registers (or replaces) a client.
   *
   * @param client The client.
   */
  registerClient(client: ClientRegistration): void;
  /**
   * Gives a collection an authentication policy (its
   * `authentication_policy_id`), as a collection administrator does in
   * Globus: Transfer calls on it (and on its guest collections) whose login
   * does not meet the policy — a user from another domain, a login older
   * than `authentication_assurance_timeout` — get 403 `AuthPolicyFailed`
   * with `authorization_parameters.session_required_policies`; a new login
   * with those parameters (an app's `autoRedriveGares`) meets it. Also
   * `POST /_emulator/collection_policy`
   * `{collection_id, policy_id | policy}`.
   *
   * @param collectionId The collection.
   * @param policy A policy made with the developer API (its id), a new
   *   policy's fields (made in a project the demo user administers), or
   *   `null` to remove the collection's policy.
   * @returns The policy id, or `null`.
   * @throws {TypeError} For an unknown collection or policy, or an invalid
   *   policy field.
   */
  setCollectionPolicy(
    collectionId: string,
    policy: string | EmulatorPolicySpec | null,
  ): string | null;
  /**
   * Replaces the fault settings (resetting the request counter).
   *
   * @param faults The settings, or `undefined` for none.
   */
  setFaults(faults: FaultOptions | undefined): void;
  /** Faultable requests seen since faults were last set. */
  readonly requestCount: number;
  /**
   * Seeds `count` finished tasks for the demo user, generated lazily, each
   * listing `successfulTransfers` successful transfers.
   *
   * @param count How many tasks.
   * @param opts Options.
   * @returns Access to the seeded task ids.
   */
  seedTasks(count: number, opts?: SeedTasksOptions): SeededTasks;
  /**
   * Stops the server, cancels running tasks and removes a temporary root.
   *
   * @returns Resolves when everything is closed.
   */
  close(): Promise<void>;
  /**
   * `await using emulator = await startEmulator()` closes it at the end of
   * the block ({@linkcode Emulator.close}).
   *
   * @returns Resolves when everything is closed.
   */
  [Symbol.asyncDispose](): Promise<void>;
}
