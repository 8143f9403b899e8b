/**
 * A user's program for the out-of-process taskWait test: the README's
 * `taskWait(id, { onPoll: (t) => console.log(t.status) })` with the
 * default progress, against its own emulator (a slow task). After the
 * third poll it cancels the task, so the wait ends.
 */
import { slowTask } from "./_slow_task.ts";

const { emu, tc, taskId } = await slowTask();
try {
  let polls = 0;
  await tc.taskWait(taskId, {
    timeoutS: 600,
    pollingIntervalS: 1,
    onPoll: async (t) => {
      console.log(t.status);
      if (++polls === 3) await tc.cancelTask(taskId);
    },
  });
  console.log("WAITED");
} finally {
  await emu.close();
}
