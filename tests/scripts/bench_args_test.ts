import { test } from "node:test";
import assert from "node:assert/strict";
import { isDeno } from "../../src/core/runtime.ts";

const denoOnly = { skip: isDeno ? false : "the benchmarks run under Deno" };

async function bench(
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  // deno-lint-ignore no-explicit-any
  const D = (globalThis as any).Deno;
  const main = new URL("../../bench/main.ts", import.meta.url).pathname;
  const out = await new D.Command(D.execPath(), {
    args: ["run", "-A", main, ...args],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

test(
  "deno task bench --help prints the usage and runs nothing",
  denoOnly,
  async () => {
    const r = await bench("--help");
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Usage: deno task bench \[--quick\] \[section…\]/);
    assert.match(r.stdout, /overhead, coldstart, paging/);
    assert.doesNotMatch(r.stdout + r.stderr, /Benchmark|emulator at/i);
  },
);

test(
  "an unknown bench option is an error naming it, with the usage",
  denoOnly,
  async () => {
    const r = await bench("--quik");
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Unknown option '--quik'/);
    assert.match(r.stderr, /Usage: deno task bench/);
    assert.equal(r.stdout, "");
  },
);
