/**
 * A local, stateful Globus (Auth + Transfer) for tests, demos and
 * benchmarks. It runs on Deno and Node (`node:http`), serves Auth at
 * `{url}/auth/` and Transfer at `{url}/transfer/`, and really copies files
 * between collection folders under `root`.
 *
 * @module
 */
import { mkdir, rm } from "node:fs/promises";
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import {
  type AuthorizationRecord,
  AuthStore,
  type ClientRegistration,
  DEFAULT_CONFIDENTIAL_CLIENT_ID,
  DEMO_USER,
  type EmulatorIdentity,
  type EmulatorUserSpec,
  TUTORIAL_CLIENT_ID,
} from "./auth_store.ts";
import { AuthService, type TokenResponseEntry } from "./auth_service.ts";
import { type EmulatorClock, realClock } from "./clock.ts";
import { makeEmulatorRoot } from "./_temp_root.ts";
import { hideFromInspect } from "../core/redact.ts";
import { printsAsSummary } from "./_emulator_text.ts";
import {
  type Collection,
  type CollectionSpec,
  defaultCollectionSpecs,
  EMULATOR_COLLECTIONS,
  type EmulatorCollectionIds,
  makeCollection,
  seedCollection,
  TUTORIAL_COLLECTION_1,
  TUTORIAL_COLLECTION_2,
} from "./collections.ts";
import {
  checkApproveOptions,
  checkMintTokensOptions,
  checkSeedTasksOptions,
  checkStartOptions,
} from "./emulator_options.ts";
import { abortableSleep } from "./file_ops.ts";
import { FaultInjector, type FaultOptions } from "./faults.ts";
import { indexPage } from "./html.ts";
import {
  type EmulatorRequest,
  type EmulatorResponse,
  htmlResponse,
  jsonResponse,
  randomToken,
  requestId,
} from "./http.ts";
import { getSigningKeys } from "./keys.ts";
import { loadAuthState, saveAuthState } from "./state_file.ts";
import type { EmulatorPolicySpec } from "./session_policies.ts";
import { groupByResourceServer, parseScopes } from "./scopes.ts";
import {
  type SeededTasks,
  type SeedTasksOptions,
  TaskEngine,
} from "./tasks.ts";
import { TransferService } from "./transfer_service.ts";
import { startWorkerEmulator } from "./worker_emulator.ts";

export type { FaultKind, FaultOptions, FaultRates } from "./faults.ts";
export type { SeededTasks, SeedTasksOptions } from "./tasks.ts";
export type {
  AuthorizationRecord,
  ClientRegistration,
  EmulatorIdentity,
  EmulatorUserSpec,
} from "./auth_store.ts";
export { ALICE_USER, DEMO_USER } from "./auth_store.ts";
export type { TokenResponseEntry } from "./auth_service.ts";
export type { EmulatorClock } from "./clock.ts";
export type { CollectionSpec, EmulatorCollectionIds } from "./collections.ts";
export type { EmulatorPolicySpec } from "./session_policies.ts";
export {
  EMULATOR_COLLECTIONS,
  MAPPED_COLLECTION,
  TUTORIAL_COLLECTION_1,
  TUTORIAL_COLLECTION_2,
} from "./collections.ts";

