import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

// deno-lint-ignore no-explicit-any
const D = (globalThis as any).Deno;
const skip = D ? false : "runs `deno task demo` as a Deno subprocess";

async function demo(dir: string): Promise<string> {
  const script = fileURLToPath(
    new URL("../../scripts/demo.ts", import.meta.url),
  );
  // Deno.Command, not node:child_process (which would inherit -A anyway).
  const out = await new D.Command(D.execPath(), {
    args: ["run", "-A", script],
    env: { GLOBUS_DEMO_DIR: dir, NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) +
    new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, text);
  return text;
}

test("deno task demo runs the tutorial, then reuses the cached tokens", {
  skip,
}, async () => {
  const dir = await mkdtemp(join(tmpdir(), "globus-demo-"));
  try {
    const first = await demo(dir);
    assert.match(
      first,
      /2\. The authorize link\n[\s\S]*\/v2\/oauth2\/authorize\?client_id=61338d24/,
    );
    assert.match(
      first,
      /4\. The token response \(tokens redacted\)[\s\S]*"access_token": "\[REDACTED\]"/,
    );
    assert.match(first, /Globus Tutorial Collection 1/);
    assert.match(first, /file1\.txt \| file/);
    assert.match(first, /status SUCCEEDED; 3 files/);
    const cache = JSON.parse(await readFile(join(dir, "tokens.json"), "utf8"));
    assert.equal(cache.format_version, "2.0");
    const tokens: string[] = [];
    for (
      const rs of Object.values(cache.data.DEFAULT) as Record<string, string>[]
    ) {
      tokens.push(rs.access_token!, rs.refresh_token!);
    }
    assert.equal(tokens.length, 4);
    for (const t of tokens) {
      assert.ok(!first.includes(t), "a token was printed");
    }
    assert.equal((await stat(join(dir, "tokens.json"))).mode & 0o777, 0o600);

    const second = await demo(dir);
    assert.match(second, /no login needed/);
    assert.doesNotMatch(second, /The token response \(tokens redacted\)/);
    assert.doesNotMatch(second, /v2\/oauth2\/authorize\?/);
    assert.match(second, /status SUCCEEDED; 3 files/);
    for (const t of tokens) {
      assert.ok(!second.includes(t), "a token was printed");
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

const script = fileURLToPath(new URL("../../scripts/demo.ts", import.meta.url));

/**
 * Runs `deno task demo --interactive --fresh` as a person would: reads the
 * printed link, opens it over HTTP (the consent page), approves it like a
 * click on Allow, and types the code into the demo's standard input.
 *
 * @param terminal Run the demo on a pseudo-terminal (util-linux `script`),
 *   where the code is read with Deno's blocking `prompt()`; else a pipe.
 */
async function driveInteractiveDemo(terminal: boolean): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "globus-demo-"));
  const argv = [D.execPath(), "run", "-A", script, "--interactive", "--fresh"];
  const [cmd, ...args] = terminal
    ? [
      "script",
      "-qfec",
      argv.map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(" "),
      "/dev/null",
    ]
    : argv;
  const child = spawn(cmd!, args, {
    env: { ...D.env.toObject(), GLOBUS_DEMO_DIR: dir, NO_COLOR: "1" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  let wake: (() => void) | undefined;
  const onData = (d: Uint8Array) => {
    out += new TextDecoder().decode(d);
    wake?.();
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  let exited = false;
  const exit = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      exited = true;
      resolve(code);
      wake?.();
    })
  );
  const waitFor = async (re: RegExp) => {
    for (;;) {
      const m = out.match(re);
      if (m) return m;
      if (exited) throw new Error(`the demo exited before ${re}:\n${out}`);
      await new Promise<void>((resolve) => (wake = resolve));
    }
  };
  try {
    const emulator = (await waitFor(/Local Globus emulator at (\S+) /))[1]!;
    const link = (await waitFor(/http:\/\/\S+\/v2\/oauth2\/authorize\?\S+/))[0];
    await waitFor(/Enter the resulting Authorization Code here:/);
    // The demo now waits for the code; its emulator must still answer
    // (the guard only turns a hang into a failure).
    const page = await fetch(link, { signal: AbortSignal.timeout(60_000) });
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Allow/);
    const approved = await fetch(`${emulator}/_emulator/approve`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ authorize_url: link }),
    });
    assert.equal(approved.status, 200);
    const { code } = await approved.json() as { code: string };
    child.stdin.write(`${code}\n`);
    assert.equal(await exit, 0, out);
    assert.match(out, /status SUCCEEDED; 3 files/);
    assert.match(out, /"access_token": "\[REDACTED\]"/);
    // A terminal echoes what is typed; a pipe does not.
    if (!terminal) assert.ok(!out.includes(code), "the code was printed");
  } finally {
    child.stdin.end();
    child.kill();
    await exit;
    await rm(dir, { recursive: true, force: true });
  }
}

