import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AbortedError,
  ContentMismatchError,
  copyFileTo,
  type CopyOptions,
  sameContent,
  SMALL_FILE_BYTES,
} from "../../src/testing/file_ops.ts";

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "file-ops-"));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function pattern(size: number, salt = 0): Uint8Array {
  const data = new Uint8Array(size);
  for (let i = 0; i < size; i++) data[i] = (i * 7919 + salt) & 0xff;
  return data;
}

function options(over: Partial<CopyOptions> = {}): CopyOptions & {
  written: number[];
} {
  const written: number[] = [];
  return {
    signal: new AbortController().signal,
    bytesPerSecond: null,
    hashAlgorithm: null,
    verify: false,
    onBytes: (n) => written.push(n),
    written,
    ...over,
  };
}

const sha256 = (d: Uint8Array) => createHash("sha256").update(d).digest("hex");

// Sizes around each path's edges: empty, small (blocking calls), exactly the
// small limit, one byte over it, and several 4 MiB chunks plus a tail.
const SIZES = [0, 1, 65_536, SMALL_FILE_BYTES, SMALL_FILE_BYTES + 1, 9_000_001];

for (const size of SIZES) {
  test(`copyFileTo copies ${size} bytes exactly, hashed and verified`, async () => {
    await withDir(async (dir) => {
      const data = pattern(size);
      const src = join(dir, "src.bin");
      const dst = join(dir, "dst.bin");
      await writeFile(src, data);
      // An older, longer destination must be truncated, not kept in part.
      await writeFile(dst, pattern(size + 5000, 3));
      const o = options({
        hashAlgorithm: "sha256",
        verify: true,
        sizeHint: size,
      });
      const digest = await copyFileTo(src, dst, o);
      assert.equal(digest, sha256(data));
      assert.deepEqual(new Uint8Array(await readFile(dst)), data);
      assert.equal(o.written.reduce((a, b) => a + b, 0), size);
    });
  });
}

test("copyFileTo without a size hint or with a throttle takes the chunked path", async () => {
  await withDir(async (dir) => {
    const data = pattern(200_000);
    const src = join(dir, "src.bin");
    await writeFile(src, data);
    for (const bps of [null, 1_000_000]) {
      const dst = join(dir, `dst-${bps}.bin`);
      const o = options({ bytesPerSecond: bps, verify: true });
      assert.equal(await copyFileTo(src, dst, o), null);
      assert.deepEqual(new Uint8Array(await readFile(dst)), data);
      // A throttle splits the file into chunks of a tenth of a second.
      assert.deepEqual(o.written, bps ? [100_000, 100_000] : [200_000]);
    }
  });
});

test("a slow throttle counts a small file's bytes as they are copied, not all at its end", async () => {
  await withDir(async (dir) => {
    const data = pattern(4);
    const src = join(dir, "src.bin");
    await writeFile(src, data);
    const dst = join(dir, "dst.bin");
    // 20 bytes/s: two bytes a tenth of a second.
    const o = options({ bytesPerSecond: 20, verify: true, sizeHint: 4 });
    assert.equal(await copyFileTo(src, dst, o), null);
    assert.deepEqual(new Uint8Array(await readFile(dst)), data);
    assert.deepEqual(o.written, [2, 2]);
  });
});

test("copyFileTo reads a file that grew after its stat to the end", async () => {
  await withDir(async (dir) => {
    const data = pattern(300_000);
    const src = join(dir, "src.bin");
    await writeFile(src, data);
    const dst = join(dir, "dst.bin");
    // The stat said 1000 bytes; the file now holds 300,000.
    const o = options({ verify: true, sizeHint: 1000, hashAlgorithm: "md5" });
    const digest = await copyFileTo(src, dst, o);
    assert.deepEqual(new Uint8Array(await readFile(dst)), data);
    assert.equal(digest, createHash("md5").update(data).digest("hex"));
  });
});

test("verify catches a destination that reads back different", async () => {
  await withDir(async (dir) => {
    const data = pattern(6_000_000);
    const src = join(dir, "src.bin");
    await writeFile(src, data);
    const dst = join(dir, "dst.bin");
    // A write that silently flips one byte of the second chunk.
    const write: CopyOptions["write"] = async (fh, chunk, position) => {
      const bad = new Uint8Array(chunk); // a copy (Buffer#slice is a view)
      if (position > 0) bad[10] = (bad[10]! + 1) & 0xff;
      await fh.write(bad, 0, bad.length, position);
    };
    const o = options({ verify: true, write });
    const err = await copyFileTo(src, dst, o).catch((e) => e);
    assert.ok(err instanceof ContentMismatchError, String(err));
    assert.equal(err.offset, 4 << 20);
    // Without verify the same corruption goes unnoticed.
    const dst2 = join(dir, "dst2.bin");
    await copyFileTo(src, dst2, options({ write }));
    assert.notDeepEqual(new Uint8Array(await readFile(dst2)), data);
  });
});

test("copyFileTo stops with AbortedError when canceled", async () => {
  await withDir(async (dir) => {
    const src = join(dir, "src.bin");
    await writeFile(src, pattern(10));
    const o = options({ signal: AbortSignal.abort(), sizeHint: 10 });
    await assert.rejects(copyFileTo(src, join(dir, "d"), o), AbortedError);
    // Aborted between chunks of a throttled copy.
    const ac = new AbortController();
    await writeFile(src, pattern(50_000));
    const slow = options({
      signal: ac.signal,
      bytesPerSecond: 20_000,
      onBytes: () => ac.abort(),
    });
    await assert.rejects(copyFileTo(src, join(dir, "e"), slow), AbortedError);
  });
});

test("sameContent compares bytes across chunk boundaries", async () => {
  await withDir(async (dir) => {
    const size = 9_000_001;
    const a = join(dir, "a");
    const b = join(dir, "b");
    await writeFile(a, pattern(size));
    await writeFile(b, pattern(size));
    const signal = new AbortController().signal;
    assert.equal(await sameContent(a, b, signal), true);
    const last = pattern(size);
    last[size - 1] = (last[size - 1]! + 1) & 0xff;
    await writeFile(b, last);
    assert.equal(await sameContent(a, b, signal), false);
    await writeFile(b, pattern(size - 1));
    assert.equal(await sameContent(a, b, signal), false);
    await writeFile(a, new Uint8Array(0));
    await writeFile(b, new Uint8Array(0));
    assert.equal(await sameContent(a, b, signal), true);
    await assert.rejects(sameContent(a, b, AbortSignal.abort()), AbortedError);
  });
});
