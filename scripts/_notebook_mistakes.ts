/**
 * The browser test's newcomer-mistakes notebook (`scripts/browser_e2e.ts`
 * runs it after the tutorial notebooks): a notebook written on the spot in
 * the run's folder, never committed, whose cells make the mistakes a person
 * makes in their first hour, typed into Jupyter Notebook in Chromium. Each
 * check reads the page as the person sees it:
 *
 * - a wrong code pasted into the login box: why it was refused is shown
 *   above the next box (not under it), and the right code then logs in,
 *   with one "Logged in" line;
 * - the box left empty (Enter, as there is no cancel button): the error
 *   says the box was left empty and how to log in, not that the notebook
 *   was run without a person (nbconvert);
 * - a collection id with a letter typed for a digit: the error names the
 *   character, and does not suggest searching for the typo by name;
 * - a collection that needs a consent the person has not given (the
 *   emulator's mapped collection): the new login says why, above its link;
 * - a `taskWait` stopped with the toolbar's stop button (■) once its
 *   progress shows: the display says the waiting stopped and the error
 *   under it what to do, once (the same paragraph stood twice).
 *
 * @module
 */
import { type Cdp, sleep, type Tab, waitFor } from "./_cdp.ts";
import {
  cellDoneJs,
  DENO_NOTEBOOK,
  login,
  openNotebook,
  type RunResult,
  startCell,
} from "./_notebook_checks.ts";

const JS_NB = "Jupyter.notebook";

/** The notebook's name (without `.ipynb`). */
export const MISTAKES_NOTEBOOK = "newcomer_mistakes";

/** The cells, in order (the tutorial collection's real id has a `c` last). */
const CELLS = [
  // A client id of its own (the emulator takes any UUID as a native app):
  // the emulator keeps a consent per client, and the tutorial notebooks
  // gave the tutorial client the mapped collection's.
  `import { TransferClient, TransferData, UserApp } from "@globus-deno/sdk";
const app = new UserApp({
  appName: "mistakes",
  clientId: crypto.randomUUID(),
  config: { tokenStorage: "memory" },
});
const tc = new TransferClient({ app });`,
  `await app.login();`,
  `await app.login({ force: true });`,
  `await tc.operationLs("6c54cade-bde5-45c1-bdea-f4bd71dba2cx", { path: "/share/godata/" });`,
  `await tc.operationLs(Deno.env.get("GLOBUS_EMULATOR_MAPPED_COLLECTION")!, { path: "/" });`,
  // await forgotten, and Python's name for the method.
  `tc.operationLs("6c54cade-bde5-45c1-bdea-f4bd71dba2cc", { path: "/share/godata/" })`,
  `await tc.operation_ls("6c54cade-bde5-45c1-bdea-f4bd71dba2cc", { path: "/share/godata/" })`,
  // A wait the person stops with the stop button (the files copy at 1 B/s).
  `const td = new TransferData({ sourceEndpoint: "6c54cade-bde5-45c1-bdea-f4bd71dba2cc", destinationEndpoint: "31ce9ba0-176d-45a5-add3-f37d233ba47d", label: "stopped" });
td.addItem("/share/godata/", "/~/stopped/", { recursive: true });
const { task_id } = await tc.submitTransfer(td);
await tc.taskWait(task_id, { timeoutS: 120, pollingIntervalS: 1 })`,
];

/** Writes the notebook into `dir`; returns its file name. */
export async function writeMistakesNotebook(dir: string): Promise<string> {
  const file = `${MISTAKES_NOTEBOOK}.ipynb`;
  const nb = {
    cells: CELLS.map((source) => ({
      cell_type: "code",
      execution_count: null,
      metadata: {},
      outputs: [],
      source,
    })),
    ...DENO_NOTEBOOK,
  };
  await Deno.writeTextFile(`${dir}/${file}`, JSON.stringify(nb, null, 1));
  return file;
}

interface CellState {
  done: boolean;
  input: boolean;
  text: string;
  /** The output's text above the open input box (all of it without one). */
  above: string;
}

