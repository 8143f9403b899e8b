/**
 * A worker thread, the same on Deno (a module `Worker`, which inherits the
 * program's permissions) and on Node (`node:worker_threads`): spawn one from
 * a module URL, and talk to the parent from inside it.
 *
 * @module
 */
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
  const w = new NodeWorker(url);
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
