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
 * In a terminal, a line the SDK left open (`taskWait`'s progress line, the
 * login's code question) is ended before Ctrl-C ends the program
 * ({@linkcode tidyOnInterrupt}), which then ends as interrupted all the same.
 * While a rotated refresh's tokens are saved, Ctrl-C waits for the save
 * ({@linkcode holdInterrupts}).
 *
 * @module
 */
import { kernelStack } from "./_kernel_stack.ts";
import {
  inJupyter,
  isDeno,
  listenForSigint,
  nodeBuiltin,
  platform,
} from "./runtime.ts";

/**
 * What an interrupt during `taskWait` says, in the kernel (the cell's
 * error) and in a terminal (the line after the progress line): the wait
 * stopped, the task did not.
 *
 * @param taskId The task id (quoted here).
 */
export function stoppedWaitingText(
  taskId: string,
  how = "Interrupted",
): string {
  const id = JSON.stringify(taskId);
  return `${how}: stopped waiting for task ${id}. The task keeps running on Globus; wait again with tc.taskWait(${id}), or cancel it with tc.cancelTask(${id})`;
}

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
  const stop = source.listen(() => controller.abort(kernelStack(reason())));
  try {
    return await run(
      signal ? AbortSignal.any([signal, controller.signal]) : controller.signal,
    );
  } finally {
    stop();
  }
}

/** The part of `process` (Node's, and Deno's `node:process`) used here. */
interface ProcessSignals {
  pid: number;
  on(event: "SIGINT", handler: () => void): unknown;
  prependListener?(event: "SIGINT", handler: () => void): unknown;
  off(event: "SIGINT", handler: () => void): unknown;
  listenerCount(event: "SIGINT"): number;
  kill(pid: number, signal: "SIGINT"): unknown;
  exit(code: number): never;
}

function processSignals(): ProcessSignals | undefined {
  const p = (globalThis as { process?: Partial<ProcessSignals> }).process;
  return typeof p?.on === "function" && typeof p.off === "function" &&
      typeof p.listenerCount === "function" && typeof p.kill === "function" &&
      typeof p.pid === "number"
    ? p as ProcessSignals
    : undefined;
}

let sigintIgnored: boolean | undefined;

/**
 * Whether the program was started with SIGINT ignored (`nohup`, a
 * background job of a script): listening would make an interrupt end a
 * program that ignored it. Read from `/proc/self/status` on Linux where
 * that needs no permission prompt; `false` when unknown.
 */
function startedIgnoringSigint(): boolean {
  if (sigintIgnored !== undefined) return sigintIgnored;
  sigintIgnored = false;
  if (platform() !== "linux") return false;
  const file = "/proc/self/status";
  try {
    if (isDeno) {
      const perms = (globalThis as {
        Deno?: {
          permissions?: {
            querySync?(d: { name: "read"; path: string }): { state: string };
          };
        };
      }).Deno?.permissions;
      if (
        perms?.querySync?.({ name: "read", path: file }).state !== "granted"
      ) {
        return false;
      }
    }
    const mask = nodeBuiltin("node:fs").readFileSync(file, "utf8")
      .match(/^SigIgn:\s*([0-9a-f]+)/m)?.[1];
    // SIGINT is signal 2: bit 1 of the mask.
    if (mask) sigintIgnored = (parseInt(mask.slice(-1), 16) & 2) !== 0;
  } catch {
    // Unknown: as if not ignored.
  }
  return sigintIgnored;
}

const tidies = new Set<{ tidy: (ending: boolean) => void }>();
/** Whether the program listened for SIGINT itself while a tidy was armed. */
let othersListen = false;
/** Whether {@linkcode onSigint} is on `process`'s SIGINT listeners. */
let tidyListening = false;

/**
 * The program's own SIGINT listeners on `process`: the SDK's (the tidy's,
 * and a hold's on Node) are not counted.
 */
function programListeners(proc: ProcessSignals): number {
  return proc.listenerCount("SIGINT") - (tidyListening ? 1 : 0) -
    (holdOnProcess ? 1 : 0);
}

function onSigint(): void {
  const proc = processSignals()!;
  proc.off("SIGINT", onSigint);
  tidyListening = false;
  const pending = [...tidies];
  tidies.clear();
  // The program listens itself (process.on("SIGINT", …)): its handler,
  // called for this interrupt as well (on Deno before this one, so it may
  // have removed itself), decides what happens next.
  const ending = !othersListen && programListeners(proc) === 0;
  othersListen = false;
  for (const { tidy } of pending) {
    try {
      tidy(ending);
    } catch {
      // Ending a line must not keep the program from ending.
    }
  }
  if (!ending) return;
  // New tokens are being saved: the program ends once they are.
  if (holds > 0) {
    heldInterrupt = true;
    return;
  }
  endAsInterrupted(proc);
}

/**
 * Nothing else listens: the interrupt goes on as if it had not been heard,
 * so the program ends by SIGINT (status 130 in a shell, and a shell's loop
 * stops) instead of with an exit code of its own.
 */
