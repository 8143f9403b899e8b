import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import {
  chmod,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { inspect } from "node:util";
import { TokenStorageError } from "../../src/core/errors.ts";
import { isDeno } from "../../src/core/runtime.ts";
import { readProblem } from "../../src/tokens/_file_guard.ts";
import { lockHostname } from "../../src/tokens/file_lock.ts";
import {
  JSONTokenStorage,
  pythonJsonDumps,
  TOKEN_FILE_SDK_VERSION,
} from "../../src/tokens/json_storage.ts";
import type { StoredTokenData } from "../../src/tokens/token_storage.ts";
import { fakeClock } from "../_helpers/fake_clock.ts";
import { tokenRecord } from "../_helpers/token_record.ts";

const isWindows = process.platform === "win32";

async function tempDir(): Promise<string> {
  return await mkdtemp(join(tmpdir(), "globus-deno-tokens-"));
}

const rec = (rs: string, n = 0): StoredTokenData => tokenRecord(rs, { n });

/** A token file as globus-sdk-python 3.x writes it (json.dump defaults). */
const PYTHON_FILE =
  `{"data": {"DEFAULT": {"auth.globus.org": {"resource_server": "auth.globus.org", "identity_id": "d0f5cfe6-db59-4bfd-9044-ef9bec8e335f", "scope": "openid", "access_token": "PY-AUTH-AT", "refresh_token": "PY-AUTH-RT", "expires_at_seconds": 1900000000, "token_type": "Bearer"}, "transfer.api.globus.org": {"resource_server": "transfer.api.globus.org", "identity_id": "d0f5cfe6-db59-4bfd-9044-ef9bec8e335f", "scope": "urn:globus:auth:scope:transfer.api.globus.org:all", "access_token": "PY-TRANSFER-AT", "expires_at_seconds": 1900000000, "token_type": "Bearer"}}, "other-ns": {"x.example.org": {"resource_server": "x.example.org", "scope": "s", "access_token": "PY-X-AT", "expires_at_seconds": 5}}}, "format_version": "2.0", "globus-sdk.version": "3.54.0"}`;

test("JSONTokenStorage writes exactly the Python SDK's 2.0 structure", async () => {
  const dir = await tempDir();
  try {
    const path = join(dir, "tokens.json");
    const s = new JSONTokenStorage(path);
    const noRefresh = { ...rec("b.example.org"), refresh_token: null };
    await s.storeTokenDataByResourceServer({
      "a.example.org": rec("a.example.org"),
      "b.example.org": noRefresh,
    });
    const text = await readFile(path, "utf-8");
    const expected =
      `{"data": {"DEFAULT": {"a.example.org": {"resource_server": "a.example.org", "identity_id": "d0f5cfe6-db59-4bfd-9044-ef9bec8e335f", "scope": "scope:a.example.org", "access_token": "AT-a.example.org-0", "refresh_token": "RT-a.example.org-0", "expires_at_seconds": 1900000000, "token_type": "Bearer"}, "b.example.org": {"resource_server": "b.example.org", "identity_id": "d0f5cfe6-db59-4bfd-9044-ef9bec8e335f", "scope": "scope:b.example.org", "access_token": "AT-b.example.org-0", "expires_at_seconds": 1900000000, "token_type": "Bearer"}}}, "format_version": "2.0", "globus-sdk.version": "${TOKEN_FILE_SDK_VERSION}"}`;
    assert.equal(text, expected);
    assert.deepEqual(Object.keys(JSON.parse(text)), [
      "data",
      "format_version",
      "globus-sdk.version",
    ]);
    const back = await new JSONTokenStorage(path)
      .getTokenDataByResourceServer();
    // Token fields are non-enumerable (console.table skips them); JSON has all.
    const plain = (x: unknown) => JSON.parse(JSON.stringify(x));
    assert.deepEqual(plain(back["a.example.org"]), rec("a.example.org"));
    assert.deepEqual(plain(back["b.example.org"]), noRefresh);
    assert.equal(back["a.example.org"]?.access_token, "AT-a.example.org-0");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("JSONTokenStorage loads a file written by the Python SDK and keeps other namespaces on write", async () => {
  const dir = await tempDir();
  try {
    const path = join(dir, "tokens.json");
    await writeFile(path, PYTHON_FILE);
    const s = new JSONTokenStorage(path);
    const t = await s.getTokenData("transfer.api.globus.org");
    assert.equal(t?.access_token, "PY-TRANSFER-AT");
    assert.equal(t?.refresh_token, null);
    assert.equal(t?.identity_id, "d0f5cfe6-db59-4bfd-9044-ef9bec8e335f");
    assert.equal(
      (await s.getTokenData("auth.globus.org"))?.refresh_token,
      "PY-AUTH-RT",
    );
    await s.storeTokenDataByResourceServer({
      "a.example.org": rec("a.example.org"),
    });
    const raw = JSON.parse(await readFile(path, "utf-8"));
    assert.deepEqual(
      raw.data["other-ns"],
      JSON.parse(PYTHON_FILE).data["other-ns"],
    );
    assert.deepEqual(
      Object.keys(raw.data.DEFAULT).sort(),
      ["a.example.org", "auth.globus.org", "transfer.api.globus.org"],
    );
    const other = new JSONTokenStorage(path, { namespace: "other-ns" });
    assert.equal(
      (await other.getTokenData("x.example.org"))?.access_token,
      "PY-X-AT",
    );
    assert.equal(await other.getTokenData("a.example.org"), null);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("JSONTokenStorage reads format 1.0 as the DEFAULT namespace and rewrites it as 2.0", async () => {
  const dir = await tempDir();
  try {
    const path = join(dir, "tokens.json");
    await writeFile(
      path,
      JSON.stringify({
        by_rs: { "a.example.org": rec("a.example.org") },
        format_version: "1.0",
        "globus-sdk.version": "3.0.0",
      }),
    );
    const s = new JSONTokenStorage(path);
    assert.equal(
      (await s.getTokenData("a.example.org"))?.access_token,
      "AT-a.example.org-0",
    );
    assert.deepEqual(
      await new JSONTokenStorage(path, { namespace: "x" })
        .getTokenDataByResourceServer(),
      {},
    );
    assert.equal(await s.removeTokenData("nope"), false);
    await s.storeTokenDataByResourceServer({
      "b.example.org": rec("b.example.org"),
    });
    const raw = JSON.parse(await readFile(path, "utf-8"));
    assert.equal(raw.format_version, "2.0");
    assert.equal(raw.by_rs, undefined);
    assert.deepEqual(Object.keys(raw.data.DEFAULT).sort(), [
      "a.example.org",
      "b.example.org",
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("JSONTokenStorage round-trips unknown record fields", async () => {
  const dir = await tempDir();
  try {
    const path = join(dir, "tokens.json");
    const withExtra = { ...rec("a.example.org"), future_field: { x: 1 } };
    await writeFile(
      path,
      JSON.stringify({
        data: { DEFAULT: { "a.example.org": withExtra } },
        format_version: "2.0",
        "globus-sdk.version": "9.0.0",
      }),
    );
    const s = new JSONTokenStorage(path);
    assert.deepEqual((await s.getTokenData("a.example.org"))?.extra, {
      future_field: { x: 1 },
    });
    await s.storeTokenDataByResourceServer({
      "b.example.org": rec("b.example.org"),
    });
    const raw = JSON.parse(await readFile(path, "utf-8"));
    assert.deepEqual(raw.data.DEFAULT["a.example.org"], withExtra);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("JSONTokenStorage.removeTokenData removes one record and reports it", async () => {
  const dir = await tempDir();
  try {
    const path = join(dir, "sub", "tokens.json");
    const s = new JSONTokenStorage(path);
    await s.storeTokenDataByResourceServer({
      "a.example.org": rec("a.example.org"),
      "b.example.org": rec("b.example.org"),
    });
    assert.equal(await s.removeTokenData("a.example.org"), true);
    assert.equal(await s.removeTokenData("a.example.org"), false);
    assert.deepEqual(Object.keys(await s.getTokenDataByResourceServer()), [
      "b.example.org",
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("JSONTokenStorage creates the file 0600 and missing directories 0700", {
  skip: isWindows ? "no POSIX modes on Windows" : false,
}, async () => {
  const dir = await tempDir();
  try {
    const path = join(dir, "a", "b", "tokens.json");
    await new JSONTokenStorage(path).storeTokenDataByResourceServer({
      "a.example.org": rec("a.example.org"),
    });
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    assert.equal((await stat(join(dir, "a", "b"))).mode & 0o777, 0o700);
    assert.equal((await stat(join(dir, "a"))).mode & 0o777, 0o700);
    // An existing 0644 file (e.g. copied in) becomes 0600 on the next write.
    await chmod(path, 0o644);
    await new JSONTokenStorage(path).removeTokenData("a.example.org");
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    // No lock or temp file is left behind.
    assert.deepEqual(await readdir(join(dir, "a", "b")), ["tokens.json"]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

for (
  const [what, content, why] of [
    [
      "a file that is not JSON",
      '{"data": {"DEFAULT": {"a": {"access_token": "SECRET-IN-CORRUPT',
      "not JSON",
    ],
    ["an empty file", "", "empty"],
    [
      "a hand edit that left a trailing comma (the error says where)",
      [
        "{",
        '  "data": {',
        '    "DEFAULT": {',
        '      "a": {',
        '        "access_token": "SECRET-HAND-EDIT",',
        '        "token_type": "Bearer",',
        "      }",
        "    }",
        "  },",
        '  "format_version": "2.0"',
        "}",
      ].join("\n"),
      "it is not JSON: a syntax error at line 7, column 7 (after a hand edit, look there for a trailing comma",
    ],
    [
      "a hand edit that single-quoted a value (V8 gives no position: found here)",
      [
        "{",
        '  "data": {"DEFAULT": {"a": {',
        '    "access_token": "SECRET-QUOTE",',
        "    \"token_type\": 'Bearer'",
        "  }}},",
        '  "format_version": "2.0"',
        "}",
      ].join("\n"),
      "it is not JSON: a syntax error at line 4, column 19 (after a hand edit",
    ],
    [
      "a hand edit that left a value unquoted",
      '{"data": {}, "format_version": 2.0x}',
      "it is not JSON: a syntax error at line 1, column 35 (",
    ],
    [
      "an unknown format_version",
      '{"data": {}, "format_version": "3.0", "globus-sdk.version": "9"}',
      'format_version "3.0" is unknown',
    ],
    ["a file without format_version", '{"data": {}}', "no 'format_version'"],
    ["a 1.0 file without by_rs", '{"format_version": "1.0"}', "by_rs"],
    [
      "an invalid record",
      '{"data": {"DEFAULT": {"a": {"resource_server": "a", "scope": "s", "access_token": "SECRET-X", "expires_at_seconds": "soon"}}}, "format_version": "2.0", "globus-sdk.version": "1"}',
      "expires_at_seconds",
    ],
    ["a JSON array", "[]", "root is not an object"],
  ] as const
) {
  test(`JSONTokenStorage refuses ${what} with a clear error and never overwrites it`, async () => {
    const dir = await tempDir();
    try {
      const path = join(dir, "tokens.json");
      await writeFile(path, content);
      const s = new JSONTokenStorage(path);
      for (
        const op of [
          () => s.getTokenDataByResourceServer(),
          () => s.storeTokenDataByResourceServer({ "b": rec("b") }),
          () => s.removeTokenData("a"),
        ]
      ) {
        await assert.rejects(op, (e: unknown) => {
          assert.ok(e instanceof TokenStorageError);
          assert.equal(e.path, path);
          assert.match(
            e.message,
            new RegExp(path.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&")),
          );
          assert.match(
            e.message,
            /move it aside or delete it, then log in again/,
          );
          assert.ok(e.message.includes(why), e.message);
          assert.ok(
            !inspect(e).includes("SECRET"),
            "no file content in the error",
          );
          return true;
        });
      }
      assert.equal(await readFile(path, "utf-8"), content);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}

test("JSONTokenStorage refuses to replace a read-only token file", {
  skip: isWindows ? "no POSIX modes on Windows" : false,
}, async () => {
  const dir = await tempDir();
  try {
    const path = join(dir, "tokens.json");
    await writeFile(path, PYTHON_FILE);
    await chmod(path, 0o400);
    const s = new JSONTokenStorage(path);
    // Reading still works.
    assert.equal(
      (await s.getTokenData("auth.globus.org"))?.access_token,
      "PY-AUTH-AT",
    );
    await assert.rejects(
      () =>
        s.storeTokenDataByResourceServer({
          "a.example.org": rec("a.example.org"),
        }),
      (e: unknown) =>
        e instanceof TokenStorageError && /read-only/.test(e.message) &&
        e.message.includes(path),
    );
    assert.equal(await readFile(path, "utf-8"), PYTHON_FILE);
    assert.equal((await stat(path)).mode & 0o777, 0o400);
  } finally {
    await chmod(join(dir, "tokens.json"), 0o600).catch(() => {});
    await rm(dir, { recursive: true, force: true });
  }
});

test(
  "JSONTokenStorage refuses a token file that is a symbolic link (read and write)",
  {
    skip: isWindows ? "symlinks need privileges on Windows" : false,
  },
  async () => {
    const dir = await tempDir();
    try {
      const target = join(dir, "real.json");
      const path = join(dir, "tokens.json");
      await writeFile(target, PYTHON_FILE);
      await symlink(target, path);
      const s = new JSONTokenStorage(path);
      for (
        const op of [
          () => s.getTokenDataByResourceServer(),
          () =>
            s.storeTokenDataByResourceServer({
              "a.example.org": rec("a.example.org"),
            }),
        ]
      ) {
        await assert.rejects(
          op,
          (e: unknown) =>
            e instanceof TokenStorageError && /symbolic link/.test(e.message) &&
            e.message.includes(path),
        );
      }
      assert.ok((await lstat(path)).isSymbolicLink());
      assert.equal(await readFile(target, "utf-8"), PYTHON_FILE);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
);

test("JSONTokenStorage sees changes made by another writer", async () => {
  const dir = await tempDir();
  try {
    const path = join(dir, "tokens.json");
    const a = new JSONTokenStorage(path);
    const b = new JSONTokenStorage(path);
    assert.deepEqual(await a.getTokenDataByResourceServer(), {});
    await b.storeTokenDataByResourceServer({
      "x.example.org": rec("x.example.org", 1),
    });
    assert.equal(
      (await a.getTokenData("x.example.org"))?.access_token,
      "AT-x.example.org-1",
    );
    await b.storeTokenDataByResourceServer({
      "x.example.org": rec("x.example.org", 2),
    });
    assert.equal(
      (await a.getTokenData("x.example.org"))?.access_token,
      "AT-x.example.org-2",
    );
    // Python rewrites in place: picked up too.
    await writeFile(path, PYTHON_FILE);
    assert.equal(await a.getTokenData("x.example.org"), null);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("records read from JSONTokenStorage never show tokens when inspected", async () => {
  const dir = await tempDir();
  try {
    const path = join(dir, "tokens.json");
    await writeFile(path, PYTHON_FILE);
    const all = await new JSONTokenStorage(path).getTokenDataByResourceServer();
    const shown = inspect(all, { depth: 5 }) + inspect(all["auth.globus.org"]);
    assert.ok(!shown.includes("PY-AUTH-AT"), shown);
    assert.ok(!shown.includes("PY-AUTH-RT"), shown);
    assert.ok(shown.includes("[REDACTED]"));
    if (isDeno) {
      // deno-lint-ignore no-explicit-any
      const D = (globalThis as any).Deno;
      assert.ok(!D.inspect(all, { depth: 5 }).includes("PY-AUTH-AT"));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("concurrent writes in one process never lose an update", async () => {
  const dir = await tempDir();
  try {
    const path = join(dir, "tokens.json");
    await Promise.all(
      Array.from(
        { length: 15 },
        (_, i) =>
          new JSONTokenStorage(path).storeTokenDataByResourceServer({
            [`rs${i}.example.org`]: rec(`rs${i}.example.org`),
          }),
      ),
    );
    const all = await new JSONTokenStorage(path).getTokenDataByResourceServer();
    assert.equal(Object.keys(all).length, 15);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a lock left by a dead process is taken over; a live one times out clearly", async () => {
  const dir = await tempDir();
  try {
    const path = join(dir, "tokens.json");
    const lock = path + ".lock";
    /** A lock held by `pid` on this host (see src/tokens/file_lock.ts). */
    const writeLock = async (pid: number, nonce: string) => {
      await mkdir(lock);
      await writeFile(
        join(lock, nonce),
        JSON.stringify({
          pid,
          host: lockHostname(),
          created: Date.now(),
          nonce,
          kernel_lock: false,
        }),
      );
    };
    // A pid that cannot exist (above the Linux maximum).
    await writeLock(2 ** 22 + 17, "aaaaaaaaaaaaaaaa");
    await writeFile(
      join(dir, `.tokens.json.tmp-${2 ** 22 + 17}-abc`),
      "{partial",
    );
    await new JSONTokenStorage(path).storeTokenDataByResourceServer({
      "a.example.org": rec("a.example.org"),
    });
    assert.deepEqual((await readdir(dir)).sort(), ["tokens.json"]);

    // A live holder (this process) that does not let go.
    await writeLock(process.pid, "bbbbbbbbbbbbbbbb");
    const clock = fakeClock({ startMs: 0 });
    const s = new JSONTokenStorage(path, { lockTimeoutMs: 2000, clock });
    await assert.rejects(
      () =>
        s.storeTokenDataByResourceServer({
          "b.example.org": rec("b.example.org"),
        }),
      (e: unknown) =>
        e instanceof TokenStorageError && /Timed out/.test(e.message) &&
        e.message.includes(lock) && e.message.includes(String(process.pid)),
    );
    assert.ok(clock.sleeps.length > 0);
    // Reading does not need the lock.
    assert.equal(
      (await s.getTokenData("a.example.org"))?.access_token,
      "AT-a.example.org-0",
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("pythonJsonDumps matches Python's json.dumps defaults", () => {
  assert.equal(
    pythonJsonDumps({ a: [1, "é", null, true], "b c": { d: 'x"y' } }),
    '{"a": [1, "\\u00e9", null, true], "b c": {"d": "x\\"y"}}',
  );
});

// ---- multi-process tests ----

const writerScript = fileURLToPath(
  new URL(isDeno ? "./_writer.ts" : "./_writer.js", import.meta.url),
);

function spawnWriter(args: string[]) {
  const argv = isDeno
    ? ["run", "-A", writerScript, ...args]
    : [writerScript, ...args];
  return spawn(process.execPath, argv, { stdio: ["ignore", "pipe", "pipe"] });
}

function runWriter(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawnWriter(args);
    let err = "";
    child.stderr.on("data", (d) => err += d);
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code === 0) resolve();
      else reject(new Error(`writer exited ${code}: ${err}`));
    });
  });
}

test("20 concurrent writer processes never lose an update", async () => {
  const dir = await tempDir();
  try {
    const path = join(dir, "tokens.json");
    await writeFile(path, PYTHON_FILE);
    await Promise.all(
      Array.from(
        { length: 20 },
        (_, i) => runWriter([path, `rs${i}.example.org`]),
      ),
    );
    const raw = JSON.parse(await readFile(path, "utf-8"));
    const keys = Object.keys(raw.data.DEFAULT);
    for (let i = 0; i < 20; i++) {
      assert.ok(keys.includes(`rs${i}.example.org`), `rs${i} missing`);
    }
    assert.ok(
      keys.includes("auth.globus.org") &&
        keys.includes("transfer.api.globus.org"),
    );
    assert.deepEqual(
      raw.data["other-ns"],
      JSON.parse(PYTHON_FILE).data["other-ns"],
    );
    assert.deepEqual(await readdir(dir), ["tokens.json"]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test(
  "a writer killed (SIGKILL) at a random moment leaves the old or the new file, never a torn one",
  {
    skip: isWindows ? "SIGKILL semantics differ on Windows" : false,
  },
  async () => {
    const dir = await tempDir();
    try {
      const path = join(dir, "tokens.json");
      await writeFile(path, PYTHON_FILE);
      for (let round = 0; round < 4; round++) {
        const child = spawnWriter([path, "killed.example.org", "loop"]);
        await new Promise<void>((resolve, reject) => {
          child.stdout.on("data", () => resolve());
          child.on(
            "exit",
            (c) => reject(new Error(`writer exited early: ${c}`)),
          );
        });
        await new Promise((r) => setTimeout(r, 20 + Math.random() * 150));
        const exited = new Promise((r) => child.on("exit", r));
        child.kill("SIGKILL");
        await exited;
        const raw = JSON.parse(await readFile(path, "utf-8"));
        assert.equal(raw.format_version, "2.0");
        const s = new JSONTokenStorage(path, { lockTimeoutMs: 20_000 });
        assert.equal(
          (await s.getTokenData("auth.globus.org"))?.access_token,
          "PY-AUTH-AT",
        );
        // The next writer gets the lock even if the killed one held it.
        await s.storeTokenDataByResourceServer({
          [`after${round}.example.org`]: rec(`after${round}.example.org`),
        });
        assert.ok(await s.getTokenData(`after${round}.example.org`));
      }
      const left = (await readdir(dir)).filter((n) => n !== "tokens.json");
      assert.deepEqual(left, [], "temp and lock files are cleaned up");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
);

test("JSONTokenStorage.fileExists is Python's file_exists(): false before the first write, true after", async () => {
  const dir = await tempDir();
  try {
    const s = new JSONTokenStorage(join(dir, "sub", "tokens.json"));
    assert.equal(await s.fileExists(), false);
    assert.equal(await s.getTokenData("a.example.org"), null);
    assert.equal(await s.fileExists(), false, "reading creates nothing");
    await s.storeTokenDataByResourceServer({
      "a.example.org": rec("a.example.org"),
    });
    assert.equal(await s.fileExists(), true);
    const notDir = new JSONTokenStorage(join(s.path, "tokens.json"));
    assert.equal(
      await notDir.fileExists(),
      false,
      "a file where a folder belongs",
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a token file this user may not read says so and what to check (EACCES)", () => {
  const denied = Object.assign(new Error("permission denied"), {
    code: "EACCES",
  });
  assert.equal(
    readProblem("token file", "/home/ana/.globus/app/x/y/tokens.json", denied),
    `Cannot read token file /home/ana/.globus/app/x/y/tokens.json: EACCES (this user may not read it: check its owner and permissions with ls -l '/home/ana/.globus/app/x/y/tokens.json'. A token file has mode 0600, so only its owner reads it: if another user wrote it (e.g. root, through sudo -E or a root cron job with this user's HOME), give it back (sudo chown "$(id -un)" '/home/ana/.globus/app/x/y/tokens.json') or run as its owner, or use another token storage).`,
  );
});

test("Deno's PermissionDenied with EACCES (a file of another owner, with -A) says to check the owner, not to add --allow-read", () => {
  // What Deno 2 throws when the operating system refuses; its own refusal
  // is NotCapable.
  const denied = Object.assign(new Error("Permission denied (os error 13)"), {
    name: "PermissionDenied",
    code: "EACCES",
  });
  const message = readProblem("token file", "/t/tokens.json", denied);
  assert.match(message, /EACCES \(this user may not read it: check its owner/);
  assert.doesNotMatch(message, /--allow-read/);
  const flags = Object.assign(new Error("Requires read access"), {
    name: "NotCapable",
  });
  // The runtime's own refusal names that runtime's flags: Deno's, or those
  // of Node's permission model (node --permission), which refuses with
  // ERR_ACCESS_DENIED. It said "Deno" and Deno's flags on Node too.
  const nodeDenied = Object.assign(
    new Error("Access to this API has been restricted"),
    { code: "ERR_ACCESS_DENIED" },
  );
  for (const e of [flags, nodeDenied]) {
    assert.equal(
      readProblem("token file", "/t/tokens.json", e),
      isDeno
        ? 'Cannot read token file /t/tokens.json: Deno has no read permission for it. Run with --allow-read=/t --allow-write=/t (a login or a refresh writes it too), or use another token storage (e.g. tokenStorage: "memory").'
        : `Cannot read token file /t/tokens.json: Node's permission model (${
          // Node 20 refuses --permission as a bad option.
          process.versions.node.startsWith("20.")
            ? "--experimental-permission"
            : "--permission"}) gives no read access to it. Run node with --allow-fs-read='/t/*' --allow-fs-write='/t/*' (a login or a refresh writes it too), or use another token storage (e.g. tokenStorage: "memory").`,
    );
  }
});

test("a token file another program is rewriting in place (empty for a moment, as the Python SDK writes) is read again, not called corrupt", async () => {
  const dir = await tempDir();
  try {
    const path = join(dir, "tokens.json");
    const good = pythonJsonDumps({
      data: { DEFAULT: { "a.example.org": rec("a.example.org") } },
      format_version: "2.0",
      "globus-sdk.version": "3.54.0",
    });
    await writeFile(path, "");
    const storage = new JSONTokenStorage(path);
    // The first read happens in this call, before it returns: the file is
    // empty then. It is written before the storage reads again.
    const reading = storage.getTokenData("a.example.org");
    await writeFile(path, good);
    assert.equal((await reading)?.resource_server, "a.example.org");
    // Empty for good: refused, saying what may have happened.
    await writeFile(path, "");
    await assert.rejects(
      () => new JSONTokenStorage(path).getTokenData("a.example.org"),
      (e: unknown) =>
        e instanceof TokenStorageError &&
        /it is empty\. If another program \(the Python SDK\) was writing it just then, try again\. It was left untouched/
          .test(e.message),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("namespaces and resource servers named like object built-ins (constructor, toString, __proto__) are ordinary names", async () => {
  const dir = await tempDir();
  try {
    const path = join(dir, "tokens.json");
    for (const namespace of ["constructor", "toString", "__proto__"]) {
      const storage = new JSONTokenStorage(path, { namespace });
      assert.equal(await storage.getTokenData("a.example.org"), null);
      assert.equal(await storage.getTokenData("constructor"), null);
      await storage.storeTokenDataByResourceServer({
        "a.example.org": rec("a.example.org"),
        ["__proto__"]: rec("__proto__"), // computed: an own key
      });
      const again = new JSONTokenStorage(path, { namespace });
      assert.equal(
        (await again.getTokenData("a.example.org"))?.resource_server,
        "a.example.org",
      );
      assert.equal(
        (await again.getTokenData("__proto__"))?.resource_server,
        "__proto__",
      );
      assert.equal(await again.getTokenData("toString"), null);
    }
    const doc = JSON.parse(await readFile(path, "utf-8"));
    assert.deepEqual(Object.keys(doc.data).sort(), [
      "__proto__",
      "constructor",
      "toString",
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

/**
 * Runs `code` (with `JSONTokenStorage` imported) in a `deno run` without
 * prompts and with the given permission flags; returns its output.
 */
async function denoRunWith(
  dir: string,
  code: string,
  flags: (script: string) => string[],
): Promise<string> {
  const script = join(dir, "run.ts");
  await writeFile(
    script,
    `import { JSONTokenStorage } from ${
      JSON.stringify(
        new URL("../../src/tokens/json_storage.ts", import.meta.url).href,
      )
    };
try {
  ${code}
} catch (e) { console.log(e.message); }`,
  );
  const deno = (globalThis as unknown as { Deno: { execPath(): string } })
    .Deno.execPath();
  return await new Promise<string>((resolve) => {
    const child = spawn(deno, [
      "run",
      "--no-prompt",
      "--no-config",
      ...flags(script),
      script,
    ]);
    let text = "";
    child.stdout.on("data", (d) => text += d);
    child.stderr.on("data", (d) => text += d);
    child.on("close", () => resolve(text));
  });
}

test("deno run without --allow-read: reading the token file names the flags to add (read and write)", async () => {
  if (!isDeno) return;
  const dir = await mkdtemp(join(tmpdir(), "globus-deno-noread-"));
  try {
    const path = join(dir, "tokens.json");
    await writeFile(path, JSON.stringify({ data: {}, format_version: "2.0" }));
    const out = await denoRunWith(
      dir,
      `await new JSONTokenStorage(${JSON.stringify(path)}).getTokenData("x");`,
      (script) => [`--allow-read=${script}`, "--allow-env"],
    );
    assert.ok(
      out.includes(
        `Cannot read token file ${path}: Deno has no read permission for it. Run with --allow-read=${dir} --allow-write=${dir} (a login or a refresh writes it too), or use another token storage (e.g. tokenStorage: "memory").`,
      ),
      out,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("deno run without --allow-write: saving tokens in an existing folder names the flags, not 'cannot create the token directory'", async () => {
  if (!isDeno) return;
  const dir = await mkdtemp(join(tmpdir(), "globus-deno-nowrite-"));
  try {
    const path = join(dir, "tokens.json");
    const out = await denoRunWith(
      dir,
      `await new JSONTokenStorage(${
        JSON.stringify(path)
      }).storeTokenDataByResourceServer({});`,
      () => [`--allow-read=${dir}`, "--allow-env"],
    );
    assert.ok(
      out.includes(
        `Cannot save tokens in ${path}: Deno has no write permission for ${dir}. Run with --allow-read=${dir} --allow-write=${dir}, or use another token storage (e.g. tokenStorage: "memory").`,
      ),
      out,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a record without an access token is refused before anything is written (it was written, then refused when read)", async () => {
  const dir = await tempDir();
  try {
    const path = join(dir, "tokens.json");
    const storage = new JSONTokenStorage(path);
    await storage.storeTokenDataByResourceServer({
      "auth.globus.org": rec("auth.globus.org"),
    });
    const before = await readFile(path, "utf8");
    const bad = { ...rec("transfer.api.globus.org") } as Record<
      string,
      unknown
    >;
    delete bad.access_token;
    await assert.rejects(
      storage.storeTokenDataByResourceServer({
        "transfer.api.globus.org": bad as unknown as StoredTokenData,
      }),
      {
        name: "TypeError",
        message:
          /^Cannot store the tokens for 'transfer\.api\.globus\.org': 'access_token' is not a string\. Nothing was stored\./,
      },
    );
    // A fraction of a second (Date.now() / 1000 + 3600): the Python SDK
    // refuses to read it, so it is refused here, saying how to round it.
    await assert.rejects(
      storage.storeTokenDataByResourceServer({
        "transfer.api.globus.org": {
          ...rec("transfer.api.globus.org"),
          expires_at_seconds: 1_900_000_000.5,
        },
      }),
      {
        name: "TypeError",
        message:
          /'expires_at_seconds' is 1900000000\.5, not a whole number of seconds \(the Python SDK cannot read the file then\): round it, e\.g\. Math\.floor\(Date\.now\(\) \/ 1000\) \+ 3600\. Nothing was stored\./,
      },
    );
    // A response-like object whose records lack their tokens: the same.
    await assert.rejects(
      storage.storeTokenResponse({
        byResourceServer: {
          "transfer.api.globus.org": {
            resource_server: "transfer.api.globus.org",
            scope: "s",
            expires_at_seconds: 1900000000,
          },
        },
      } as never),
      { name: "TypeError", message: /'access_token' is not a string/ },
    );
    assert.equal(await readFile(path, "utf8"), before);
    // and the file still reads
    assert.ok(await storage.getTokenData("auth.globus.org"));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a token file whose folder is a file says so and how to fix it (it said only ENOTDIR)", async () => {
  const dir = await tempDir();
  try {
    await writeFile(join(dir, "notes.txt"), "a file, not a folder");
    const path = join(dir, "notes.txt", "tokens.json");
    const storage = new JSONTokenStorage(path);
    for (
      const attempt of [
        () => storage.getTokenDataByResourceServer(),
        () => storage.storeTokenDataByResourceServer({ "x.org": rec("x.org") }),
      ]
    ) {
      const err = await attempt().then(
        () => assert.fail("no error"),
        (e: unknown) => e,
      );
      assert.ok(err instanceof TokenStorageError, String(err));
      assert.ok(err.message.includes(path), err.message);
      assert.match(err.message, /is a file, not a folder/);
      assert.match(err.message, /choose another path/);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
