/**
 * An unknown task id: Globus answers 404 `ClientError.NotFound` with "No
 * task found with id '…'" (a recorded answer of the real service); the
 * emulator said `TaskNotFound`, so code that checked Globus's code passed
 * against the emulator only by accident of status.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { startEmulator } from "../../src/testing/emulator.ts";
import { api, transferToken } from "./_helpers.ts";

test("an unknown task id is 404 ClientError.NotFound 'No task found with id …', as Globus answers it (the emulator said TaskNotFound)", async () => {
  const emu = await startEmulator();
  try {
    const tok = await transferToken(emu);
    const id = "11111111-2222-4333-8444-555555555555";
    for (
      const path of [
        `task/${id}`,
        `task/${id}/event_list`,
        `task/${id}/pause_info`,
        `endpoint_manager/task/${id}`,
      ]
    ) {
      const r = await api(emu, tok, "GET", path);
      assert.equal(r.status, 404, path);
      assert.equal(r.body.code, "ClientError.NotFound", path);
      assert.equal(r.body.message, `No task found with id '${id}'`, path);
    }
  } finally {
    await emu.close();
  }
});
