/**
 * The real `@globus/sdk` (npm) against the emulator: endpoint search, a
 * listing and a transfer whose file arrives.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { startEmulator } from "../../src/testing/emulator.ts";
import {
  expectJson as json,
  importGlobusSdk,
  peerSkip,
  sdkOptions as emulatorOptions,
  transferTokenByLogin,
} from "./_peer_sdk.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test(
  "@globus/sdk v6 (npm) searches, lists and transfers against the emulator",
  { skip: peerSkip },
  async () => {
    const { transfer } = await importGlobusSdk();

    const emu = await startEmulator();
    try {
      // A Transfer token through the emulator's OAuth flow, with OUR client.
      const token = await transferTokenByLogin(emu);
      const sdkOptions = emulatorOptions(emu);
      const headers = { Authorization: `Bearer ${token}` };

      // endpointSearch
      const search = await json(
        await transfer.endpointSearch({
          query: { filter_scope: "my-endpoints" },
          headers,
        }, sdkOptions),
      );
      const names = search.DATA.map((e: { display_name: string }) =>
        e.display_name
      );
      assert.ok(
        names.includes("Globus Tutorial Collection 1"),
        `my-endpoints: ${names.join(", ")}`,
      );

      // ls
      const ls = await json(
        await transfer.fileOperations.ls(emu.collections.tutorial1, {
          query: { path: "/share/godata/" },
          headers,
        }, sdkOptions),
      );
      const files = ls.DATA.map((f: { name: string }) => f.name).sort();
      assert.deepEqual(files, ["file1.txt", "file2.txt", "file3.txt"]);

      // submission id + transfer
      const { value: submissionId } = await json(
        await transfer.taskSubmission.submissionId({ headers }, sdkOptions),
      );
      assert.equal(typeof submissionId, "string");
      const submitted = await json(
        await transfer.taskSubmission.submitTransfer({
          payload: {
            submission_id: submissionId,
            source_endpoint: emu.collections.tutorial1,
            destination_endpoint: emu.collections.tutorial2,
            label: "peer @globus/sdk e2e",
            DATA: [{
              DATA_TYPE: "transfer_item",
              source_path: "/share/godata/file1.txt",
              destination_path: "/~/peer-sdk/file1.txt",
            }],
          },
          headers,
        }, sdkOptions),
      );
      assert.equal(submitted.code, "Accepted");
      const taskId: string = submitted.task_id;
      assert.ok(taskId);

      // Poll until done (bounded: ~20 s).
      // deno-lint-ignore no-explicit-any
      let task: any;
      for (let i = 0; i < 100; i++) {
        task = await json(
          await transfer.task.get(taskId, { headers }, sdkOptions),
        );
        if (task.status === "SUCCEEDED" || task.status === "FAILED") break;
        await sleep(200);
      }
      assert.equal(task.status, "SUCCEEDED", JSON.stringify(task));

      // tutorial2's `/~/` is `<root>/<collection id>/home/demo/`.
      const src = await readFile(
        join(
          emu.root,
          emu.collections.tutorial1,
          "share",
          "godata",
          "file1.txt",
        ),
      );
      const dst = await readFile(
        join(
          emu.root,
          emu.collections.tutorial2,
          "home",
          "demo",
          "peer-sdk",
          "file1.txt",
        ),
      );
      assert.ok(src.length > 0);
      assert.deepEqual(dst, src);
    } finally {
      await emu.close();
    }
  },
);