/** Options for {@linkcode startEmulator}. */
export interface EmulatorOptions {
  /**
   * The port on 127.0.0.1; 0 picks a free one.
   * @default 0
   */
  port?: number;
  /**
   * The folder holding one sub-folder per collection. A fresh temporary
   * folder when omitted (removed again by `close()`); a given folder is kept.
   */
  root?: string;
  /**
   * Skip the consent page: `GET v2/oauth2/authorize` redirects at once.
   * @default false
   */
  autoApprove?: boolean;
  /** Fault injection (never applied to `/_emulator/*`). */
  faults?: FaultOptions;
  /**
   * Access token lifetime in seconds.
   * @default 172800
   */
  tokenLifetimeS?: number;
  /**
   * Rotate refresh tokens: each refresh answers with a new refresh token,
   * and the one presented is refused from then on (`invalid_grant`,
   * "Refresh token already used"), as Globus Auth does for clients with
   * rotation on. `GET /_emulator/stats` counts the refreshes.
   * @default false
   */
  rotateRefreshTokens?: boolean;
  /**
   * The time source for token, code and deadline expiry (a fake clock in
   * tests). A clock cannot cross a thread, so an emulator with one runs in
   * the caller's thread (as with `inProcess: true`).
   */
  clock?: EmulatorClock;
  /**
   * Run the emulator (its HTTP server and state) in the caller's thread
   * instead of its own worker thread. In-process, anything that blocks the
   * thread — `prompt()`, the Jupyter kernel's input box, a synchronous read
   * of standard input — also stops the emulator from answering, so a login
   * waiting for a code from it never finishes. Implied by `clock`.
   * @default false (true when a `clock` is given)
   */
  inProcess?: boolean;
  /** Extra clients to register (native apps when without a secret). */
  clients?: ClientRegistration[];
  /**
   * More users to log in as, besides the demo user and `alice` (see
   * {@linkcode Emulator.users}).
   */
  users?: EmulatorUserSpec[];
  /** Replaces the default confidential client's id and secret. */
  confidentialClient?: { clientId: string; clientSecret: string };
  /** Extra collections to serve, besides the tutorial and mapped ones. */
  collections?: CollectionSpec[];
  /**
   * A delay before each task starts and before each file it copies, in
   * milliseconds, so tests can watch or cancel a running task.
   * @default 0
   */
  taskDelayMs?: number;
  /** Limits task copy rates to this many bytes per second. */
  throttleBytesPerSecond?: number;
  /**
   * A file that keeps issued tokens and consents (and bookmarks, pause
   * rules, tunnels and guest collections) across restarts: loaded at start,
   * written by `close()`. Without it, every start forgets all tokens.
   */
  statePath?: string;
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
  clientId?: string;
  /**
   * Also create refresh tokens.
   * @default false
   */
  refreshTokens?: boolean;
  /**
   * The user the tokens are for: an id, a username, or its part before `@`
   * (`"alice"`); one of {@linkcode Emulator.users}.
   * @default the demo user
   */
  identity?: string;
}

/** Options for {@linkcode Emulator.approve}. */
export interface ApproveOptions {
  /**
   * The user who clicks Allow: an id, a username, or its part before `@`
   * (`"alice"`); one of {@linkcode Emulator.users}. By default the first
   * user the request's `session_required_identities` names, else the demo
   * user.
   */
  as?: string;
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
   * Issues tokens directly, without a login flow.
   *
   * @param scopes A scope string.
   * @param opts Options.
   * @returns A token response (first resource server at the top level).
   */
  mintTokens(
    scopes: string,
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

const MAX_BODY = 64 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    req.on("data", (c: Uint8Array) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new RangeError("body too large"));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => {
      const out = new Uint8Array(size);
      let o = 0;
      for (const c of chunks) {
        out.set(c, o);
        o += c.length;
      }
      resolve(out);
    });
    req.on("error", reject);
  });
}

class EmulatorImpl implements Emulator {
  readonly url: string;
  readonly authUrl: string;
  readonly transferUrl: string;
  readonly port: number;
  readonly env: Record<string, string>;
  readonly user: Readonly<EmulatorIdentity> = DEMO_USER;
  readonly nativeClientId: string = TUTORIAL_CLIENT_ID;
  readonly collections: EmulatorCollectionIds = EMULATOR_COLLECTIONS;
  readonly #server: Server;
  readonly #closing = new AbortController();
  #closed: Promise<void> | undefined;

