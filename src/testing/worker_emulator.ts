/**
 * An emulator that runs in its own worker thread
 * (`emulator_worker.ts`), seen through a proxy with the same
 * {@linkcode Emulator} interface. The HTTP server and all state live in the
 * worker, so the emulator keeps answering while the caller's thread is
 * blocked — in Deno's `prompt()`, the Jupyter kernel's input box, or a
 * synchronous read of standard input. Synchronous members stay synchronous
 * through a {@linkcode SyncCaller}; the asynchronous ones are messages.
 *
 * @module
 */
import type {
  ApproveOptions,
  AuthorizationRecord,
  ClientRegistration,
  ConfidentialClientInfo,
  Emulator,
  EmulatorCollectionIds,
  EmulatorIdentity,
  EmulatorOptions,
  EmulatorPolicySpec,
  FaultOptions,
  MintTokensOptions,
  SeededTasks,
  SeedTasksOptions,
  TokenResponseEntry,
} from "./emulator.ts";
import {
  reviveError,
  type SerializedError,
  SyncCaller,
} from "./sync_channel.ts";
import { exportSigningKeys } from "./keys.ts";
import {
  approvingLoginFlow,
  type ApprovingLoginFlowOptions,
} from "./approving_flow.ts";
import type { LoginFlowManager } from "../app/login_flow.ts";
import { spawnThread, type WorkerThread } from "./thread.ts";
import { type MintScopes, mintScopesText } from "./emulator_options.ts";
import { isDeno, nodeBuiltin, requestPermission } from "../core/runtime.ts";
import { hideFromInspect } from "../core/redact.ts";
import { kernelStack } from "../core/_kernel_stack.ts";
import { markClosed, printsAsSummary } from "./_emulator_text.ts";

/** What the worker reports once its emulator listens. */
export interface EmulatorInfo {
  /** The base URL. */
  url: string;
  /** The Auth base URL. */
  authUrl: string;
  /** The Transfer base URL. */
  transferUrl: string;
  /** The port. */
  port: number;
  /** The client environment variables. */
  env: Record<string, string>;
  /** The collections' folder. */
  root: string;
  /** The demo user. */
  user: EmulatorIdentity;
  /** The users one can log in as. */
  users: EmulatorIdentity[];
  /** The confidential client. */
  confidentialClient: ConfidentialClientInfo;
  /** The tutorial client id. */
  nativeClientId: string;
  /** The built-in collection ids. */
  collections: EmulatorCollectionIds;
}

/** What the synchronous getters return once the emulator is closed. */
export interface FinalState {
  /** Approved authorizations. */
  authorizations: AuthorizationRecord[];
  /** Issued tokens. */
  issuedTokens: string[];
  /** Faultable requests since faults were last set. */
  requestCount: number;
}

/** An asynchronous call to the worker. */
export interface WorkerCall {
  /** Matches the reply. */
  id: number;
  /** `start`, `approve`, `mintTokens` or `close`. */
  op: string;
  /** The arguments. */
  args: unknown[];
}

/** The worker's reply to a {@linkcode WorkerCall}. */
export type WorkerReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: SerializedError };

/**
 * Why the emulator cannot start in a worker thread, and what to do, when
 * a bundler (esbuild, webpack, …) copied this module into an application's
 * bundle without `emulator_worker.js` (otherwise Node's error is `Cannot
 * find module '…/emulator_worker.js'`, or `Invalid URL` in a CommonJS
 * bundle, where `import.meta.url` is gone).
 */
function bundledError(problem: string): Error {
  return new Error(
    `Cannot start the emulator in its worker thread: ${problem}. ` +
      `This happens when a bundler (esbuild, webpack, …) puts @globus-deno/sdk/testing into your bundle, ` +
      `because the worker is a file of its own that the bundle does not carry. ` +
      `Keep the package out of the bundle (esbuild --packages=external or --external:@globus-deno/sdk, ` +
      `webpack externals) so that it loads from node_modules, ` +
      `or run the emulator in your program's thread: startEmulator({ inProcess: true }).`,
  );
}

/**
 * The worker module next to this one: `.ts` from source, `.js` when
 * compiled.
 *
 * @throws {Error} On Node, when that file is not there (see
 *   {@linkcode bundledError}).
 */
function workerUrl(): URL {
  const here: string | undefined = import.meta.url;
  if (typeof here !== "string") {
    throw bundledError(
      "this code has no import.meta.url to find its worker module by (a CommonJS bundle)",
    );
  }
  const ext = /\.[cm]?ts$/.test(new URL(here).pathname) ? "ts" : "js";
  const url = new URL(`./emulator_worker.${ext}`, here);
  if (!isDeno && url.protocol === "file:") {
    const path = nodeBuiltin("node:url").fileURLToPath(url);
    if (!nodeBuiltin("node:fs").existsSync(path)) {
      throw bundledError(`its module ${path} does not exist`);
    }
  }
  return url;
}

