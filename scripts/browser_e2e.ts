/**
 * The tutorial notebooks as a person sees them: a Jupyter Notebook server
 * with the Deno kernel, headless Chromium, and the local Globus emulator.
 * For each notebook it clears the outputs and runs the cells one by one
 * (a click on the cell, then Ctrl+Enter, which runs a cell without adding
 * one at the end); at a login it clicks the rendered link, clicks Allow on
 * the emulator's consent page in the new tab, reads the code, goes back,
 * types the code into the input box under the cell and presses Enter. Then
 * it checks what a person would look at:
 *
 * - the login link is an `<a>` to the emulator's authorize URL;
 * - tables are HTML tables with the expected rows;
 * - the `taskWait` progress is one element updated in place that ends at
 *   100 %, with one SVG chart that grew (the transfer is throttled);
 * - the error cells show a readable message; no cell shows a traceback;
 * - no token the emulator issued (`GET /_emulator/tokens`) is anywhere in
 *   the page's HTML.
 *
 * A screenshot of each notebook goes to `.ci/browser/screenshots/`; a
 * failure names it. The executed notebooks are compared with the committed
 * ones (`notebooks/*.ipynb` keep their outputs): equal apart from ids, times
 * and the other values that differ from run to run (see
 * `scripts/notebook_outputs.ts`).
 *
 * Browser driving is plain Chrome DevTools Protocol over a WebSocket: no
 * dependency beyond Chromium itself. Ends with `N passed, N failed[, N
 * skipped]`; without Chromium or Jupyter Notebook it says why and skips.
 *
 * Usage: deno run -A scripts/browser_e2e.ts [--images DIR] [--write-notebooks]
 *        [NOTEBOOK...]
 *
 * `--images DIR` also saves the pictures the README shows (login cell, a
 * listing, a transfer in progress and done, an error) into DIR;
 * `--write-notebooks` stores the executed outputs into `notebooks/` (when
 * more than ids and times changed). `deno task pictures` does both.
 *
 * Environment: `GLOBUS_BROWSER` (default `/usr/bin/chromium`).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { startEmulator } from "../testing.ts";
import {
  compareOutputs,
  hasOutputs,
  type Notebook,
  storeOutputs,
} from "./notebook_outputs.ts";

const root = new URL("..", import.meta.url).pathname;
const CELL_TIMEOUT_MS = 180_000;
const LOAD_TIMEOUT_MS = 90_000;

// ----------------------------------------------------------------- helpers

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

async function status(cmd: string, args: string[]): Promise<number> {
  try {
    return (await new Deno.Command(cmd, {
      args,
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).output()).code;
  } catch {
    return 127;
  }
}

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/** Polls `check` until it returns a truthy value, or throws `what` timed out. */
async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | null | false>,
  timeoutMs: number,
  everyMs = 150,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) {
      throw new Error(
        `timed out after ${timeoutMs / 1000} s waiting for ${what}`,
      );
    }
    await sleep(everyMs);
  }
}

// ------------------------------------------------------------ DevTools

interface CdpMessage {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
  sessionId?: string;
}

/** One DevTools connection to the browser (flat sessions). */
class Cdp {
  #ws: WebSocket;
  #next = 1;
  #pending = new Map<
    number,
    {
      resolve: (v: Record<string, unknown>) => void;
      reject: (e: Error) => void;
    }
  >();

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.onmessage = (ev) => {
      const msg = JSON.parse(String(ev.data)) as CdpMessage;
      if (msg.id === undefined) return;
      const p = this.#pending.get(msg.id);
      if (!p) return;
      this.#pending.delete(msg.id);
      if (msg.error) p.reject(new Error(msg.error.message));
      else p.resolve(msg.result ?? {});
    };
    ws.onclose = () => {
      for (const p of this.#pending.values()) {
        p.reject(new Error("the browser closed the DevTools connection"));
      }
      this.#pending.clear();
    };
  }

  static connect(url: string): Promise<Cdp> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.onopen = () => resolve(new Cdp(ws));
      ws.onerror = () => reject(new Error(`cannot connect to ${url}`));
    });
  }

  send(
    method: string,
    params: Record<string, unknown> = {},
    sessionId?: string,
  ): Promise<Record<string, unknown>> {
    const id = this.#next++;
    const msg: CdpMessage = { id, method, params };
    if (sessionId) msg.sessionId = sessionId;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`DevTools ${method} timed out`));
      }, 60_000);
      this.#pending.set(id, {
        resolve: (v) => (clearTimeout(timer), resolve(v)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      this.#ws.send(JSON.stringify(msg));
    });
  }

  close(): void {
    try {
      this.#ws.close();
    } catch {
      // gone
    }
  }
}

