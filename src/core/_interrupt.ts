/**
 * Jupyter's interrupt inside the Deno kernel.
 *
 * "Interrupt the kernel" (the ■ button) sends SIGINT to the kernel's
 * process. Deno ends a process on SIGINT unless something listens for it,
 * so an interrupt kills the Deno kernel and every variable of the notebook
 * with it (the Python kernel turns it into a `KeyboardInterrupt` that ends
 * only the cell). While the SDK waits inside the kernel (a request, its
 * retries, `taskWait`), it listens, so an interrupt ends the wait with an
 * error and the notebook keeps its state. Outside the kernel nothing listens: Ctrl-C
 * ends a script as it always does.
 *
 * @module
 */
import { inJupyter } from "./runtime.ts";

/** Where interrupts come from (a seam: tests pass their own). */
export interface InterruptSource {
  /**
   * Calls `handler` on each interrupt until the returned function is
   * called.
   */
  listen(handler: () => void): () => void;
}

interface SignalApi {
  addSignalListener(signal: "SIGINT", handler: () => void): void;
  removeSignalListener(signal: "SIGINT", handler: () => void): void;
}

/**
 * The kernel's interrupts: SIGINT inside the Deno Jupyter kernel, and
 * `undefined` anywhere else (a script, a test, Node), where the default
 * Ctrl-C behaviour stays. Decided once per process.
 *
 * @returns The source, or `undefined` outside the kernel.
 */
export function kernelInterrupts(): InterruptSource | undefined {
  if (kernelSource === null) kernelSource = signalSource();
  return kernelSource;
}

let kernelSource: InterruptSource | undefined | null = null;

function signalSource(): InterruptSource | undefined {
  if (!inJupyter()) return undefined;
  const api = (globalThis as { Deno?: Partial<SignalApi> }).Deno;
  if (
    typeof api?.addSignalListener !== "function" ||
    typeof api.removeSignalListener !== "function"
  ) {
    return undefined;
  }
  const signals = api as SignalApi;
  return {
    listen(handler) {
      try {
        signals.addSignalListener("SIGINT", handler);
      } catch {
        // No SIGINT here (the platform refuses it): the default stays.
        return () => {};
      }
      return () => signals.removeSignalListener("SIGINT", handler);
    },
  };
}

/**
 * Runs `run` with a signal that an interrupt from `source` aborts (with
 * `reason()`), as well as the caller's `signal`; the listener is removed
 * when `run` settles. Without a source, `run` gets the caller's signal.
 *
 * @param source Where interrupts come from, or `undefined` for none.
 * @param signal The caller's abort signal, if any.
 * @param reason The error an interrupt ends the wait with.
 * @param run The wait.
 * @returns What `run` returns.
 */
export async function interruptible<T>(
  source: InterruptSource | undefined,
  signal: AbortSignal | undefined,
  reason: () => unknown,
  run: (signal: AbortSignal | undefined) => Promise<T>,
): Promise<T> {
  if (!source) return await run(signal);
  const controller = new AbortController();
  const stop = source.listen(() => controller.abort(reason()));
  try {
    return await run(
      signal ? AbortSignal.any([signal, controller.signal]) : controller.signal,
    );
  } finally {
    stop();
  }
}
