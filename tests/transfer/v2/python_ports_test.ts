/**
 * Ports of the Python SDK's tests of the experimental `TransferClientV2`
 * (tests/functional/services/transfer/v2/test_*.py). Each checks the route
 * (method and path), the body sent (JSON:API documents built with the Python
 * names) and what comes back. Python's `res.http_status == 200` is the call
 * resolving (a non-2xx status throws).
 *
 * The tunnel and stream-access-point tests answer with the Python SDK's
 * testing bodies, read at run time from ../shared/fixtures/globus
 * (raw/INDEX.sdk_testing.json gives each one's method and path, as
 * Python's `load_response` registers them); they are skipped, with the
 * reason printed, when that folder is absent. The fixtures have no JSON
 * body for the v2 bookmarks or the stream access point list, so those tests
 * use our own sample data (_sample.ts) and always run.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { json, type RecordedRequest } from "../../_helpers/fake_fetch.ts";
import {
  sdkTestingRoute,
  SKIP_FIXTURES,
} from "../../_helpers/globus_fixtures.ts";
import {
  BookmarkCreateDocument,
  BookmarkUpdateDocument,
} from "../../../src/transfer/v2/bookmark.ts";
import {
  TunnelCreateDocument,
  TunnelUpdateDocument,
} from "../../../src/transfer/v2/tunnel_documents.ts";
import {
  ACCESS_POINTS,
  accessPointListDocument,
  bookmarkDocument,
  bookmarkListDocument,
  BOOKMARKS,
  DELETED_BOOKMARK_BODY,
} from "./_sample.ts";
import { body, setupV2, url } from "./_setup.ts";

const BASE = "https://transfer.api.globus.org/";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const skip = SKIP_FIXTURES;

interface Sent {
  data: {
    type: string;
    attributes: Record<string, unknown>;
    relationships: Record<string, { data: { id: string; type: string } }>;
  };
}

/** A JSON:API resource object, as the fixture bodies hold them. */
interface Resource {
  type: string;
  id: string;
  attributes: Record<string, unknown>;
  relationships: Record<string, { data: { id: string; type: string } }>;
}

/** The fixture body for a Python `load_response(client.<module>)`, with its route. */
function loadResponse(module: string) {
  const route = sdkTestingRoute("transfer", module);
  assert.equal(route.status, 200, `${route.file}: status`);
  return route;
}

/** The last id of a route's path (`/v2/tunnels/<id>` or `…/<id>/events`). */
function pathId(path: string, suffix = ""): string {
  const m = new RegExp(`/([^/]+)${suffix}$`).exec(path);
  assert.ok(m, `no id in ${path}`);
  return m[1]!;
}

/** The request went to the fixture's route: its method and path. */
function assertRoute(
  req: RecordedRequest | undefined,
  route: { method: string; path: string },
) {
  assert.equal(req?.method, route.method);
  assert.equal(new URL(url(req)).pathname, route.path);
}

test("test_create_bookmark", async () => {
  const bm = BOOKMARKS[0];
  const { tc, ff } = setupV2([json(bookmarkDocument(bm), 201)]);
  const data = new BookmarkCreateDocument(bm.collection, bm.name, bm.path);
  const res = await tc.createBookmark(data);
  assert.equal(res.data.type, "Bookmark");
  assert.equal(res.data.id, bm.id);

  const req = ff.requests.at(-1);
  assert.equal(req?.method, "POST");
  assert.equal(url(req), `${BASE}v2/bookmarks`);
  const sent = body(req) as Sent;
  assert.equal(sent.data.type, "Bookmark");
  assert.equal(sent.data.attributes.name, bm.name);
  assert.equal(sent.data.attributes.path, bm.path);
  assert.equal(sent.data.relationships.collection?.data.id, bm.collection);
  assert.equal(sent.data.relationships.collection?.data.type, "Collection");
});

test("test_create_tunnel", { skip }, async () => {
  const route = loadResponse("create_tunnel");
  const made = (route.body as { data: Resource }).data;
  const initiator = made.relationships.initiator!.data.id;
  const listener = made.relationships.listener!.data.id;
  const label = made.attributes.label as string;
  const { tc, ff } = setupV2([json(route.body)]);
  const submissionId = crypto.randomUUID();
  const data = new TunnelCreateDocument(initiator, listener, {
    submissionId,
    label,
  });
  const res = await tc.createTunnel(data);
  assert.equal(res.data.type, "Tunnel");
  assert.equal(res.data.id, made.id);

  // one request: no GET /v0.10/submission_id (the document has one)
  assert.equal(ff.requests.length, 1);
  const req = ff.requests.at(-1);
  assertRoute(req, route);
  const sent = body(req) as Sent;
  assert.equal(sent.data.type, "Tunnel");
  assert.equal(sent.data.relationships.initiator?.data.id, initiator);
  assert.equal(sent.data.relationships.listener?.data.id, listener);
  assert.equal(sent.data.attributes.submission_id, submissionId);
  assert.equal(sent.data.attributes.label, label);
});

