/**
 * A response's headers on Node's default HTTP path
 * (`src/core/_node_fetch.ts`), with the `Headers` API and meaning, built
 * from Node's raw header list without loading undici.
 *
 * @module
 */
import { kernelStack } from "./_kernel_stack.ts";

/**
 * A response's headers, read-only, with the `Headers` methods and their
 * meaning (names case-insensitive, repeated headers joined with `", "`,
 * `getSetCookie()`, iteration in sorted lower-case order), built from
 * Node's raw header list without loading undici. It is not an instance of
 * the global `Headers`; `new Headers(h)` copies it into one.
 */
export class NodeHeaders {
  readonly #raw: string[];
  #map: Map<string, string> | undefined;
  #cookies: string[] | undefined;

  /**
   * Wraps a raw header list.
   *
   * @param raw Names and values, alternating, as Node's `rawHeaders`.
   */
  constructor(raw: string[]) {
    this.#raw = raw;
  }

  #entries(): Map<string, string> {
    if (this.#map) return this.#map;
    const map = new Map<string, string>();
    const cookies: string[] = [];
    const raw = this.#raw;
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = (raw[i] as string).toLowerCase();
      const value = raw[i + 1] as string;
      if (name === "set-cookie") cookies.push(value);
      const prev = map.get(name);
      map.set(name, prev === undefined ? value : `${prev}, ${value}`);
    }
    this.#cookies = cookies;
    return this.#map = map;
  }

  /**
   * A header's value, or `null`.
   *
   * @param name The name, in any case.
   * @returns The value (repeated headers joined with `", "`).
   */
  get(name: string): string | null {
    if (this.#map === undefined) {
      // The usual lookups (a few names of a short list) scan it as it is.
      const lower = String(name).toLowerCase();
      const raw = this.#raw;
      let found: string | null = null;
      for (let i = 0; i + 1 < raw.length; i += 2) {
        const n = raw[i] as string;
        if (n.length === lower.length && n.toLowerCase() === lower) {
          const v = raw[i + 1] as string;
          found = found === null ? v : `${found}, ${v}`;
        }
      }
      return found;
    }
    return this.#map.get(String(name).toLowerCase()) ?? null;
  }

  /**
   * Whether a header is present.
   *
   * @param name The name, in any case.
   * @returns `true` when present.
   */
  has(name: string): boolean {
    return this.#entries().has(String(name).toLowerCase());
  }

  /**
   * The `Set-Cookie` values, one per header.
   *
   * @returns The values.
   */
  getSetCookie(): string[] {
    this.#entries();
    return [...this.#cookies as string[]];
  }

  /** Pairs in `Headers`' order: sorted names, set-cookie one per value. */
  #sorted(): [string, string][] {
    const map = this.#entries();
    const out: [string, string][] = [];
    for (const name of [...map.keys()].sort()) {
      if (name === "set-cookie") {
        for (const c of this.#cookies as string[]) out.push([name, c]);
      } else out.push([name, map.get(name) as string]);
    }
    return out;
  }

  /**
   * Calls `fn(value, name, headers)` for each header, in sorted order.
   *
   * @param fn The callback.
   * @param thisArg Its `this`.
   */
  forEach(
    fn: (value: string, name: string, parent: NodeHeaders) => void,
    thisArg?: unknown,
  ): void {
    for (const [k, v] of this.#sorted()) fn.call(thisArg, v, k, this);
  }

  /**
   * `[name, value]` pairs, in sorted order.
   *
   * @returns An iterator.
   */
  entries(): IterableIterator<[string, string]> {
    return this.#sorted()[Symbol.iterator]();
  }

  /**
   * The names, in sorted order.
   *
   * @returns An iterator.
   */
  keys(): IterableIterator<string> {
    return this.#sorted().map(([k]) => k)[Symbol.iterator]();
  }

  /**
   * The values, in sorted order.
   *
   * @returns An iterator.
   */
  values(): IterableIterator<string> {
    return this.#sorted().map(([, v]) => v)[Symbol.iterator]();
  }

  /**
   * `[name, value]` pairs, in sorted order.
   *
   * @returns An iterator.
   */
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  /**
   * Refused: a response's headers are read-only (as `fetch`'s).
   *
   * @throws {TypeError} Always.
   */
  append(): never {
    throw kernelStack(new TypeError("immutable"));
  }

  /**
   * Refused: a response's headers are read-only (as `fetch`'s).
   *
   * @throws {TypeError} Always.
   */
  set(): never {
    throw kernelStack(new TypeError("immutable"));
  }

  /**
   * Refused: a response's headers are read-only (as `fetch`'s).
   *
   * @throws {TypeError} Always.
   */
  delete(): never {
    throw kernelStack(new TypeError("immutable"));
  }

  /** `[object Headers]`. */
  get [Symbol.toStringTag](): string {
    return "Headers";
  }

  /**
   * Node's inspect: `Headers { name: 'value', … }`, as undici's.
   *
   * @returns The text.
   */
  [Symbol.for("nodejs.util.inspect.custom")](
    _depth: number,
    options: unknown,
    // deno-lint-ignore no-explicit-any
    inspect: any,
  ): string {
    const shown: Record<string, string> = {};
    for (const [k, v] of this.#sorted()) shown[k] = v;
    return `Headers ${inspect(shown, options)}`;
  }
}
