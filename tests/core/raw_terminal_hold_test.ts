/**
 * The SDK's hold on a terminal that something else (Node's REPL, the
 * program's open `readline`) keeps in raw mode, on a stand-in stream: keys
 * typed once the hold is taken are the SDK's (Ctrl-C included), the line is
 * edited and echoed as a terminal would, and the holder gets its listeners,
 * its flowing state and the keys after the line back.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { emitKeypressEvents } from "node:readline";
import { Readable } from "node:stream";
import {
  holdRawTerminal,
  INTERRUPTED,
  type RawTerminalHold,
} from "../../src/core/_raw_terminal.ts";

/** A terminal's standard input in raw mode, with its holder listening. */
function terminal(options: { raw?: boolean } = {}) {
  const stream = new Readable({ read() {} }) as Readable & {
    isTTY: boolean;
    isRaw: boolean;
  };
  stream.isTTY = true;
  stream.isRaw = options.raw ?? true;
  const holderGot: string[] = [];
  const holder = (chunk: Uint8Array) =>
    holderGot.push(new TextDecoder().decode(chunk));
  stream.on("data", holder);
  return {
    stream,
    holder,
    holderGot,
    type: (text: string | Uint8Array) =>
      stream.push(
        typeof text === "string" ? new TextEncoder().encode(text) : text,
      ),
  };
}

