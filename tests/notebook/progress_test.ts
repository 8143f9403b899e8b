import { test } from "node:test";
import assert from "node:assert/strict";
import {
  createProgress,
  progressFraction,
  type ProgressTask,
  renderProgress,
} from "../../src/notebook/progress.ts";
import { fitProgressLine } from "../../src/notebook/_progress_line.ts";
import { MOST_ROWS } from "../../src/notebook/_terminal_board.ts";
import { VirtualScreen } from "../_helpers/virtual_screen.ts";
import { recorder } from "./_recorder.ts";
import { untrusted } from "./_untrusted.ts";

const active = {
  task_id: "t1",
  status: "ACTIVE",
  nice_status: "OK",
  files: 4,
  files_transferred: 1,
  bytes_transferred: 2_000_000,
  effective_bytes_per_second: 500_000,
  subtasks_total: 4,
  subtasks_pending: 2,
  subtasks_retrying: 1,
};

test("renderProgress shows status, files, bytes, rate and a bar", () => {
  const { text, html } = renderProgress(active);
  assert.equal(
    text,
    "Task t1 ACTIVE (OK) [#####---------------] 25% 1/4 files, 2.0 MB at 500 kB/s",
  );
  assert.match(html, /<progress value="0\.250" max="1"><\/progress>/);
  assert.match(html, /2\.0 MB/);
});

test("renderProgress escapes the label and copes with missing counters", () => {
  const { html, text } = renderProgress({
    task_id: "<x>",
    status: "ACTIVE",
    label: "<img src=x onerror=alert(1)>",
  });
  assert.ok(!html.includes("<img"));
  assert.ok(!html.includes("<x>"));
  assert.match(text, /\[\.{20}\] files not counted yet/);
});

test("a queued task's line says its files are not counted yet, not 0/0 files", () => {
  const queued = {
    task_id: "t2",
    status: "ACTIVE",
    nice_status: "Queued",
    files: 0,
    files_transferred: 0,
    bytes_transferred: 0,
    subtasks_total: 0,
    subtasks_pending: 0,
  };
  const { text, html } = renderProgress(queued);
  assert.equal(
    text,
    "Task t2 ACTIVE (Queued) [....................] files not counted yet, 0 B",
  );
  // No percentage, and no separator before the files (" · files …").
  assert.match(html, /<progress><\/progress> files not counted yet/);
  // once counted, the usual counts
  assert.match(
    renderProgress({
      ...queued,
      files: 3,
      subtasks_total: 3,
      subtasks_pending: 3,
    })
      .text,
    /\[-{20}\] 0% 0\/3 files/,
  );
});

test("progressFraction is 1 on success only, unknown without subtasks, and bounded by the files copied", () => {
  assert.equal(progressFraction({ status: "SUCCEEDED" }), 1);
  assert.equal(progressFraction({ status: "ACTIVE" }), undefined);
  // Every subtask done but the task not succeeded yet (more files may be
  // found): 99 %, not 100 % (it read "100 % · 48/48 files" while ACTIVE).
  assert.equal(
    progressFraction({
      status: "ACTIVE",
      subtasks_total: 2,
      subtasks_pending: 0,
    }),
    0.99,
  );
  // A recursive transfer whose folder subtasks are done before its files
  // are copied: the files bound it (it read 63 % with 0/3 files).
  assert.equal(
    progressFraction({
      status: "ACTIVE",
      subtasks_total: 8,
      subtasks_pending: 3,
      files: 3,
      files_transferred: 0,
    }),
    0,
  );
  assert.equal(
    progressFraction({
      status: "ACTIVE",
      subtasks_total: 4,
      subtasks_pending: 1,
      files: 10,
      files_transferred: 4,
      files_skipped: 1,
    }),
    0.5,
  );
  // A delete task counts files but transfers none: its subtasks only.
  assert.equal(
    progressFraction({
      status: "ACTIVE",
      type: "DELETE",
      subtasks_total: 4,
      subtasks_pending: 1,
      files: 10,
      files_transferred: 0,
    }),
    0.75,
  );
});

test("a given sink gets one display updated in place", async () => {
  const { sink, shows } = recorder(false);
  const p = createProgress(sink, { id: "fixed" });
  await p.update(active);
  await p.update({ ...active, files_transferred: 3 });
  await p.update({ ...active, status: "SUCCEEDED" });
  await p.finish();
  assert.deepEqual(shows.map((s) => s.options), [
    { id: "fixed" },
    { id: "fixed", update: true },
    { id: "fixed", update: true },
  ]);
  assert.match(String(shows[2]!.bundle["text/plain"]), /SUCCEEDED .*100%/);
});

