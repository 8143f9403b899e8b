/**
 * A transfer chart: bytes and files transferred over time, with the
 * effective rate, drawn as SVG (no dependency) for notebooks and as a
 * one-line summary with a sparkline for terminals. `taskWait()` shows it
 * live under its progress line in the Deno Jupyter kernel;
 * `TransferClient.taskChart()` draws it afterwards from a task's events.
 * Every text put into the SVG goes through {@linkcode escapeHtml}. In
 * `text/html` outputs the SVG is an `<img>` with a `data:` URI, which a
 * notebook opened as "Not Trusted" still shows (Jupyter's sanitizer drops
 * inline `<svg>` elements).
 *
 * @module
 */
import { terminalLine } from "../core/terminal_text.ts";
import { DENO_INSPECT, NODE_INSPECT } from "../core/redact.ts";
import { escapeHtml, JUPYTER_DISPLAY, type MimeBundle } from "./display.ts";
import { svgImageHtml } from "./_svg_image.ts";
import { formatBytes, parseEventDetails } from "./tables.ts";

/** One sample of a task's counters. */
export interface ChartPoint {
  /** When, in milliseconds since the epoch. */
  time: number;
  /** Bytes transferred so far. */
  bytes: number;
  /** Files transferred so far. */
  files: number;
}

/** The task fields a chart is labelled from (a `Task` has them all). */
export interface ChartTask {
  /** The task id. */
  task_id?: string;
  /** `ACTIVE`, `INACTIVE`, `SUCCEEDED` or `FAILED`. */
  status?: string;
  /** The task label. */
  label?: string | null;
  /** `TRANSFER` or `DELETE`. */
  type?: string | null;
  /** Files found. */
  files?: number | null;
  /** Files transferred so far. */
  files_transferred?: number | null;
  /** Files a sync level skipped: already at the destination. */
  files_skipped?: number | null;
  /** Bytes transferred so far. */
  bytes_transferred?: number | null;
  /** The average rate, bytes per second. */
  effective_bytes_per_second?: number | null;
  /** When the task was submitted (ISO 8601). */
  request_time?: string | null;
  /** When it finished (ISO 8601), `null` while it runs. */
  completion_time?: string | null;
}

/** The event fields a chart is drawn from (a `TaskEvent` has them all). */
export interface ChartEvent {
  /** e.g. `STARTED`, `PROGRESS`, `SUCCEEDED`. */
  code?: string;
  /** For `PROGRESS`: JSON with `bytes_transferred` (and more). */
  details?: string | null;
  /** When (ISO 8601). */
  time?: string | null;
}

/** Options of {@linkcode TaskChart}. */
export interface TaskChartOptions {
  /** The task id, shown in the heading. */
  taskId?: string | undefined;
  /** The task label, shown in the heading. */
  label?: string | null | undefined;
  /** The task status, shown in the heading. */
  status?: string | undefined;
  /** Files in the task, when known (the files axis goes up to it). */
  files?: number | null | undefined;
  /**
   * Files a sync level skipped, already at the destination (the summary
   * says so: a re-run transfer read "0/3 files, 0 B … (effective 0 B/s)").
   */
  skipped?: number | null | undefined;
  /**
   * The task type: for `DELETE` the summary counts the files deleted, with
   * no bytes or rate (a delete transfers none).
   */
  type?: string | null | undefined;
  /** The effective rate in bytes per second (default: bytes ÷ elapsed time). */
  rate?: number | null | undefined;
  /** Time zero, ms since the epoch (default: the first point's time). */
  start?: number | undefined;
  /**
   * Draw the heading lines (task, status, totals and rate).
   * @default {true}
   */
  heading?: boolean | undefined;
  /**
   * The width in pixels.
   * @default {560}
   */
  width?: number | undefined;
  /**
   * The height in pixels.
   * @default {220}
   */
  height?: number | undefined;
}

