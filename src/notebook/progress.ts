/**
 * Live progress for `TransferClient.taskWait()`: one display updated in
 * place inside the Deno Jupyter kernel, one updating line on an
 * interactive terminal's standard error, nothing otherwise.
 *
 * @module
 */
import { stoppedWaitingText, tidyOnInterrupt } from "../core/_interrupt.ts";
import {
  getEnv,
  stderrIsTerminal,
  terminalColumns,
  writeStderr,
} from "../core/runtime.ts";
import { terminalLine } from "../core/terminal_text.ts";
import {
  type BoardRow,
  type TerminalBoard,
  terminalBoard,
} from "./_terminal_board.ts";
import { chartOptionsFromTask, type ChartPoint, TaskChart } from "./chart.ts";
import { svgImageHtml } from "./_svg_image.ts";
import { defaultDisplay, type DisplaySink, escapeHtml } from "./display.ts";
import { formatBytes } from "./tables.ts";
import { countText, parseIsoTime, utcText } from "./_cell_text.ts";

/** The task fields progress is drawn from (a `Task` has them all). */
export interface ProgressTask {
  /** The task id. */
  task_id?: string;
  /** `ACTIVE`, `INACTIVE`, `SUCCEEDED` or `FAILED`. */
  status?: string;
  /** `TRANSFER` or `DELETE`. */
  type?: string | null;
  /** e.g. `Queued`, `OK`. */
  nice_status?: string | null;
  /** The task label. */
  label?: string | null;
  /** Files found. */
  files?: number | null;
  /** Files transferred so far. */
  files_transferred?: number | null;
  /** Files skipped. */
  files_skipped?: number | null;
  /** Bytes transferred so far. */
  bytes_transferred?: number | null;
  /** The average rate, bytes per second. */
  effective_bytes_per_second?: number | null;
  /** Subtasks in all. */
  subtasks_total?: number | null;
  /** Subtasks still to run. */
  subtasks_pending?: number | null;
  /** Subtasks being retried. */
  subtasks_retrying?: number | null;
  /** Files or folders skipped for an error (`skip_source_errors`). */
  subtasks_skipped_errors?: number | null;
  /** Why the task failed (`FAILED` tasks). */
  fatal_error?: { code?: string | null; description?: string | null } | null;
  /** Why an `INACTIVE` task is not running (e.g. an administrator's message). */
  nice_status_details?: string | null;
  /** When the task was submitted (ISO 8601). */
  request_time?: string | null;
  /** When it ended (ISO 8601), `null` while it runs. */
  completion_time?: string | null;
}

/** How to show progress: `true` (auto), `false` (never) or a sink to use. */
export type ProgressSetting = boolean | DisplaySink;

/** Receives task snapshots while waiting. */
export interface ProgressReporter {
  /**
   * Shows the latest state.
   *
   * @param task The task as just fetched.
   */
  update(task: ProgressTask): Promise<void>;
  /**
   * Ends the display (a terminal line gets its newline).
   *
   * @param note A line to add under it: why the wait ended, when the task
   *   is still running (`taskWait`'s timeout).
   * @param thrown `true` when the wait ends by throwing an error that says
   *   what the note says (an abort, the kernel's interrupt): a terminal line
   *   then ends without the note, and a notebook's display keeps only its
   *   first sentence, since the error is printed right under either.
   */
  finish(note?: string, thrown?: boolean): Promise<void>;
}

