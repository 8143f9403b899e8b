/**
 * Options given as a value that may be `undefined` (an environment
 * variable, a command-line argument), in a program compiled with
 * `exactOptionalPropertyTypes` (this project's setting, and a new
 * `tsc --init`'s since TypeScript 5.9): they type-check, and at run time an
 * `undefined` option is an option left out. Before, such a program failed
 * to compile ("Argument of type '{ path: string | undefined; }' is not
 * assignable … with 'exactOptionalPropertyTypes: true'"), so this file's
 * type check is the first half of the test.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import process from "node:process";
import { TransferData } from "../../src/transfer/transfer_data.ts";
import { UserApp } from "../../src/app/user_app.ts";
import { EP1 } from "./_sample.ts";
import { withTransfer } from "../_helpers/transfer_emulator.ts";

/** A value a program may not have: an unset variable reads `undefined`. */
function maybe(name: string): string | undefined {
  return process.env[`GLOBUS_DENO_TEST_UNSET_${name}`];
}

test("options whose values may be undefined type-check under exactOptionalPropertyTypes, and undefined means left out", async () => {
  await withTransfer(async (tc, emu) => {
    const path = maybe("PATH");
    const ls = await tc.operationLs(emu.collections.tutorial1, {
      path,
      showHidden: undefined,
      filter: maybe("FILTER"),
    });
    // No path: the collection's default directory, as when it is left out.
    assert.equal(ls.path, "/~/");
    const tdata = new TransferData({
      sourceEndpoint: emu.collections.tutorial1,
      destinationEndpoint: emu.collections.tutorial2,
      label: maybe("LABEL"),
      syncLevel: undefined,
      deadline: undefined,
    });
    tdata.addItem("/share/godata/file1.txt", "/~/file1.txt", {
      recursive: undefined,
    });
    assert.equal("label" in tdata.toJSON(), false);
    const task = await tc.submitTransfer(tdata);
    assert.equal(
      await tc.taskWait(task.task_id, {
        timeoutS: 30,
        pollingIntervalS: 1,
        onPoll: undefined,
      }),
      true,
    );
    const page = await tc.taskList({ limit: undefined, filter: undefined })
      .toArray();
    assert.equal(page.length, 1);
  }, { appScopes: undefined, timeoutMs: undefined });
  // The app's options too (nothing is fetched here).
  const app = new UserApp({
    appName: "undefined-options",
    clientId: EP1,
    config: {
      tokenStorage: "memory",
      environment: maybe("ENVIRONMENT"),
      requestRefreshTokens: undefined,
    },
  });
  assert.equal(app.environment, "production");
  await app.close();
});