const BYTES_COLOR = "#1f6fb4";
const FILES_COLOR = "#d9730d";
const SPARKS = "▁▂▃▄▅▆▇█";

/** The longest label the chart's label line shows whole (characters). */
const MAX_LABEL = 60;

/**
 * Larger texts when the chart is drawn narrower than its width. A notebook's
 * stylesheet scales an image down to its output area (`max-width: 100%`):
 * at a 600 px wide window Notebook's output area is about 430 px, and the
 * 11 px labels of a 560 px chart shrank to 8 px. The media queries of an
 * SVG shown as an image measure the image as drawn, so these sizes (in the
 * chart's own units, scaled with it) keep the labels at 10–12 px on the
 * screen down to a 400 px wide image, in a notebook that is not trusted too
 * (its `<img>` keeps the SVG whole). The margins leave room for the tick
 * labels at these sizes.
 */
const NARROW_STYLE = "<style>" +
  "@media (max-width: 500px) { .bytes-label, .files-label, .time-label, " +
  ".axis-title, .summary { font-size: 13.5px } }" +
  "@media (max-width: 440px) { .bytes-label, .files-label, .time-label, " +
  ".axis-title, .summary { font-size: 15px } .heading { font-size: 14px } }" +
  "</style>";

function finite(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value)
    ? value
    : undefined;
}

/**
 * Sorts points by time, drops ones without a finite time, merges points at
 * the same time and makes both counters non-decreasing (a counter that
 * seems to go back, e.g. a late `PROGRESS` event, keeps its highest value).
 *
 * @param points The samples, in any order.
 * @returns New points, ordered by time.
 *
 * @example Out-of-order samples
 * ```ts
 * import { normalizeChartPoints } from "@globus-deno/sdk";
 * console.log(normalizeChartPoints([
 *   { time: 2000, bytes: 10, files: 1 },
 *   { time: 1000, bytes: 0, files: 0 },
 *   { time: 3000, bytes: 8, files: 1 },
 * ]).map((p) => p.bytes)); // [0, 10, 10]
 * ```
 */
export function normalizeChartPoints(
  points: Iterable<ChartPoint>,
): ChartPoint[] {
  const valid = [...points]
    .filter((p) => finite(p?.time) !== undefined)
    .map((p) => ({
      time: p.time,
      bytes: Math.max(0, finite(p.bytes) ?? 0),
      files: Math.max(0, finite(p.files) ?? 0),
    }))
    .sort((a, b) => a.time - b.time);
  const out: ChartPoint[] = [];
  let bytes = 0;
  let files = 0;
  for (const p of valid) {
    bytes = Math.max(bytes, p.bytes);
    files = Math.max(files, p.files);
    const last = out.at(-1);
    if (last && last.time === p.time) {
      last.bytes = bytes;
      last.files = files;
    } else out.push({ time: p.time, bytes, files });
  }
  return out;
}

/**
 * Formats a duration in seconds for axis labels (`45 s`, `2.5 min`, `3 h`).
 *
 * @param seconds The duration.
 * @returns The text.
 */
function formatSeconds(seconds: number): string {
  const round = (v: number) =>
    Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 1 : 0);
  if (seconds < 120) return `${round(Math.round(seconds * 10) / 10)} s`;
  if (seconds < 7200) return `${round(Math.round(seconds / 6) / 10)} min`;
  return `${round(Math.round(seconds / 360) / 10)} h`;
}

function fmt(n: number): string {
  return (Math.round(n * 10) / 10).toString();
}

