/**
 * File operations used by the emulator's tasks: chunked copies (optionally
 * throttled, hashed and read back), content comparison, checksums and
 * abortable sleeps.
 *
 * @module
 */
import { type Digest, knownChecksum, newDigest } from "./_checksums.ts";
import { Buffer } from "node:buffer";
import { closeSync, openSync, readSync, writeSync } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { setImmediate } from "node:timers";
import { isDeno } from "../core/runtime.ts";

/** Thrown by {@linkcode abortableSleep} and copies when a task is canceled. */
export class AbortedError extends Error {
  constructor() {
    super("aborted");
    this.name = "AbortedError";
  }
}

/**
 * Sleeps, unless the signal aborts first.
 *
 * @param ms Milliseconds.
 * @param signal Cancels the sleep.
 * @returns Resolves after the delay.
 * @throws {AbortedError} When the signal aborts.
 */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new AbortedError());
      return;
    }
    if (ms <= 0) {
      resolve();
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortedError());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Maps a Transfer checksum algorithm name to the name
 * {@linkcode newDigest} takes.
 *
 * @param name E.g. `MD5`, `SHA256`, `ADLER32`.
 * @returns The name, or `null` when unsupported.
 */
export function hashName(name: string): string | null {
  return knownChecksum(name) ? name.toLowerCase() : null;
}

/** Options for {@linkcode copyFileTo}. */
export interface CopyOptions {
  /** Cancels the copy. */
  signal: AbortSignal;
  /** Limits the rate, in bytes per second (`null`: as fast as possible). */
  bytesPerSecond: number | null;
  /** Hash the source as it is read (a Node hash name), or `null`. */
  hashAlgorithm: string | null;
  /**
   * Read each written chunk back from the destination and compare it with
   * the source bytes (`verify_checksum`); a difference throws
   * {@linkcode ContentMismatchError}.
   */
  verify: boolean;
  /** Called with each chunk's size as it is written. */
  onBytes: (n: number) => void;
  /**
   * The source's size from a recent stat, when known: an unthrottled file
   * up to {@linkcode SMALL_FILE_BYTES} is then copied with blocking calls.
   */
  sizeHint?: number;
  /** Test seam: writes a chunk (defaults to the file handle's write). */
  write?: (
    fh: FileHandle,
    chunk: Uint8Array,
    position: number,
  ) => Promise<void>;
}

/** Thrown by {@linkcode copyFileTo} when the destination reads back different. */
export class ContentMismatchError extends Error {
  /** Byte offset of the first chunk that differs. */
  readonly offset: number;
  constructor(offset: number) {
    super(`destination differs from the source at chunk offset ${offset}`);
    this.name = "ContentMismatchError";
    this.offset = offset;
  }
}

/** The copy chunk: large enough that per-call costs vanish, small in memory. */
const CHUNK_BYTES = 4 << 20;

/**
 * Files up to this size are copied with blocking calls: each asynchronous
 * file call costs a thread round trip (tens of microseconds), more than
 * reading, writing and comparing a small file from the page cache. A caller
 * copying many files calls {@linkcode yieldIfBusy} between them.
 */
export const SMALL_FILE_BYTES = 1 << 20;

/**
 * How an event-loop turn that polls network I/O is had. On Node,
 * `setImmediate` runs right after the I/O poll phase and costs microseconds.
 * In Deno, `setImmediate` and `MessageChannel` callbacks run without polling
 * network I/O (measured: 2 requests served in a second of such turns,
 * against about 2000 with zero timeouts; awaiting a cheap asynchronous op
 * such as a digest or a stat served hardly more), and a zero timeout costs
 * one to two milliseconds, so Deno takes a turn less often (every 10 ms cost
 * 10–15% of a small-file copy).
 */
const TURN = isDeno
  ? {
    busyMs: 25,
    take: () => new Promise<void>((resolve) => setTimeout(resolve, 0)),
  }
  : {
    busyMs: 2,
    take: () => new Promise<void>((resolve) => setImmediate(resolve)),
  };

/**
 * A turn is also taken at least every this many files, however fast they
 * copy: answering one HTTP request takes the server several turns, and a
 * copy of thousands of small files from the page cache can finish within a
 * few time-based turns. So the requests a copy lets through grow with its
 * file count, not only with the time it takes (64 turns, about 0.1 s, for
 * the 4096 small files of `deno task bench`'s 1 GiB tree).
 */
