/**
 * Shared by the emulator's deadline tests: polls a task through the SDK's
 * TransferClient until a condition holds, with generous bounds (1200 polls,
 * 50 ms apart; no duration is asserted).
 *
 * @module
 */
import type { TransferClient } from "../../src/transfer/transfer_client.ts";
import type { Task } from "../../src/transfer/task.ts";

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
