/**
 * The browser test's layout check of the rich outputs (`scripts/browser_e2e.ts`
 * is the runner): a notebook written for the run whose outputs are the SDK's
 * tables and progress display with large values (TB byte counts, millions of
 * files, long labels and names), stored as a notebook would store them. It
 * is opened twice, trusted (signed with `jupyter trust`, as a notebook run in
 * the session is) and untrusted (a committed notebook opened anew: Jupyter
 * drops every `style` attribute), each at a 600 px and a 1100 px window, and
 * checks what a person would notice:
 *
 * - at 1100 px, a task list fits its output area with room to spare (no
 *   sideways scrolling), and every table that fits at 1100 px still does;
 * - a value that is one token (an id, `123.5 TB`, `1,234,567 (98,765
 *   skipped)`, a status) is never split over two lines;
 * - a record (a task's fields) fits a 600 px window's output area;
 * - a table wider than a 600 px window's output area scrolls sideways
 *   inside its box (its last column can be reached), and the box does not
 *   push the page wider.
 *
 * A screenshot of each (trust, width) goes to `.ci/browser/screenshots/`.
 *
 * @module
 */
import { sleep, type Tab } from "./_cdp.ts";
import type { RunResult } from "./_notebook_checks.ts";
import { DENO_NOTEBOOK, openNotebook } from "./_notebook_checks.ts";
import { renderRecord, renderTable } from "../src/notebook/tables.ts";
import { renderProgress } from "../src/notebook/progress.ts";
import { renderTokenTable } from "../src/notebook/_token_table.ts";
import { ACCESS_RULE_COLUMNS } from "../src/transfer/_display_sharing.ts";
import { displayTask } from "../src/transfer/_display.ts";
import type { Task } from "../src/transfer/task.ts";
import { JUPYTER_DISPLAY } from "../src/notebook/display.ts";

/** The notebook's name (without `.ipynb`); `_trusted`/`_untrusted` copies. */
export const LAYOUT_NOTEBOOK = "table_layout";

/** The room a task list keeps free in a 1100 px window's output area. */
export const TASK_TABLE_SPARE_PX = 60;

const UUID = (n: number) =>
  `${String(n).padStart(8, "9")}-3c56-451e-b7b6-24b6db787ad7`;

/** Task rows with the largest values a person sees. */
export function stressTasks(): Record<string, unknown>[] {
  const base = {
    DATA_TYPE: "task",
    type: "TRANSFER",
    source_endpoint_display_name: "Globus Tutorial Collection 1",
    destination_endpoint_display_name: "Globus Tutorial Collection 2",
    request_time: "2026-12-02T22:01:13+00:00",
  };
  return [
    {
      ...base,
      task_id: UUID(1),
      status: "SUCCEEDED",
      label: "globus-deno tutorial transfer",
      files_transferred: 3,
      files_skipped: 0,
      bytes_transferred: 12,
    },
    {
      ...base,
      task_id: UUID(2),
      status: "ACTIVE",
      label:
        "nightly backup of the godata folder to my home folder, again and again",
      source_endpoint_display_name:
        "lab_storage_cluster.archive-01 (Argonne National Laboratory, Building 240)",
      destination_endpoint_display_name: "lab_storage_cluster.archive-02",
      files_transferred: 1_234_567,
      files_skipped: 98_765,
      bytes_transferred: 987_654_321_098_765,
    },
    {
      ...base,
      task_id: UUID(3),
      status: "INACTIVE",
      type: "DELETE",
      label: "cleanup_of_the_scratch_space_after_run_12345_of_the_pipeline",
      destination_endpoint_display_name: null,
      files_transferred: 0,
      files_skipped: 0,
      bytes_transferred: 0,
    },
    {
      ...base,
      task_id: UUID(4),
      status: "FAILED",
      label: null,
      files_transferred: 88_888,
      files_skipped: 0,
      bytes_transferred: 4_321_000_000_000,
    },
  ];
}

/**
 * Outputs that may scroll sideways at 1100 px too: an access rule list has
 * two ids and a time (962 px in 767). Its path, permissions and principal
 * come first, so a narrow window shows them before the ids.
 */
const SCROLLS_AT_1100 = new Set(["access rules"]);

