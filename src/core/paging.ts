/**
 * One paging module for every Globus paging style: offset (until
 * `has_next_page` is false or `total` is reached), marker (`next_marker`)
 * and last-key (`last_key` + `has_next_page`).
 *
 * @module
 */
import {
  escapeHtml,
  JUPYTER_DISPLAY,
  type MimeBundle,
} from "../notebook/display.ts";
import { DENO_INSPECT, NODE_INSPECT } from "./redact.ts";
import {
  documentHints,
  ITEMS_NOT_ITERABLE,
  itemsMiss,
  missHints,
  PAGES_NOT_ITERABLE,
  PAGINATOR_NOT_ITERABLE,
  paginatorMiss,
} from "../notebook/_slip_hints.ts";
import { kernelStack } from "./_kernel_stack.ts";
import { checkMax } from "./_option_values.ts";

/**
 * What a paginator shows: it holds no items (each walk fetches the pages
 * anew), so the text is the same before and after a walk.
 */
const HINT =
  "it holds no items, it fetches the pages each time it is walked: for every item, call .toArray() and await that (await tc.taskList().toArray(), a table in a notebook), " +
  "or walk it with for await (const item of …); .pages() yields the raw pages";

/**
 * {@linkcode HINT} as a notebook shows it: each piece of code in a code
 * span kept on one line. As text, Notebook broke the line inside the code
 * (". toArray()" ended one line, "for await (const" another).
 */
const HINT_HTML = `<p>Paginator: ${
  escapeHtml(HINT).replace(
    /await tc\.taskList\(\)\.toArray\(\)|\.toArray\(\)|for await \(const item of …\)|\.pages\(\)/g,
    "<code><nobr>$&</nobr></code>",
  )
}</p>`;

/** The start of a message about `toArray()`'s `max`. */
const TO_ARRAY = "Cannot call toArray()";

/**
 * The items of a walk ({@linkcode Paginator.items}, Python's
 * `paginator.items()`): an async generator, with `toArray()` for Python's
 * `list(paginator.items())`.
 *
 * @typeParam T The items' type.
 */
export interface PaginatorItems<T> extends AsyncGenerator<T, undefined> {
  /**
   * Collects the walk's (remaining) items into an array, as Python's
   * `list(paginator.items())`; the walk is closed once it has `max`.
   *
   * @param max The most items to collect (`null` or left out: every item).
   * @returns The items.
   */
  toArray(max?: number | null): Promise<T[]>;
}

/**
 * An async-iterable over every item of a paginated Globus listing.
 *
 * `for await (const item of paginator)` (or `paginator.items()`, as
 * Python's `paginator.items()`) yields items across pages;
 * `paginator.pages()` yields the raw page documents.
 *
 * @example Iterate over items and pages
 * ```ts
 * import { Paginator } from "@globus-deno/sdk";
 * const pages = [{ DATA: [1, 2] }, { DATA: [3] }];
 * const p = new Paginator(async function* () {
 *   yield* pages;
 * }, (page) => page.DATA);
 * for await (const n of p) console.log(n);
 * for await (const n of p.items()) console.log(n);
 * console.log(await p.toArray());
 * ```
 */
export class Paginator<T, P = unknown> implements AsyncIterable<T> {
  readonly #pages: () => AsyncGenerator<P>;
  readonly #items: (page: P) => readonly T[];

  /**
   * Creates a paginator.
   *
   * @param pages A function that starts a fresh walk over the pages.
   * @param items Extracts the items of one page.
   */
  constructor(
    pages: () => AsyncGenerator<P>,
    items: (page: P) => readonly T[],
  ) {
    this.#pages = pages;
    this.#items = items;
    // Everywhere, not only in the kernel: a ported `r["DATA"]`, `r.length`
    // or `r.map(…)` read `undefined` in a script and failed further on.
    documentHints(this, Paginator, paginatorMiss);
  }

  /**
   * The raw pages, fetched one at a time as you iterate.
   *
   * @returns An async iterator of pages.
   */
  pages(): AsyncGenerator<P> {
    const walk = this.#pages();
    // `for (const page of p.pages())` (Python's `for page in p.pages()`)
    // and `Array.from(p.pages())` say to use `for await` (they said
    // "… is not iterable", and gave []). Not in the type.
    if (Object.isExtensible(walk) && !(Symbol.iterator in walk)) {
      Object.defineProperty(walk, Symbol.iterator, PAGES_NOT_ITERABLE_SLOT);
    }
    return walk;
  }

