/**
 * TransferClientV2 against the emulator: a bookmark's create (201), get,
 * list (with its collection included), update, delete round trip; the
 * errors; v2 bookmarks kept apart from v0.10 ones; the stream access point
 * list; and a tunnel made with TunnelCreateDocument.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { AccessTokenAuthorizer } from "../../../src/authorizers/access_token.ts";
import { TransferAPIError } from "../../../src/core/errors.ts";
import { EMULATOR_STREAM_ACCESS_POINTS as SAP } from "../../../src/testing/transfer_admin.ts";
import {
  BookmarkCreateDocument,
  BookmarkUpdateDocument,
} from "../../../src/transfer/v2/bookmark.ts";
import {
  TunnelCreateDocument,
  TunnelUpdateDocument,
} from "../../../src/transfer/v2/tunnel_documents.ts";
import { TransferClientV2 } from "../../../src/transfer/v2/transfer_client_v2.ts";
import { emulatorClient } from "../client/_emulator.ts";

test("TransferClientV2 bookmarks: create, get, list, update, delete on the emulator", async () => {
  const { emu, tc: v010, token } = await emulatorClient();
  const tc = new TransferClientV2({
    authorizer: new AccessTokenAuthorizer(token),
    baseUrl: emu.transferUrl,
    retry: false,
  });
  try {
    const ep = emu.collections.tutorial1;
    const made = await tc.createBookmark(
      new BookmarkCreateDocument(ep, "godata", "/share/godata/"),
    );
    assert.equal(made.data.type, "Bookmark");
    assert.equal(made.data.attributes.name, "godata");
    assert.equal(made.data.attributes.path, "/share/godata/");
    assert.equal(made.data.relationships?.collection?.data?.id, ep);
    const id = made.data.id;

    const got = await tc.getBookmark(id, {
      queryParams: { include: "collection" },
    });
    assert.deepEqual(got.data, made.data);
    assert.equal(got.included?.[0]?.type, "Collection");
    assert.equal(got.included?.[0]?.id, ep);
    assert.equal(
      got.included?.[0]?.attributes?.display_name,
      "Globus Tutorial Collection 1",
    );
    assert.equal((await tc.getBookmark(id)).included, undefined);

    const list = await tc.listBookmarks({
      queryParams: { include: "collection" },
    });
    assert.deepEqual([...list].map((b) => b.id), [id]);
    assert.match(String(list), /Globus Tutorial Collection 1/);

    // v2 bookmarks are kept apart from /v0.10/bookmark_list
    assert.deepEqual((await v010.bookmarkList()).DATA, []);

    const renamed = await tc.updateBookmark(
      id,
      new BookmarkUpdateDocument("tutorial data", "/share/"),
    );
    assert.equal(renamed.data.attributes.name, "tutorial data");
    assert.equal(renamed.data.attributes.path, "/share/");
    assert.equal(
      (await tc.getBookmark(id)).data.attributes.name,
      "tutorial data",
    );

    // the errors: a name taken, an unknown collection, a relative path
    await assert.rejects(
      tc.createBookmark(
        new BookmarkCreateDocument(ep, "tutorial data", "/~/"),
      ),
      (e) => e instanceof TransferAPIError && e.httpStatus === 409,
    );
    await assert.rejects(
      tc.createBookmark(
        new BookmarkCreateDocument(
          "00000000-0000-4000-8000-000000000000",
          "x",
          "/",
        ),
      ),
      (e) => e instanceof TransferAPIError && e.httpStatus === 404,
    );
    await assert.rejects(
      tc.updateBookmark(id, new BookmarkUpdateDocument("y", "relative/")),
      (e) => e instanceof TransferAPIError && e.httpStatus === 400,
    );

    const gone = await tc.deleteBookmark(id);
    assert.equal(typeof gone.meta?.request_id, "string");
    await assert.rejects(
      tc.getBookmark(id),
      (e) => e instanceof TransferAPIError && e.httpStatus === 404,
    );
    assert.deepEqual((await tc.listBookmarks()).data, []);
  } finally {
    await emu.close();
  }
});

test("TransferClientV2 stream access points and tunnels on the emulator", async () => {
  const { emu, token } = await emulatorClient();
  const tc = new TransferClientV2({
    authorizer: new AccessTokenAuthorizer(token),
    baseUrl: emu.transferUrl,
    retry: false,
  });
  try {
    const aps = await tc.listStreamAccessPoints().toArray();
    assert.deepEqual(
      aps.map((a) => a.id).sort(),
      [
        SAP.initiator,
        SAP.listener,
      ].sort(),
    );
    assert.equal(
      (await tc.getStreamAccessPoint(SAP.listener)).data.id,
      SAP.listener,
    );
    const doc = new TunnelCreateDocument(SAP.initiator, SAP.listener, {
      label: "v2",
    });
    const made = await tc.createTunnel(doc);
    assert.equal(
      made.data.attributes.submission_id,
      doc.data.attributes.submission_id,
    );
    const stopped = await tc.updateTunnel(
      made.data.id,
      new TunnelUpdateDocument({ state: "STOPPING" }),
    );
    assert.equal(stopped.data.attributes.state, "STOPPED");
    assert.deepEqual(
      [...await tc.getTunnelEvents(made.data.id)].map((e) => e.attributes.code),
      ["STARTED", "TUNNEL_STOPPED"],
    );
    assert.deepEqual([...await tc.listTunnels()].map((t) => t.id), [
      made.data.id,
    ]);
    await tc.deleteTunnel(made.data.id);
  } finally {
    await emu.close();
  }
});