export const TURN_EVERY_FILES = 64;
let lastTurn = performance.now();
let sinceTurn = 0;
/** The turn being waited for; other copies in flight wait for it too. */
let pendingTurn: Promise<void> | null = null;

/**
 * Gives timers and network I/O a turn when the last one was more than a few
 * milliseconds ago (2 on Node, 25 in Deno) or {@linkcode TURN_EVERY_FILES}
 * calls ago, so that a long run of blocking small-file copies delays an HTTP
 * response by about that at most, without paying for a turn per file. While
 * a turn is pending, every caller waits for it, so no copy runs on meanwhile.
 *
 * @returns Resolves once the event loop had its turn, or at once.
 */
export async function yieldIfBusy(): Promise<void> {
  if (pendingTurn) return await pendingTurn;
  if (
    ++sinceTurn < TURN_EVERY_FILES &&
    performance.now() - lastTurn < TURN.busyMs
  ) return;
  sinceTurn = 0;
  pendingTurn = TURN.take().then(() => {
    lastTurn = performance.now();
    pendingTurn = null;
  });
  await pendingTurn;
}

/**
 * Reads from `fd` into `buf` from `offset` until the buffer is full or a
 * read comes back short (the end of a regular file).
 */
function readUpTo(fd: number, buf: Buffer, offset: number): number {
  let got = offset;
  while (got < buf.length) {
    const n = readSync(fd, buf, got, buf.length - got, got);
    if (n === 0) break;
    got += n;
    if (got < buf.length) break;
  }
  return got;
}

/**
 * Scratch buffers of the blocking small-file copy, reused across files:
 * allocating two buffers per file cost more than the copy itself. Safe to
 * share because that copy never awaits while it uses them.
 */
const scratch = { data: Buffer.alloc(0), back: Buffer.alloc(0) };

function scratchBuffer(which: "data" | "back", size: number): Buffer {
  if (scratch[which].length < size) {
    scratch[which] = Buffer.allocUnsafe(
      Math.max(size, Math.min(2 * scratch[which].length, SMALL_FILE_BYTES + 1)),
    );
  }
  return scratch[which].subarray(0, size);
}

function copySmallFileSync(
  src: string,
  dst: string,
  o: CopyOptions & { sizeHint: number },
): string | null {
  // One read of size + 1 bytes: a short read proves the end of the file
  // without a second call. A file that grew since its stat is read on.
  let data: Buffer = scratchBuffer("data", o.sizeHint + 1);
  const input = openSync(src, "r");
  try {
    let got = readUpTo(input, data, 0);
    while (got === data.length) {
      const bigger = Buffer.allocUnsafe(data.length * 2);
      data.copy(bigger, 0, 0, got);
      data = bigger;
      got = readUpTo(input, data, got);
    }
    data = data.subarray(0, got);
  } finally {
    closeSync(input);
  }
  const digest = o.hashAlgorithm
    ? newDigest(o.hashAlgorithm)!.update(data).digest("hex")
    : null;
  const output = openSync(dst, o.verify ? "w+" : "w");
  try {
    for (let done = 0; done < data.length;) {
      done += writeSync(output, data, done, data.length - done, done);
    }
    if (o.verify) {
      const back = scratchBuffer("back", data.length + 1);
      const got = readUpTo(output, back, 0);
      if (got !== data.length || !back.subarray(0, got).equals(data)) {
        throw new ContentMismatchError(0);
      }
    }
  } finally {
    closeSync(output);
  }
  o.onBytes(data.length);
  return digest;
}

async function writeAll(
  fh: FileHandle,
  chunk: Uint8Array,
  position: number,
): Promise<void> {
  let done = 0;
  while (done < chunk.length) {
    const { bytesWritten } = await fh.write(
      chunk,
      done,
      chunk.length - done,
      position + done,
    );
    done += bytesWritten;
  }
}