/** A browser tab. */
class Tab {
  constructor(
    readonly cdp: Cdp,
    readonly targetId: string,
    readonly session: string,
  ) {}

  static async attach(cdp: Cdp, targetId: string): Promise<Tab> {
    const { sessionId } = await cdp.send("Target.attachToTarget", {
      targetId,
      flatten: true,
    }) as { sessionId: string };
    const tab = new Tab(cdp, targetId, sessionId);
    await tab.send("Page.enable");
    await tab.send("Runtime.enable");
    return tab;
  }

  send(method: string, params: Record<string, unknown> = {}) {
    return this.cdp.send(method, params, this.session);
  }

  /** Evaluates an expression in the page (awaiting promises). */
  async eval<T = unknown>(expression: string): Promise<T> {
    const r = await this.send("Runtime.evaluate", {
      expression,
      returnByValue: true,
      awaitPromise: true,
    }) as {
      result: { value?: T };
      exceptionDetails?: { exception?: { description?: string }; text: string };
    };
    if (r.exceptionDetails) {
      throw new Error(
        `in the page: ${
          r.exceptionDetails.exception?.description ?? r.exceptionDetails.text
        }`,
      );
    }
    return r.result.value as T;
  }

  /** Like `eval`, but a page that is navigating gives `undefined`. */
  async tryEval<T = unknown>(expression: string): Promise<T | undefined> {
    try {
      return await this.eval<T>(expression);
    } catch {
      return undefined;
    }
  }

  async navigate(url: string): Promise<void> {
    await this.send("Page.navigate", { url });
  }

  /** A real mouse click in the middle of the element `selectorJs` finds. */
  async click(elementJs: string, what: string): Promise<void> {
    const rect = await this.eval<
      { x: number; y: number; w: number; h: number } | null
    >(`(() => {
      const el = ${elementJs};
      if (!el) return null;
      el.scrollIntoView({ block: "center" });
      const r = el.getBoundingClientRect();
      return { x: r.left, y: r.top, w: r.width, h: r.height };
    })()`);
    if (!rect || rect.w === 0 || rect.h === 0) {
      throw new Error(`cannot click ${what}: it is not on the page`);
    }
    const x = rect.x + rect.w / 2;
    const y = rect.y + rect.h / 2;
    await this.send("Input.dispatchMouseEvent", { type: "mouseMoved", x, y });
    for (const type of ["mousePressed", "mouseReleased"]) {
      await this.send("Input.dispatchMouseEvent", {
        type,
        x,
        y,
        button: "left",
        clickCount: 1,
      });
    }
  }

  async type(text: string): Promise<void> {
    await this.send("Input.insertText", { text });
  }

  async press(
    key: "Enter",
    modifiers = 0,
  ): Promise<void> {
    const base = {
      key,
      code: key,
      windowsVirtualKeyCode: 13,
      nativeVirtualKeyCode: 13,
      modifiers,
    };
    await this.send("Input.dispatchKeyEvent", {
      type: "rawKeyDown",
      ...base,
    });
    if (modifiers === 0) {
      await this.send("Input.dispatchKeyEvent", {
        type: "char",
        text: "\r",
        ...base,
      });
    }
    await this.send("Input.dispatchKeyEvent", { type: "keyUp", ...base });
  }

  /** Saves a PNG of the viewport, or of a clip rectangle. */
  async screenshot(
    path: string,
    clip?: { x: number; y: number; width: number; height: number },
  ): Promise<void> {
    const params: Record<string, unknown> = { format: "png" };
    if (clip) params.clip = { ...clip, scale: 1 };
    const { data } = await this.send("Page.captureScreenshot", params) as {
      data: string;
    };
    const bin = atob(data);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    await Deno.writeFile(path, bytes);
  }

  async setSize(width: number, height: number): Promise<void> {
    await this.send("Emulation.setDeviceMetricsOverride", {
      width,
      height,
      deviceScaleFactor: 1,
      mobile: false,
    });
  }
}

