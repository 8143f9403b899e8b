/**
 * TransferClient's taskWait against a fake fetch and clock: polling,
 * timeouts, aborts, progress display.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fakeFetch, json } from "../../_helpers/fake_fetch.ts";
import { fakeClock } from "../../_helpers/fake_clock.ts";
import { TransferClient } from "../../../src/transfer/transfer_client.ts";
import type {
  DisplaySink,
  ShowOptions,
} from "../../../src/notebook/display.ts";
import { task, TASK_ID } from "../_sample.ts";
import { setup } from "./_setup.ts";
import { createProgress } from "../../../src/notebook/progress.ts";
import { NetworkError, TransferAPIError } from "../../../src/core/errors.ts";

function recordingSink(rich = true) {
  const shows: {
    bundle: Record<string, unknown>;
    options: ShowOptions | undefined;
  }[] = [];
  const sink: DisplaySink = {
    rich,
    show(bundle, options) {
      shows.push({ bundle, options });
      return Promise.resolve();
    },
  };
  return { sink, shows };
}

for (const final of ["SUCCEEDED", "FAILED", "INACTIVE"]) {
  test(`taskWait resolves true once the status is ${final}`, async () => {
    const { tc, ff, clock } = setup([
      json(task("ACTIVE")),
      json(task("ACTIVE")),
      json(task(final)),
    ]);
    const done = await tc.taskWait(TASK_ID, {
      timeoutS: 60,
      pollingIntervalS: 5,
      progress: false,
    });
    assert.equal(done, true);
    assert.equal(ff.requests.length, 3);
    assert.deepEqual(clock.sleeps.filter((ms) => ms === 5000), [5000, 5000]);
  });
}

test("taskWait resolves false when time runs out, polling as the Python SDK does", async () => {
  const { tc, ff, clock } = setup([], () => json(task("ACTIVE")));
  const start = clock.now();
  assert.equal(
    await tc.taskWait(TASK_ID, {
      timeoutS: 10,
      pollingIntervalS: 3,
      progress: false,
    }),
    false,
  );
  // polls at 0, 3, 6, 9 s; the next would be past the timeout
  assert.equal(ff.requests.length, 4);
  assert.equal(clock.now() - start, 9000);
  const d = setup([], () => json(task("ACTIVE")));
  assert.equal(await d.tc.taskWait(TASK_ID, { progress: false }), false);
  assert.equal(d.ff.requests.length, 2); // defaults: timeout 10, interval 10
});

test("taskWait caps the polling interval at the timeout", async () => {
  const { tc, clock } = setup([], () => json(task("ACTIVE")));
  await tc.taskWait(TASK_ID, {
    timeoutS: 2,
    pollingIntervalS: 20,
    progress: false,
  });
  assert.deepEqual(clock.sleeps, [2000]);
});

test("taskWait rejects timeoutS or pollingIntervalS below 1 with the value", async () => {
  const { tc, ff } = setup([]);
  await assert.rejects(
    () => tc.taskWait(TASK_ID, { timeoutS: 0 }),
    (e: unknown) =>
      e instanceof RangeError && /timeoutS/.test(e.message) &&
      /current value is 0/.test(e.message),
  );
  await assert.rejects(
    () => tc.taskWait(TASK_ID, { pollingIntervalS: 0.5 }),
    (e: unknown) =>
      e instanceof RangeError && /pollingIntervalS/.test(e.message) &&
      /0\.5/.test(e.message),
  );
  await assert.rejects(
    () => tc.taskWait(TASK_ID, { timeoutS: Number.NaN }),
    RangeError,
  );
  assert.equal(ff.requests.length, 0);
});

test("taskWait options of the wrong type are refused before any request, naming the option and what it takes (progress: \"yes\" failed on the first poll with 'sink.show is not a function')", async () => {
  const { tc, ff } = setup([json(task("SUCCEEDED"))]);
  // deno-lint-ignore no-explicit-any
  const wait = (options: any) => tc.taskWait(TASK_ID, options);
  await assert.rejects(() => wait({ progress: "yes" }), {
    name: "TypeError",
    message:
      `Cannot wait for the task as 'progress' must be true (the default: live progress), false (none) or a display sink (an object with show()): current value is "yes"`,
  });
  await assert.rejects(() => wait({ progress: null }), {
    name: "TypeError",
    message: /'progress' must be true .*: current value is null$/,
  });
  await assert.rejects(() => wait({ timeoutS: "60" }), {
    name: "TypeError",
    message:
      `Cannot wait for the task as 'timeoutS' must be a number of seconds, at least 1 (or left out): current value is "60"`,
  });
  await assert.rejects(() => wait({ pollingIntervalS: "5" }), {
    name: "TypeError",
    message: /'pollingIntervalS' must be a number of seconds/,
  });
  await assert.rejects(() => wait({ onPoll: "print" }), {
    name: "TypeError",
    message:
      `Cannot wait for the task as 'onPoll' must be a function (task) => void (or left out): current value is "print"`,
  });
  assert.equal(ff.requests.length, 0);
  // Left out (or undefined), each option has its default.
  assert.equal(
    await wait({
      progress: false,
      onPoll: undefined,
      timeoutS: undefined,
      pollingIntervalS: undefined,
    }),
    true,
  );
});

test("taskWait stops when its signal aborts during a sleep", async () => {
  const ff = fakeFetch([], () => json(task("ACTIVE")));
  const clock = fakeClock({ autoLimitMs: 0 });
  const tc = new TransferClient({
    fetch: ff.fetch,
    clock,
    retry: false,
    baseUrl: "https://transfer.api.globus.org/",
  });
  const ac = new AbortController();
  const p = tc.taskWait(TASK_ID, {
    timeoutS: 600,
    pollingIntervalS: 60,
    signal: ac.signal,
    progress: false,
  });
  for (let i = 0; i < 50 && ff.requests.length === 0; i++) {
    await new Promise((r) => setTimeout(r, 0));
  }
  assert.equal(ff.requests.length, 1);
  ac.abort(new Error("stop waiting"));
  await assert.rejects(p, /stop waiting/);
  assert.equal(ff.requests.length, 1);
  // Aborted without a reason (a SIGTERM handler's abort()): which task, and
  // that it keeps running, as an interrupt says.
  const plain = new AbortController();
  const q = tc.taskWait(TASK_ID, {
    timeoutS: 600,
    pollingIntervalS: 60,
    signal: plain.signal,
    progress: false,
  });
  for (let i = 0; i < 50 && ff.requests.length === 1; i++) {
    await new Promise((r) => setTimeout(r, 0));
  }
  plain.abort();
  await assert.rejects(q, {
    name: "AbortError",
    message:
      `Aborted: stopped waiting for task "${TASK_ID}". The task keeps running on Globus; wait again with tc.taskWait("${TASK_ID}"), or cancel it with tc.cancelTask("${TASK_ID}")`,
  });
});

test("a wait stopped by AbortSignal.timeout() rejects with a TimeoutError naming the task and that it keeps running (it was the bare 'signal timed out')", async () => {
  const { tc } = setup([], () => json(task("ACTIVE")));
  const { sink, shows } = recordingSink();
  const own = new AbortController();
  const err = await tc.taskWait(TASK_ID, {
    timeoutS: 600,
    pollingIntervalS: 60,
    signal: own.signal,
    onPoll: () =>
      queueMicrotask(() =>
        own.abort(new DOMException("Signal timed out.", "TimeoutError"))
      ),
    progress: sink,
  }).then(() => assert.fail("not stopped"), (e: unknown) => e);
  assert.ok(err instanceof DOMException, String(err));
  assert.equal(err.name, "TimeoutError");
  const text =
    `Timed out (the signal's timeout): stopped waiting for task "${TASK_ID}". The task keeps running on Globus; wait again with tc.taskWait("${TASK_ID}"), or cancel it with tc.cancelTask("${TASK_ID}")`;
  assert.equal(err.message, text);
  // The display keeps the first sentence; the error, printed under it,
  // says the rest.
  assert.ok(
    String(shows.at(-1)!.bundle["text/plain"]).endsWith(
      `\nTimed out (the signal's timeout): stopped waiting for task "${TASK_ID}".`,
    ),
    String(shows.at(-1)!.bundle["text/plain"]),
  );
});

test("a wait stopped by an abort or an interrupt says so in its display (it stayed at 'ACTIVE 0%', as if still waiting)", async () => {
  const { tc } = setup([], () => json(task("ACTIVE")));
  const { sink, shows } = recordingSink();
  const plain = new AbortController();
  const q = tc.taskWait(TASK_ID, {
    timeoutS: 600,
    pollingIntervalS: 60,
    signal: plain.signal,
    // Aborted once the display is up (the first poll answered).
    onPoll: () => queueMicrotask(() => plain.abort()),
    progress: sink,
  });
  await assert.rejects(q, { name: "AbortError" });
  // A reason of the caller's own (abort(new Error(…)))
  // is what the caller gets back, and the display says so all the same.
  const own = new AbortController();
  const mine = recordingSink();
  await assert.rejects(
    tc.taskWait(TASK_ID, {
      timeoutS: 600,
      pollingIntervalS: 60,
      signal: own.signal,
      onPoll: () =>
        queueMicrotask(() => own.abort(new Error("user cancelled"))),
      progress: mine.sink,
    }),
    /^Error: user cancelled$/,
  );
  assert.match(
    String(mine.shows.at(-1)!.bundle["text/plain"]),
    /\nAborted: stopped waiting for task /,
  );
  // The AbortError says it all, right under the display: the display keeps
  // the first sentence (the paragraph stood twice).
  const last = String(shows.at(-1)!.bundle["text/plain"]);
  assert.match(last, /^Task \S+ ACTIVE/);
  assert.ok(
    last.endsWith(`\nAborted: stopped waiting for task "${TASK_ID}".`),
    last,
  );
});

test("taskWait calls onPoll with each task", async () => {
  const { tc } = setup([json(task("ACTIVE")), json(task("SUCCEEDED"))]);
  const seen: string[] = [];
  await tc.taskWait(TASK_ID, {
    timeoutS: 30,
    pollingIntervalS: 1,
    onPoll: (t) => void seen.push(t.status),
    progress: false,
  });
  assert.deepEqual(seen, ["ACTIVE", "SUCCEEDED"]);
});

test("taskWait updates one progress display in place", async () => {
  const { tc } = setup([
    json(task("ACTIVE", { files_transferred: 0, subtasks_pending: 4 })),
    json(task("ACTIVE", { files_transferred: 1, subtasks_pending: 2 })),
    json(task("SUCCEEDED")),
  ]);
  const { sink, shows } = recordingSink();
  assert.equal(
    await tc.taskWait(TASK_ID, {
      timeoutS: 30,
      pollingIntervalS: 1,
      progress: sink,
    }),
    true,
  );
  assert.equal(shows.length, 3);
  const id = shows[0]!.options?.id;
  assert.ok(id);
  assert.deepEqual(shows.map((s) => s.options?.id), [id, id, id]);
  assert.deepEqual(shows.map((s) => s.options?.update ?? false), [
    false,
    true,
    true,
  ]);
  assert.match(String(shows[2]!.bundle["text/plain"]), /SUCCEEDED/);
  assert.match(String(shows[2]!.bundle["text/plain"]), /100%/);
  assert.match(String(shows[0]!.bundle["text/html"]), /<progress/);
});

test("taskWait uses the client's display sink in automatic mode", async () => {
  const ff = fakeFetch([json(task("SUCCEEDED"))]);
  const { sink, shows } = recordingSink(true);
  const tc = new TransferClient({
    fetch: ff.fetch,
    clock: fakeClock(),
    baseUrl: "https://transfer.api.globus.org/",
    display: sink,
  });
  await tc.taskWait(TASK_ID);
  assert.equal(shows.length, 1);
});

test("taskWait losing the network says the task keeps running and how to wait again", async () => {
  const { tc } = setup([
    json(task("ACTIVE")),
    new TypeError("error sending request: connection refused"),
  ]);
  await assert.rejects(
    tc.taskWait(TASK_ID, {
      timeoutS: 60,
      pollingIntervalS: 1,
      progress: false,
    }),
    (e: unknown) => {
      assert.ok(e instanceof NetworkError, String(e));
      assert.ok(
        e.message.endsWith(
          `. Only the waiting stopped: the task keeps running on Globus; wait again with tc.taskWait("${TASK_ID}") once Globus can be reached`,
        ),
        e.message,
      );
      assert.ok(String(e.stack).includes("the task keeps running on Globus"));
      return true;
    },
  );
});

test("taskWait passes an API error on unchanged", async () => {
  const { tc } = setup([
    json({ code: "TaskNotFound", message: "Task not found" }, 404),
  ]);
  await assert.rejects(
    tc.taskWait(TASK_ID, { timeoutS: 60, progress: false }),
    (e: unknown) =>
      e instanceof TransferAPIError && !/keeps running/.test(e.message),
  );
});

test("an undefined task id (a submit not awaited) says so, before any request", async () => {
  const { tc, ff } = setup([]);
  // r is a Promise: r.task_id is undefined.
  const r = Promise.resolve({ task_id: TASK_ID }) as unknown as {
    task_id: string;
  };
  await assert.rejects(
    tc.taskWait(r.task_id, { progress: false }),
    (err: unknown) => {
      assert.ok(err instanceof TypeError);
      assert.match(
        err.message,
        /^Cannot call TransferClient\.taskWait\(\) as 'taskId' must be a non-empty id/,
      );
      assert.match(err.message, /not awaited: \(await tc\.submitTransfer/);
      return true;
    },
  );
  await assert.rejects(tc.getTask(""), (err: unknown) => {
    assert.ok(err instanceof TypeError);
    assert.match(err.message, /^Cannot call TransferClient\.getTask\(\) as/);
    assert.doesNotMatch(err.message, /awaited/, "only undefined gets the hint");
    return true;
  });
  // The promise itself passed as the id (`tc.getTask(r)`) is named as one,
  // with the await to write; it read "current value is {}".
  await assert.rejects(
    tc.getTask(r as never),
    {
      name: "TypeError",
      message:
        "Cannot call TransferClient.getTask() as 'taskId' must be a non-empty id: current value is a Promise (a call not awaited). Write await before the call, and pass the id from its result: (await tc.submitTransfer(tdata)).task_id",
    },
  );
  // A method that hands its id to a helper object names itself too.
  await assert.rejects(
    tc.getTunnel(""),
    /^TypeError: Cannot call TransferClient\.getTunnel\(\) as 'tunnelId'/,
  );
  await assert.rejects(
    tc.cancelTask(".."),
    /^RangeError: Cannot call TransferClient\.cancelTask\(\) as 'taskId' must be an id, not a path step/,
  );
  assert.equal(ff.requests.length, 0);
});

test("taskWait's timeoutS bounds a poll Globus never answers: false about 10 s past the wait, not the request's own timeout and retries", async () => {
  const clock = fakeClock();
  let polls = 0;
  const tc = new TransferClient({
    fetch: (_input, init) => {
      polls++;
      if (polls === 1) return Promise.resolve(json(task("ACTIVE")));
      // Accepts, never answers (a hung server): ends only when aborted.
      return new Promise((_resolve, reject) => {
        init?.signal?.addEventListener(
          "abort",
          () => reject(init.signal!.reason),
        );
      });
    },
    clock,
    baseUrl: "https://transfer.api.globus.org/",
  });
  // The SDK's timers do not keep Node alive, and this fetch holds no
  // socket (a real hung connection would).
  const alive = setInterval(() => {}, 1000);
  const { sink, shows } = recordingSink();
  const result = await tc.taskWait(TASK_ID, {
    timeoutS: 10,
    pollingIntervalS: 10,
    progress: sink,
    // The wait's time passes during the first poll, so the second poll
    // has (next to) none left: it is cut off, not waited on.
    onPoll: () => clock.advance(29_995),
  }).finally(() => clearInterval(alive));
  assert.equal(result, false);
  assert.equal(polls, 2);
  // It says the status request got no answer (it ended as a plain
  // timeout, as if the task were known to be still running).
  assert.match(
    String(shows.at(-1)!.bundle["text/plain"]),
    new RegExp(
      `\\nStopped waiting after \\d+ s \\(timeoutS 10\\): Globus did not answer the last status request, so the task's state is not known; wait again with tc\\.taskWait\\("${TASK_ID}"\\)$`,
    ),
  );
});

test("a wait whose status requests were never answered still shows its note (it showed nothing)", async () => {
  const { sink, shows } = recordingSink();
  await createProgress(sink).finish("Stopped waiting: no answer");
  assert.equal(shows.length, 1);
  assert.equal(shows[0]!.bundle["text/plain"], "Stopped waiting: no answer");
  const lines: string[] = [];
  const terminal = createProgress(true, {
    display: { rich: false, show: () => Promise.resolve() },
    terminal: true,
    write: (t) => lines.push(t),
  });
  await terminal.finish("Stopped waiting: no answer");
  assert.equal(lines.join(""), "Stopped waiting: no answer\n");
});

test("a taskWait that times out on a task stuck on an error (ACTIVE, is_ok false) names the problem and says to check and cancel, not to wait again", async () => {
  const deadline = "2026-12-06T02:00:00+00:00";
  const cases: [Record<string, unknown>, string][] = [
    // The emulator's missing source (Globus retries it until the deadline).
    [
      {
        nice_status: "FILE_NOT_FOUND",
        nice_status_short_description: "file not found",
        nice_status_details:
          "Error: '/share/godata/nope.txt' not found\n550-GlobusError: v=1 c=PATH_NOT_FOUND",
      },
      `the source is missing (FILE_NOT_FOUND, /share/godata/nope.txt); Globus retries the task until its deadline (${deadline}). Check the source path, and end the task with tc.cancelTask("${TASK_ID}")`,
    ],
    // Globus's details ("File: /foo/", as the recorded event list).
    [
      {
        nice_status: "PERMISSION_DENIED",
        nice_status_details:
          "Error (make directories)\nEndpoint: Globus Tutorial Endpoint 1 (aa752cea-8222-5bc8-acd9-555b090c0ccb)\nFile: /foo/\nCommand: MKD /foo",
      },
      `permission is denied on a path (PERMISSION_DENIED, /foo/); Globus retries the task until its deadline (${deadline}). Check the path and your access to it on the collection, and end the task with tc.cancelTask("${TASK_ID}")`,
    ],
    // Any other error: its description, and where to read more.
    [
      {
        nice_status: "ENDPOINT_ERROR",
        nice_status_short_description: "endpoint error",
      },
      `the task meets an error (ENDPOINT_ERROR: endpoint error); Globus retries the task until its deadline (${deadline}). Its events say more: tc.taskEventList("${TASK_ID}").toArray(), and end the task with tc.cancelTask("${TASK_ID}")`,
    ],
  ];
  for (const [extra, stuck] of cases) {
    const { tc } = setup(
      [],
      () => json(task("ACTIVE", { ...extra, is_ok: false, deadline })),
    );
    const { sink, shows } = recordingSink();
    assert.equal(
      await tc.taskWait(TASK_ID, {
        timeoutS: 4,
        pollingIntervalS: 2,
        progress: sink,
      }),
      false,
    );
    const text = String(shows.at(-1)!.bundle["text/plain"]);
    assert.ok(
      text.endsWith(`\nStopped waiting after 4 s (timeoutS): ${stuck}`),
      text,
    );
    assert.ok(!text.includes("wait again"));
    // The calls stay whole in HTML.
    assert.ok(
      String(shows.at(-1)!.bundle["text/html"]).includes(
        `<nobr>tc.cancelTask(&quot;${TASK_ID}&quot;)</nobr>`,
      ),
    );
    // Waited for again, the problem is said in short.
    const again = recordingSink();
    await tc.taskWait(TASK_ID, {
      timeoutS: 4,
      pollingIntervalS: 2,
      progress: again.sink,
    });
    assert.match(
      String(again.shows.at(-1)!.bundle["text/plain"]),
      new RegExp(
        `\\nStopped waiting after 4 s \\(timeoutS\\): still retrying: .*\\(${extra.nice_status}[:,)]`,
      ),
    );
  }
  // A task that runs well (is_ok true) keeps the advice to wait again.
  const { tc } = setup(
    [],
    () => json(task("ACTIVE", { is_ok: true, nice_status: "OK" })),
  );
  const ok = recordingSink();
  await tc.taskWait(TASK_ID, {
    timeoutS: 4,
    pollingIntervalS: 2,
    progress: ok.sink,
  });
  assert.match(
    String(ok.shows.at(-1)!.bundle["text/plain"]),
    /the task keeps running on Globus; wait again with tc\.taskWait/,
  );
});

test("when taskWait times out, its display says the waiting stopped and the task keeps running (it stayed ACTIVE at its last percentage)", async () => {
  const { tc } = setup([], () => json(task("ACTIVE")));
  const { sink, shows } = recordingSink();
  assert.equal(
    await tc.taskWait(TASK_ID, {
      timeoutS: 4,
      pollingIntervalS: 2,
      progress: sink,
    }),
    false,
  );
  const last = shows.at(-1)!;
  assert.equal(last.options?.update, true);
  const note =
    `Stopped waiting after 4 s (timeoutS): the task keeps running on Globus; wait again with tc.taskWait("${TASK_ID}")`;
  assert.ok(String(last.bundle["text/plain"]).endsWith(`\n${note}`));
  assert.ok(
    String(last.bundle["text/html"]).includes(
      "Stopped waiting after 4 s (timeoutS): the task keeps running on Globus",
    ),
  );
  // Waited for again (Python's `while not tc.task_wait(…)` loop, ported),
  // the advice to wait again is not repeated.
  const again = recordingSink();
  assert.equal(
    await tc.taskWait(TASK_ID, {
      timeoutS: 4,
      pollingIntervalS: 2,
      progress: again.sink,
    }),
    false,
  );
  assert.ok(
    String(again.shows.at(-1)!.bundle["text/plain"]).endsWith(
      "\nStopped waiting after 4 s (timeoutS): still running",
    ),
  );
  // A task that ended gets no such line.
  const done = setup([json(task("SUCCEEDED"))]);
  const d = recordingSink();
  assert.equal(
    await done.tc.taskWait(TASK_ID, { timeoutS: 4, progress: d.sink }),
    true,
  );
  assert.ok(
    d.shows.every((s) => !String(s.bundle["text/plain"]).includes("Stopped")),
  );
  // On a terminal the line follows the progress line.
  const lines: string[] = [];
  const reporter = createProgress(true, {
    terminal: true,
    write: (t) => void lines.push(t),
    onInterrupt: () => () => {},
  });
  await reporter.update(task("ACTIVE"));
  await reporter.finish("Stopped waiting after 4 s (timeoutS)");
  assert.ok(
    lines.join("").endsWith("\nStopped waiting after 4 s (timeoutS)\n"),
  );
});