async function readFull(
  fh: FileHandle,
  buf: Uint8Array,
  position: number,
): Promise<number> {
  let got = 0;
  while (got < buf.length) {
    const { bytesRead } = await fh.read(
      buf,
      got,
      buf.length - got,
      position + got,
    );
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got;
}

/**
 * Copies a file in chunks: each chunk is read once, hashed when asked,
 * written, and (with `verify`) read back from the destination and compared.
 * A small file with a `sizeHint` is copied with blocking calls (see
 * {@linkcode SMALL_FILE_BYTES}). A larger file is never held in memory (at
 * most two 4 MiB chunks), and nothing is hashed unless `hashAlgorithm` asks.
 *
 * @param src The source file.
 * @param dst The destination file (created or truncated).
 * @param o Options.
 * @returns The source's hex digest when `hashAlgorithm` was given, else `null`.
 * @throws {AbortedError} When the signal aborts.
 * @throws {ContentMismatchError} When `verify` finds a difference.
 */
export async function copyFileTo(
  src: string,
  dst: string,
  o: CopyOptions,
): Promise<string | null> {
  const signal = o.signal;
  if (signal.aborted) throw new AbortedError();
  const hash: Digest | null = o.hashAlgorithm
    ? newDigest(o.hashAlgorithm)
    : null;
  const bps = o.bytesPerSecond;
  // A throttled copy moves a tenth of a second's bytes at a time, down to
  // one byte: with at least 1 KiB a chunk, a slow copy of small files (the
  // tutorial's 4-byte files at 1 byte/s) counted no byte until it ended.
  const size = bps !== null
    ? Math.max(1, Math.min(CHUNK_BYTES, Math.floor(bps / 10)))
    : CHUNK_BYTES;
  const write = o.write ?? writeAll;
  const sizeHint = o.sizeHint;
  if (
    bps === null && o.write === undefined && sizeHint !== undefined &&
    sizeHint <= SMALL_FILE_BYTES
  ) {
    return copySmallFileSync(src, dst, { ...o, sizeHint });
  }
  const input = await open(src, "r");
  try {
    const output = await open(dst, o.verify ? "w+" : "w");
    try {
      // Sized to the file when it is smaller than a chunk.
      const { size: total } = await input.stat();
      const chunk = Buffer.allocUnsafe(Math.max(1, Math.min(size, total)));
      const back = o.verify ? Buffer.allocUnsafe(chunk.length) : null;
      let position = 0;
      for (;;) {
        if (signal.aborted) throw new AbortedError();
        const n = await readFull(input, chunk, position);
        if (n === 0) break;
        const data = chunk.subarray(0, n);
        hash?.update(data);
        if (bps !== null) await abortableSleep((n / bps) * 1000, signal);
        await write(output, data, position);
        if (back) {
          const m = await readFull(output, back.subarray(0, n), position);
          if (m !== n || !back.subarray(0, n).equals(data)) {
            throw new ContentMismatchError(position);
          }
        }
        o.onBytes(n);
        position += n;
        if (n < chunk.length) break;
      }
    } finally {
      await output.close();
    }
  } finally {
    await input.close();
  }
  return hash ? hash.digest("hex") : null;
}

/**
 * Compares two files' contents chunk by chunk (sync_level 3), without
 * holding either in memory.
 *
 * @param a One file.
 * @param b The other.
 * @param signal Cancels the comparison.
 * @returns Whether both hold the same bytes.
 * @throws {AbortedError} When the signal aborts.
 */
export async function sameContent(
  a: string,
  b: string,
  signal: AbortSignal,
): Promise<boolean> {
  if (signal.aborted) throw new AbortedError();
  const fa = await open(a, "r");
  try {
    const fb = await open(b, "r");
    try {
      const [sa, sb] = await Promise.all([fa.stat(), fb.stat()]);
      if (sa.size !== sb.size) return false;
      const len = Math.max(1, Math.min(CHUNK_BYTES, sa.size));
      const x = Buffer.allocUnsafe(len);
      const y = Buffer.allocUnsafe(len);
      for (let position = 0;;) {
        if (signal.aborted) throw new AbortedError();
        const [n, m] = await Promise.all([
          readFull(fa, x, position),
          readFull(fb, y, position),
        ]);
        if (n !== m || !x.subarray(0, n).equals(y.subarray(0, m))) {
          return false;
        }
        if (n < len) return true;
        position += n;
      }
    } finally {
      await fb.close();
    }
  } finally {
    await fa.close();
  }
}
