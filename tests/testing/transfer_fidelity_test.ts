/**
 * Transfers the emulator must not get wrong on disk, found by a data
 * manager's walk-through: a file onto itself, symbolic links in the
 * destination that lead outside the collection, a folder copied into its
 * own subfolder, clashes over a path's type, a symbolic link given as
 * an item, and `recursive_symlinks` (`keep` and `copy` were read as
 * `ignore`).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
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
import { DeleteData } from "../../src/transfer/delete_data.ts";
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

const transfer = (
  from: string,
  to: string,
  options: Omit<
    ConstructorParameters<typeof TransferData>[0],
    "sourceEndpoint" | "destinationEndpoint"
  > = {},
) =>
  new TransferData({
    sourceEndpoint: from,
    destinationEndpoint: to,
    ...options,
  });

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

/** A source folder `/data` with a file, and links of each kind in it. */
async function withLinks(s: Awaited<ReturnType<typeof setup>>) {
  const data = join(s.srcDir, "data");
  await symlink("file.txt", join(data, "to_file"));
  await symlink("../other", join(data, "to_dir"));
  await symlink("missing.txt", join(data, "dangling"));
}

const linkFiles = {
  "/data/file.txt": "F",
  "/other/o.txt": "O",
};

test("recursive_symlinks 'keep' makes each link again at the destination, with its target as it reads", async () => {
  const s = await setup(linkFiles);
  try {
    await withLinks(s);
    // A file where a link goes is replaced by the link, not written through.
    await mkdir(join(s.dstDir, "out"));
    await writeFile(join(s.dstDir, "out", "to_file"), "old");
    const { task } = await s.run(
      transfer(SRC, DST, { recursiveSymlinks: "keep" })
        .addItem("/data/", "/out/", { recursive: true }),
    );
    assert.equal(task.status, "SUCCEEDED");
    assert.equal(task.recursive_symlinks, "keep");
    assert.equal(task.symlinks, 3);
    assert.equal(task.files_transferred, 1);
    const out = join(s.dstDir, "out");
    for (
      const [name, target] of [
        ["to_file", "file.txt"],
        ["to_dir", "../other"],
        ["dangling", "missing.txt"],
      ] as const
    ) {
      assert.ok((await lstat(join(out, name))).isSymbolicLink(), name);
      assert.equal(await readlink(join(out, name)), target);
    }
    assert.equal(await readFile(join(out, "to_file"), "utf8"), "F");
  } finally {
    await s.close();
  }
});

test("recursive_symlinks 'copy' follows links inside the collection; a missing target, a loop and a link leading out are skipped errors", async () => {
  const s = await setup(linkFiles);
  const outside = await mkdtemp(join(tmpdir(), "emulator-outside-"));
  try {
    await withLinks(s);
    await writeFile(join(outside, "secret.txt"), "SECRET");
    await symlink(join(outside, "secret.txt"), join(s.srcDir, "data", "out"));
    await symlink(".", join(s.srcDir, "data", "loop"));
    const { task, events } = await s.run(
      transfer(SRC, DST, {
        recursiveSymlinks: "copy",
        skipSourceErrors: true,
      }).addItem("/data/", "/copy/", { recursive: true }),
    );
    assert.equal(task.status, "SUCCEEDED", events.join("\n"));
    assert.equal(task.recursive_symlinks, "copy");
    const copy = join(s.dstDir, "copy");
    assert.deepEqual((await readdir(copy)).sort(), [
      "file.txt",
      "to_dir",
      "to_file",
    ]);
    assert.ok(!(await lstat(join(copy, "to_file"))).isSymbolicLink());
    assert.equal(await readFile(join(copy, "to_file"), "utf8"), "F");
    assert.equal(await readFile(join(copy, "to_dir", "o.txt"), "utf8"), "O");
    const skipped = await s.tc.taskSkippedErrors(task.task_id).toArray();
    assert.deepEqual(
      skipped.map((e) => `${e.source_path} ${e.error_code}`).sort(),
      [
        "/data/dangling FILE_NOT_FOUND",
        "/data/loop ENDPOINT_ERROR",
        "/data/out PERMISSION_DENIED",
      ],
    );
    const text = skipped.map((e) => e.error_details).join("\n");
    assert.ok(!text.includes(outside) && !text.includes(s.srcDir), text);
  } finally {
    await s.close();
    await rm(outside, { recursive: true, force: true });
  }
});

test("recursive_symlinks 'ignore' (the default) copies no link; a value Globus does not know is refused", async () => {
  const s = await setup(linkFiles);
  try {
    await withLinks(s);
    const { task } = await s.run(
      transfer(SRC, DST).addItem("/data/", "/plain/", { recursive: true }),
    );
    assert.equal(task.status, "SUCCEEDED");
    assert.equal(task.recursive_symlinks, "ignore");
    assert.equal(task.symlinks, 3);
    assert.deepEqual(await readdir(join(s.dstDir, "plain")), ["file.txt"]);
    const doc = transfer(SRC, DST, {
      additionalFields: { recursive_symlinks: "follow" },
    }).addItem("/data/", "/x/", { recursive: true });
    await assert.rejects(s.tc.submitTransfer(doc), (e: Error) => {
      assert.match(e.message, /recursive_symlinks 'follow'.*'keep'/);
      return true;
    });
  } finally {
    await s.close();
  }
});

test("a delete task counts what it deleted: links as symlinks (removed, never followed), and files_succeeded in its SUCCEEDED event (it said 0)", async () => {
  const s = await setup({
    "/d/a.txt": "a",
    "/d/sub/b.txt": "b",
    "/c.txt": "c",
  });
  try {
    await symlink("../c.txt", join(s.srcDir, "d", "link"));
    const doc = new DeleteData({ endpoint: SRC, recursive: true })
      .addItem("/d/");
    const { task_id } = await s.tc.submitDelete(doc);
    await s.tc.taskWait(task_id, {
      timeoutS: 60,
      pollingIntervalS: 1,
      progress: false,
    });
    const task = await s.tc.getTask(task_id);
    assert.equal(task.status, "SUCCEEDED");
    assert.deepEqual(
      [task.files, task.directories, task.symlinks],
      [2, 2, 1],
    );
    const events = await s.tc.taskEventList(task_id).toArray();
    const done = events.find((e) => e.code === "SUCCEEDED");
    assert.equal(JSON.parse(done?.details ?? "{}").files_succeeded, 2);
    assert.deepEqual(await readdir(s.srcDir), ["c.txt"]);
    assert.equal(await readFile(join(s.srcDir, "c.txt"), "utf8"), "c");
  } finally {
    await s.close();
  }
});
