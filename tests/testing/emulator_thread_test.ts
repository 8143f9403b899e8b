import { test } from "node:test";
import assert from "node:assert/strict";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import process from "node:process";
import { isDeno } from "../../src/core/runtime.ts";
import { type Emulator, startEmulator } from "../../src/testing/emulator.ts";
import { workerExecArgv } from "../../src/testing/thread.ts";
import { authorizeUrl, pkce } from "./_helpers.ts";
import { drive, skipWithoutPty } from "../app/_spawn.ts";

// On Node this runs from the npm build, next to the compiled program.
const program = fileURLToPath(
  new URL(
    isDeno ? "./_blocked_login.ts" : "./_blocked_login.js",
    import.meta.url,
  ),
);

/** The command that runs the program with `mode` on this runtime. */
function programCommand(mode: string): string[] {
  return isDeno
    ? [process.execPath, "run", "-A", program, mode]
    : [process.execPath, program, mode];
}

/** Output so far, and a wait for a pattern in it. */
function watch(child: ChildProcess): {
  text(): string;
  waitFor(re: RegExp): Promise<RegExpMatchArray>;
  exit: Promise<number | null>;
} {
  let out = "";
  const waiters: (() => void)[] = [];
  const exit = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      resolve(code);
      for (const w of waiters.splice(0)) w();
    })
  );
  let exited = false;
  void exit.then(() => (exited = true));
  const onData = (d: Uint8Array | string) => {
    out += typeof d === "string" ? d : new TextDecoder().decode(d);
    for (const w of waiters.splice(0)) w();
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  return {
    text: () => out,
    exit,
    async waitFor(re) {
      for (;;) {
        const m = out.match(re);
        if (m) return m;
        if (exited) throw new Error(`exited before ${re}:\n${out}`);
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
  };
}

/**
 * Drives a program blocked on the code: loads the printed link over HTTP
 * (the consent page), approves it like a click on Allow, and types the code.
 */
async function driveBlockedLogin(child: ChildProcess): Promise<string> {
  const w = watch(child);
  try {
    const emulatorUrl = (await w.waitFor(/EMULATOR (http:\/\/\S+)/))[1]!;
    const link = (await w.waitFor(
      /http:\/\/\S+\/v2\/oauth2\/authorize\?\S+/,
    ))[0];
    await w.waitFor(/Enter the resulting Authorization Code here:/);
    // The program's thread now waits for a line. The emulator must still
    // answer (the guard only turns a hang into a failure).
    const page = await fetch(link, { signal: AbortSignal.timeout(60_000) });
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Allow/);
    const approved = await fetch(`${emulatorUrl}/_emulator/approve`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ authorize_url: link }),
      signal: AbortSignal.timeout(60_000),
    });
    const { code } = await approved.json() as { code: string };
    assert.equal(approved.status, 200);
    child.stdin!.write(`${code}\n`);
    assert.equal(await w.exit, 0, w.text());
    return w.text();
  } finally {
    child.stdin?.end();
    child.kill();
    await w.exit;
  }
}

test("an emulator from startEmulator() keeps answering while the program's thread is blocked reading the code", async () => {
  const [cmd, ...args] = programCommand("read");
  const child = spawn(cmd!, args, { stdio: ["pipe", "pipe", "pipe"] });
  const out = await driveBlockedLogin(child);
  assert.match(out, /LOGGED IN auth\.globus\.org/);
});

const hasScript = spawnSync("script", ["--version"]).status === 0;