/** Lets the stream deliver what was pushed. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function hold(
  stream: Readable,
  onInterrupt?: () => void,
): RawTerminalHold {
  const h = holdRawTerminal(stream, { onInterrupt });
  assert.ok(h, "the raw terminal was not held");
  return h;
}

test("a key typed as soon as the terminal is held is the SDK's, before the line is even awaited (Ctrl-C: interrupted, shown as ^C)", async () => {
  const t = terminal();
  const h = hold(t.stream);
  t.type("\x03");
  await settle();
  let echoed = "";
  const got = await h.readLine((s) => echoed += s);
  h.release();
  assert.equal(got, INTERRUPTED);
  assert.equal(echoed, "^C\n");
  assert.deepEqual(t.holderGot, []);
});

test("Enter ends the line; Backspace, Ctrl-U and Ctrl-W edit it as a terminal does, echoed; what follows the line goes back to the holder", async () => {
  const t = terminal();
  const h = hold(t.stream);
  let echoed = "";
  const line = h.readLine((s) => echoed += s);
  t.type("junk words\x17\x17x\x15ab");
  await settle();
  t.type("c\x7fd\rnext line\r");
  assert.equal(await line, "abd");
  assert.equal(
    echoed,
    "junk words" + "\b \b".repeat(5) + "\b \b".repeat(5) + "x\b \b" +
      "ab" + "c\b \bd\n",
  );
  assert.deepEqual(t.holderGot, []);
  h.release();
  await settle();
  assert.deepEqual(t.holderGot, ["next line\r"]);
  assert.equal(t.stream.listenerCount("data"), 1);
  assert.equal(t.stream.listenerCount("end"), 0);
  assert.equal(t.stream.readableFlowing, true);
  t.type("more");
  await settle();
  assert.deepEqual(t.holderGot, ["next line\r", "more"]);
});

test("Ctrl-D on an empty line gives null (the line is ended) and is ignored after some typing", async () => {
  const t = terminal();
  let h = hold(t.stream);
  let echoed = "";
  let line = h.readLine((s) => echoed += s);
  t.type("\x04");
  assert.equal(await line, null);
  assert.equal(echoed, "\n");
  h.release();
  h = hold(t.stream);
  echoed = "";
  line = h.readLine((s) => echoed += s);
  t.type("ab\x04c\r");
  assert.equal(await line, "abc");
  assert.equal(echoed, "abc\n");
  h.release();
  assert.deepEqual(t.holderGot, []);
});

test("arrow keys, a bracketed paste's markers and other control keys are not part of the line; a character split between chunks is whole", async () => {
  const t = terminal();
  const h = hold(t.stream);
  let echoed = "";
  const line = h.readLine((s) => echoed += s);
  const e = new TextEncoder().encode("é");
  t.type("\x1b[200~co\x1b[D\x1bOA\t");
  await settle();
  t.type(new Uint8Array([0x64, e[0]!]));
  await settle();
  t.type(new Uint8Array([e[1]!]));
  t.type("\x1b");
  await settle();
  t.type("[201~\r\n");
  assert.equal(await line, "codé");
  assert.equal(echoed, "codé\n");
  h.release();
  await settle();
  // `\r\n` (a paste) ended one line: nothing is left for the holder.
  assert.deepEqual(t.holderGot, []);
});

test("Escape pressed alone does not swallow the key after it: Ctrl-C, Enter, Backspace and a character still count", async () => {
  // Escape then Ctrl-C: the login was not interrupted (the ^C was taken
  // as the rest of an escape sequence), and needed a second Ctrl-C.
  const t = terminal();
  const h = hold(t.stream);
  let echoed = "";
  const first = h.readLine((s) => echoed += s);
  t.type("\x1b");
  await settle();
  t.type("\x03");
  assert.equal(await first, INTERRUPTED);
  // Escape then Backspace, then Escape then a letter (Alt+letter is
  // dropped, as before), then Escape then é, then Escape then Enter.
  const second = h.readLine((s) => echoed += s);
  t.type("ab\x1b\x7f\x1bx\x1b\u00e9\x1b[1\x1b");
  await settle();
  t.type("\r");
  assert.equal(await second, "a\u00e9");
  // A control key inside an unfinished escape sequence is a key too.
  const third = h.readLine((s) => echoed += s);
  t.type("z\x1b[2\x03");
  assert.equal(await third, INTERRUPTED);
  h.release();
  assert.equal(echoed, "^C\n" + "ab\b \b\u00e9\n" + "z^C\n");
});

test("a holder that was paused stays paused, and a stream nobody read is left unread", async () => {
  const t = terminal();
  t.stream.pause();
  let h = hold(t.stream);
  let line = h.readLine(() => {});
  t.type("a\rb");
  assert.equal(await line, "a");
  h.release();
  await settle();
  assert.equal(t.stream.readableFlowing, false);
  assert.deepEqual(t.holderGot, []);
  t.stream.resume();
  await settle();
  assert.deepEqual(t.holderGot, ["b"]);

  const fresh = new Readable({ read() {} }) as Readable & {
    isTTY: boolean;
    isRaw: boolean;
  };
  fresh.isTTY = true;
  fresh.isRaw = true;
  h = hold(fresh);
  line = h.readLine(() => {});
  fresh.push(new TextEncoder().encode("x\r"));
  assert.equal(await line, "x");
  h.release();
  assert.equal(fresh.readableFlowing, null);
  assert.equal(fresh.listenerCount("data"), 0);
});

test("an abort ends the wait with null and the line ended; the end of input gives what was typed, or null", async () => {
  const t = terminal();
  let h = hold(t.stream);
  const controller = new AbortController();
  let echoed = "";
  let line = h.readLine((s) => echoed += s, controller.signal);
  t.type("ab");
  await settle();
  controller.abort();
  assert.equal(await line, null);
  assert.equal(echoed, "ab\n");
  h.release();

  h = hold(t.stream);
  echoed = "";
  line = h.readLine((s) => echoed += s);
  t.type("cd");
  await settle();
  t.stream.push(null);
  assert.equal(await line, "cd");
  h.release();
});

test("a terminal not in raw mode is not held (the terminal edits the line itself)", () => {
  const t = terminal({ raw: false });
  assert.equal(holdRawTerminal(t.stream), undefined);
  assert.equal(t.stream.listenerCount("data"), 1);
});

test("with onInterrupt, a Ctrl-C typed while no line is read stops the dialog at once: the keys before it are dropped, those after it are the holder's, and a later line gives INTERRUPTED", async () => {
  const t = terminal();
  let interrupts = 0;
  const h = hold(t.stream, () => interrupts++);
  let echoed = "";
  // Typed ahead, then a line read and a second line typed ahead.
  t.type("first\rtyped ahead");
  await settle();
  assert.equal(await h.readLine((s) => echoed += s), "first");
  assert.equal(interrupts, 0);
  // While the line is checked: a Ctrl-C, then the holder's next line.
  t.type(" more\x03next\r\x03");
  await settle();
  assert.equal(interrupts, 1);
  assert.equal(await h.readLine((s) => echoed += s), INTERRUPTED);
  assert.equal(echoed, "first\n");
  assert.deepEqual(t.holderGot, []);
  h.release();
  await settle();
  // The second Ctrl-C is the holder's too: one interrupt per dialog.
  assert.deepEqual(t.holderGot, ["next\r\x03"]);
});

test("with onInterrupt, Ctrl-C typed right after Enter interrupts once the line is read; after a line ended by Ctrl-C or Ctrl-D a Ctrl-C is the holder's", async () => {
  let t = terminal();
  let interrupts = 0;
  let h = hold(t.stream, () => interrupts++);
  t.type("code\r\x03after");
  assert.equal(await h.readLine(() => {}), "code");
  assert.equal(interrupts, 1);
  h.release();
  await settle();
  assert.deepEqual(t.holderGot, ["after"]);

  for (const key of ["\x03", "\x04"]) {
    t = terminal();
    interrupts = 0;
    h = hold(t.stream, () => interrupts++);
    t.type(`${key}\x03`);
    assert.notEqual(typeof (await h.readLine(() => {})), "string");
    t.type("\x03");
    await settle();
    assert.equal(interrupts, 0);
    h.release();
    await settle();
    assert.deepEqual(t.holderGot, ["\x03\x03"]);
  }
});

/**
 * A terminal whose keys a readline decodes (`keypress` events), as Node's
 * REPL reads: the holder's key handler sees each key's sequence, and runs
 * `onEnter` on the Enter that ends a line (the REPL running it).
 */