/** Options of {@linkcode createProgress}. */
export interface ProgressOptions {
  /** The display id (default: unique per reporter). */
  id?: string | undefined;
  /**
   * Whether standard error is an interactive terminal.
   * @default {stderrIsTerminal()}
   */
  terminal?: boolean | undefined;
  /**
   * Writes to the terminal. Reporters given the same function share its
   * rows: while several lines are open, each has a row of its own.
   * @default {writeStderr}
   */
  write?: ((text: string) => void) | undefined;
  /**
   * The terminal's width, to fit the progress line to.
   * @default {terminalColumns()}, read at each update
   */
  columns?: number | undefined;
  /**
   * The terminal type: `"dumb"` draws without escape codes.
   * @default {the TERM environment variable}
   */
  termType?: string | undefined;
  /**
   * Arms `end`, which ends the open terminal line, for an interrupt
   * (Ctrl-C) until the returned function is called. Called with `true`
   * when the interrupt ends the program, `end` also writes a line saying
   * that the task goes on at Globus.
   * @default {the SDK's: the line is ended, then the program ends as
   *   interrupted (by SIGINT), as it would have}
   */
  onInterrupt?: ((end: (ending?: boolean) => void) => () => void) | undefined;
  /**
   * The sink for `true` (auto) mode.
   * @default {defaultDisplay()}
   */
  display?: DisplaySink | undefined;
  /**
   * Draw a {@linkcode TaskChart} of bytes and files over time under the
   * progress line in rich (HTML) displays, from the second update on.
   * @default {true}
   */
  chart?: boolean | undefined;
  /**
   * The clock for the chart's samples, ms since the epoch.
   * @default {Date.now}
   */
  now?: (() => number) | undefined;
}

/**
 * The fraction of the task that is done, from its subtask counters
 * (1 once it succeeded; `undefined` when unknown).
 *
 * @param task The task.
 * @returns A number in [0, 1], or `undefined`.
 *
 * @example How far along a task is
 * ```ts
 * import { progressFraction } from "@globus-deno/sdk";
 * console.log(progressFraction({ status: "ACTIVE", subtasks_total: 4, subtasks_pending: 1 })); // 0.75
 * console.log(progressFraction({ status: "SUCCEEDED" })); // 1
 * console.log(progressFraction({ status: "ACTIVE" })); // undefined
 * ```
 */
export function progressFraction(task: ProgressTask): number | undefined {
  if (task.status === "SUCCEEDED") return 1;
  const total = task.subtasks_total;
  if (typeof total !== "number" || total <= 0) return undefined;
  const open = (task.subtasks_pending ?? 0) + (task.subtasks_retrying ?? 0);
  let done = (total - open) / total;
  // A folder's subtasks finish before its files are counted and copied: a
  // recursive transfer read 63 % with 0/3 files. The files counted so far
  // bound it too (a delete task counts files but transfers none).
  const files = task.files;
  if (typeof files === "number" && files > 0 && task.type !== "DELETE") {
    const copied = (task.files_transferred ?? 0) + (task.files_skipped ?? 0);
    done = Math.min(done, copied / files);
  }
  // Not 100 % before Transfer says the task succeeded: it read "100 % ·
  // 48/48 files" while more files were still being found.
  return Math.min(MOST_BEFORE_DONE, Math.max(0, done));
}

/** The largest fraction shown for a task that has not succeeded yet. */
const MOST_BEFORE_DONE = 0.99;

/**
 * The rate shown: Transfer's `effective_bytes_per_second` when it says
 * something; for a task that ended, else its average (bytes over
 * completion_time − request_time). `undefined` leaves the rate out: a
 * finished task that moved bytes read "12 B at 0 B/s".
 */
function rateOf(task: ProgressTask): number | undefined {
  const given = task.effective_bytes_per_second;
  if (typeof given === "number" && Number.isFinite(given) && given > 0) {
    return given;
  }
  const bytes = task.bytes_transferred ?? 0;
  if (!(bytes > 0)) return undefined;
  const start = parseIsoTime(task.request_time ?? "");
  const end = parseIsoTime(task.completion_time ?? "");
  if (start === undefined || end === undefined || end <= start) {
    return undefined;
  }
  return bytes / ((end - start) / 1000);
}

/** How a status looks in HTML: none while it runs, green, red or amber. */
function statusColor(status: string): string | undefined {
  return status === "ACTIVE"
    ? undefined
    : status === "SUCCEEDED"
    ? "#2e7d32"
    : status === "FAILED"
    ? "#c62828"
    : "#a15c00";
}

