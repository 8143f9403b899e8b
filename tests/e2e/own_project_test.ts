/**
 * README.md "Use it in your own project", done the way a user does it: a
 * scratch folder outside the checkout, the `deno.json` and the check script
 * copied from the README (the blocks after `<!-- snippet: NAME -->`, with
 * `/path/to/globus-deno` replaced by this checkout), and the README's
 * commands run by `sh` in that folder; then the same code as a notebook cell
 * in a subfolder, run in the Deno Jupyter kernel (skipped, with the reason,
 * when Jupyter is not installed). The Node commands of that section run in
 * `scripts/build_npm.ts --test`, after the npm build.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { commands, denoDir, jupyterMissing, snippet } from "./_shared.ts";
import { startEmulator } from "../../src/testing/emulator.ts";

// deno-lint-ignore no-explicit-any
const D = (globalThis as any).Deno;
const skip = D
  ? false
  : "runs deno and Jupyter as subprocesses from a scratch folder (Deno only)";

const ROOT = fileURLToPath(new URL("../../", import.meta.url)).replace(
  /\/$/,
  "",
);
const PYTHON = D?.env.get("GLOBUS_NOTEBOOKS_PYTHON") ?? "/usr/bin/python3";

async function readme(): Promise<string> {
  return await readFile(join(ROOT, "README.md"), "utf8");
}

/** Runs `line` with `sh -c` in `cwd`, this Deno first on PATH. */
async function sh(
  line: string,
  cwd: string,
): Promise<{ code: number; output: string }> {
  const env: Record<string, string> = {
    PATH: `${dirname(D.execPath())}:${D.env.get("PATH") ?? "/usr/bin:/bin"}`,
    NO_COLOR: "1",
  };
  const dd = await denoDir();
  if (dd) env.DENO_DIR = dd;
  const out = await new D.Command("sh", {
    args: ["-c", line],
    cwd,
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code: out.code,
    output: new TextDecoder().decode(out.stdout) +
      new TextDecoder().decode(out.stderr),
  };
}

/** What the README's check script prints: the table of the three files. */
function assertListing(output: string, what: string): void {
  assert.match(
    output,
    /^\/share\/godata\/ on [0-9a-f-]{36} \(3 entries\)$/m,
    what,
  );
  for (const name of ["file1.txt", "file2.txt", "file3.txt"]) {
    assert.match(
      output,
      new RegExp(`^${name.replace(".", "\\.")}\\s*\\| file `, "m"),
      what,
    );
  }
}

async function withScratch(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "globus-own-project-"));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test(
  "a script in a folder of its own imports @globus-deno/sdk through the README's deno.json",
  {
    skip,
  },
  async () => {
    const md = await readme();
    await withScratch(async (dir) => {
      // Without the README's deno.json the import fails, as the issue saw.
      await writeFile(
        join(dir, "hello_globus.ts"),
        snippet(md, "hello_globus.ts", ROOT) + "\n",
      );
      const before = await sh("deno run -A hello_globus.ts", dir);
      assert.notEqual(before.code, 0);
      assert.match(before.output, /@globus-deno\/sdk/);

      await writeFile(
        join(dir, "deno.json"),
        snippet(md, "deno.json", ROOT) + "\n",
      );
      const run = commands(snippet(md, "deno-run", ROOT));
      assert.equal(run.length, 1, "one command to run the check");
      const res = await sh(run[0]!, dir);
      assert.equal(res.code, 0, res.output);
      assertListing(res.output, res.output);

      // The deno.json also serves a subfolder (its parent's config).
      const sub = join(dir, "analysis");
      await mkdir(sub);
      await writeFile(
        join(sub, "hello_globus.ts"),
        snippet(md, "hello_globus.ts", ROOT) + "\n",
      );
      const fromSub = await sh(run[0]!, sub);
      assert.equal(fromSub.code, 0, fromSub.output);
      assertListing(fromSub.output, fromSub.output);
    });
  },
);

