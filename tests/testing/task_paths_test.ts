/**
 * The per-file listings of a transfer task name paths as they were
 * submitted: `taskSuccessfulTransfers` said `/home/demo/k/file1.txt` (or
 * `/home/<client id>/…` for a ClientApp) for `/~/k/`, while
 * `taskSkippedErrors` kept `/~/k/missing.txt`, as Globus does; a script
 * matching results to the paths it sent worked for one list only. A file
 * of a recursive item is the item's path joined with its path below it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ClientApp } from "../../src/app/client_app.ts";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { startEmulator } from "../../src/testing/emulator.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { TransferData } from "../../src/transfer/transfer_data.ts";

const SRC = "5a1e0000-0000-4000-8000-0000000000c1";

/** Submits, waits, and lists both per-file listings as [source, destination]. */
async function runAndList(tc: TransferClient, doc: TransferData) {
  const { task_id } = await tc.submitTransfer(doc);
  assert.ok(
    await tc.taskWait(task_id, {
      timeoutS: 60,
      pollingIntervalS: 1,
      progress: false,
    }),
  );
  assert.equal((await tc.getTask(task_id)).status, "SUCCEEDED");
  const pairs = (
    list: { source_path?: string | null; destination_path?: string | null }[],
  ) => list.map((x) => [x.source_path, x.destination_path]);
  return {
    successful: pairs(await tc.taskSuccessfulTransfers(task_id).toArray()),
    skipped: pairs(await tc.taskSkippedErrors(task_id).toArray()),
  };
}

test("taskSuccessfulTransfers and taskSkippedErrors both give the paths as submitted (/~/ kept; a recursive item's files joined to its path)", async () => {
  const root = await mkdtemp(join(tmpdir(), "emulator-task-paths-"));
  const emu = await startEmulator({
    root,
    collections: [{
      id: SRC,
      displayName: "paths",
      files: { "/~/data/a.txt": "a", "/~/data/sub/b.txt": "b" },
    }],
  });
  try {
    // A link to nothing, met inside the recursive item: a skipped error.
    await symlink(
      "no-such-target",
      join(root, SRC, "home", "demo", "data", "sub", "dangling"),
    );
    const tokens = await emu.mintTokens(TransferClient.scopes.all);
    const tc = new TransferClient({
      authorizer: new AccessTokenAuthorizer(tokens.access_token),
      baseUrl: emu.transferUrl,
    });
    const doc = new TransferData({
      sourceEndpoint: SRC,
      destinationEndpoint: emu.collections.tutorial2,
      skipSourceErrors: true,
      recursiveSymlinks: "copy",
    })
      .addItem("/~/data/", "/~/k/", { recursive: true })
      .addItem("~/data/a.txt", "~/single/a.txt")
      .addItem("/~/missing.txt", "/~/k/missing.txt");
    const { successful, skipped } = await runAndList(tc, doc);
    assert.deepEqual(successful, [
      ["/~/data/a.txt", "/~/k/a.txt"],
      ["/~/data/sub/b.txt", "/~/k/sub/b.txt"],
      ["~/data/a.txt", "~/single/a.txt"],
    ]);
    assert.deepEqual(skipped.sort(), [
      ["/~/data/sub/dangling", "/~/k/sub/dangling"],
      ["/~/missing.txt", "/~/k/missing.txt"],
    ]);
  } finally {
    await emu.close();
    await rm(root, { recursive: true, force: true });
  }
});

test("under a ClientApp, taskSuccessfulTransfers gives /~/…, not /home/<client id>/…, as taskSkippedErrors does", async () => {
  const emu = await startEmulator();
  try {
    const app = new ClientApp({
      appName: "task-paths",
      clientId: emu.confidentialClient.clientId,
      clientSecret: emu.confidentialClient.clientSecret,
      config: { tokenStorage: "memory", authBaseUrl: emu.authUrl },
    });
    try {
      const tc = new TransferClient({ app, baseUrl: emu.transferUrl });
      const { tutorial1, tutorial2 } = emu.collections;
      const doc = new TransferData({
        sourceEndpoint: tutorial1,
        destinationEndpoint: tutorial2,
        skipSourceErrors: true,
      })
        .addItem("/share/godata/", "/~/k/", { recursive: true })
        .addItem("/share/godata/missing.txt", "/~/k/missing.txt");
      const { successful, skipped } = await runAndList(tc, doc);
      assert.deepEqual(successful, [
        ["/share/godata/file1.txt", "/~/k/file1.txt"],
        ["/share/godata/file2.txt", "/~/k/file2.txt"],
        ["/share/godata/file3.txt", "/~/k/file3.txt"],
      ]);
      assert.deepEqual(skipped, [
        ["/share/godata/missing.txt", "/~/k/missing.txt"],
      ]);
    } finally {
      await app.close();
    }
  } finally {
    await emu.close();
  }
});
