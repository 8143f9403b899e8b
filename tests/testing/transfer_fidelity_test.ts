/**
 * Transfers the emulator must not get wrong on disk, found by a data
 * manager's walk-through: a file onto itself, symbolic links in the
 * destination that lead outside the collection, a folder copied into its
 * own subfolder, clashes over a path's type, and a symbolic link given as
 * an item.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
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
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { startEmulator } from "../../src/testing/emulator.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { TransferData } from "../../src/transfer/transfer_data.ts";

const SRC = "5a1e0000-0000-4000-8000-00000000000a";
const DST = "5a1e0000-0000-4000-8000-00000000000b";

/** An emulator with two collections, their folders, and a client. */
async function setup(files: Record<string, string>) {
  const root = await mkdtemp(join(tmpdir(), "emulator-fidelity-"));
  const emu = await startEmulator({
    root,
    collections: [
      { id: SRC, displayName: "src", files },
      { id: DST, displayName: "dst", files: { "/keep.txt": "k" } },
    ],
  });
  const tokens = await emu.mintTokens(TransferClient.scopes.all);
  const tc = new TransferClient({
    authorizer: new AccessTokenAuthorizer(tokens.access_token),
    baseUrl: emu.transferUrl,
  });
  const run = async (doc: TransferData) => {
    const { task_id } = await tc.submitTransfer(doc);
    await tc.taskWait(task_id, {
      timeoutS: 60,
      pollingIntervalS: 1,
      progress: false,
    });
    const task = await tc.getTask(task_id);
    const events = (await tc.taskEventList(task_id).toArray()).map((e) =>
      `${e.code} ${e.details}`
    );
    return { task, events };
  };
  return {
    emu,
    tc,
    run,
    srcDir: join(root, SRC),
    dstDir: join(root, DST),
    close: async () => {
      await emu.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

const transfer = (from: string, to: string) =>
  new TransferData({ sourceEndpoint: from, destinationEndpoint: to });

test("a file transferred onto itself is refused and left whole (it was emptied, and the task SUCCEEDED)", async () => {
  const big = "x".repeat(3_000_000);
  const s = await setup({ "/large.bin": big, "/small.txt": "precious" });
  try {
    for (const name of ["large.bin", "small.txt"]) {
      const { task, events } = await s.run(
        transfer(SRC, SRC).addItem(`/${name}`, `/${name}`),
      );
      assert.equal(task.status, "FAILED");
      assert.equal(task.fatal_error?.code, "ENDPOINT_ERROR");
      assert.ok(
        events.some((e) =>
          e.includes(`'/${name}' and '/${name}' are the same file`)
        ),
        events.join("\n"),
      );
    }
    assert.equal((await stat(join(s.srcDir, "large.bin"))).size, 3_000_000);
    assert.equal(
      await readFile(join(s.srcDir, "small.txt"), "utf8"),
      "precious",
    );
  } finally {
    await s.close();
  }
});

test("a recursive transfer writes nothing through a destination's symbolic link that leads outside the collection", async () => {
  const s = await setup({ "/d/victim.txt": "new", "/d/sub/new.txt": "n" });
  const outside = await mkdtemp(join(tmpdir(), "emulator-outside-"));
  try {
    await writeFile(join(outside, "victim.txt"), "ORIGINAL");
    await mkdir(join(s.dstDir, "o"));
    await symlink(
      join(outside, "victim.txt"),
      join(s.dstDir, "o", "victim.txt"),
    );
    await symlink(outside, join(s.dstDir, "o", "sub"));
    const { task, events } = await s.run(
      transfer(SRC, DST).addItem("/d/", "/o/", { recursive: true }),
    );
    assert.equal(task.status, "FAILED");
    assert.equal(task.fatal_error?.code, "PERMISSION_DENIED");
    assert.ok(
      events.some((e) => /leads outside the collection/.test(e)),
      events.join("\n"),
    );
    assert.equal(
      await readFile(join(outside, "victim.txt"), "utf8"),
      "ORIGINAL",
    );
    assert.deepEqual(await readdir(outside), ["victim.txt"]);
  } finally {
    await s.close();
    await rm(outside, { recursive: true, force: true });
  }
});

test("a folder copied into its own subfolder is copied once (it nested itself hundreds of times)", async () => {
  const s = await setup({ "/d/a.txt": "a" });
  try {
    const { task } = await s.run(
      transfer(SRC, SRC).addItem("/d/", "/d/copy/", { recursive: true }),
    );
    assert.equal(task.status, "SUCCEEDED");
    assert.deepEqual((await readdir(join(s.srcDir, "d"))).sort(), [
      "a.txt",
      "copy",
    ]);
    assert.deepEqual(await readdir(join(s.srcDir, "d", "copy")), ["a.txt"]);
  } finally {
    await s.close();
  }
});

test("clashes over a path's type fail as ENDPOINT_ERROR in the collection's terms, never with the emulator's host path", async () => {
  const s = await setup({ "/d/a.txt": "a", "/f.txt": "f" });
  try {
    await writeFile(join(s.dstDir, "isfile"), "x");
    await mkdir(join(s.dstDir, "isdir"));
    const cases = [
      [
        transfer(SRC, DST).addItem("/d/", "/isfile/", { recursive: true }),
        "'/isfile' (or a folder above it) is a file, where a directory is needed",
      ],
      [
        transfer(SRC, DST).addItem("/f.txt", "/isdir"),
        "'/isdir' is a directory: a file's destination must not be an existing directory",
      ],
    ] as const;
    for (const [doc, says] of cases) {
      const { task, events } = await s.run(doc);
      assert.equal(task.status, "FAILED");
      assert.equal(task.fatal_error?.code, "ENDPOINT_ERROR");
      const text = events.join("\n");
      assert.ok(text.includes(says), text);
      assert.ok(!text.includes(s.dstDir), text);
    }
  } finally {
    await s.close();
  }
});

test("a symbolic link given as an item is followed, its target's content copied (nothing was copied, and the task SUCCEEDED)", async () => {
  const s = await setup({ "/other/target.txt": "T" });
  try {
    await mkdir(join(s.srcDir, "data"));
    await symlink("../other/target.txt", join(s.srcDir, "data", "link.txt"));
    const { task } = await s.run(
      transfer(SRC, DST).addItem("/data/link.txt", "/out/link.txt"),
    );
    assert.equal(task.status, "SUCCEEDED");
    assert.equal(task.files_transferred, 1);
    assert.equal(
      await readFile(join(s.dstDir, "out", "link.txt"), "utf8"),
      "T",
    );
  } finally {
    await s.close();
  }
});
