/**
 * Internal: one piece of work (a token renewal, an app's login) that
 * concurrent calls wait for together, each with its own `AbortSignal`. A
 * caller whose signal aborts stops waiting at once; the work itself is
 * cancelled only when every caller has aborted (one that waits without a
 * signal keeps it going).
 *
 * The work's error is made inside the work, whose promise several callers
 * may wait on: V8's async stack follows a promise with one reaction only
 * (see the constructor), so with several callers an app's failed login or
 * token request read as SDK frames only, without the line of the program
 * (or notebook cell) that made the call. Deno's printer of an uncaught
 * error draws its frames from the call sites V8 recorded when the error was
 * made, never from the `stack` text, so adding the callers' frames to that
 * text served Node only. When several callers wait for one work, each
 * caller gets an error of its own instead ({@linkcode forCaller}): the same
 * class, message, `cause` and fields, made where that caller waits, so
 * whatever prints it (Deno, Node, `console.log`) reaches that caller's
 * line. A work with one caller passes its error on as it is (its stack
 * reaches the caller already, with the work's own frames above).
 *
 * @module
 */
import { followSignal } from "./_signal_followers.ts";
import { GlobusError } from "./errors.ts";
import { kernelStack } from "./_kernel_stack.ts";
import { lazyStack } from "./_lazy_stack.ts";

/** Shared work and who waits for it. */
export class SharedWork<T> {
  /** Settles with the work. */
  readonly promise: Promise<T>;
  readonly #controller = new AbortController();
  /** Waiting callers with a signal not yet aborted. */
  #waiting = 0;
  /** A caller waits without a signal: the work is never cancelled. */
  #held = false;
  /** A caller added its frames to the work's error. */
  #extended = false;
  /** How many calls of join() reacted to the work's promise. */
  #joined = 0;

  /**
   * Starts the work.
   *
   * @param run The work; it is cancelled through the signal it is given.
   * @param uncancellable Never cancel it (callers still stop waiting).
   */
  constructor(
    run: (signal: AbortSignal) => Promise<T>,
    uncancellable = false,
  ) {
    this.#held = uncancellable;
    // No reaction of its own on the work's promise (such as a `catch` for a
    // work whose callers all aborted): V8's async stack trace follows a
    // promise only while it has one reaction, so an error from the work
    // (a login's, a renewal's) then shows the caller's line. Every caller
    // joins at once, and one that aborts still listens (see join()).
    this.promise = run(this.#controller.signal);
  }

  /**
   * Whether every caller aborted and the work was cancelled: a new caller
   * starts new work instead of joining this one (which is still settling).
   *
   * @returns `true` once cancelled.
   */
  get cancelled(): boolean {
    return this.#controller.signal.aborted;
  }

  /**
   * Waits for the work until `signal` aborts: then rejects with its reason,
   * and cancels the work when no one else waits for it.
   *
   * @param signal The caller's signal, if any.
   * @returns The work's result.
   */
  async join(signal: AbortSignal | undefined): Promise<T> {
    this.#joined++;
    try {
      return await this.#wait(signal);
    } catch (err) {
      if (err === signal?.reason) throw err;
      // Shared: the error's call sites stop at the work (see the module
      // comment); this caller's own copy is made here, where it waits.
      const own = this.#joined > 1 ? forCaller(err) : undefined;
      if (own) throw own;
      if (!this.#extended) {
        this.#extended = true;
        withCallerFrames(err);
      }
      throw err;
    }
  }

  /** Waits for the work until `signal` aborts (see {@linkcode join}). */
  #wait(signal: AbortSignal | undefined): Promise<T> {
    if (!signal) {
      this.#held = true;
      return this.promise;
    }
    if (signal.aborted) {
      // This caller never listens: the work must not reject unhandled.
      this.promise.catch(() => undefined);
      return Promise.reject(signal.reason);
    }
    return this.#joinUntil(signal);
  }

  async #joinUntil(signal: AbortSignal): Promise<T> {
    this.#waiting++;
    let unfollow!: () => void;
    const aborted = new Promise<never>((_resolve, reject) => {
      // One listener on a signal many calls share (followSignal).
      unfollow = followSignal(signal, () => {
        unfollow();
        this.#waiting--;
        if (this.#waiting === 0 && !this.#held) {
          this.#controller.abort(signal.reason);
        }
        reject(signal.reason);
      });
    });
    try {
      // Promise.race reacts to the work with its own resolving functions,
      // which V8's async stack trace follows to this await (a `then` with
      // handlers of ours ended an error's stack inside the work).
      return await Promise.race([this.promise, aborted]);
    } finally {
      unfollow();
    }
  }
}

