/**
 * Shared by the emulator's deadline tests: an emulator with a
 * TransferClient on it, and polling a task until a condition holds, with
 * generous bounds (1200 polls, 50 ms apart; no duration is asserted).
 *
 * @module
 */
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { startEmulator } from "../../src/testing/emulator.ts";
import type { EmulatorOptions } from "../../src/testing/emulator_types.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import type { Task } from "../../src/transfer/task.ts";

/** An hour, in ms. */
export const HOUR = 3_600_000;

/** Starts an emulator and a TransferClient with a Transfer token on it. */
export async function emulator(options: EmulatorOptions = {}) {
  const emu = await startEmulator(options);
  const tokens = await emu.mintTokens(TransferClient.scopes.all);
  const tc = new TransferClient({
    authorizer: new AccessTokenAuthorizer(tokens.access_token),
    baseUrl: emu.transferUrl,
  });
  return { emu, tc };
}

/** Polls a task until `ok(task)`, with generous bounds. */
export async function until(
  tc: TransferClient,
  id: string,
  ok: (t: Task) => boolean,
): Promise<Task> {
  let t: Task | undefined;
  for (let i = 0; i < 1200; i++) {
    t = await tc.getTask(id);
    if (ok(t)) return t;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`condition never met: ${JSON.stringify(t)}`);
}
