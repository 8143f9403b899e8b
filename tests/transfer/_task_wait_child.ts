/**
 * A user's program for the out-of-process taskWait test: the README's
 * `taskWait(id, { onPoll: (t) => console.log(t.status) })` with the
 * default progress, against its own emulator (a slow task). After the
 * third poll it cancels the task, so the wait ends.
 */
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { TransferScopes } from "../../src/auth/scopes.ts";
import { startEmulator } from "../../src/testing/emulator.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { TransferData } from "../../src/transfer/transfer_data.ts";

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
  let polls = 0;
  await tc.taskWait(task_id, {
    timeoutS: 600,
    pollingIntervalS: 1,
    onPoll: async (t) => {
      console.log(t.status);
      if (++polls === 3) await tc.cancelTask(task_id);
    },
  });
  console.log("WAITED");
} finally {
  await emu.close();
}
