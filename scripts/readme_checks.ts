/**
 * Part of `scripts/build_npm.ts --test`, after the npm build: runs what the
 * two READMEs tell a Node user to do, from scratch folders outside the
 * checkout, with the code taken from the READMEs themselves (the fenced
 * block after `<!-- snippet: NAME -->`, `/path/to/globus-deno` replaced by
 * this checkout), so the docs cannot drift from what works.
 *
 * - README.md "Use it in your own project", Node: `npm pack` the build,
 *   `npm install` the tarball, run the check script with `node`; then with
 *   `deno run` in the same folder (`@globus-deno/sdk` and
 *   `npm:@globus-deno/sdk` from node_modules); and `npm install` of the
 *   `npm/` folder itself.
 * - docs/node/README.md (the package's README): `hello.mjs` and its
 *   CommonJS twin `hello.cjs` (`require()`, on the Node on PATH), and its
 *   TypeScript twin `hello.mts` (type-checked, and run on each Node that
 *   strips types); `emulator.mjs`
 *   started in the background, its `export` lines pasted into the
 *   environment of `transfer.mjs`, whose command-line login is answered
 *   through a pipe (the link read from its output, approved at the
 *   emulator, the code written to its stdin); a second run with the saved
 *   tokens and no input; the same script with `"local-server"`, answered by
 *   following the redirect; `job.mjs`, a ClientApp with the emulator's
 *   confidential client; and Ctrl-C (SIGINT) stopping the emulator.
 *
 * @module
 */