  /**
   * Every item of every page, fetched one page at a time as you iterate
   * (Python's `paginator.items()`): the same walk as `for await (const item
   * of paginator)`, starting fresh each call, and a finished page is dropped
   * before the next is fetched.
   *
   * @returns An async iterator of items, with `toArray()` (Python's
   *   `list(paginator.items())`).
   */
  items(): PaginatorItems<T> {
    // `for…of`, `Array.from`, `.length` or `[0]` on the walk say to use
    // `for await` or `toArray()` (they read undefined, gave [] or V8's "is
    // not iterable"): a proxy past its methods, reached by misses only.
    missHints(ItemWalk, walkMiss);
    return new ItemWalk(
      () => this.#pages(),
      this.#items,
    ) as unknown as PaginatorItems<T>;
  }

  /**
   * Iterates over every item of every page.
   *
   * @returns An async iterator of items.
   */
  [Symbol.asyncIterator](): AsyncGenerator<T> {
    // `this.#pages()` is called on the first `next()`, with the paginator
    // as `this`, as the async generator this walk replaced called it.
    return new ItemWalk(
      () => this.#pages(),
      this.#items,
    ) as unknown as AsyncGenerator<T>;
  }

  /**
   * What the paginator is, since it fetches nothing until walked: a line
   * saying how to get the items (a paginator ending a notebook cell used to
   * show as an empty object).
   *
   * @returns The text.
   */
  toString(): string {
    return `Paginator: ${HINT}`;
  }

  /**
   * The rendering the Deno kernel asks for: {@linkcode Paginator.toString},
   * and as HTML with its code in unbroken code spans.
   *
   * @returns `{"text/plain": …, "text/html": …}`.
   */
  [JUPYTER_DISPLAY](): MimeBundle {
    return { "text/plain": this.toString(), "text/html": HINT_HTML };
  }

  /**
   * Deno's inspect hook: {@linkcode Paginator.toString}.
   *
   * @returns The text.
   */
  [DENO_INSPECT](): string {
    return this.toString();
  }

  /**
   * Node's inspect hook: {@linkcode Paginator.toString}.
   *
   * @returns The text.
   */
  [NODE_INSPECT](): string {
    return this.toString();
  }

  /**
   * A paginator holds no items, so it has no JSON: `JSON.stringify` of one
   * throws, saying how to get the items, where it wrote `{}`.
   *
   * @throws {TypeError} Always.
   */
  toJSON(): never {
    throw kernelStack(
      new TypeError(
        `Cannot write a paginator as JSON: ${HINT}; e.g. JSON.stringify(await tc.taskList().toArray())`,
      ),
    );
  }

  /**
   * Collects every item into an array (mind memory for long listings).
   *
   * @param max The most items to collect (`null` or left out: every item).
   * @returns The items.
   */
  async toArray(max: number | null = Infinity): Promise<T[]> {
    // null (Python's None) is no limit, as left out.
    max = checkMax(TO_ARRAY, "max", max, "toArray(Number(…))");
    const out: T[] = [];
    if (max <= 0) return out;
    for await (const item of this) {
      out.push(item);
      if (out.length >= max) break;
    }
    return out;
  }
}

// `for…of`, spreading or `Array.from` over a paginator say to use `for
// await` (they said "… is not a function or its return value is not
// iterable", and `Array.from` gave []). Not in the class's type: a
// TypeScript `for…of` over a paginator stays a compile error.
Object.defineProperty(Paginator.prototype, Symbol.iterator, {
  value: function notIterable(): never {
    throw kernelStack(new TypeError(PAGINATOR_NOT_ITERABLE));
  },
  enumerable: false,
  configurable: true,
  writable: true,
});

/** The `[Symbol.iterator]` of `paginator.pages()`: says to use `for await`. */
const PAGES_NOT_ITERABLE_SLOT: PropertyDescriptor = Object.freeze({
  value: function notIterable(): never {
    throw kernelStack(new TypeError(PAGES_NOT_ITERABLE));
  },
  enumerable: false,
  configurable: true,
  writable: true,
});

/**
 * %AsyncIteratorPrototype%: gives an {@linkcode ItemWalk} the
 * `[Symbol.asyncIterator]` (and, where the runtime has it,
 * `[Symbol.asyncDispose]`) of an async generator.
 */