/** What the Deno kernel shows of a value with a display method. */
function shown(value: object): { html: string; text: string } {
  const bundle = (value as Record<symbol, () => Record<string, string>>)[
    JUPYTER_DISPLAY
  ]!();
  return { html: bundle["text/html"]!, text: bundle["text/plain"]! };
}

/** The outputs: a name, and the HTML and text shown. */
function outputs(): { name: string; html: string; text: string }[] {
  const tasks = stressTasks();
  const now = Date.parse("2026-12-04T22:48:53Z") / 1000;
  return [
    { name: "task list", ...renderTable(tasks) },
    {
      name: "task list (tutorial)",
      ...renderTable(tasks.slice(0, 1)),
    },
    {
      // Labels of one word, as scripts make them: each on one line (they
      // broke after each _ where the route took the room).
      name: "task list (one-word labels)",
      ...renderTable(
        ["my_transfer_2024", "sync_2024_12_05", "lab_backup.weekly"].map(
          (label, i) => ({ ...tasks[0]!, task_id: UUID(20 + i), label }),
        ),
      ),
    },
    {
      name: "file listing",
      ...renderTable([
        {
          DATA_TYPE: "file",
          name: "results_of_the_whole_campaign_2026.h5",
          type: "file",
          size: 12_345_678_901_234,
          last_modified: "2026-12-05 01:36:59+00:00",
          permissions: "0644",
          user: "demo",
          group: "tutorial",
        },
        {
          DATA_TYPE: "file",
          name: "sub",
          type: "dir",
          size: 4096,
          last_modified: "2026-12-05 01:36:59+00:00",
          permissions: "0755",
          user: "demo",
          group: "tutorial",
        },
      ], { caption: `/share/godata/ on ${UUID(5)} (2 entries)` }),
    },
    {
      name: "access rules",
      ...renderTable([{
        DATA_TYPE: "access",
        id: UUID(10),
        principal_type: "identity",
        principal: UUID(11),
        path: "/share/godata/",
        permissions: "rw",
        role_type: null,
        expiration_date: null,
        create_time: "2026-12-03T19:34:15+00:00",
      }], {
        columns: ACCESS_RULE_COLUMNS,
        caption: `Access rules on ${UUID(12)} (1)`,
      }),
    },
    {
      name: "collections",
      ...renderTable([{
        DATA_TYPE: "endpoint",
        id: UUID(6),
        display_name: "Globus Tutorial Collection 1",
        owner_string: "demo@globus-emulator.org",
        entity_type: "GCSv5_mapped_collection",
      }]),
    },
    {
      name: "events",
      ...renderTable([{
        DATA_TYPE: "event",
        time: "2026-12-03T19:33:52+00:00",
        code: "PROGRESS",
        is_error: false,
        description: "progress",
        details: JSON.stringify({
          files_succeeded: 1_234_567,
          files_skipped: 98_765,
          bytes_transferred: 987_654_321_098_765,
        }),
      }]),
    },
    {
      // As getTask's result shows it (sizes with units, counts with their
      // thousands marked).
      name: "task record",
      ...shown(displayTask({
        ...tasks[1]!,
        source_endpoint_id: UUID(7),
        destination_endpoint_id: UUID(8),
        completion_time: null,
        files: 2_000_000,
        subtasks_total: 2_000_000,
        effective_bytes_per_second: 12_345_678_901,
      } as unknown as Task)),
    },
    {
      name: "error record",
      ...renderRecord(
        {
          class: "TransferAPIError",
          httpStatus: 404,
          code: "ClientError.NotFound",
          message: `GET http://127.0.0.1:36503/transfer/v0.10/task/${
            UUID(9)
          } → 404 ClientError.NotFound: No task found with id '${
            UUID(9)
          }' (request_id AwaVXSbx2)`,
        },
        undefined,
        "The caught error",
      ),
    },
    {
      name: "tokens",
      ...renderTokenTable(
        [[
          "transfer.api.globus.org",
          {
            resource_server: "transfer.api.globus.org",
            scope: "urn:globus:auth:scope:transfer.api.globus.org:all",
            token_type: "Bearer",
            expires_at_seconds: now,
            access_token: "x",
            refresh_token: "y",
          },
        ]],
        `/tmp/globus-browser-home-5d9d4e3478e39e23/.globus/app/${
          UUID(13)
        }/emulator-tokens.json`,
      ),
    },
    {
      name: "progress",
      ...renderProgress({
        ...tasks[1]!,
        files: 2_000_000,
        subtasks_total: 2_000_000,
        subtasks_pending: 700_000,
        effective_bytes_per_second: 12_345_678_901,
      }),
    },
  ];
}

