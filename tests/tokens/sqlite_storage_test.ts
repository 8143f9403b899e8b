import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import {
  chmod,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  writeFile,
} from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { inspect } from "node:util";
import { TokenStorageError } from "../../src/core/errors.ts";
import { isDeno } from "../../src/core/runtime.ts";
import { TOKEN_FILE_SDK_VERSION } from "../../src/tokens/json_storage.ts";
import { SQLiteTokenStorage } from "../../src/tokens/sqlite_storage.ts";
import type { StoredTokenData } from "../../src/tokens/token_storage.ts";
import { tokenRecord } from "../_helpers/token_record.ts";

const isWindows = process.platform === "win32";

/** The runtime's `node:sqlite`, or why there is none (Node 20). */
interface Sqlite {
  DatabaseSync: new (path: string) => {
    exec(sql: string): void;
    prepare(sql: string): {
      all(...p: unknown[]): Record<string, unknown>[];
      run(...p: unknown[]): unknown;
    };
    close(): void;
  };
}
const specifier: string = "node:sqlite";
const sqlite: Sqlite | string = await import(specifier).then(
  (m) => m as Sqlite,
  () => `this runtime has no node:sqlite (${process.version})`,
);
const noSqlite = typeof sqlite === "string" ? sqlite : false;

const PYTHON = "/usr/bin/python3";
const noPython = existsSync(PYTHON) &&
    spawnSync(PYTHON, ["-c", "import sqlite3"]).status === 0
  ? false
  : `${PYTHON} with sqlite3 is not installed`;

/** Runs `fn` in a new temporary folder, removed afterwards. */
async function inTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "globus-deno-sqlite-"));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const rec = (rs: string, n = 0): StoredTokenData => tokenRecord(rs, { n });
const plain = (x: unknown) => JSON.parse(JSON.stringify(x));

/** Every row of a table, read with node:sqlite directly. */
function rows(path: string, sql: string): Record<string, unknown>[] {
  const db = new (sqlite as Sqlite).DatabaseSync(path);
  try {
    return db.prepare(sql).all().map((r) => ({ ...r }));
  } finally {
    db.close();
  }
}

/** Runs a Python script (argv: the database path); returns its stdout. */
function python(script: string, path: string): string {
  const res = spawnSync(PYTHON, ["-c", script, path], { encoding: "utf-8" });
  if (res.status !== 0) throw new Error(`python failed: ${res.stderr}`);
  return res.stdout;
}

test(
  "with node:sqlite a first write makes the database; without it (Node 20) the error says what is needed and what to use instead",
  async () => {
    await inTempDir(async (dir) => {
      const path = join(dir, "tokens.db");
      const s = new SQLiteTokenStorage(path);
      const write = () =>
        s.storeTokenDataByResourceServer({ "a.example.org": rec("a") });
      const missing = (e: unknown) =>
        e instanceof TokenStorageError &&
        /needs the runtime's node:sqlite module \(Deno 2\.2 or later, Node 22\.13 or later\)/
          .test(e.message) &&
        /Use JSONTokenStorage/.test(e.message);
      if (noSqlite) {
        // The first read, before any database exists, says so already: an
        // app asks for its tokens before a login, so the login is not
        // wasted on tokens that could not be stored.
        await assert.rejects(s.getTokenData("a.example.org"), missing);
        await assert.rejects(write, missing);
        assert.equal(existsSync(path), false, "nothing was created");
      } else {
        assert.equal(await s.getTokenData("a.example.org"), null);
        assert.equal(existsSync(path), false, "a read creates nothing");
        await write();
        assert.equal(
          (await s.getTokenData("a.example.org"))?.access_token,
          rec("a").access_token,
        );
        await s.close();
      }
    });
  },
);

