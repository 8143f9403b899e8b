/**
 * A user's program for the out-of-process Ctrl-C test: `taskWait` with the
 * default progress on a task that does not finish, against its own
 * emulator. With `own-handler`, the program listens for SIGINT itself, as
 * a program that stops gracefully does: its handler prints `OWN HANDLER`
 * and aborts the wait, and the program prints `STOPPED` and ends.
 *
 * Usage: _task_wait_interrupt_child.{ts,js} [own-handler]
 */
import process from "node:process";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { TransferScopes } from "../../src/auth/scopes.ts";
import { startEmulator } from "../../src/testing/emulator.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { TransferData } from "../../src/transfer/transfer_data.ts";

const controller = new AbortController();
if (process.argv[2] === "own-handler") {
  process.on("SIGINT", () => {
    process.stdout.write("OWN HANDLER\n");
    controller.abort();
  });
}
const emu = await startEmulator({ taskDelayMs: 600_000 });
try {
  const tokens = await emu.mintTokens(TransferScopes.all);
  const tc = new TransferClient({
    authorizer: new AccessTokenAuthorizer(tokens.access_token),
    baseUrl: emu.transferUrl,
  });
  const tdata = new TransferData({
    sourceEndpoint: emu.collections.tutorial1,
    destinationEndpoint: emu.collections.tutorial2,
  });
  tdata.addItem("/share/godata/", "/~/godata/", { recursive: true });
  const { task_id } = await tc.submitTransfer(tdata);
  try {
    await tc.taskWait(task_id, {
      timeoutS: 600,
      pollingIntervalS: 1,
      signal: controller.signal,
    });
  } catch (e) {
    if (!controller.signal.aborted) throw e;
    process.stdout.write("STOPPED\n");
  }
} finally {
  await emu.close();
}