/** Where a notebook's files go: the trusted and the untrusted copy. */
export async function writeLayoutNotebooks(dir: string): Promise<string[]> {
  const outs = outputs();
  const nb = {
    cells: outs.map((o, i) => ({
      cell_type: "code",
      // An id for each cell: Jupyter would make them up as it reads the
      // file, and a notebook so changed loses its signature.
      id: `layout-${i}`,
      execution_count: i + 1,
      metadata: {},
      outputs: [{
        output_type: "display_data",
        data: { "text/html": o.html, "text/plain": o.text },
        metadata: {},
      }],
      source: `// ${o.name}`,
    })),
    ...DENO_NOTEBOOK,
  };
  const files = [
    `${LAYOUT_NOTEBOOK}_trusted.ipynb`,
    `${LAYOUT_NOTEBOOK}_untrusted.ipynb`,
  ];
  for (const f of files) {
    // The copies differ (in their metadata), so signing one leaves the
    // other untrusted.
    const copy = { ...nb, metadata: { ...nb.metadata, layout_copy: f } };
    await Deno.writeTextFile(`${dir}/${f}`, JSON.stringify(copy, null, 1));
  }
  return files;
}

/** What the page measures of one output. */
interface Measure {
  name: string;
  /** The output area's content width. */
  area: number;
  /** The table's (or the display's) width. */
  width: number;
  /** The narrowest the table gets, every cell wrapped where it may. */
  least: number;
  /** The scroll box's scrollWidth minus its clientWidth. */
  scrolls: number;
  /** Whether the last column can be scrolled to. */
  reachable: boolean;
  /** Cells of one token shown on more than one line. */
  split: string[];
  /** Captions and messages running past the output area's right edge. */
  past: string[];
}

/**
 * Cells that are one token: an id, a size, a count with its skipped files,
 * a status or a type, a time without its date.
 */
const TOKEN = String
  .raw`^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|-?[\d.,]+ (?:B|kB|MB|GB|TB|PB)(?:/s)?|[\d,]+(?: \([\d,]+ skipped\))?|[A-Z_]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\d\d:\d\d(?::\d\d)? UTC|\d{4}-\d\d-\d\d)$`;

/**
 * Page functions: `splitTokens(el)`, the one-token cells (or `<nobr>` parts
 * of a cell) under `el` shown on more than one line.
 */
const SPLIT_FNS = `
  const token = new RegExp(${JSON.stringify(TOKEN)});
  /** How many lines an element's text takes. */
  const lines = (el) => {
    const r = document.createRange();
    r.selectNodeContents(el);
    const tops = new Set([...r.getClientRects()].filter((x) => x.width > 0).map((x) => Math.round(x.top)));
    return tops.size;
  };
  const splitTokens = (el) => {
    const split = [];
    for (const td of el.querySelectorAll("td")) {
      // Each unbroken part of a cell that has them is looked at alone.
      const parts = td.querySelectorAll("nobr").length ? [...td.querySelectorAll("nobr")] : [td];
      for (const p of parts) {
        const text = p.innerText.trim();
        if (token.test(text) && lines(p) > 1) split.push(text);
      }
    }
    return split;
  };
`;

/**
 * A page expression: the values of one token (an id, a size, a count, a
 * status, an email address) that some table of the page's outputs shows
 * on more than one line.
 */
export const SPLIT_TOKENS_JS = `(() => {${SPLIT_FNS}
  return splitTokens(document.querySelector("#notebook"));
})()`;

/**
 * Page functions: `pastEdge(el)`, the captions and login messages under `el`
 * whose text runs past the right edge of their output area (a caption
 * inside a wide table was as wide as the table; a required scope in a
 * consent message was one word), as `"<start of the text>" (N px past)`.
 */
