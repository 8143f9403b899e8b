/**
 * Helpers for the token file ownership tests: a home folder of `nobody`
 * and the child process (`_owner_child.ts`) run as nobody through
 * setpriv, or as root.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, chown, mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { isDeno } from "../../src/core/runtime.ts";

/** nobody's uid and gid. */
export const NOBODY = 65534;
export const CHILD = fileURLToPath(
  new URL("./_owner_child.ts", import.meta.url),
);
const SETPRIV = ["/usr/bin/setpriv", "/bin/setpriv"].find((p) => existsSync(p));

/** Why these tests cannot run here, or `false`. */
export function asNobodySkip(): string | false {
  if (!isDeno) return "runs children with Deno";
  if (process.platform === "win32") return "POSIX owners only";
  if (process.getuid?.() !== 0) return "needs root, to act as root and nobody";
  if (!SETPRIV) return "needs setpriv (util-linux) to run as nobody";
  return false;
}

/** The outcome a child prints. */
export interface ChildResult {
  ok: boolean;
  value?: unknown;
  name?: string;
  message?: string;
}

/**
 * A world-searchable temporary folder with a home folder in it for
 * nobody (0700), and a Deno cache folder nobody may write.
 */
export async function nobodyHome(): Promise<
  { root: string; home: string; denoDir: string }
> {
  const root = await mkdtemp(join(tmpdir(), "globus-owner-"));
  await chmod(root, 0o755);
  const home = join(root, "home");
  await mkdir(home, { mode: 0o700 });
  await chown(home, NOBODY, NOBODY);
  const denoDir = join(root, "deno-dir");
  await mkdir(denoDir, { mode: 0o700 });
  await chown(denoDir, NOBODY, NOBODY);
  return { root, home, denoDir };
}

/**
 * Runs the child (`_owner_child.ts`) as nobody, or as root with
 * `asRoot`, and returns its last line's outcome.
 */
export function runChild(
  args: string[],
  opts: { denoDir: string; home: string; asRoot?: boolean },
): Promise<ChildResult & { text: string }> {
  const deno = [process.execPath, "run", "-A", "--no-config", CHILD, ...args];
  const [cmd, ...rest] = opts.asRoot ? deno : [
    SETPRIV!,
    `--reuid=${NOBODY}`,
    `--regid=${NOBODY}`,
    "--clear-groups",
    ...deno,
  ];
  return new Promise((resolve) => {
    const child = spawn(cmd!, rest, {
      env: {
        HOME: opts.home,
        DENO_DIR: opts.asRoot
          ? join(opts.home, "..", "root-deno")
          : opts.denoDir,
        NO_COLOR: "1",
      },
    });
    let text = "";
    child.stdout.on("data", (d) => text += d);
    child.stderr.on("data", (d) => text += d);
    child.on("close", () => {
      const last = text.trim().split("\n").filter((l) => l.startsWith("{"))
        .pop();
      try {
        resolve({ ...JSON.parse(last ?? ""), text });
      } catch {
        resolve({ ok: false, message: "no result", text });
      }
    });
  });
}
