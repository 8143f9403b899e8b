/**
 * A worker thread, the same on Deno (a module `Worker`, which inherits the
 * program's permissions) and on Node (`node:worker_threads`): spawn one from
 * a module URL, and talk to the parent from inside it.
 *
 * @module
 */
import process from "node:process";
import { parentPort, Worker as NodeWorker } from "node:worker_threads";
import { isDeno } from "../core/runtime.ts";

/** One end of a message channel between threads. */
export interface ThreadPort {
  /**
   * Posts a structured-cloneable message (a `SharedArrayBuffer` is shared).
   *
   * @param message The message.
   */
  post(message: unknown): void;
  /**
   * Listens for messages.
   *
   * @param listener Called with each message.
   */
  onMessage(listener: (message: unknown) => void): void;
}

/** A worker thread, seen from the thread that spawned it. */
export interface WorkerThread extends ThreadPort {
  /**
   * Listens for the thread's end: an uncaught error, or an exit.
   *
   * @param listener Called once, with the reason.
   */
  onExit(listener: (reason: Error) => void): void;
  /**
   * Stops the thread at once.
   *
   * @returns Resolves when it is stopped.
   */
  terminate(): Promise<void>;
}

/** The subset of a Deno (web) `Worker` used here. */
interface WebWorker {
  postMessage(message: unknown): void;
  addEventListener(
    type: string,
    listener: (e: {
      data?: unknown;
      message?: string;
      preventDefault(): void;
    }) => void,
  ): void;
  terminate(): void;
}

/**
 * Node's CLI options for a worker: `undefined` (the program's, inherited)
 * unless they hold `--input-type` (an ES module given with `-e` or on
 * standard input: `node --input-type=module -e '…'`), which a worker
 * started from a file refuses ("--input-type can only be used with string
 * input via --eval, --print, or STDIN", and the emulator stopped): then the
 * program's options without it and without the `-e`/`-p` code.
 *
 * @param execArgv The program's `process.execArgv`.
 * @returns The worker's `execArgv`, or `undefined` to inherit.
 */
export function workerExecArgv(
  execArgv: readonly string[],
): string[] | undefined {
  if (
    !execArgv.some((a) => a === "--input-type" || a.startsWith("--input-type="))
  ) {
    return undefined;
  }
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const a = execArgv[i]!;
    if (a.startsWith("--input-type=")) continue;
    if (["--input-type", "-e", "--eval", "-p", "--print"].includes(a)) {
      i++; // and its value
      continue;
    }
    if (/^(?:--eval|--print)=/.test(a)) continue;
    kept.push(a);
  }
  return kept;
}

/** A Node worker thread running `url`. */
function nodeWorker(url: URL): NodeWorker {
  const execArgv = workerExecArgv(process.execArgv);
  if (execArgv === undefined) return new NodeWorker(url);
  try {
    return new NodeWorker(url, { execArgv });
  } catch (e) {
    // An option a worker takes only by inheritance (--stack-trace-limit,
    // --max-old-space-size): without them, then.
    if ((e as { code?: unknown })?.code !== "ERR_WORKER_INVALID_EXEC_ARGV") {
      throw e;
    }
    return new NodeWorker(url, { execArgv: [] });
  }
}

/**
 * Starts a module in a new thread.
 *
 * @param url The module (`.ts` on Deno, `.js` in the npm build).
 * @returns The thread.
 */
export function spawnThread(url: URL): WorkerThread {
  if (isDeno) {
    const Ctor = (globalThis as unknown as {
      Worker: new (url: string, opts: { type: "module" }) => WebWorker;
    }).Worker;
    const w = new Ctor(url.href, { type: "module" });
    let onExit: ((reason: Error) => void) | undefined;
    w.addEventListener("error", (e) => {
      // Report it to the owner instead of ending the whole program.
      e.preventDefault();
      onExit?.(new Error(e.message ?? "the worker thread failed"));
    });
    return {
      post: (m) => w.postMessage(m),
      onMessage: (l) => w.addEventListener("message", (e) => l(e.data)),
      onExit: (l) => (onExit = l),
      terminate: () => {
        w.terminate();
        return Promise.resolve();
      },
    };
  }
  const w = nodeWorker(url);
  let exited = false;
  return {
    post: (m) => w.postMessage(m),
    onMessage: (l) => w.on("message", l),
    onExit: (l) => {
      w.once("error", (e) => {
        exited = true;
        l(e instanceof Error ? e : new Error(String(e)));
      });
      w.once("exit", (code) => {
        if (!exited) l(new Error(`the worker thread exited (code ${code})`));
        exited = true;
      });
    },
    terminate: async () => {
      exited = true;
      await w.terminate();
    },
  };
}

/**
 * The channel to the thread that spawned this one.
 *
 * @returns The parent's port.
 * @throws {Error} When this code does not run in a worker thread.
 */
export function parentThread(): ThreadPort {
  if (isDeno) {
    const self = globalThis as unknown as {
      postMessage(message: unknown): void;
      addEventListener(
        type: "message",
        listener: (e: { data: unknown }) => void,
      ): void;
    };
    return {
      post: (m) => self.postMessage(m),
      onMessage: (l) => self.addEventListener("message", (e) => l(e.data)),
    };
  }
  const port = parentPort;
  if (!port) throw new Error("Not running in a worker thread");
  return {
    post: (m) => port.postMessage(m),
    onMessage: (l) => port.on("message", l),
  };
}