function statusText(task: ProgressTask): string {
  const status = task.status ?? "UNKNOWN";
  const shown = task.nice_status && task.nice_status !== status
    ? `${status} (${task.nice_status})`
    : status;
  if (status === "INACTIVE") {
    // taskWait ends at INACTIVE (as Python's does): it is not done.
    const details = task.nice_status_details?.trim();
    return `${shown}: not running and not finished${
      details ? ` (${details})` : ""
    }; check it with await tc.getTask(${
      JSON.stringify(task.task_id ?? "<task id>")
    })`;
  }
  if (status !== "FAILED") return shown;
  // A failed task says why (its fatal_error), and where to read more; a
  // cancelled one only that it was cancelled.
  const fatal = task.fatal_error;
  const why = [
    fatal?.description?.trim(),
    fatal?.code ? `(${fatal.code})` : undefined,
  ].filter(Boolean).join(" ");
  if (fatal?.code === "CANCELED") return `${shown}: ${why}`;
  return `${shown}${
    why ? `: ${why}` : ""
  }. Its events say more: await tc.taskEventList(${
    JSON.stringify(task.task_id ?? "<task id>")
  }).toArray()`;
}

/**
 * Renders one progress snapshot.
 *
 * @param task The task.
 * @returns `html` (escaped) and a one-line `text`.
 *
 * @example A one-line progress report
 * ```ts
 * import { renderProgress } from "@globus-deno/sdk";
 * const { text } = renderProgress({
 *   task_id: "42f3b6a2",
 *   status: "ACTIVE",
 *   files: 10,
 *   files_transferred: 5,
 *   bytes_transferred: 2_500_000,
 *   effective_bytes_per_second: 500_000,
 *   subtasks_total: 10,
 *   subtasks_pending: 5,
 * });
 * console.log(text);
 * // Task 42f3b6a2 ACTIVE [##########----------] 50% 5/10 files, 2.5 MB at 500 kB/s
 * ```
 */
