/**
 * A synchronous request/answer channel to another thread: the caller posts a
 * request carrying a `SharedArrayBuffer` and blocks in `Atomics.wait` until
 * the other thread writes the JSON answer into it and wakes it with
 * `Atomics.notify`. This keeps synchronous members (a getter, a `void`
 * method that throws on bad input) synchronous across a thread boundary.
 * `Atomics.wait` is allowed on the main thread of Deno and Node.
 *
 * An answer that does not fit is kept by the answering side; the caller
 * grows its buffer and fetches it with a second request.
 *
 * @module
 */

/** The header slots (Int32): the state, then the answer's byte length. */
const STATE = 0;
const LENGTH = 1;
const HEADER_BYTES = 8;

/** Header states. */
const WAITING = 0;
const OK = 1;
const FAILED = 2;
const TOO_BIG = 3;

/** A synchronous request as posted to the answering thread. */
export interface SyncRequest {
  /** Always `"sync"`. */
  t: "sync";
  /** The operation. */
  op: string;
  /** Its arguments (structured-cloneable). */
  args: unknown[];
  /** Where the answer goes. */
  sab: SharedArrayBuffer;
}

/** A request for an answer that did not fit into the first buffer. */
export interface SyncFetchRequest {
  /** Always `"sync-fetch"`. */
  t: "sync-fetch";
  /** A buffer big enough for the kept answer. */
  sab: SharedArrayBuffer;
}

/**
 * An error as it crosses a thread: its class name, message and `code` (and
 * Node's `permission` and `resource` of an `ERR_ACCESS_DENIED`).
 */
export interface SerializedError {
  /** `Error`, `TypeError`, `RangeError`, … */
  name: string;
  /** The message. */
  message: string;
  /** A Node-style error code such as `EADDRINUSE`, when present. */
  code?: string;
  /** What Node's permission model refused (`FileSystemWrite`, …). */
  permission?: string;
  /** The path it refused. */
  resource?: string;
}

/** The string fields of an error that cross a thread besides its message. */
const CARRIED = ["code", "permission", "resource"] as const;

/**
 * Flattens an error so it can cross a thread.
 *
 * @param e Anything thrown.
 * @returns Its name, message, code, permission and resource.
 */
export function serializeError(e: unknown): SerializedError {
  if (e instanceof Error) {
    const out: SerializedError = { name: e.name, message: e.message };
    for (const key of CARRIED) {
      const value = (e as { [k in typeof key]?: unknown })[key];
      if (typeof value === "string") out[key] = value;
    }
    return out;
  }
  return { name: "Error", message: String(e) };
}

const ERROR_CLASSES: Record<string, ErrorConstructor> = {
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  URIError,
  EvalError,
};

/**
 * Rebuilds an error on this side of the thread (same class for the
 * built-in ones, same message, `code`, `permission` and `resource`).
 *
 * @param s The flattened error.
 * @returns The error.
 */
export function reviveError(s: SerializedError): Error {
  const Ctor = ERROR_CLASSES[s.name] ?? Error;
  const e = new Ctor(s.message);
  if (!(s.name in ERROR_CLASSES) && s.name !== "Error") e.name = s.name;
  for (const key of CARRIED) {
    const value = s[key];
    if (value !== undefined) (e as { [k in typeof key]?: string })[key] = value;
  }
  return e;
}

/** The calling side of a synchronous channel. */
export class SyncCaller {
  readonly #post: (message: SyncRequest | SyncFetchRequest) => void;
  readonly #timeoutMs: number;
  readonly #describe: () => string;
  #sab: SharedArrayBuffer;

  /**
   * Creates the calling side.
   *
   * @param post Posts a message to the answering thread.
   * @param describe Names the other side in a timeout error.
   * @param timeoutMs How long one answer may take before giving up.
   */
  constructor(
    post: (message: SyncRequest | SyncFetchRequest) => void,
    describe: () => string,
    timeoutMs = 60_000,
  ) {
    this.#post = post;
    this.#describe = describe;
    this.#timeoutMs = timeoutMs;
    this.#sab = new SharedArrayBuffer(HEADER_BYTES + 64 * 1024);
  }