test(
  "SQLiteTokenStorage writes the Python SDK's tables, rows and version attributes",
  {
    skip: noSqlite,
  },
  async () => {
    await inTempDir(async (dir) => {
      const path = join(dir, "tokens.db");
      const s = new SQLiteTokenStorage(path);
      assert.deepEqual(await s.getTokenDataByResourceServer(), {});
      assert.equal(existsSync(path), false, "a read creates nothing");
      const noRefresh = { ...rec("b.example.org"), refresh_token: null };
      await s.storeTokenDataByResourceServer({
        "a.example.org": rec("a.example.org"),
        "b.example.org": noRefresh,
      });
      await s.close();
      assert.deepEqual(
        rows(
          path,
          "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
        ),
        [{ name: "sdk_storage_adapter_internal" }, { name: "token_storage" }],
      );
      assert.deepEqual(
        rows(
          path,
          "SELECT * FROM sdk_storage_adapter_internal ORDER BY attribute",
        ),
        [
          { attribute: "globus-sdk.database_schema_version", value: "2" },
          { attribute: "globus-sdk.version", value: TOKEN_FILE_SDK_VERSION },
        ],
      );
      assert.deepEqual(
        rows(path, "SELECT * FROM token_storage ORDER BY resource_server"),
        [
          {
            namespace: "DEFAULT",
            resource_server: "a.example.org",
            token_data_json:
              `{"resource_server": "a.example.org", "identity_id": "d0f5cfe6-db59-4bfd-9044-ef9bec8e335f", "scope": "scope:a.example.org", "access_token": "AT-a.example.org-0", "refresh_token": "RT-a.example.org-0", "expires_at_seconds": 1900000000, "token_type": "Bearer"}`,
          },
          {
            namespace: "DEFAULT",
            resource_server: "b.example.org",
            // A null field is left out, as Python's to_dict() leaves it.
            token_data_json:
              `{"resource_server": "b.example.org", "identity_id": "d0f5cfe6-db59-4bfd-9044-ef9bec8e335f", "scope": "scope:b.example.org", "access_token": "AT-b.example.org-0", "expires_at_seconds": 1900000000, "token_type": "Bearer"}`,
          },
        ],
      );
      const back = await new SQLiteTokenStorage(path)
        .getTokenDataByResourceServer();
      assert.deepEqual(plain(back["a.example.org"]), rec("a.example.org"));
      assert.deepEqual(plain(back["b.example.org"]), noRefresh);
    });
  },
);

/** Makes a database as the Python SDK's SQLiteTokenStorage does. */
const PYTHON_WRITES = `
import json, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
conn.executescript("""
CREATE TABLE token_storage (namespace VARCHAR NOT NULL, resource_server VARCHAR NOT NULL,
  token_data_json VARCHAR NOT NULL, PRIMARY KEY (namespace, resource_server));
CREATE TABLE sdk_storage_adapter_internal (attribute VARCHAR NOT NULL, value VARCHAR NOT NULL,
  PRIMARY KEY (attribute));
""")
conn.executemany("INSERT INTO sdk_storage_adapter_internal(attribute, value) VALUES (?, ?)",
  [("globus-sdk.version", "4.0.0"), ("globus-sdk.database_schema_version", "2")])
def put(ns, rs, at, **more):
    data = {"resource_server": rs, "identity_id": "d0f5cfe6-db59-4bfd-9044-ef9bec8e335f",
            "scope": "s:" + rs, "access_token": at, "refresh_token": None,
            "expires_at_seconds": 1900000000, "token_type": "Bearer", **more}
    conn.execute("REPLACE INTO token_storage(namespace, resource_server, token_data_json) VALUES(?, ?, ?)",
                 (ns, rs, json.dumps(data)))
put("DEFAULT", "transfer.api.globus.org", "PY-TRANSFER-AT", note="caf\\u00e9")
put("other-ns", "x.example.org", "PY-X-AT")
conn.commit()
`;

/** Reads a database as the Python SDK's SQLiteTokenStorage does. */
const PYTHON_READS = `
import json, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
out = {}
for ns, rs, text in conn.execute("SELECT namespace, resource_server, token_data_json FROM token_storage"):
    out.setdefault(ns, {})[rs] = json.loads(text)
print(json.dumps(out, sort_keys=True))
`;

