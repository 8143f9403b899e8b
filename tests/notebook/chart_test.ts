import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import {
  chartOptionsFromTask,
  normalizeChartPoints,
  TaskChart,
  taskChartFromEvents,
} from "../../src/notebook/chart.ts";
import { createProgress } from "../../src/notebook/progress.ts";
import { JUPYTER_DISPLAY } from "../../src/notebook/display.ts";
import { startEmulator } from "../../src/testing/emulator.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { TransferData } from "../../src/transfer/transfer_data.ts";
import { recorder } from "./_recorder.ts";

const TRANSFER_SCOPE = "urn:globus:auth:scope:transfer.api.globus.org:all";

/** Every `<` of the markup opens (or closes) one of the chart's own tags. */
function onlyChartTags(svg: string): boolean {
  const all = svg.match(/</g)?.length ?? 0;
  const tags = svg.match(
    /<\/?(?:svg|title|style|rect|text|line|polyline|circle)[\s>/]/g,
  )?.length ?? 0;
  return all === tags;
}

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

const CHART_IMG =
  /<img class="globus-task-chart" [^>]*src="data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)">/g;

/**
 * The chart images in an HTML output, each decoded back to its SVG (the
 * base64 is of the SVG's UTF-8 bytes). Also checks that the HTML has no
 * inline `<svg>`, which Jupyter drops from a notebook that is not trusted.
 */
function chartImages(html: string): { tag: string; svg: string }[] {
  assert.ok(!/<svg[\s>]/.test(html), `an inline <svg> in ${html}`);
  return [...html.matchAll(CHART_IMG)].map((m) => ({
    tag: m[0],
    svg: new TextDecoder().decode(
      Uint8Array.from(atob(m[1]!), (c) => c.charCodeAt(0)),
    ),
  }));
}

/** The one chart of an HTML output, as its decoded SVG. */
function oneChart(html: string): string {
  const images = chartImages(html);
  assert.equal(images.length, 1, html);
  return images[0]!.svg;
}

/** The polyline's points for one series, as [x, y] pairs. */
function series(svg: string, name: string): [number, number][] {
  const m = new RegExp(`<polyline class="${name}"[^>]* points="([^"]*)"`)
    .exec(svg);
  assert.ok(m, `no ${name} polyline in ${svg}`);
  return m[1]!.split(" ").map((p) =>
    p.split(",").map(Number) as [number, number]
  );
}

const samples = [
  { time: 1_000, bytes: 0, files: 0 },
  { time: 4_000, bytes: 1_500_000, files: 1 },
  { time: 7_000, bytes: 2_000_000, files: 2 },
  { time: 11_000, bytes: 6_000_000, files: 3 },
];

test("the SVG is one <svg> with axes labels and monotonic lines", () => {
  const chart = new TaskChart(samples, {
    taskId: "t1",
    status: "SUCCEEDED",
    files: 3,
  });
  const svg = chart.svg();
  assert.equal(count(svg, "<svg"), 1);
  assert.equal(count(svg, "</svg>"), 1);
  assert.ok(svg.startsWith("<svg") && svg.endsWith("</svg>"));
  assert.match(svg, /data-points="4"/);
  // Axes: bytes up to the total on the left, files on the right, time below.
  assert.match(svg, />6\.0 MB</);
  assert.match(svg, />0 B</);
  assert.match(svg, />3</);
  assert.match(svg, />0 s</);
  assert.match(svg, />10 s</);
  assert.match(svg, />time since start</);
  // The heading names the task, the totals and the effective rate.
  assert.match(svg, /Task t1 SUCCEEDED/);
  assert.match(svg, /3\/3 files, 6\.0 MB in 10 s \(effective 600 kB\/s\)/);
  for (const name of ["bytes", "files"]) {
    const pts = series(svg, name);
    assert.equal(pts.length, 4);
    for (let i = 1; i < pts.length; i++) {
      assert.ok(pts[i]![0] > pts[i - 1]![0], `${name}: x grows`);
      // SVG y grows downwards: a counter that grows draws upwards.
      assert.ok(pts[i]![1] <= pts[i - 1]![1], `${name}: counter never drops`);
    }
  }
});