test(
  "in a project with a package.json but no node_modules, a login fails before its link is shown, saying to run deno install",
  {
    skip,
  },
  async () => {
    const md = await readme();
    const emu = await startEmulator();
    try {
      await withScratch(async (dir) => {
        await writeFile(
          join(dir, "deno.json"),
          snippet(md, "deno.json", ROOT) + "\n",
        );
        // As `npm init -y` (or any npm install) leaves it.
        await writeFile(join(dir, "package.json"), '{ "name": "lab" }\n');
        await writeFile(
          join(dir, "login.ts"),
          [
            'import { TUTORIAL_CLIENT_ID, UserApp } from "@globus-deno/sdk";',
            "const app = new UserApp({",
            '  appName: "lab",',
            "  clientId: TUTORIAL_CLIENT_ID,",
            '  config: { tokenStorage: "memory" },',
            "});",
            "await app.login();",
          ].join("\n") + "\n",
        );
        const env: Record<string, string> = {
          ...emu.env,
          PATH: D.env.get("PATH") ?? "/usr/bin:/bin",
          HOME: dir,
          NO_COLOR: "1",
        };
        const dd = await denoDir();
        if (dd) env.DENO_DIR = dd;
        const child = new D.Command(D.execPath(), {
          args: ["run", "-A", "login.ts"],
          cwd: dir,
          env,
          stdin: "piped",
          stdout: "piped",
          stderr: "piped",
        }).spawn();
        // A code typed after the link (the old order: it was needed first).
        const writer = child.stdin.getWriter();
        await writer.write(new TextEncoder().encode("not-a-code\n"));
        await writer.close();
        const out = await child.output();
        const text = new TextDecoder().decode(out.stdout) +
          new TextDecoder().decode(out.stderr);
        assert.notEqual(out.code, 0, text);
        assert.match(
          text,
          /could not load 'oauth4webapi', which logins and token requests need: .*run `deno install` in the project's folder, or add "nodeModulesDir": "auto" to its deno\.json/s,
        );
        assert.doesNotMatch(text, /oauth2\/authorize/, "no link was shown");
      });
    } finally {
      await emu.close();
    }
  },
);

test(
  "a script in a folder without deno.json runs with the README's --config command",
  {
    skip,
  },
  async () => {
    const md = await readme();
    await withScratch(async (dir) => {
      await writeFile(
        join(dir, "hello_globus.ts"),
        snippet(md, "hello_globus.ts", ROOT) + "\n",
      );
      const run = commands(snippet(md, "deno-run-config", ROOT));
      assert.equal(run.length, 1);
      assert.ok(run[0]!.includes(`--config ${ROOT}/deno.json`), run[0]);
      const res = await sh(run[0]!, dir);
      assert.equal(res.code, 0, res.output);
      assertListing(res.output, res.output);
    });
  },
);

test(
  "a notebook in a subfolder of that project imports @globus-deno/sdk in the Deno kernel",
  {
    skip,
  },
  async (t) => {
    const why = await jupyterMissing(PYTHON);
    if (why) {
      console.log(`notebook part skipped: ${why}`);
      t.skip(why);
      return;
    }
    const md = await readme();
    await withScratch(async (dir) => {
      await writeFile(
        join(dir, "deno.json"),
        snippet(md, "deno.json", ROOT) + "\n",
      );
      const sub = join(dir, "notebooks");
      await mkdir(sub);
      const source = snippet(md, "hello_globus.ts", ROOT);
      const notebook = {
        cells: [{
          cell_type: "code",
          execution_count: null,
          id: "hello-globus",
          metadata: {},
          outputs: [],
          source: source.split(/(?<=\n)/),
        }],
        metadata: {
          kernelspec: {
            display_name: "Deno",
            language: "typescript",
            name: "deno",
          },
        },
        nbformat: 4,
        nbformat_minor: 5,
      };
      const path = join(sub, "hello_globus.ipynb");
      await writeFile(path, JSON.stringify(notebook, null, 1) + "\n");
      const expectations = join(dir, "expectations.json");
      await writeFile(
        expectations,
        JSON.stringify({
          hello_globus: {
            prompts: 0,
            contains: [
              "/share/godata/ on [0-9a-f-]{36} \\(3 entries\\)",
              "file1\\.txt",
              "file3\\.txt",
            ],
          },
        }),
      );
      const env: Record<string, string> = { NO_COLOR: "1" };
      const dd = await denoDir();
      if (dd) env.DENO_DIR = dd;
      const out = await new D.Command(PYTHON, {
        args: [
          join(ROOT, "scripts", "run_notebooks.py"),
          "--expectations",
          expectations,
          path,
        ],
        cwd: dir,
        env,
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).output();
      const text = new TextDecoder().decode(out.stdout) +
        new TextDecoder().decode(out.stderr);
      assert.equal(out.code, 0, text);
      assert.match(text, /^ok\s+hello_globus /m, text);
      assert.match(text, /^1 passed, 0 failed/m, text);
    });
  },
);