  constructor(
    server: Server,
    port: number,
    readonly root: string,
    readonly ownsRoot: boolean,
    readonly confidentialClient: ConfidentialClientInfo,
    readonly store: AuthStore,
    readonly faults: FaultInjector,
    readonly collectionMap: Map<string, Collection>,
    readonly engine: TaskEngine,
    autoApprove: boolean,
    readonly statePath: string | undefined,
  ) {
    this.#server = server;
    this.port = port;
    this.url = `http://127.0.0.1:${port}`;
    this.authUrl = `${this.url}/auth/`;
    this.transferUrl = `${this.url}/transfer/`;
    this.env = {
      GLOBUS_SDK_ENVIRONMENT: "emulator",
      GLOBUS_SDK_SERVICE_URL_AUTH: this.authUrl,
      GLOBUS_SDK_SERVICE_URL_TRANSFER: this.transferUrl,
    };
    this.auth = new AuthService(store, this.authUrl, autoApprove);
    this.transfer = new TransferService(store, collectionMap, engine);
    this.transfer.policyLookup = (id) => this.auth.developer.policy(id);
  }

  readonly auth: AuthService;
  readonly transfer: TransferService;

  get authorizations(): readonly AuthorizationRecord[] {
    return this.store.authorizations;
  }

  get users(): readonly Readonly<EmulatorIdentity>[] {
    return this.store.users;
  }

