/**
 * A login's hold on Node's raw terminal (the REPL's, a program's open
 * readline), from `app.login()` to the end of the command-line login.
 *
 * `app.login()` takes it at once, in the REPL's line (before it reads the
 * cached tokens), where its flow is one that reads the terminal; the flow
 * takes the same hold when it starts (a lease on it: one hold, one buffer
 * of typed keys, one Ctrl-C), and `login()` gives its lease up as the flow
 * starts. Before that, a Ctrl-C (also one in the same terminal read as the
 * Enter of `await app.login()`) stops the login: it was the REPL's, which
 * stopped waiting for the `await` while the login went on and asked its
 * question later at the REPL's prompt. A request that needs the app's
 * tokens (no authorizer in use) holds it the same way, from its token read
 * (`UserApp.loginMayRun`).
 *
 * @module
 */
import {
  holdRawTerminal,
  type RawTerminalHold,
  stdinIsRawTerminal,
} from "../core/_raw_terminal.ts";
import {
  inJupyter,
  stderrIsTerminal,
  stdinIsTerminal,
} from "../core/runtime.ts";
import { kernelStack } from "../core/_kernel_stack.ts";
import { personOutput } from "./_person_output.ts";
import type { LoginFlowManager } from "./login_flow.ts";

/**
 * What Ctrl-C at the code prompt ends the login with where it does not end
 * the program (Node's REPL, a program's open `readline`): the notebook
 * login's words.
 */
const LOGIN_INTERRUPTED =
  "Interrupted: the login stopped, and no tokens were stored. Run the login again (app.login()) when you want to log in";

/** The error of a login stopped by Ctrl-C where the program goes on. */
export function loginInterrupted(): DOMException {
  return kernelStack(new DOMException(LOGIN_INTERRUPTED, "AbortError"));
}

/**
 * Where a held terminal's keys are echoed: where the question goes, when
 * that is the terminal (not standard error redirected to a file).
 */
export function echoWriter(): (text: string) => void {
  const { where, write } = personOutput();
  return where === "stderr" && !stderrIsTerminal() ? () => {} : write;
}

/** A login's lease on the hold, and the signal its Ctrl-C aborts. */
export interface LoginTerminal {
  hold: RawTerminalHold;
  /**
   * Aborted by Ctrl-C (its reason: the interrupted-login error) or by the
   * login's own signal; no longer once released.
   */
  signal: AbortSignal;
  /** Whether Ctrl-C stopped the login while this lease was held. */
  interrupted(): boolean;
  /** Gives the lease up; the last one gives the terminal back. */
  release(): void;
}

/** The hold every lease shares, while one is held. */
interface Shared {
  hold: RawTerminalHold;
  /** Aborted by a Ctrl-C typed while no line is read. */
  interrupt: AbortController;
  leases: number;
}

let shared: Shared | undefined;

/** Flows that read the code from the terminal themselves. */
const terminalFlows = new WeakSet<object>();

/**
 * Marks a flow as one that reads the code from the terminal (the
 * command-line flow without its own `prompt`).
 *
 * @param flow The flow.
 */
export function markTerminalFlow(flow: object): void {
  terminalFlows.add(flow);
}

/**
 * Takes Node's raw terminal (the REPL's, a program's open readline) for a
 * login, or a lease on the hold a login already has: a Ctrl-C typed while
 * it is held is the login's and stops it, never the REPL's.
 *
 * @param outer The login's own signal (the app closed).
 * @param replLine Also in the REPL's line (raw mode off while it runs):
 *   then the hold is given back a microtask later unless the terminal is
 *   raw again.
 * @returns The lease, or `undefined` where standard input is not a raw
 *   terminal.
 */
