/**
 * For the out-of-process taskWait programs: their own emulator, a client,
 * and a submitted transfer that stays ACTIVE (it would take 10 minutes).
 */
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { TransferScopes } from "../../src/auth/scopes.ts";
import { type Emulator, startEmulator } from "../../src/testing/emulator.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { TransferData } from "../../src/transfer/transfer_data.ts";

/** What {@linkcode slowTask} made; close `emu` when done. */
export interface SlowTask {
  emu: Emulator;
  tc: TransferClient;
  taskId: string;
}

/** Starts an emulator and submits a transfer that does not finish. */
export async function slowTask(): Promise<SlowTask> {
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
    return { emu, tc, taskId: task_id };
  } catch (e) {
    await emu.close();
    throw e;
  }
}