const ASYNC_ITERATOR_PROTOTYPE: object = Object.getPrototypeOf(
  Object.getPrototypeOf((async function* () {}).prototype),
);

/** Whether an item is a promise (or thenable), which `yield` would await. */
function isThenable(x: unknown): x is PromiseLike<unknown> {
  return x !== null && (typeof x === "object" || typeof x === "function") &&
    typeof (x as { then?: unknown }).then === "function";
}

/**
 * The item walk of a {@linkcode Paginator}: an async generator's
 * behaviour (`next`, `return`, `throw`; calls made before the last one
 * settled wait their turn; leaving early closes the page walk; a failure
 * closes it and ends the walk) without an async generator's cost per item.
 * An item of a page already fetched is handed out as an already resolved
 * promise: a `yield` in an async generator cost about three times as much
 * (a resumed frame, an `await` of the item and a queued request per item;
 * ~0.23 against ~0.08 µs per item, measured in one process).
 *
 * No finished page stays reachable while the next one is fetched: the
 * page's items are dropped before the page walk is asked for the next.
 */
class ItemWalk<T, P> {
  readonly #start: () => AsyncGenerator<P>;
  readonly #itemsOf: (page: P) => readonly T[];
  /** The page walk, started on the first `next()`. */
  #pages: AsyncGenerator<P> | undefined;
  /** The current page's items, and the index of the next one to hand out. */
  #items: readonly T[] | undefined;
  #i = 0;
  #done = false;
  /** Settles once the call under way (a page fetch, a close) has. */
  #busy: Promise<unknown> | undefined;

  constructor(
    start: () => AsyncGenerator<P>,
    itemsOf: (page: P) => readonly T[],
  ) {
    this.#start = start;
    this.#itemsOf = itemsOf;
  }