test("test_create_tunnel_no_submission", { skip }, async () => {
  const route = loadResponse("create_tunnel");
  const made = (route.body as { data: Resource }).data;
  const { tc, ff } = setupV2([json(route.body)]);
  const data = new TunnelCreateDocument(
    made.relationships.initiator!.data.id,
    made.relationships.listener!.data.id,
    { label: made.attributes.label as string },
  );
  // the document made its own submission id
  const generated = data.data.attributes.submission_id;
  assert.equal(typeof generated, "string");
  assert.match(generated as string, UUID);

  await tc.createTunnel(data);
  assert.equal(ff.requests.length, 1);
  assertRoute(ff.requests.at(-1), route);
  const sent = body(ff.requests.at(-1)) as Sent;
  assert.equal(sent.data.attributes.submission_id, generated);
});

test("test_delete_bookmark", async () => {
  const id = BOOKMARKS[1].id;
  const { tc, ff } = setupV2([json(DELETED_BOOKMARK_BODY)]);
  const res = await tc.deleteBookmark(id);
  assert.deepEqual(res, DELETED_BOOKMARK_BODY);
  const req = ff.requests.at(-1);
  assert.equal(req?.method, "DELETE");
  assert.equal(url(req), `${BASE}v2/bookmarks/${id}`);
  assert.equal(req?.body, undefined);
});

test("test_delete_tunnel", { skip }, async () => {
  const route = loadResponse("delete_tunnel");
  const { tc, ff } = setupV2([json(route.body)]);
  const res = await tc.deleteTunnel(pathId(route.path));
  assert.equal(res.data, null);
  assert.deepEqual(res, route.body);
  const req = ff.requests.at(-1);
  assertRoute(req, route);
  assert.equal(req?.body, undefined);
});

test("test_get_bookmark", async () => {
  const bm = BOOKMARKS[1];
  const { tc, ff } = setupV2([json(bookmarkDocument(bm, { included: true }))]);
  const res = await tc.getBookmark(bm.id, {
    queryParams: { include: "collection" },
  });
  assert.equal(res.data.type, "Bookmark");
  assert.equal(res.data.id, bm.id);
  assert.equal(res.data.relationships?.collection?.data?.id, bm.collection);
  assert.equal(res.included?.[0]?.id, bm.collection);

  const req = ff.requests.at(-1);
  assert.equal(req?.method, "GET");
  assert.ok(url(req).includes("include=collection"), url(req));
  assert.ok(url(req).startsWith(`${BASE}v2/bookmarks/${bm.id}?`));
  assert.equal(req?.body, undefined);
});

test("test_get_stream_access_point", { skip }, async () => {
  const route = loadResponse("get_stream_access_point");
  const ap = (route.body as { data: Resource }).data;
  const { tc, ff } = setupV2([json(route.body)]);
  const res = await tc.getStreamAccessPoint(ap.id);
  assert.equal(res.data.type, "StreamAccessPoint");
  assert.equal(res.data.id, ap.id);
  const req = ff.requests.at(-1);
  assertRoute(req, route);
  assert.equal(req?.body, undefined);
});

test("test_get_tunnel", { skip }, async () => {
  const route = loadResponse("get_tunnel");
  const tunnel = (route.body as { data: Resource }).data;
  const { tc, ff } = setupV2([json(route.body)]);
  const res = await tc.getTunnel(tunnel.id);
  assert.equal(res.data.type, "Tunnel");
  assert.equal(res.data.id, tunnel.id);
  const req = ff.requests.at(-1);
  assertRoute(req, route);
  assert.equal(req?.body, undefined);
});