test(
  "a database the Python SDK wrote is read, and what is written back reads in Python",
  {
    skip: noSqlite || noPython,
  },
  async () => {
    await inTempDir(async (dir) => {
      const path = join(dir, "tokens.db");
      python(PYTHON_WRITES, path);
      const s = new SQLiteTokenStorage(path);
      const t = await s.getTokenData("transfer.api.globus.org");
      assert.equal(t?.access_token, "PY-TRANSFER-AT");
      assert.equal(t?.refresh_token, null);
      assert.deepEqual(t?.extra, { note: "café" });
      assert.deepEqual(
        await new SQLiteTokenStorage(path, { namespace: "other-ns" })
          .getTokenData("x.example.org").then((d) => d?.access_token),
        "PY-X-AT",
      );
      await s.storeTokenDataByResourceServer({
        "a.example.org": rec("a.example.org"),
      });
      assert.equal(await s.removeTokenData("nothing.example.org"), false);
      await s.close();
      const seen = JSON.parse(python(PYTHON_READS, path));
      assert.deepEqual(Object.keys(seen).sort(), ["DEFAULT", "other-ns"]);
      assert.deepEqual(seen.DEFAULT["a.example.org"], rec("a.example.org"));
      assert.equal(
        seen.DEFAULT["transfer.api.globus.org"].note,
        "café",
        "extra fields survive the round trip",
      );
      assert.equal(seen["other-ns"]["x.example.org"].access_token, "PY-X-AT");
    });
  },
);

test(
  "SQLiteTokenStorage reads the older SQLiteAdapter's database (schema version 1)",
  {
    skip: noSqlite,
  },
  async () => {
    await inTempDir(async (dir) => {
      const path = join(dir, "storage.db");
      const db = new (sqlite as Sqlite).DatabaseSync(path);
      db.exec(`
      CREATE TABLE config_storage (namespace VARCHAR NOT NULL, config_name VARCHAR NOT NULL,
        config_data_json VARCHAR NOT NULL, PRIMARY KEY (namespace, config_name));
      CREATE TABLE token_storage (namespace VARCHAR NOT NULL, resource_server VARCHAR NOT NULL,
        token_data_json VARCHAR NOT NULL, PRIMARY KEY (namespace, resource_server));
      CREATE TABLE sdk_storage_adapter_internal (attribute VARCHAR NOT NULL,
        value VARCHAR NOT NULL, PRIMARY KEY (attribute));
      INSERT INTO sdk_storage_adapter_internal VALUES ('globus-sdk.database_schema_version', '1');
      INSERT INTO config_storage VALUES ('DEFAULT', 'cfg', '{"k": 1}');`);
      db.prepare("INSERT INTO token_storage VALUES (?, ?, ?)").run(
        "DEFAULT",
        "auth.globus.org",
        JSON.stringify({
          scope: "openid",
          access_token: "OLD-AT",
          refresh_token: "OLD-RT",
          token_type: "Bearer",
          expires_at_seconds: 1900000000,
          resource_server: "auth.globus.org",
        }),
      );
      db.close();
      const s = new SQLiteTokenStorage(path);
      assert.equal(
        (await s.getTokenData("auth.globus.org"))?.refresh_token,
        "OLD-RT",
      );
      await s.storeTokenDataByResourceServer({ "b.example.org": rec("b") });
      await s.close();
      assert.deepEqual(
        rows(path, "SELECT config_data_json FROM config_storage"),
        [
          { config_data_json: '{"k": 1}' },
        ],
      );
    });
  },
);

