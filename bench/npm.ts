/**
 * This run's npm build of the package and the `@globus/sdk` peer install in
 * bench/out, each made once and shared by the sections.
 *
 * @module
 */
import { exists, note, NPM, OUT, ROOT, run } from "./common.ts";

let peerChecked: string | null | undefined;

/** bench/out/peer with @globus/sdk installed (npm install on first use). */
export async function peerDir(): Promise<string | null> {
  if (peerChecked !== undefined) return peerChecked;
  const dir = `${OUT}/peer`;
  if (!(await exists(`${dir}/node_modules/@globus/sdk/package.json`))) {
    await Deno.mkdir(dir, { recursive: true });
    await Deno.writeTextFile(
      `${dir}/package.json`,
      JSON.stringify({ name: "peer", private: true, type: "module" }),
    );
    const r = await run("npm", [
      "install",
      "--no-audit",
      "--no-fund",
      "@globus/sdk",
    ], { cwd: dir }).catch((e) => ({
      code: 1,
      stderr: String(e),
      stdout: "",
      ms: 0,
    }));
    if (r.code !== 0) {
      note(`@globus/sdk could not be installed: ${r.stderr.slice(0, 200)}`);
      peerChecked = null;
      return null;
    }
  }
  peerChecked = dir;
  return dir;
}

let npmBuilt: Promise<boolean> | undefined;

/**
 * Builds the npm package once per bench run, so that the Node numbers are
 * those of the current sources, never of a stale npm/ folder.
 */
export function buildNpm(): Promise<boolean> {
  npmBuilt ??= (async () => {
    console.log("  building the npm package (deno task build:npm)…");
    const r = await run(Deno.execPath(), ["task", "build:npm"], { cwd: ROOT });
    if (r.code !== 0 || !await exists(`${ROOT}/npm/esm/mod.js`)) return false;
    // A copy of the package for this run (npm/ is rebuilt by anyone running
    // build_npm in this checkout), with npm/'s dependencies linked in.
    await Deno.remove(NPM, { recursive: true }).catch(() => {});
    await Deno.mkdir(NPM, { recursive: true });
    for (const f of ["esm", "package.json", "README.md", "LICENSE"]) {
      const c = await run("cp", ["-r", `${ROOT}/npm/${f}`, `${NPM}/${f}`]);
      if (c.code !== 0) return false;
    }
    await Deno.remove(`${NPM}/esm/tests`, { recursive: true }).catch(() => {});
    await Deno.symlink(`${ROOT}/npm/node_modules`, `${NPM}/node_modules`);
    return await exists(`${NPM}/esm/mod.js`);
  })();
  return npmBuilt;
}