/**
 * A chart of a task's bytes and files over time. Leave it as a cell's last
 * expression to see the SVG in Jupyter; `String(chart)` is a summary line
 * and a sparkline.
 *
 * @example Draw a chart from samples
 * ```ts
 * import { TaskChart } from "@globus-deno/sdk";
 * const chart = new TaskChart([
 *   { time: 0, bytes: 0, files: 0 },
 *   { time: 5_000, bytes: 2_500_000, files: 1 },
 *   { time: 10_000, bytes: 5_000_000, files: 2 },
 * ], { taskId: "42f3b6a2", status: "SUCCEEDED", files: 2 });
 * console.log(String(chart));
 * // Task 42f3b6a2 SUCCEEDED: 2/2 files, 5.0 MB in 10 s (effective 500 kB/s)
 * // bytes ▁▁▁▂▂▂▂▃▃▃▃▃▄▄▄▄▅▅▅▅▅▆▆▆▆▆▇▇▇▇███
 * console.log(chart.svg().startsWith("<svg")); // true
 * ```
 */
export class TaskChart {
  /** The samples, ordered by time, counters non-decreasing. */
  readonly points: readonly ChartPoint[];
  /** The options used. */
  readonly options: Readonly<TaskChartOptions>;

  /**
   * Creates a chart.
   *
   * @param points The samples (see {@linkcode normalizeChartPoints}).
   * @param options Heading, axis limits and size.
   */
  constructor(points: Iterable<ChartPoint>, options: TaskChartOptions = {}) {
    this.points = normalizeChartPoints(points);
    this.options = { ...options };
  }

  /** Time zero (ms since the epoch). */
  get start(): number {
    const first = this.points[0]?.time ?? 0;
    const s = finite(this.options.start);
    return s === undefined ? first : Math.min(s, first);
  }

  /** Milliseconds from time zero to the last point. */
  get elapsedMs(): number {
    const last = this.points.at(-1);
    return last ? last.time - this.start : 0;
  }

  /** Bytes transferred at the last point. */
  get bytes(): number {
    return this.points.at(-1)?.bytes ?? 0;
  }

  /** Files transferred at the last point. */
  get files(): number {
    return this.points.at(-1)?.files ?? 0;
  }

  /** The effective rate in bytes per second (`undefined` when unknown). */
  get rate(): number | undefined {
    const given = finite(this.options.rate);
    if (given !== undefined) return given;
    const s = this.elapsedMs / 1000;
    return s > 0 ? this.bytes / s : undefined;
  }