  #userId(ref: string | undefined): string | undefined {
    if (ref === undefined) return undefined;
    const u = typeof ref === "string" ? this.store.user(ref) : undefined;
    if (!u) {
      throw new TypeError(
        `Cannot act as '${ref}': not a user of this emulator (its users: ${
          this.store.users.map((x) => x.username).join(", ")
        }; add more with the 'users' option)`,
      );
    }
    return u.id;
  }

  get requestCount(): number {
    return this.faults.requestCount;
  }

  issuedTokens(): string[] {
    return [...this.store.tokens.keys()];
  }

  approve(authorizeUrl: string, options: ApproveOptions = {}): Promise<string> {
    checkApproveOptions(options);
    try {
      return Promise.resolve(this.#approve(authorizeUrl, options.as).code);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  #approve(
    authorizeUrl: string,
    as?: string,
  ): { code: string; location: string; state: string } {
    const identityId = this.#userId(as);
    let u: URL;
    try {
      u = new URL(authorizeUrl);
    } catch {
      throw new TypeError(`Cannot approve '${authorizeUrl}': not a URL`);
    }
    const v = this.auth.validateAuthorize(u.searchParams);
    if (!v.ok) {
      throw new Error(`Cannot approve the authorization request: ${v.message}`);
    }
    const r = this.auth.approveRequest(
      v.request,
      identityId ?? this.auth.defaultUser(v.request),
    );
    return { ...r, state: v.request.state };
  }

  async mintTokens(
    scopes: string,
    opts: MintTokensOptions = {},
  ): Promise<TokenResponseEntry> {
    checkMintTokensOptions(opts);
    const clientId = opts.clientId ?? TUTORIAL_CLIENT_ID;
    const client = this.store.client(clientId);
    if (!client) throw new TypeError(`Unknown client '${clientId}'`);
    const identityId = this.#userId(opts.identity) ?? DEMO_USER.id;
    const groups = groupByResourceServer(parseScopes(scopes));
    const entries: TokenResponseEntry[] = groups.map((g) => {
      const at = this.store.issueTokens(
        g,
        client.id,
        identityId,
        opts.refreshTokens ?? false,
      );
      const e: TokenResponseEntry = {
        access_token: at.token,
        scope: at.scopes.join(" "),
        expires_in: at.expiresAt - at.issuedAt,
        token_type: "Bearer",
        resource_server: at.resourceServer,
        state: "_default",
      };
      if (at.refreshToken !== null) e.refresh_token = at.refreshToken;
      return e;
    });
    const [first, ...rest] = entries;
    if (!first) throw new TypeError("No scopes given");
    // Printed, the tokens read [REDACTED], as the SDK's own token data;
    // read by name and in JSON they are whole.
    return await Promise.resolve(
      hideFromInspect({ ...first, other_tokens: rest }, "TokenResponseEntry"),
    );
  }

  registerClient(client: ClientRegistration): void {
    this.store.registerClient(client);
  }

  setFaults(faults: FaultOptions | undefined): void {
    this.faults.set(faults);
  }

  setCollectionPolicy(
    collectionId: string,
    policy: string | EmulatorPolicySpec | null,
  ): string | null {
    const c = this.collectionMap.get(collectionId);
    if (!c) {
      throw new TypeError(
        `Cannot set the policy of collection '${collectionId}': no such collection (the emulator's: ${
          [...this.collectionMap.keys()].join(", ")
        })`,
      );
    }
    let id: string | null;
    if (policy === null) id = null;
    else if (typeof policy === "string") {
      if (!this.auth.developer.policy(policy)) {
        throw new TypeError(
          `Cannot set the policy of collection '${collectionId}': no policy '${policy}' (make one with AuthClient.createPolicy, or pass the policy's fields)`,
        );
      }
      id = policy;
    } else if (typeof policy === "object" && !Array.isArray(policy)) {
      id = this.auth.developer.addPolicy(
        policy as Record<string, unknown>,
        DEMO_USER.id,
      ).id;
    } else {
      throw new TypeError(
        `Cannot set the policy of collection '${collectionId}': 'policy' must be a policy id, a policy's fields or null`,
      );
    }
    c.fields = { ...c.fields, authentication_policy_id: id };
    return id;
  }

  seedTasks(count: number, opts: SeedTasksOptions = {}): SeededTasks {
    checkSeedTasksOptions(opts);
    const src = this.collectionMap.get(TUTORIAL_COLLECTION_1) as Collection;
    const dst = this.collectionMap.get(TUTORIAL_COLLECTION_2) as Collection;
    return this.engine.seed(
      count,
      { id: DEMO_USER.id, username: DEMO_USER.username },
      src,
      dst,
      opts,
    );
  }

  /** Handles one HTTP request. */
  async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.url);
    const path = url.pathname;
    const control = path.startsWith("/_emulator/") ||
      path.startsWith("/auth/_emulator/");
    let lost = false;
    if (!control) {
      const d = this.faults.decide(path);
      if (d.latencyMs > 0) {
        try {
          await abortableSleep(d.latencyMs, this.#closing.signal);
        } catch {
          req.socket.destroy();
          return;
        }
      }
      lost = d.kind === "lost";
      if (d.kind === "drop") {
        req.socket.destroy();
        return;
      }
      if (d.kind !== null && d.kind !== "lost") {
        await readBody(req).catch(() => undefined);
        const status = Number(d.kind);
        const headers: Record<string, string> = {
          "content-type": "application/json",
        };
        if (status === 429 || status === 503) {
          headers["retry-after"] = String(this.faults.retryAfterS);
        }
        const codes: Record<number, string> = {
          429: "RequestLimitExceeded",
          500: "InternalError",
          502: "BadGateway",
          503: "ServiceUnavailable",
        };
        res.writeHead(status, headers);
        res.end(JSON.stringify({
          code: codes[status],
          message: `Injected fault (request ${d.requestNumber})`,
          request_id: requestId(),
          resource: path,
        }));
        return;
      }
    }
    let body: Uint8Array;
    try {
      body = await readBody(req);
    } catch {
      this.#write(
        res,
        jsonResponse(413, {
          code: "RequestTooLarge",
          message: "Body too large",
        }),
      );
      return;
    }
    const base = {
      method: (req.method ?? "GET").toUpperCase(),
      url,
      headers: req.headers,
      body,
    };
    let out: EmulatorResponse;
    if (path.startsWith("/auth/_emulator/")) {
      out = this.#control({
        ...base,
        path: path.slice("/auth/_emulator/".length),
      });
    } else if (path.startsWith("/_emulator/")) {
      out = this.#control({ ...base, path: path.slice("/_emulator/".length) });
    } else if (path.startsWith("/auth/")) {
      out = await this.auth.handle({
        ...base,
        path: path.slice("/auth/".length),
      });
    } else if (path.startsWith("/transfer/")) {
      out = await this.transfer.handle({
        ...base,
        path: path.slice("/transfer/".length),
      });
    } else if (path === "/" || path === "/auth" || path === "/transfer") {
      out = htmlResponse(200, indexPage(this.authUrl, this.transferUrl));
    } else {
      out = jsonResponse(404, {
        code: "NotFound",
        message:
          `No such resource ${path}: Auth is under /auth/, Transfer under /transfer/`,
        request_id: requestId(),
        resource: path,
      });
    }
    // What changed is in the state file before the answer, not only at
    // close(): an emulator in a notebook is ended by a kernel restart,
    // never closed.
    if (base.method !== "GET" && base.method !== "HEAD") {
      await this.#saveState();
    }
    if (lost) {
      // Processed, but the answer never reaches the client.
      req.socket.destroy();
      return;
    }
    this.#write(res, out);
  }

  /** A state file save under way (one at a time). */
  #saving: Promise<void> | undefined;
  /** Whether a change came in while a save was under way. */
  #changedSince = false;

  /**
   * Saves the state file, when there is one; a change made while a save is
   * under way is saved by that save's next round (one writer at a time).
   *
   * @returns Resolves once the file holds the changes made so far.
   */
  #saveState(): Promise<void> {
    const path = this.statePath;
    if (!path) return Promise.resolve();
    if (this.#saving) {
      this.#changedSince = true;
      return this.#saving;
    }
    return this.#saving = (async () => {
      do {
        this.#changedSince = false;
        await saveAuthState(this.store, path);
      } while (this.#changedSince);
    })().catch(() => {
      // Best effort here: close() saves again, and says if it cannot.
    }).finally(() => {
      this.#saving = undefined;
    });
  }

  #write(res: ServerResponse, r: EmulatorResponse): void {
    const headers = this.faults.mayDrop
      ? { ...r.headers, connection: "close" }
      : r.headers;
    res.writeHead(r.status, headers);
    res.end(r.body);
  }

  #control(req: EmulatorRequest): EmulatorResponse {
    const body = (() => {
      try {
        const t = new TextDecoder().decode(req.body);
        return t ? JSON.parse(t) : {};
      } catch {
        return undefined;
      }
    })() as Record<string, unknown> | undefined;
    const p = req.path.replace(/\/+$/, "");
    if (p === "health" && req.method === "GET") {
      return jsonResponse(200, {
        ok: true,
        auth_url: this.authUrl,
        transfer_url: this.transferUrl,
      });
    }
    if (p === "tokens" && req.method === "GET") {
      return jsonResponse(200, { tokens: this.issuedTokens() });
    }
    if (p === "stats" && req.method === "GET") {
      return jsonResponse(200, this.auth.stats());
    }
    if (body === undefined) {
      return invalidRequest("Body must be JSON");
    }
    if (p === "approve" && req.method === "POST") {
      const url = body.authorize_url;
      if (typeof url !== "string") {
        return invalidRequest("authorize_url is required");
      }
      try {
        const r = this.#approve(
          url,
          typeof body.as === "string" ? body.as : undefined,
        );
        return jsonResponse(200, {
          code: r.code,
          state: r.state,
          redirect_to: r.location,
        });
      } catch (e) {
        return invalidRequest(e);
      }
    }
    if (p === "faults" && req.method === "POST") {
      try {
        this.faults.set(
          Object.keys(body).length ? body as FaultOptions : undefined,
        );
      } catch (e) {
        return invalidRequest(e);
      }
      return jsonResponse(200, { ok: true });
    }
    if (p === "collection_policy" && req.method === "POST") {
      try {
        const policy = "policy" in body ? body.policy : body.policy_id ?? null;
        const id = this.setCollectionPolicy(
          String(body.collection_id ?? ""),
          policy as string | EmulatorPolicySpec | null,
        );
        return jsonResponse(200, {
          collection_id: body.collection_id,
          policy_id: id,
        });
      } catch (e) {
        return invalidRequest(e);
      }
    }
    if (p === "seed_tasks" && req.method === "POST") {
      const count = Number(body.count ?? 0);
      const st = body.successful_transfers;
      try {
        const s = this.seedTasks(
          count,
          st === undefined ? {} : { successfulTransfers: Number(st) },
        );
        return jsonResponse(200, {
          count: s.count,
          first_task_id: s.firstTaskId,
        });
      } catch (e) {
        return invalidRequest(e);
      }
    }
    return jsonResponse(404, {
      error: "not_found",
      error_description: `No control route ${p}`,
    });
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  close(): Promise<void> {
    this.#closed ??= (async () => {
      this.#closing.abort();
      await this.engine.close();
      await this.#saving;
      if (this.statePath) await saveAuthState(this.store, this.statePath);
      await new Promise<void>((resolve) => {
        this.#server.close(() => resolve());
        this.#server.closeAllConnections?.();
      });
      if (this.ownsRoot) await rm(this.root, { recursive: true, force: true });
    })();
    return this.#closed;
  }
}
printsAsSummary(EmulatorImpl);

