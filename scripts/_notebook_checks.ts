/**
 * The browser test's work on one notebook (`scripts/browser_e2e.ts` is the
 * runner): open it in the Notebook page, clear the outputs, run the cells one
 * by one with Ctrl+Enter, answer each login through the emulator's consent
 * page in a new tab, then check what a person would look at (login links,
 * HTML tables, the `taskWait` progress and chart, readable errors, no
 * tracebacks, no token in the page) and take its screenshot.
 *
 * @module
 */
import { type Cdp, sleep, Tab, waitFor } from "./_cdp.ts";
import { PAST_EDGE_JS, SPLIT_TOKENS_JS } from "./_notebook_layout.ts";

const CELL_TIMEOUT_MS = 180_000;
const LOAD_TIMEOUT_MS = 90_000;

/** What a notebook must show once its cells have run. */
interface Expectation {
  /** Each entry: texts that must each be in a row of one HTML table. */
  tables: string[][];
  /** How many code prompts (logins) a person answers (unchecked if unset). */
  prompts?: number;
  /** Patterns some output's text must match. */
  texts?: RegExp[];
}

const EXPECT: Record<string, Expectation> = {
  "00_quickstart": {
    prompts: 1,
    tables: [["file1.txt", "file2.txt", "file3.txt"]],
  },
  "01_first_steps": {
    prompts: 1,
    tables: [["Globus Tutorial Collection 1", "Globus Tutorial Collection 2"]],
    texts: [/\[REDACTED\]/],
  },
  "02_token_response": {
    prompts: 1,
    tables: [["transfer.api.globus.org", "auth.globus.org"]],
    texts: [/\[REDACTED\]/],
  },
  "03_refresh_tokens": {
    prompts: 1,
    tables: [["transfer.api.globus.org"]],
    texts: [/Refreshed: new Transfer token valid until/],
  },
  "04_transfer": {
    prompts: 1,
    tables: [
      ["file1.txt", "file2.txt", "file3.txt"],
      // The task list, its status and type in one column.
      ["globus-deno tutorial transfer", "SUCCEEDED / TRANSFER"],
    ],
    texts: [/Task SUCCEEDED/],
  },
  "05_consent_and_errors": {
    prompts: 3,
    tables: [["ClientError.NotFound", "404"]],
    texts: [/TransferAPIError/, /Not found \(ClientError\.NotFound\)/],
  },
  "06_sharing": { prompts: 2, tables: [] },
};

/** Where `--images` pictures go, and which were taken. */
export interface Pictures {
  dir: string;
  taken: Set<string>;
}

/** One notebook's outcome: its errors (none: it passed) and notes. */
export interface RunResult {
  name: string;
  errors: string[];
  notes: string[];
  screenshot: string;
  seconds: number;
}

const JS_NB = "Jupyter.notebook";

/**
 * A page expression: whether the cell `c` (an expression naming a cell)
 * has finished and drawn all its output. Its prompt number comes with the
 * kernel's execute_reply, which can come before the last outputs (another
 * channel, iopub) are drawn; the kernel's idle status on iopub comes after
 * them, and Notebook 6.4 then drops the cell's message callbacks or marks
 * them `iopub_done`.
 */
export function cellDoneJs(c: string): string {
  return `((c) => { const cb = c.kernel._msg_callbacks[c.last_msg_id]; return typeof c.input_prompt_number === "number" && !c.element.hasClass("running") && (!cb || cb.iopub_done === true); })(${c})`;
}

/**
 * Opens `file` on the Notebook server, runs its cells as a person would and
 * checks what the page shows.
 */