/** How many caller frames are kept (V8's default is 10). */
const CALLER_FRAMES = 50;

/**
 * Raises `Error.stackTraceLimit` to {@linkcode CALLER_FRAMES}, when lower,
 * for a stack about to be recorded.
 *
 * @returns Puts the limit back.
 */
function roomForCallerFrames(): () => void {
  const limit = Error.stackTraceLimit;
  if (typeof limit !== "number" || limit >= CALLER_FRAMES) return () => {};
  Error.stackTraceLimit = CALLER_FRAMES;
  return () => {
    Error.stackTraceLimit = limit;
  };
}

/**
 * Adds the frames of whoever awaits the caller (its async stack) under
 * `err`'s own, leaving out lines it already shows.
 *
 * @param err The work's error.
 */
function withCallerFrames(err: unknown): void {
  if (!(err instanceof Error)) return;
  const d = Object.getOwnPropertyDescriptor(err, "stack");
  if (!d || !(d.writable || d.set)) return;
  const stack = err.stack;
  if (typeof stack !== "string") return;
  const restore = roomForCallerFrames();
  const here = new Error().stack ?? "";
  restore();
  // The first two frames are this function's and join's.
  const joined = withFramesOf(stack, here, 2);
  if (joined !== stack) err.stack = joined;
}

/**
 * A stack followed by the frames of another that it does not already show:
 * the work error's and its caller's.
 *
 * @param stack The stack shown first.
 * @param more The stack whose frames are added (its message is not).
 * @param skip How many of `more`'s frames, from the top, to leave out.
 * @returns The joined text (`stack` itself when it shows every frame).
 */
function withFramesOf(stack: string, more: string, skip = 0): string {
  const shown = new Set(stack.split("\n"));
  const added = more.split("\n").filter((l) => /^\s+at /.test(l)).slice(skip)
    .filter((l) => !shown.has(l));
  return added.length > 0 ? `${stack}\n${added.join("\n")}` : stack;
}

/** The runtime's error classes whose errors {@linkcode forCaller} copies. */
const BUILTIN_ERRORS: readonly ErrorConstructor[] = [
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
];

/**
 * A copy of the work's error for one of the callers that shared it: the
 * same prototype (so `instanceof` and the class's methods), message,
 * `cause` and fields (each own property as it is, enumerable or not, the
 * very same values), with the call sites of the caller waiting in
 * {@linkcode SharedWork.join} (whose own frame is left out). Its `stack`
 * reads as the work error's (message and frames) followed by the caller's
 * frames it does not already show. Only the SDK's errors and the runtime's
 * plain ones are copied (another class may keep state a copy has not, as a
 * `DOMException` does); for others `undefined`.
 *
 * @param err The work's error.
 * @returns The caller's copy, or `undefined`.
 */
function forCaller(err: unknown): Error | undefined {
  if (!(err instanceof Error)) return undefined;
  const proto = Object.getPrototypeOf(err) as object;
  const builtin = BUILTIN_ERRORS.find((E) => E.prototype === proto);
  if (!builtin && !(err instanceof GlobusError)) return undefined;
  const restore = roomForCallerFrames();
  const copy = new (builtin ?? Error)(err.message);
  // V8's (Deno, Node); elsewhere the copy keeps the frames it was made in.
  (Error as {
    captureStackTrace?: (target: object, above: unknown) => void;
  }).captureStackTrace?.(copy, SharedWork.prototype.join);
  restore();
  if (!builtin) Object.setPrototypeOf(copy, proto);
  for (const key of Reflect.ownKeys(err)) {
    if (key === "stack") continue;
    Object.defineProperty(
      copy,
      key,
      Object.getOwnPropertyDescriptor(err, key)!,
    );
  }
  // The text reads the work's frames too (Node prints it; Deno's own
  // printer reads the call sites, which V8 renders when first read): the
  // work's text as it is at the first read, then the caller's frames.
  lazyStack(copy, (text) => {
    const work = err.stack;
    return typeof work === "string" && typeof text === "string"
      ? withFramesOf(work, text)
      : text;
  }, "once");
  return err instanceof GlobusError ? kernelStack(copy) : copy;
}