test("SQLiteTokenStorage keeps namespaces apart and round-trips extra fields", {
  skip: noSqlite,
}, async () => {
  await inTempDir(async (dir) => {
    const path = join(dir, "tokens.db");
    const a = new SQLiteTokenStorage(path);
    const b = new SQLiteTokenStorage(path, { namespace: "profile-b" });
    const withExtra = {
      ...rec("x.example.org"),
      extra: { note: "kept", nested: { n: 1 } },
    };
    await a.storeTokenDataByResourceServer({ "x.example.org": withExtra });
    await b.storeTokenDataByResourceServer({ "y.example.org": rec("y") });
    assert.deepEqual(Object.keys(await a.getTokenDataByResourceServer()), [
      "x.example.org",
    ]);
    assert.deepEqual(Object.keys(await b.getTokenDataByResourceServer()), [
      "y.example.org",
    ]);
    assert.deepEqual(plain(await a.getTokenData("x.example.org")), withExtra);
    assert.equal(await b.removeTokenData("x.example.org"), false);
    assert.equal(await a.removeTokenData("x.example.org"), true);
    assert.deepEqual(await a.getTokenDataByResourceServer(), {});
    assert.ok(await b.getTokenData("y.example.org"));
    await a.close();
    await b.close();
  });
});

test(
  "SQLiteTokenStorage creates the database 0600 in a 0700 directory, and leaves no other file",
  {
    skip: noSqlite || (isWindows ? "POSIX modes" : false),
  },
  async () => {
    await inTempDir(async (dir) => {
      const path = join(dir, "deeper", "tokens.db");
      const s = new SQLiteTokenStorage(path);
      await s.storeTokenDataByResourceServer({ "a.example.org": rec("a") });
      await s.close();
      assert.equal((await stat(path)).mode & 0o777, 0o600);
      assert.equal((await stat(join(dir, "deeper"))).mode & 0o777, 0o700);
      assert.deepEqual(await readdir(join(dir, "deeper")), ["tokens.db"]);
    });
  },
);

test("a file that is not a token database is refused and left as it was", {
  skip: noSqlite,
}, async () => {
  await inTempDir(async (dir) => {
    const notDb = join(dir, "notes.db");
    await writeFile(notDb, "these are my notes, not a database\n".repeat(40));
    const before = await readFile(notDb);
    const s = new SQLiteTokenStorage(notDb);
    for (
      const op of [
        () => s.getTokenDataByResourceServer(),
        () => s.storeTokenDataByResourceServer({ "a.example.org": rec("a") }),
      ]
    ) {
      await assert.rejects(op, (e: unknown) =>
        e instanceof TokenStorageError &&
        /is not a valid token database: it is not a SQLite database/.test(
          e.message,
        ) && /left untouched/.test(e.message));
    }
    assert.deepEqual(await readFile(notDb), before);

    const other = join(dir, "other.db");
    const db = new (sqlite as Sqlite).DatabaseSync(other);
    db.exec("CREATE TABLE photos (name TEXT)");
    db.close();
    const otherBefore = await readFile(other);
    await assert.rejects(
      () =>
        new SQLiteTokenStorage(other).storeTokenDataByResourceServer({
          "a.example.org": rec("a"),
        }),
      /a SQLite database without a token_storage table/,
    );
    assert.deepEqual(await readFile(other), otherBefore);
  });
});

test(
  "a damaged row is reported without its tokens, and records never show tokens when inspected",
  {
    skip: noSqlite,
  },
  async () => {
    await inTempDir(async (dir) => {
      const path = join(dir, "tokens.db");
      const s = new SQLiteTokenStorage(path);
      await s.storeTokenDataByResourceServer({
        "a.example.org": tokenRecord("a.example.org", {
          tokenPrefix: "SECRET-",
        }),
      });
      const shown = inspect(await s.getTokenData("a.example.org"));
      assert.ok(!shown.includes("SECRET-"), shown);
      await s.close();
      const db = new (sqlite as Sqlite).DatabaseSync(path);
      db.prepare("UPDATE token_storage SET token_data_json = ?").run(
        '{"access_token": "SECRET-TRUNCATED',
      );
      db.close();
      await assert.rejects(
        () => new SQLiteTokenStorage(path).getTokenData("a.example.org"),
        (e: unknown) =>
          e instanceof TokenStorageError &&
          /the entry for 'a\.example\.org' in namespace 'DEFAULT' is not JSON/
            .test(e.message) &&
          !e.message.includes("SECRET") && !inspect(e).includes("SECRET"),
      );
    });
  },
);