  #summary(): string {
    const { files } = this.options;
    // A delete transfers no files and no bytes: "SUCCEEDED: 0/3 files, 0 B
    // in 0 s (effective 0 B/s)" said nothing of what it did.
    if (this.options.type === "DELETE") {
      const n = typeof files === "number" ? files : this.files;
      const done = this.options.status === "SUCCEEDED" ? " deleted" : "";
      return `${n} files${done} in ${formatSeconds(this.elapsedMs / 1000)}`;
    }
    const skipped = finite(this.options.skipped) ?? 0;
    const filesText =
      (typeof files === "number"
        ? `${this.files}/${files} files`
        : `${this.files} files`) +
      // Shorter than the taskWait display's "already at the destination":
      // the summary is one line of the drawing, enlarged when it is narrow.
      (skipped > 0 ? ` (${skipped} skipped: already there)` : "");
    const rate = this.rate;
    // Nothing moved: no "effective 0 B/s" (the taskWait display leaves it
    // out too).
    const rateText = rate === undefined || (rate === 0 && this.bytes === 0)
      ? ""
      : ` (effective ${formatBytes(rate)}/s)`;
    // Transfer's times have whole seconds: a task done within one reads
    // as 0 s, where "0 s" beside a rate reads as a contradiction.
    return `${filesText}, ${formatBytes(this.bytes)} in ${
      this.elapsedMs < 1000 && (this.bytes > 0 || this.files > 0)
        ? "under 1 s"
        : formatSeconds(this.elapsedMs / 1000)
    }${rateText}`;
  }

  #heading(withLabel = true): string {
    const o = this.options;
    const id = o.taskId ? `Task ${o.taskId}` : "Task";
    const label = o.label && withLabel ? ` “${o.label}”` : "";
    return `${id}${label}${o.status ? ` ${o.status}` : ""}`;
  }

  /**
   * The chart as one `<svg>` element: bytes (solid, left axis) and files
   * (dashed, right axis) over the time since the start.
   *
   * @returns The SVG markup, every text escaped.
   */
  svg(): string {
    const o = this.options;
    const heading = o.heading ?? true;
    // The label has a line of its own under "Task <id> <status>": on one
    // line with the id, the tutorial's label pushed the status past the
    // chart's right edge ("… “globus-deno tutorial transfer” SUCCEEDE").
    // A long one is cut there with "…" (the image's alt text has it all).
    const labelLine = heading && o.label
      ? `“${
        o.label.length > MAX_LABEL
          ? `${o.label.slice(0, MAX_LABEL - 1)}…`
          : o.label
      }”`
      : undefined;
    const W = finite(o.width) ?? 560;
    const H = finite(o.height) ?? (labelLine ? 236 : 220);
    // Room beside the plot for the tick labels at their narrow size (see
    // NARROW_STYLE) and the rotated axis titles.
    const m = {
      l: 88,
      r: 64,
      t: heading ? (labelLine ? 60 : 44) : 14,
      b: 40,
    };
    const pw = Math.max(10, W - m.l - m.r);
    const ph = Math.max(10, H - m.t - m.b);
    const t0 = this.start;
    const spanMs = Math.max(1000, this.elapsedMs);
    const maxBytes = Math.max(1, this.bytes);
    const maxFiles = Math.max(1, this.files, finite(o.files) ?? 0);
    const x = (t: number) => m.l + ((t - t0) / spanMs) * pw;
    const yB = (b: number) => m.t + ph - (b / maxBytes) * ph;
    const yF = (f: number) => m.t + ph - (f / maxFiles) * ph;
    const line = (ys: (p: ChartPoint) => number) =>
      this.points.map((p) => `${fmt(x(p.time))},${fmt(ys(p))}`).join(" ");
    const parts: string[] = [];
    const title = `${this.#heading()}: ${this.#summary()}`;
    parts.push(
      `<svg xmlns="http://www.w3.org/2000/svg" class="globus-task-chart" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" data-points="${this.points.length}" font-family="sans-serif" font-size="11">`,
      `<title>${escapeHtml(title)}</title>`,
      NARROW_STYLE,
      `<rect x="0" y="0" width="${W}" height="${H}" fill="#fff"/>`,
    );
    if (heading) {
      parts.push(
        `<text class="heading" x="10" y="16" font-size="13" font-weight="bold">${
          escapeHtml(this.#heading(false))
        }</text>`,
      );
      if (labelLine) {
        parts.push(
          `<text class="summary" x="10" y="32">${escapeHtml(labelLine)}</text>`,
        );
      }
      parts.push(
        `<text class="summary" x="10" y="${labelLine ? 48 : 32}">${
          escapeHtml(this.#summary())
        }</text>`,
      );
    }
    const bottom = m.t + ph;
    const right = m.l + pw;
    // Grid and axes.
    for (const f of [0.5, 1]) {
      const y = fmt(m.t + ph - f * ph);
      parts.push(
        `<line x1="${m.l}" y1="${y}" x2="${right}" y2="${y}" stroke="#e3e3e3"/>`,
      );
    }
    parts.push(
      `<line x1="${m.l}" y1="${bottom}" x2="${right}" y2="${bottom}" stroke="#888"/>`,
      `<line x1="${m.l}" y1="${m.t}" x2="${m.l}" y2="${bottom}" stroke="${BYTES_COLOR}"/>`,
      `<line x1="${right}" y1="${m.t}" x2="${right}" y2="${bottom}" stroke="${FILES_COLOR}"/>`,
    );
    for (const f of [0, 0.5, 1]) {
      const yb = fmt(yB(f * maxBytes) + 4);
      // The middle labels only where they are whole bytes and whole files
      // (a 1-byte axis would say "1 B" twice).
      const mid = f === 0.5;
      // Nothing moved: no "1 B" at the top of an axis of nothing.
      const emptyTop = f === 1 && this.bytes === 0;
      if ((!mid || Number.isInteger(f * maxBytes)) && !emptyTop) {
        parts.push(
          `<text class="bytes-label" x="${
            m.l - 6
          }" y="${yb}" text-anchor="end" fill="${BYTES_COLOR}">${
            escapeHtml(formatBytes(f * maxBytes))
          }</text>`,
        );
      }
      if (!mid || Number.isInteger(f * maxFiles)) {
        parts.push(
          `<text class="files-label" x="${
            right + 6
          }" y="${yb}" fill="${FILES_COLOR}">${
            escapeHtml(fmt(f * maxFiles))
          }</text>`,
        );
      }
      parts.push(
        `<text class="time-label" x="${fmt(m.l + f * pw)}" y="${
          bottom + 17
        }" text-anchor="middle">${
          escapeHtml(formatSeconds((f * spanMs) / 1000))
        }</text>`,
      );
    }
    parts.push(
      `<text class="axis-title" x="${fmt(m.l + pw / 2)}" y="${
        bottom + 33
      }" text-anchor="middle" fill="#555">time since start</text>`,
      `<text class="axis-title" x="10" y="${
        fmt(m.t + ph / 2)
      }" text-anchor="middle" fill="${BYTES_COLOR}" transform="rotate(-90 10 ${
        fmt(m.t + ph / 2)
      })">bytes ━</text>`,
      `<text class="axis-title" x="${W - 10}" y="${
        fmt(m.t + ph / 2)
      }" text-anchor="middle" fill="${FILES_COLOR}" transform="rotate(90 ${
        W - 10
      } ${fmt(m.t + ph / 2)})">files ╍</text>`,
    );
    if (this.points.length > 0) {
      parts.push(
        `<polyline class="bytes" fill="none" stroke="${BYTES_COLOR}" stroke-width="2" points="${
          line((p) => yB(p.bytes))
        }"/>`,
        `<polyline class="files" fill="none" stroke="${FILES_COLOR}" stroke-width="2" stroke-dasharray="5 3" points="${
          line((p) => yF(p.files))
        }"/>`,
      );
      const last = this.points.at(-1)!;
      parts.push(
        `<circle cx="${fmt(x(last.time))}" cy="${
          fmt(yB(last.bytes))
        }" r="3" fill="${BYTES_COLOR}"/>`,
      );
      if (this.bytes === 0 && this.files === 0) {
        // A flat line at 0 under a "1 B" axis read as a drawing gone wrong
        // (a re-run transfer with every file already there).
        const note = (finite(o.skipped) ?? 0) > 0
          ? "nothing to copy: the files were already there"
          : o.status === "SUCCEEDED" || o.status === "FAILED"
          ? "nothing transferred"
          : "nothing transferred yet";
        parts.push(
          `<text class="summary" x="${fmt(m.l + pw / 2)}" y="${
            fmt(m.t + ph / 2)
          }" text-anchor="middle" fill="#888">${note}</text>`,
        );
      }
    } else {
      parts.push(
        `<text class="summary" x="${fmt(m.l + pw / 2)}" y="${
          fmt(m.t + ph / 2)
        }" text-anchor="middle" fill="#888">no progress reported yet</text>`,
      );
    }
    parts.push("</svg>");
    return parts.join("");
  }

  /**
   * A sparkline of the bytes over time (`width` + 1 columns).
   *
   * @param width The number of columns.
   * @returns e.g. `▁▁▃▅▇█`.
   */
  sparkline(width = 32): string {
    const pts = this.points;
    if (pts.length === 0) return "";
    const maxBytes = this.bytes;
    const spanMs = this.elapsedMs;
    const cols = spanMs > 0 ? Math.max(2, Math.floor(width)) : 1;
    let out = "";
    let j = 0;
    for (let i = 0; i <= cols; i++) {
      const t = this.start + (spanMs * i) / cols;
      while (j + 1 < pts.length && pts[j + 1]!.time <= t) j++;
      const a = pts[j]!;
      const next = pts[j + 1];
      // Linear between samples, as the SVG's line.
      const b = a.time > t ? 0 : next && next.time > a.time
        ? a.bytes +
          ((next.bytes - a.bytes) * (t - a.time)) / (next.time - a.time)
        : a.bytes;
      const level = maxBytes > 0
        ? Math.round((b / maxBytes) * (SPARKS.length - 1))
        : 0;
      out += SPARKS[level];
    }
    return out;
  }

  /**
   * A summary line and a sparkline of the bytes, for terminals.
   *
   * @returns The text.
   */
  toString(): string {
    const first = terminalLine(`${this.#heading()}: ${this.#summary()}`);
    const spark = this.sparkline();
    return spark ? `${first}\nbytes ${spark}` : first;
  }

  /**
   * Deno's inspect hook: {@linkcode TaskChart.toString} (a script's
   * `console.log(chart)` showed its sample points and options).
   *
   * @returns The text.
   */
  [DENO_INSPECT](): string {
    return this.toString();
  }

  /**
   * Node's inspect hook: {@linkcode TaskChart.toString}.
   *
   * @returns The text.
   */
  [NODE_INSPECT](): string {
    return this.toString();
  }

  /**
   * The rich rendering the Deno kernel asks for. The HTML shows the SVG as
   * an `<img class="globus-task-chart">` whose `src` is a
   * `data:image/svg+xml;base64,…` URI (its `alt` is the summary), which
   * Jupyter also shows in a notebook that is not trusted.
   *
   * @returns `{"image/svg+xml": …, "text/html": …, "text/plain": …}`.
   */
  [JUPYTER_DISPLAY](): MimeBundle {
    const svg = this.svg();
    return {
      "image/svg+xml": svg,
      "text/html": `<div class="globus-task-chart">${
        svgImageHtml(svg, "globus-task-chart")
      }</div>`,
      "text/plain": this.toString(),
    };
  }

  /**
   * The chart's data, for JSON.
   *
   * @returns The task id, totals, rate and points.
   */
  toJSON(): {
    task_id: string | null;
    bytes: number;
    files: number;
    elapsed_ms: number;
    effective_bytes_per_second: number | null;
    points: ChartPoint[];
  } {
    return {
      task_id: this.options.taskId ?? null,
      bytes: this.bytes,
      files: this.files,
      elapsed_ms: this.elapsedMs,
      effective_bytes_per_second: this.rate ?? null,
      points: this.points.map((p) => ({ ...p })),
    };
  }
}