function endAsInterrupted(proc: ProcessSignals): void {
  try {
    proc.kill(proc.pid, "SIGINT");
  } catch {
    proc.exit(130);
  }
  // Node ends the program before `kill` returns. Deno ends it from its
  // signal handler, which may run on another thread a moment later: the
  // program's next lines ran meanwhile (after a held interrupt, the code
  // after the refresh). Wait for it, briefly; a SIGINT listener of the
  // program's own (Deno.addSignalListener, which cannot be seen) may keep
  // it going.
  if (!isDeno) return;
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, END_WAIT_MS);
  } catch {
    // No blocking wait here.
  }
}

/** How long Deno gets to end the program after the SIGINT sent on. */
const END_WAIT_MS = 2000;

/**
 * Ends what the SDK left open on a terminal before an interrupt (Ctrl-C)
 * ends the program: until the returned function is called, a SIGINT first
 * runs `tidy` (e.g. writes the open progress line's newline), then goes on
 * as it would have without the SDK: with no other listener the program
 * ends by SIGINT (status 130), no error or stack printed; a program that
 * listens for SIGINT itself (`process.on("SIGINT", …)`) gets its handler
 * called as before and decides. Each `tidy` runs at most once.
 *
 * Nothing is armed inside the Deno Jupyter kernel (there an interrupt
 * ends the SDK's wait: {@linkcode kernelInterrupts}), where there is no
 * `process`, or when the program was started with SIGINT ignored.
 *
 * A listener added with Deno's own `Deno.addSignalListener` cannot be
 * seen: it is called for the interrupt and again for the SIGINT sent on.
 *
 * @param tidy Ends the line (must not throw or wait); `ending` is `true`
 *   when the interrupt is about to end the program (nothing else listens),
 *   `false` when the program's own handler decides.
 * @returns Disarms `tidy` (call it when the line was ended the usual way).
 */
export function tidyOnInterrupt(
  tidy: (ending: boolean) => void,
): () => void {
  const proc = processSignals();
  if (!proc || inJupyter() || startedIgnoringSigint()) return () => {};
  const entry = { tidy };
  if (tidies.size === 0) {
    othersListen = programListeners(proc) > 0;
    try {
      // First on Node, so the line is ended before the program's own
      // handler prints; Deno's `process` hears signals only through `on`.
      if (!isDeno && typeof proc.prependListener === "function") {
        proc.prependListener("SIGINT", onSigint);
      } else {
        proc.on("SIGINT", onSigint);
      }
      tidyListening = true;
    } catch {
      // No SIGINT here (the platform refuses it): the default stays.
      return () => {};
    }
  } else if (programListeners(proc) > 0) {
    othersListen = true;
  }
  tidies.add(entry);
  return () => {
    if (!tidies.delete(entry) || tidies.size > 0) return;
    proc.off("SIGINT", onSigint);
    tidyListening = false;
    othersListen = false;
  };
}

/** Holds open (see {@linkcode holdInterrupts}). */
let holds = 0;
/** An interrupt came during a hold, and nothing else handles it. */
let heldInterrupt = false;
/** Removes the hold's SIGINT listener. */
let unlistenHold: (() => void) | undefined;
/** Whether the hold's listener is on `process` (Node). */
let holdOnProcess = false;

function onHeldSigint(): void {
  const proc = processSignals();
  // The program's own handler (process.on("SIGINT", …)) was called for
  // this interrupt too, and decides, as without the hold.
  if (proc && programListeners(proc) > 0) return;
  heldInterrupt = true;
}

/**
 * Defers Ctrl-C while something must not be cut short (the new tokens of a
 * refresh that rotated the refresh token being saved: cut short, the file
 * keeps the used-up refresh token, and the next run must log in). Until
 * the returned function is called, a SIGINT does not end the program;
 * then the program ends as interrupted (by SIGINT, status 130), as it
 * would have at once. A program that listens for SIGINT itself gets its
 * handler called as usual (the hold stays out of its way). No listener
 * stays installed after the release, so Node is not kept alive and Ctrl-C
 * works as before.
 *
 * Nothing is held inside the Deno Jupyter kernel (an interrupt there ends
 * the SDK's wait, not the kernel), or when the program was started with
 * SIGINT ignored. Holds may overlap: the last release ends the program.
 *
 * @returns Releases the hold (call it once the work is done or failed).
 */
export function holdInterrupts(): () => void {
  if (inJupyter() || startedIgnoringSigint()) return () => {};
  if (holds === 0) {
    const unlisten = listenForSigint(onHeldSigint);
    if (!unlisten) return () => {};
    unlistenHold = unlisten;
    holdOnProcess = !isDeno;
    heldInterrupt = false;
  }
  holds++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--holds > 0) return;
    unlistenHold?.();
    unlistenHold = undefined;
    holdOnProcess = false;
    if (!heldInterrupt) return;
    heldInterrupt = false;
    const proc = processSignals();
    if (proc) endAsInterrupted(proc);
  };
}

/**
 * Whether an interrupt came during the current hold (it ends the program
 * at the release). For tests that must deliver it inside the hold.
 *
 * @returns `true` once a held interrupt is waiting.
 */
export function interruptIsHeld(): boolean {
  return heldInterrupt;
}
