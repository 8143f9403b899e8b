/**
 * Run by paging_test.ts with `--v8-flags=--expose-gc`: walks each paging
 * style's items and, at every fetch after the first, collects garbage and
 * reports whether the previous page is still reachable (it must not be:
 * a long listing would hold two pages at once).
 *
 * Usage: _paging_retention_child.ts [paging.ts URL]
 */
import process from "node:process";
import type * as Paging from "../../src/core/paging.ts";

const { lastKeyPages, markerPages, offsetPages, Paginator } = await import(
  process.argv[2] ?? "../../src/core/paging.ts"
) as typeof Paging;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --v8-flags=--expose-gc");

type Page = {
  DATA: { n: number }[];
  total: number;
  next_marker: string | null;
  last_key: string;
  has_next_page: boolean;
};

const PAGES = 4;

/**
 * A page source whose every fetch (from the second on) says whether the
 * page before is still alive after a full GC.
 */
function source() {
  const alive: boolean[] = [];
  let previous: WeakRef<Page> | undefined;
  let count = 0;
  const fetchPage = async (): Promise<Page> => {
    // A new macrotask: objects a WeakRef was made for in an earlier one are
    // no longer kept alive by it.
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc!();
    if (previous) alive.push(previous.deref() !== undefined);
    const i = count++;
    const page: Page = {
      DATA: Array.from({ length: 10 }, (_, n) => ({ n: i * 10 + n })),
      total: PAGES * 10,
      next_marker: i + 1 < PAGES ? `m${i + 1}` : null,
      last_key: `k${i}`,
      has_next_page: i + 1 < PAGES,
    };
    previous = new WeakRef(page);
    return page;
  };
  return { alive, fetchPage };
}

const out: Record<string, boolean[]> = {};
for (
  const [style, walk] of [
    ["offset", "for await"],
    ["marker", "for await"],
    ["lastKey", "for await"],
    ["offset", "items()"],
    ["marker", "items()"],
    ["lastKey", "items()"],
  ] as const
) {
  const { alive, fetchPage } = source();
  const p = new Paginator<{ n: number }, Page>(
    () =>
      style === "offset"
        ? offsetPages({ fetchPage, pageSize: 10 })
        : style === "marker"
        ? markerPages(fetchPage)
        : lastKeyPages(fetchPage),
    (page) => page.DATA,
  );
  let n = 0;
  for await (const item of walk === "items()" ? p.items() : p) {
    n += item.n >= 0 ? 1 : 0;
  }
  const name = walk === "items()" ? `${style} items()` : style;
  if (n !== PAGES * 10) throw new Error(`${name}: ${n} items`);
  out[name] = alive;
}

// What taskList() and the other Transfer listings return: a paginator whose
// toArray() renders as a table (it notes the items' DATA_TYPE per page).
const { DisplayPaginator } = await import("../../src/transfer/_display.ts");
{
  const { alive, fetchPage } = source();
  const p = new DisplayPaginator<{ n: number }, Page>(
    () => offsetPages({ fetchPage, pageSize: 10 }),
    (page) => page.DATA,
  );
  let n = 0;
  for await (const item of p) n += item.n >= 0 ? 1 : 0;
  if (n !== PAGES * 10) throw new Error(`DisplayPaginator: ${n} items`);
  out["offset DisplayPaginator"] = alive;
}
console.log(JSON.stringify(out));
