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
 * Then it runs a notebook written for the run (`newcomer_mistakes`, see
 * `scripts/_notebook_mistakes.ts`) that makes a newcomer's mistakes: a
 * wrong code, an empty code box, a mistyped collection id, a collection
 * that needs a consent not given yet. Name it (or tutorial notebooks) on
 * the command line to run only those.
 *
 * A screenshot of each notebook goes to `.ci/browser/screenshots/`; a
 * failure names it. The executed notebooks are compared with the committed
 * ones (`notebooks/*.ipynb` keep their outputs): equal apart from ids, times
 * and the other values that differ from run to run (see
 * `scripts/notebook_outputs.ts`).
 *
 * Browser driving is plain Chrome DevTools Protocol over a WebSocket
 * (`scripts/_cdp.ts`): no dependency beyond Chromium itself. What is done and
 * checked in each notebook is in `scripts/_notebook_checks.ts`; this file
 * starts the emulator, the Notebook server and the browser, runs the
 * notebooks and compares their outputs. Ends with `N passed, N failed[, N
 * skipped]`; without Chromium or Jupyter Notebook it says why and skips.
 *
 * Usage: deno run -A scripts/browser_e2e.ts [--images DIR] [--write-notebooks]
 *        [NOTEBOOK...]
 *
 * `--images DIR` also saves the pictures the README shows (login cell, a
 * listing, a transfer in progress and done, an error) into DIR, and fails
 * when one was not taken (the transfer was not caught ACTIVE with its chart)
 * or, when every notebook that takes one ran, when a PNG in DIR is one no
 * notebook takes;
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
import {
  type Browser,
  closeBrowser,
  launchBrowser,
  Tab,
  waitFor,
} from "./_cdp.ts";
import {
  type Pictures,
  runNotebook,
  type RunResult,
} from "./_notebook_checks.ts";
import {
  MISTAKES_NOTEBOOK,
  runMistakes,
  writeMistakesNotebook,
} from "./_notebook_mistakes.ts";
import {
  LAYOUT_NOTEBOOK,
  runLayout,
  writeLayoutNotebooks,
} from "./_notebook_layout.ts";

const root = new URL("..", import.meta.url).pathname;

// ----------------------------------------------------------------- helpers

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

/** The pictures each notebook takes (scripts/_notebook_checks.ts). */
const PICTURES: Readonly<Record<string, readonly string[]>> = {
  "00_quickstart.ipynb": ["login", "operation_ls"],
  "04_transfer.ipynb": ["transfer_in_progress", "transfer_done"],
  "05_consent_and_errors.ipynb": ["error"],
};

/**
 * The pictures this run should have taken and did not: those of the
 * notebooks it ran, and any other PNG already in the folder (a picture no
 * notebook takes any more would stay there, stale).
 */
function stalePictures(
  pictures: Pictures,
  files: readonly string[],
): string[] {
  const want = new Set(files.flatMap((f) => PICTURES[f] ?? []));
  const ranAll = Object.keys(PICTURES).every((f) => files.includes(f));
  if (ranAll) {
    for (const e of Deno.readDirSync(pictures.dir)) {
      if (e.isFile && e.name.endsWith(".png")) want.add(e.name.slice(0, -4));
    }
  }
  return [...want].filter((k) => !pictures.taken.has(k)).sort();
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
  const named = positionals.map((p) =>
    p.replace(/^.*\//, "").replace(/(\.ipynb)?$/, ".ipynb")
  );
  // The newcomer-mistakes notebook is written for the run, not committed.
  const mistakes = !named.length ||
    named.some((n) => n.replace(/\.ipynb$/, "") === MISTAKES_NOTEBOOK);
  // So is the layout notebook of the SDK's tables with large values.
  const layout = !named.length ||
    named.some((n) => n.replace(/\.ipynb$/, "") === LAYOUT_NOTEBOOK);
  const files = named.length
    ? named.filter((n) =>
      ![MISTAKES_NOTEBOOK, LAYOUT_NOTEBOOK].includes(n.replace(/\.ipynb$/, ""))
    )
    : [...Deno.readDirSync(`${root}notebooks`)]
      .filter((e) => e.isFile && /^0.*\.ipynb$/.test(e.name))
      .map((e) => e.name).sort();
  const total = files.length + (mistakes ? 1 : 0) + (layout ? 1 : 0);

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
      total,
    );
  }
  if (await status("jupyter", ["notebook", "--version"]) !== 0) {
    skip(
      "no Jupyter Notebook server (apt-get install jupyter-notebook)",
      total,
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
      total,
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
  /** Prints a notebook's result and counts it. */
  const report = (r: RunResult) => {
    if (r.errors.length) {
      failed++;
      console.log(`FAIL ${r.name} (${r.seconds.toFixed(1)}s)`);
      for (const e of r.errors) console.log(`     - ${e}`);
      console.log(`     screenshot: ${r.screenshot}`);
    } else {
      passed++;
      console.log(
        `ok   ${r.name} (${r.seconds.toFixed(1)}s) screenshot: ${r.screenshot}`,
      );
    }
  };
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
      report(r);
      for (const n of r.notes) console.log(`     note: ${n}`);
    }
    if (mistakes) {
      const file = await writeMistakesNotebook(work);
      const r = await runMistakes(
        tab,
        browser.cdp,
        serverUrl,
        file,
        emulator,
        shots,
      );
      report(r);
    }
    if (layout) {
      const made = await writeLayoutNotebooks(work);
      const r = await runLayout(tab, serverUrl, work, made, env, shots);
      report(r);
      if (Deno.env.get("GLOBUS_LAYOUT_NOTES")) {
        for (const n of r.notes) console.log(`     note: ${n}`);
      }
    }
    if (pictures) {
      console.log(
        `pictures in ${pictures.dir}: ${[...pictures.taken].sort().join(", ")}`,
      );
      const stale = stalePictures(pictures, files);
      if (stale.length) {
        failed++;
        console.log(
          `FAIL pictures: not taken by this run: ${
            stale.join(", ")
          } (each PNG in ${pictures.dir} comes from a tutorial notebook; run them all)`,
        );
      }
    }
  } catch (e) {
    console.log(
      `the browser test could not run: ${e instanceof Error ? e.message : e}`,
    );
    failed += total - passed - failed;
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
