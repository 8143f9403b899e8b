/**
 * The token file's lock (src/tokens/file_lock.ts), through JSONTokenStorage
 * and with real processes: when a lock is dated, taking over from a killed
 * holder (also in Deno without `--allow-run`), other hosts' locks and
 * staging directories, and sweeping what crashed writers left.
 *
 * The protocol's interleavings are checked exhaustively in
 * file_lock_model_test.ts; the kill -9 stress run is
 * tests/reliability/token_lock_stress_test.ts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import {
  lstatSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import {
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  utimes,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { TokenStorageError } from "../../src/core/errors.ts";
import { isDeno } from "../../src/core/runtime.ts";
import { hostTag, lockHostname } from "../../src/tokens/file_lock.ts";
import { JSONTokenStorage } from "../../src/tokens/json_storage.ts";
import { tokenRecord as rec } from "../_helpers/token_record.ts";
import { fakeClock } from "../_helpers/fake_clock.ts";

const posix = process.platform !== "win32";
const DEAD_PID = 2 ** 22 + 17; // above Linux's pid_max: never alive

async function tempDir(): Promise<string> {
  return await mkdtemp(join(tmpdir(), "globus-deno-lock-"));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const writerScript = fileURLToPath(
  new URL(isDeno ? "./_writer.ts" : "./_writer.js", import.meta.url),
);

/** Spawns tests/tokens/_writer.ts (Deno permissions: `denoPerms`, or -A). */
function spawnWriter(args: string[], denoPerms?: string[]): ChildProcess {
  const argv = isDeno
    ? ["run", "--no-prompt", ...(denoPerms ?? ["-A"]), writerScript, ...args]
    : [writerScript, ...args];
  return spawn(process.execPath, argv, { stdio: ["ignore", "pipe", "pipe"] });
}

function exited(
  child: ChildProcess,
): Promise<{ code: number | null; err: string }> {
  let err = "";
  child.stderr?.on("data", (d) => err += d);
  return new Promise((resolve) =>
    child.on("exit", (code) => resolve({ code, err }))
  );
}

/** A child that takes the token file's lock and holds it until killed. */
async function holder(
  path: string,
  denoPerms?: string[],
): Promise<ChildProcess> {
  const child = spawnWriter([path, "holder.example.org", "hold"], denoPerms);
  let out = "";
  let err = "";
  child.stderr?.on("data", (d) => err += d);
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (d) => {
      out += d;
      if (out.includes("holding")) resolve();
    });
    child.on("exit", (c) => reject(new Error(`holder exited ${c}: ${err}`)));
  });
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  const done = new Promise((r) => child.on("exit", r));
  child.kill("SIGKILL");
  await done;
}

/** Waits until a waiter has its staging entry next to the token file. */
async function waitForWaiter(dir: string): Promise<string[]> {
  for (;;) {
    const staging = (await readdir(dir)).filter((n) =>
      n.startsWith(".tokens.json.lock-")
    );
    if (staging.length) return staging;
    await sleep(5);
  }
}

/** The lock's owner record and its file's mtime (lock held by someone). */
function readOwnerSync(lockPath: string): { created: number; mtimeMs: number } {
  const st = lstatSync(lockPath);
  const file = st.isDirectory()
    ? join(lockPath, readdirSync(lockPath)[0] as string)
    : lockPath;
  return {
    created: JSON.parse(readFileSync(file, "utf-8")).created,
    mtimeMs: statSync(file).mtimeMs,
  };
}

class Peek extends JSONTokenStorage {
  /** Reads the lock's owner record while holding the lock. */
  owner(): Promise<{ created: number; mtimeMs: number }> {
    return this.modify(() => ({ result: readOwnerSync(this.path + ".lock") }));
  }
}

