import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

// deno-lint-ignore no-explicit-any
const D = (globalThis as any).Deno;
const skip = D ? false : "runs `deno task notebooks` as a Deno subprocess";
const script = fileURLToPath(
  new URL("../../scripts/notebooks.ts", import.meta.url),
);

interface NotebooksModule {
  jupyterArgs(server: string, extra: string[], uid: number | null): string[];
  parseNotebooksArgs(args: string[]): {
    emulatorPort: number;
    autoApprove: boolean;
    noServer: boolean;
    help: boolean;
    jupyter: string[];
  };
}

/** scripts/notebooks.ts (not part of the npm build, hence the import here). */
async function notebooks(): Promise<NotebooksModule> {
  return await import(
    new URL("../../scripts/notebooks.ts", import.meta.url).href
  );
}

test(
  "deno task notebooks passes unknown arguments and everything after -- to Jupyter, and --allow-root as root",
  {
    skip,
  },
  async () => {
    const { jupyterArgs, parseNotebooksArgs } = await notebooks();
    const a = parseNotebooksArgs([
      "--no-browser",
      "--emulator-port",
      "5000",
      "--auto-approve",
      "--",
      "--port",
      "9999",
      "--no-server",
    ]);
    assert.equal(a.emulatorPort, 5000);
    assert.equal(a.autoApprove, true);
    assert.equal(a.noServer, false, "--no-server after -- is Jupyter's");
    assert.deepEqual(a.jupyter, [
      "--no-browser",
      "--port",
      "9999",
      "--no-server",
    ]);
    assert.deepEqual(parseNotebooksArgs(["--emulator-port=0"]).emulatorPort, 0);
    assert.throws(
      () => parseNotebooksArgs(["--emulator-port", "http"]),
      /--emulator-port needs a port from 0 to 65535.*'http'/,
    );
    assert.throws(
      () => parseNotebooksArgs(["--emulator-port"]),
      /--emulator-port needs a port.*got nothing/,
    );
    assert.deepEqual(jupyterArgs("notebook", ["--port", "9999"], 0), [
      "notebook",
      "--allow-root",
      "--port",
      "9999",
    ]);
    assert.deepEqual(jupyterArgs("lab", ["--no-browser"], 1000), [
      "lab",
      "--no-browser",
    ]);
    assert.deepEqual(jupyterArgs("lab", [], null), ["lab"]);
    assert.deepEqual(
      jupyterArgs("notebook", ["--allow-root"], 0),
      ["notebook", "--allow-root"],
      "not twice",
    );
  },
);

test(
  "deno task notebooks --help prints the usage; a bad --emulator-port says why",
  {
    skip,
  },
  async () => {
    const run = async (args: string[]) => {
      const o = await new D.Command(D.execPath(), {
        args: ["run", "-A", script, ...args],
        stdout: "piped",
        stderr: "piped",
      }).output();
      return {
        code: o.code as number,
        text: new TextDecoder().decode(o.stdout) +
          new TextDecoder().decode(o.stderr),
      };
    };
    const help = await run(["--help"]);
    assert.equal(help.code, 0, help.text);
    assert.match(help.text, /^Usage: deno task notebooks/);
    assert.match(help.text, /Ctrl-C stops both/);
    assert.doesNotMatch(help.text, /emulator running/);
    const bad = await run(["--emulator-port", "abc"]);
    assert.equal(bad.code, 2);
    assert.match(bad.text, /--emulator-port needs a port .*'abc'/);
    assert.doesNotMatch(bad.text, /emulator running/);
  },
);

/** The Jupyter front end `scripts/notebooks.ts` would pick, if any. */
function jupyterServer(): string | undefined {
  for (const sub of ["lab", "notebook", "server"]) {
    try {
      if (spawnSync("jupyter", [sub, "--version"]).status === 0) return sub;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function refused(url: string): Promise<boolean> {
  try {
    const r = await fetch(url);
    await r.body?.cancel();
    return false;
  } catch {
    return true;
  }
}

const server = D ? jupyterServer() : undefined;

test(
  "deno task notebooks starts Jupyter (as root too) with the user's arguments and Ctrl-C stops it and the emulator",
  {
    skip: skip ||
      (server
        ? false
        : "no Jupyter server installed (jupyter lab/notebook/server)"),
  },
  async () => {
    const port = await freePort();
    // Deno.Command, not node:child_process: Deno's node:child_process
    // reports a child it sent a signal to as killed, even when it exits 0.
    const child = new D.Command(D.execPath(), {
      args: [
        "run",
        "-A",
        script,
        "--no-browser",
        "--",
        "--port",
        String(port),
        "--ip",
        "127.0.0.1",
      ],
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    let out = "";
    let wake: (() => void) | undefined;
    const pump = async (s: ReadableStream<Uint8Array>) => {
      const d = new TextDecoder();
      const reader = s.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        out += d.decode(value, { stream: true });
        wake?.();
      }
    };
    const pumped = Promise.all([pump(child.stdout), pump(child.stderr)]);
    let exited = false;
    const exit: Promise<number> = child.status.then((s: { code: number }) => {
      exited = true;
      wake?.();
      return s.code;
    });
    const waitFor = async (re: RegExp) => {
      for (;;) {
        const m = out.match(re);
        if (m) return m;
        if (exited) throw new Error(`exited before ${re}:\n${out}`);
        await new Promise<void>((resolve) => (wake = resolve));
      }
    };
    try {
      const emulator =
        (await waitFor(/Globus emulator running at (\S+?)\/?\n/))[1]!;
      await waitFor(/Press Ctrl-C to stop Jupyter and the emulator/);
      const command = (await waitFor(/^jupyter .*$/m))[0];
      assert.match(command, new RegExp(`--port ${port} --ip 127\\.0\\.0\\.1`));
      if (D.uid() === 0) assert.match(command, / --allow-root /);
      await waitFor(new RegExp(`http://127\\.0\\.0\\.1:${port}/`));
      const api = await fetch(`http://127.0.0.1:${port}/api`);
      assert.equal(api.status, 200, out);
      assert.ok((await api.json()).version);
      assert.doesNotMatch(out, /Running as root is not recommended/);
      child.kill("SIGINT");
      assert.equal(await exit, 0, out);
      await pumped;
      assert.ok(
        await refused(`http://127.0.0.1:${port}/api`),
        "Jupyter runs on",
      );
      assert.ok(
        await refused(`${emulator}/_emulator/health`),
        "emulator runs on",
      );
    } finally {
      if (!exited) child.kill("SIGKILL");
      await exit;
      await pumped;
    }
  },
);
