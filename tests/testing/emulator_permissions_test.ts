/**
 * README "Deno permissions": the emulator runs with the permissions its
 * row lists (`--allow-net=127.0.0.1 --allow-read --allow-write`), without
 * `--allow-env` — also when it makes its own temporary root folder.
 * Deno-only: checks Deno's permission model in a child process.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { isDeno } from "../../src/core/runtime.ts";

// deno-lint-ignore no-explicit-any
const D = (globalThis as any).Deno;
const skip = !isDeno ? "Deno-only: checks Deno's permission model" : false;

/** Runs the README's hello_globus probe with `flags`; its output. */
async function probeWith(
  flags: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; text: string }> {
  const probe = fileURLToPath(
    new URL("./_emulator_probe.ts", import.meta.url),
  );
  const out = await new D.Command(D.execPath(), {
    args: ["run", "--no-prompt", ...flags, probe],
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code: out.code,
    text: new TextDecoder().decode(out.stdout) +
      new TextDecoder().decode(out.stderr),
  };
}

test(
  "without read or write access to the temporary folder, startEmulator() names the folder and the flags (it was Deno's 'Requires write access to <TMP>')",
  { skip },
  async () => {
    const src = fileURLToPath(new URL("../../src/", import.meta.url));
    const tests = fileURLToPath(new URL("../", import.meta.url));
    const base = ["--allow-net=127.0.0.1", `--allow-read=${src},${tests}`];
    let flags: string[] = [];
    for (const extra of [[], ["--allow-write"]]) {
      const { code, text } = await probeWith([...base, ...extra]);
      assert.notEqual(code, 0, text);
      const m = text.match(
        /Cannot start the emulator: Deno denied (?:read|write) access to \S+, where it keeps its collections' files\. Run with (--allow-read=\S+) (--allow-write=\S+) \(or give it a folder you allow: startEmulator\(\{ root \}\), scripts\/emulator\.ts --root\)/,
      );
      assert.ok(m, text);
      flags = [m[1]!, m[2]!];
    }
    // Those flags, as said, are enough (they left out the package's own
    // files, which the worker thread loads, and failed again there).
    const { code, text } = await probeWith(["--allow-net=127.0.0.1", ...flags]);
    assert.equal(code, 0, text);
    assert.match(text, /^LISTED 3$/m);
  },
);

test(
  "startEmulator() without a root runs with the README's permissions: no --allow-env needed",
  {
    skip,
  },
  async () => {
    const probe = fileURLToPath(
      new URL("./_emulator_probe.ts", import.meta.url),
    );
    const out = await new D.Command(D.execPath(), {
      args: [
        "run",
        "--no-prompt",
        "--allow-net=127.0.0.1",
        "--allow-read",
        "--allow-write",
        probe,
      ],
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(out.stdout) +
      new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 0, text);
    assert.match(text, /^LISTED 3$/m);
  },
);

test(
  "a checkout inside the temporary folder whose worker module may not be read: the message names the package's folder, not the temporary folder",
  { skip },
  async () => {
    const checkout = fileURLToPath(new URL("../../", import.meta.url))
      .replace(/\/$/, "");
    // The checkout is in the temporary folder (as a CI clone in /tmp is).
    const tmp = dirname(checkout);
    const { code, text } = await probeWith([
      "--allow-net=127.0.0.1",
      "--allow-env=TMPDIR",
      `--allow-read=${checkout}`,
      `--allow-write=${tmp}`,
      // Read access to src/ is there (checked before the worker starts),
      // but the worker's own module is refused.
      `--deny-read=${checkout}/src/testing/emulator_worker.ts`,
    ], { TMPDIR: tmp });
    assert.notEqual(code, 0, text);
    assert.ok(
      text.includes(
        `The emulator's worker thread loads the package's own files: run with --allow-read=${checkout} (or --allow-read)`,
      ),
      text,
    );
    // It said the emulator's folder was refused: "Deno denied read access
    // to <tmp>, where it keeps its collections' files".
    assert.doesNotMatch(text, /where it keeps its collections' files/, text);
  },
);

test(
  "without --allow-env, the message names the temporary folder TMPDIR gives (it named /tmp), and its flags start the emulator",
  { skip },
  async () => {
    const src = fileURLToPath(new URL("../../src/", import.meta.url));
    const tests = fileURLToPath(new URL("../", import.meta.url));
    const tmp = await mkdtemp(join(tmpdir(), "emulator-tmpdir-"));
    try {
      const { code, text } = await probeWith([
        "--allow-net=127.0.0.1",
        `--allow-read=${src},${tests}`,
        `--allow-write=${tmp}`,
      ], { TMPDIR: tmp });
      assert.notEqual(code, 0, text);
      const m = text.match(
        /Cannot start the emulator: Deno denied read access to (\S+), where it keeps its collections' files\. Run with (--allow-read=\S+) (--allow-write=\S+)/,
      );
      assert.ok(m, text);
      assert.equal(m[1], tmp, text);
      const ok = await probeWith(
        ["--allow-net=127.0.0.1", m[2]!, m[3]!],
        { TMPDIR: tmp },
      );
      assert.equal(ok.code, 0, ok.text);
      assert.match(ok.text, /^LISTED 3$/m);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  },
);

test(
  "a start refused read access to the temporary folder leaves no globus-emulator-* folder behind (the cleanup could not read the one it made)",
  { skip },
  async () => {
    const src = fileURLToPath(new URL("../../src/", import.meta.url));
    const tests = fileURLToPath(new URL("../", import.meta.url));
    const tmp = await mkdtemp(join(tmpdir(), "emulator-tmpdir-"));
    try {
      for (const env of [[], ["--allow-env"]]) {
        const { code, text } = await probeWith([
          "--allow-net=127.0.0.1",
          `--allow-read=${src},${tests}`,
          `--allow-write=${tmp}`,
          ...env,
        ], { TMPDIR: tmp });
        assert.notEqual(code, 0, text);
        assert.match(
          text,
          /Cannot start the emulator: Deno denied read access to \S+, where it keeps its collections' files/,
        );
        assert.deepEqual(await readdir(tmp), [], `${env.join(" ")}: ${text}`);
      }
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  },
);