/** V8's `Error.captureStackTrace` (Node, Deno), where there is one. */
function captureStack(e: Error): void {
  (Error as {
    captureStackTrace?: (target: object, above: () => void) => void;
  }).captureStackTrace?.(e, captureStack as () => void);
}

/** The caller's side of one worker: calls, replies and its end. */
class Connection {
  readonly #thread: WorkerThread;
  readonly #pending = new Map<
    number,
    { resolve(v: unknown): void; reject(e: Error): void }
  >();
  readonly #sync: SyncCaller;
  #nextId = 1;
  #stopped: Error | undefined;

  constructor(thread: WorkerThread) {
    this.#thread = thread;
    this.#sync = new SyncCaller(
      (m) => thread.post(m),
      () => "The emulator's worker thread",
    );
    thread.onMessage((m) => {
      const r = m as WorkerReply;
      const p = this.#pending.get(r.id);
      if (!p) return;
      this.#pending.delete(r.id);
      if (r.ok) p.resolve(r.value);
      else p.reject(reviveError(r.error));
    });
    thread.onExit((reason) => this.#stop(reason));
  }

  #stop(reason: Error): void {
    if (this.#stopped) return;
    this.#stopped = new Error(
      `The emulator's worker thread stopped: ${reason.message}${
        workerReadHint(reason.message)
      }`,
    );
    for (const p of this.#pending.values()) p.reject(this.#stopped);
    this.#pending.clear();
  }

  async call(op: string, args: unknown[] = []): Promise<unknown> {
    if (this.#stopped) throw this.#stopped;
    const id = this.#nextId++;
    try {
      return await new Promise((resolve, reject) => {
        this.#pending.set(id, { resolve, reject });
        this.#thread.post({ id, op, args } satisfies WorkerCall);
      });
    } catch (e) {
      // An error from the worker's reply was made in a message listener:
      // its stack named only that listener, never the caller's line (an
      // uncaught one from startEmulator() or emulator.approve()). Taken
      // again here, it runs through the caller's awaits.
      if (e instanceof Error && e !== this.#stopped) {
        captureStack(e);
        kernelStack(e);
      }
      throw e;
    }
  }

  callSync(op: string, args: unknown[] = []): unknown {
    if (this.#stopped) throw this.#stopped;
    return this.#sync.call(op, args);
  }

  async terminate(): Promise<void> {
    this.#stop(new Error("closed"));
    await this.#thread.terminate();
  }
}

/** The proxy the caller holds. */
class WorkerEmulator implements Emulator {
  readonly url: string;
  readonly authUrl: string;
  readonly transferUrl: string;
  readonly port: number;
  readonly env: Record<string, string>;
  readonly root: string;
  readonly user: Readonly<EmulatorIdentity>;
  readonly users: readonly Readonly<EmulatorIdentity>[];
  readonly confidentialClient: ConfidentialClientInfo;
  readonly nativeClientId: string;
  readonly collections: EmulatorCollectionIds;
  readonly #conn: Connection;
  #final: FinalState | undefined;
  #closed: Promise<void> | undefined;

  constructor(conn: Connection, info: EmulatorInfo) {
    this.#conn = conn;
    this.url = info.url;
    this.authUrl = info.authUrl;
    this.transferUrl = info.transferUrl;
    this.port = info.port;
    this.env = info.env;
    this.root = info.root;
    this.user = Object.freeze(info.user);
    this.users = Object.freeze(info.users.map((u) => Object.freeze(u)));
    this.confidentialClient = info.confidentialClient;
    this.nativeClientId = info.nativeClientId;
    this.collections = Object.freeze(info.collections);
  }

  #open(what: string): void {
    if (this.#closed) {
      throw new Error(`Cannot ${what}: the emulator is closed`);
    }
  }

  /** Calls the worker's `op` synchronously, unless closed (`what` says why). */
  #callSync<T>(what: string, op: string, args: unknown[]): T {
    this.#open(what);
    return this.#conn.callSync(op, args) as T;
  }

  /** Calls the worker's `op` by message, unless closed (`what` says why). */
  #call<T>(what: string, op: string, args: unknown[]): Promise<T> {
    try {
      this.#open(what);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.#conn.call(op, args) as Promise<T>;
  }