function parseTime(value: string | null | undefined): number | undefined {
  if (typeof value !== "string" || value === "") return undefined;
  const t = Date.parse(value);
  return Number.isFinite(t) ? t : undefined;
}

/**
 * The chart options a task document gives (id, label, status, file count,
 * effective rate).
 *
 * @param task The task.
 * @returns Options for {@linkcode TaskChart}.
 */
export function chartOptionsFromTask(task: ChartTask): TaskChartOptions {
  const o: TaskChartOptions = {};
  if (task.task_id) o.taskId = task.task_id;
  if (task.label) o.label = task.label;
  if (task.status) o.status = task.status;
  if (typeof task.files === "number") o.files = task.files;
  const skipped = finite(task.files_skipped);
  if (skipped !== undefined && skipped > 0) o.skipped = skipped;
  if (task.type) o.type = task.type;
  // A rate of 0 for a task that moved bytes (a task done within a poll)
  // is left to the points: "12 B in 4 s (effective 0 B/s)" contradicted
  // itself.
  const rate = finite(task.effective_bytes_per_second);
  const moved = (finite(task.bytes_transferred) ?? 0) > 0;
  if (rate !== undefined && (rate > 0 || !moved)) o.rate = rate;
  return o;
}

/**
 * Draws a task's chart from its document and its event list: zero at
 * `request_time`, a point at `STARTED`, one per `PROGRESS` event, and the
 * task's totals at `completion_time` (or at `now` while it runs).
 *
 * A `PROGRESS` event's details are JSON with `bytes_transferred`: with a
 * `duration` field (an interval report) the bytes of that interval, which
 * are added up; without it (the emulator's form) the running total.
 *
 * @param task The task document (`getTask()`).
 * @param events Its events (`taskEventList()`), newest or oldest first.
 * @param options `now`: the time of the last point for a running task (ms
 *   since the epoch).
 * @returns The chart.
 *
 * @example A chart from a finished task's events
 * ```ts
 * import { taskChartFromEvents } from "@globus-deno/sdk";
 * const chart = taskChartFromEvents(
 *   {
 *     task_id: "t1",
 *     status: "SUCCEEDED",
 *     files: 3,
 *     files_transferred: 3,
 *     bytes_transferred: 3_000_000,
 *     request_time: "2026-01-05T10:00:00+00:00",
 *     completion_time: "2026-01-05T10:00:30+00:00",
 *   },
 *   [
 *     { code: "SUCCEEDED", time: "2026-01-05T10:00:30+00:00", details: "{}" },
 *     {
 *       code: "PROGRESS",
 *       time: "2026-01-05T10:00:20+00:00",
 *       details: '{"bytes_transferred": 2000000, "files_transferred": 2}',
 *     },
 *     { code: "STARTED", time: "2026-01-05T10:00:02+00:00", details: "{}" },
 *   ],
 * );
 * console.log(chart.points.length); // 4
 * console.log(String(chart).split("\n")[0]);
 * // Task t1 SUCCEEDED: 3/3 files, 3.0 MB in 30 s (effective 100 kB/s)
 * ```
 */