test("the lock is dated when it is taken, not when its taker began waiting", {
  skip: posix ? false : "SIGKILL semantics differ on Windows",
}, async () => {
  const dir = await tempDir();
  try {
    const path = join(dir, "tokens.json");
    const h = await holder(path);
    const waiter = new Peek(path, {
      staleLockMs: 600_000,
      lockTimeoutMs: 60_000,
    });
    const owner = waiter.owner();
    await waitForWaiter(dir);
    // The waiter waits a while (this only makes the old bug visible).
    await sleep(100);
    const releasedAt = Date.now();
    const ref = join(dir, "ref");
    writeFileSync(ref, "");
    const refMtime = statSync(ref).mtimeMs;
    await kill(h); // its lock is taken over by the waiter
    const seen = await owner;
    assert.ok(
      seen.created >= releasedAt,
      `lock dated ${releasedAt - seen.created} ms before it was taken`,
    );
    assert.ok(seen.mtimeMs >= refMtime, "owner file written when taken");
    await rm(ref);
    assert.deepEqual(await readdir(dir), []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test(
  "a waiter whose staging entry another host's sweeper deleted still takes the lock",
  {
    skip: posix ? false : "SIGKILL semantics differ on Windows",
  },
  async () => {
    const dir = await tempDir();
    try {
      const path = join(dir, "tokens.json");
      const h = await holder(path);
      const store = new JSONTokenStorage(path, {
        staleLockMs: 600_000,
        lockTimeoutMs: 60_000,
      }).storeTokenDataByResourceServer({
        "a.example.org": rec("a.example.org"),
      });
      for (const name of await waitForWaiter(dir)) {
        await rm(join(dir, name), { recursive: true, force: true });
      }
      await kill(h);
      await store;
      const back = await new JSONTokenStorage(path).getTokenData(
        "a.example.org",
      );
      assert.equal(back?.access_token, "AT-a.example.org");
      assert.deepEqual(await readdir(dir), ["tokens.json"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
);

test(
  "Deno without --allow-run: a killed Deno holder's lock is taken over at once (kernel lock), nothing left behind",
  {
    skip: !isDeno
      ? "Deno permissions only"
      : !posix
      ? "no kernel lock probing on Windows"
      : false,
  },
  async () => {
    const dir = await tempDir();
    try {
      const path = join(dir, "tokens.json");
      // What the README asks for the token file: no --allow-run.
      const perms = [
        `--allow-read=${dir}`,
        `--allow-write=${dir}`,
        "--allow-sys=hostname",
      ];
      const h = await holder(path, perms);
      // Age can never make the lock stale here: only seeing the holder gone.
      const waiter = spawnWriter(
        [path, "w.example.org", "once", "20000", "600000"],
        perms,
      );
      const done = exited(waiter);
      await waitForWaiter(dir);
      await kill(h);
      const { code, err } = await done;
      assert.equal(code, 0, err);
      const back = await new JSONTokenStorage(path).getTokenData(
        "w.example.org",
      );
      assert.equal(back?.access_token, "at-w.example.org-0");
      assert.deepEqual(await readdir(dir), ["tokens.json"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
);

test(
  "Deno without --allow-sys=hostname: waiting on a stopped program's lock says why and how to end the wait, instead of a silent 30 s",
  {
    skip: !isDeno
      ? "Deno permissions only"
      : !posix
      ? "SIGKILL semantics differ on Windows"
      : false,
  },
  async () => {
    const dir = await tempDir();
    try {
      const path = join(dir, "tokens.json");
      // The README's token-file flags without --allow-sys=hostname.
      const perms = [`--allow-read=${dir}`, `--allow-write=${dir}`];
      // A program stopped while it held the lock (Ctrl-C, kill -9).
      const { err, done } = await waitOnStoppedHolder(path, perms, perms);
      const lock = `${path}.lock`;
      assert.match(
        err,
        /^globus-deno: waiting for the token file's lock \S+, taken by process \d+, which may have been stopped while writing \(Ctrl-C, a crash\): without the host name \(Deno: --allow-sys=hostname\) .*so the lock is taken over once it is 60 s old\. Run with --allow-sys=hostname to take over a stopped program's lock at once\./,
      );
      assert.ok(err.includes(`deleting ${lock} ends the wait`), err);
      // Doing what it says ends the wait; the write then succeeds.
      await rm(lock, { recursive: true, force: true });
      const { code } = await done;
      assert.equal(code, 0, err);
      const back = await new JSONTokenStorage(path).getTokenData(
        "w.example.org",
      );
      assert.equal(back?.access_token, "at-w.example.org-0");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
);

/**
 * A holder (run with `holderPerms`) killed while it held the lock, then a
 * writer (with `waiterPerms`) waiting on it: the writer's first line on
 * standard error, and its exit.
 */
async function waitOnStoppedHolder(
  path: string,
  holderPerms: string[],
  waiterPerms: string[],
): Promise<{ err: string; done: ReturnType<typeof exited> }> {
  await kill(await holder(path, holderPerms));
  const waiter = spawnWriter(
    [path, "w.example.org", "once", "20000", "60000"],
    waiterPerms,
  );
  let err = "";
  const done = exited(waiter);
  await new Promise<void>((resolve, reject) => {
    waiter.stderr?.on("data", (d) => {
      err += d;
      if (err.includes("\n")) resolve();
    });
    waiter.on("exit", (c) => reject(new Error(`exited ${c}: ${err}`)));
  });
  return { err, done };
}

/** Writes a lock held by `owner`, its owner file `ageMs` old. */
async function writeLock(
  path: string,
  owner: { pid: number; host: string; kernel_lock?: boolean },
  ageMs = 0,
): Promise<string> {
  const nonce = "0123456789abcdef";
  const lock = path + ".lock";
  await mkdir(lock);
  const file = join(lock, nonce);
  await writeFile(
    file,
    JSON.stringify({
      created: Date.now() - ageMs,
      nonce,
      kernel_lock: false,
      ...owner,
    }),
  );
  if (ageMs) {
    const t = (Date.now() - ageMs) / 1000;
    await utimes(file, t, t);
  }
  return file;
}

test("another host's lock is never judged by a local pid: taken over only once older than staleLockMs", async () => {
  const dir = await tempDir();
  try {
    const path = join(dir, "tokens.json");
    const owner = await writeLock(path, { pid: DEAD_PID, host: "other-host" });
    const clock = fakeClock({ startMs: 0 });
    await assert.rejects(
      new JSONTokenStorage(path, { lockTimeoutMs: 500, clock })
        .storeTokenDataByResourceServer({
          "a.example.org": rec("a.example.org"),
        }),
      (e: unknown) =>
        e instanceof TokenStorageError && /Timed out/.test(e.message) &&
        e.message.includes("other-host") && e.message.includes(path + ".lock"),
    );
    assert.ok(JSON.parse(await readFile(owner, "utf-8")).host, "kept");
    // Older than staleLockMs (by the file system's clock): taken over.
    const old = (Date.now() - 120_000) / 1000;
    await utimes(owner, old, old);
    await new JSONTokenStorage(path, { staleLockMs: 60_000 })
      .storeTokenDataByResourceServer({
        "a.example.org": rec("a.example.org"),
      });
    assert.deepEqual(await readdir(dir), ["tokens.json"]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("this host's lock whose process is gone is taken over at once, however fresh", async () => {
  const dir = await tempDir();
  try {
    const path = join(dir, "tokens.json");
    await writeLock(path, { pid: DEAD_PID, host: lockHostname() });
    const clock = fakeClock({ startMs: 0 });
    await new JSONTokenStorage(path, {
      staleLockMs: 600_000,
      lockTimeoutMs: 500,
      clock,
    }).storeTokenDataByResourceServer({
      "a.example.org": rec("a.example.org"),
    });
    assert.deepEqual(await readdir(dir), ["tokens.json"]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("sweeping keeps other hosts' and live waiters' staging, removes this host's dead ones, old ones and temp files", async () => {
  const dir = await tempDir();
  try {
    const path = join(dir, "tokens.json");
    const me = hostTag(lockHostname());
    const other = hostTag("other-host");
    const staging = async (tag: string, pid: number, ageMs = 0) => {
      const nonce = crypto.randomUUID().replaceAll("-", "").slice(0, 16);
      const d = join(dir, `.tokens.json.lock-${tag}-${pid}-p-${nonce}`);
      await mkdir(d);
      await writeFile(join(d, nonce), "{}");
      if (ageMs) {
        const t = (Date.now() - ageMs) / 1000;
        await utimes(join(d, nonce), t, t);
      }
      return d.slice(dir.length + 1);
    };
    const foreignFresh = await staging(other, DEAD_PID);
    const foreignOld = await staging(other, DEAD_PID, 10 * 60_000);
    const mineDead = await staging(me, DEAD_PID);
    const mineLive = await staging(me, process.pid);
    await writeFile(join(dir, `.tokens.json.tmp-${DEAD_PID}-abc`), "{partial");
    await writeFile(join(dir, ".tokens.json.tmp-1-other-host"), "{partial");
    await new JSONTokenStorage(path, { staleLockMs: 60_000 })
      .storeTokenDataByResourceServer({
        "a.example.org": rec("a.example.org"),
      });
    const left = (await readdir(dir)).sort();
    assert.deepEqual(left, [foreignFresh, mineLive, "tokens.json"].sort());
    assert.ok(!left.includes(foreignOld) && !left.includes(mineDead));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a lock file left by an earlier version is waited for while fresh and removed once old", async () => {
  const dir = await tempDir();
  try {
    const path = join(dir, "tokens.json");
    const legacy = path + ".lock";
    await writeFile(
      legacy,
      JSON.stringify({ pid: DEAD_PID, host: "x", created: 0, nonce: "n" }),
    );
    await assert.rejects(
      new JSONTokenStorage(path, {
        lockTimeoutMs: 300,
        clock: fakeClock({ startMs: 0 }),
      }).storeTokenDataByResourceServer({
        "a.example.org": rec("a.example.org"),
      }),
      (e: unknown) =>
        e instanceof TokenStorageError && /Timed out/.test(e.message),
    );
    const t = (Date.now() - 120_000) / 1000;
    await utimes(legacy, t, t);
    await new JSONTokenStorage(path, { staleLockMs: 60_000 })
      .storeTokenDataByResourceServer({
        "a.example.org": rec("a.example.org"),
      });
    assert.deepEqual(await readdir(dir), ["tokens.json"]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a broken lock (an owner file that names no process) is said to be one, not 'process ? on an unknown host'", async () => {
  const dir = await tempDir();
  try {
    const path = join(dir, "tokens.json");
    await mkdir(path + ".lock");
    await writeFile(join(path + ".lock", "0123456789abcdef"), "garbage");
    const clock = fakeClock({ startMs: 0 });
    await assert.rejects(
      new JSONTokenStorage(path, { lockTimeoutMs: 500, clock })
        .storeTokenDataByResourceServer({
          "a.example.org": rec("a.example.org"),
        }),
      (e: unknown) =>
        e instanceof TokenStorageError &&
        e.message.includes(
          "(it names no process or machine: a lock left broken, or a file of another program)",
        ) && e.message.includes(`delete the lock directory ${path}.lock`),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test(
  "a stopped holder that wrote no host name (Deno without --allow-sys) is said to be one, with the flag every program needs (it read 'runs on a machine that did not name itself')",
  {
    skip: !isDeno
      ? "Deno permissions only"
      : !posix
      ? "SIGKILL semantics differ on Windows"
      : false,
  },
  async () => {
    const dir = await tempDir();
    try {
      const path = join(dir, "tokens.json");
      const perms = [`--allow-read=${dir}`, `--allow-write=${dir}`];
      // The holder without --allow-sys=hostname; the waiter with it.
      const { err, done } = await waitOnStoppedHolder(path, perms, [
        ...perms,
        "--allow-sys=hostname",
      ]);
      assert.match(
        err,
        /: that process wrote no host name \(it ran without --allow-sys=hostname\), and this process cannot tell whether it ran on this machine, so the lock is taken over once it is 60 s old\. Run every program that uses the token file with --allow-sys=hostname, and a stopped one's lock is taken over at once\./,
      );
      await rm(`${path}.lock`, { recursive: true, force: true });
      const { code } = await done;
      assert.equal(code, 0, err);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
);

test("a live holder keeps its lock past staleLockMs: its owner file is rewritten while it holds (a refresh retried for 40 s lost its lock at 30 s, and the slow holder presented a used refresh token)", async () => {
  const dir = await tempDir();
  try {
    const storage = new JSONTokenStorage(join(dir, "tokens.json"), {
      staleLockMs: 600,
    });
    const moved = await storage.withLock(async () => {
      const first = readOwnerSync(join(dir, "tokens.json.lock")).mtimeMs;
      // Event-driven: waits for the rewrite (every 200 ms here), up to far
      // longer than that on a busy machine.
      for (let i = 0; i < 200; i++) {
        await sleep(50);
        const now = readOwnerSync(join(dir, "tokens.json.lock")).mtimeMs;
        if (now > first) return true;
      }
      return false;
    });
    assert.equal(moved, true, "the owner file was never rewritten");
    // Released: the lock is gone, and no timer keeps the process alive
    // (the test's sanitizers would say so).
    assert.deepEqual(
      (await readdir(dir)).filter((n) => n.includes(".lock")),
      [],
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
