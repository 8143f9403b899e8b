/**
 * A user's program for the out-of-process taskWait test: three waits at
 * once (`Promise.all`) with the default progress, against its own
 * emulator (slow tasks). Once each was polled twice, the second task is
 * cancelled; when its wait ends, the first; then the third. The third
 * wait's `onPoll` prints its status.
 */
import { TransferData } from "../../src/transfer/transfer_data.ts";
import { slowTask } from "./_slow_task.ts";

const { emu, tc, taskId: first } = await slowTask();
try {
  const submit = async () => {
    const tdata = new TransferData({
      sourceEndpoint: emu.collections.tutorial1,
      destinationEndpoint: emu.collections.tutorial2,
    });
    tdata.addItem("/share/godata/", "/~/godata/", { recursive: true });
    return (await tc.submitTransfer(tdata)).task_id;
  };
  const ids = [first, await submit(), await submit()];
  const polls = new Map<string, number>();
  let allPolled!: () => void;
  const polledTwice = new Promise<void>((resolve) => allPolled = resolve);
  const waits = ids.map((id, i) =>
    tc.taskWait(id, {
      timeoutS: 600,
      pollingIntervalS: 1,
      onPoll: (t) => {
        if (i === 2) console.log(`POLL ${t.status}`);
        polls.set(id, (polls.get(id) ?? 0) + 1);
        if (ids.every((x) => (polls.get(x) ?? 0) >= 2)) allPolled();
      },
    })
  );
  await polledTwice;
  await tc.cancelTask(ids[1]!);
  await waits[1];
  await tc.cancelTask(ids[0]!);
  await waits[0];
  await tc.cancelTask(ids[2]!);
  await Promise.all(waits);
  console.log(`ORDER ${ids[1]} ${ids[0]} ${ids[2]}`);
  console.log("WAITED");
} finally {
  await emu.close();
}