test(
  "deno task demo --interactive through a pipe: the printed link opens, the pasted code logs in, the transfer finishes",
  {
    skip,
  },
  async () => {
    await driveInteractiveDemo(false);
  },
);

const hasScript = spawnSync("script", ["--version"]).status === 0;

test(
  "deno task demo --interactive in a terminal: the link opens while prompt() waits, the typed code logs in",
  {
    skip: skip ||
      (hasScript ? false : "needs util-linux `script` for a pseudo-terminal"),
  },
  async () => {
    await driveInteractiveDemo(true);
  },
);

/** Runs the demo with `args` and a demo folder that does not exist yet. */
async function demoWith(args: string[]) {
  const parent = await mkdtemp(join(tmpdir(), "globus-demo-"));
  const dir = join(parent, "demo");
  try {
    const out = await new D.Command(D.execPath(), {
      args: ["run", "-A", script, ...args],
      env: { GLOBUS_DEMO_DIR: dir, NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    return {
      code: out.code as number,
      stdout: new TextDecoder().decode(out.stdout),
      stderr: new TextDecoder().decode(out.stderr),
      madeDemoDir: await stat(dir).then(() => true, () => false),
    };
  } finally {
    await rm(parent, { recursive: true, force: true });
  }
}

test("deno task demo --help and -h print the usage and run nothing", {
  skip,
}, async () => {
  for (const flag of ["--help", "-h"]) {
    const r = await demoWith([flag]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /^Usage: deno task demo \[--interactive\] \[--fresh\]/,
    );
    assert.match(r.stdout, /--interactive/);
    assert.doesNotMatch(r.stdout + r.stderr, /Local Globus emulator at/);
    assert.equal(r.madeDemoDir, false, "the demo ran");
  }
});

test(
  "deno task demo with an unknown flag names it, prints the usage and fails",
  {
    skip,
  },
  async () => {
    const r = await demoWith(["--interactve"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Unknown option '--interactve'/);
    assert.match(r.stderr, /Usage: deno task demo/);
    assert.doesNotMatch(r.stdout + r.stderr, /emulator at/);
  },
);

test(
  "deno task demo --interactive with no input says in a sentence that the login did not finish and how to go on (no stack trace)",
  {
    skip,
  },
  async () => {
    const dir = await mkdtemp(join(tmpdir(), "globus-demo-"));
    try {
      const out = await new D.Command(D.execPath(), {
        args: ["run", "-A", script, "--interactive", "--fresh"],
        env: { GLOBUS_DEMO_DIR: dir, NO_COLOR: "1" },
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).output();
      const stderr = new TextDecoder().decode(out.stderr);
      assert.equal(out.code, 1, stderr);
      assert.match(
        stderr,
        /deno task demo: the login did not finish\. Cannot log in here: no authorization code can be read, as standard input is not a terminal and has nothing to read \(\/dev\/null/,
      );
      // Said before any link is printed: nobody could use it.
      assert.doesNotMatch(stderr, /Please authenticate with Globus here/);
      assert.match(stderr, /or `deno task demo` to let the emulator approve/);
      assert.doesNotMatch(stderr, /Uncaught|^\s+at /m);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
);
