/**
 * Internal: the checksums a transfer item's `external_checksum` may name —
 * Node's hashes (MD5, SHA-1, SHA-256, SHA-512) and the ones storage systems
 * keep that Node has no hash for (ADLER32, CRC32, CRC32C), computed here as
 * the file is read.
 *
 * @module
 */
import { createHash } from "node:crypto";

/** A running checksum: fed chunk by chunk, then read as hex. */
export interface Digest {
  /** Adds bytes. */
  update(data: Uint8Array): Digest;
  /** The checksum as lower-case hex. */
  digest(encoding: "hex"): string;
}

/** Adler-32 (zlib's), as eight hex digits. */
class Adler32 implements Digest {
  #a = 1;
  #b = 0;
  update(data: Uint8Array): Digest {
    let a = this.#a;
    let b = this.#b;
    // 5552 bytes at most between reductions keep the sums exact.
    for (let i = 0; i < data.length;) {
      const end = Math.min(i + 5552, data.length);
      for (; i < end; i++) {
        a += data[i]!;
        b += a;
      }
      a %= 65521;
      b %= 65521;
    }
    this.#a = a;
    this.#b = b;
    return this;
  }
  digest(): string {
    return (((this.#b << 16) | this.#a) >>> 0).toString(16).padStart(8, "0");
  }
}

const tables = new Map<number, Uint32Array>();

/** The byte table of a reflected CRC-32 polynomial. */
function crcTable(poly: number): Uint32Array {
  let t = tables.get(poly);
  if (t === undefined) {
    t = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
      t[n] = c >>> 0;
    }
    tables.set(poly, t);
  }
  return t;
}

/** CRC-32 (`0xEDB88320`, zlib's) or CRC-32C (`0x82F63B78`, Castagnoli). */
class Crc32 implements Digest {
  #crc = 0xffffffff;
  readonly #table: Uint32Array;
  constructor(poly: number) {
    this.#table = crcTable(poly);
  }
  update(data: Uint8Array): Digest {
    const t = this.#table;
    let c = this.#crc;
    for (let i = 0; i < data.length; i++) {
      c = t[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
    }
    this.#crc = c;
    return this;
  }
  digest(): string {
    return ((this.#crc ^ 0xffffffff) >>> 0).toString(16).padStart(8, "0");
  }
}

/** Transfer's algorithm names (any case) → how to compute them. */
const ALGORITHMS: Record<string, () => Digest> = {
  md5: () => createHash("md5"),
  sha1: () => createHash("sha1"),
  "sha-1": () => createHash("sha1"),
  sha256: () => createHash("sha256"),
  "sha-256": () => createHash("sha256"),
  sha512: () => createHash("sha512"),
  "sha-512": () => createHash("sha512"),
  adler32: () => new Adler32(),
  crc32: () => new Crc32(0xedb88320),
  crc32c: () => new Crc32(0x82f63b78),
};

/** The names accepted, for messages. */
export const CHECKSUM_NAMES =
  "MD5, SHA1, SHA256, SHA512, ADLER32, CRC32, CRC32C";

/**
 * A new running checksum for a Transfer algorithm name.
 *
 * @param name E.g. `MD5`, `ADLER32`.
 * @returns The digest, or `null` for a name not known.
 */
export function newDigest(name: string): Digest | null {
  return ALGORITHMS[name.toLowerCase()]?.() ?? null;
}

/**
 * Whether a Transfer algorithm name is known here.
 *
 * @param name E.g. `MD5`, `ADLER32`.
 * @returns `true` when {@linkcode newDigest} computes it.
 */
export function knownChecksum(name: string): boolean {
  return Object.hasOwn(ALGORITHMS, name.toLowerCase());
}