test("each reporter gets its own display id by default", async () => {
  const a = recorder(true);
  const b = recorder(true);
  await createProgress(a.sink).update(active);
  await createProgress(b.sink).update(active);
  assert.notEqual(a.shows[0]!.options?.id, b.shows[0]!.options?.id);
});

test("automatic mode uses a rich (Jupyter) display", async () => {
  const { sink, shows } = recorder(true);
  const p = createProgress(true, {
    display: sink,
    terminal: true,
    write: () => assert.fail("no terminal output in Jupyter"),
  });
  await p.update(active);
  assert.equal(shows.length, 1);
});

test("automatic mode on a terminal rewrites one stderr line", async () => {
  const { sink, shows } = recorder(false);
  const out: string[] = [];
  const p = createProgress(true, {
    display: sink,
    terminal: true,
    termType: "xterm-256color",
    columns: 200,
    write: (t) => void out.push(t),
  });
  await p.update(active);
  await p.update({ ...active, status: "SUCCEEDED" });
  await p.finish();
  assert.equal(shows.length, 0);
  assert.equal(out.length, 3);
  assert.ok(out[0]!.startsWith("\r\x1b[2KTask t1 ACTIVE"));
  assert.ok(out[1]!.startsWith("\r\x1b[2KTask t1 SUCCEEDED"));
  assert.equal(out[2], "\n");
});

test("on a terminal, a wait ended by an error that says the same ends its line without the note (an uncaught error printed it twice); a notebook display keeps its first sentence", async () => {
  const { sink, shows } = recorder(false);
  const out: string[] = [];
  const p = createProgress(true, {
    display: sink,
    terminal: true,
    termType: "xterm-256color",
    columns: 200,
    write: (t) => void out.push(t),
  });
  await p.update(active);
  await p.finish('Aborted: stopped waiting for task "t1".', true);
  assert.equal(shows.length, 0);
  assert.ok(out[0]!.startsWith("\r\x1b[2KTask t1 ACTIVE"), out[0]);
  assert.doesNotMatch(out.join(""), /stopped waiting/);
  assert.ok(out.join("").endsWith("\n"));
  // Not thrown (taskWait's own timeout, which resolves false): the note.
  const out2: string[] = [];
  const p2 = createProgress(true, {
    display: sink,
    terminal: true,
    termType: "xterm-256color",
    columns: 200,
    write: (t) => void out2.push(t),
  });
  await p2.update(active);
  await p2.finish("Stopped waiting after 60 s (timeoutS)");
  assert.match(out2.join(""), /Stopped waiting after 60 s/);
  // A notebook's display keeps the note's first sentence (it no longer
  // reads "ACTIVE" as if still waiting); the error printed right under it
  // says the rest (the paragraph stood twice, one under the other).
  const rich = recorder(true);
  const p3 = createProgress(true, { display: rich.sink });
  await p3.update(active);
  await p3.finish(
    'Interrupted: stopped waiting for task "t1". The task keeps running on Globus; wait again with tc.taskWait("t1"), or cancel it with tc.cancelTask("t1")',
    true,
  );
  const last = rich.shows.at(-1)!.bundle;
  assert.match(
    String(last["text/plain"]),
    /\nInterrupted: stopped waiting for task "t1"\.$/,
  );
  assert.match(
    String(last["text/html"]),
    /<font color="#8a5a00">Interrupted: stopped waiting for task &quot;t1&quot;\.<\/font><\/div>$/,
  );
  assert.doesNotMatch(String(last["text/html"]), /wait again|cancelTask/);
  // Not thrown (a timeout, which resolves false): the whole note stays.
  const p4 = createProgress(true, { display: rich.sink });
  await p4.update(active);
  await p4.finish(
    'Stopped waiting after 60 s (timeoutS): the task keeps running on Globus; wait again with tc.taskWait("t1")',
  );
  assert.match(
    String(rich.shows.at(-1)!.bundle["text/plain"]),
    /wait again with tc\.taskWait\("t1"\)$/,
  );
});