/**
 * Starts a local Globus emulator (Auth + Transfer) on 127.0.0.1.
 *
 * Auth is served at `{url}/auth/` and Transfer at `{url}/transfer/`; `env`
 * holds `GLOBUS_SDK_SERVICE_URL_AUTH` / `GLOBUS_SDK_SERVICE_URL_TRANSFER`
 * for clients. Logins sign in as a demo user; `approve()` plays the user
 * clicking Allow. Needs `--allow-net=127.0.0.1`, `--allow-read`,
 * `--allow-write` (the root folder) and `--allow-env` (temp dir) on Deno.
 *
 * The emulator runs in its own worker thread (a module `Worker` on Deno,
 * `node:worker_threads` on Node), so it keeps answering while this thread is
 * blocked — in `prompt()`, the Jupyter kernel's input box, or a synchronous
 * read of standard input — waiting for a code from it. The returned object
 * is a proxy with the same members; `close()` ends the thread. With
 * `inProcess: true`, or a `clock` (which cannot cross a thread), it runs in
 * this thread instead.
 *
 * @param options Settings.
 * @returns The running emulator; call `close()` when done.
 * @throws {Error} When the port cannot be bound.
 *
 * @example Log in with PKCE and list a tutorial collection
 * ```ts
 * import { startEmulator } from "@globus-deno/sdk/testing";
 * import { createHash, randomBytes } from "node:crypto";
 *
 * const emu = await startEmulator();
 * try {
 *   const verifier = randomBytes(32).toString("base64url");
 *   const challenge = createHash("sha256").update(verifier).digest("base64url");
 *   const redirect = `${emu.authUrl}v2/web/auth-code`;
 *   const authorize = new URL(`${emu.authUrl}v2/oauth2/authorize`);
 *   authorize.search = new URLSearchParams({
 *     client_id: emu.nativeClientId,
 *     redirect_uri: redirect,
 *     scope: "openid urn:globus:auth:scope:transfer.api.globus.org:all",
 *     response_type: "code",
 *     code_challenge: challenge,
 *     code_challenge_method: "S256",
 *   }).toString();
 *   const code = await emu.approve(authorize.href);
 *   const tokens = await (await fetch(`${emu.authUrl}v2/oauth2/token`, {
 *     method: "POST",
 *     body: new URLSearchParams({
 *       grant_type: "authorization_code",
 *       code,
 *       code_verifier: verifier,
 *       redirect_uri: redirect,
 *       client_id: emu.nativeClientId,
 *     }),
 *   })).json();
 *   const transfer = tokens.other_tokens[0].access_token;
 *   const ls = await fetch(
 *     `${emu.transferUrl}v0.10/operation/endpoint/${emu.collections.tutorial1}/ls?path=/share/godata/`,
 *     { headers: { authorization: `Bearer ${transfer}` } },
 *   );
 *   console.log((await ls.json()).DATA.map((f: { name: string }) => f.name));
 * } finally {
 *   await emu.close();
 * }
 * ```
 */
