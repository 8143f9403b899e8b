/**
 * Helpers shared by the end-to-end tests (and scripts/readme_checks.ts):
 * README snippet extraction and the real Deno cache for child processes.
 * Plain `node:`-free code, so it compiles for the npm build's test suite.
 *
 * @module
 */

/** The path the READMEs use for a checkout of this repository. */
export const PLACEHOLDER = "/path/to/globus-deno";

/**
 * The fenced block after `<!-- snippet: name -->` in `markdown`, with
 * {@linkcode PLACEHOLDER} replaced by `root`.
 */
export function snippet(markdown: string, name: string, root: string): string {
  const marker = `<!-- snippet: ${name} -->`;
  const at = markdown.indexOf(marker);
  if (at < 0) throw new Error(`no '${marker}' in the README`);
  const m = markdown.slice(at + marker.length).match(
    /^\s*```[^\n]*\n([\s\S]*?)\n```/,
  );
  if (!m) throw new Error(`no fenced block right after '${marker}'`);
  return m[1]!.replaceAll(PLACEHOLDER, root);
}

/** The command lines of a `sh` snippet (comments and blank lines dropped). */
export function commands(sh: string): string[] {
  return sh.split("\n").map((l) => l.replace(/\s+#.*$/, "").trim()).filter(
    (l) => l && !l.startsWith("#"),
  );
}

let cachedDenoDir: Promise<string | undefined> | undefined;

/**
 * The real Deno cache (`DENO_DIR`, else `deno info --json`'s), so a child
 * with a temporary HOME or in a scratch folder doesn't download npm packages
 * again. Deno only.
 */
export function denoDir(): Promise<string | undefined> {
  // deno-lint-ignore no-explicit-any
  const D = (globalThis as any).Deno;
  cachedDenoDir ??= (async () => {
    const fromEnv = D.env.get("DENO_DIR");
    if (fromEnv) return fromEnv;
    const out = await new D.Command(D.execPath(), {
      args: ["info", "--json"],
      stdout: "piped",
      stderr: "null",
    }).output();
    try {
      return JSON.parse(new TextDecoder().decode(out.stdout)).denoDir;
    } catch {
      return undefined;
    }
  })();
  return cachedDenoDir;
}

/**
 * Why the Deno Jupyter kernel cannot run here (Jupyter's Python packages or
 * the `deno` kernelspec missing, and `deno jupyter --install --force` not
 * adding it), or null when it can. Deno only.
 */
export async function jupyterMissing(python: string): Promise<string | null> {
  // deno-lint-ignore no-explicit-any
  const D = (globalThis as any).Deno;
  const probe = (code: string) =>
    new D.Command(python, {
      args: ["-c", code],
      stdout: "null",
      stderr: "null",
    }).output().then((o: { code: number }) => o.code === 0, () => false);
  if (!await probe("import jupyter_client, nbformat")) {
    return `${python} cannot import jupyter_client and nbformat (apt-get install python3-jupyter-client python3-nbformat)`;
  }
  const spec =
    "from jupyter_client.kernelspec import KernelSpecManager; KernelSpecManager().get_kernel_spec('deno')";
  if (await probe(spec)) return null;
  await new D.Command(D.execPath(), {
    args: ["jupyter", "--install", "--force"],
    stdout: "null",
    stderr: "null",
  }).output();
  return await probe(spec)
    ? null
    : "no 'deno' Jupyter kernelspec, and 'deno jupyter --install --force' did not add one";
}