export async function runNotebook(
  tab: Tab,
  cdp: Cdp,
  serverUrl: string,
  file: string,
  emulator: { url: string; authUrl: string },
  shots: string,
  pictures: Pictures | undefined,
): Promise<RunResult> {
  const name = file.replace(/\.ipynb$/, "");
  const exp: Expectation = EXPECT[name] ?? { tables: [] };
  const result: RunResult = {
    name,
    errors: [],
    notes: [],
    screenshot: `${shots}/${name}.png`,
    seconds: 0,
  };
  const t0 = Date.now();
  /** A picture of a cell (down to its first output with `firstOutput`). */
  const picture = async (
    key: string,
    cellIndex: number,
    firstOutput = false,
    again = false,
  ) => {
    if (!pictures || (pictures.taken.has(key) && !again)) return;
    const rect = await tab.eval<
      { x: number; y: number; width: number; height: number } | null
    >(`(() => {
      const el = ${JS_NB}.get_cell(${cellIndex}).element[0];
      el.scrollIntoView({ block: "start" });
      const r = el.getBoundingClientRect();
      const out = ${firstOutput} && el.querySelector(".output_area");
      const bottom = out ? out.getBoundingClientRect().bottom : r.bottom;
      return { x: Math.max(0, r.left - 4), y: Math.max(0, r.top - 4),
        width: r.width + 8, height: Math.min(bottom - r.top + 8, window.innerHeight - r.top) };
    })()`);
    if (!rect) return;
    await tab.screenshot(`${pictures.dir}/${key}.png`, rect);
    pictures.taken.add(key);
  };

  await openNotebook(tab, serverUrl, file);
  // A person starts from a clean page: Cell → All Output → Clear.
  await tab.eval(`${JS_NB}.clear_all_output()`);
  const count = await tab.eval<number>(`${JS_NB}.ncells()`);
  const answered = new Set<string>();
  let prompts = 0;
  let progress:
    | { maxBars: number; maxCharts: number; sawRunning: boolean }
    | undefined;

  for (let i = 0; i < count; i++) {
    const type = await tab.eval<string>(`${JS_NB}.get_cell(${i}).cell_type`);
    if (type !== "code") continue;
    const source = await tab.eval<string>(
      `${JS_NB}.get_cell(${i}).get_text()`,
    );
    const isWait = source.includes(".taskWait(");
    if (isWait) progress = { maxBars: 0, maxCharts: 0, sawRunning: false };
    const cell = await startCell(tab, i);
    const end = Date.now() + CELL_TIMEOUT_MS;
    let lastPoints: string | null = null;
    for (;;) {
      const state = await tab.eval<{
        done: boolean;
        input: boolean;
        bars: number;
        charts: number;
        pct: string | null;
        points: string | null;
      }>(`(() => {
        const c = ${cell};
        const out = c.output_area.element[0];
        const bars = out.querySelectorAll("progress").length;
        // The chart is an <img> of its SVG (a data: URI), which an
        // untrusted notebook keeps too; an inline <svg> counts as a chart
        // here, and fails the check once the cell is done.
        const imgs = out.querySelectorAll("img.globus-task-chart, svg");
        const charts = imgs.length;
        const points = charts ? imgs[0].getAttribute("data-points") : null;
        const m = /(\\d+)%/.exec(out.innerText);
        return {
          done: ${cellDoneJs("c")},
          input: !!out.querySelector("input.raw_input"),
          bars, charts, points, pct: m ? m[1] : null,
        };
      })()`);
      if (progress) {
        progress.maxBars = Math.max(progress.maxBars, state.bars);
        progress.maxCharts = Math.max(progress.maxCharts, state.charts);
        if (
          state.charts === 1 && state.pct !== null && state.pct !== "100" &&
          state.points !== lastPoints
        ) {
          // The latest in-progress state: the chart with the most samples.
          progress.sawRunning = true;
          lastPoints = state.points;
          // The README's transfer pictures come from the tutorial's
          // transfer, not the sharing notebook's later one-file copy.
          if (name === "04_transfer") {
            await picture("transfer_in_progress", i, true, true);
          }
        }
      }
      if (state.input) {
        prompts++;
        if (name === "00_quickstart") await picture("login", i);
        const code = await login(tab, cdp, emulator, answered, result);
        await tab.click(
          `${cell}.output_area.element[0].querySelector("input.raw_input")`,
          "the code input box",
        );
        await tab.type(code);
        await tab.press("Enter");
        await waitFor(
          "the input box to take the code",
          () =>
            tab.eval<boolean>(
              `!${cell}.output_area.element[0].querySelector("input.raw_input")`,
            ),
          30_000,
        );
        // Notebook 6 echoes the question and the answer on one line: the
        // code starts a line or follows a space ('…here:8xMt…' ran together
        // when a prompt() label ended without one).
        const echo = await tab.eval<string>(
          `${cell}.output_area.element[0].innerText`,
        );
        const line = echo.split("\n").find((l) => l.includes(code));
        const before = line?.slice(0, line.indexOf(code)) ?? "";
        if (line === undefined || (before !== "" && !/\s$/.test(before))) {
          result.errors.push(
            `cell ${i}: the code typed is not shown apart from the question: ${
              JSON.stringify(line ?? echo.slice(0, 200))
            }`,
          );
        }
        continue;
      }
      if (state.done) break;
      if (Date.now() > end) {
        result.errors.push(
          `cell ${i} did not finish within ${CELL_TIMEOUT_MS / 1000} s`,
        );
        break;
      }
      await sleep(100);
    }
    if (result.errors.length) break;
    if (isWait && progress) {
      const final = await tab.eval<
        {
          bars: number;
          value: string | null;
          text: string;
          points: number;
          chart: string;
        }
      >(`(async () => {
        const out = ${cell}.output_area.element[0];
        const bars = out.querySelectorAll("progress");
        const img = out.querySelectorAll("img.globus-task-chart");
        const svg = out.querySelectorAll("svg");
        // The image shows: its data: URI decodes to a drawing.
        const shown = img.length === 1 && await img[0].decode().then(
          () => img[0].naturalWidth > 0 ? "" : "an empty image",
          (e) => String(e),
        );
        return {
          bars: bars.length,
          value: bars[0] ? bars[0].getAttribute("value") : null,
          text: out.innerText,
          points: img.length === 1 && svg.length === 0 && shown === ""
            ? Number(img[0].getAttribute("data-points"))
            : -1,
          chart: img.length + " image(s), " + svg.length + " inline svg(s)" +
            (shown ? ", " + shown : ""),
        };
      })()`);
      if (final.bars !== 1 || progress.maxBars > 1) {
        result.errors.push(
          `the taskWait progress is not one element updated in place: ${final.bars} at the end, at most ${progress.maxBars} at once`,
        );
      }
      if (final.value !== "1.000" || !/100%/.test(final.text)) {
        result.errors.push(
          `the taskWait progress did not end at 100 % (value ${final.value})`,
        );
      }
      if (progress.maxCharts > 1 || !(final.points >= 2)) {
        result.errors.push(
          `the transfer chart is not one image (of its SVG, shown) that grew: ${final.points} point(s) (${final.chart}), at most ${progress.maxCharts} chart(s) at once`,
        );
      }
      if (!progress.sawRunning) {
        // The README's in-progress picture needs one: a note otherwise.
        (pictures && name === "04_transfer" ? result.errors : result.notes)
          .push(
            "no in-progress state (ACTIVE, under 100 %, with its chart) was caught between polls",
          );
      }
      if (name === "04_transfer") await picture("transfer_done", i, true);
    }
    if (name === "00_quickstart" && source.includes("operationLs")) {
      await picture("operation_ls", i);
    }
    if (
      name === "05_consent_and_errors" && source.includes("caught.constructor")
    ) {
      await picture("error", i);
    }
  }

  if (!result.errors.length) {
    if (exp.prompts !== undefined && prompts !== exp.prompts) {
      result.errors.push(
        `expected ${exp.prompts} login(s), answered ${prompts}`,
      );
    }
    const tracebacks = await tab.eval<string[]>(
      `[...document.querySelectorAll(".output_error")].map((e) => e.innerText.slice(0, 300))`,
    );
    for (const t of tracebacks) {
      result.errors.push(`a cell shows an error: ${t}`);
    }
    // Notebook 6 right-aligns a markdown table's cells unless the table
    // says otherwise (|:---|): sentences were ragged on the left.
    const rightAligned = await tab.eval<string[]>(
      `[...document.querySelectorAll(".text_cell_render td")].filter((td) => getComputedStyle(td).textAlign === "right" && /[a-z] [a-z]/i.test(td.innerText)).map((td) => td.innerText.slice(0, 60))`,
    );
    if (rightAligned.length) {
      result.errors.push(
        `a markdown table's text is right-aligned (write |:---| for a text column): ${
          rightAligned.slice(0, 3).map((t) => JSON.stringify(t)).join(", ")
        }`,
      );
    }
    for (const rows of exp.tables) {
      const ok = await tab.eval<boolean>(`(() => {
        const want = ${JSON.stringify(rows)};
        return [...document.querySelectorAll(".output_area table")].some((t) => {
          const trs = [...t.querySelectorAll("tr")].map((r) => r.innerText);
          return want.every((w) => trs.some((r) => r.includes(w)));
        });
      })()`);
      if (!ok) {
        result.errors.push(
          `no HTML table has rows with ${
            rows.map((r) => JSON.stringify(r)).join(", ")
          }`,
        );
      }
    }
    const text = await tab.eval<string>(
      `[...document.querySelectorAll(".output_area")].map((e) => e.innerText).join("\\n")`,
    );
    for (const re of exp.texts ?? []) {
      if (!re.test(text)) result.errors.push(`no output matches ${re}`);
    }
    if (text.includes("[object Object]")) {
      result.errors.push("an output shows [object Object]");
    }
  }

  // No token string anywhere in the page.
  const tokens = (await (await fetch(`${emulator.url}/_emulator/tokens`))
    .json() as { tokens: string[] }).tokens;
  const html = await tab.eval<string>("document.documentElement.outerHTML");
  const leaked = tokens.filter((t) => html.includes(t)).length;
  if (leaked) {
    result.errors.push(`${leaked} token string(s) appear in the page's HTML`);
  }

  // Save (as a person would) and take the whole notebook's picture.
  await tab.tryEval(`${JS_NB}.save_notebook()`);
  const height = await tab.eval<number>(
    `Math.min(16000, document.querySelector("#header").offsetHeight + document.querySelector("#notebook").scrollHeight + 20)`,
  );
  await tab.setSize(1100, Math.max(900, height));
  await sleep(300); // let the notebook lay out for the new size
  await tab.screenshot(result.screenshot);
  /** No table shows an id, a size or an email address over two lines. */
  const splitAt = async (width: number) => {
    for (const t of new Set(await tab.eval<string[]>(SPLIT_TOKENS_JS))) {
      result.errors.push(
        `at ${width} px, a table shows ${
          JSON.stringify(t)
        } on more than one line`,
      );
    }
    for (const p of await tab.eval<string[]>(PAST_EDGE_JS)) {
      result.errors.push(
        `at ${width} px, a caption or message ${p} runs past the output area's edge`,
      );
    }
  };
  await splitAt(1100);
  // And as a narrow window (600 px) shows it, to look at by eye.
  await tab.setSize(600, 900);
  await sleep(300);
  const narrow = await tab.eval<number>(
    `Math.min(16000, document.querySelector("#header").offsetHeight + document.querySelector("#notebook").scrollHeight + 20)`,
  );
  await tab.setSize(600, Math.max(900, narrow));
  await sleep(300);
  await splitAt(600);
  await tab.screenshot(result.screenshot.replace(/\.png$/, "_600.png"));
  await tab.setSize(1100, 900);
  await waitFor(
    "the notebook to be saved",
    () =>
      tab.tryEval<boolean>(
        `!${JS_NB}.dirty && !document.querySelector("#notification_notebook.warning")`,
      ),
    30_000,
  ).catch((e) => result.errors.push(String(e)));
  // Leave the kernel running only until the next notebook: shut it down.
  await tab.tryEval(`${JS_NB}.session.delete()`);
  result.seconds = (Date.now() - t0) / 1000;
  return result;
}