// ----------------------------------------------------------- the browser

interface Browser {
  cdp: Cdp;
  child: Deno.ChildProcess;
  profile: string;
}

async function launchBrowser(executable: string): Promise<Browser> {
  const profile = await Deno.makeTempDir({ prefix: "globus-browser-" });
  const child = new Deno.Command(executable, {
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--no-default-browser-check",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
      "--hide-scrollbars",
      "--force-color-profile=srgb",
      `--user-data-dir=${profile}`,
      "--remote-debugging-port=0",
      "--window-size=1100,900",
      "about:blank",
    ],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  const url = await Promise.race([
    (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return undefined;
        seen += value;
        const m = /DevTools listening on (ws:\/\/\S+)/.exec(seen);
        if (m) return m[1];
      }
    })(),
    sleep(30_000).then(() => undefined),
  ]);
  // Keep draining stderr so the browser never blocks on it.
  (async () => {
    try {
      for (;;) if ((await reader.read()).done) break;
    } catch {
      // closed
    }
  })();
  if (!url) {
    try {
      child.kill("SIGKILL");
    } catch {
      // gone
    }
    throw new Error(
      `${executable} did not start: ${
        seen.trim().split("\n").slice(-3).join(" | ")
      }`,
    );
  }
  return { cdp: await Cdp.connect(url), child, profile };
}

async function closeBrowser(b: Browser): Promise<void> {
  try {
    await b.cdp.send("Browser.close");
  } catch {
    // already closing
  }
  b.cdp.close();
  const done = b.child.status;
  const timer = setTimeout(() => {
    try {
      b.child.kill("SIGKILL");
    } catch {
      // gone
    }
  }, 5000);
  await done;
  clearTimeout(timer);
  await Deno.remove(b.profile, { recursive: true }).catch(() => {});
}

// -------------------------------------------------------- the notebooks

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
    tables: [["file1.txt", "file2.txt", "file3.txt"]],
    texts: [/Task SUCCEEDED/],
  },
  "05_consent_and_errors": {
    prompts: 3,
    tables: [["TaskNotFound", "404"]],
    texts: [/TransferAPIError/, /Not found \(TaskNotFound\)/],
  },
  "06_sharing": { prompts: 2, tables: [] },
};

interface Pictures {
  dir: string;
  taken: Set<string>;
}

interface RunResult {
  name: string;
  errors: string[];
  notes: string[];
  screenshot: string;
  seconds: number;
}

const JS_NB = "Jupyter.notebook";