import {
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { commands, PLACEHOLDER, snippet } from "../tests/e2e/_shared.ts";

/** Counts one check (build_npm.ts's tally). */
export type CheckRecorder = (name: string, ok: boolean, why?: string) => void;

const TUTORIAL_CLIENT_ID = "61338d24-54d5-408f-a10d-66c06b59f6d2";
const AUTHORIZE_RE = /https?:\/\/[^\s"'<>]+\/v2\/oauth2\/authorize\?[^\s"'<>]+/;
/** A deadline so that a broken step fails instead of hanging (not a timing assertion). */
const STEP_DEADLINE_MS = 120_000;

/** A running child process whose output is collected as it comes. */
class Child {
  readonly process: Deno.ChildProcess;
  output = "";
  readonly #done: Promise<void>;
  #stdin: WritableStreamDefaultWriter<Uint8Array> | null;

  constructor(
    cmd: string,
    args: string[],
    opts: { cwd: string; env: Record<string, string>; stdin?: boolean },
  ) {
    this.process = new Deno.Command(cmd, {
      args,
      cwd: opts.cwd,
      env: opts.env,
      stdin: opts.stdin ? "piped" : "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    this.#stdin = opts.stdin ? this.process.stdin.getWriter() : null;
    const pump = async (s: ReadableStream<Uint8Array>) => {
      const d = new TextDecoder();
      for await (const c of s) this.output += d.decode(c, { stream: true });
    };
    this.#done = Promise.all([
      pump(this.process.stdout),
      pump(this.process.stderr),
    ]).then(() => {});
  }

  /** Waits until the output matches `re`; null when the process ends first. */
  async waitFor(re: RegExp): Promise<RegExpMatchArray | null> {
    const deadline = Date.now() + STEP_DEADLINE_MS;
    let ended = false;
    this.#done.then(() => ended = true);
    while (Date.now() < deadline) {
      const m = this.output.match(re);
      if (m) return m;
      if (ended) return null;
      await new Promise((r) => setTimeout(r, 50));
    }
    return null;
  }

  async write(text: string): Promise<void> {
    await this.#stdin!.write(new TextEncoder().encode(text));
    await this.#stdin!.close();
    this.#stdin = null;
  }

  /** Waits for the exit (killing it after the deadline); the exit code. */
  async finish(): Promise<number> {
    if (this.#stdin) await this.#stdin.close().catch(() => {});
    const timer = setTimeout(() => {
      try {
        this.process.kill("SIGKILL");
      } catch { /* gone */ }
    }, STEP_DEADLINE_MS);
    try {
      const { code } = await this.process.status;
      await this.#done;
      return code;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Runs `line` with `sh -c` in `cwd`; exit code and output. */
async function sh(
  line: string,
  cwd: string,
  env: Record<string, string>,
): Promise<{ code: number; output: string }> {
  const child = new Child("sh", ["-c", line], { cwd, env });
  return { code: await child.finish(), output: child.output };
}

/** Whether `output` is the check script's table of the three sample files. */
function listsSampleFiles(output: string): boolean {
  // (after a prompt for a piped code, on the same line: no echo; each row
  // starts with its name, the first column)
  return /\/share\/godata\/ on [0-9a-f-]{36} \(3 entries\)$/m.test(output) &&
    ["file1", "file2", "file3"].every((f) =>
      new RegExp(`^${f}\\.txt\\s*\\| file `, "m").test(output)
    );
}

function tail(text: string): string {
  return text.trim().split("\n").slice(-8).join("\n");
}

/** The env every child gets: this Deno first on PATH, no colours. */
function baseEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: `${dirname(Deno.execPath())}:${
      Deno.env.get("PATH") ?? "/usr/bin:/bin"
    }`,
    NO_COLOR: "1",
    ...extra,
  };
}

/** README.md's Node commands, and Deno on the same install. */
async function ownProjectNode(
  root: string,
  record: CheckRecorder,
): Promise<void> {
  const md = await readFile(join(root, "README.md"), "utf8");
  const hello = snippet(md, "hello_globus.ts", root) + "\n";
  const dir = await mkdtemp(join(tmpdir(), "globus-readme-node-"));
  try {
    await writeFile(join(dir, "hello_globus.ts"), hello);
    const lines = commands(snippet(md, "node-install", root));
    let last = { code: 1, output: "no commands" };
    for (const line of lines) {
      console.log(`$ ${line}`);
      last = await sh(line, dir, baseEnv());
      if (last.code !== 0) break;
    }
    record(
      "README (own project, Node): npm pack, npm install the tarball, node hello_globus.mjs",
      last.code === 0 && listsSampleFiles(last.output),
      `exit ${last.code}: ${tail(last.output)}`,
    );

    const run = commands(snippet(md, "deno-run", root))[0]!;
    const viaDeno = await sh(run, dir, baseEnv());
    await writeFile(
      join(dir, "hello_npm.ts"),
      hello.replaceAll('"@globus-deno/sdk', '"npm:@globus-deno/sdk'),
    );
    const viaNpm = await sh(
      run.replace("hello_globus.ts", "hello_npm.ts"),
      dir,
      baseEnv(),
    );
    record(
      "README (own project): deno run in that folder takes @globus-deno/sdk and npm:@globus-deno/sdk from node_modules",
      viaDeno.code === 0 && listsSampleFiles(viaDeno.output) &&
        viaNpm.code === 0 && listsSampleFiles(viaNpm.output),
      `exit ${viaDeno.code}/${viaNpm.code}: ${
        tail(viaDeno.output + viaNpm.output)
      }`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  const linked = md.match(/`(npm install \/path\/to\/globus-deno\/npm)`/);
  const dir2 = await mkdtemp(join(tmpdir(), "globus-readme-node-link-"));
  try {
    let res = {
      code: 1,
      output: "README.md names no `npm install /path/to/globus-deno/npm`",
    };
    if (linked) {
      const line = linked[1]!.replaceAll(PLACEHOLDER, root);
      console.log(`$ ${line}`);
      res = await sh(line, dir2, baseEnv());
      if (res.code === 0) {
        await writeFile(join(dir2, "hello_globus.mjs"), hello);
        res = await sh("node hello_globus.mjs", dir2, baseEnv());
      }
    }
    record(
      "README (own project, Node): npm install of the npm/ folder",
      res.code === 0 && listsSampleFiles(res.output),
      `exit ${res.code}: ${tail(res.output)}`,
    );
  } finally {
    await rm(dir2, { recursive: true, force: true });
  }
}

/** Answers a command-line login: link from the output, code to stdin. */
async function answerCommandLine(
  child: Child,
  approveUrl: string,
): Promise<string | null> {
  const m = await child.waitFor(AUTHORIZE_RE);
  if (!m) return "no authorize link was printed";
  const code = await approve(approveUrl, m[0]);
  await child.write(code + "\n");
  return null;
}

/** Answers a local-server login: follows the redirect with the code. */
async function answerLocalServer(
  child: Child,
  approveUrl: string,
): Promise<string | null> {
  const m = await child.waitFor(AUTHORIZE_RE);
  if (!m) return "no authorize link was printed";
  const authorize = new URL(m[0]);
  const redirect = new URL(authorize.searchParams.get("redirect_uri") ?? "");
  redirect.searchParams.set("code", await approve(approveUrl, m[0]));
  redirect.searchParams.set("state", authorize.searchParams.get("state") ?? "");
  const res = await fetch(redirect);
  const page = await res.text();
  return res.ok
    ? null
    : `the redirect got ${res.status}: ${page.slice(0, 200)}`;
}

async function approve(
  approveUrl: string,
  authorizeUrl: string,
): Promise<string> {
  const res = await fetch(approveUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ authorize_url: authorizeUrl }),
  });
  if (!res.ok) throw new Error(`approve: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { code: string }).code;
}

/** Token files under `home` for the tutorial client and `appName`. */
async function tokenFiles(home: string, appName: string): Promise<string[]> {
  const dir = join(home, ".globus", "app", TUTORIAL_CLIENT_ID, appName);
  return (await readdir(dir).catch(() => [] as string[])).filter((f) =>
    f.endsWith("tokens.json")
  );
}

/**
 * docs/node/README.md's `hello.mts`, TypeScript run as it is: type-checked
 * against the package's declarations (`deno check`, which reads the
 * project's node_modules as `tsc` would), then run on each Node that strips
 * types (`process.features.typescript`; 22.18+, 23.6+).
 */
async function typeScriptHello(
  dir: string,
  nodes: readonly string[],
  record: CheckRecorder,
): Promise<void> {
  const check = await sh(
    `${JSON.stringify(Deno.execPath())} check hello.mts`,
    dir,
    baseEnv(),
  );
  record(
    "npm README: hello.mts type-checks against the package's declarations",
    check.code === 0,
    `exit ${check.code}: ${tail(check.output)}`,
  );
  for (const node of ["node", ...nodes]) {
    const q = JSON.stringify(node);
    const probe = await sh(
      `${q} -p "process.version + ' ' + process.features.typescript"`,
      dir,
      baseEnv(),
    );
    const [version = node, strips = ""] = probe.output.trim().split(" ");
    if (!strips || strips === "false" || strips === "undefined") {
      // Node 20, and 22 before 22.18, do not run TypeScript unflagged.
      const [major = 0, minor = 0] = (/^v(\d+)\.(\d+)/.exec(version) ?? [])
        .slice(1).map(Number);
      if (major > 22 || (major === 22 && minor >= 18)) {
        record(
          `npm README: Node ${version} runs hello.mts`,
          false,
          `process.features.typescript is '${strips}' on a Node that strips types`,
        );
      }
      continue;
    }
    const run = await sh(`${q} hello.mts`, dir, baseEnv());
    record(
      `npm README: node hello.mts (types stripped) on Node ${version} lists the sample files`,
      run.code === 0 &&
        /file1\.txt \(4 bytes\), file2\.txt \(4 bytes\), file3\.txt \(4 bytes\)/
          .test(run.output),
      `exit ${run.code}: ${tail(run.output)}`,
    );
  }
}

/** docs/node/README.md's snippets, in an installed project. */
async function npmReadme(
  root: string,
  nodes: readonly string[],
  record: CheckRecorder,
): Promise<void> {
  const md = await readFile(join(root, "docs", "node", "README.md"), "utf8");
  const dir = await mkdtemp(join(tmpdir(), "globus-npm-readme-"));
  const children: Child[] = [];
  try {
    const install = await sh(
      `npm pack ${
        join(root, "npm")
      } && npm install --no-audit --no-fund --loglevel=error ./globus-deno-sdk-*.tgz`,
      dir,
      baseEnv(),
    );
    if (install.code !== 0) {
      record(
        "npm README: install the packed package",
        false,
        tail(install.output),
      );
      return;
    }
    for (
      const name of [
        "hello.mjs",
        "hello.cjs",
        "hello.mts",
        "transfer.mjs",
        "emulator.mjs",
        "job.mjs",
        "app.test.mjs",
      ]
    ) {
      await writeFile(join(dir, name), snippet(md, name, root) + "\n");
    }
    const appTest = await sh("node --test app.test.mjs", dir, baseEnv());
    record(
      "npm README: node --test app.test.mjs logs a UserApp in at the emulator and passes",
      appTest.code === 0 && /^(?:#|ℹ) pass 1$/m.test(appTest.output) &&
        /^(?:#|ℹ) fail 0$/m.test(appTest.output),
      `exit ${appTest.code}: ${tail(appTest.output)}`,
    );
    const hello = await sh("node hello.mjs", dir, baseEnv());
    record(
      "npm README: node hello.mjs lists the emulator's sample files",
      hello.code === 0 && listsSampleFiles(hello.output),
      `exit ${hello.code}: ${tail(hello.output)}`,
    );
    const helloCjs = await sh("node hello.cjs", dir, baseEnv());
    record(
      "npm README: node hello.cjs (require) lists the emulator's sample files",
      helloCjs.code === 0 && listsSampleFiles(helloCjs.output),
      `exit ${helloCjs.code}: ${tail(helloCjs.output)}`,
    );

    await typeScriptHello(dir, nodes, record);

    // The emulator in the background; its export lines become the env.
    const emulator = new Child("node", ["emulator.mjs"], {
      cwd: dir,
      env: baseEnv(),
    });
    children.push(emulator);
    const ready = await emulator.waitFor(/^# paste these lines/m);
    const exported: Record<string, string> = {};
    for (const m of emulator.output.matchAll(/^export ([A-Z_]+)=(\S+)$/gm)) {
      exported[m[1]!] = m[2]!;
    }
    const authUrl = exported["GLOBUS_SDK_SERVICE_URL_AUTH"];
    record(
      "npm README: node emulator.mjs prints the export lines",
      !!ready && !!authUrl && !!exported["GLOBUS_SDK_SERVICE_URL_TRANSFER"],
      tail(emulator.output),
    );
    if (!authUrl) return;
    const approveUrl = new URL("/_emulator/approve", authUrl).href;

    const fakeBin = join(dir, "bin");
    await mkdir(fakeBin);
    // No real browser opens: the test plays the browser.
    await writeFile(join(fakeBin, "xdg-open"), "#!/bin/sh\nexit 0\n", {
      mode: 0o755,
    });
    const runTransfer = async (
      script: string,
      home: string,
      answer: ((c: Child) => Promise<string | null>) | null,
    ): Promise<{ ok: boolean; why: string; output: string }> => {
      const child = new Child("node", [script], {
        cwd: dir,
        env: baseEnv({
          ...exported,
          HOME: home,
          SSH_TTY: "",
          SSH_CONNECTION: "",
          PATH: `${fakeBin}:${baseEnv().PATH}`,
        }),
        stdin: answer !== null,
      });
      children.push(child);
      const why = answer ? await answer(child).catch((e) => String(e)) : null;
      const code = await child.finish();
      // A later run skips the files already there (syncLevel: "checksum").
      const done = /^task [0-9a-f-]{36}: SUCCEEDED, \d+ files$/m.test(
        child.output,
      );
      return {
        ok: !why && code === 0 && done && listsSampleFiles(child.output),
        why: `${why ?? ""} exit ${code}: ${tail(child.output)}`,
        output: child.output,
      };
    };

    const home = join(dir, "home");
    await mkdir(home);
    const first = await runTransfer(
      "transfer.mjs",
      home,
      (c) => answerCommandLine(c, approveUrl),
    );
    const files = await tokenFiles(home, "my-node-script");
    record(
      "npm README: node transfer.mjs logs in on the command line (code through a pipe), lists and transfers",
      first.ok && AUTHORIZE_RE.test(first.output) && files.length === 1,
      `${first.why}; token files: ${files.join(", ") || "none"}; output: ${
        first.output.slice(0, 600)
      }`,
    );
    const second = await runTransfer("transfer.mjs", home, null);
    record(
      "npm README: a second node transfer.mjs uses the saved tokens (no link, no input)",
      second.ok && !AUTHORIZE_RE.test(second.output),
      second.why,
    );

    await writeFile(
      join(dir, "transfer_local.mjs"),
      snippet(md, "transfer.mjs", root).replace(
        'loginFlowManager: "command-line"',
        'loginFlowManager: "local-server"',
      ) + "\n",
    );
    const home2 = join(dir, "home2");
    await mkdir(home2);
    const local = await runTransfer(
      "transfer_local.mjs",
      home2,
      (c) => answerLocalServer(c, approveUrl),
    );
    record(
      'npm README: with loginFlowManager: "local-server" the browser\'s redirect logs in',
      local.ok && (await tokenFiles(home2, "my-node-script")).length === 1,
      local.why,
    );

    const home3 = join(dir, "home3");
    await mkdir(home3);
    const job = await sh(
      "node job.mjs",
      dir,
      baseEnv({ ...exported, HOME: home3 }),
    );
    record(
      "npm README: node job.mjs (a ClientApp with the emulator's confidential client) gets a submission id",
      job.code === 0 &&
        /^job ready: submission id [0-9a-f-]{36}$/m.test(job.output) &&
        !!exported["GLOBUS_CLIENT_SECRET"],
      `exit ${job.code}: ${tail(job.output)}`,
    );

    emulator.process.kill("SIGINT");
    const stopped = await emulator.finish();
    record(
      "npm README: Ctrl-C (SIGINT) stops node emulator.mjs",
      stopped === 0,
      `exit ${stopped}: ${tail(emulator.output)}`,
    );
  } finally {
    for (const c of children) {
      try {
        c.process.kill("SIGKILL");
      } catch { /* already ended */ }
    }
    await rm(dir, { recursive: true, force: true });
  }
}

/** Both READMEs' Node instructions (needs the npm build in `root/npm`). */
export async function checkReadmes(
  root: string,
  record: CheckRecorder,
  nodes: readonly string[] = [],
): Promise<void> {
  await ownProjectNode(root, record);
  await npmReadme(root, nodes, record);
}
