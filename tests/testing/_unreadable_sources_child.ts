/**
 * Child of unreadable_sources_test.ts: runs transfers of sources this
 * process may not read (mode 000) through the emulator, and prints what a
 * user sees as JSON. Run as a user without CAP_DAC_OVERRIDE (root reads
 * anything), so the test starts it through setpriv when it runs as root.
 *
 * Usage: _unreadable_sources_child.ts <root folder>
 */
import { chmod, readdir } from "node:fs/promises";
import { join } from "node:path";
import process from "node:process";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { startEmulator } from "../../src/testing/emulator.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { TransferData } from "../../src/transfer/transfer_data.ts";

const SRC = "5a1e0000-0000-4000-8000-00000000000c";
const DST = "5a1e0000-0000-4000-8000-00000000000d";
const root = process.argv[2]!;
const emu = await startEmulator({
  root,
  collections: [
    {
      id: SRC,
      displayName: "src",
      files: {
        "/data/a.txt": "a",
        "/data/locked/inner.txt": "i",
        "/data/z.txt": "z",
        "/other/locked.txt": "secret",
      },
    },
    { id: DST, displayName: "dst", files: { "/keep.txt": "k" } },
  ],
});
try {
  await chmod(join(root, SRC, "data", "locked"), 0o000);
  await chmod(join(root, SRC, "other", "locked.txt"), 0o000);
  const tokens = await emu.mintTokens(TransferClient.scopes.all);
  const tc = new TransferClient({
    authorizer: new AccessTokenAuthorizer(tokens.access_token),
    baseUrl: emu.transferUrl,
  });
  const run = async (skipSourceErrors: boolean, out: string) => {
    const doc = new TransferData({
      sourceEndpoint: SRC,
      destinationEndpoint: DST,
      skipSourceErrors,
    })
      .addItem("/other/locked.txt", `/${out}/locked.txt`)
      .addItem("/data/", `/${out}/data/`, { recursive: true });
    const { task_id } = await tc.submitTransfer(doc);
    await tc.taskWait(task_id, {
      timeoutS: 60,
      pollingIntervalS: 1,
      progress: false,
    });
    const task = await tc.getTask(task_id);
    const skipped = (await tc.taskSkippedErrors(task_id).toArray()).map(
      (e) => ({
        source_path: e.source_path,
        error_code: e.error_code,
        is_directory: e.is_directory,
      }),
    );
    const written = await readdir(join(root, DST, out), { recursive: true })
      .catch(() => []);
    return {
      status: task.status,
      fatal: task.fatal_error?.code ?? null,
      files_transferred: task.files_transferred,
      subtasks_skipped_errors: task.subtasks_skipped_errors,
      skipped,
      written: written.map(String).sort(),
    };
  };
  const result = {
    skipping: await run(true, "skip"),
    failing: await run(false, "fail"),
  };
  console.log(JSON.stringify(result));
} finally {
  await chmod(join(root, SRC, "data", "locked"), 0o755).catch(() => {});
  await chmod(join(root, SRC, "other", "locked.txt"), 0o644).catch(() => {});
  await emu.close();
}