test("test_get_tunnel_events", { skip }, async () => {
  const route = loadResponse("get_tunnel_events");
  const events = (route.body as { data: { id: number }[] }).data;
  const { tc, ff } = setupV2([json(route.body)]);
  const res = await tc.getTunnelEvents(pathId(route.path, "/events"));
  assert.equal(res.data[0]?.type, "TunnelEvent");
  assert.equal(res.data[1]?.type, "TunnelEvent");
  // for…of walks data, as Python's IterableJSONAPIResponse
  assert.deepEqual([...res].map((e) => e.id), events.map((e) => e.id));
  const req = ff.requests.at(-1);
  assertRoute(req, route);
  assert.equal(req?.body, undefined);
});

test("test_list_bookmarks", async () => {
  const { tc, ff } = setupV2([json(bookmarkListDocument(BOOKMARKS))]);
  const res = await tc.listBookmarks({
    queryParams: { include: "collection" },
  });
  assert.equal(res.data.length, BOOKMARKS.length);
  res.data.forEach((bm, i) => {
    const want = BOOKMARKS[i]!;
    assert.equal(bm.type, "Bookmark");
    assert.equal(bm.id, want.id);
    assert.equal(bm.attributes.name, want.name);
    assert.equal(bm.attributes.path, want.path);
    assert.equal(bm.relationships?.collection?.data?.id, want.collection);
  });
  assert.equal(res.included?.length, BOOKMARKS.length);
  res.included?.forEach((col, i) => {
    assert.equal(col.type, "Collection");
    assert.equal(col.id, BOOKMARKS[i]!.collection);
  });
  // for…of walks the bookmarks
  assert.deepEqual([...res].map((b) => b.id), BOOKMARKS.map((b) => b.id));

  const req = ff.requests.at(-1);
  assert.equal(req?.method, "GET");
  assert.ok(url(req).startsWith(`${BASE}v2/bookmarks?`), url(req));
  assert.ok(url(req).includes("include=collection"), url(req));
  assert.equal(req?.body, undefined);
});

test("test_list_stream_access_points", async () => {
  const ids = ACCESS_POINTS.map((ap) => ap.id);
  const { tc, ff } = setupV2([json(accessPointListDocument(ACCESS_POINTS))]);
  const listResults = await tc.listStreamAccessPoints().toArray();
  assert.equal(listResults.length, 2);
  for (const ap of listResults) {
    assert.equal(ap.type, "StreamAccessPoint");
    assert.ok(ids.includes(ap.id), ap.id);
  }
  // the body has no links.next: one request
  assert.equal(ff.requests.length, 1);
  const req = ff.requests.at(-1);
  assert.equal(req?.method, "GET");
  assert.equal(url(req), `${BASE}v2/stream_access_points`);
  assert.equal(req?.body, undefined);
});

test("test_list_tunnels", { skip }, async () => {
  const route = loadResponse("list_tunnels");
  const tunnels = (route.body as { data: Resource[] }).data;
  assert.equal(tunnels.length, 2); // Python's len(list(res)) == 2
  const { tc, ff } = setupV2([json(route.body)]);
  const res = await tc.listTunnels();
  assert.deepEqual([...res].map((t) => t.id), tunnels.map((t) => t.id));
  const req = ff.requests.at(-1);
  assertRoute(req, route);
  assert.equal(req?.body, undefined);
});

test("test_update_bookmark", async () => {
  const bm = BOOKMARKS[0];
  const { tc, ff } = setupV2([json(bookmarkDocument(bm))]);
  const data = new BookmarkUpdateDocument(bm.name, bm.path);
  const res = await tc.updateBookmark(bm.id, data);
  assert.equal(res.data.type, "Bookmark");
  assert.equal(res.data.relationships?.collection?.data?.id, bm.collection);
  const req = ff.requests.at(-1);
  assert.equal(req?.method, "PATCH");
  assert.equal(url(req), `${BASE}v2/bookmarks/${bm.id}`);
  const sent = body(req) as Sent;
  assert.equal(sent.data.type, "Bookmark");
  assert.equal(sent.data.attributes.name, bm.name);
  assert.equal(sent.data.attributes.path, bm.path);
});

test("test_update_tunnel", { skip }, async () => {
  const route = loadResponse("update_tunnel");
  const { tc, ff } = setupV2([json(route.body)]);
  const label = "relay sync, renamed";
  const updateDoc = new TunnelUpdateDocument({ label });
  const res = await tc.updateTunnel(pathId(route.path), updateDoc);
  assert.equal(res.data.type, "Tunnel");
  const req = ff.requests.at(-1);
  assertRoute(req, route);
  assert.deepEqual(body(req), {
    data: { type: "Tunnel", attributes: { label } },
  });
});