test("a token database that is a symbolic link is refused", {
  skip: noSqlite || (isWindows ? "symlinks need privileges" : false),
}, async () => {
  await inTempDir(async (dir) => {
    const real = join(dir, "real.db");
    await new SQLiteTokenStorage(real).storeTokenDataByResourceServer({
      "a.example.org": rec("a"),
    });
    const link = join(dir, "tokens.db");
    await symlink(real, link);
    await assert.rejects(
      () => new SQLiteTokenStorage(link).getTokenDataByResourceServer(),
      /is a symbolic link/,
    );
  });
});

test("a read-only token database is not written", {
  skip: noSqlite || (isWindows ? "POSIX modes" : false),
}, async () => {
  await inTempDir(async (dir) => {
    const path = join(dir, "tokens.db");
    const s = new SQLiteTokenStorage(path);
    await s.storeTokenDataByResourceServer({ "a.example.org": rec("a") });
    await chmod(path, 0o400);
    await assert.rejects(
      () => s.storeTokenDataByResourceServer({ "b.example.org": rec("b") }),
      /is read-only, so new tokens cannot be saved\. Make it writable \(chmod 600/,
    );
    assert.deepEqual(Object.keys(await s.getTokenDataByResourceServer()), [
      "a.example.org",
    ]);
    await s.close();
  });
});

test(
  "deleting the database while it is open logs out: the next read finds no tokens",
  {
    skip: noSqlite,
  },
  async () => {
    await inTempDir(async (dir) => {
      const path = join(dir, "tokens.db");
      const s = new SQLiteTokenStorage(path);
      await s.storeTokenDataByResourceServer({ "a.example.org": rec("a") });
      assert.ok(await s.getTokenData("a.example.org"));
      await rm(path);
      assert.deepEqual(await s.getTokenDataByResourceServer(), {});
      await s.storeTokenDataByResourceServer({ "b.example.org": rec("b") });
      assert.deepEqual(Object.keys(await s.getTokenDataByResourceServer()), [
        "b.example.org",
      ]);
      await s.close();
    });
  },
);

test("an empty path or ':memory:' is refused with the storage to use", () => {
  assert.throws(() => new SQLiteTokenStorage(""), /non-empty string/);
  assert.throws(
    () => new SQLiteTokenStorage(":memory:"),
    /use MemoryTokenStorage \(tokenStorage: "memory"\)/,
  );
});

test("concurrent writes in one process never lose an update", {
  skip: noSqlite,
}, async () => {
  await inTempDir(async (dir) => {
    const path = join(dir, "tokens.db");
    const one = new SQLiteTokenStorage(path);
    const two = new SQLiteTokenStorage(path);
    await Promise.all(
      Array.from(
        { length: 30 },
        (_, i) =>
          (i % 2 ? one : two).storeTokenDataByResourceServer({
            [`rs${i}.example.org`]: rec(`rs${i}.example.org`),
          }),
      ),
    );
    assert.equal(
      Object.keys(await one.getTokenDataByResourceServer()).length,
      30,
    );
    await one.close();
    await two.close();
  });
});

const writerScript = fileURLToPath(
  new URL(isDeno ? "./_writer.ts" : "./_writer.js", import.meta.url),
);

function runWriter(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const argv = isDeno
      ? ["run", "-A", writerScript, ...args]
      : [writerScript, ...args];
    const child = spawn(process.execPath, argv, {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let err = "";
    child.stderr.on("data", (d) => err += d);
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code === 0) resolve();
      else reject(new Error(`writer exited ${code}: ${err}`));
    });
  });
}

/** Python writing rows of its own the way the Python SDK does, meanwhile. */
const PYTHON_LOOP = `
import json, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], timeout=30)
for i in range(20):
    rs = "py-%d.example.org" % i
    conn.execute("REPLACE INTO token_storage(namespace, resource_server, token_data_json) VALUES(?, ?, ?)",
                 ("DEFAULT", rs, json.dumps({"resource_server": rs, "scope": "s", "access_token": "PY",
                                             "expires_at_seconds": 1900000000})))
    conn.commit()
`;

