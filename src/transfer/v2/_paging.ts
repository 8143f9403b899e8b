/**
 * Internal: JSON:API paging (Python's `JSONAPIPaginator`): each page names
 * the next one in `links.next`, a URL whose query is sent, on the same
 * route, for the next page. The other paging styles live in
 * src/core/paging.ts; this one only serves Transfer's `/v2/` lists.
 *
 * @module
 */
import type { QueryValue } from "../../core/transport.ts";

/** What a JSON:API page must report. */
export interface JsonApiPageInfo {
  /** `links.next`: the next page's URL; absent, `null` or empty at the end. */
  links?: Record<string, unknown> | null;
}

/**
 * The query of a `links.next` URL (absolute or relative); a parameter given
 * more than once is sent once, comma-joined.
 */
function queryOf(link: string): Record<string, QueryValue> {
  const params = new URL(link, "https://next.invalid/").searchParams;
  const out: Record<string, QueryValue> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    out[key] = values.length === 1 ? values[0] : values;
  }
  return out;
}

/**
 * Walks JSON:API pages until one names no `links.next` (or one already
 * followed: a service that repeats itself must not loop for ever).
 *
 * @param fetchPage Fetches a page: with `undefined` the first (the
 *   caller's own query), else with the next link's query.
 * @returns An async generator of pages.
 */
export async function* jsonApiPages<P extends JsonApiPageInfo>(
  fetchPage: (next: Record<string, QueryValue> | undefined) => Promise<P>,
): AsyncGenerator<P> {
  const seen = new Set<string>();
  let query: Record<string, QueryValue> | undefined;
  let page: P | undefined; // dropped before the next fetch
  for (;;) {
    page = await fetchPage(query);
    yield page;
    const next = page.links?.next;
    page = undefined;
    if (typeof next !== "string" || next === "" || seen.has(next)) return;
    seen.add(next);
    query = queryOf(next);
  }
}
