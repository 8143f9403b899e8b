/**
 * Tunnels and stream access points through TransferClient against the
 * emulator: create (a submission id is fetched when absent; the same one
 * gives the same tunnel), get, list (a table), events, label change,
 * listener contact makes it ACTIVE, stop, delete only once stopped; and a
 * route the emulator does not know says "not emulated".
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { TransferAPIError } from "../../../src/core/errors.ts";
import { EMULATOR_STREAM_ACCESS_POINTS as SAP } from "../../../src/testing/transfer_admin.ts";
import { CreateTunnelData } from "../../../src/transfer/tunnel.ts";
import { emulatorClient } from "./_emulator.ts";

test("tunnels: create, get, list, events, update, stop, delete", async () => {
  const { emu, tc } = await emulatorClient();
  try {
    const sap = await tc.getStreamAccessPoint(SAP.listener);
    assert.equal(sap.data.type, "StreamAccessPoint");
    assert.equal(sap.data.id, SAP.listener);
    assert.equal(typeof sap.data.attributes.display_name, "string");

    const doc = new CreateTunnelData(SAP.initiator, SAP.listener, {
      label: "relay check",
      lifetimeMins: 10,
    });
    const made = await tc.createTunnel(doc);
    assert.equal(made.data.type, "Tunnel");
    assert.equal(made.data.attributes.label, "relay check");
    assert.equal(made.data.attributes.lifetime_mins, 10);
    assert.equal(made.data.attributes.state, "AWAITING_LISTENER");
    assert.equal(
      made.data.relationships?.listener?.data?.id,
      SAP.listener,
    );
    const sub = doc.data.attributes.submission_id;
    assert.equal(typeof sub, "string");
    assert.equal(made.data.attributes.submission_id, sub);
    // the same submission id gives the same tunnel (a retried POST)
    const again = await tc.createTunnel(doc);
    assert.equal(again.data.id, made.data.id);

    const id = made.data.id;
    assert.equal((await tc.getTunnel(id)).data.id, id);
    const list = await tc.listTunnels();
    assert.deepEqual(list.data.map((t) => t.id), [id]);
    assert.match(String(list), /relay check/);

    const renamed = await tc.updateTunnel(id, {
      data: { type: "Tunnel", attributes: { label: "relay check, renamed" } },
    });
    assert.equal(renamed.data.attributes.label, "relay check, renamed");

    // a running tunnel cannot be deleted
    await assert.rejects(
      tc.deleteTunnel(id),
      (e) => e instanceof TransferAPIError && e.httpStatus === 409,
    );
    await tc.updateTunnel(id, {
      data: {
        type: "Tunnel",
        attributes: { listener_ip_address: "127.0.0.1", listener_port: 5000 },
      },
    });
    assert.equal((await tc.getTunnel(id)).data.attributes.state, "ACTIVE");
    const stopped = await tc.updateTunnel(id, {
      data: { type: "Tunnel", attributes: { state: "STOPPING" } },
    });
    assert.equal(stopped.data.attributes.state, "STOPPED");
    const events = await tc.getTunnelEvents(id);
    assert.deepEqual(
      events.data.map((e) => e.attributes.code),
      ["STARTED", "TUNNEL_ACTIVE", "TUNNEL_STOPPED"],
    );
    assert.ok(events.data.every((e) => e.type === "TunnelEvent"));
    const gone = await tc.deleteTunnel(id);
    assert.equal(gone.data, null);
    await assert.rejects(
      tc.getTunnel(id),
      (e) => e instanceof TransferAPIError && e.httpStatus === 404,
    );
    // a document that is not JSON:API is refused before anything is sent
    await assert.rejects(
      tc.createTunnel({ relationships: {} }),
      /no 'data' member/,
    );
    await assert.rejects(
      tc.getStreamAccessPoint("00000000-0000-4000-8000-000000000000"),
      (e) => e instanceof TransferAPIError && e.httpStatus === 404,
    );
  } finally {
    await emu.close();
  }
});

test("a route the emulator does not know says 'not emulated'", async () => {
  const { emu, tc } = await emulatorClient();
  try {
    for (const path of ["v0.10/no_such_thing", "v2/no_such_thing"]) {
      await assert.rejects(
        tc.get(path),
        (e) =>
          e instanceof TransferAPIError && e.httpStatus === 404 &&
          e.code === "ClientError.NotFound.NotEmulated" &&
          /not emulated/i.test(e.message),
        path,
      );
    }
    // Auth's unknown routes say so too
    const auth = await fetch(`${emu.authUrl}v2/api/no_such_thing`);
    assert.equal(auth.status, 404);
    assert.match((await auth.json()).error_description, /^Not emulated/);
    // a real "not found" keeps its own code
    await assert.rejects(
      tc.getTask("00000000-0000-4000-8000-000000000000"),
      (e) => e instanceof TransferAPIError && e.code === "ClientError.NotFound",
    );
  } finally {
    await emu.close();
  }
});