/**
 * The size (px) each text of the chart has on the screen when the image is
 * drawn `drawn` px wide (a notebook scales it down to its output area): its
 * own size, or the one the SVG's `@media (max-width: …px)` rules give its
 * class at that width, times the scale.
 */
function screenSizes(
  svg: string,
  drawn: number,
): { cls: string; text: string; px: number }[] {
  const width = Number(/^<svg[^>]* width="(\d+)"/.exec(svg)?.[1]);
  const base = Number(/^<svg[^>]* font-size="([\d.]+)"/.exec(svg)?.[1]);
  const sizes = new Map<string, number>();
  const style = /<style>(.*?)<\/style>/s.exec(svg)?.[1] ?? "";
  for (
    const m of style.matchAll(
      /@media \(max-width: (\d+)px\) \{((?:[^{}]*\{[^}]*\})*)\s*\}/g,
    )
  ) {
    if (drawn > Number(m[1])) continue;
    for (
      const r of m[2]!.matchAll(/([^{}]+)\{\s*font-size: ([\d.]+)px\s*\}/g)
    ) {
      for (const sel of r[1]!.split(",")) {
        sizes.set(sel.trim().replace(/^\./, ""), Number(r[2]));
      }
    }
  }
  return [...svg.matchAll(/<text class="([^"]+)"([^>]*)>([^<]*)<\/text>/g)]
    .map((m) => {
      const own = /font-size="([\d.]+)"/.exec(m[2]!)?.[1];
      const size = sizes.get(m[1]!) ?? (own ? Number(own) : base);
      return { cls: m[1]!, text: m[3]!, px: (size * drawn) / width };
    });
}

test("at a 600 px window (the image drawn ~430 px wide) the labels stay readable", () => {
  const chart = new TaskChart(samples, {
    taskId: "d165d48b-e787-4bfc-8282-83d0302dd9c1",
    status: "SUCCEEDED",
    files: 3,
  });
  const live = new TaskChart(samples, { files: 3, heading: false });
  for (const svg of [chart.svg(), live.svg()]) {
    // Full width: as drawn.
    for (const t of screenSizes(svg, 560)) {
      assert.ok(t.px >= 11, `${t.cls} "${t.text}" is ${t.px} px at 560 px`);
    }
    // Notebook 6's output area is about 430 px wide at a 600 px window,
    // and 400 px in a narrower one: every label at least 10 px there (a
    // 560 px chart scaled to 430 px drew its 11 px labels at 8.4 px).
    for (const drawn of [480, 430, 400]) {
      const texts = screenSizes(svg, drawn);
      assert.ok(texts.length >= 9, `${texts.length} texts`);
      for (const t of texts) {
        const min = t.cls === "heading" ? 9.5 : 10;
        assert.ok(
          t.px >= min,
          `${t.cls} "${t.text}" is ${t.px.toFixed(1)} px at ${drawn} px`,
        );
      }
    }
  }
});