const EDGE_FNS = `
  const pastEdge = (root) => {
    const past = [];
    for (const sub of root.querySelectorAll(".output_subarea")) {
      const cs = getComputedStyle(sub);
      const edge = sub.getBoundingClientRect().left + sub.clientWidth - parseFloat(cs.paddingRight);
      for (const el of sub.querySelectorAll("caption, .globus-caption, .globus-login-message")) {
        const r = document.createRange();
        r.selectNodeContents(el);
        const right = Math.max(...[...r.getClientRects()].map((x) => x.right));
        if (right > edge + 1) {
          past.push(JSON.stringify(el.innerText.trim().slice(0, 50)) + " (" + Math.round(right - edge) + " px past)");
        }
      }
    }
    return past;
  };
`;

/**
 * A page expression: the captions and login messages of the page's outputs
 * that run past their output area's right edge.
 */
export const PAST_EDGE_JS = `(() => {${EDGE_FNS}
  return pastEdge(document.querySelector("#notebook"));
})()`;

const MEASURE_JS = `(() => {${SPLIT_FNS}${EDGE_FNS}
  return [...document.querySelectorAll(".cell")].map((cell) => {
    const name = cell.querySelector(".input_area").innerText.replace(/^\\/\\/ /, "").trim();
    const sub = cell.querySelector(".output_subarea");
    const area = sub.clientWidth - parseFloat(getComputedStyle(sub).paddingLeft) - parseFloat(getComputedStyle(sub).paddingRight);
    const table = sub.querySelector("table");
    const box = table ? table.parentElement : sub.firstElementChild;
    const width = (table || box).getBoundingClientRect().width;
    const scrolls = Math.max(box.scrollWidth - box.clientWidth, sub.scrollWidth - sub.clientWidth);
    const split = splitTokens(sub);
    // A label of one word of up to 20 characters stays whole.
    if (table) {
      const col = [...table.querySelectorAll("th")].map((th) => th.innerText.trim()).indexOf("Label");
      for (const tr of col < 0 ? [] : table.querySelectorAll("tbody tr")) {
        const td = tr.children[col];
        const text = td ? td.innerText.trim() : "";
        if (text && !/\s/.test(text) && [...text].length <= 20 && lines(td) > 1) split.push(text);
      }
    }
    const past = pastEdge(cell);
    // The box that scrolls: the table's own (its style), or, in a notebook
    // that is not trusted (no style), the output area.
    const scrollers = [];
    for (let e = table; e && e !== cell; e = e.parentElement) {
      if (e.scrollWidth > e.clientWidth && getComputedStyle(e).overflowX !== "visible") scrollers.push(e);
    }
    for (const e of scrollers) e.scrollLeft = e.scrollWidth;
    const last = table ? table.querySelector("tr:last-child td:last-child, tr:last-child th:last-child") : null;
    const right = Math.min(sub.getBoundingClientRect().right, ...scrollers.map((e) => e.getBoundingClientRect().right));
    const reachable = !last || last.getBoundingClientRect().right <= right + 1;
    for (const e of scrollers) e.scrollLeft = 0;
    let least = width;
    if (table) {
      // In a 1 px wide box a table is as narrow as its cells let it be.
      const holder = table.parentElement;
      const before = holder.style.cssText;
      holder.style.cssText = "width:1px;max-width:1px;overflow:visible";
      least = table.getBoundingClientRect().width;
      holder.style.cssText = before;
    }
    return { name, area, width, least, scrolls, reachable, split, past };
  });
})()`;

/** The Python that runs `jupyter` (its script's `#!` line). */
async function jupyterPython(): Promise<string> {
  for (const d of (Deno.env.get("PATH") ?? "").split(":")) {
    try {
      const head = (await Deno.readTextFile(`${d}/jupyter`)).split("\n")[0]!;
      if (head.startsWith("#!")) return head.slice(2).trim().split(" ")[0]!;
    } catch {
      // not here
    }
  }
  return "python3";
}

/**
 * Opens the layout notebooks trusted and untrusted at 600 and 1100 px and
 * checks the outputs.
 */
