/**
 * Ports of the Python SDK's tests of the experimental `TransferClientV2`
 * (tests/functional/services/transfer/v2/test_*.py), against the same
 * response bodies (_fixtures.ts) served by a fake fetch: each checks the
 * route, the body sent (JSON:API documents built with the Python names),
 * and what comes back. Python's `res.http_status == 200` is the call
 * resolving (a non-2xx status throws).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { json } from "../../_helpers/fake_fetch.ts";
import {
  BookmarkCreateDocument,
  BookmarkUpdateDocument,
} from "../../../src/transfer/v2/bookmark.ts";
import {
  TunnelCreateDocument,
  TunnelUpdateDocument,
} from "../../../src/transfer/v2/tunnel_documents.ts";
import * as fx from "./_fixtures.ts";
import { body, setupV2, url } from "./_setup.ts";

const BASE = "https://transfer.api.globus.org/";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Sent {
  data: {
    type: string;
    attributes: Record<string, unknown>;
    relationships: Record<string, { data: { id: string; type: string } }>;
  };
}

test("test_create_bookmark", async () => {
  const meta = fx.createBookmark.meta;
  const { tc, ff } = setupV2([json(fx.createBookmark.body, 201)]);
  const data = new BookmarkCreateDocument(
    meta.collection,
    meta.name,
    meta.path,
  );
  const res = await tc.createBookmark(data);
  assert.equal(res.data.type, "Bookmark");
  assert.equal(res.data.id, meta.bookmark_id);

  const req = ff.requests.at(-1);
  assert.equal(req?.method, "POST");
  assert.equal(url(req), `${BASE}v2/bookmarks`);
  const sent = body(req) as Sent;
  assert.equal(sent.data.type, "Bookmark");
  assert.equal(sent.data.attributes.name, meta.name);
  assert.equal(sent.data.attributes.path, meta.path);
  assert.equal(
    sent.data.relationships.collection?.data.id,
    meta.collection,
  );
  assert.equal(sent.data.relationships.collection?.data.type, "Collection");
});

test("test_create_tunnel", async () => {
  const meta = fx.createTunnel.meta;
  const { tc, ff } = setupV2([json(fx.createTunnel.body)]);
  const submissionId = crypto.randomUUID();
  const data = new TunnelCreateDocument(meta.initiator_ap, meta.listener_ap, {
    submissionId,
    label: meta.display_name,
  });
  const res = await tc.createTunnel(data);
  assert.equal(res.data.type, "Tunnel");

  // one request: no GET /v0.10/submission_id (the document has one)
  assert.equal(ff.requests.length, 1);
  const req = ff.requests.at(-1);
  assert.equal(req?.method, "POST");
  assert.equal(url(req), `${BASE}v2/tunnels`);
  const sent = body(req) as Sent;
  assert.equal(sent.data.relationships.initiator?.data.id, meta.initiator_ap);
  assert.equal(sent.data.relationships.listener?.data.id, meta.listener_ap);
  assert.equal(sent.data.attributes.submission_id, submissionId);
  assert.equal(sent.data.attributes.label, meta.display_name);
});

test("test_create_tunnel_no_submission", async () => {
  const meta = fx.createTunnel.meta;
  const { tc, ff } = setupV2([json(fx.createTunnel.body)]);
  const data = new TunnelCreateDocument(meta.initiator_ap, meta.listener_ap, {
    label: meta.display_name,
  });
  // the document made its own submission id
  const generated = data.data.attributes.submission_id;
  assert.equal(typeof generated, "string");
  assert.match(generated as string, UUID);

  await tc.createTunnel(data);
  assert.equal(ff.requests.length, 1);
  const sent = body(ff.requests.at(-1)) as Sent;
  assert.equal(sent.data.attributes.submission_id, generated);
});

test("test_delete_bookmark", async () => {
  const meta = fx.deleteBookmark.meta;
  const { tc, ff } = setupV2([json(fx.deleteBookmark.body)]);
  const res = await tc.deleteBookmark(meta.bookmark_id);
  assert.deepEqual(res, fx.deleteBookmark.body);
  const req = ff.requests.at(-1);
  assert.equal(req?.method, "DELETE");
  assert.equal(url(req), `${BASE}v2/bookmarks/${meta.bookmark_id}`);
  assert.equal(req?.body, undefined);
});

test("test_delete_tunnel", async () => {
  const meta = fx.deleteTunnel.meta;
  const { tc, ff } = setupV2([json(fx.deleteTunnel.body)]);
  const res = await tc.deleteTunnel(meta.tunnel_id);
  assert.equal(res.data, null);
  const req = ff.requests.at(-1);
  assert.equal(req?.method, "DELETE");
  assert.equal(url(req), `${BASE}v2/tunnels/${meta.tunnel_id}`);
  assert.equal(req?.body, undefined);
});

test("test_get_bookmark", async () => {
  const meta = fx.getBookmark.meta;
  const { tc, ff } = setupV2([json(fx.getBookmark.body)]);
  const res = await tc.getBookmark(meta.bookmark_id, {
    queryParams: { include: "collection" },
  });
  assert.equal(res.data.type, "Bookmark");
  assert.equal(res.data.id, meta.bookmark_id);
  assert.equal(
    res.data.relationships?.collection?.data?.id,
    meta.collection,
  );
  assert.equal(res.included?.[0]?.id, meta.collection);

  const req = ff.requests.at(-1);
  assert.equal(req?.method, "GET");
  assert.ok(url(req).includes("include=collection"), url(req));
  assert.ok(url(req).startsWith(`${BASE}v2/bookmarks/${meta.bookmark_id}?`));
  assert.equal(req?.body, undefined);
});

test("test_get_stream_access_point", async () => {
  const meta = fx.getStreamAccessPoint.meta;
  const { tc, ff } = setupV2([json(fx.getStreamAccessPoint.body)]);
  const res = await tc.getStreamAccessPoint(meta.access_point_id);
  assert.equal(res.data.type, "StreamAccessPoint");
  assert.equal(res.data.id, meta.access_point_id);
  const req = ff.requests.at(-1);
  assert.equal(
    url(req),
    `${BASE}v2/stream_access_points/${meta.access_point_id}`,
  );
  assert.equal(req?.body, undefined);
});

test("test_get_tunnel", async () => {
  const meta = fx.getTunnel.meta;
  const { tc, ff } = setupV2([json(fx.getTunnel.body)]);
  const res = await tc.getTunnel(meta.tunnel_id);
  assert.equal(res.data.type, "Tunnel");
  assert.equal(res.data.id, meta.tunnel_id);
  const req = ff.requests.at(-1);
  assert.equal(req?.method, "GET");
  assert.equal(url(req), `${BASE}v2/tunnels/${meta.tunnel_id}`);
  assert.equal(req?.body, undefined);
});

test("test_get_tunnel_events", async () => {
  const meta = fx.getTunnelEvents.meta;
  const { tc, ff } = setupV2([json(fx.getTunnelEvents.body)]);
  const res = await tc.getTunnelEvents(meta.tunnel_id);
  assert.equal(res.data[0]?.type, "TunnelEvent");
  assert.equal(res.data[1]?.type, "TunnelEvent");
  // for…of walks data, as Python's IterableJSONAPIResponse
  assert.deepEqual([...res].map((e) => e.id), [2768, 2769, 2777]);
  const req = ff.requests.at(-1);
  assert.equal(url(req), `${BASE}v2/tunnels/${meta.tunnel_id}/events`);
  assert.equal(req?.body, undefined);
});

test("test_list_bookmarks", async () => {
  const meta = fx.listBookmarks.meta;
  const { tc, ff } = setupV2([json(fx.listBookmarks.body)]);
  const res = await tc.listBookmarks({
    queryParams: { include: "collection" },
  });
  assert.equal(res.data.length, meta.bookmarks.length);
  res.data.forEach((bm, i) => {
    const want = meta.bookmarks[i]!;
    assert.equal(bm.type, "Bookmark");
    assert.equal(bm.id, want.bookmark_id);
    assert.equal(bm.attributes.name, want.name);
    assert.equal(bm.attributes.path, want.path);
    assert.equal(
      bm.relationships?.collection?.data?.id,
      want.collection_id,
    );
  });
  assert.equal(res.included?.length, meta.bookmarks.length);
  res.included?.forEach((col, i) => {
    assert.equal(col.type, "Collection");
    assert.equal(col.id, meta.bookmarks[i]!.collection_id);
  });
  // for…of walks the bookmarks
  assert.deepEqual(
    [...res].map((b) => b.id),
    meta.bookmarks.map((b) => b.bookmark_id),
  );

  const req = ff.requests.at(-1);
  assert.ok(url(req).startsWith(`${BASE}v2/bookmarks?`), url(req));
  assert.ok(url(req).includes("include=collection"), url(req));
  assert.equal(req?.body, undefined);
});

test("test_list_stream_access_points", async () => {
  const meta = fx.listStreamAccessPoints.meta;
  const { tc, ff } = setupV2([json(fx.listStreamAccessPoints.body)]);
  const listResults = await tc.listStreamAccessPoints().toArray();
  assert.equal(listResults.length, 2);
  for (const ap of listResults) {
    assert.equal(ap.type, "StreamAccessPoint");
    assert.ok(meta.access_point_ids.includes(ap.id), ap.id);
  }
  // the body has no links.next: one request
  assert.equal(ff.requests.length, 1);
  const req = ff.requests.at(-1);
  assert.equal(url(req), `${BASE}v2/stream_access_points`);
  assert.equal(req?.body, undefined);
});

test("test_list_tunnels", async () => {
  const { tc, ff } = setupV2([json(fx.listTunnels.body)]);
  const res = await tc.listTunnels();
  assert.equal([...res].length, 2);
  const req = ff.requests.at(-1);
  assert.equal(url(req), `${BASE}v2/tunnels`);
  assert.equal(req?.body, undefined);
});

test("test_update_bookmark", async () => {
  const meta = fx.updateBookmark.meta;
  const { tc, ff } = setupV2([json(fx.updateBookmark.body)]);
  const data = new BookmarkUpdateDocument(meta.name, meta.path);
  const res = await tc.updateBookmark(meta.bookmark_id, data);
  assert.equal(res.data.type, "Bookmark");
  assert.equal(
    res.data.relationships?.collection?.data?.id,
    meta.collection,
  );
  const req = ff.requests.at(-1);
  assert.equal(req?.method, "PATCH");
  assert.equal(url(req), `${BASE}v2/bookmarks/${meta.bookmark_id}`);
  const sent = body(req) as Sent;
  assert.equal(sent.data.type, "Bookmark");
  assert.equal(sent.data.attributes.name, meta.name);
  assert.equal(sent.data.attributes.path, meta.path);
});

test("test_update_tunnel", async () => {
  const meta = fx.updateTunnel.meta;
  const { tc, ff } = setupV2([json(fx.updateTunnel.body)]);
  const label = "New Name";
  const updateDoc = new TunnelUpdateDocument({ label });
  const res = await tc.updateTunnel(meta.tunnel_id, updateDoc);
  assert.equal(res.data.type, "Tunnel");
  const req = ff.requests.at(-1);
  assert.equal(req?.method, "PATCH");
  assert.equal(url(req), `${BASE}v2/tunnels/${meta.tunnel_id}`);
  assert.deepEqual(body(req), {
    data: { type: "Tunnel", attributes: { label } },
  });
});