test("text in the SVG is escaped", () => {
  const chart = new TaskChart(samples, {
    taskId: "<b>id</b>",
    label: `<script>alert("x")</script> & 'quotes'`,
    status: "<img src=x onerror=alert(1)>",
  });
  const svg = chart.svg();
  assert.ok(onlyChartTags(svg), svg);
  assert.ok(!svg.includes("<script"));
  assert.ok(!svg.includes("<img"));
  assert.match(svg, /&lt;script&gt;alert\(&quot;x&quot;\)/);
  assert.match(svg, /&amp; &#39;quotes&#39;/);
  assert.equal(count(svg, "<svg"), 1);
});

test("points are sorted, merged by time and never go down", () => {
  const pts = normalizeChartPoints([
    { time: 3, bytes: 5, files: 1 },
    { time: 1, bytes: 0, files: 0 },
    { time: 2, bytes: 7, files: 2 },
    { time: 2, bytes: 6, files: 1 },
    { time: Number.NaN, bytes: 99, files: 9 },
  ]);
  assert.deepEqual(pts, [
    { time: 1, bytes: 0, files: 0 },
    { time: 2, bytes: 7, files: 2 },
    { time: 3, bytes: 7, files: 2 },
  ]);
});

test("an empty chart or a single sample still draws a valid chart", () => {
  const empty = new TaskChart([], { taskId: "t" });
  assert.equal(count(empty.svg(), "<svg"), 1);
  assert.match(empty.svg(), /no progress reported yet/);
  assert.equal(String(empty), "Task t: 0 files, 0 B in 0 s");
  const one = new TaskChart([{ time: 5, bytes: 10, files: 1 }]);
  assert.equal(series(one.svg(), "bytes").length, 1);
  assert.ok(!/NaN|Infinity/.test(one.svg()));
});

test("in a terminal: a summary line and a sparkline, no control characters", () => {
  const chart = new TaskChart(samples, {
    taskId: "t1",
    label: "evil\x1b[2J\rlabel",
    status: "SUCCEEDED",
  });
  const [line, spark, ...rest] = String(chart).split("\n");
  assert.equal(rest.length, 0);
  assert.ok([...line!].every((c) => c.charCodeAt(0) >= 0x20), line);
  assert.ok(!line!.includes("[2J"), line);
  assert.match(line!, /^Task t1 “evil ?label” SUCCEEDED: 3 files, 6\.0 MB/);
  assert.match(spark!, /^bytes ▁[▁-█]+█$/);
  const levels = [...spark!.slice(6)].map((c) => "▁▂▃▄▅▆▇█".indexOf(c));
  for (let i = 1; i < levels.length; i++) {
    assert.ok(levels[i]! >= levels[i - 1]!, spark);
  }
});

test("Jupyter gets SVG, HTML and text; JSON gets the points", () => {
  const chart = new TaskChart(samples, { taskId: "t1" });
  const bundle = chart[JUPYTER_DISPLAY]();
  assert.deepEqual(Object.keys(bundle).sort(), [
    "image/svg+xml",
    "text/html",
    "text/plain",
  ]);
  assert.equal(bundle["image/svg+xml"], chart.svg());
  assert.equal(oneChart(String(bundle["text/html"])), chart.svg());
  const json = JSON.parse(JSON.stringify(chart));
  assert.equal(json.task_id, "t1");
  assert.equal(json.bytes, 6_000_000);
  assert.equal(json.points.length, 4);
});

test("in text/html the chart is an <img> of a data: URI, which an untrusted notebook keeps (Jupyter's sanitizer drops <svg>)", async () => {
  // "━" and "╍" (in the axis titles) and the label's characters are beyond
  // Latin-1: the base64 is of the UTF-8 bytes.
  const chart = new TaskChart(samples, {
    taskId: "t1",
    label: `crème brûlée ✓ <b>"x"</b>`,
    status: "SUCCEEDED",
    files: 3,
  });
  const svg = chart.svg();
  assert.match(svg, /━/);
  const html = String(chart[JUPYTER_DISPLAY]()["text/html"]);
  assert.ok(!html.includes("<svg"), html);
  const [image, ...more] = chartImages(html);
  assert.equal(more.length, 0);
  assert.equal(image!.svg, svg);
  // Its size (a label line makes it 16 px taller), and the summary as its
  // alt text (escaped as in the SVG).
  assert.match(image!.tag, / width="560" height="236" /);
  assert.match(image!.tag, /data-points="4"/);
  assert.match(
    image!.tag,
    / alt="Task t1 “crème brûlée ✓ &lt;b&gt;&quot;x&quot;&lt;\/b&gt;” SUCCEEDED: 3\/3 files, 6\.0 MB in 10 s \(effective 600 kB\/s\)"/,
  );
  assert.ok(!image!.tag.includes("<b>"));

  // The live progress display's chart too.
  const { sink, shows } = recorder(true);
  let now = 0;
  const p = createProgress(sink, { now: () => (now += 2000) });
  const base = { task_id: "t1", status: "ACTIVE", files: 3 };
  await p.update({ ...base, bytes_transferred: 0, files_transferred: 0 });
  await p.update({ ...base, bytes_transferred: 12, files_transferred: 3 });
  const live = String(shows[1]!.bundle["text/html"]);
  assert.ok(!live.includes("<svg"), live);
  const drawn = oneChart(live);
  assert.ok(drawn.startsWith("<svg") && drawn.endsWith("</svg>"));
  assert.match(drawn, /files ╍/);
  assert.equal(
    drawn,
    new TaskChart([
      { time: 2000, bytes: 0, files: 0 },
      { time: 4000, bytes: 12, files: 3 },
    ], { taskId: "t1", status: "ACTIVE", files: 3, heading: false }).svg(),
  );
});

test("a chart from events: running totals, interval reports, running tasks", () => {
  const task = {
    task_id: "t1",
    status: "SUCCEEDED",
    files: 2,
    files_transferred: 2,
    bytes_transferred: 300,
    request_time: "2026-01-05T10:00:00+00:00",
    completion_time: "2026-01-05T10:01:00+00:00",
  };
  // Newest first, as the API lists them; one detail is not JSON.
  const events = [
    { code: "SUCCEEDED", time: "2026-01-05T10:01:00+00:00", details: "{}" },
    {
      code: "PROGRESS",
      time: "2026-01-05T10:00:40+00:00",
      details: '{"bytes_transferred": 200, "files_transferred": 1}',
    },
    { code: "PROGRESS", time: "2026-01-05T10:00:30+00:00", details: "n/a" },
    { code: "STARTED", time: "2026-01-05T10:00:10+00:00", details: "{}" },
  ];
  const totals = taskChartFromEvents(task, events);
  assert.deepEqual(totals.points.map((p) => [p.bytes, p.files]), [
    [0, 0],
    [0, 0],
    [200, 1],
    [300, 2],
  ]);
  assert.equal(totals.elapsedMs, 60_000);
  assert.equal(totals.rate, 5);

  // Interval reports (with a duration) add up.
  const intervals = taskChartFromEvents({ ...task, bytes_transferred: 250 }, [
    {
      code: "PROGRESS",
      time: "2026-01-05T10:00:20+00:00",
      details: '{"bytes_transferred": 100, "duration": 10.0, "mbps": 0.0}',
    },
    {
      code: "PROGRESS",
      time: "2026-01-05T10:00:30+00:00",
      details: '{"bytes_transferred": 120, "duration": 10.0, "mbps": 0.0}',
    },
  ]);
  assert.deepEqual(intervals.points.map((p) => p.bytes), [0, 100, 220, 250]);

  // A running task ends at `now` with its current counters.
  const running = taskChartFromEvents(
    {
      ...task,
      status: "ACTIVE",
      completion_time: null,
      bytes_transferred: 50,
    },
    [],
    { now: Date.parse("2026-01-05T10:00:05+00:00") },
  );
  assert.deepEqual(running.points.map((p) => p.bytes), [0, 50]);
  assert.equal(running.elapsedMs, 5_000);
});

test("the live progress display grows one chart in place", async () => {
  const { sink, shows } = recorder(true);
  let now = 0;
  const p = createProgress(sink, { id: "fixed", now: () => (now += 1000) });
  const base = { task_id: "t1", status: "ACTIVE", files: 3 };
  await p.update({ ...base, bytes_transferred: 0, files_transferred: 0 });
  await p.update({ ...base, bytes_transferred: 4, files_transferred: 1 });
  await p.update({ ...base, bytes_transferred: 12, files_transferred: 3 });
  await p.finish();
  assert.deepEqual(shows.map((s) => s.options), [
    { id: "fixed" },
    { id: "fixed", update: true },
    { id: "fixed", update: true },
  ]);
  const html = shows.map((s) => String(s.bundle["text/html"]));
  assert.equal(chartImages(html[0]!).length, 0); // one sample is no chart yet
  assert.match(oneChart(html[1]!), /data-points="2"/);
  assert.match(oneChart(html[2]!), /data-points="3"/);
  // The browser check reads the sample count from the image.
  assert.match(chartImages(html[2]!)[0]!.tag, /data-points="3"/);
  // The text stays the progress line.
  assert.match(String(shows[2]!.bundle["text/plain"]), /^Task t1 ACTIVE/);
  // A task that fails with nothing sent draws no chart (it drew an empty
  // one with a "1 B" axis).
  const failed = recorder(true);
  const f = createProgress(failed.sink, { now: () => (now += 1000) });
  await f.update({ ...base, bytes_transferred: 0, files_transferred: 0 });
  await f.update({
    ...base,
    status: "FAILED",
    bytes_transferred: 0,
    files_transferred: 0,
  });
  assert.equal(
    chartImages(String(failed.shows[1]!.bundle["text/html"])).length,
    0,
  );
  // chart: false keeps the progress alone.
  const plain = recorder(true);
  const q = createProgress(plain.sink, { chart: false });
  await q.update(base);
  await q.update(base);
  assert.equal(
    chartImages(String(plain.shows[1]!.bundle["text/html"])).length,
    0,
  );
  assert.ok(!String(plain.shows[1]!.bundle["text/html"]).includes("<img"));
});

test("against the emulator: taskWait's chart gets several updates of one display, taskChart draws the finished task", async () => {
  // 4 bytes a file at 8 bytes/s, plus 500 ms before the task and each file:
  // the task runs for several seconds, so taskWait (1 s polls) sees it
  // ACTIVE at least once and polls again.
  const emu = await startEmulator({
    taskDelayMs: 500,
    throttleBytesPerSecond: 8,
  });
  try {
    const token = (await emu.mintTokens(TRANSFER_SCOPE)).access_token;
    const tc = new TransferClient({
      authorizer: {
        getAuthorizationHeader: () => Promise.resolve(`Bearer ${token}`),
      },
      baseUrl: emu.transferUrl,
    });
    const data = new TransferData({
      sourceEndpoint: emu.collections.tutorial1,
      destinationEndpoint: emu.collections.tutorial2,
      label: "chart <test>",
    }).addItem("/share/godata/", "/~/chart/", { recursive: true });
    const { task_id } = await tc.submitTransfer(data);
    const { sink, shows } = recorder(true);
    const done = await tc.taskWait(task_id, {
      timeoutS: 120,
      pollingIntervalS: 1,
      progress: sink,
    });
    assert.equal(done, true);
    assert.ok(shows.length >= 2, `${shows.length} update(s)`);
    const ids = new Set(shows.map((s) => s.options?.id));
    assert.equal(ids.size, 1);
    assert.equal(shows[0]!.options?.update, undefined);
    assert.ok(shows.slice(1).every((s) => s.options?.update === true));
    const last = oneChart(String(shows.at(-1)!.bundle["text/html"]));
    assert.equal(count(last, "<svg"), 1);
    assert.match(last, new RegExp(`data-points="${shows.length}"`));
    assert.match(String(shows.at(-1)!.bundle["text/plain"]), /SUCCEEDED.*100%/);
    const bytes = series(last, "bytes");
    for (let i = 1; i < bytes.length; i++) {
      assert.ok(bytes[i]![1] <= bytes[i - 1]![1]);
    }

    const chart = await tc.taskChart(task_id);
    assert.equal(chart.bytes, 12);
    assert.equal(chart.files, 3);
    assert.ok(chart.points.length >= 2);
    assert.match(String(chart), /SUCCEEDED: 3\/3 files, 12 B in /);
    const svg = chart.svg();
    assert.equal(count(svg, "<svg"), 1);
    assert.match(svg, /chart &lt;test&gt;/);
    for (const t of emu.issuedTokens()) assert.ok(!svg.includes(t));
    assert.equal(oneChart(String(chart[JUPYTER_DISPLAY]()["text/html"])), svg);
  } finally {
    await emu.close();
  }
});

test("a task done within a second (Transfer's times are whole seconds) reads 'in under 1 s', not 'in 0 s' beside its rate", () => {
  const time = "2026-01-05T10:00:00+00:00";
  const chart = taskChartFromEvents(
    {
      task_id: "t2",
      status: "SUCCEEDED",
      files: 3,
      files_transferred: 3,
      bytes_transferred: 12,
      effective_bytes_per_second: 12,
      request_time: time,
      completion_time: time,
    },
    [{ code: "SUCCEEDED", time, details: "{}" }],
  );
  assert.equal(
    String(chart).split("\n")[0],
    "Task t2 SUCCEEDED: 3/3 files, 12 B in under 1 s (effective 12 B/s)",
  );
});

test("a live chart of a task whose effective_bytes_per_second is 0 but that moved bytes gives the rate from its points, not 0 B/s", () => {
  const options = chartOptionsFromTask({
    task_id: "t1",
    status: "SUCCEEDED",
    bytes_transferred: 12,
    effective_bytes_per_second: 0,
  });
  assert.equal(options.rate, undefined);
  const chart = new TaskChart(
    [{ time: 0, bytes: 0, files: 0 }, { time: 4000, bytes: 12, files: 3 }],
    options,
  );
  assert.equal(chart.rate, 3);
  assert.doesNotMatch(chart.svg(), /0 B\/s/);
  // Nothing moved: Transfer's 0 stands.
  assert.equal(
    chartOptionsFromTask({
      bytes_transferred: 0,
      effective_bytes_per_second: 0,
    })
      .rate,
    0,
  );
});

test("console.log(chart) in a script prints its summary and sparkline, not its sample points and options", () => {
  const chart = new TaskChart([
    { time: 0, bytes: 0, files: 0 },
    { time: 5_000, bytes: 2_500_000, files: 1 },
    { time: 10_000, bytes: 5_000_000, files: 2 },
  ], { taskId: "42f3b6a2", status: "SUCCEEDED", files: 2 });
  const printed = inspect(chart);
  assert.equal(printed, String(chart));
  assert.match(
    printed,
    /^Task 42f3b6a2 SUCCEEDED: 2\/2 files, 5\.0 MB in 10 s/,
  );
  assert.doesNotMatch(printed, /points|options/);
});

test("a delete task's chart counts the files it deleted, without '0/3 files, 0 B … (effective 0 B/s)'", () => {
  // The counters Transfer gives a finished delete of three files.
  const chart = taskChartFromEvents({
    task_id: "d1",
    type: "DELETE",
    status: "SUCCEEDED",
    files: 3,
    files_transferred: 0,
    bytes_transferred: 0,
    effective_bytes_per_second: 0,
    request_time: "2026-12-04T20:00:00+00:00",
    completion_time: "2026-12-04T20:00:02+00:00",
  }, [
    { code: "SUCCEEDED", time: "2026-12-04T20:00:02+00:00", details: "" },
    { code: "STARTED", time: "2026-12-04T20:00:00+00:00", details: "" },
  ]);
  const first = String(chart).split("\n")[0]!;
  assert.equal(first, "Task d1 SUCCEEDED: 3 files deleted in 2 s");
  assert.match(chart.svg(), /3 files deleted in 2 s/);
});

test("a re-run transfer whose files were all at the destination says they were skipped, without 'effective 0 B/s'", () => {
  // The tutorial's checksum-synced transfer run twice: the second task
  // copies nothing (files_skipped 3) within a second.
  const task = {
    task_id: "t9",
    status: "SUCCEEDED",
    type: "TRANSFER",
    files: 3,
    files_transferred: 0,
    files_skipped: 3,
    bytes_transferred: 0,
    effective_bytes_per_second: 0,
    request_time: "2026-12-05T01:52:13+00:00",
    completion_time: "2026-12-05T01:52:13+00:00",
  };
  const chart = taskChartFromEvents(task, [
    { code: "SUCCEEDED", time: task.completion_time, details: "{}" },
    { code: "STARTED", time: task.request_time, details: "{}" },
  ]);
  const line = String(chart).split("\n")[0]!;
  assert.equal(
    line,
    "Task t9 SUCCEEDED: 0/3 files (3 skipped: already there), 0 B in 0 s",
  );
  assert.match(
    chart.svg(),
    /0\/3 files \(3 skipped: already there\), 0 B in 0 s</,
  );
  // Some copied, some skipped, with a rate: both said.
  const partial = taskChartFromEvents({
    ...task,
    files_transferred: 1,
    files_skipped: 2,
    bytes_transferred: 4,
    effective_bytes_per_second: 2,
    completion_time: "2026-12-05T01:52:15+00:00",
  }, []);
  assert.match(
    String(partial),
    /^Task t9 SUCCEEDED: 1\/3 files \(2 skipped: already there\), 4 B in 2 s \(effective 2 B\/s\)/,
  );
});

test("taskWait's chart of a task that ended between two polls spans its run time, not the polling interval", async () => {
  // The default interval is 10 s; the task ran from 01:56:21 to 01:56:23.
  const { sink, shows } = recorder(true);
  let now = 1_000_000;
  const p = createProgress(sink, { id: "fixed", now: () => now });
  const base = {
    task_id: "t1",
    files: 3,
    request_time: "2026-12-05T01:56:21+00:00",
  };
  await p.update({ ...base, status: "ACTIVE", bytes_transferred: 0 });
  now += 10_000;
  await p.update({
    ...base,
    status: "SUCCEEDED",
    bytes_transferred: 12,
    files_transferred: 3,
    completion_time: "2026-12-05T01:56:23+00:00",
  });
  const svg = oneChart(String(shows.at(-1)!.bundle["text/html"]));
  const times = [...svg.matchAll(/class="time-label"[^>]*>([^<]*)</g)]
    .map((m) => m[1]);
  // It read 0 s, 5 s, 10 s: the line rose over 10 s beside "5 B/s".
  assert.deepEqual(times, ["0 s", "1 s", "2 s"]);
  // A task still running is drawn when it was polled; a finished task
  // whose run time ends before its last sample (a later first poll, or
  // Transfer's whole seconds) ends between that sample and its poll.
  const late = recorder(true);
  now = 0;
  const q = createProgress(late.sink, { now: () => now });
  await q.update({ ...base, status: "ACTIVE", bytes_transferred: 4 });
  now += 3_000;
  await q.update({ ...base, status: "ACTIVE", bytes_transferred: 8 });
  now += 10_000;
  await q.update({
    ...base,
    status: "SUCCEEDED",
    bytes_transferred: 12,
    completion_time: "2026-12-05T01:56:23+00:00",
  });
  const lateSvg = oneChart(String(late.shows.at(-1)!.bundle["text/html"]));
  assert.deepEqual(
    [...lateSvg.matchAll(/class="time-label"[^>]*>([^<]*)</g)].map((m) => m[1]),
    ["0 s", "4 s", "8 s"],
  );
  assert.match(lateSvg, /data-points="3"/);
});

test("a chart of a task that moved nothing says so, with no '1 B' axis", () => {
  const base = { taskId: "t1", files: 3 };
  const flat = [{ time: 0, bytes: 0, files: 0 }, {
    time: 1_000,
    bytes: 0,
    files: 0,
  }];
  const skipped = new TaskChart(flat, {
    ...base,
    status: "SUCCEEDED",
    skipped: 3,
  }).svg();
  assert.match(skipped, />nothing to copy: the files were already there</);
  assert.doesNotMatch(skipped, />1 B</);
  assert.match(
    new TaskChart(flat, { ...base, status: "FAILED" }).svg(),
    />nothing transferred</,
  );
  assert.match(
    new TaskChart(flat, { ...base, status: "ACTIVE" }).svg(),
    />nothing transferred yet</,
  );
  // Something moved: no note, and the axis goes up to the bytes.
  const moved = new TaskChart(samples, base).svg();
  assert.doesNotMatch(moved, /nothing/);
  assert.match(moved, />6\.0 MB</);
});

test("the label has a line of its own, so the status after a long label is not cut off at the chart's edge", () => {
  const id = "d165d48b-e787-4bfc-8282-83d0302dd9c1";
  const svg = new TaskChart(samples, {
    taskId: id,
    label: "globus-deno tutorial transfer",
    status: "SUCCEEDED",
    files: 3,
  }).svg();
  const texts = [
    ...svg.matchAll(/<text class="(heading|summary)"[^>]*>([^<]*)</g),
  ]
    .map((m) => m[2]);
  // It read "Task d165…9c1 “globus-deno tutorial transfer” SUCCEEDED" in
  // one 13 px bold line, some 640 px long in a 560 px drawing.
  assert.deepEqual(texts.slice(0, 3), [
    `Task ${id} SUCCEEDED`,
    "“globus-deno tutorial transfer”",
    "3/3 files, 6.0 MB in 10 s (effective 600 kB/s)",
  ]);
  // A long label is cut with "…"; the title (the image's alt) keeps it all.
  const long = "x".repeat(100);
  const cut = new TaskChart(samples, { taskId: "t1", label: long }).svg();
  assert.match(cut, new RegExp(`>“${"x".repeat(59)}…”<`));
  assert.match(cut, new RegExp(`<title>Task t1 “${long}”`));
  // No label: two heading lines, as before.
  assert.doesNotMatch(new TaskChart(samples, { taskId: "t1" }).svg(), /“/);
});
