/**
 * Response bodies: read as text within a size cap, and parsed as JSON.
 *
 * @module
 */
import { ResponseTooLargeError } from "./errors.ts";
import { isDeno } from "./runtime.ts";

/**
 * The JSON a body holds, or `undefined` when it is empty, not JSON by its
 * type and first character, or does not parse.
 *
 * @param text The body.
 * @param contentType Its `Content-Type`, or the response headers to look
 *   it up in (only for a body that does not start with `{` or `[`).
 */
export function parseBody(
  text: string,
  contentType: string | null | Pick<Headers, "get">,
): unknown {
  // The usual body starts with "{" or "[": no copy (trim) or regex first,
  // and no header lookup (the type is only read for other bodies).
  const first = text.charCodeAt(0);
  if (first !== 0x7b && first !== 0x5b) {
    if (text.trim() === "") return undefined;
    const type = contentType !== null && typeof contentType === "object"
      ? contentType.get("content-type")
      : contentType;
    const looksJson = type?.includes("json") || /^\s*[[{]/.test(text);
    if (!looksJson) return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Reads a body as text, refusing one larger than `cap` bytes (by its
 * `Content-Length`, or once that many bytes have arrived) without reading
 * the rest.
 */
export function readCapped(
  response: Response,
  cap: number,
  method: string,
  url: string,
  nativeFetch: boolean,
): Promise<string> {
  // Not an async function: the usual reads return the runtime's promise
  // (or the capped reader's) as it is, without a layer of their own. Any
  // error is still a rejection, never thrown synchronously.
  try {
    if (!Number.isFinite(cap)) return response.text();
    const length = response.headers.get("content-length");
    const declared = Number(length);
    if (Number.isFinite(declared) && declared > cap) {
      return refuse(response, cap, method, url, declared);
    }
    const body = response.body;
    if (!body) return response.text();
    if (
      nativeFetch && length !== null && Number.isFinite(declared) &&
      isIdentity(response.headers.get("content-encoding"))
    ) {
      // The runtime's fetch refuses a body longer than its Content-Length
      // (and here that is within the cap), so the body is read in one go.
      return response.text();
    }
    // Deno's body is a byte stream over a resource: a default reader's pull
    // allocates a 64 KiB chunk for each read (1.46x raw fetch's CPU per
    // small request, against ~1.05x for BYOB reads into one buffer). Node's
    // (undici's) enqueues the chunks it has received: a default reader takes
    // them as they are, where a BYOB read copies each through Node's slower
    // pull-into steps (~4-10% more CPU per small request, and ~2 ms more
    // for the first one of a process).
    let byob: ReadableStreamBYOBReader | undefined;
    if (isDeno) {
      try {
        byob = body.getReader({ mode: "byob" });
      } catch {
        // not a byte stream: read chunk by chunk below
      }
    }
    if (byob) return readBytesCapped(byob, cap, response, method, url);
    return readChunksCapped(body.getReader(), cap, response, method, url);
  } catch (err) {
    return Promise.reject(err);
  }
}

/** Refuses a body whose `Content-Length` is over the cap, unread. */
async function refuse(
  response: Response,
  cap: number,
  method: string,
  url: string,
  declared: number,
): Promise<never> {
  await response.body?.cancel().catch(() => {});
  throw new ResponseTooLargeError(method, url, response.status, cap, declared);
}

/** Reads a stream that is not a byte stream, chunk by chunk, within the cap. */
async function readChunksCapped(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  cap: number,
  response: Response,
  method: string,
  url: string,
): Promise<string> {
  const decoder = new TextDecoder();
  let total = 0;
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > cap) {
      await reader.cancel().catch(() => {});
      throw new ResponseTooLargeError(method, url, response.status, cap);
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

/** The first buffer for a body of unknown length, in bytes. */
const FIRST_BUFFER = 16 * 1024;
const utf8 = new TextDecoder();

/**
 * The last body size read per method and path (no query), so that the next
 * page of a listing is read into one buffer of about its size rather than a
 * chain of doubling ones (each page of 1000 tasks allocated ~4× its size,
 * garbage that raised the peak memory of long listings). At most
 * {@linkcode SIZE_HINTS} paths are remembered.
 */
const sizeHints = new Map<string, number>();
const SIZE_HINTS = 64;

/**
 * One buffer kept between reads (at most {@linkcode SPARE_MAX} bytes), so
 * that sequential pages reuse it instead of leaving a page-sized buffer
 * each for the garbage collector.
 */
let spare: ArrayBuffer | undefined;
const SPARE_MAX = 4 * 1024 * 1024;

function hintKey(method: string, url: string): string {
  const q = url.indexOf("?");
  return `${method} ${q < 0 ? url : url.slice(0, q)}`;
}

/**
 * Reads a byte stream into one growing buffer (never past `cap + 1`
 * bytes), then decodes it once: cheaper than a chunk per read.
 */
async function readBytesCapped(
  reader: ReadableStreamBYOBReader,
  cap: number,
  response: Response,
  method: string,
  url: string,
): Promise<string> {
  const key = hintKey(method, url);
  const hint = sizeHints.get(key) ?? 0;
  // A little over the last size, so that a page of the same size fits.
  // With no size known yet, 16 KiB; a path known to answer small bodies
  // (an ls, a task) gets a buffer of about that size, not 16 KiB per
  // request in flight.
  const want = Math.min(
    hint > 0 ? Math.ceil(hint * 1.125) + 256 : FIRST_BUFFER,
    cap + 1,
  );
  let buf: Uint8Array;
  if (spare && spare.byteLength >= want && spare.byteLength <= cap + 1) {
    buf = new Uint8Array(spare);
    spare = undefined;
  } else {
    buf = new Uint8Array(want);
  }
  let n = 0;
  for (;;) {
    if (n === buf.length) {
      if (n > cap) {
        await reader.cancel().catch(() => {});
        throw new ResponseTooLargeError(method, url, response.status, cap);
      }
      const bigger = new Uint8Array(Math.min(buf.length * 2, cap + 1));
      bigger.set(buf);
      buf = bigger;
    }
    // No `{ min }` here: a read asking for more bytes than are queued
    // errors a stream whose end has already been requested ("Insufficient
    // bytes to fill elements in the given buffer", per the Streams spec),
    // which is how a small chunked answer looks when it arrives before it
    // is read.
    const { done, value } = await reader.read(buf.subarray(n));
    // The read transfers the buffer: keep the one it came back in.
    if (value) buf = new Uint8Array(value.buffer);
    if (done) break;
    n += value?.byteLength ?? 0;
  }
  if (n > cap) {
    throw new ResponseTooLargeError(method, url, response.status, cap);
  }
  sizeHints.delete(key);
  if (sizeHints.size >= SIZE_HINTS) {
    sizeHints.delete(sizeHints.keys().next().value as string);
  }
  sizeHints.set(key, n);
  const text = utf8.decode(buf.subarray(0, n));
  if (
    buf.byteLength <= SPARE_MAX &&
    (!spare || spare.byteLength < buf.byteLength)
  ) spare = buf.buffer as ArrayBuffer;
  return text;
}

/** True when a `Content-Encoding` leaves the body as sent (none, identity). */
function isIdentity(encoding: string | null): boolean {
  return encoding === null || encoding.trim().toLowerCase() === "identity" ||
    encoding.trim() === "";
}