export async function startEmulator(
  options: EmulatorOptions = {},
): Promise<Emulator> {
  checkStartOptions(options);
  if (options.inProcess || options.clock !== undefined) {
    return await startInProcess(options);
  }
  const { inProcess: _, ...cloneable } = options;
  return await startWorkerEmulator(cloneable);
}

/** A control route's 400 answer: a description, or the error thrown. */
function invalidRequest(problem: unknown): EmulatorResponse {
  return jsonResponse(400, {
    error: "invalid_request",
    error_description: problem instanceof Error
      ? problem.message
      : String(problem),
  });
}

/** Starts the emulator in this thread. */
async function startInProcess(options: EmulatorOptions): Promise<Emulator> {
  const {
    port = 0,
    autoApprove = false,
    tokenLifetimeS = 172800,
    clock = realClock,
    taskDelayMs = 0,
  } = options;
  const throttle = options.throttleBytesPerSecond ?? null;
  const faults = new FaultInjector(options.faults);
  await getSigningKeys();
  const ownsRoot = options.root === undefined;
  const root = options.root === undefined
    ? await makeEmulatorRoot()
    : resolve(options.root);
  try {
    await mkdir(root, { recursive: true });
    const store = new AuthStore(clock, Math.floor(tokenLifetimeS));
    if (options.statePath) await loadAuthState(store, options.statePath);
    store.registerClient({
      clientId: TUTORIAL_CLIENT_ID,
      name: "Globus SDK Tutorial App",
    });
    const confidential: ConfidentialClientInfo = options.confidentialClient ?? {
      clientId: DEFAULT_CONFIDENTIAL_CLIENT_ID,
      clientSecret: randomToken(24),
    };
    store.registerClient({
      clientId: confidential.clientId,
      clientSecret: confidential.clientSecret,
      name: "Globus Emulator Confidential App",
    });
    for (const c of options.clients ?? []) store.registerClient(c);
    for (const u of options.users ?? []) store.addUser(u);
    const collectionMap = new Map<string, Collection>();
    for (
      const spec of [
        ...defaultCollectionSpecs(),
        ...(options.collections ?? []),
      ]
    ) {
      const c = makeCollection(spec, root, DEMO_USER);
      collectionMap.set(c.id, c);
      await seedCollection(c, spec.files);
    }
    const engine = new TaskEngine({
      clock,
      taskDelayMs,
      throttleBytesPerSecond: throttle,
    });
    const holder: { impl?: EmulatorImpl } = {};
    const server = createServer((req, res) => {
      const impl = holder.impl;
      if (!impl) {
        res.writeHead(503).end();
        return;
      }
      impl.serve(req, res).catch((e) => {
        if (!res.headersSent) {
          res.writeHead(500, { "content-type": "application/json" });
          res.end(JSON.stringify({
            code: "InternalError",
            message: `Emulator error: ${
              e instanceof Error ? e.message : String(e)
            }`,
            request_id: requestId(),
            resource: req.url ?? "",
          }));
        } else res.destroy();
      });
    });
    server.keepAliveTimeout = 5000;
    const bound = await new Promise<number>((resolvePort, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        resolvePort((server.address() as AddressInfo).port);
      });
    });
    const impl = new EmulatorImpl(
      server,
      bound,
      root,
      ownsRoot,
      confidential,
      store,
      faults,
      collectionMap,
      engine,
      autoApprove,
      options.statePath,
    );
    impl.auth.rotateRefreshTokens = options.rotateRefreshTokens === true;
    holder.impl = impl;
    return impl;
  } catch (e) {
    if (ownsRoot) await rm(root, { recursive: true, force: true });
    throw e;
  }
}
