/**
 * A line read on Node from a terminal that something else holds in raw
 * mode: Node's REPL, or the program's own `readline` interface left open.
 *
 * There the terminal sends keys, not lines: Enter is `\r`, nothing is
 * echoed, Ctrl-C and Ctrl-D are bytes (no SIGINT, no end of input), and
 * the holder's `data` listener (the REPL's key decoder) takes them. The SDK
 * holds the terminal while it asks: it sets the holder's listeners aside
 * and listens itself ({@linkcode holdRawTerminal}) before the question is
 * written, so every key typed once the question shows is the SDK's, and it
 * edits the line itself (echo, Backspace, Ctrl-U, Ctrl-W; Enter ends the
 * line; Ctrl-C stops the question; Ctrl-D on an empty line cancels it).
 * Raw mode is never changed: a Ctrl-C cannot become a SIGINT that ends the
 * REPL, and a Ctrl-D cannot end standard input (and the REPL with it).
 * Releasing gives the holder its listeners, its flowing or paused state
 * and whatever was typed after the line back.
 *
 * A hold can span a whole dialog (a login: the question, the check of the
 * answer, the question again): with `onInterrupt`, a Ctrl-C typed while no
 * line is being read (before the first question, while an answer is
 * checked) is the SDK's too, and stops the dialog; the keys typed before it
 * are dropped, as a terminal's Ctrl-C flushes its input, and those after it
 * go back to the holder.
 *
 * Node's REPL runs a line's synchronous part with raw mode off, and decodes
 * the rest of the terminal's read (what came after the Enter) into
 * `keypress` events once the line has run: a hold taken then
 * (`replLine`) takes those keys too, so a Ctrl-C typed with the Enter is
 * the SDK's, not the REPL's.
 *
 * Deno is never held: Deno cannot tell whether its terminal is raw.
 *
 * @module
 */

// deno-lint-ignore no-explicit-any
type Stdin = any;

// deno-lint-ignore no-explicit-any
const g = globalThis as any;

/** What {@linkcode RawTerminalHold.readLine} gives for Ctrl-C. */
export const INTERRUPTED: unique symbol = Symbol("interrupted");

/** The longest line kept, in characters; more typing is ignored. */
const MAX_LINE_CHARS = 64 * 1024;

/** Node's standard input, held by the SDK while it asks. */
export interface RawTerminalHold {
  /**
   * Reads one line, echoing it through `echo` and editing it as a
   * terminal does.
   *
   * @param echo Writes to the terminal (the question's stream).
   * @param signal Stops the wait: the line is ended and `null` given.
   * @returns The line (Enter), `null` (Ctrl-D on an empty line, the end
   *   of input, an abort) or {@linkcode INTERRUPTED} (Ctrl-C).
   */
  readLine(
    echo: (text: string) => void,
    signal?: AbortSignal,
  ): Promise<string | null | typeof INTERRUPTED>;
  /** Gives the terminal back as it was (once; later calls do nothing). */
  release(): void;
}

/** Options for {@linkcode holdRawTerminal}. */
export interface RawTerminalHoldOptions {
  /**
   * Called (once) for a Ctrl-C typed while no line is being read: before
   * the first {@linkcode RawTerminalHold.readLine}, or between two (also one
   * typed ahead on the line just read). The keys typed before it are
   * dropped; a later `readLine` gives {@linkcode INTERRUPTED} at once.
   * Without it such a Ctrl-C waits, typed ahead, for the next line.
   */
  onInterrupt?: (() => void) | undefined;
  /**
   * Also take a terminal whose raw mode is off while a readline decodes its
   * keys (a `keypress` listener): Node's REPL running the synchronous part
   * of the line that calls this. The caller checks later (a microtask on)
   * that the terminal is raw again ({@linkcode stdinIsRawTerminal}), and
   * gives it back if not.
   */
  replLine?: boolean | undefined;
}

/**
 * Whether `stream` is a terminal in raw mode that has not ended (with
 * `replLine`, also one whose raw mode Node's REPL turned off while it runs
 * a line: a readline decodes its keys).
 */
function isRawTerminal(stream: Stdin, replLine = false): boolean {
  return Boolean(stream?.isTTY) &&
    (stream.isRaw === true ||
      (replLine && stream.isRaw === false &&
        typeof stream.listenerCount === "function" &&
        stream.listenerCount("keypress") > 0)) &&
    !stream.destroyed && !stream.readableEnded &&
    typeof stream.rawListeners === "function";
}