  next(): Promise<IteratorResult<T, undefined>> {
    if (this.#busy) return this.#busy.then(() => this.next());
    const items = this.#items;
    if (items !== undefined && this.#i < items.length) {
      const value = items[this.#i++] as T;
      if (isThenable(value)) return this.#run(this.#settle(value));
      return Promise.resolve({ value, done: false });
    }
    if (this.#done) return Promise.resolve({ value: undefined, done: true });
    return this.#run(this.#nextPage());
  }

  return<R>(value?: R): Promise<IteratorResult<T, R | undefined>> {
    if (this.#busy) return this.#busy.then(() => this.return(value));
    return this.#run(this.#close().then(() => ({ value, done: true })));
  }

  throw(err?: unknown): Promise<IteratorResult<T, undefined>> {
    if (this.#busy) return this.#busy.then(() => this.throw(err));
    return this.#run(this.#close().then(() => Promise.reject(err)));
  }

  /** {@linkcode PaginatorItems.toArray}. */
  async toArray(max: number | null = Infinity): Promise<T[]> {
    // null (Python's None) is no limit, as left out.
    max = checkMax(TO_ARRAY, "max", max, "toArray(Number(…))");
    const out: T[] = [];
    if (max <= 0) {
      await this.return(undefined);
      return out;
    }
    for (;;) {
      const r = await this.next();
      if (r.done) return out;
      out.push(r.value);
      if (out.length >= max) {
        await this.return(undefined);
        return out;
      }
    }
  }

  /** Marks `p` as the call under way until it settles. */
  #run<R>(p: Promise<R>): Promise<R> {
    let free!: () => void;
    // Never rejects: a next() waiting behind a failed fetch goes on.
    const busy = new Promise<void>((resolve) => free = resolve);
    this.#busy = busy;
    // One await on `p`, and the caller's alone on what is returned: V8's
    // async stack then runs from the page fetch to the caller's line (a
    // second reaction on `p` ended an error's stack in the paginator). The
    // walk is free again (finally) before the caller sees the result.
    const run = async (): Promise<R> => {
      try {
        return await p;
      } finally {
        if (this.#busy === busy) this.#busy = undefined;
        free();
      }
    };
    return run();
  }

  /** Fetches pages until one has items, and hands out its first. */
  async #nextPage(): Promise<IteratorResult<T, undefined>> {
    try {
      for (;;) {
        this.#items = undefined; // the finished page is dropped first
        const pages = this.#pages ??= this.#start();
        const page = await pages.next();
        if (page.done) {
          this.#done = true;
          this.#pages = undefined;
          return { value: undefined, done: true };
        }
        const items = this.#itemsOf(page.value);
        if (items.length > 0) {
          this.#items = items;
          this.#i = 1;
          const value = items[0] as T;
          if (isThenable(value)) return await this.#settle(value);
          return { value, done: false };
        }
      }
    } catch (err) {
      await this.#close();
      throw err;
    }
  }

  /** An item that is a promise, awaited as `yield` would. */
  async #settle(item: PromiseLike<unknown>): Promise<IteratorResult<T>> {
    try {
      return { value: await item as T, done: false };
    } catch (err) {
      await this.#close();
      throw err;
    }
  }

  /** Ends the walk and closes the page walk (a walk left early). */
  async #close(): Promise<void> {
    this.#done = true;
    this.#items = undefined;
    const pages = this.#pages;
    this.#pages = undefined;
    if (pages) await pages.return(undefined);
  }
}
Object.setPrototypeOf(ItemWalk.prototype, ASYNC_ITERATOR_PROTOTYPE);
// `for (const t of ….items())` and `Array.from(….items())` say to use `for
// await` (they said "… is not iterable", and gave []). Not in the type.
Object.defineProperty(ItemWalk.prototype, Symbol.iterator, {
  value: function notIterable(): never {
    throw kernelStack(new TypeError(ITEMS_NOT_ITERABLE));
  },
  enumerable: false,
  configurable: true,
  writable: true,
});

/**
 * What an item walk says for a name it lacks; none that an async
 * iterator has (the runtime's iterator helpers, where it has them).
 */
function walkMiss(key: string): string | undefined {
  return key in ASYNC_ITERATOR_PROTOTYPE ? undefined : itemsMiss(key);
}

/** What an offset page must report. */
export interface OffsetPageInfo {
  /** The page's items. */
  DATA: readonly unknown[];
  /** `true` when there are more (endpoint_search style). */
  has_next_page?: boolean;
  /** The total number of results (task_list style). */
  total?: number;
}

/** Settings for {@linkcode offsetPages}. */
export interface OffsetPagingOptions<P extends OffsetPageInfo> {
  /** Fetches the page at `offset` with `limit` items. */
  fetchPage: (offset: number, limit: number) => Promise<P>;
  /** The page size. */
  pageSize: number;
  /** Where to start. @default {0} */
  offset?: number | undefined;
  /** The service's cap on `offset + limit` (e.g. 1000 for endpoint_search). */
  maxResults?: number | undefined;
}

/**
 * Walks offset-paged results until `has_next_page` is false, `offset`
 * reaches `total`, a page is empty, or the service cap is reached.
 *
 * @param options How to fetch and when to stop.
 * @returns An async generator of pages.
 *
 * @example Walk a task_list-style listing
 * ```ts
 * import { offsetPages } from "@globus-deno/sdk";
 * const all = ["t1", "t2", "t3", "t4", "t5"];
 * const pages = offsetPages({
 *   pageSize: 2,
 *   fetchPage: (offset, limit) =>
 *     Promise.resolve({ DATA: all.slice(offset, offset + limit), total: all.length }),
 * });
 * for await (const page of pages) console.log(page.DATA);
 * // [ "t1", "t2" ], [ "t3", "t4" ], [ "t5" ]
 * ```
 */
export async function* offsetPages<P extends OffsetPageInfo>(
  options: OffsetPagingOptions<P>,
): AsyncGenerator<P> {
  const cap = options.maxResults ?? Infinity;
  let offset = options.offset ?? 0;
  // What the last page said, kept instead of the page itself: a finished
  // page must not stay reachable while the next one is fetched.
  let page: P | undefined;
  while (offset < cap) {
    const limit = Math.min(options.pageSize, cap - offset);
    page = await options.fetchPage(offset, limit);
    yield page;
    const n = page.DATA.length;
    const more = page.has_next_page;
    const total = page.total;
    page = undefined;
    offset += n;
    if (n === 0) return;
    if (more === false) return;
    if (more === undefined) {
      if (typeof total !== "number" || offset >= total) return;
    }
  }
}

/** What a marker page must report. */
export interface MarkerPageInfo {
  /** The marker for the next page; `null`/absent at the end. */
  next_marker?: string | number | null;
}

/**
 * Walks marker-paged results until `next_marker` is null.
 *
 * @param fetchPage Fetches the page after `marker` (undefined for the first).
 * @returns An async generator of pages.
 *
 * @example Walk a marker-paged listing
 * ```ts
 * import { markerPages } from "@globus-deno/sdk";
 * const pages: Record<string, { DATA: string[]; next_marker: string | null }> = {
 *   first: { DATA: ["a", "b"], next_marker: "m1" },
 *   m1: { DATA: ["c"], next_marker: null },
 * };
 * for await (const page of markerPages((marker) => Promise.resolve(pages[marker ?? "first"]!))) {
 *   console.log(page.DATA);
 * }
 * // [ "a", "b" ], [ "c" ]
 * ```
 */
export function markerPages<P extends MarkerPageInfo>(
  fetchPage: (marker: string | number | undefined) => Promise<P>,
): AsyncGenerator<P> {
  return followTokens(fetchPage, (page) => page.next_marker, undefined);
}

/** What a next-token page must report. */
export interface NextTokenPageInfo {
  /** The token for the next page; `null`/absent/empty at the end. */
  next_token?: string | null;
}

/**
 * Walks next-token-paged results (`get_shared_endpoint_list`) until
 * `next_token` is null or empty.
 *
 * @param fetchPage Fetches the page for `token` (undefined for the first).
 * @param start The token to start from, if any.
 * @returns An async generator of pages.
 *
 * @example Walk a next-token-paged listing
 * ```ts
 * import { nextTokenPages } from "@globus-deno/sdk";
 * const pages: Record<string, { items: string[]; next_token: string | null }> = {
 *   first: { items: ["a", "b"], next_token: "t1" },
 *   t1: { items: ["c"], next_token: null },
 * };
 * for await (const page of nextTokenPages((t) => Promise.resolve(pages[t ?? "first"]!))) {
 *   console.log(page.items);
 * }
 * // [ "a", "b" ], [ "c" ]
 * ```
 */
export function nextTokenPages<P extends NextTokenPageInfo>(
  fetchPage: (token: string | undefined) => Promise<P>,
  start?: string,
): AsyncGenerator<P> {
  return followTokens(fetchPage, (page) => page.next_token, start);
}

/**
 * Fetches pages, each with the token the previous one named, until a page
 * names none (null, absent or empty) or one already followed (a service
 * that repeats itself must not loop for ever).
 */
async function* followTokens<P, T extends string | number>(
  fetchPage: (token: T | undefined) => Promise<P>,
  nextOf: (page: P) => T | null | undefined,
  start: T | undefined,
): AsyncGenerator<P> {
  let token = start;
  const seen = new Set<T>();
  let page: P | undefined; // dropped before the next fetch (offsetPages)
  for (;;) {
    page = await fetchPage(token);
    yield page;
    const next = nextOf(page);
    page = undefined;
    if (next === null || next === undefined || next === "" || seen.has(next)) {
      return;
    }
    seen.add(next);
    token = next;
  }
}

/** What a last-key page must report. */
export interface LastKeyPageInfo {
  /** The key to resume after. */
  last_key?: string | null;
  /** `true` when there are more. */
  has_next_page?: boolean;
}

/**
 * Walks last-key-paged results (endpoint_manager_task_list) until
 * `has_next_page` is false.
 *
 * @param fetchPage Fetches the page after `lastKey`.
 * @returns An async generator of pages.
 *
 * @example Walk a last-key-paged listing
 * ```ts
 * import { lastKeyPages } from "@globus-deno/sdk";
 * const pages = lastKeyPages((lastKey) =>
 *   Promise.resolve(
 *     lastKey === undefined
 *       ? { DATA: ["t1", "t2"], last_key: "k2", has_next_page: true }
 *       : { DATA: ["t3"], last_key: "k3", has_next_page: false },
 *   )
 * );
 * for await (const page of pages) console.log(page.DATA);
 * // [ "t1", "t2" ], [ "t3" ]
 * ```
 */
export async function* lastKeyPages<P extends LastKeyPageInfo>(
  fetchPage: (lastKey: string | undefined) => Promise<P>,
): AsyncGenerator<P> {
  let key: string | undefined;
  let page: P | undefined; // dropped before the next fetch (offsetPages)
  for (;;) {
    page = await fetchPage(key);
    yield page;
    const more = page.has_next_page;
    const last = page.last_key;
    page = undefined;
    if (!more || !last || last === key) return;
    key = last;
  }
}
