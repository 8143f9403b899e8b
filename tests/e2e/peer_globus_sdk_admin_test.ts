/**
 * The real `@globus/sdk` (npm) against the emulator for issue 14's areas
 * where it has the call: bookmarks, pause rules (and a task they pause, seen
 * through its pause info), endpoint-manager task get/cancel, tunnels and a
 * stream access point.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { startEmulator } from "../../src/testing/emulator.ts";
import { EMULATOR_STREAM_ACCESS_POINTS as SAP } from "../../src/testing/transfer_admin.ts";
import {
  expectJson as json,
  importGlobusSdk,
  peerSkip,
  sdkOptions,
  TRANSFER_SCOPE,
} from "./_peer_sdk.ts";

test(
  "@globus/sdk v6 (npm): bookmarks, pause rules, admin cancel and tunnels against the emulator",
  { skip: peerSkip },
  async () => {
    const { transfer } = await importGlobusSdk();
    const emu = await startEmulator();
    try {
      const token = (await emu.mintTokens(TRANSFER_SCOPE)).access_token;
      const sdk = sdkOptions(emu);
      const headers = { Authorization: `Bearer ${token}` };
      const { tutorial1: t1, tutorial2: t2 } = emu.collections;

      // bookmarks
      const bm = await json(
        await transfer.collectionBookmarks.create({
          payload: { name: "peer", endpoint_id: t1, path: "/~/" },
          headers,
        }, sdk),
      );
      assert.equal(bm.DATA_TYPE, "bookmark");
      const all = await json(
        await transfer.collectionBookmarks.getAll({ headers }, sdk),
      );
      assert.deepEqual(all.DATA.map((b: { id: string }) => b.id), [bm.id]);
      const upd = await json(
        await transfer.collectionBookmarks.update(bm.id, {
          payload: { name: "peer 2" },
          headers,
        }, sdk),
      );
      assert.equal(upd.name, "peer 2");
      assert.equal(
        (await json(
          await transfer.collectionBookmarks.remove(bm.id, { headers }, sdk),
        )).code,
        "Deleted",
      );

      // a pause rule pauses a task; its pause info says which
      const rule = await json(
        await transfer.endpointManager.pauseRule.create({
          payload: {
            DATA_TYPE: "pause_rule",
            endpoint_id: t2,
            message: "peer hold",
          },
          headers,
        }, sdk),
      );
      const { value: submission_id } = await json(
        await transfer.taskSubmission.submissionId({ headers }, sdk),
      );
      const submitted = await json(
        await transfer.taskSubmission.submitTransfer({
          payload: {
            DATA_TYPE: "transfer",
            submission_id,
            source_endpoint: t1,
            destination_endpoint: t2,
            DATA: [{
              DATA_TYPE: "transfer_item",
              source_path: "/share/godata/file1.txt",
              destination_path: "/~/peer.txt",
            }],
          },
          headers,
        }, sdk),
      );
      const info = await json(
        await transfer.task.getPauseInfo(submitted.task_id, { headers }, sdk),
      );
      assert.deepEqual(
        info.pause_rules.map((r: { id: string }) => r.id),
        [rule.id],
      );
      const rules = await json(
        await transfer.endpointManager.pauseRule.getAll({ headers }, sdk),
      );
      assert.ok(rules.DATA.some((r: { id: string }) => r.id === rule.id));
      const adminTask = await json(
        await transfer.endpointManager.task.get(submitted.task_id, {
          headers,
        }, sdk),
      );
      assert.equal(adminTask.status, "INACTIVE");
      assert.equal(adminTask.is_paused, true);

      // admin cancel
      const cancel = await json(
        await transfer.endpointManager.task.cancel({
          payload: {
            DATA_TYPE: "admin_cancel",
            task_id_list: [submitted.task_id],
            message: "peer cancel",
          },
          headers,
        }, sdk),
      );
      assert.equal(cancel.DATA_TYPE, "admin_cancel");
      const canceled = await json(
        await transfer.task.get(submitted.task_id, { headers }, sdk),
      );
      assert.equal(canceled.status, "FAILED");
      assert.equal(canceled.canceled_by_admin_message, "peer cancel");
      assert.equal(
        (await json(
          await transfer.endpointManager.pauseRule.remove(rule.id, {
            headers,
          }, sdk),
        )).code,
        "Deleted",
      );

      // tunnels and a stream access point
      const sap = await json(
        await transfer.streamAccessPoint.get(SAP.listener, { headers }, sdk),
      );
      assert.equal(sap.data.type, "StreamAccessPoint");
      const tunnel = await json(
        await transfer.tunnel.create({
          payload: {
            data: {
              type: "Tunnel",
              relationships: {
                initiator: {
                  data: { type: "StreamAccessPoint", id: SAP.initiator },
                },
                listener: {
                  data: { type: "StreamAccessPoint", id: SAP.listener },
                },
              },
              attributes: { submission_id: crypto.randomUUID(), label: "peer" },
            },
          },
          headers,
        }, sdk),
      );
      const id = tunnel.data.id;
      const listed = await json(await transfer.tunnel.getAll({ headers }, sdk));
      assert.deepEqual(listed.data.map((t: { id: string }) => t.id), [id]);
      const events = await json(
        await transfer.tunnel.getEventList(id, { headers }, sdk),
      );
      assert.equal(events.data[0].attributes.code, "STARTED");
    } finally {
      await emu.close();
    }
  },
);