test(
  "an emulator from startEmulator() keeps answering while Deno's prompt() waits in a terminal",
  {
    skip: !isDeno
      ? "prompt() is Deno's; Node is covered by the synchronous read"
      : !hasScript
      ? "needs util-linux `script` for a pseudo-terminal"
      : false,
  },
  async () => {
    // `script` runs the program on a pseudo-terminal, so prompt() really
    // reads from a terminal (with a pipe it would return null at once).
    const quoted = programCommand("prompt").map((a) =>
      `'${a.replaceAll("'", `'\\''`)}'`
    ).join(" ");
    const child = spawn("script", ["-qfec", quoted, "/dev/null"], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    const out = await driveBlockedLogin(child);
    assert.match(out, /LOGGED IN auth\.globus\.org/);
  },
);

/** What a test sees of an emulator through its public members. */
async function exercise(
  emu: Emulator,
  threaded: boolean,
): Promise<Record<string, unknown>> {
  const seen: Record<string, unknown> = {};
  assert.throws(
    () => emu.setFaults({ rate: { status503: 2 } }),
    (e: unknown) =>
      e instanceof RangeError && /rate\.status503/.test(e.message),
  );
  await assert.rejects(
    () => emu.approve("not a url"),
    (e: unknown) => e instanceof TypeError && /not a URL/.test(e.message),
  );
  emu.registerClient({ clientId: "thread-test-client", name: "Thread test" });
  const { challenge } = pkce();
  const code = await emu.approve(
    authorizeUrl(emu, { clientId: "thread-test-client", challenge }),
  );
  seen.code = typeof code;
  seen.authorizations = emu.authorizations.map((a) => a.clientId);
  // Enough tokens that the answer outgrows the first shared buffer.
  for (let i = 0; i < 1000; i++) {
    await emu.mintTokens(
      "urn:globus:auth:scope:transfer.api.globus.org:all",
      { refreshTokens: true },
    );
  }
  const tokens = emu.issuedTokens();
  seen.tokenCount = tokens.length;
  assert.ok(JSON.stringify(tokens).length > 64 * 1024);
  const listed = await (await fetch(`${emu.url}/_emulator/tokens`)).json();
  assert.deepEqual(listed.tokens, tokens);
  emu.setFaults({ byRequest: { 2: "503" }, retryAfterS: 0 });
  for (let i = 0; i < 3; i++) {
    const r = await fetch(`${emu.transferUrl}v0.10/endpoint_search`);
    await r.body?.cancel();
  }
  seen.requestCount = emu.requestCount;
  const seeded = emu.seedTasks(5);
  seen.seeded = [seeded.count, seeded.firstTaskId === seeded.taskId(0)];
  seen.lastSeeded = seeded.taskId(4).length;
  await emu.close();
  seen.tokensAfterClose = emu.issuedTokens().length;
  seen.requestCountAfterClose = emu.requestCount;
  if (threaded) {
    // The thread is gone: a change would be lost, so it is refused.
    assert.throws(
      () => emu.registerClient({ clientId: "late" }),
      /Cannot register a client: the emulator is closed/,
    );
  }
  await emu.close(); // twice is fine
  return seen;
}

test("the emulator in its own thread answers its members as the in-process one does", async () => {
  const inProcess = await exercise(
    await startEmulator({ inProcess: true }),
    false,
  );
  const threaded = await exercise(await startEmulator(), true);
  assert.deepEqual(threaded, inProcess);
  assert.equal(threaded.tokenCount, 2000);
  assert.deepEqual(threaded.authorizations, ["thread-test-client"]);
  assert.equal(threaded.requestCount, 3);
});

test("an emulator with a clock (a function, which cannot cross a thread) runs in the caller's thread", async () => {
  const clock = { now: () => 1_000_000 };
  const emu = await startEmulator({ clock });
  try {
    await emu.mintTokens("urn:globus:auth:scope:transfer.api.globus.org:all");
    assert.equal(emu.issuedTokens().length, 1);
  } finally {
    await emu.close();
  }
  await assert.rejects(
    () => startEmulator({ clock, inProcess: false }),
    (e: unknown) =>
      e instanceof TypeError && /'clock' cannot cross/.test(e.message),
  );
});

test("a port already in use fails startEmulator() with the port's error", async () => {
  const first = await startEmulator();
  try {
    await assert.rejects(
      () => startEmulator({ port: first.port }),
      (e: unknown) => (e as { code?: string }).code === "EADDRINUSE",
    );
  } finally {
    await first.close();
  }
});

/** The checkout's folder, without its trailing slash. */
const ROOT = fileURLToPath(new URL("../../", import.meta.url)).replace(
  /\/$/,
  "",
);

/**
 * A user's script that starts the emulator (`in`: in its own thread) with
 * its root at the second argument, and prints `started` or `ERR …`.
 */
const STARTER = `import { startEmulator } from ${
  JSON.stringify(new URL("../../testing.ts", import.meta.url).href)
};
try {
  const e = await startEmulator({
    inProcess: Deno.args[0] === "in",
    root: Deno.args[1],
  });
  console.log("started");
  await e.close();
} catch (e) {
  console.log("ERR " + (e as Error).message);
}
`;

test(
  "without read permission on the package's files, the worker's failure names the flag and inProcess, and inProcess works",
  { skip: !isDeno ? "Deno's permissions" : false },
  () => {
    const root = ROOT;
    const script = STARTER;
    // Only this folder may be read and written (the checkout may be in
    // the temporary folder, as in CI): the emulator's root is in it.
    const dir = mkdtempSync(join(tmpdir(), "worker-read-"));
    try {
      const file = join(dir, "child.ts");
      writeFileSync(file, script);
      const run = (mode: string) =>
        spawnSync(process.execPath, [
          "run",
          `--config=${root}/deno.json`,
          `--allow-read=${dir}`,
          `--allow-write=${dir}`,
          "--allow-net=127.0.0.1",
          "--no-prompt",
          file,
          mode,
          join(dir, `root-${mode}`),
        ], { encoding: "utf8" });
      const worker = run("worker");
      assert.match(
        worker.stdout,
        new RegExp(
          `^ERR Cannot start the emulator's worker thread: Deno has no read permission for the package's own files \\(${
            root.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")
          }/src/\\), which the thread loads\\. Run with --allow-read=${
            root.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")
          } \\(or --allow-read\\), or start it with startEmulator\\(\\{ inProcess: true \\}\\)`,
        ),
        worker.stdout + worker.stderr,
      );
      // Deno's own print of the worker's failure to load its module stood
      // above that error, as if the program had crashed there.
      assert.doesNotMatch(worker.stderr, /Uncaught \(in worker/, worker.stderr);
      assert.equal(run("in").stdout.trim(), "started");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test(
  "in a terminal without --allow-read for the package, Deno asks once for its src folder, not once per module the worker loads",
  { skip: !isDeno ? "Deno's permissions" : false },
  async (t) => {
    if (await skipWithoutPty(t)) return;
    const dir = mkdtempSync(join(tmpdir(), "worker-prompt-"));
    try {
      const file = join(dir, "child.ts");
      writeFileSync(file, STARTER);
      const p = drive(file, ["worker", join(dir, "root")], {}, "pty", [
        `--config=${ROOT}/deno.json`,
        `--allow-read=${dir}`,
        `--allow-write=${dir}`,
        "--allow-net=127.0.0.1",
      ]);
      try {
        const [, asked] = await p.expect(
          /Deno requests read access to "([^"]+)"/,
        );
        assert.equal(asked, `${ROOT}/src`, p.output);
        // Deno empties the terminal's input while it asks, so an answer typed
        // too early is lost: type it until Deno says it was granted.
        await p.expect(/Allow\?[^\n]*> /);
        for (let i = 0; i < 100 && !/Granted read access/.test(p.output); i++) {
          await p.write("y\r");
          await new Promise((r) => setTimeout(r, 300));
        }
        await p.expect(/^started/m);
        assert.equal(await p.exit(), 0, p.output);
        // Each of the ~58 modules was a prompt of its own.
        const paths = new Set(
          [...p.output.matchAll(/requests read access to "([^"]+)"/g)].map((
            m,
          ) => m[1]),
        );
        assert.deepEqual([...paths], [`${ROOT}/src`], p.output);
      } finally {
        p.kill();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test("an error the emulator's worker thread answers keeps the caller's line in its stack (it named only the thread's message listener)", async () => {
  const emu = await startEmulator();
  try {
    const approveTheLoginForMyTest = async () => {
      return await emu.approve("http://127.0.0.1:1/not-a-login");
    };
    const err = await approveTheLoginForMyTest().then(
      () => assert.fail("no error"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof Error);
    assert.match(err.message, /Cannot approve/);
    assert.match(String(err.stack), /approveTheLoginForMyTest/);
  } finally {
    await emu.close();
  }
});

test("the emulator's worker gets the program's Node options, without --input-type and the -e code (which a worker refuses)", () => {
  assert.equal(workerExecArgv(["--no-warnings", "--import", "tsx"]), undefined);
  assert.deepEqual(
    workerExecArgv([
      "--no-warnings",
      "--input-type=module",
      "-e",
      "import 'x'",
    ]),
    ["--no-warnings"],
  );
  assert.deepEqual(
    workerExecArgv(["--input-type", "module", "--eval=1", "-p", "2"]),
    [],
  );
});

test(
  "node --input-type=module -e '…' starts the emulator (its worker thread stopped: '--input-type can only be used with string input')",
  { skip: isDeno ? "Node's --input-type (the child is Node)" : false },
  () => {
    const testing = new URL("../../testing.js", import.meta.url).href;
    const code = `import { startEmulator } from ${JSON.stringify(testing)};
const emulator = await startEmulator();
console.log("STARTED " + (await emulator.mintTokens("openid")).resource_server);
await emulator.close();`;
    for (const args of [["-e", code], []]) {
      const out = spawnSync(
        process.execPath,
        ["--input-type=module", ...args],
        {
          input: args.length ? "" : code,
          encoding: "utf8",
          timeout: 120_000,
        },
      );
      assert.match(out.stdout, /STARTED auth\.globus\.org/, out.stderr);
      assert.equal(out.status, 0, out.stderr);
    }
  },
);