  get authorizations(): readonly AuthorizationRecord[] {
    if (this.#final) return this.#final.authorizations;
    return this.#conn.callSync("authorizations") as AuthorizationRecord[];
  }

  get requestCount(): number {
    if (this.#final) return this.#final.requestCount;
    return this.#conn.callSync("requestCount") as number;
  }

  issuedTokens(): string[] {
    if (this.#final) return [...this.#final.issuedTokens];
    return this.#conn.callSync("issuedTokens") as string[];
  }

  approve(authorizeUrl: string, options?: ApproveOptions): Promise<string> {
    return this.#call("approve", "approve", [authorizeUrl, options]);
  }

  loginFlowManager(options?: ApprovingLoginFlowOptions): LoginFlowManager {
    return approvingLoginFlow(this, options);
  }

  async mintTokens(
    scopes: MintScopes,
    opts?: MintTokensOptions,
  ): Promise<TokenResponseEntry> {
    // Here, not in the worker: a Scope crosses the thread as a plain object.
    const text = mintScopesText(scopes);
    // As the in-process emulator's: printed, the tokens read [REDACTED].
    return hideFromInspect(
      await this.#call<TokenResponseEntry>("mint tokens", "mintTokens", [
        text,
        opts,
      ]),
      "TokenResponseEntry",
    );
  }

  registerClient(client: ClientRegistration): void {
    this.#callSync("register a client", "registerClient", [client]);
  }

  setCollectionPolicy(
    collectionId: string,
    policy: string | EmulatorPolicySpec | null,
  ): string | null {
    return this.#callSync("set a collection's policy", "setCollectionPolicy", [
      collectionId,
      policy,
    ]);
  }

  setFaults(faults: FaultOptions | undefined): void {
    this.#callSync("set faults", "setFaults", [faults]);
  }

  seedTasks(count: number, opts?: SeedTasksOptions): SeededTasks {
    const r = this.#callSync<
      { count: number; firstTaskId: string; ref: number }
    >("seed tasks", "seedTasks", [count, opts]);
    const conn = this.#conn;
    return {
      count: r.count,
      firstTaskId: r.firstTaskId,
      taskId: (index: number) =>
        conn.callSync("seedTaskId", [r.ref, index]) as string,
    };
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  close(): Promise<void> {
    markClosed(this);
    this.#closed ??= (async () => {
      try {
        this.#final = await this.#conn.call("close") as FinalState;
      } finally {
        await this.#conn.terminate();
      }
    })();
    return this.#closed;
  }
}
printsAsSummary(WorkerEmulator);

/**
 * Starts an emulator in a new worker thread.
 *
 * @param options Settings (structured-cloneable: no `clock`).
 * @returns The proxy; `close()` stops the emulator and ends the thread.
 * @throws {Error} What starting the emulator threw (a port in use, …).
 */
export async function startWorkerEmulator(
  options: EmulatorOptions,
): Promise<Emulator> {
  // One key pair per process, as in-process: generating one per worker
  // would cost about 100 ms per emulator.
  const url = workerUrl();
  if (isDeno && url.protocol === "file:") {
    // Deno checks the read permission for each module the worker loads: in
    // a terminal without --allow-read that was a prompt per file (58). Asked
    // once for the folder they are in instead (no prompt when granted).
    // Refused (--no-prompt, no terminal, answered no), the worker is not
    // started: Deno printed its failure to load as "error: Uncaught (in
    // worker "") Requires read access …" above the error thrown here.
    const src = decodeURIComponent(new URL("../", url).pathname);
    if (!requestPermission({ name: "read", path: src })) {
      const pkg = decodeURIComponent(new URL("../../", url).pathname)
        .replace(/\/$/, "");
      throw new Error(
        `Cannot start the emulator's worker thread: Deno has no read permission for the package's own files (${src}), which the thread loads. Run with --allow-read=${pkg} (or --allow-read), or start it with startEmulator({ inProcess: true }) to keep it in this thread`,
      );
    }
  }
  const keys = await exportSigningKeys();
  const conn = new Connection(spawnThread(url));
  try {
    const info = await conn.call("start", [options, keys]) as EmulatorInfo;
    return new WorkerEmulator(conn, info);
  } catch (e) {
    await conn.terminate();
    throw e;
  }
}

/**
 * What to do when Deno refused the worker thread its own modules (a local
 * package, e.g. a checkout in `links`, run without read permission on it):
 * the flag that allows them, or `inProcess`.
 */
export function workerReadHint(message: string): string {
  const m = /Requires read access to "([^"]+)"/.exec(message);
  if (!m) return "";
  const file = m[1]!;
  const at = file.lastIndexOf("/src/testing/");
  const dir = at >= 0
    ? file.slice(0, at)
    : file.slice(0, file.lastIndexOf("/"));
  return `. The emulator's worker thread loads the package's own files: run with --allow-read=${dir} (or --allow-read), or start it with startEmulator({ inProcess: true }) to keep it in this thread`;
}