export function renderProgress(
  task: ProgressTask,
): { html: string; text: string } {
  const failed = task.status === "FAILED";
  const files = task.files_transferred ?? 0;
  // A failed task's subtasks are all done, but it is not 100 % done: its
  // bar shows the files that were copied, and no percentage.
  const fraction = failed
    ? (typeof task.files === "number" && task.files > 0
      ? Math.min(1, files / task.files)
      : 0)
    : progressFraction(task);
  const width = 20;
  const filled = fraction === undefined ? 0 : Math.round(fraction * width);
  // Before Transfer has counted the files (a queued task): an empty bar and
  // "files not counted yet", not "[????????????????????] 0/0 files".
  const bar = fraction === undefined
    ? "[" + ".".repeat(width) + "]"
    : "[" + "#".repeat(filled) + "-".repeat(width - filled) + "]";
  const pct = fraction === undefined || failed
    ? ""
    : ` ${Math.round(fraction * 100)}%`;
  // Files a sync level found already at the destination: without them a
  // re-run transfer that had nothing to copy read "100% · 0/3 files".
  const skipped = task.files_skipped ?? 0;
  const skippedText = skipped > 0
    ? ` (${countText(skipped)} skipped: already at the destination)`
    : "";
  // A delete task counts the files it finds (`files`) and transfers none:
  // a finished delete read "SUCCEEDED 100% 0/3 files, 0 B".
  const isDelete = task.type === "DELETE";
  const filesText = fraction === undefined && !task.files && !files
    ? "files not counted yet"
    : isDelete
    ? `${countText(task.files ?? 0)} files${
      task.status === "SUCCEEDED"
        ? " deleted"
        : task.status === "ACTIVE"
        ? " found"
        : ""
    }`
    : failed && !task.files
    ? `${countText(files)} files transferred`
    : typeof task.files === "number"
    ? `${countText(files)}/${countText(task.files)} files${skippedText}`
    : `${countText(files)} files${skippedText}`;
  // Items `skip_source_errors` skipped (a missing source): without them a
  // task with one item of two missing read "SUCCEEDED 100% 1/1 files".
  const skippedErrors = task.subtasks_skipped_errors ?? 0;
  const skippedErrorsText = skippedErrors > 0
    ? `, ${
      countText(skippedErrors)
    } skipped for errors (await tc.taskSkippedErrors(${
      JSON.stringify(task.task_id ?? "<task id>")
    }).toArray())`
    : "";
  // A delete moves no bytes: no "0 B" and no rate.
  const bytes = isDelete ? undefined : formatBytes(task.bytes_transferred ?? 0);
  const rateValue = isDelete ? undefined : rateOf(task);
  const rate = rateValue === undefined
    ? undefined
    : formatBytes(rateValue) + "/s";
  // When it ended, in the tables' time style.
  const endMs = task.status === "ACTIVE"
    ? undefined
    : parseIsoTime(task.completion_time ?? "");
  const ended = endMs === undefined ? undefined : `ended ${utcText(endMs)}`;
  const id = task.task_id ?? "";
  const status = task.status ?? "UNKNOWN";
  const statusLine = statusText(task);
  // Status, nice_status and id come from the service: no terminal control
  // codes (and no line breaks) reach the redrawn line.
  const text = terminalLine(
    `Task ${id} ${statusLine} ${bar}${pct} ${filesText}${
      bytes === undefined ? "" : `, ${bytes}`
    }${rate ? ` at ${rate}` : ""}${
      ended ? `, ${ended}` : ""
    }${skippedErrorsText}`,
  );
  const label = task.label ? ` “${escapeHtml(task.label)}”` : "";
  const color = statusColor(status);
  // A failed (or stopped) task's bar in its status's colour: a browser's
  // default blue or green bar read as success.
  const barStyle = color && status !== "SUCCEEDED"
    ? ` style="accent-color:${color}"`
    : "";
  const progressEl = fraction === undefined
    ? `<progress${barStyle}></progress>`
    : `<progress value="${fraction.toFixed(3)}" max="1"${barStyle}></progress>`;
  // The status word in its colour (bold for one that is not a success),
  // then the rest of the status line (a failure's reason) as it is.
  const rest = statusLine.slice(status.length);
  // As <font color> and <b>, not a style attribute: Jupyter drops every
  // style attribute from a notebook that is not trusted (a tutorial
  // notebook as committed, opened for the first time), and a FAILED task
  // read in black like any other.
  const word = escapeHtml(status);
  const statusHtml = color
    ? `<span class="globus-task-status"><font color="${color}">${
      status === "SUCCEEDED" ? word : `<b>${word}</b>`
    }</font></span>${escapeHtml(rest)}`
    : escapeHtml(statusLine);
  const boxStyle = color && status !== "SUCCEEDED"
    ? ` style="border-left:4px solid ${color};padding-left:6px"`
    : "";
  // A size, a rate and the end time each on one line (<nobr>, which an
  // untrusted notebook keeps): at a 600 px window "ended 2026-" closed a
  // line and "12-05 01:38:03 UTC" began the next; "12" and "B" could part.
  const unbroken = (x: string | undefined) =>
    x === undefined ? undefined : `<nobr>${escapeHtml(x)}</nobr>`;
  const tail = [
    filesText === undefined ? undefined : escapeHtml(filesText),
    unbroken(bytes),
    unbroken(rate),
    unbroken(ended),
    skippedErrorsText ? escapeHtml(skippedErrorsText.slice(2)) : undefined,
  ].filter((x) => x !== undefined).join(" · ");
  const html = `<div class="globus-task-progress" data-status="${
    escapeHtml(status)
  }"${boxStyle}><b>Task <nobr>${
    escapeHtml(id)
  }</nobr></b>${label}: ${statusHtml}<br>${progressEl}${
    // No percentage yet: no separator before the files either.
    pct ? `${escapeHtml(pct)} · ` : " "}${tail}</div>`;
  return { html, text };
}

const NOOP: ProgressReporter = {
  update: () => Promise.resolve(),
  finish: () => Promise.resolve(),
};

function uniqueId(): string {
  const c = globalThis.crypto as Crypto | undefined;
  const part = typeof c?.randomUUID === "function"
    ? c.randomUUID()
    : Math.random().toString(36).slice(2);
  return `globus-task-progress-${part}`;
}

