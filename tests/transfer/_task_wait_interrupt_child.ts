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
import { slowTask } from "./_slow_task.ts";

const controller = new AbortController();
if (process.argv[2] === "own-handler") {
  process.on("SIGINT", () => {
    process.stdout.write("OWN HANDLER\n");
    controller.abort();
  });
}
const { emu, tc, taskId } = await slowTask();
try {
  try {
    await tc.taskWait(taskId, {
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
