/**
 * The npm build's bundles: the JavaScript of `mod.js` and `./testing`
 * (esbuild, minified but with names kept) and one rolled-up declaration
 * file per entry point (rollup-plugin-dts). Used by scripts/build_npm.ts.
 *
 * @module
 */
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { exportTarget, out, sh, walk } from "./_npm_shared.ts";

/** The leading `@module` comment of a declaration file, or "". */
export function moduleDoc(text: string): string {
  const m = /^\s*\/\*\*[\s\S]*?\*\/[ \t]*\n?/.exec(text);
  return m && /^\s*\*\s*@module\b/m.test(m[0]) ? m[0].trimStart() : "";
}

/**
 * Indents with tabs where `text` indents with runs of four spaces (tsc's
 * declaration output), at the start of lines only: in a doc comment that
 * is before its `*`, so the comment's text is unchanged.
 */
export function tabIndent(text: string): string {
  return text.replace(/^(?: {4})+/gm, (m) => "\t".repeat(m.length / 4));
}

/**
 * The `/// <reference lib>` lines a rolled-up declaration file needs so
 * that it type-checks in any consumer project: `Symbol.asyncDispose` (in
 * `UserApp`'s `[Symbol.asyncDispose]()`) is declared only by TypeScript's
 * `esnext.disposable` library or by `@types/node`, and TypeScript 6+ no
 * longer loads `@types/node` by default (`"types": []`), so without the
 * reference a strict project that does not list `"node"` in `types` (or a
 * `lib` with `esnext`) fails in our `mod.d.ts` with TS2550.
 *
 * @param text The declarations.
 * @returns The lines to put on top, or "".
 */
export function libReferences(text: string): string {
  return /\bSymbol\.(?:asyncDispose|dispose)\b/.test(text)
    ? '/// <reference lib="esnext.disposable" />\n'
    : "";
}

/**
 * Replaces each entry point's declarations (`esm/mod.d.ts`,
 * `esm/testing.d.ts`) by one file holding every declaration its exports
 * reach and nothing else (rollup with rollup-plugin-dts), doc comments
 * included; the entry's own `@module` comment is kept on top, the other
 * modules' are dropped. tsc's declaration files of the other modules stay
 * in esm/src, unpacked.
 *
 * @param exports deno.json's `exports` (the entry points).
 */