  /**
   * Calls `op` on the other thread and blocks this one until it answers.
   *
   * @param op The operation.
   * @param args Its arguments.
   * @returns The answer.
   * @throws {Error} What the operation threw, or when no answer comes.
   */
  call(op: string, args: unknown[] = []): unknown {
    let header = new Int32Array(this.#sab, 0, 2);
    Atomics.store(header, STATE, WAITING);
    this.#post({ t: "sync", op, args, sab: this.#sab });
    this.#wait(header, op);
    if (Atomics.load(header, STATE) === TOO_BIG) {
      const needed = Atomics.load(header, LENGTH);
      this.#sab = new SharedArrayBuffer(HEADER_BYTES + needed * 2);
      header = new Int32Array(this.#sab, 0, 2);
      Atomics.store(header, STATE, WAITING);
      this.#post({ t: "sync-fetch", sab: this.#sab });
      this.#wait(header, op);
    }
    const state = Atomics.load(header, STATE);
    const length = Atomics.load(header, LENGTH);
    // TextDecoder refuses views of shared memory: copy out first.
    const bytes = new Uint8Array(this.#sab, HEADER_BYTES, length).slice();
    const payload = JSON.parse(new TextDecoder().decode(bytes));
    if (state === FAILED) throw reviveError(payload as SerializedError);
    return payload;
  }

  #wait(header: Int32Array, op: string): void {
    const deadline = Date.now() + this.#timeoutMs;
    while (Atomics.load(header, STATE) === WAITING) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `${this.#describe()} did not answer '${op}' within ${
            this.#timeoutMs / 1000
          } s; it may have stopped (see the errors above)`,
        );
      }
      Atomics.wait(header, STATE, WAITING, left);
    }
  }
}

/** The answering side of a synchronous channel (one per thread). */
export class SyncAnswerer {
  #kept: { state: number; bytes: Uint8Array } | undefined;

  /**
   * Runs a synchronous request and writes its answer (or error).
   *
   * @param request The request.
   * @param handler Runs the operation; what it throws is sent back.
   */
  answer(
    request: SyncRequest,
    handler: (op: string, args: unknown[]) => unknown,
  ): void {
    let state = OK;
    let json: string;
    try {
      json = JSON.stringify(handler(request.op, request.args) ?? null);
    } catch (e) {
      state = FAILED;
      json = JSON.stringify(serializeError(e));
    }
    this.#write(request.sab, state, new TextEncoder().encode(json));
  }

  /**
   * Writes the answer kept by the last request that did not fit.
   *
   * @param request The fetch request.
   */
  fetch(request: SyncFetchRequest): void {
    const kept = this.#kept ?? {
      state: FAILED,
      bytes: new TextEncoder().encode(
        JSON.stringify(serializeError(new Error("No kept answer to fetch"))),
      ),
    };
    this.#kept = undefined;
    this.#write(request.sab, kept.state, kept.bytes);
  }

  #write(sab: SharedArrayBuffer, state: number, bytes: Uint8Array): void {
    const header = new Int32Array(sab, 0, 2);
    if (bytes.length > sab.byteLength - HEADER_BYTES) {
      // Keep the whole answer (an error stays an error) for `fetch`.
      this.#kept = { state, bytes };
      Atomics.store(header, LENGTH, bytes.length);
      Atomics.store(header, STATE, TOO_BIG);
    } else {
      new Uint8Array(sab, HEADER_BYTES, bytes.length).set(bytes);
      Atomics.store(header, LENGTH, bytes.length);
      Atomics.store(header, STATE, state);
    }
    Atomics.notify(header, STATE);
  }
}

/**
 * Whether a message is a synchronous request.
 *
 * @param m A message.
 * @returns `true` for a {@linkcode SyncRequest}.
 */
export function isSyncRequest(m: unknown): m is SyncRequest {
  return (m as { t?: unknown } | null)?.t === "sync";
}

/**
 * Whether a message fetches a kept answer.
 *
 * @param m A message.
 * @returns `true` for a {@linkcode SyncFetchRequest}.
 */
export function isSyncFetchRequest(m: unknown): m is SyncFetchRequest {
  return (m as { t?: unknown } | null)?.t === "sync-fetch";
}