/**
 * Opens a notebook in the tab (1100×900) and waits until it is loaded and
 * its Deno kernel has answered.
 *
 * @param tab The browser tab.
 * @param serverUrl The Jupyter server's URL.
 * @param file The notebook's path on the server.
 */
export async function openNotebook(
  tab: Tab,
  serverUrl: string,
  file: string,
): Promise<void> {
  await tab.setSize(1100, 900);
  // No "leave the page?" question from the previous notebook.
  await tab.tryEval(`window.onbeforeunload = null`);
  await tab.navigate(`${serverUrl}notebooks/${encodeURIComponent(file)}`);
  await waitFor(
    "the notebook and its Deno kernel",
    () =>
      tab.tryEval<boolean>(
        `!!(window.Jupyter && ${JS_NB} && ${JS_NB}._fully_loaded && ${JS_NB}.kernel && ${JS_NB}.kernel.is_connected() && ${JS_NB}.kernel.info_reply && ${JS_NB}.kernel.info_reply.status === "ok")`,
      ),
    LOAD_TIMEOUT_MS,
  );
}

/**
 * Runs cell `i` as a person does: clicks its prompt (which selects it) and
 * presses Ctrl+Enter, then waits until it has started. (An answered input
 * box can leave the keyboard shortcuts off, as a click elsewhere on the
 * page would switch them on again.)
 *
 * @param tab The notebook's tab.
 * @param i The cell's index.
 * @returns The cell, as a JavaScript expression for `tab.eval`.
 */
