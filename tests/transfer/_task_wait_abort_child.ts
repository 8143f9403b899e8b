/**
 * A user's program for the out-of-process taskWait test: a wait given
 * `signal: AbortSignal.timeout(…)` that is not caught, so the runtime
 * prints the error; the progress line is drawn first.
 */
import { slowTask } from "./_slow_task.ts";

const { emu, tc, taskId } = await slowTask();
try {
  let polls = 0;
  const stop = new AbortController();
  await tc.taskWait(taskId, {
    pollingIntervalS: 1,
    signal: stop.signal,
    // Aborted after the first poll has drawn the line.
    onPoll: () => {
      if (++polls === 2) {
        stop.abort(new DOMException("Signal timed out.", "TimeoutError"));
      }
    },
  });
} finally {
  await emu.close();
}