test("writer processes (and Python) sharing a database never lose an update", {
  skip: noSqlite,
}, async () => {
  await inTempDir(async (dir) => {
    const path = join(dir, "tokens.db");
    await new SQLiteTokenStorage(path).storeTokenDataByResourceServer({
      "first.example.org": rec("first.example.org"),
    });
    const pythonRun = noPython ? Promise.resolve() : new Promise<void>(
      (resolve, reject) => {
        const child = spawn(PYTHON, ["-c", PYTHON_LOOP, path]);
        let err = "";
        child.stderr.on("data", (d) => err += d);
        child.on(
          "exit",
          (code) =>
            code === 0 ? resolve() : reject(new Error(`python: ${err}`)),
        );
      },
    );
    await Promise.all([
      ...Array.from(
        { length: 4 },
        (_, i) => runWriter([path, `w${i}.example.org`, "many"]),
      ),
      pythonRun,
    ]);
    const keys = Object.keys(
      await new SQLiteTokenStorage(path).getTokenDataByResourceServer(),
    );
    const expected = 1 + 4 * 20 + (noPython ? 0 : 20);
    assert.equal(keys.length, expected, `rows: ${keys.sort().join(" ")}`);
    for (let w = 0; w < 4; w++) {
      for (let i = 0; i < 20; i++) {
        assert.ok(keys.includes(`w${w}.example.org-${i}`));
      }
    }
  });
});

test(
  "SQLiteTokenStorage.fileExists is Python's file_exists(): false before the first write, true after",
  {
    skip: noSqlite,
  },
  async () => {
    await inTempDir(async (dir) => {
      const s = new SQLiteTokenStorage(join(dir, "tokens.db"));
      assert.equal(await s.fileExists(), false);
      await s.storeTokenDataByResourceServer({ "x.example.org": rec("x") });
      assert.equal(await s.fileExists(), true);
      await s.close();
    });
  },
);

test(
  "SQLiteTokenStorage: resource servers named like object built-ins (constructor, __proto__) are ordinary names",
  { skip: noSqlite },
  async () => {
    await inTempDir(async (dir) => {
      const path = join(dir, "tokens.db");
      const s = new SQLiteTokenStorage(path, { namespace: "constructor" });
      assert.equal(await s.getTokenData("constructor"), null);
      assert.equal(await s.getTokenData("toString"), null);
      await s.storeTokenDataByResourceServer({
        ["__proto__"]: rec("__proto__"), // computed: an own key
        "a.example.org": rec("a.example.org"),
      });
      await s.close();
      const again = new SQLiteTokenStorage(path, { namespace: "constructor" });
      assert.equal(
        (await again.getTokenData("__proto__"))?.resource_server,
        "__proto__",
      );
      assert.deepEqual(
        Object.keys(await again.getTokenDataByResourceServer()).sort(),
        ["__proto__", "a.example.org"],
      );
      await again.close();
    });
  },
);

test(
  "a token database others may read (Python's sqlite3 makes one 0644) is made 0600 before tokens go in (they were written into it as it was)",
  {
    skip: noSqlite || (isWindows ? "POSIX modes" : false),
  },
  async () => {
    await inTempDir(async (dir) => {
      const path = join(dir, "tokens.db");
      const first = new SQLiteTokenStorage(path);
      await first.storeTokenDataByResourceServer({
        "transfer.api.globus.org": rec("transfer.api.globus.org", 1),
      });
      await first.close();
      const { chmod, stat } = await import("node:fs/promises");
      await chmod(path, 0o644);
      const again = new SQLiteTokenStorage(path);
      await again.storeTokenDataByResourceServer({
        "transfer.api.globus.org": rec("transfer.api.globus.org", 2),
      });
      assert.equal((await stat(path)).mode & 0o777, 0o600);
      await again.close();
    });
  },
);