async function runNotebook(
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
    // Click the cell's prompt (selects it) and press Ctrl+Enter. (An
    // answered input box can leave the keyboard shortcuts off, as a click
    // elsewhere on the page would switch them on again.)
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
        const svgs = out.querySelectorAll("svg.globus-task-chart");
        const charts = svgs.length;
        const points = charts ? svgs[0].getAttribute("data-points") : null;
        const m = /(\\d+)%/.exec(out.innerText);
        return {
          done: typeof c.input_prompt_number === "number" && !c.element.hasClass("running"),
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
          await picture("transfer_in_progress", i, true, true);
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
        { bars: number; value: string | null; text: string; points: number }
      >(`(() => {
        const out = ${cell}.output_area.element[0];
        const bars = out.querySelectorAll("progress");
        const svg = out.querySelectorAll("svg.globus-task-chart");
        return {
          bars: bars.length,
          value: bars[0] ? bars[0].getAttribute("value") : null,
          text: out.innerText,
          charts: svg.length,
          points: svg.length === 1 ? Number(svg[0].getAttribute("data-points")) : -svg.length,
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
          `the transfer chart is not one SVG that grew: ${final.points} point(s), at most ${progress.maxCharts} chart(s) at once`,
        );
      }
      if (!progress.sawRunning) {
        result.notes.push("no in-progress state was caught between polls");
      }
      await picture("transfer_done", i, true);
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
 * Clicks the newest login link on the page (the cell's own, or the one an
 * earlier cell showed), allows in the new tab, returns the code.
 */
async function login(
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

// ------------------------------------------------------------------ main

function skip(reason: string, count: number): never {
  console.log(`browser skipped: ${reason}`);
  console.log(`0 passed, 0 failed, ${count} skipped`);
  Deno.exit(0);
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    args: Deno.args,
    allowPositionals: true,
    options: {
      images: { type: "string" },
      "write-notebooks": { type: "boolean", default: false },
    },
  });
  const files = positionals.length
    ? positionals.map((p) => p.replace(/^.*\//, ""))
    : [...Deno.readDirSync(`${root}notebooks`)]
      .filter((e) => e.isFile && /^0.*\.ipynb$/.test(e.name))
      .map((e) => e.name).sort();

  const browserPath = Deno.env.get("GLOBUS_BROWSER") ??
    ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
      .find((p) => {
        try {
          return Deno.statSync(p).isFile;
        } catch {
          return false;
        }
      });
  if (!browserPath) {
    skip(
      "no Chromium (apt-get install chromium, or set GLOBUS_BROWSER)",
      files.length,
    );
  }
  if (await status("jupyter", ["notebook", "--version"]) !== 0) {
    skip(
      "no Jupyter Notebook server (apt-get install jupyter-notebook)",
      files.length,
    );
  }
  const realHome = Deno.env.get("HOME") ?? "";
  const jupyterData = Deno.env.get("JUPYTER_DATA_DIR") ??
    `${realHome}/.local/share/jupyter`;
  if (!(await exists(`${jupyterData}/kernels/deno/kernel.json`))) {
    await status(Deno.execPath(), ["jupyter", "--install", "--force"]);
  }
  if (!(await exists(`${jupyterData}/kernels/deno/kernel.json`))) {
    skip(
      "the 'deno' Jupyter kernelspec is missing and 'deno jupyter --install' did not add it",
      files.length,
    );
  }

  const shots = `${root}.ci/browser/screenshots`;
  await Deno.mkdir(shots, { recursive: true });
  const pictures = values.images
    ? { dir: values.images, taken: new Set<string>() }
    : undefined;
  if (pictures) await Deno.mkdir(pictures.dir, { recursive: true });

  // The notebooks run from a copy inside the checkout, so the checkout's
  // deno.json resolves `@globus-deno/sdk` and the committed files stay as
  // they are; their HOME is a fresh folder.
  const work = await Deno.makeTempDir({
    dir: `${root}.ci/browser`,
    prefix: "run-",
  });
  const home = await Deno.makeTempDir({ prefix: "globus-browser-home-" });
  for (const f of files) {
    await Deno.copyFile(`${root}notebooks/${f}`, `${work}/${f}`);
  }
  // 1 byte per second: the tutorial's 4-byte files take seconds, so the
  // progress display and its chart are seen while the task runs.
  const emulator = await startEmulator({ throttleBytesPerSecond: 1 });
  const port = freePort();
  const serverUrl = `http://127.0.0.1:${port}/`;
  const env: Record<string, string> = {
    ...emulator.env,
    GLOBUS_EMULATOR_URL: emulator.url,
    GLOBUS_EMULATOR_ROOT: emulator.root,
    GLOBUS_EMULATOR_MAPPED_COLLECTION: emulator.collections.mapped,
    HOME: home,
    JUPYTER_DATA_DIR: jupyterData,
    JUPYTER_CONFIG_DIR: `${home}/.jupyter`,
    JUPYTER_RUNTIME_DIR: `${home}/.jupyter-runtime`,
    NO_COLOR: "1",
  };
  const info = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json"],
    stdout: "piped",
    stderr: "null",
  }).output();
  try {
    const denoDir = Deno.env.get("DENO_DIR") ??
      (JSON.parse(new TextDecoder().decode(info.stdout)) as {
        denoDir?: string;
      }).denoDir;
    if (denoDir) env.DENO_DIR = denoDir;
  } catch {
    // Deno's default
  }
  const serverArgs = [
    "notebook",
    "--no-browser",
    "--ip=127.0.0.1",
    `--port=${port}`,
    "--port-retries=0",
    "--NotebookApp.token=",
    "--NotebookApp.password=",
    `--notebook-dir=${work}`,
  ];
  if (Deno.uid() === 0) serverArgs.push("--allow-root");
  const server = new Deno.Command("jupyter", {
    args: serverArgs,
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let serverLog = "";
  const drain = async (s: ReadableStream<Uint8Array>) => {
    for await (const t of s.pipeThrough(new TextDecoderStream())) {
      serverLog += t;
    }
  };
  const draining = Promise.all([drain(server.stdout), drain(server.stderr)]);
  let browser: Browser | undefined;
  let passed = 0;
  let failed = 0;
  try {
    await waitFor("the Notebook server", async () => {
      try {
        const r = await fetch(`${serverUrl}api/status`);
        await r.body?.cancel();
        return r.ok;
      } catch {
        return false;
      }
    }, 60_000).catch((e) => {
      throw new Error(
        `${e.message}; its log ends: ${
          serverLog.trim().split("\n").slice(-5).join(" | ")
        }`,
      );
    });
    browser = await launchBrowser(browserPath!);
    await browser.cdp.send("Target.setDiscoverTargets", { discover: true });
    const { targetId } = await browser.cdp.send("Target.createTarget", {
      url: "about:blank",
    }) as { targetId: string };
    const tab = await Tab.attach(browser.cdp, targetId);
    console.log(
      `Notebook server ${serverUrl}, emulator ${emulator.url}, browser ${browserPath}`,
    );
    for (const f of files) {
      let r: RunResult;
      try {
        r = await runNotebook(
          tab,
          browser.cdp,
          serverUrl,
          f,
          emulator,
          shots,
          pictures,
        );
      } catch (e) {
        r = {
          name: f.replace(/\.ipynb$/, ""),
          errors: [e instanceof Error ? e.message : String(e)],
          notes: [],
          screenshot: `${shots}/${f.replace(/\.ipynb$/, "")}.png`,
          seconds: 0,
        };
        await tab.screenshot(r.screenshot).catch(() => {});
        await tab.tryEval(`Jupyter.notebook.session.delete()`);
      }
      // The stored outputs are what this run shows (apart from ids and times).
      if (!r.errors.length) {
        try {
          const ran = JSON.parse(
            await Deno.readTextFile(`${work}/${f}`),
          ) as Notebook;
          const committedPath = `${root}notebooks/${f}`;
          const committed = JSON.parse(
            await Deno.readTextFile(committedPath),
          ) as Notebook;
          if (values["write-notebooks"]) {
            const tokens =
              (await (await fetch(`${emulator.url}/_emulator/tokens`))
                .json() as { tokens: string[] }).tokens;
            const wrote = await storeOutputs(
              committedPath,
              committed,
              ran,
              tokens,
            );
            if (wrote) r.notes.push(`stored its outputs in notebooks/${f}`);
          } else {
            const diff = hasOutputs(committed)
              ? compareOutputs(committed, ran)
              : null;
            if (!hasOutputs(committed)) {
              r.notes.push(
                `notebooks/${f} is committed without outputs: 'deno task pictures' stores them`,
              );
            }
            if (diff) {
              r.errors.push(
                `notebooks/${f}'s stored outputs differ from this run (${diff}); regenerate them with 'deno task pictures'`,
              );
            }
          }
        } catch (e) {
          r.errors.push(e instanceof Error ? e.message : String(e));
        }
      }
      if (r.errors.length) {
        failed++;
        console.log(`FAIL ${r.name} (${r.seconds.toFixed(1)}s)`);
        for (const e of r.errors) console.log(`     - ${e}`);
        console.log(`     screenshot: ${r.screenshot}`);
      } else {
        passed++;
        console.log(
          `ok   ${r.name} (${
            r.seconds.toFixed(1)
          }s) screenshot: ${r.screenshot}`,
        );
      }
      for (const n of r.notes) console.log(`     note: ${n}`);
    }
    if (pictures) {
      console.log(
        `pictures in ${pictures.dir}: ${[...pictures.taken].sort().join(", ")}`,
      );
    }
  } catch (e) {
    console.log(
      `the browser test could not run: ${e instanceof Error ? e.message : e}`,
    );
    failed += files.length - passed - failed;
  } finally {
    if (browser) await closeBrowser(browser);
    try {
      server.kill("SIGTERM");
    } catch {
      // gone
    }
    const timer = setTimeout(() => {
      try {
        server.kill("SIGKILL");
      } catch {
        // gone
      }
    }, 5000);
    await server.status;
    clearTimeout(timer);
    await draining.catch(() => {});
    await emulator.close();
    await Deno.remove(work, { recursive: true }).catch(() => {});
    await Deno.remove(home, { recursive: true }).catch(() => {});
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

if (import.meta.main) Deno.exit(await main());