/**
 * Where the chart draws a poll's sample: when it was polled, except for a
 * task that ended, drawn at its run time (completion_time − request_time,
 * Transfer's clock) after the first sample, and never before the last one
 * nor after the poll. taskWait polls every 10 s by default: a tutorial
 * transfer done in 2 s was drawn rising over 10 s, beside its rate. The
 * last sample keeps its own point (its time is after the previous one's).
 *
 * @param task The task as polled.
 * @param points The samples so far.
 * @param polled When it was polled (ms).
 * @returns The sample's time (ms).
 */
function sampleTime(
  task: ProgressTask,
  points: readonly ChartPoint[],
  polled: number,
): number {
  const first = points[0];
  const last = points.at(-1);
  if (task.status === "ACTIVE" || !first || !last) return polled;
  const start = parseIsoTime(task.request_time ?? "");
  const end = parseIsoTime(task.completion_time ?? "");
  if (start === undefined || end === undefined || end < start) return polled;
  // Transfer's times have whole seconds: a run time that ends at or before
  // the last sample (seen ACTIVE) puts the end between it and this poll.
  const ended = first.time + (end - start);
  return Math.min(
    polled,
    ended > last.time ? ended : (last.time + polled) / 2,
  );
}

function sinkReporter(
  sink: DisplaySink,
  id: string,
  options: ProgressOptions,
): ProgressReporter {
  let shown = false;
  let last: { html: string; text: string } | undefined;
  const points: ChartPoint[] = [];
  const now = options.now ?? Date.now;
  return {
    async update(task) {
      const { html, text } = renderProgress(task);
      let chart = "";
      if (options.chart ?? true) {
        points.push({
          time: sampleTime(task, points, now()),
          bytes: task.bytes_transferred ?? 0,
          files: task.files_transferred ?? 0,
        });
        // Two samples at least, and something moved: a task that failed
        // (or stayed queued) with nothing sent drew an empty chart ("1 B").
        chart = points.length < 2 ||
            !points.some((p) => p.bytes > 0 || p.files > 0)
          ? ""
          // An <img> of the SVG: Jupyter drops an inline <svg> from a
          // notebook that is not trusted, leaving its texts run together.
          : svgImageHtml(
            new TaskChart(points, {
              ...chartOptionsFromTask(task),
              heading: false,
            }).svg(),
            "globus-task-chart",
          );
      }
      last = { html: html + chart, text };
      const bundle = { "text/html": html + chart, "text/plain": text };
      if (!shown) {
        shown = true;
        await sink.show(bundle, { id });
      } else {
        await sink.show(bundle, { id, update: true });
      }
    },
    async finish(note?: string, thrown?: boolean) {
      if (!note) return;
      // An error saying the same is thrown: the cell shows it right under
      // the display, so the display keeps only the first sentence (the
      // waiting stopped), and the error says what to do. The whole
      // paragraph stood twice, one under the other.
      if (thrown) note = firstSentence(note);
      // A wait whose status requests were never answered showed nothing.
      if (!shown || last === undefined) {
        await sink.show({
          "text/html": `<div>${noteHtml(note)}</div>`,
          "text/plain": note,
        }, { id });
        return;
      }
      // The display stayed "ACTIVE" at its last percentage when the wait
      // timed out, with nothing to say the waiting had stopped.
      await sink.show({
        "text/html": `${last.html}<div style="margin-top:4px">${
          noteHtml(note)
        }</div>`,
        "text/plain": `${last.text}\n${note}`,
      }, { id, update: true });
    },
  };
}

/**
 * A note under the display, in amber (a <font color>, which a notebook
 * that is not trusted keeps, unlike a style attribute).
 */
function noteHtml(note: string): string {
  return `<font color="#8a5a00">${
    note.split(CALL).map((part, i) =>
      // The odd parts are the calls, each on one line: at a 600 px window
      // 'tc.taskWait("e8da5439-f47b-424f-9a71-' ended a line.
      i % 2 ? `<nobr>${escapeHtml(part)}</nobr>` : escapeHtml(part)
    ).join("")
  }</font>`;
}

