import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashFile } from "../../src/testing/file_ops.ts";

test("hashFile gives the same digest streamed or read at once (small-file path)", async () => {
  const dir = await mkdtemp(join(tmpdir(), "hash-"));
  try {
    const data = new Uint8Array(300_000).map((_, i) => (i * 7919) & 0xff);
    const path = join(dir, "f.bin");
    await writeFile(path, data);
    const expected = createHash("sha256").update(data).digest("hex");
    const signal = new AbortController().signal;
    assert.equal(await hashFile(path, "sha256", signal), expected);
    assert.equal(await hashFile(path, "sha256", signal, data.length), expected);
    // A wrong (stale) size hint still hashes the whole file.
    assert.equal(await hashFile(path, "sha256", signal, 10), expected);
    const aborted = AbortSignal.abort();
    await assert.rejects(hashFile(path, "sha256", aborted, data.length));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