function replTerminal(onEnter: (stream: Readable) => void) {
  const t = terminal();
  // The plain `data` holder of terminal() is not the REPL's: a readline's
  // decoder is.
  t.stream.off("data", t.holder);
  emitKeypressEvents(t.stream);
  const keys: string[] = [];
  t.stream.on("keypress", (_s: unknown, key: { sequence: string }) => {
    keys.push(key.sequence);
    if (key.sequence === "\r") {
      // The REPL runs a line's synchronous part with raw mode off.
      t.stream.isRaw = false;
      onEnter(t.stream);
      t.stream.isRaw = true;
    }
  });
  return { ...t, keys };
}

test("replLine: a hold taken while the REPL runs a line (raw mode off) takes the keys that came in the same read after its Enter; Ctrl-C among them is the SDK's, and the keys after it go back to the REPL's key handler", async () => {
  let interrupts = 0;
  let h: RawTerminalHold | undefined;
  const t = replTerminal((stream) => {
    h ??= holdRawTerminal(stream, {
      onInterrupt: () => interrupts++,
      replLine: true,
    });
  });
  // One read: the line, its Enter, Ctrl-C and the next line.
  t.type("go\r\x03next\r");
  await settle();
  assert.ok(h, "the terminal was not held in the REPL's line");
  assert.equal(interrupts, 1);
  assert.deepEqual(t.keys, ["g", "o", "\r"]);
  assert.equal(await h.readLine(() => {}), INTERRUPTED);
  h.release();
  await settle();
  assert.deepEqual(t.keys, ["g", "o", "\r", "n", "e", "x", "t", "\r"]);
  assert.equal(t.stream.listenerCount("keypress"), 1);
  assert.equal(t.stream.listenerCount("data"), 1);
});

test("replLine: keys typed in the same read after the Enter wait for the SDK's line; a terminal not in raw mode without a readline's key handler is not held", async () => {
  let h: RawTerminalHold | undefined;
  const t = replTerminal((stream) => {
    h ??= holdRawTerminal(stream, { replLine: true });
  });
  t.type("go\rcode\rlater");
  await settle();
  assert.ok(h, "the terminal was not held in the REPL's line");
  assert.equal(await h.readLine(() => {}), "code");
  h.release();
  await settle();
  assert.deepEqual(t.keys.join(""), "go\rlater");

  const plain = terminal({ raw: false });
  assert.equal(holdRawTerminal(plain.stream, { replLine: true }), undefined);
  // Without replLine, the REPL's line (raw mode off) is not held either.
  let h2: RawTerminalHold | undefined;
  const t2 = replTerminal((stream) => {
    h2 = holdRawTerminal(stream);
  });
  t2.type("go\r");
  await settle();
  assert.equal(h2, undefined);
});