test("automatic mode shows nothing when neither Jupyter nor a terminal", async () => {
  const { sink, shows } = recorder(false);
  const out: string[] = [];
  const p = createProgress(true, {
    display: sink,
    terminal: false,
    write: (t) => void out.push(t),
  });
  await p.update(active);
  await p.finish();
  assert.equal(shows.length + out.length, 0);
});

test("progress false shows nothing", async () => {
  const p = createProgress(false);
  await p.update(active);
  await p.finish();
});

test("automatic mode outside the Jupyter kernel and off a terminal shows nothing and does not throw", async () => {
  const p = createProgress(true, { terminal: false });
  await p.update(active);
  await p.finish();
});

test("a task whose files a sync level skipped says so, not only 0/3 files", () => {
  // A re-run of the tutorial's checksum-synced transfer: all three files
  // are already at the destination.
  const { text, html } = renderProgress({
    task_id: "t3",
    status: "SUCCEEDED",
    files: 3,
    files_transferred: 0,
    files_skipped: 3,
    bytes_transferred: 0,
    subtasks_total: 4,
    subtasks_pending: 0,
  });
  assert.equal(
    text,
    "Task t3 SUCCEEDED [####################] 100% 0/3 files (3 skipped: already at the destination), 0 B",
  );
  assert.match(
    html,
    /100% · 0\/3 files \(3 skipped: already at the destination\) · <nobr>0 B<\/nobr>/,
  );
  // some copied, some skipped
  assert.match(
    renderProgress({
      status: "ACTIVE",
      files: 5,
      files_transferred: 1,
      files_skipped: 2,
      subtasks_total: 6,
      subtasks_pending: 2,
    }).text,
    / 1\/5 files \(2 skipped: already at the destination\), /,
  );
});