export async function rollupDeclarations(
  exports: Record<string, string>,
): Promise<void> {
  const entries = Object.values(exports).map((p) =>
    exportTarget(p).slice(2) + ".d.ts"
  );
  // The other modules' `@module` comments would land among the
  // declarations (a user cannot import those modules).
  for await (const file of walk(join(out, "esm", "src"))) {
    if (!file.endsWith(".d.ts")) continue;
    const text = await readFile(file, "utf8");
    const doc = moduleDoc(text);
    if (doc) await writeFile(file, text.slice(text.indexOf(doc) + doc.length));
  }
  await writeFile(
    join(out, "rollup.dts.config.mjs"),
    `import { dts } from "rollup-plugin-dts";
export default ${JSON.stringify(entries)}.map((input) => ({
  input,
  output: { file: "bundle/" + input, format: "es" },
  plugins: [dts()],
  external: (id) => !/^[./]/.test(id),
}));
`,
  );
  const res = await sh("node", [
    join(out, "node_modules", "rollup", "dist", "bin", "rollup"),
    "--config",
    "rollup.dts.config.mjs",
    "--silent",
  ], out);
  if (res.code !== 0) {
    throw new Error("rollup (declarations) failed; see above");
  }
  for (const entry of entries) {
    const rolled = await readFile(join(out, "bundle", entry), "utf8");
    const left = /\b(?:from\s*|import\s*\(\s*)["']\.\.?\//.exec(rolled);
    if (left) {
      throw new Error(
        `${entry}: the rolled-up declarations still import a module of the package`,
      );
    }
    const doc = moduleDoc(await readFile(join(out, entry), "utf8"));
    await writeFile(
      join(out, entry),
      libReferences(rolled) + doc + tabIndent(rolled),
    );
  }
  await rm(join(out, "bundle"), { recursive: true, force: true });
}

/**
 * The bundler and minifier, a devDependency of the package (Deno's own
 * `deno bundle`, esbuild too, has no way to minify without renaming or to
 * limit line length; see {@linkcode MINIFY}).
 */
export const ESBUILD_VERSION = "^0.28.2";

/** esbuild, installed in npm/node_modules as a devDependency. */
export function esbuildPath(): string {
  return join(out, "node_modules", "esbuild", "bin", "esbuild");
}

/**
 * How every shipped JavaScript file is minified: whitespace and syntax
 * only. Identifiers are not renamed, so stack traces name every function,
 * class, method and private method as the source does (`--keep-names`
 * also undoes the renames bundling makes when two modules use one name,
 * which matters because an error's `name` is its class's name); lines are
 * broken at 160 characters, so the source line Node prints above an
 * uncaught error stays a line rather than the whole file.
 */
const MINIFY = [
  "--minify-whitespace",
  "--minify-syntax",
  "--keep-names",
  "--line-limit=160",
  "--charset=utf8",
  "--target=es2022",
  "--platform=node",
  "--format=esm",
  "--log-level=warning",
];

/** Runs esbuild in npm/ with {@linkcode MINIFY} and `args`. */
async function esbuild(args: string[], what: string): Promise<void> {
  const res = await sh(esbuildPath(), [...MINIFY, ...args], out);
  if (res.code !== 0) throw new Error(`esbuild (${what}) failed; see above`);
}

/** One named relative import of a compiled module. */
export interface RelativeImport {
  /** The whole statement, as written. */
  statement: string;
  /** The module specifier (`./keys.js`). */
  specifier: string;
  /** `{ imported, local }` for each name (`a as b`: imported a, local b). */
  names: { imported: string; local: string }[];
}

/**
 * The relative imports of a compiled module (tsc's output), each
 * `import { a, b as c } from "./x.js";`. Any other relative import — a
 * default or namespace import, a bare `import "./x.js"`, a re-export, a
 * dynamic `import()` — throws: the emulator's worker module is re-pointed
 * at the `./testing` bundle one name at a time (see
 * {@linkcode bundleTesting}).
 */
export function relativeImports(code: string, file: string): RelativeImport[] {
  const found: RelativeImport[] = [];
  const re = /^import\s+([^;]*?)\s*from\s*(["'])(\.\.?\/[^"']+)\2;?/gm;
  for (const m of code.matchAll(re)) {
    const braces = /^\{([^}]*)\}$/.exec(m[1]!.trim());
    if (!braces) {
      throw new Error(
        `${file}: '${
          m[0]
        }' cannot be re-pointed at the bundle: only named imports ({ a, b as c }) can`,
      );
    }
    const names = braces[1]!.split(",").map((s) => s.trim()).filter(Boolean)
      .map((s) => {
        const n = /^([\w$]+)(?:\s+as\s+([\w$]+))?$/.exec(s);
        if (!n) throw new Error(`${file}: cannot read the import '${s}'`);
        return { imported: n[1]!, local: n[2] ?? n[1]! };
      });
    found.push({ statement: m[0], specifier: m[3]!, names });
  }
  const other =
    /^\s*(?:import\s*["']\.|export\s[^;]*?from\s*["']\.)|\bimport\s*\(\s*["']\./m
      .exec(code);
  if (other) {
    throw new Error(
      `${file}: '${
        other[0].trim()
      }…' cannot be re-pointed at the bundle: only named imports ({ a, b as c }) can`,
    );
  }
  return found;
}

/** Prefix of the `./testing` bundle's exports that only its worker imports. */
export const WORKER_EXPORT_PREFIX = "__worker_";

/**
 * For the emulator's worker module: the lines to add to the bundle's
 * entry (re-exporting what the worker imports, under
 * {@linkcode WORKER_EXPORT_PREFIX}), and the worker's code with each of
 * those imports taken from `bundle` instead.
 *
 * @param worker The worker's compiled code.
 * @param fromWorker The entry's specifier for a worker-relative one.
 * @param bundle The bundle's specifier, relative to the worker.
 */
export function repointWorker(
  worker: string,
  fromWorker: (specifier: string) => string,
  bundle: string,
): { entry: string; code: string } {
  let code = worker;
  const entry: string[] = [];
  for (const imp of relativeImports(worker, "the emulator's worker module")) {
    entry.push(
      `export { ${
        imp.names.map((n) =>
          `${n.imported} as ${WORKER_EXPORT_PREFIX}${n.local}`
        )
          .join(", ")
      } } from ${JSON.stringify(fromWorker(imp.specifier))};`,
    );
    code = code.replace(
      imp.statement,
      `import { ${
        imp.names.map((n) => `${WORKER_EXPORT_PREFIX}${n.local} as ${n.local}`)
          .join(", ")
      } } from ${JSON.stringify(bundle)};`,
    );
  }
  return { entry: entry.join("\n"), code };
}

/** The folder in esm/ holding the `./testing` bundle and its worker. */
export const TESTING_DIR = "_testing";

/**
 * Bundles the two entry points into minified files (see
 * {@linkcode MINIFY}), npm dependencies and Node's built-ins left as
 * imports; the per-module JavaScript left in esm/src is only for the
 * compiled tests and is not packed.
 *
 * - `esm/mod.js`: one file, so Node reads one file for
 *   `import "@globus-deno/sdk"` instead of ~85.
 * - `./testing`: `esm/_testing/emulator.js` holds the emulator, and
 *   `esm/_testing/emulator_worker.js`, the module the emulator's worker
 *   thread runs (found next to the code that starts it), is the worker's
 *   own code importing everything else from that bundle — bundling the two
 *   as entry points with esbuild's code splitting put the emulator's
 *   cyclic class definitions out of order ("Class extends value
 *   undefined"). `esm/testing.js` re-exports the public names only.
 */
export async function bundle(): Promise<void> {
  const tmp = join(out, "bundle");
  await rm(tmp, { recursive: true, force: true });
  await mkdir(join(tmp, TESTING_DIR), { recursive: true });
  await esbuild(
    [
      "--bundle",
      "--packages=external",
      "--outfile=bundle/mod.js",
      "esm/mod.js",
    ],
    "mod.js",
  );

  const workerFile = join(out, "esm", "src", "testing", "emulator_worker.js");
  const { entry, code } = repointWorker(
    await readFile(workerFile, "utf8"),
    (spec) => "./" + join("src", "testing", spec),
    "./emulator.js",
  );
  await writeFile(
    join(out, "esm", "_testing_entry.js"),
    `export * from "./testing.js";\n${entry}\n`,
  );
  await esbuild([
    "--bundle",
    "--packages=external",
    "--metafile=bundle/testing.meta.json",
    `--outfile=bundle/${TESTING_DIR}/emulator.js`,
    "esm/_testing_entry.js",
  ], "the ./testing bundle");
  await writeFile(join(tmp, "emulator_worker.js"), code);
  await esbuild(
    [
      `--outfile=bundle/${TESTING_DIR}/emulator_worker.js`,
      "bundle/emulator_worker.js",
    ],
    "the emulator's worker module",
  );
  const meta = JSON.parse(
    await readFile(join(tmp, "testing.meta.json"), "utf8"),
  ) as { outputs: Record<string, { exports: string[] }> };
  const exported = meta.outputs[`bundle/${TESTING_DIR}/emulator.js`]?.exports;
  const publicNames = exported?.filter((n) =>
    !n.startsWith(WORKER_EXPORT_PREFIX)
  );
  if (!publicNames?.includes("startEmulator")) {
    throw new Error("the ./testing bundle does not export startEmulator");
  }

  await rm(join(out, "esm", "_testing_entry.js"));
  await rm(join(out, "esm", TESTING_DIR), { recursive: true, force: true });
  await rename(join(tmp, TESTING_DIR), join(out, "esm", TESTING_DIR));
  await rename(join(tmp, "mod.js"), join(out, "esm", "mod.js"));
  await writeFile(
    join(out, "esm", "testing.js"),
    `export { ${
      publicNames.join(", ")
    } } from "./${TESTING_DIR}/emulator.js";\n`,
  );
  await rm(tmp, { recursive: true, force: true });
}