export function taskChartFromEvents(
  task: ChartTask,
  events: Iterable<ChartEvent>,
  options: { now?: number | undefined } = {},
): TaskChart {
  const points: ChartPoint[] = [];
  const start = parseTime(task.request_time);
  if (start !== undefined) points.push({ time: start, bytes: 0, files: 0 });
  const list = [...events].map((e, i) => ({ e, i, t: parseTime(e?.time) }))
    .filter((x): x is { e: ChartEvent; i: number; t: number } =>
      x.t !== undefined
    );
  // The API lists events newest first: oldest first for equal times too.
  const newestFirst = list.length > 1 && list[0]!.t >= list.at(-1)!.t &&
    list[0]!.t !== list.at(-1)!.t;
  list.sort((a, b) => a.t - b.t || (newestFirst ? b.i - a.i : a.i - b.i));
  let bytes = 0;
  let files = 0;
  let lastTime: number | undefined;
  for (const { e, t } of list) {
    lastTime = t;
    if (e.code === "STARTED") {
      points.push({ time: t, bytes, files });
    } else if (e.code === "PROGRESS") {
      const d = parseEventDetails(e.details);
      const b = finite(d?.bytes_transferred);
      if (d === undefined || b === undefined) continue;
      bytes = finite(d.duration) !== undefined ? bytes + b : b;
      files = finite(d.files_transferred) ?? files;
      points.push({ time: t, bytes, files });
    }
  }
  const done = parseTime(task.completion_time);
  const end = done ??
    (task.status === "ACTIVE" || task.status === "INACTIVE"
      ? finite(options.now) ?? lastTime
      : lastTime);
  if (end !== undefined) {
    points.push({
      time: end,
      bytes: finite(task.bytes_transferred) ?? bytes,
      files: finite(task.files_transferred) ?? files,
    });
  }
  const chartOptions = chartOptionsFromTask(task);
  if (start !== undefined) chartOptions.start = start;
  return new TaskChart(points, chartOptions);
}
