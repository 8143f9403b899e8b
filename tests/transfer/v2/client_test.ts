/**
 * TransferClientV2 beyond Python's tests: JSON:API paging of stream access
 * points (links.next), the retry rule for JSON:API ExternalError bodies,
 * document checks, tables, and a raw tunnel document without a submission
 * id.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { json } from "../../_helpers/fake_fetch.ts";
import { TransferAPIError } from "../../../src/core/errors.ts";
import { BookmarkCreateDocument } from "../../../src/transfer/v2/bookmark.ts";
import { TunnelCreateDocument } from "../../../src/transfer/v2/tunnel_documents.ts";
import {
  ACCESS_POINTS,
  accessPointResource,
  bookmarkListDocument,
  BOOKMARKS,
  TUNNEL,
  tunnelDocument,
} from "./_sample.ts";
import { body, setupV2, url } from "./_setup.ts";

const AP1 = accessPointResource(ACCESS_POINTS[0]);
const AP2 = accessPointResource(ACCESS_POINTS[1]);

test("listStreamAccessPoints follows links.next with the next link's query", async () => {
  const next =
    "https://transfer.api.globus.org/v2/stream_access_points?page%5Bmarker%5D=m2&page%5Bsize%5D=1";
  const { tc, ff } = setupV2([
    json({ data: [AP1], links: { next }, meta: {} }),
    json({ data: [AP2], links: { next: null }, meta: {} }),
  ]);
  const ids: string[] = [];
  for await (
    const ap of tc.listStreamAccessPoints({ queryParams: { filter: "x" } })
  ) ids.push(ap.id);
  assert.deepEqual(ids, [AP1.id, AP2.id]);
  assert.equal(ff.requests.length, 2);
  const first = new URL(url(ff.requests[0]));
  assert.equal(first.pathname, "/v2/stream_access_points");
  assert.equal(first.searchParams.get("filter"), "x");
  const second = new URL(url(ff.requests[1]));
  assert.equal(second.pathname, "/v2/stream_access_points");
  assert.equal(second.searchParams.get("page[marker]"), "m2");
  assert.equal(second.searchParams.get("page[size]"), "1");
  assert.equal(second.searchParams.get("filter"), null);
});

test("tc.paginated.listStreamAccessPoints() walks pages, as Python's tc.paginated.list_stream_access_points()", async () => {
  // `tc.paginated` was undefined on TransferClientV2 (TransferClient had it),
  // so a ported `for page in tc.paginated.list_stream_access_points()`
  // threw "Cannot read properties of undefined".
  const next = "/v2/stream_access_points?page%5Bmarker%5D=m2";
  const { tc, ff } = setupV2([
    json({ data: [AP1], links: { next }, meta: {} }),
    json({ data: [AP2], links: { next: null }, meta: {} }),
    json({ data: [AP1], links: { next }, meta: {} }),
    json({ data: [AP2], links: { next: null }, meta: {} }),
  ]);
  assert.equal(tc.paginated, tc.paginated);
  const pages: string[][] = [];
  for await (
    const page of tc.paginated.listStreamAccessPoints({
      queryParams: { filter: "x" },
    })
  ) pages.push([...page].map((ap) => ap.id));
  assert.deepEqual(pages, [[AP1.id], [AP2.id]]);
  assert.equal(new URL(url(ff.requests[0])).searchParams.get("filter"), "x");
  // .items() yields every item of every page (Python's .items()).
  const ids = (await tc.paginated.listStreamAccessPoints().items().toArray())
    .map((ap) => ap.id);
  assert.deepEqual(ids, [AP1.id, AP2.id]);
  assert.equal(ff.requests.length, 4);
});

test("listStreamAccessPoints stops when a page repeats its next link", async () => {
  const next = "/v2/stream_access_points?page%5Bmarker%5D=same";
  const page = () => json({ data: [AP1], links: { next }, meta: {} });
  const { tc, ff } = setupV2([page(), page(), page(), page()]);
  const pages = [];
  for await (const p of tc.listStreamAccessPoints().pages()) pages.push(p);
  assert.equal(pages.length, 2);
  assert.equal(ff.requests.length, 2);
  // each page is a table, walked by for…of
  assert.deepEqual([...pages[0]!].map((ap) => ap.id), [AP1.id]);
  assert.match(String(pages[0]), /Example Relay East/);
  const all = await tc.listStreamAccessPoints().toArray();
  assert.match(String(all), /Example Relay East/);
});

test("a JSON:API ExternalError is not retried; another 502 is", async () => {
  const external = {
    errors: [{ status: "502", code: "ExternalError", detail: "remote down" }],
  };
  const a = setupV2([json(external, 502), json(tunnelDocument())], {
    random: () => 0,
  });
  await assert.rejects(
    a.tc.getTunnel(TUNNEL.id),
    (e) => e instanceof TransferAPIError && e.httpStatus === 502,
  );
  assert.equal(a.ff.requests.length, 1);

  const b = setupV2([
    json({ errors: [{ status: "502", code: "BadGateway" }] }, 502),
    json(tunnelDocument()),
  ], { random: () => 0 });
  const res = await b.tc.getTunnel(TUNNEL.id);
  assert.equal(res.data.id, TUNNEL.id);
  assert.equal(b.ff.requests.length, 2);
});

test("createTunnel gives a raw document without submission_id a UUID, without a request", async () => {
  const { tc, ff } = setupV2([json(tunnelDocument())]);
  const doc = {
    data: {
      type: "Tunnel",
      relationships: {
        initiator: { data: { type: "StreamAccessPoint", id: "i" } },
        listener: { data: { type: "StreamAccessPoint", id: "l" } },
      },
    },
  };
  await tc.createTunnel(doc);
  assert.equal(ff.requests.length, 1);
  const sent = body(ff.requests[0]) as typeof doc & {
    data: { attributes: { submission_id: string } };
  };
  assert.match(
    sent.data.attributes.submission_id,
    /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  );
  await assert.rejects(tc.createTunnel({ label: "x" }), /TunnelCreateDocument/);
});

test("bookmark documents refuse bad arguments; bodies without data are refused before sending", async () => {
  assert.throws(
    () => new BookmarkCreateDocument("", "n", "/p"),
    /'collection' must be a non-empty string/,
  );
  assert.throws(
    () => new BookmarkCreateDocument("c", undefined as unknown as string, "/p"),
    /'name' must be a non-empty string/,
  );
  const doc = new BookmarkCreateDocument("c", "n", "/p", {
    additionalFields: { pinned: true },
  });
  assert.deepEqual(JSON.parse(JSON.stringify(doc)).data.attributes, {
    name: "n",
    path: "/p",
    pinned: true,
  });
  const t = new TunnelCreateDocument("i", "l", {
    listenerPort: 5000,
    listenerIpAddress: "10.0.0.1",
    submissionId: "s-1",
  });
  assert.deepEqual(t.data.attributes, {
    submission_id: "s-1",
    listener_port: 5000,
    listener_ip_address: "10.0.0.1",
  });
  const { tc, ff } = setupV2([]);
  await assert.rejects(
    tc.createBookmark({ name: "n", endpoint_id: "c", path: "/p" }),
    /BookmarkCreateDocument/,
  );
  await assert.rejects(
    tc.updateBookmark("b", { name: "n" }),
    /BookmarkUpdateDocument/,
  );
  assert.equal(ff.requests.length, 0);
});

test("a bookmark list is a table naming the included collections", async () => {
  const { tc } = setupV2([json(bookmarkListDocument(BOOKMARKS))]);
  const list = await tc.listBookmarks();
  const text = String(list);
  assert.match(text, /Bookmarks \(2\)/);
  assert.match(text, /lab notebooks/);
  assert.match(text, /Example Secure Archive/);
  // plain data: JSON is the body
  assert.deepEqual(
    JSON.parse(JSON.stringify(list)),
    bookmarkListDocument(BOOKMARKS),
  );
});
