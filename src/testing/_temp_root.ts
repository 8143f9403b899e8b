/**
 * Internal: the emulator's temporary root folder, and the roots earlier
 * emulators left behind.
 *
 * An emulator removes its temporary root when closed. One whose process
 * ended first (a script that threw before `close()`, Ctrl-C, a notebook
 * kernel restarted or killed) left it in the temporary folder, with the
 * files its transfers wrote. Each root holds the id of the process that
 * made it, so the next emulator to start removes the roots of processes
 * that are gone.
 *
 * @module
 */
import {
  chmod,
  readdir,
  readFile,
  rm,
  rmdir,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { makeTempDir, permitted, requestPermission } from "../core/runtime.ts";
import { errCode } from "../tokens/_fs_problem.ts";

/**
 * Removes a folder tree, also when a test made part of it unreadable
 * (`chmod 000` to test permission errors): `rm` fails there with `EACCES`
 * on a machine where one is not root, so the folders are made accessible to
 * their owner and the removal is tried again.
 *
 * @param path The folder.
 * @returns When it is gone.
 */
export async function removeTree(path: string): Promise<void> {
  try {
    await rm(path, { recursive: true, force: true });
    return;
  } catch (e) {
    const code = (e as { code?: unknown })?.code;
    if (code !== "EACCES" && code !== "EPERM") throw e;
  }
  const open = async (dir: string): Promise<void> => {
    await chmod(dir, 0o700).catch(() => undefined);
    const entries = await readdir(dir, { withFileTypes: true }).catch(
      () => [],
    );
    for (const e of entries) {
      if (e.isDirectory()) await open(join(dir, e.name));
    }
  };
  await open(path);
  await rm(path, { recursive: true, force: true });
}

/** The prefix of a root's folder name, in the temporary folder. */
export const ROOT_PREFIX = "globus-emulator-";
/** The file in a root that holds its process id. */
export const OWNER_FILE = ".emulator-pid";

/**
 * Makes a new temporary root owned by this process, first removing the
 * roots of emulators whose process has ended.
 *
 * On Deno, read access to the new (still empty) root is asked for at once
 * (a prompt in a terminal, as Deno would show at the first read): refused,
 * the root is removed, which needs only the write access that made it, and
 * Deno's refusal is thrown (worded as Deno words it, so that the caller
 * says which flags to add). A start refused later, once the root held
 * files, could not remove it without read access and left it in the
 * temporary folder.
 *
 * @returns The root's path.
 * @throws {Error} `Requires read access to "<root>"` when Deno refuses it.
 */
export async function makeEmulatorRoot(): Promise<string> {
  await removeAbandonedRoots();
  const root = await makeTempDir(ROOT_PREFIX);
  if (!requestPermission({ name: "read", path: root })) {
    await rmdir(root).catch(() => undefined);
    const e = new Error(
      `Requires read access to "${root}", run again with the --allow-read flag`,
    );
    e.name = "NotCapable";
    throw e;
  }
  await writeFile(join(root, OWNER_FILE), String(process.pid));
  return root;
}

/**
 * Removes the roots in the temporary folder whose process has ended. A
 * root without the owner file (being made, or from an older version) is
 * left alone, as is any whose process may still run. Best effort: on Deno
 * it needs read, write and run permission already granted (it never asks),
 * and any failure leaves the folders as they are.
 *
 * @returns The roots removed.
 */
export async function removeAbandonedRoots(): Promise<string[]> {
  const removed: string[] = [];
  try {
    const dir = tmpdir();
    if (
      !permitted({ name: "read", path: dir }) ||
      !permitted({ name: "write", path: dir }) || !permitted({ name: "run" })
    ) return removed;
    for (const name of await readdir(dir)) {
      if (!name.startsWith(ROOT_PREFIX)) continue;
      const root = join(dir, name);
      let text: string;
      try {
        text = await readFile(join(root, OWNER_FILE), "utf8");
      } catch {
        continue;
      }
      const pid = Number(text.trim());
      if (!Number.isInteger(pid) || pid <= 0 || processExists(pid)) continue;
      await removeTree(root);
      removed.push(root);
    }
  } catch {
    // Best effort: the folders stay.
  }
  return removed;
}

/** Whether a process with this id exists (another user's counts). */
function processExists(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errCode(e) !== "ESRCH";
  }
}