export async function startCell(tab: Tab, i: number): Promise<string> {
  const cell = `${JS_NB}.get_cell(${i})`;
  await tab.click(
    `${cell}.element[0].querySelector(".input_prompt")`,
    `cell ${i}'s prompt`,
  );
  await tab.eval(
    `${JS_NB}.select(${i}); ${JS_NB}.command_mode(); Jupyter.keyboard_manager.enable(); ${JS_NB}.focus_cell();`,
  );
  await tab.press("Enter", 2);
  await waitFor(
    `cell ${i} to start on Ctrl+Enter`,
    () =>
      tab.eval<boolean>(
        `${cell}.input_prompt_number !== null && ${cell}.input_prompt_number !== undefined`,
      ),
    15_000,
  );
  return cell;
}

/**
 * Clicks the newest login link on the page (the cell's own, or the one an
 * earlier cell showed), allows in the new tab, returns the code.
 */
export async function login(
  tab: Tab,
  cdp: Cdp,
  emulator: { authUrl: string },
  answered: Set<string>,
  result: RunResult,
): Promise<string> {
  const links = await waitFor(
    "the login link",
    () =>
      tab.eval<{ tag: string; href: string; text: string }[]>(
        `[...document.querySelectorAll(".output_area [href*='/v2/oauth2/authorize']")].map((a) => ({ tag: a.tagName, href: a.href, text: a.innerText }))`,
      ).then((l) => l.length ? l : undefined),
    30_000,
  );
  const fresh = links.filter((l) => !answered.has(l.href));
  const link = fresh.at(-1) ?? links.at(-1)!;
  const index = links.indexOf(link);
  answered.add(link.href);
  if (link.tag !== "A") {
    result.errors.push(`the login link is a <${link.tag}>, not an <a>`);
  }
  if (!link.href.startsWith(`${emulator.authUrl}v2/oauth2/authorize?`)) {
    result.errors.push(`the login link goes to ${link.href}`);
  }
  const before = new Set(
    ((await cdp.send("Target.getTargets")).targetInfos as {
      targetId: string;
    }[])
      .map((t) => t.targetId),
  );
  await tab.click(
    `document.querySelectorAll(".output_area [href*='/v2/oauth2/authorize']")[${index}]`,
    "the login link",
  );
  const targetId = await waitFor("the consent page in a new tab", async () => {
    const infos = (await cdp.send("Target.getTargets")).targetInfos as {
      targetId: string;
      type: string;
    }[];
    return infos.find((t) => t.type === "page" && !before.has(t.targetId))
      ?.targetId;
  }, 30_000);
  const consent = await Tab.attach(cdp, targetId);
  try {
    await waitFor(
      "the Allow button",
      () => consent.tryEval<boolean>(`!!document.querySelector("#allow")`),
      30_000,
    );
    await consent.click(`document.querySelector("#allow")`, "Allow");
    const code = await waitFor(
      "the code page",
      () =>
        consent.tryEval<string>(
          `(document.querySelector("#auth-code") || {}).innerText`,
        ),
      30_000,
    );
    return code.trim();
  } finally {
    await cdp.send("Target.closeTarget", { targetId }).catch(() => {});
    await cdp.send("Target.activateTarget", { targetId: tab.targetId });
    await tab.send("Page.bringToFront").catch(() => {});
  }
}

/** The top of a notebook for the Deno kernel: its metadata and format. */
export const DENO_NOTEBOOK = {
  metadata: {
    kernelspec: { display_name: "Deno", language: "typescript", name: "deno" },
    language_info: { name: "typescript" },
  },
  nbformat: 4,
  nbformat_minor: 5,
} as const;
