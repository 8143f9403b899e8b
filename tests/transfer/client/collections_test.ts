/**
 * TransferClient's endpoint search and endpoint documents against a fake
 * fetch.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { json } from "../../_helpers/fake_fetch.ts";
import { JUPYTER_DISPLAY } from "../../../src/notebook/display.ts";
import { BASE, endpoint, EP1 } from "../_sample.ts";
import { setup, url } from "./_setup.ts";

test("endpointSearch sends every filter and pages with has_next_page", async () => {
  const { tc, ff } = setup([
    json({
      DATA_TYPE: "endpoint_list",
      offset: 0,
      limit: 2,
      has_next_page: true,
      DATA: [endpoint(0), endpoint(1)],
    }),
    json({
      DATA_TYPE: "endpoint_list",
      offset: 2,
      limit: 2,
      has_next_page: false,
      DATA: [endpoint(2)],
    }),
  ]);
  const eps = await tc.endpointSearch("tutorial", {
    filterScope: "all",
    filterOwnerId: "owner-1",
    filterEntityType: "GCSv5_mapped_collection",
    filterNonFunctional: false,
    limit: 2,
    maxResults: 1000,
  }).toArray();
  assert.deepEqual(eps.map((e) => e.display_name), [
    "Endpoint 0",
    "Endpoint 1",
    "Endpoint 2",
  ]);
  assert.equal(
    url(ff.requests[0]),
    BASE +
      "endpoint_search?filter_fulltext=tutorial&filter_scope=all&filter_owner_id=owner-1&filter_entity_type=GCSv5_mapped_collection&filter_non_functional=0&limit=2&offset=0",
  );
  assert.equal(
    url(ff.requests[1]),
    BASE +
      "endpoint_search?filter_fulltext=tutorial&filter_scope=all&filter_owner_id=owner-1&filter_entity_type=GCSv5_mapped_collection&filter_non_functional=0&limit=2&offset=2",
  );
  assert.equal(ff.requests.length, 2);
});

test("endpointSearch stops at the service's 1000-result cap", async () => {
  const { tc, ff } = setup([], (req) => {
    const u = new URL(req.url);
    const offset = Number(u.searchParams.get("offset"));
    const limit = Number(u.searchParams.get("limit"));
    return json({
      DATA_TYPE: "endpoint_list",
      offset,
      limit,
      has_next_page: true,
      DATA: Array.from({ length: limit }, (_, i) => endpoint(offset + i)),
    });
  });
  let n = 0;
  for await (const _ of tc.endpointSearch("x")) n++;
  assert.equal(n, 1000);
  assert.equal(ff.requests.length, 10);
  assert.match(url(ff.requests[9]), /limit=100&offset=900$/);
});

test("endpointSearch honours maxResults and an empty first page", async () => {
  const { tc, ff } = setup([
    json({
      DATA_TYPE: "endpoint_list",
      has_next_page: true,
      DATA: [endpoint(0), endpoint(1), endpoint(2)],
    }),
  ]);
  const two = await tc.endpointSearch(undefined, { maxResults: 3, limit: 100 })
    .toArray();
  assert.equal(two.length, 3);
  assert.equal(url(ff.requests[0]), BASE + "endpoint_search?limit=3&offset=0");

  const empty = setup([
    json({ DATA_TYPE: "endpoint_list", has_next_page: false, DATA: [] }),
  ]);
  assert.deepEqual(await empty.tc.endpointSearch("none").toArray(), []);
  assert.equal(empty.ff.requests.length, 1);
});

test("endpointSearch rejects a page size above 100 with the value", () => {
  const { tc } = setup([]);
  assert.throws(
    () => tc.endpointSearch("x", { limit: 500 }),
    (e: unknown) =>
      e instanceof RangeError && /limit/.test(e.message) &&
      /500/.test(e.message),
  );
});

test("endpointSearch .pages() yields raw pages that render as tables", async () => {
  const { tc } = setup([
    json({
      DATA_TYPE: "endpoint_list",
      has_next_page: false,
      DATA: [endpoint(7)],
    }),
  ]);
  const pages = [];
  for await (const p of tc.endpointSearch("x").pages()) pages.push(p);
  assert.equal(pages.length, 1);
  const page = pages[0]!;
  assert.equal(page.has_next_page, false);
  const bundle =
    (page as unknown as Record<symbol, () => Record<string, string>>)[
      JUPYTER_DISPLAY
    ]!();
  assert.match(bundle["text/html"]!, /Endpoint 7/);
  assert.ok(!Object.keys(page).includes(String(JUPYTER_DISPLAY)));
  assert.equal(JSON.stringify(page).includes("Jupyter"), false);
});

test("getEndpoint gets one endpoint and it renders in notebooks", async () => {
  const { tc, ff } = setup([json(endpoint(1, { display_name: "<b>x</b>" }))]);
  const ep = await tc.getEndpoint(EP1);
  assert.equal(url(ff.requests[0]), BASE + `endpoint/${EP1}`);
  assert.equal(ff.requests[0]!.method, "GET");
  assert.equal(ep.entity_type, "GCSv5_mapped_collection");
  const bundle =
    (ep as unknown as Record<symbol, () => Record<string, string>>)[
      JUPYTER_DISPLAY
    ]!();
  assert.ok(bundle["text/html"]!.includes("&lt;b&gt;x&lt;/b&gt;"));
  assert.ok(!bundle["text/html"]!.includes("<b>x</b>"));
});

test("ids are required and URL-encoded", async () => {
  const { tc, ff } = setup([json(endpoint(1))]);
  await assert.rejects(() => tc.getEndpoint(""), TypeError);
  await tc.getEndpoint("go#ep1");
  assert.equal(url(ff.requests[0]), BASE + "endpoint/go%23ep1");
});

test("endpointSearch takes Python's keyword form: one options object, with the search text as filterFulltext", async () => {
  const page = () =>
    json({
      DATA_TYPE: "endpoint_list",
      offset: 0,
      limit: 100,
      has_next_page: false,
      DATA: [endpoint(0)],
    });
  const { tc, ff } = setup([page(), page()]);
  // Python: tc.endpoint_search(filter_scope="my-endpoints")
  await tc.endpointSearch({ filterScope: "my-endpoints" }).toArray();
  assert.equal(
    url(ff.requests[0]),
    BASE + "endpoint_search?filter_scope=my-endpoints&limit=100&offset=0",
  );
  // Python: tc.endpoint_search(filter_fulltext="myendpointsearch")
  await tc.endpointSearch({ filterFulltext: "myendpointsearch" }).toArray();
  assert.equal(
    url(ff.requests[1]),
    BASE +
      "endpoint_search?filter_fulltext=myendpointsearch&limit=100&offset=0",
  );
  assert.throws(
    () => tc.endpointSearch("a", { filterFulltext: "b" }),
    /the search text was given twice/,
  );
  assert.throws(
    () =>
      tc.endpointSearch(
        { filterScope: "all" } as unknown as string,
        { limit: 5 },
      ),
    /two options objects/,
  );
  assert.throws(
    () => tc.endpointSearch({ filterFulltext: 5 as unknown as string }),
    /'filterFulltext' must be a string/,
  );
  assert.equal(ff.requests.length, 2);
});