async function cellState(tab: Tab, i: number): Promise<CellState> {
  return await tab.eval<CellState>(`(() => {
    const c = ${JS_NB}.get_cell(${i});
    const out = c.output_area.element[0];
    const box = out.querySelector("input.raw_input");
    const above = [...out.querySelectorAll(".output_subarea")]
      .filter((e) => !box || (e.compareDocumentPosition(box) & Node.DOCUMENT_POSITION_FOLLOWING))
      .filter((e) => !e.contains(box))
      .map((e) => e.innerText).join("\\n");
    return {
      done: ${cellDoneJs("c")},
      input: !!box,
      text: out.innerText,
      above,
    };
  })()`);
}

/**
 * Runs cell `i` (click, Ctrl+Enter); resolves at its box or its end (see
 * {@linkcode settle} for `shows`).
 */
async function runCell(
  tab: Tab,
  i: number,
  shows?: RegExp,
): Promise<CellState> {
  await startCell(tab, i);
  return await settle(tab, i, shows);
}

/**
 * Waits until cell `i` shows an input box or ends and, when `shows` is
 * given, until the text the checks read (above the box, or the whole
 * output) matches it. The page draws a cell's outputs (iopub) apart from
 * its end (execute_reply) and its input box (stdin), in either order, so a
 * cell can read as finished, or as asking, before its text is there. A
 * state that never matches is returned after 30 s for the check to report.
 */
async function settle(
  tab: Tab,
  i: number,
  shows?: RegExp,
): Promise<CellState> {
  let since = 0;
  return await waitFor(
    `cell ${i} to ask or finish`,
    async () => {
      const s = await cellState(tab, i);
      if (!s.input && !s.done) return undefined;
      if (!shows || shows.test(s.input ? s.above : s.text)) return s;
      since ||= Date.now();
      return Date.now() - since > 30_000 ? s : undefined;
    },
    150_000,
    100,
  );
}

/** Types `text` into cell `i`'s input box and presses Enter. */
async function answer(tab: Tab, i: number, text: string): Promise<void> {
  const box =
    `${JS_NB}.get_cell(${i}).output_area.element[0].querySelector("input.raw_input")`;
  await tab.click(box, "the code input box");
  if (text) await tab.type(text);
  await tab.press("Enter");
  await waitFor(
    "the input box to take the answer",
    () => tab.eval<boolean>(`!${box}`),
    30_000,
  );
  await sleep(100);
}

/**
 * Opens the mistakes notebook (written by
 * {@linkcode writeMistakesNotebook}), makes each mistake and checks the
 * page.
 */
