import { test } from "node:test";
import assert from "node:assert/strict";
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