test("a failed task says why, and its bar is neither busy nor 100 %", () => {
  // A transfer of a file that is not there: Transfer counted no files.
  const { text, html } = renderProgress({
    task_id: "t4",
    status: "FAILED",
    label: "wrong path",
    files: 0,
    files_transferred: 0,
    subtasks_total: 1,
    subtasks_pending: 0,
    fatal_error: { code: "FILE_NOT_FOUND", description: "file not found" },
  });
  assert.equal(
    text,
    'Task t4 FAILED: file not found (FILE_NOT_FOUND). Its events say more: await tc.taskEventList("t4").toArray() [--------------------] 0 files transferred, 0 B',
  );
  // a stopped bar (a value), not an indeterminate one, and no percentage
  assert.match(
    html,
    /<progress value="0\.000" max="1"[^>]*><\/progress> 0 files transferred/,
  );
  assert.doesNotMatch(html, /<progress(?: style="[^"]*")?><\/progress>|%/);
  assert.match(
    html,
    /FAILED<\/b><\/font><\/span>: file not found \(FILE_NOT_FOUND\)/,
  );
  // some files copied before it failed: the bar shows them, still no %
  const partial = renderProgress({
    task_id: "t5",
    status: "FAILED",
    files: 4,
    files_transferred: 1,
    subtasks_total: 4,
    subtasks_pending: 0,
    fatal_error: null,
  });
  assert.match(
    partial.html,
    /<progress value="0\.250" max="1"[^>]*><\/progress> 1\/4 files/,
  );
  assert.doesNotMatch(partial.text, /%/);
  assert.match(partial.text, /^Task t5 FAILED\. Its events say more/);
  // Cancelled (by cancelTask, a person or a deadline): no pointer to the
  // events, the reason is the whole story.
  const cancelled = renderProgress({
    task_id: "t6",
    status: "FAILED",
    fatal_error: { code: "CANCELED", description: "canceled" },
  });
  assert.match(cancelled.text, /^Task t6 FAILED: canceled \(CANCELED\) \[/);
  assert.doesNotMatch(cancelled.text + cancelled.html, /events say more/);
});

const LONG_ID = "42f3b6a2-1c3d-11f0-9a7b-0affd3c2b1e9";
const queued = {
  task_id: LONG_ID,
  status: "ACTIVE",
  nice_status: "Queued",
  bytes_transferred: 0,
  effective_bytes_per_second: 0,
};

test("the terminal progress line fits the terminal's width, so redrawing it never leaves a wrapped row behind", async () => {
  const full = renderProgress(queued).text;
  assert.ok(full.length > 100, full);
  for (const columns of [120, 80, 60, 40, 12]) {
    const out: string[] = [];
    const p = createProgress(true, {
      display: recorder(false).sink,
      terminal: true,
      termType: "xterm",
      columns,
      write: (t) => void out.push(t),
    });
    await p.update(queued);
    await p.update({ ...active, task_id: LONG_ID });
    for (const w of out) {
      const line = w.replace("\r\x1b[2K", "");
      assert.ok(line.length < columns, `${columns}: ${JSON.stringify(line)}`);
    }
    // The last line, which is not redrawn again, is shown whole when it
    // was cut (a failed task's reason and hint), then ended.
    const before = out.length;
    await p.finish();
    const last = renderProgress({ ...active, task_id: LONG_ID }).text;
    assert.deepEqual(
      out.slice(before),
      last.length < columns ? ["\n"] : ["\r\x1b[2K" + last, "\n"],
    );
  }
  // What is given up first: the id's tail, then the bar, then the end.
  assert.equal(fitProgressLine(full, 200), full);
  assert.equal(
    fitProgressLine(full, 100),
    "Task 42f3b6a2 ACTIVE (Queued) [....................] files not counted yet, 0 B",
  );
  assert.equal(
    fitProgressLine(full, 70),
    "Task 42f3b6a2 ACTIVE (Queued) files not counted yet, 0 B",
  );
  assert.equal(
    fitProgressLine(full, 50),
    "Task 42f3b6a2 ACTIVE (Queued) files not counted …",
  );
  assert.equal(fitProgressLine(full, 12), "Task 42f3b…");
});

test("on a dumb terminal (TERM=dumb) the progress line is redrawn without escape codes", async () => {
  const out: string[] = [];
  const p = createProgress(true, {
    display: recorder(false).sink,
    terminal: true,
    termType: "dumb",
    columns: 200,
    write: (t) => void out.push(t),
  });
  await p.update({
    ...active,
    nice_status: "Queued, waiting for the endpoint",
  });
  await p.update(active);
  await p.finish();
  assert.ok(!out.join("").includes("\x1b"), JSON.stringify(out));
  assert.ok(out[0]!.startsWith("\rTask t1 ACTIVE"));
  // The shorter second line is padded to cover the first.
  assert.equal(out[1]!.length, out[0]!.length);
  assert.equal(out[2], "\n");
});

/**
 * A terminal progress reporter whose interrupt arming is recorded: `armed`
 * holds the `end` functions armed and not yet disarmed.
 */
function interruptibleTerminal() {
  const out: string[] = [];
  const armed = new Set<(ending?: boolean) => void>();
  const p = createProgress(true, {
    display: recorder(false).sink,
    terminal: true,
    termType: "xterm-256color",
    columns: 200,
    write: (t) => void out.push(t),
    onInterrupt: (end) => {
      armed.add(end);
      return () => armed.delete(end);
    },
  });
  return { out, armed, p };
}

test("an interrupt while the terminal line is open ends it once; the line is armed only while it is open", async () => {
  const { out, armed, p } = interruptibleTerminal();
  assert.equal(armed.size, 0, "armed before any line was drawn");
  await p.update(active);
  await p.update(active);
  assert.equal(armed.size, 1);
  // Ctrl-C: the open line gets its newline.
  for (const end of [...armed]) end();
  assert.equal(out.at(-1), "\n");
  // A program that handles the interrupt itself goes on: the next update
  // starts a new line (armed again), and finish ends it once.
  armed.clear();
  await p.update({ ...active, status: "SUCCEEDED" });
  assert.equal(armed.size, 1);
  await p.finish();
  assert.equal(armed.size, 0, "still armed after finish");
  assert.deepEqual(
    out.map((t) => t === "\n" ? "NL" : t.split(" ").slice(0, 3).join(" ")),
    [
      "\r\x1b[2KTask t1 ACTIVE",
      "\r\x1b[2KTask t1 ACTIVE",
      "NL",
      "\r\x1b[2KTask t1 SUCCEEDED",
      "NL",
    ],
  );
  // An interrupt after finish has nothing to end.
  const before = out.length;
  await p.finish();
  assert.equal(out.length, before);
});

test("an interrupt that ends the program adds a line: the task goes on at Globus, and how to cancel it", async () => {
  const { out, armed, p } = interruptibleTerminal();
  await p.update({ ...active, task_id: "t1\x1b[31m" });
  for (const end of [...armed]) end(true);
  assert.deepEqual(out.slice(1), [
    "\n",
    // The id from the server is printed without its escape sequence.
    'Interrupted: stopped waiting for task "t1". The task keeps running on Globus; wait again with tc.taskWait("t1"), or cancel it with tc.cancelTask("t1").\n',
  ]);
});

const done = {
  task_id: "t7",
  type: "TRANSFER",
  files: 3,
  files_transferred: 3,
  bytes_transferred: 12_000_000,
  effective_bytes_per_second: 0,
  subtasks_total: 4,
  subtasks_pending: 0,
  request_time: "2026-12-03T19:33:52+00:00",
  completion_time: "2026-12-03T19:33:56+00:00",
};

test("a failed task's last display looks like a failure (red status, bar and edge, its reason), not like a success", () => {
  const failed = renderProgress({
    ...done,
    status: "FAILED",
    files_transferred: 1,
    bytes_transferred: 4_000_000,
    fatal_error: {
      code: "PERMISSION_DENIED",
      description: "permission denied",
    },
  });
  const ok = renderProgress({ ...done, status: "SUCCEEDED" });
  // Red and bold without style attributes, which Jupyter drops from a
  // notebook that is not trusted (a committed notebook opened anew).
  const untrusted = (html: string) => html.replace(/ style="[^"]*"/g, "");
  assert.match(
    untrusted(failed.html),
    /<span class="globus-task-status"><font color="#c62828"><b>FAILED<\/b><\/font><\/span>: permission denied \(PERMISSION_DENIED\)/,
  );
  assert.match(failed.html, /<progress [^>]*style="accent-color:#c62828"/);
  assert.match(failed.html, /^<div [^>]*border-left:4px solid #c62828/);
  assert.match(
    failed.text,
    /^Task t7 FAILED: permission denied \(PERMISSION_DENIED\)\./,
  );
  // A success is styled otherwise: green, no red anywhere.
  assert.doesNotMatch(ok.html, /#c62828|border-left/);
  assert.match(untrusted(ok.html), /<font color="#2e7d32">SUCCEEDED<\/font>/);
  assert.notEqual(
    failed.html.replace(/FAILED.*?<br>/, ""),
    ok.html.replace(/SUCCEEDED.*?<br>/, ""),
  );
});

test("an INACTIVE task (where taskWait also stops) says it is not finished, and is not styled as a success", () => {
  const { text, html } = renderProgress({
    task_id: "t8",
    status: "INACTIVE",
    nice_status: "PAUSED_BY_ADMIN",
    nice_status_details: "maintenance until 14:00",
    files: 4,
    files_transferred: 1,
    subtasks_total: 4,
    subtasks_pending: 3,
  });
  assert.match(
    text,
    /^Task t8 INACTIVE \(PAUSED_BY_ADMIN\): not running and not finished \(maintenance until 14:00\); check it with await tc\.getTask\("t8"\) \[/,
  );
  assert.match(
    html.replace(/ style="[^"]*"/g, ""),
    /<font color="#a15c00"><b>INACTIVE<\/b><\/font><\/span>/,
  );
  assert.match(html, /accent-color:#a15c00/);
  assert.match(html, /data-status="INACTIVE"/);
});

test("in a narrow notebook (600 px) the task id, sizes, rate and end time never break across lines, untrusted too", () => {
  const { html } = renderProgress({
    ...done,
    task_id: "d165d48b-e787-4bfc-8282-83d0302dd9c1",
    status: "SUCCEEDED",
  });
  // <nobr> is kept by Jupyter's sanitizer (a style attribute is not):
  // "ended 2026-" closed a line, "12-05 01:38:03 UTC" began the next.
  const shown = untrusted(html);
  for (
    const piece of [
      "d165d48b-e787-4bfc-8282-83d0302dd9c1",
      "12.0 MB",
      "3.0 MB/s",
      "ended 2026-12-03 19:33:56 UTC",
    ]
  ) {
    assert.ok(shown.includes(`<nobr>${piece}</nobr>`), `${piece} in ${shown}`);
  }
});

test("a finished task's rate is its average, never 0 B/s for a task that moved bytes; the end time is in the tables' style", () => {
  // effective_bytes_per_second 0 (a task done between two polls): 12 MB
  // over the 4 s from request_time to completion_time.
  const { text, html } = renderProgress({ ...done, status: "SUCCEEDED" });
  assert.equal(
    text,
    "Task t7 SUCCEEDED [####################] 100% 3/3 files, 12.0 MB at 3.0 MB/s, ended 2026-12-03 19:33:56 UTC",
  );
  assert.match(
    html,
    / · <nobr>12\.0 MB<\/nobr> · <nobr>3\.0 MB\/s<\/nobr> · <nobr>ended 2026-12-03 19:33:56 UTC<\/nobr></,
  );
  assert.doesNotMatch(text + html, /0 B\/s/);
  // Transfer's own rate when it gives one.
  assert.match(
    renderProgress({
      ...done,
      status: "SUCCEEDED",
      effective_bytes_per_second: 2_500_000,
    }).text,
    /, 12\.0 MB at 2\.5 MB\/s, /,
  );
  // No times to average over: the rate is left out.
  const noTimes = renderProgress({
    ...done,
    status: "SUCCEEDED",
    request_time: null,
    completion_time: null,
  });
  assert.match(noTimes.text, /3\/3 files, 12\.0 MB$/);
  assert.doesNotMatch(noTimes.html, /B\/s/);
  // Still running with nothing measured: no rate either, not "0 B/s".
  assert.doesNotMatch(
    renderProgress({
      ...done,
      status: "ACTIVE",
      completion_time: null,
      files_transferred: 1,
      bytes_transferred: 4,
      subtasks_pending: 2,
    }).text,
    /B\/s/,
  );
});

/** A task of the concurrent-waits tests, `n` polls in. */
function polled(id: string, n: number) {
  return {
    task_id: id,
    status: "ACTIVE",
    files: 10,
    files_transferred: Math.min(9, n),
    bytes_transferred: n * 1_000_000,
    effective_bytes_per_second: 250_000,
    subtasks_total: 10,
    subtasks_pending: Math.max(1, 10 - n),
  };
}

test("waits that run at once share the terminal: one row each, redrawn together, and each final line printed once above the rows still running", async () => {
  const screen = new VirtualScreen();
  const write = (t: string) => screen.write(t);
  const ids = Array.from(
    { length: 20 },
    (_, i) => `task-${String(i + 1).padStart(2, "0")}`,
  );
  const waits = new Map(ids.map((id) => [
    id,
    {
      p: createProgress(true, {
        display: recorder(false).sink,
        terminal: true,
        termType: "xterm-256color",
        columns: 100,
        write,
        onInterrupt: () => () => {},
      }),
      last: polled(id, 0) as ProgressTask,
    },
  ]));
  /** What a person reads above the rows: the final lines and notes. */
  const printed: string[] = [];
  const running = () => ids.filter((id) => waits.has(id));
  const check = (when: string) => {
    const live = running().filter((id) => started.has(id));
    const rows = live.slice(0, MOST_ROWS).map((id) =>
      fitProgressLine(renderProgress(waits.get(id)!.last).text, 100)
    );
    if (live.length > MOST_ROWS) {
      rows.push(
        `… and ${live.length - MOST_ROWS} more task${
          live.length - MOST_ROWS === 1 ? "" : "s"
        } being waited for`,
      );
    }
    assert.deepEqual(screen.rows, [...printed, ...rows], when);
    for (const row of rows) assert.ok(row.length < 100, row);
  };
  const started = new Set<string>();
  const poll = async (id: string, task: ProgressTask) => {
    const w = waits.get(id)!;
    w.last = task;
    started.add(id);
    await w.p.update(task);
    check(`after ${id}'s update`);
  };
  for (const id of ids) await poll(id, polled(id, 0));
  // Polls come in any order; tasks end in another.
  for (let n = 1; n <= 3; n++) {
    for (const id of [...ids].reverse()) await poll(id, polled(id, n));
  }
  const order = ids.map((_, i) => ids[(i * 7) % 20]!);
  for (const [k, id] of order.entries()) {
    const w = waits.get(id)!;
    let note: string | undefined;
    if (k % 5 === 1) {
      // taskWait's timeout: the last line, and a note under it
      note = `Stopped waiting after 60 s (timeoutS): ${id} keeps running`;
    } else if (k % 5 === 3) {
      await poll(id, {
        ...w.last,
        status: "FAILED",
        fatal_error: { code: "PERMISSION_DENIED", description: "denied" },
      });
    } else {
      await poll(id, { ...w.last, status: "SUCCEEDED" });
    }
    await w.p.finish(note);
    waits.delete(id);
    // shown whole, not cut to the width
    printed.push(renderProgress(w.last).text);
    if (note) printed.push(note);
    check(`after ${id} ended`);
    // a poll of a task still running, between two ends
    const next = running()[k % Math.max(1, running().length)];
    if (next) await poll(next, polled(next, 4 + k));
  }
  // All 20 final lines, in the order the tasks ended, and nothing else.
  assert.equal(screen.rows.filter((r) => r.startsWith("Task ")).length, 20);
  assert.deepEqual(screen.rows, printed);
});

test("a single wait's line is drawn exactly as before: no cursor movement", async () => {
  const out: string[] = [];
  const p = createProgress(true, {
    display: recorder(false).sink,
    terminal: true,
    termType: "xterm",
    columns: 200,
    write: (t) => void out.push(t),
  });
  await p.update(active);
  await p.update(active);
  await p.finish("Stopped waiting");
  const line = renderProgress(active).text;
  assert.deepEqual(out, [
    "\r\x1b[2K" + line,
    "\r\x1b[2K" + line,
    "\nStopped waiting\n",
  ]);
});

test("on a dumb terminal, waits that run at once print each final line once; the live line is drawn only while one wait runs", async () => {
  const screen = new VirtualScreen();
  let all = "";
  const write = (t: string) => {
    all += t;
    screen.write(t);
  };
  const make = () =>
    createProgress(true, {
      display: recorder(false).sink,
      terminal: true,
      termType: "dumb",
      columns: 200,
      write,
      onInterrupt: () => () => {},
    });
  const [a, b, c] = [make(), make(), make()];
  await a.update(polled("a", 1));
  // one wait: its live line
  assert.deepEqual(screen.rows, [renderProgress(polled("a", 1)).text]);
  await b.update(polled("b", 1));
  await c.update(polled("c", 1));
  await a.update(polled("a", 2));
  // several: no live line (it could not be redrawn in place)
  assert.deepEqual(screen.rows, []);
  await b.update({ ...polled("b", 2), status: "SUCCEEDED" });
  await b.finish();
  const bDone = renderProgress({ ...polled("b", 2), status: "SUCCEEDED" })
    .text;
  assert.deepEqual(screen.rows, [bDone]);
  await c.update(polled("c", 3));
  await c.finish("Stopped waiting after 10 s (timeoutS): still running");
  // one left: its live line again, under the final ones
  const cDone = renderProgress(polled("c", 3)).text;
  assert.deepEqual(screen.rows, [
    bDone,
    cDone,
    "Stopped waiting after 10 s (timeoutS): still running",
    renderProgress(polled("a", 2)).text,
  ]);
  await a.update({ ...polled("a", 3), status: "SUCCEEDED" });
  await a.finish();
  assert.deepEqual(screen.rows, [
    bDone,
    cDone,
    "Stopped waiting after 10 s (timeoutS): still running",
    renderProgress({ ...polled("a", 3), status: "SUCCEEDED" }).text,
  ]);
  assert.ok(!all.includes("\x1b"), JSON.stringify(all));
});

test("Ctrl-C with several lines open ends every one: each keeps its line and says the task goes on", async () => {
  const screen = new VirtualScreen();
  const write = (t: string) => screen.write(t);
  const armed = new Set<(ending?: boolean) => void>();
  const make = () =>
    createProgress(true, {
      display: recorder(false).sink,
      terminal: true,
      termType: "xterm",
      columns: 200,
      write,
      onInterrupt: (end) => {
        armed.add(end);
        return () => armed.delete(end);
      },
    });
  const waits = [make(), make(), make()];
  for (const [i, p] of waits.entries()) await p.update(polled(`t${i}`, i));
  assert.equal(armed.size, 3);
  // A program that handles SIGINT itself: the lines are ended, and drawn
  // anew at the next update.
  for (const end of [...armed]) end(false);
  armed.clear();
  const lines = [0, 1, 2].map((i) => renderProgress(polled(`t${i}`, i)).text);
  assert.deepEqual(screen.rows, lines);
  for (const [i, p] of waits.entries()) await p.update(polled(`t${i}`, i));
  assert.equal(armed.size, 3);
  // The interrupt that ends the program (the SDK's tidy runs each in turn).
  for (const end of [...armed]) end(true);
  assert.deepEqual(screen.rows, [
    ...lines,
    ...[0, 1, 2].flatMap((i) => [
      lines[i]!,
      `Interrupted: stopped waiting for task "t${i}". The task keeps running on Globus; wait again with tc.taskWait("t${i}"), or cancel it with tc.cancelTask("t${i}").`,
    ]),
  ]);
  // each ran once: finishing now adds nothing
  for (const p of waits) await p.finish();
  assert.equal(screen.rows.length, 9);
});

test("a task that skip_source_errors let skip an item says how many and where to read them, not only SUCCEEDED 1/1 files", () => {
  // Two items, the first missing at the source, with skipSourceErrors: the
  // emulator's (and Transfer's) counters.
  const { text, html } = renderProgress({
    task_id: "t4",
    status: "SUCCEEDED",
    files: 1,
    files_transferred: 1,
    files_skipped: 0,
    bytes_transferred: 4,
    subtasks_total: 2,
    subtasks_pending: 0,
    subtasks_skipped_errors: 1,
  });
  assert.equal(
    text,
    'Task t4 SUCCEEDED [####################] 100% 1/1 files, 4 B, 1 skipped for errors (await tc.taskSkippedErrors("t4").toArray())',
  );
  assert.match(
    html,
    /1\/1 files · <nobr>4 B<\/nobr> · 1 skipped for errors \(await tc\.taskSkippedErrors\(&quot;t4&quot;\)\.toArray\(\)\)<\/div>$/,
  );
  // none skipped: nothing added
  assert.doesNotMatch(
    renderProgress({
      task_id: "t5",
      status: "SUCCEEDED",
      files: 1,
      files_transferred: 1,
      subtasks_skipped_errors: 0,
    }).text,
    /skipped/,
  );
});

test("a delete task's line counts the files it deleted, without '0/1 files' or '0 B' (Transfer transfers none for a delete)", () => {
  // The counters real Transfer gives a delete task of one file.
  const base = {
    task_id: "d1",
    type: "DELETE",
    files: 1,
    files_transferred: 0,
    bytes_transferred: 0,
    effective_bytes_per_second: 0,
    subtasks_total: 1,
  };
  assert.equal(
    renderProgress({
      ...base,
      status: "SUCCEEDED",
      subtasks_pending: 0,
    }).text,
    "Task d1 SUCCEEDED [####################] 100% 1 files deleted",
  );
  assert.equal(
    renderProgress({
      ...base,
      status: "ACTIVE",
      nice_status: "Queued",
      subtasks_pending: 1,
    }).text,
    "Task d1 ACTIVE (Queued) [--------------------] 0% 1 files found",
  );
  const failed = renderProgress({
    ...base,
    status: "FAILED",
    subtasks_pending: 0,
    fatal_error: { code: "FILE_NOT_FOUND", description: "file not found" },
  });
  assert.match(failed.text, /\] 1 files$/);
  assert.doesNotMatch(failed.html + failed.text, /0\/1|0 B/);
});

test("a note's calls stay on one line in a narrow notebook, untrusted too (the task id broke at a hyphen)", async () => {
  const id = "e8da5439-f47b-424f-9a71-aa19bc0ac9ab";
  const rich = recorder(true);
  const p = createProgress(true, { display: rich.sink });
  await p.update({ ...active, task_id: id });
  await p.finish(
    `Stopped waiting after 60 s (timeoutS): the task keeps running on Globus; wait again with tc.taskWait("${id}"), or cancel it with tc.cancelTask("${id}")`,
  );
  const html = untrusted(String(rich.shows.at(-1)!.bundle["text/html"]));
  for (const call of ["taskWait", "cancelTask"]) {
    assert.ok(
      html.includes(`<nobr>tc.${call}(&quot;${id}&quot;)</nobr>`),
      `${call} in ${html}`,
    );
  }
  assert.match(
    html,
    /the task keeps running on Globus; wait again with <nobr>/,
  );
});

test("large counts read with their thousands marked, as in the task list (1,234,567/2,000,000 files, 98,765 skipped)", () => {
  const { text, html } = renderProgress({
    task_id: "t1",
    status: "ACTIVE",
    type: "TRANSFER",
    files: 2_000_000,
    files_transferred: 1_234_567,
    files_skipped: 98_765,
    bytes_transferred: 987_654_321_098_765,
    subtasks_total: 2_000_000,
    subtasks_pending: 700_000,
    subtasks_skipped_errors: 1_500,
  });
  for (const shown of [text, html]) {
    assert.match(shown, /1,234,567\/2,000,000 files/);
    assert.match(shown, /\(98,765 skipped: already at the destination\)/);
    assert.match(shown, /1,500 skipped for errors/);
  }
});
