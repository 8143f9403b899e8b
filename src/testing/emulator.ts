/**
 * A local, stateful Globus (Auth + Transfer) for tests, demos and
 * benchmarks. It runs on Deno and Node (`node:http`), serves Auth at
 * `{url}/auth/` and Transfer at `{url}/transfer/`, and really copies files
 * between collection folders under `root`.
 *
 * @module
 */
import { mkdir } from "node:fs/promises";
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { resolve } from "node:path";
import {
  type AuthorizationRecord,
  AuthStore,
  type ClientRegistration,
  DEFAULT_CONFIDENTIAL_CLIENT_ID,
  DEMO_USER,
  type EmulatorIdentity,
  TUTORIAL_CLIENT_ID,
} from "./auth_store.ts";
import { AuthService, type TokenResponseEntry } from "./auth_service.ts";
import { realClock } from "./clock.ts";
import { makeEmulatorRoot, removeTree, ROOT_PREFIX } from "./_temp_root.ts";
import { hideFromInspect } from "../core/redact.ts";
import { nodePermissionFlag } from "../core/runtime.ts";
import { markClosed, printsAsSummary } from "./_emulator_text.ts";
import { authPathAtTransfer, transferPathAtAuth } from "./_wrong_service.ts";
import {
  type Collection,
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
  checkClientRegistration,
  checkMintTokensOptions,
  checkSeedTasksOptions,
  checkStartOptions,
  type MintScopes,
  mintScopesText,
} from "./emulator_options.ts";
import { abortableSleep } from "./file_ops.ts";
import {
  approvingLoginFlow,
  type ApprovingLoginFlowOptions,
} from "./approving_flow.ts";
import type { LoginFlowManager } from "../app/login_flow.ts";
import { FaultInjector, type FaultOptions, faultStatus } from "./faults.ts";
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
import {
  loadAuthState,
  saveAuthState,
  savedConfidentialSecret,
} from "./state_file.ts";
import { homeOf } from "./paths.ts";
import { UuidKeyMap } from "./_canonical_ids.ts";
import type { EmulatorPolicySpec } from "./session_policies.ts";
import {
  firstUnknownScope,
  groupByResourceServer,
  parseScopes,
} from "./scopes.ts";
import {
  type SeededTasks,
  type SeedTasksOptions,
  TaskEngine,
} from "./tasks.ts";
import { TransferService } from "./transfer_service.ts";
import { startWorkerEmulator } from "./worker_emulator.ts";

export type { FaultKind, FaultOptions, FaultRates } from "./faults.ts";
export type { ApprovingLoginFlowOptions } from "./approving_flow.ts";
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

