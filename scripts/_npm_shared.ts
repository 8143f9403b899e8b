/**
 * What scripts/build_npm.ts and its bundling steps share: the checkout and
 * output folders, a file walk, a subprocess runner.
 *
 * @module
 */
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";

/** The checkout. */
export const root: string = new URL("..", import.meta.url).pathname.replace(
  /\/$/,
  "",
);
/** Where the npm package is built. */
export const out: string = join(root, "npm");

/** Every file below `dir`. */
export async function* walk(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(p);
    else yield p;
  }
}

/** What {@linkcode sh} gives back. */
export interface ShResult {
  code: number;
  /** stdout and stderr, interleaved. */
  output: string;
  /** stdout alone. */
  stdout: string;
}

/** Runs a command, echoing its output, and collects it. */
export async function sh(
  cmd: string,
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
  opts: { quietStdout?: boolean } = {},
): Promise<ShResult> {
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(cmd, {
      args,
      cwd,
      env,
      stdout: "piped",
      stderr: "piped",
    }).spawn();
  } catch (e) {
    const msg = `cannot run ${cmd}: ${e instanceof Error ? e.message : e}\n`;
    console.error(msg.trimEnd());
    return { code: 127, output: msg, stdout: "" };
  }
  let output = "";
  let stdout = "";
  const pump = async (
    s: ReadableStream<Uint8Array>,
    sink: typeof Deno.stdout | null,
    isStdout: boolean,
  ) => {
    const d = new TextDecoder();
    for await (const c of s) {
      const text = d.decode(c, { stream: true });
      output += text;
      if (isStdout) stdout += text;
      if (sink) await sink.write(c);
    }
  };
  await Promise.all([
    pump(child.stdout, opts.quietStdout ? null : Deno.stdout, true),
    pump(child.stderr, Deno.stderr, false),
  ]);
  return { code: (await child.status).code, output, stdout };
}

/** The package path of a deno.json export (`./mod.ts` → `./esm/mod`). */
export function exportTarget(path: string): string {
  return "./esm/" + path.replace(/^\.\//, "").replace(/\.ts$/, "");
}

/** Whether a path exists. */
export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