export async function runLayout(
  tab: Tab,
  serverUrl: string,
  dir: string,
  files: readonly string[],
  env: Record<string, string>,
  shots: string,
): Promise<RunResult> {
  const result: RunResult = {
    name: LAYOUT_NOTEBOOK,
    errors: [],
    notes: [],
    screenshot: `${shots}/${LAYOUT_NOTEBOOK}_*.png`,
    seconds: 0,
  };
  const t0 = Date.now();
  const [trustedFile, untrustedFile] = files;
  // Signed as Jupyter signs a notebook it saved (`jupyter trust`, which
  // Notebook 6 lacks, does the same), with the Python that runs Jupyter.
  const signed = await new Deno.Command(await jupyterPython(), {
    args: [
      "-c",
      "import sys, nbformat; from nbformat.sign import NotebookNotary; NotebookNotary().sign(nbformat.read(sys.argv[1], 4))",
      `${dir}/${trustedFile}`,
    ],
    env,
    stdout: "null",
    stderr: "piped",
  }).output();
  if (signed.code !== 0) {
    result.errors.push(
      `signing ${trustedFile} failed: ${
        new TextDecoder().decode(signed.stderr)
      }`,
    );
    return result;
  }
  for (
    const [file, trusted] of [[trustedFile!, true], [
      untrustedFile!,
      false,
    ]] as const
  ) {
    await openNotebook(tab, serverUrl, file);
    const isTrusted = await tab.eval<boolean>(`Jupyter.notebook.trusted`);
    if (isTrusted !== trusted) {
      result.errors.push(
        `${file} opened ${isTrusted ? "trusted" : "untrusted"}, not ${
          trusted ? "trusted" : "untrusted"
        }`,
      );
      continue;
    }
    const kind = trusted ? "trusted" : "untrusted";
    for (const width of [1100, 600]) {
      await tab.setSize(width, 900);
      await sleep(300);
      const measures = await tab.eval<Measure[]>(MEASURE_JS);
      const where = `${kind}, ${width} px`;
      for (const m of measures) {
        for (const s of m.split) {
          result.errors.push(
            `${where}: the ${m.name} shows ${
              JSON.stringify(s)
            } on more than one line`,
          );
        }
        for (const p of m.past) {
          result.errors.push(
            `${where}: the ${m.name}'s caption ${p} runs past the output area's edge`,
          );
        }
        if (!m.reachable) {
          result.errors.push(
            `${where}: the ${m.name}'s last column cannot be scrolled to`,
          );
        }
        if (width === 1100 && m.scrolls > 0 && !SCROLLS_AT_1100.has(m.name)) {
          result.errors.push(
            `${where}: the ${m.name} is wider than the output area (${
              Math.round(m.width)
            } px in ${Math.round(m.area)} px): it scrolls sideways`,
          );
        }
        // A record (two columns) fits a narrow window: its long field
        // names wrap, not the id beside them.
        if (
          m.name.endsWith("record") && m.scrolls > 0
        ) {
          result.errors.push(
            `${where}: the ${m.name} is wider than the output area (${
              Math.round(m.width)
            } px in ${Math.round(m.area)} px): it scrolls sideways`,
          );
        }
        if (
          width === 1100 && m.name.startsWith("task list") &&
          m.area - m.least < TASK_TABLE_SPARE_PX
        ) {
          result.errors.push(
            `${where}: the ${m.name} leaves ${
              Math.round(m.area - m.least)
            } px of its ${
              Math.round(m.area)
            } px output area free, under ${TASK_TABLE_SPARE_PX} px: a longer value pushes it out`,
          );
        }
        result.notes.push(
          `${where}: ${m.name} ${Math.round(m.width)} px (at least ${
            Math.round(m.least)
          }) in ${Math.round(m.area)} px`,
        );
      }
      const height = await tab.eval<number>(
        `Math.min(16000, document.querySelector("#header").offsetHeight + document.querySelector("#notebook").scrollHeight + 20)`,
      );
      await tab.setSize(width, Math.max(900, height));
      await sleep(300);
      await tab.screenshot(`${shots}/${LAYOUT_NOTEBOOK}_${kind}_${width}.png`);
    }
    await tab.setSize(1100, 900);
    await tab.tryEval(`Jupyter.notebook.session.delete()`);
  }
  result.seconds = (Date.now() - t0) / 1000;
  return result;
}
