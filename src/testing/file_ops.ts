/**
 * File operations used by the emulator's tasks: streaming copies (optionally
 * throttled and hashed), checksums and abortable sleeps.
 *
 * @module
 */
import { createHash, type Hash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { copyFile, readFile } from "node:fs/promises";
import { pipeline } from "node:stream/promises";

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

/** The checksum algorithms the emulator can compute (Node names). */
const ALGORITHMS: Record<string, string> = {
  md5: "md5",
  sha1: "sha1",
  sha256: "sha256",
  sha512: "sha512",
  "sha-1": "sha1",
  "sha-256": "sha256",
  "sha-512": "sha512",
};

/**
 * Maps a Transfer checksum algorithm name to a Node hash name.
 *
 * @param name E.g. `MD5`, `SHA256`.
 * @returns The hash name, or `null` when unsupported.
 */
export function hashName(name: string): string | null {
  return ALGORITHMS[name.toLowerCase()] ?? null;
}

/**
 * Hashes a file: by streaming it, or with one read when `sizeHint` says it
 * is small.
 *
 * @param path The file.
 * @param algorithm A Node hash name.
 * @param signal Cancels the read.
 * @param sizeHint The file's expected size, when known.
 * @returns The hex digest.
 */
export async function hashFile(
  path: string,
  algorithm: string,
  signal: AbortSignal,
  sizeHint?: number,
): Promise<string> {
  const h = createHash(algorithm);
  if (sizeHint !== undefined && sizeHint <= SMALL_FILE_BYTES) {
    // One read: a stream costs more to set up than a small file to hash.
    if (signal.aborted) throw new AbortedError();
    return h.update(await readFile(path)).digest("hex");
  }
  const rs = createReadStream(path, { highWaterMark: 1 << 20, signal });
  try {
    for await (const chunk of rs) h.update(chunk as Uint8Array);
  } catch (e) {
    if (signal.aborted) throw new AbortedError();
    throw e;
  }
  return h.digest("hex");
}

/** Files up to this size are hashed from one read instead of a stream. */
const SMALL_FILE_BYTES = 4 << 20;

/** Options for {@linkcode copyFileTo}. */
export interface CopyOptions {
  /** Cancels the copy. */
  signal: AbortSignal;
  /** Limits the rate, in bytes per second (`null`: as fast as possible). */
  bytesPerSecond: number | null;
  /** Hash the source while copying (a Node hash name), or `null`. */
  hashAlgorithm: string | null;
  /** Called with each chunk's size as it is written. */
  onBytes: (n: number) => void;
}

/**
 * Copies a file: through the kernel when no throttle or hash is needed,
 * otherwise as a stream (1 MiB chunks), never holding the file in memory.
 *
 * @param src The source file.
 * @param dst The destination file.
 * @param o Options.
 * @returns The source's hex digest when `hashAlgorithm` was given, else `null`.
 */
export async function copyFileTo(
  src: string,
  dst: string,
  o: CopyOptions,
): Promise<string | null> {
  if (o.signal.aborted) throw new AbortedError();
  if (o.bytesPerSecond === null && o.hashAlgorithm === null) {
    await copyFile(src, dst);
    return null;
  }
  const hash: Hash | null = o.hashAlgorithm
    ? createHash(o.hashAlgorithm)
    : null;
  const bps = o.bytesPerSecond;
  const chunk = bps !== null
    ? Math.max(1024, Math.min(1 << 20, Math.floor(bps / 10)))
    : 1 << 20;
  const signal = o.signal;
  try {
    await pipeline(
      createReadStream(src, { highWaterMark: chunk }),
      async function* (source: AsyncIterable<Uint8Array>) {
        for await (const c of source) {
          hash?.update(c);
          if (bps !== null) {
            await abortableSleep((c.length / bps) * 1000, signal);
          }
          o.onBytes(c.length);
          yield c;
        }
      },
      createWriteStream(dst),
      { signal },
    );
  } catch (e) {
    if (signal.aborted) throw new AbortedError();
    throw e;
  }
  return hash ? hash.digest("hex") : null;
}