export function holdLoginTerminal(
  outer: AbortSignal | undefined,
  replLine = false,
): LoginTerminal | undefined {
  if (inJupyter() || !stdinIsTerminal()) return undefined;
  if (!shared) {
    const interrupt = new AbortController();
    const hold = holdRawTerminal(undefined, {
      onInterrupt: () => {
        // Shown as a terminal shows it, on a line of its own.
        echoWriter()("^C\n");
        interrupt.abort(loginInterrupted());
      },
      replLine,
    });
    if (!hold) return undefined;
    const taken: Shared = { hold, interrupt, leases: 0 };
    shared = taken;
    if (replLine) {
      // After the REPL's line: raw again, or not a REPL (a readline that
      // never made the terminal raw) and given back.
      queueMicrotask(() => {
        if (shared !== taken || stdinIsRawTerminal()) return;
        shared = undefined;
        hold.release();
      });
    }
  }
  const s = shared;
  s.leases++;
  const stop = new AbortController();
  let interrupted = false;
  const onInterrupt = () => {
    interrupted = true;
    stop.abort(s.interrupt.signal.reason);
  };
  const onOuterAbort = () => stop.abort(outer?.reason);
  if (s.interrupt.signal.aborted) onInterrupt();
  else {s.interrupt.signal.addEventListener("abort", onInterrupt, {
      once: true,
    });}
  if (outer?.aborted) onOuterAbort();
  else outer?.addEventListener("abort", onOuterAbort, { once: true });
  let released = false;
  return {
    hold: s.hold,
    signal: stop.signal,
    interrupted: () => interrupted,
    release() {
      if (released) return;
      released = true;
      s.interrupt.signal.removeEventListener("abort", onInterrupt);
      outer?.removeEventListener("abort", onOuterAbort);
      if (--s.leases > 0) return;
      if (shared === s) shared = undefined;
      s.hold.release();
    },
  };
}

/**
 * What `app.login()` holds of Node's raw terminal (the REPL's), from its
 * start until the flow takes the same hold over: one per app.
 */
export class AppLoginTerminal {
  readonly #flow: () => LoginFlowManager;
  readonly #closeSignal: () => AbortSignal;
  /** The lease of the login in progress, until that login ends. */
  #current: LoginTerminal | undefined;

  /**
   * @param flow The app's flow (read when a login starts).
   * @param closeSignal The app's close signal.
   */
  constructor(flow: () => LoginFlowManager, closeSignal: () => AbortSignal) {
    this.#flow = flow;
    this.#closeSignal = closeSignal;
  }

  /**
   * Runs `login` (the app's `login()`) holding the terminal from now on,
   * in the REPL's line, where the flow reads the code from the terminal
   * and standard input is Node's raw terminal. A Ctrl-C before the flow
   * took the terminal over rejects at once with the interrupted-login
   * error, and so does one typed while cached tokens were read (no login
   * was needed); the login itself stops before its link
   * ({@linkcode AppLoginTerminal.beforeFlow}).
   *
   * @param login Starts the login (or a request's token read, which may
   *   log in).
   * @returns What `login` resolved to.
   */
  async login<T>(login: () => Promise<T>): Promise<T> {
    // A login in progress holds it already (a second call joins it).
    const terminal = this.#current?.signal.aborted === false ||
        !terminalFlows.has(this.#flow())
      ? undefined
      : holdLoginTerminal(this.#closeSignal(), true);
    if (!terminal) return await login();
    this.#current = terminal;
    const running = login().finally(() => {
      if (this.#current === terminal) this.#current = undefined;
    });
    let onAbort = () => {};
    const stopped = new Promise<never>((_, reject) => {
      onAbort = () => {
        if (terminal.interrupted()) reject(terminal.signal.reason);
      };
      terminal.signal.addEventListener("abort", onAbort, { once: true });
    });
    try {
      const result = await Promise.race([running, stopped]);
      // A Ctrl-C in the last steps (no login was needed after all).
      if (terminal.interrupted()) throw terminal.signal.reason;
      return result;
    } finally {
      terminal.signal.removeEventListener("abort", onAbort);
      terminal.release();
      // Stopped by Ctrl-C: the login ends on its own, unheard.
      running.catch(() => undefined);
    }
  }

  /**
   * Called as the login's flow is about to run.
   *
   * @returns Gives `login()`'s hold up: call it once the flow started (it
   *   took the same hold).
   * @throws The interrupted-login error after a Ctrl-C (no link is shown).
   */
  beforeFlow(): () => void {
    const terminal = this.#current;
    terminal?.signal.throwIfAborted();
    return () => terminal?.release();
  }
}