export type {
  ApproveOptions,
  ConfidentialClientInfo,
  Emulator,
  EmulatorOptions,
  MintTokensOptions,
} from "./emulator_types.ts";
import type {
  ApproveOptions,
  ConfidentialClientInfo,
  Emulator,
  EmulatorOptions,
  MintTokensOptions,
} from "./emulator_types.ts";

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

  /**
   * Throws once `close()` was called, as the worker emulator's methods do
   * (a closed in-process emulator still minted tokens and seeded tasks).
   */
  #open(what: string): void {
    if (this.#closed) {
      throw new Error(`Cannot ${what}: the emulator is closed`);
    }
  }

  approve(authorizeUrl: string, options: ApproveOptions = {}): Promise<string> {
    try {
      this.#open("approve");
      checkApproveOptions(options);
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
    scopes: MintScopes,
    opts: MintTokensOptions = {},
  ): Promise<TokenResponseEntry> {
    this.#open("mint tokens");
    const scopeText = mintScopesText(scopes);
    checkMintTokensOptions(opts);
    const clientId = opts.clientId ?? TUTORIAL_CLIENT_ID;
    const client = this.store.client(clientId);
    if (!client) {
      throw new TypeError(
        `Cannot mint tokens for client '${clientId}': not a client of this emulator (any UUID is taken as a native app's id; register another id first with emulator.registerClient({ clientId }) or the 'clients' option)`,
      );
    }
    const identityId = this.#userId(opts.identity) ?? DEMO_USER.id;
    const parsed = parseScopes(scopeText);
    // As a token request is refused (invalid_scope): a misspelled scope
    // seeded a test with a token nothing would accept.
    const unknown = firstUnknownScope(
      parsed,
      (scope) => this.auth.developer.hasScope(scope),
    );
    if (unknown !== null) {
      throw new TypeError(
        `Cannot mint tokens for the unknown scope '${unknown}' (Globus Auth would refuse it with invalid_scope): check its spelling (e.g. TransferClient.scopes.all), or create it first with the developer API's createScope`,
      );
    }
    const groups = groupByResourceServer(parsed);
    // As a login the user approved: its consents (getConsents lists them,
    // and toForest() meets the scopes), and an id_token with openid.
    this.store.recordConsents(parsed, client.id, identityId);
    const entries = await this.auth.issueLoginTokens(
      groups,
      client.id,
      identityId,
      opts.refreshTokens ?? false,
    );
    for (const e of entries) e.state = "_default";
    const [first, ...rest] = entries;
    if (!first) throw new TypeError("No scopes given");
    // Saved before they are handed out, as a login's are: a process that
    // is killed, never closed, keeps them.
    await this.#saveState();
    // Printed, the tokens read [REDACTED], as the SDK's own token data;
    // read by name and in JSON they are whole.
    return hideFromInspect(
      { ...first, other_tokens: rest },
      "TokenResponseEntry",
    );
  }

  loginFlowManager(options?: ApprovingLoginFlowOptions): LoginFlowManager {
    return approvingLoginFlow(this, options);
  }

  registerClient(client: ClientRegistration): void {
    this.#open("register a client");
    checkClientRegistration("Emulator.registerClient()", client);
    this.store.registerClient(client);
    void this.#saveState();
  }

  setFaults(faults: FaultOptions | undefined): void {
    this.#open("set faults");
    this.faults.set(faults);
  }

  setCollectionPolicy(
    collectionId: string,
    policy: string | EmulatorPolicySpec | null,
  ): string | null {
    this.#open("set a collection's policy");
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
    void this.#saveState();
    return id;
  }

  seedTasks(count: number, opts: SeedTasksOptions = {}): SeededTasks {
    this.#open("seed tasks");
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
        const status = faultStatus(d.kind) ?? 500;
        const headers: Record<string, string> = {
          "content-type": "application/json",
        };
        if (status === 429 || status === 503) {
          headers["retry-after"] = String(this.faults.retryAfterS);
        }
        const codes: Record<number, string> = {
          400: "ClientError.BadRequest",
          403: "PermissionDenied",
          404: "ClientError.NotFound",
          409: "ClientError.Conflict",
          429: "RequestLimitExceeded",
          500: "InternalError",
          502: "BadGateway",
          503: "ServiceUnavailable",
        };
        res.writeHead(status, headers);
        res.end(JSON.stringify({
          code: codes[status] ?? (status < 500 ? "ClientError" : "ServerError"),
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
      const p = path.slice("/auth/".length);
      out = transferPathAtAuth(p, this.authUrl, this.transferUrl) ??
        await this.auth.handle({ ...base, path: p });
    } else if (path.startsWith("/transfer/")) {
      const p = path.slice("/transfer/".length);
      out = authPathAtTransfer(p, this.transferUrl, this.authUrl) ??
        await this.transfer.handle({ ...base, path: p });
    } else if (path === "/" || path === "/auth" || path === "/transfer") {
      out = htmlResponse(200, indexPage(this.authUrl, this.transferUrl));
    } else {
      out = jsonResponse(404, {
        code: "NotFound",
        message:
          `No such resource ${path}: the emulator serves Auth at ${this.authUrl} (emulator.authUrl) and Transfer at ${this.transferUrl} (emulator.transferUrl); give a client its service's URL as its baseUrl`,
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
    markClosed(this);
    this.#closed ??= (async () => {
      this.#closing.abort();
      await this.engine.close();
      await this.#saving;
      if (this.statePath) await saveAuthState(this.store, this.statePath);
      await new Promise<void>((resolve) => {
        this.#server.close(() => resolve());
        this.#server.closeAllConnections?.();
      });
      if (this.ownsRoot) await removeTree(this.root);
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
 * @throws {TypeError} For a bad option (an unknown name, also inside a
 *   collection, user or client spec; a collection id that is no UUID or
 *   is taken; a seeded path outside its collection; a fault kind the
 *   emulator cannot inject), naming it and the fix.
 * @throws {RangeError} For a value out of range (`port`, `tokenLifetimeS`).
 * @throws {Error} When the port cannot be bound (in use: `code`
 *   `EADDRINUSE`; the message says to pick another or leave `port` out).
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
  try {
    if (options.inProcess || options.clock !== undefined) {
      return await startInProcess(options);
    }
    const { inProcess: _, ...cloneable } = options;
    return await startWorkerEmulator(cloneable);
  } catch (e) {
    throw rootDenied(
      e,
      options.root,
      !(options.inProcess || options.clock !== undefined),
    ) ?? nodeDenied(e, options.root) ?? e;
  }
}

/**
 * Node's permission model's refusal (`node --permission`) of what the
 * emulator needs, said with the flags to add, or `undefined` for any other
 * error: the worker thread it runs in, or its folder (Node 20 said only
 * "Access to this API has been restricted", and Node 24 named a flag but
 * not the folder; from the worker thread, with no line of the caller's).
 */
function nodeDenied(e: unknown, root: string | undefined): Error | undefined {
  const err = e as { code?: unknown; permission?: unknown; resource?: unknown };
  if (err?.code !== "ERR_ACCESS_DENIED") return undefined;
  const model = `Node's permission model (${nodePermissionFlag()})`;
  if (err.permission === "WorkerThreads") {
    return new Error(
      `Cannot start the emulator: ${model} refuses the worker thread it runs in. Run node with --allow-worker, or start it in this thread: startEmulator({ inProcess: true })`,
      { cause: e },
    );
  }
  const kind = err.permission === "FileSystemWrite"
    ? "write"
    : err.permission === "FileSystemRead"
    ? "read"
    : undefined;
  if (kind === undefined) return undefined;
  const folder = root !== undefined ? resolve(root) : tmpdir();
  const path = typeof err.resource === "string" ? err.resource : "";
  if (path !== folder && !path.startsWith(folder.replace(/\/?$/, "/"))) {
    return undefined;
  }
  return new Error(
    `Cannot start the emulator: ${model} gives no ${kind} access to ${folder}, where it keeps its collections' files. Run node with --allow-fs-read='${folder}/*' --allow-fs-write='${folder}/*'${
      root === undefined
        ? " (or give it a folder you allow: startEmulator({ root }))"
        : ""
    }`,
    { cause: e },
  );
}

/**
 * The folder of this package's files when they are local (a checkout in
 * `links`): the emulator's worker thread loads them, so the flags a
 * message suggests name it too (the folder's flags alone, used in place of
 * a plain --allow-read, then failed on the worker's modules).
 */
function localPackageDir(): string | undefined {
  const url = new URL("../../", import.meta.url);
  if (url.protocol !== "file:") return undefined;
  return decodeURIComponent(url.pathname).replace(/\/$/, "");
}

/**
 * Deno's refusal of the emulator's own folder, said with the flags to add
 * (it was Deno's "NotCapable: Requires write access to <TMP>", with nothing
 * to say that the emulator keeps its collections' files there), or
 * `undefined` for any other error.
 */
function rootDenied(
  e: unknown,
  root: string | undefined,
  worker: boolean,
): Error | undefined {
  const message = e instanceof Error ? e.message : "";
  if (worker && message.startsWith("Cannot start the emulator: Deno denied")) {
    // Said by the worker thread, which cannot know it needed its modules.
    const pkg = localPackageDir();
    if (pkg === undefined) return undefined;
    return new Error(
      message.replace(/--allow-read=(\S+)/, `--allow-read=$1,${pkg}`),
      { cause: e },
    );
  }
  const m = /Requires (read|write) access to (<TMP>|"([^"]+)")/.exec(message);
  if (!m) return undefined;
  const path = m[3];
  let tmp = "/tmp";
  try {
    tmp = tmpdir();
  } catch {
    // No --allow-env for TMPDIR: the folder of the root Deno refused, when
    // it names one (it said /tmp for a TMPDIR elsewhere), else the usual.
    const at = path?.lastIndexOf(`/${ROOT_PREFIX}`) ?? -1;
    if (path !== undefined && at > 0) tmp = path.slice(0, at);
  }
  const folder = root !== undefined ? resolve(root) : tmp;
  const within = (dir: string) =>
    path === dir || path?.startsWith(dir.replace(/\/?$/, "/")) === true;
  const inRoot = path === undefined || within(folder);
  if (!inRoot) return undefined;
  // The package's own files (the worker thread's modules), in a checkout
  // inside that folder: the worker's message, which names the package's
  // folder, stands (it said "Deno denied read access to /tmp, where it
  // keeps its collections' files" for a checkout under /tmp).
  const own = localPackageDir();
  if (
    own !== undefined && path !== undefined && within(own) &&
    own.length > folder.length
  ) return undefined;
  // Those flags alone then failed on the worker thread's own modules.
  const pkg = worker ? localPackageDir() : undefined;
  return new Error(
    `Cannot start the emulator: Deno denied ${
      m[1]
    } access to ${folder}, where it keeps its collections' files. Run with --allow-read=${folder}${
      pkg ? `,${pkg}` : ""
    } --allow-write=${folder}${
      root === undefined
        ? " (or give it a folder you allow: startEmulator({ root }), scripts/emulator.ts --root)"
        : ""
    }`,
    { cause: e },
  );
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

/**
 * The error of a port that cannot be bound, saying what to do: a port in
 * use (`EADDRINUSE`) or one that needs privileges (`EACCES`); others as
 * they are. The `code` is kept.
 */
function listenError(e: unknown, port: number): unknown {
  const code = (e as { code?: unknown })?.code;
  const why = code === "EADDRINUSE"
    ? "is in use (by another emulator or program)"
    : code === "EACCES"
    ? "needs privileges this process does not have"
    : undefined;
  if (why === undefined) return e;
  const error = new Error(
    `Cannot start the emulator on port ${port}: it ${why}. Pick another port, or leave 'port' out and a free one is chosen (emulator.port says which)`,
    { cause: e },
  );
  (error as { code?: unknown }).code = code;
  return error;
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
      // With statePath, the secret of the run before (a configured secret
      // was refused as invalid_client after every restart).
      clientSecret: (options.statePath &&
        await savedConfidentialSecret(options.statePath)) ||
        randomToken(24),
    };
    store.registerClient({
      clientId: confidential.clientId,
      clientSecret: confidential.clientSecret,
      name: "Globus Emulator Confidential App",
    });
    for (const c of options.clients ?? []) store.registerClient(c);
    for (const u of options.users ?? []) store.addUser(u);
    const collectionMap = new UuidKeyMap<Collection>();
    for (
      const spec of [
        ...defaultCollectionSpecs(),
        ...(options.collections ?? []),
      ]
    ) {
      const c = makeCollection(spec, root, DEMO_USER);
      collectionMap.set(c.id, c);
      // A seeded `/~/` is the owner's home, where the owner's own `/~/`
      // requests find it (none for an owner who is no user here).
      const owner = store.users.find((u) => u.id === c.ownerId);
      await seedCollection(
        c,
        spec.files,
        owner && homeOf(owner.username),
      );
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
      server.once("error", (e) => reject(listenError(e, port)));
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
    // The confidential client's secret is kept from the start: a run that
    // is killed before any change still leaves it for the next.
    if (options.statePath) await saveAuthState(store, options.statePath);
    return impl;
  } catch (e) {
    if (ownsRoot) await removeTree(root);
    throw e;
  }
}