/** A call a note tells to run: `tc.taskWait("…")`, `tc.cancelTask("…")`. */
const CALL = /(tc\.\w+\((?:"[^"]*")?\)(?:\.toArray\(\))?)/;

/**
 * A note's first sentence: up to the first `. ` (after a closing quote or
 * a word), or all of it.
 */
function firstSentence(note: string): string {
  const m = /^.*?[^.\s]"?\.(?=\s)/s.exec(note);
  return m ? m[0] : note;
}

/**
 * The line a terminal shows when Ctrl-C ends a program during `taskWait`
 * (the kernel's interrupt error says the same).
 */
function interruptedNote(id: string | undefined): string {
  return id
    ? stoppedWaitingText(terminalLine(id)) + ".\n"
    : "Interrupted: stopped waiting. The task keeps running on Globus.\n";
}

function terminalReporter(
  write: (text: string) => void,
  columns: () => number | undefined,
  dumb: boolean,
  onInterrupt: (end: (ending?: boolean) => void) => () => void,
): ProgressReporter {
  /** The line on the board, while it is open. */
  let row: BoardRow | undefined;
  // Waits that run at once share the terminal's rows (one line each).
  let board: TerminalBoard | undefined;
  /** Set when Ctrl-C ended the line. */
  let tidied = false;
  let taskId: string | undefined;
  let disarm = () => {};
  return {
    update(task) {
      if (!row) {
        const on = terminalBoard(write, dumb);
        board = on;
        const open = on.add();
        row = open;
        // Ctrl-C while the line is open: its newline first, so the shell's
        // prompt (or what the program prints) does not land on it. When
        // the interrupt ends the program, a line says the task itself was
        // not stopped (Ctrl-C ends the wait, not the transfer).
        disarm = onInterrupt((ending) => {
          if (row !== open) return;
          on.interrupt(open, ending ? interruptedNote(taskId) : "");
          row = undefined;
          tidied = true;
        });
      }
      taskId = task.task_id;
      board!.update(row, renderProgress(task).text, columns());
      return Promise.resolve();
    },
    finish(note?: string, thrown?: boolean) {
      disarm();
      disarm = () => {};
      // The error the wait throws says it (the notebook's display keeps
      // the note: there the error is shown apart from it).
      if (thrown) note = undefined;
      if (row) board!.finish(row, note, columns());
      // A wait whose status requests were never answered drew no line (a
      // line ended by Ctrl-C has said what it had to).
      else if (note && !tidied) {
        terminalBoard(write, dumb).print(`${note}\n`, columns());
      }
      row = undefined;
      return Promise.resolve();
    },
  };
}

/**
 * Creates the progress reporter for a setting: a given sink is always used
 * (one display, updated in place); `true` uses the Jupyter display inside
 * the Deno kernel, else an updating standard-error line on a terminal,
 * else nothing; `false` shows nothing.
 *
 * @param setting `true`, `false` or a {@linkcode DisplaySink}.
 * @param options Seams for tests.
 * @returns The reporter.
 *
 * @example Report progress to your own sink
 * ```ts
 * import { createProgress, type DisplaySink } from "@globus-deno/sdk";
 * const sink: DisplaySink = {
 *   rich: false,
 *   show: (bundle, options) => {
 *     console.log(options?.update ? "update:" : "show:", bundle["text/plain"]);
 *     return Promise.resolve();
 *   },
 * };
 * const progress = createProgress(sink);
 * await progress.update({ task_id: "t1", status: "ACTIVE", subtasks_total: 2, subtasks_pending: 1 });
 * await progress.update({ task_id: "t1", status: "SUCCEEDED" });
 * await progress.finish();
 * ```
 */
export function createProgress(
  setting: ProgressSetting,
  options: ProgressOptions = {},
): ProgressReporter {
  if (setting === false) return NOOP;
  const id = options.id ?? uniqueId();
  if (setting !== true) return sinkReporter(setting, id, options);
  const sink = options.display ?? defaultDisplay();
  if (sink.rich) return sinkReporter(sink, id, options);
  if (options.terminal ?? stderrIsTerminal()) {
    return terminalReporter(
      options.write ?? writeStderr,
      () => options.columns ?? terminalColumns(),
      (options.termType ?? getEnv("TERM")) === "dumb",
      options.onInterrupt ?? tidyOnInterrupt,
    );
  }
  return NOOP;
}