export async function runMistakes(
  tab: Tab,
  cdp: Cdp,
  serverUrl: string,
  file: string,
  emulator: { url: string; authUrl: string },
  shots: string,
): Promise<RunResult> {
  const result: RunResult = {
    name: MISTAKES_NOTEBOOK,
    errors: [],
    notes: [],
    screenshot: `${shots}/${MISTAKES_NOTEBOOK}.png`,
    seconds: 0,
  };
  const t0 = Date.now();
  const check = (ok: boolean, what: string, text: string) => {
    if (!ok) {
      result.errors.push(`${what}; the cell shows: ${text.slice(0, 400)}`);
    }
  };
  await openNotebook(tab, serverUrl, file);
  const answered = new Set<string>();
  try {
    let s = await runCell(tab, 0);
    check(s.done && !/Error/.test(s.text), "cell 0 failed", s.text);

    // 1. A wrong code, then the right one.
    s = await runCell(tab, 1, /Log in to Globus/);
    check(s.input, "the login cell shows no input box", s.text);
    if (s.input) {
      await answer(tab, 1, "not-a-code-from-globus");
      s = await settle(tab, 1, /did not accept that code/);
      check(s.input, "a wrong code did not ask again", s.text);
      check(
        /shows it\): not-a-code-from-globus/.test(s.above),
        "the answer is not shown one space after the question",
        s.above,
      );
      check(
        /did not accept that code/.test(s.above),
        "why the code was refused is not above the new input box",
        `${s.text}\n(above the box: ${s.above})`,
      );
      if (s.input) {
        const code = await login(tab, cdp, emulator, answered, result);
        await answer(tab, 1, code);
        s = await settle(tab, 1, /Logged in to Globus/);
        check(
          (s.text.match(/Logged in to Globus for mistakes/g) ?? []).length ===
            1,
          "the login did not end with one 'Logged in' line",
          s.text,
        );
      }
    }

    // 2. The box left empty.
    s = await runCell(tab, 2);
    check(s.input, "a forced login shows no input box", s.text);
    if (s.input) {
      await answer(tab, 2, "");
      s = await settle(tab, 2, /left empty/);
      check(
        /The code box was left empty, so the login stopped/.test(s.text) &&
          !/nbconvert/.test(s.text),
        "an empty answer does not say the box was left empty (or blames nbconvert)",
        s.text,
      );
    }

    // 3. A letter typed for a digit in a collection id.
    s = await runCell(tab, 3, /hex digit/);
    check(
      /'x' is not a hex digit/.test(s.text) && !/endpointSearch\(/.test(s.text),
      "a mistyped id's error does not name the character (or suggests searching for the typo)",
      s.text,
    );

    // 4. A collection that needs a consent not given yet.
    s = await runCell(tab, 4, /needs a new login[^]*Log in to Globus/);
    check(s.input, "the mapped collection did not ask for a new login", s.text);
    if (s.input) {
      check(
        /needs a new login before this call can run: The collection 'Globus Emulator Mapped Collection' requires a data_access consent/
          .test(s.above) &&
          s.above.indexOf("needs a new login") <
            s.above.indexOf("Log in to Globus"),
        "the consent login does not say why above its link",
        s.above,
      );
      const code = await login(tab, cdp, emulator, answered, result);
      await answer(tab, 4, code);
      s = await settle(tab, 4, /share\//);
      check(
        /share\//.test(s.text),
        "the mapped collection's listing did not follow the login",
        s.text,
      );
    }

    // 5. A call without await, as the cell's value.
    s = await runCell(tab, 5, /without await/);
    check(
      /Promise: TransferClient\.operationLs\(\) was called without await, so this is its promise, not its result \(the call goes on all the same\)\. Write await before the call to get the result: await tc\.operationLs\(…\)/
        .test(s.text) && !/<pending>/.test(s.text),
      "a call without await does not say to write await",
      s.text,
    );

    // 6. Python's name for a method.
    s = await runCell(tab, 6, /camelCase/);
    check(
      /TransferClient has no operation_ls: the names here are camelCase, so Python's operation_ls is operationLs/
        .test(s.text),
      "Python's method name does not name the camelCase one",
      s.text,
    );

    // 7. The stop button during taskWait, once the progress shows.
    await startCell(tab, 7);
    await waitFor(
      "the taskWait progress",
      () =>
        tab.eval<boolean>(
          `!!${JS_NB}.get_cell(7).output_area.element[0].querySelector("progress")`,
        ),
      60_000,
    );
    await tab.click(
      `document.querySelector("[data-jupyter-action='jupyter-notebook:interrupt-kernel']")`,
      "the stop button",
    );
    s = await settle(tab, 7, /AbortError[^]*wait again/);
    check(
      /Interrupted: stopped waiting for task "[0-9a-f-]+"\.\s*AbortError: Interrupted: stopped waiting for task "[0-9a-f-]+"\. The task keeps running on Globus; wait again with tc\.taskWait\(/
        .test(s.text) &&
        (s.text.match(/wait again with/g) ?? []).length === 1,
      "a stopped taskWait does not say once, under its display, that the task goes on and how to wait again",
      s.text,
    );
  } catch (e) {
    result.errors.push(e instanceof Error ? e.message : String(e));
  }
  // No token string anywhere in the page.
  const tokens = (await (await fetch(`${emulator.url}/_emulator/tokens`))
    .json() as { tokens: string[] }).tokens;
  const html = await tab.eval<string>("document.documentElement.outerHTML");
  const leaked = tokens.filter((t) => html.includes(t)).length;
  if (leaked) {
    result.errors.push(`${leaked} token string(s) appear in the page's HTML`);
  }
  const height = await tab.eval<number>(
    `Math.min(16000, document.querySelector("#header").offsetHeight + document.querySelector("#notebook").scrollHeight + 20)`,
  );
  await tab.setSize(1100, Math.max(900, height));
  await sleep(300);
  await tab.screenshot(result.screenshot);
  await tab.setSize(1100, 900);
  await tab.tryEval(`${JS_NB}.session.delete()`);
  result.seconds = (Date.now() - t0) / 1000;
  return result;
}
