/**
 * Globus ids are UUIDs, which Transfer reads without regard to case
 * (`DDB59AEF-…` names the same collection as `ddb59aef-…`) and always
 * answers in their canonical lowercase form.
 *
 * @module
 */
import { type EmulatorRequest, UUID_RE } from "./http.ts";

/**
 * An id in its canonical form: a UUID in lowercase; anything else as it is.
 *
 * @param id The id as a client sent it.
 * @returns The canonical id.
 */
export function canonicalId(id: string): string {
  return UUID_RE.test(id) ? id.toLowerCase() : id;
}

/**
 * A map keyed by Globus ids whose UUID keys match in any case, as the real
 * services match them.
 */
export class UuidKeyMap<V> extends Map<string, V> {
  /**
   * The value under an id, in any case.
   *
   * @param key The id.
   * @returns The value, or `undefined`.
   */
  override get(key: string): V | undefined {
    return super.get(canonicalId(key));
  }
  /**
   * Whether an id (in any case) is a key.
   *
   * @param key The id.
   * @returns `true` when it is.
   */
  override has(key: string): boolean {
    return super.has(canonicalId(key));
  }
  /**
   * Sets the value under an id's canonical form.
   *
   * @param key The id.
   * @param value The value.
   * @returns This map.
   */
  override set(key: string, value: V): this {
    return super.set(canonicalId(key), value);
  }
  /**
   * Deletes an id (in any case).
   *
   * @param key The id.
   * @returns `true` when it was a key.
   */
  override delete(key: string): boolean {
    return super.delete(canonicalId(key));
  }
}

/** Body fields that hold Globus ids (`endpoint`, `source_endpoint`, `endpoint_id`, `principal`, …). */
const ID_FIELD = /(?:^|_)(?:id|endpoint|collection|principal)$/;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A JSON value with its id fields' UUIDs in canonical form. */
function canonicalBody(value: unknown, key = ""): unknown {
  if (typeof value === "string") {
    return ID_FIELD.test(key) ? canonicalId(value) : value;
  }
  if (Array.isArray(value)) return value.map((v) => canonicalBody(v, key));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, canonicalBody(v, k)]),
    );
  }
  return value;
}

/**
 * A Transfer request with the UUIDs it names in canonical form: path
 * segments, query values and the id fields of a JSON body that are UUIDs
 * in any case become lowercase, so every route finds `DDB59AEF-…` as it
 * finds `ddb59aef-…`, as the real service does.
 *
 * @param req The request as it came.
 * @returns The request to route.
 */
export function canonicalRequest(req: EmulatorRequest): EmulatorRequest {
  const path = req.path.split("/").map((seg) => {
    let text = seg;
    try {
      text = decodeURIComponent(seg);
    } catch {
      return seg;
    }
    return UUID_RE.test(text) ? text.toLowerCase() : seg;
  }).join("/");
  const url = new URL(req.url);
  for (const [k, v] of [...url.searchParams]) {
    if (UUID_RE.test(v)) {
      const all = url.searchParams.getAll(k).map(canonicalId);
      url.searchParams.delete(k);
      for (const x of all) url.searchParams.append(k, x);
    }
  }
  let body = req.body;
  const text = decoder.decode(body).trim();
  if (text.startsWith("{") || text.startsWith("[")) {
    try {
      body = encoder.encode(JSON.stringify(canonicalBody(JSON.parse(text))));
    } catch {
      // not JSON: routed as it came (the route answers its 400)
    }
  }
  return { ...req, path, url, body };
}
