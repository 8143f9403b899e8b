import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import process from "node:process";
import {
  defaultTokenFilePath,
  slugifyAppName,
} from "../../src/tokens/default_path.ts";
import { homeDir } from "../../src/core/runtime.ts";

test("slugifyAppName matches the Python SDK's rules", () => {
  assert.equal(slugifyAppName("My App"), "my-app");
  assert.equal(slugifyAppName("a. b"), "a--b");
  assert.equal(slugifyAppName('a<b>c:d"e/f\\g|h?i*j'), "a+b+c+d+e+f+g+h+i+j");
  assert.equal(slugifyAppName("a\u0000b\tc"), "abc");
  assert.equal(slugifyAppName("My App: v1.0"), "my-app+-v1-0");
  assert.throws(() => slugifyAppName("CON"), TypeError);
  assert.throws(() => slugifyAppName("lpt1"), TypeError);
  assert.throws(() => slugifyAppName("\u0001"), TypeError);
});

test(
  "defaultTokenFilePath is ~/.globus/app/{clientId}/{slug}/tokens.json, env-prefixed outside production",
  {
    skip: process.platform === "win32" ? "POSIX layout" : false,
  },
  () => {
    const home = homeDir();
    if (!home) return;
    assert.equal(
      defaultTokenFilePath("cid", "My App", "production"),
      join(home, ".globus", "app", "cid", "my-app", "tokens.json"),
    );
    assert.equal(
      defaultTokenFilePath("cid", "My App", "sandbox"),
      join(home, ".globus", "app", "cid", "my-app", "sandbox-tokens.json"),
    );
    // The emulator's environment name, as the Python SDK names it.
    assert.equal(
      defaultTokenFilePath("cid", "My App", "emulator"),
      join(home, ".globus", "app", "cid", "my-app", "emulator-tokens.json"),
    );
    // A SQLite database, as the Python SDK's SQLiteTokenStorage names it.
    assert.equal(
      defaultTokenFilePath("cid", "My App", "production", "db"),
      join(home, ".globus", "app", "cid", "my-app", "tokens.db"),
    );
    assert.equal(
      defaultTokenFilePath("cid", "My App", "sandbox", "db"),
      join(home, ".globus", "app", "cid", "my-app", "sandbox-tokens.db"),
    );
    assert.throws(
      () => defaultTokenFilePath("cid", "x", "production", "yaml" as "db"),
      /'format' must be "json" or "db"/,
    );
    const saved = process.env.GLOBUS_SDK_ENVIRONMENT;
    process.env.GLOBUS_SDK_ENVIRONMENT = "emulator";
    try {
      assert.equal(
        defaultTokenFilePath("cid", "My App"),
        join(home, ".globus", "app", "cid", "my-app", "emulator-tokens.json"),
      );
    } finally {
      if (saved === undefined) delete process.env.GLOBUS_SDK_ENVIRONMENT;
      else process.env.GLOBUS_SDK_ENVIRONMENT = saved;
    }
    assert.throws(
      () => defaultTokenFilePath("cid", "x", "../elsewhere"),
      RangeError,
    );
  },
);

test(
  "with HOME unset (cron, env -i, a systemd service without User=) the token file is in the home the password database names, as Python's expanduser('~') gives (it was refused)",
  {
    skip: process.platform === "win32" ? "POSIX layout" : false,
  },
  async () => {
    const { userInfo } = await import("node:os");
    const before = {
      HOME: process.env.HOME,
      USERPROFILE: process.env.USERPROFILE,
    };
    try {
      delete process.env.HOME;
      delete process.env.USERPROFILE;
      assert.equal(
        defaultTokenFilePath("cid", "My App", "production"),
        join(
          userInfo().homedir,
          ".globus",
          "app",
          "cid",
          "my-app",
          "tokens.json",
        ),
      );
    } finally {
      for (const [k, v] of Object.entries(before)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  },
);

test(
  "with HOME unset and Deno not allowed to read the password database's home (no --allow-sys), the error says to set HOME, not to add --allow-env=HOME it already has",
  {
    skip: process.platform === "win32"
      ? "POSIX layout"
      : !("Deno" in globalThis)
      ? "Deno's permissions"
      : false,
  },
  async () => {
    const { spawnSync } = await import("node:child_process");
    const module = new URL("../../src/tokens/default_path.ts", import.meta.url)
      .href;
    const code =
      `import { defaultTokenFilePath } from ${JSON.stringify(module)};\n` +
      `try { defaultTokenFilePath("cid", "My App", "production"); console.log("no error"); }\n` +
      "catch (e) { console.log(e.name + ': ' + e.message); }\n";
    // `deno eval` allows everything: a script file, run with no --allow-sys.
    const { mkdtempSync, rmSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(join(tmpdir(), "globus-no-home-"));
    const script = join(dir, "probe.ts");
    writeFileSync(script, code);
    // Through env(1): Deno's spawn adds the parent's variables to `env`.
    const out = spawnSync("env", [
      "-u",
      "HOME",
      "-u",
      "USERPROFILE",
      process.execPath,
      "run",
      "--no-prompt",
      "--no-config",
      "--allow-env",
      "--allow-read",
      script,
    ], { encoding: "utf-8" });
    rmSync(dir, { recursive: true, force: true });
    const text = `${out.stdout}${out.stderr}`;
    assert.match(
      text,
      /TokenStorageError: Cannot find the home directory for the token file ~\/\.globus\/app\/cid\/my-app\/tokens\.json: HOME is not set: set it \(export HOME=/,
    );
    assert.match(text, /config\.tokenStorage/);
    assert.doesNotMatch(text, /--allow-env/);
  },
);
