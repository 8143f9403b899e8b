import { test } from "node:test";
import assert from "node:assert/strict";
import {
  appendableBase,
  buildUrl,
  type QueryValue,
  repeatedParam,
  requestUrl,
} from "../../src/core/request_url.ts";
import { mulberry32 } from "../_helpers/prng.ts";

/**
 * What a request URL was before the fast path: the path resolved by
 * `new URL` against the base, then each parameter set through
 * `URLSearchParams`; a `.`/`..` segment refused.
 */
function reference(
  base: string,
  path: string,
  query: Record<string, QueryValue> | undefined,
): string {
  const step = path.split("?", 1)[0]?.split("/").find((seg) =>
    seg === "." || seg === ".." || /^(?:%2e|\.){1,2}$/i.test(seg)
  );
  if (step !== undefined) throw new RangeError(`segment '${step}'`);
  const u = new URL(path.replace(/^\//, ""), base);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null) continue;
    u.searchParams.set(
      key,
      Array.isArray(value) ? value.join(",") : String(value),
    );
  }
  return u.href;
}

const BASES = [
  "https://transfer.api.globus.org/",
  "http://127.0.0.1:8123/transfer/",
  "HTTPS://Transfer.API.Globus.ORG:443/v0/",
  "http://localhost/a%20b/",
  "http://user:pw@example.org/x/",
  "http://example.org/x/?keep=1",
  "http://example.org/x/#frag",
  "http://example.org/x/y/",
];

const PIECES = [
  "v0.10",
  "task_list",
  "endpoint",
  "ddb59aef-6d04-11e5-ba46-22000b92c6ec",
  ".",
  "..",
  "%2e",
  "%2E%2e",
  "...",
  ".x",
  "a b",
  "é",
  "a:b",
  "c:",
  "q?x=1",
  "h#f",
  "back\\slash",
  "",
  "%zz",
  "~!$&'()*+,;=@",
  "<>`{}",
];

const VALUES: QueryValue[] = [
  undefined,
  null,
  "",
  "/share/godata/",
  "a b+c&d=e",
  "!'()~*",
  "é✓",
  "\ud800",
  0,
  17,
  true,
  ["task_id", "status"],
  [1, 2],
];

test("a request URL is what resolving the path and setting each parameter gave, or the same '.'/'..' refusal", () => {
  const rand = mulberry32(16);
  const pick = <T>(xs: readonly T[]): T =>
    xs[Math.floor(rand() * xs.length)] as T;
  let fast = 0;
  for (let i = 0; i < 20_000; i++) {
    const base = pick(BASES);
    const segments = Array.from(
      { length: 1 + Math.floor(rand() * 5) },
      () => pick(PIECES),
    );
    const path = (rand() < 0.2 ? "/" : "") + segments.join("/");
    const query = rand() < 0.3 ? undefined : Object.fromEntries(
      Array.from(
        { length: Math.floor(rand() * 4) },
        (_, k) => [pick(["path", "filter", "a b", "é", `k${k}`]), pick(VALUES)],
      ),
    );
    let want: string | Error;
    try {
      want = reference(base, path, query);
    } catch (err) {
      want = err as Error;
    }
    const appendable = appendableBase(base);
    if (appendable !== undefined && !/[:?#\\ é<>`{}]/.test(path)) fast++;
    const context = `${base} + ${JSON.stringify(path)} + ${
      JSON.stringify(query)
    }`;
    if (want instanceof Error && !(want instanceof RangeError)) {
      // Not a URL at all ("c://…" has a scheme): the same TypeError.
      assert.throws(
        () => requestUrl("get", base, appendable, path, query),
        { name: want.name, message: want.message },
        context,
      );
    } else if (want instanceof Error) {
      assert.throws(
        () => requestUrl("get", base, appendable, path, query),
        (err: unknown) =>
          err instanceof RangeError &&
          err.message.startsWith(`Cannot call GET ${path} as it has a '`) &&
          err.message.includes(want.message.slice("segment ".length)),
        context,
      );
    } else {
      assert.equal(
        requestUrl("get", base, appendable, path, query),
        want,
        context,
      );
    }
  }
  // Most generated paths took the appended (no parse) route.
  assert.ok(fast > 2_000, `only ${fast} paths were plain`);
});

test("a base that is not appended to (a query, a fragment) is resolved instead", () => {
  assert.equal(appendableBase("http://example.org/x/?keep=1"), undefined);
  assert.equal(appendableBase("http://example.org/x/#f"), undefined);
  assert.equal(appendableBase("not a url"), undefined);
  assert.equal(
    appendableBase("HTTP://Example.ORG:80/x/"),
    "http://example.org/x/",
  );
  assert.equal(
    requestUrl("GET", "http://example.org/x/?keep=1", undefined, "y", {
      a: 1,
    }),
    "http://example.org/x/y?a=1",
  );
});

test("buildUrl keeps an existing query and falls back for a lone surrogate", () => {
  assert.equal(
    buildUrl("https://example.org/a?x=1", { y: "2" }),
    "https://example.org/a?x=1&y=2",
  );
  assert.equal(
    buildUrl("https://example.org/a", { y: "\ud800" }),
    "https://example.org/a?y=%EF%BF%BD",
  );
  assert.equal(
    buildUrl("https://example.org/a", { y: null }),
    "https://example.org/a",
  );
});

test("a repeated parameter is sent once per item (Python's list), where an array is comma-joined", () => {
  const query = {
    filter: repeatedParam(["type:file", "name:~*.txt"]),
    orderby: ["name", "size DESC"],
  };
  const want =
    "https://example.org/ls?filter=type%3Afile&filter=name%3A%7E*.txt&orderby=name%2Csize+DESC";
  assert.equal(buildUrl("https://example.org/ls", query), want);
  // The long way (a URL with a query already) gives the same parameters.
  const u = new URL(buildUrl("https://example.org/ls?x=1", query));
  assert.deepEqual(u.searchParams.getAll("filter"), [
    "type:file",
    "name:~*.txt",
  ]);
  assert.deepEqual(u.searchParams.getAll("orderby"), ["name,size DESC"]);
  // An empty list sends no parameter; the marked copy leaves the input alone.
  assert.equal(
    buildUrl("https://example.org/ls", { filter: repeatedParam([]) }),
    "https://example.org/ls",
  );
  const input = ["a"];
  assert.notEqual(repeatedParam(input), input);
});