/** Node's `process.stdin` when it is a terminal in raw mode (never Deno). */
function rawStdin(replLine = false): Stdin | undefined {
  if (typeof g.Deno?.version?.deno === "string") return undefined;
  try {
    const stdin = g.process?.stdin;
    return isRawTerminal(stdin, replLine) ? stdin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether standard input is a terminal that something else holds in raw
 * mode (Node's REPL, the program's own open `readline` interface).
 *
 * @returns `true` on Node when `process.stdin` is a terminal in raw mode
 *   that has not ended.
 */
export function stdinIsRawTerminal(): boolean {
  return rawStdin() !== undefined;
}

/**
 * Takes standard input from whoever holds it in raw mode, at once (call it
 * before the question is written): their `data` listeners are set aside
 * and the SDK's listens, so keys typed from now on are kept for
 * {@linkcode RawTerminalHold.readLine}.
 *
 * @param stream The terminal's stream (tests); default Node's
 *   `process.stdin`.
 * @param options What a Ctrl-C between lines does.
 * @returns The hold, or `undefined` where standard input is not a
 *   terminal in raw mode (then read it the usual way).
 */
export function holdRawTerminal(
  stream?: Stdin,
  options: RawTerminalHoldOptions = {},
): RawTerminalHold | undefined {
  const { onInterrupt, replLine = false } = options;
  const stdin = stream === undefined
    ? rawStdin(replLine)
    : isRawTerminal(stream, replLine)
    ? stream
    : undefined;
  if (!stdin) return undefined;
  const others: ((...args: unknown[]) => void)[] = stdin.rawListeners("data");
  // A readline's key handlers: the keys of a read being decoded now (the
  // rest of the REPL's line, after its Enter) come as `keypress` events.
  const keyOthers: ((...args: unknown[]) => void)[] = stdin.rawListeners(
    "keypress",
  );
  // Paused by its owner (`rl.pause()`): it stays paused afterwards.
  const flowing: boolean | null = stdin.readableFlowing;
  const handle = stdin._handle;
  const wasRef: boolean | undefined = typeof handle?.hasRef === "function"
    ? handle.hasRef()
    : undefined;
  for (const listener of others) stdin.off("data", listener);
  for (const listener of keyOthers) stdin.off("keypress", listener);
  let pending = new Uint8Array(0);
  let ended = false;
  let wake: (() => void) | undefined;
  // Interrupted between lines, or a line ended the dialog (Ctrl-C, Ctrl-D,
  // an abort): no later Ctrl-C is the dialog's.
  let stopped = false;
  let interrupted = false;
  let released = false;
  /** A Ctrl-C typed while no line is read stops the dialog. */
  const between = () => {
    if (!onInterrupt || wake || stopped || released) return;
    const i = pending.indexOf(0x03);
    if (i < 0) return;
    pending = pending.slice(i + 1);
    stopped = true;
    interrupted = true;
    onInterrupt();
  };
  const onData = (chunk: Uint8Array | string) => {
    const bytes = typeof chunk === "string"
      ? new TextEncoder().encode(chunk)
      : chunk;
    const joined = new Uint8Array(pending.length + bytes.length);
    joined.set(pending);
    joined.set(bytes, pending.length);
    pending = joined;
    if (wake) wake();
    else between();
  };
  /** A decoded key: its bytes, as they came. */
  const onKeypress = (s?: string, key?: { sequence?: unknown }) => {
    const seq = typeof key?.sequence === "string" ? key.sequence : s;
    if (typeof seq === "string" && seq !== "") onData(seq);
  };
  const onEnd = () => {
    ended = true;
    wake?.();
  };
  // Only where a readline listened: its decoder is then already on the
  // stream (set aside above), and a first `keypress` listener would add it.
  if (keyOthers.length > 0) stdin.on("keypress", onKeypress);
  stdin.on("data", onData);
  stdin.on("end", onEnd);
  stdin.on("error", onEnd);
  stdin.ref?.();
  stdin.resume();
  return {
    readLine(echo, signal) {
      return new Promise((resolve) => {
        const chars: string[] = [];
        let at = 0;
        let out = "";
        const finish = (result: string | null | typeof INTERRUPTED) => {
          pending = pending.slice(at);
          at = 0;
          wake = undefined;
          signal?.removeEventListener("abort", onAbort);
          if (out !== "") echo(out);
          out = "";
          resolve(result);
          // A Ctrl-C typed ahead after the line (Enter, then Ctrl-C at
          // once) stops the dialog while the line is checked.
          if (typeof result === "string") between();
          else stopped = true;
        };
        const onAbort = () => {
          out += "\n";
          finish(null);
        };
        const erase = (n: number) => {
          for (let k = 0; k < n && chars.length > 0; k++) {
            chars.pop();
            out += "\b \b";
          }
        };
        const step = () => {
          while (at < pending.length) {
            const b = pending[at] as number;
            if (b === 0x0d || b === 0x0a) {
              at++;
              // A pasted `\r\n` ends one line.
              if (b === 0x0d && pending[at] === 0x0a) at++;
              out += "\n";
              return finish(chars.join(""));
            }
            if (b === 0x03) {
              // Ctrl-C, shown as a terminal shows it.
              at++;
              out += "^C\n";
              return finish(INTERRUPTED);
            }
            if (b === 0x04) {
              // Ctrl-D: the end of the input on an empty line, as in a
              // terminal; ignored after some typing.
              at++;
              if (chars.length === 0) {
                out += "\n";
                return finish(null);
              }
              continue;
            }
            if (b === 0x7f || b === 0x08) {
              at++;
              erase(1);
              continue;
            }
            if (b === 0x15) {
              // Ctrl-U: the whole line.
              at++;
              erase(chars.length);
              continue;
            }
            if (b === 0x17) {
              // Ctrl-W: the last word and the spaces after it.
              at++;
              let n = 0;
              while (
                n < chars.length && /\s/.test(chars[chars.length - 1 - n]!)
              ) n++;
              while (
                n < chars.length && !/\s/.test(chars[chars.length - 1 - n]!)
              ) n++;
              erase(n);
              continue;
            }
            if (b === 0x1b) {
              // Arrow keys, function keys, a bracketed paste's markers.
              const n = escapeLength(pending, at);
              if (n === 0) break; // the rest has not come yet
              at += n;
              continue;
            }
            if (b < 0x20) {
              at++;
              continue;
            }
            const n = b < 0x80 ? 1 : utf8Length(b);
            if (n === 0) {
              at++; // not the start of a character
              continue;
            }
            if (at + n > pending.length) break; // the rest has not come yet
            const ch = new TextDecoder().decode(pending.subarray(at, at + n));
            at += n;
            if (chars.length < MAX_LINE_CHARS) {
              chars.push(ch);
              out += ch;
            }
          }
          pending = pending.slice(at);
          at = 0;
          if (out !== "") echo(out);
          out = "";
          if (ended) {
            out += "\n";
            finish(chars.length > 0 ? chars.join("") : null);
          }
        };
        if (interrupted) {
          resolve(INTERRUPTED);
          return;
        }
        if (released || signal?.aborted) {
          resolve(null);
          return;
        }
        signal?.addEventListener("abort", onAbort, { once: true });
        wake = step;
        step();
      });
    },
    release() {
      if (released) return;
      released = true;
      wake = undefined;
      stdin.off("data", onData);
      stdin.off("keypress", onKeypress);
      stdin.off("end", onEnd);
      stdin.off("error", onEnd);
      stdin.pause();
      // What was typed after the line is the holder's next input.
      if (pending.length > 0 && !ended && !stdin.destroyed) {
        stdin.unshift(g.Buffer ? g.Buffer.from(pending) : pending);
      }
      pending = new Uint8Array(0);
      for (const listener of keyOthers) stdin.on("keypress", listener);
      for (const listener of others) stdin.on("data", listener);
      if (flowing === true) {
        stdin.resume();
      } else if (flowing === null) {
        const state = stdin._readableState;
        if (state && typeof state === "object") state.flowing = null;
      }
      if (wasRef === false) stdin.unref?.();
    },
  };
}

/**
 * The length of the escape sequence at `at` (`ESC [ … final`, `ESC O x`,
 * `ESC x`), or 0 when it has not fully arrived. An Escape pressed alone is
 * one byte when a control key or a character that is not printable ASCII
 * follows it, and a sequence ends before such a byte: the key after it
 * (Ctrl-C, Enter, Backspace) is a key of its own, as in Node's readline
 * (it was taken as the rest of the sequence and lost).
 */
function escapeLength(buf: Uint8Array, at: number): number {
  if (at + 1 >= buf.length) return 0;
  const b1 = buf[at + 1] as number;
  if (b1 < 0x20 || b1 > 0x7e) return 1;
  if (b1 === 0x5b) {
    for (let j = at + 2; j < buf.length; j++) {
      const b = buf[j] as number;
      if (b < 0x20 || b > 0x7e) return j - at;
      if (b >= 0x40) return j - at + 1;
    }
    return 0;
  }
  if (b1 === 0x4f) {
    if (at + 2 >= buf.length) return 0;
    const b2 = buf[at + 2] as number;
    return b2 < 0x20 || b2 > 0x7e ? 2 : 3;
  }
  return 2;
}

/** The length of the UTF-8 character that `lead` starts (0: not a start). */
function utf8Length(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/**
 * Reads one line from a held terminal, echoing it on standard error, and
 * gives the terminal back: for a caller that took the hold and then wrote
 * its own question.
 *
 * @param hold From {@linkcode holdRawTerminal}.
 * @returns The line, or `null` for Ctrl-D on an empty line or the end of
 *   input.
 * @throws {DOMException} `AbortError` for Ctrl-C.
 */
export async function readHeldLine(
  hold: RawTerminalHold,
): Promise<string | null> {
  let line: string | null | typeof INTERRUPTED;
  try {
    line = await hold.readLine((text) => g.process.stderr.write(text));
  } finally {
    hold.release();
  }
  if (line === INTERRUPTED) {
    throw new DOMException(
      "Interrupted: Ctrl-C was pressed instead of a line",
      "AbortError",
    );
  }
  return line;
}
