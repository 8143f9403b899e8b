/**
 * The npm build's bundles: the JavaScript of `mod.js` and `./testing`
 * (esbuild, minified but with names kept) and one rolled-up declaration
 * file per entry point (rollup-plugin-dts). Used by scripts/build_npm.ts.
 *
 * @module
 */
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import ts from "typescript";
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
 * Modules whose declarations the other entry points (`./testing`) take
 * from the main one's rolled-up file instead of holding a copy: the
 * emulator's `loginFlowManager()` returns a `LoginFlowManager`, and a copy
 * of everything that type reaches (the auth clients, token responses,
 * errors) tripled `testing.d.ts`. Each must be exported by `mod.ts`.
 */
export const FROM_MAIN_ENTRY: readonly string[] = ["src/app/login_flow"];

/**
 * Points a rolled-up declaration file's imports of the
 * {@linkcode FROM_MAIN_ENTRY} modules at the main entry's file
 * (`./mod.js`, which TypeScript reads as `./mod.d.ts`).
 *
 * @param text The rolled-up declarations of another entry point.
 * @param main The main entry's declaration file (`esm/mod.d.ts`).
 * @returns The text with those imports from `./mod.js`.
 */
export function importFromMain(text: string, main: string): string {
  const target = "./" + main.replace(/^esm\//, "").replace(/\.d\.ts$/, ".js");
  return text.replace(
    /(\bfrom\s*["'])(\.\.?\/[^"']*)(["'])/g,
    (whole, open: string, spec: string, close: string) =>
      FROM_MAIN_ENTRY.some((m) =>
          spec.replace(/(\.d)?\.(js|ts)$/, "").endsWith(m)
        )
        ? open + target + close
        : whole,
  );
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
  const main = entries[0]!;
  await writeFile(
    join(out, "rollup.dts.config.mjs"),
    `import { dts } from "rollup-plugin-dts";
const fromMain = ${JSON.stringify(FROM_MAIN_ENTRY)};
const main = ${JSON.stringify(main)};
export default ${JSON.stringify(entries)}.map((input) => ({
  input,
  output: { file: "bundle/" + input, format: "es" },
  plugins: [dts()],
  external: (id) =>
    !/^[./]/.test(id) ||
    (input !== main &&
      fromMain.some((m) => id.replace(/(\.d)?\.(js|ts)$/, "").endsWith(m))),
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
    let rolled = await readFile(join(out, "bundle", entry), "utf8");
    if (entry !== main) rolled = importFromMain(rolled, main);
    const left = /\b(?:from\s*|import\s*\(\s*)["']\.\.?\/(?!mod\.js["'])/
      .exec(rolled);
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
 * The bundler, a devDependency of the package (Deno's own `deno bundle`,
 * esbuild too, has no way to minify without renaming what stack traces
 * show; see {@linkcode MINIFY}).
 */
export const ESBUILD_VERSION = "^0.28.2";

/**
 * The minifier that renames local names only (see {@linkcode mangle}), a
 * devDependency of the package.
 */
export const SWC_VERSION = "^1.16.0";

/** esbuild, installed in npm/node_modules as a devDependency. */
export function esbuildPath(): string {
  return join(out, "node_modules", "esbuild", "bin", "esbuild");
}

/**
 * How esbuild bundles every shipped JavaScript file: whitespace and syntax
 * minified, identifiers left to {@linkcode mangle}. `--keep-names` undoes
 * the renames bundling makes when two modules use one name, which matters
 * because an error's `name` is its class's name.
 */
const MINIFY = [
  "--minify-whitespace",
  "--minify-syntax",
  "--keep-names",
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

/**
 * swc's minifier as {@linkcode mangle} runs it: nothing but renaming, and
 * only what no stack trace, `name` or message shows. Every class and
 * function keeps its name (a function held by a variable keeps the
 * variable's: `keep_fnames`), and so does every private method and field
 * (`#refresh`), so a stack reads as the source's: `at async
 * TransferClient.operationLs`. Parameters and local variables become short.
 * esbuild's own renaming could not: it names a class's binding `Ol` (async
 * frames then read `Ol.operationLs`, whatever `--keep-names` sets as its
 * `name`), and renames private methods (`#u`). `compress` is off: inlining
 * a function would drop its frame.
 */
export const SWC_OPTIONS = {
  module: true,
  ecma: 2022,
  compress: false,
  mangle: {
    toplevel: true,
    keep_classnames: true,
    keep_fnames: true,
    keep_private_props: true,
  },
  format: { comments: false },
} as const;

/**
 * Renames the local names of minified files in place (swc, with
 * {@linkcode SWC_OPTIONS}), after {@linkcode dropRedundantNames}, then
 * breaks their lines (see {@linkcode breakLines}).
 *
 * @param files Paths relative to npm/.
 */
async function mangle(files: string[]): Promise<void> {
  const reserved: Record<string, string[]> = {};
  for (const file of files) {
    const path = join(out, file);
    const kept = dropRedundantNames(await readFile(path, "utf8"));
    await writeFile(path, kept.code);
    reserved[file] = kept.classBindings;
  }
  await writeFile(
    join(out, "mangle.mjs"),
    `import { minify } from "@swc/core";
import { readFile, writeFile } from "node:fs/promises";
const options = ${JSON.stringify(SWC_OPTIONS)};
const reserved = ${JSON.stringify(reserved)};
for (const [file, names] of Object.entries(reserved)) {
  const { code } = await minify(await readFile(file, "utf8"), {
    ...options,
    mangle: { ...options.mangle, reserved: names },
  });
  await writeFile(file, code);
}
`,
  );
  const res = await sh("node", ["mangle.mjs"], out);
  if (res.code !== 0) throw new Error("swc (renaming) failed; see above");
  await rm(join(out, "mangle.mjs"));
  for (const file of files) {
    const path = join(out, file);
    await writeFile(path, breakLines(await readFile(path, "utf8")));
  }
}

/**
 * Takes out the `__name()` calls esbuild's `--keep-names` adds where the
 * name they set is the one the function or class gets anyway (622 in
 * `mod.js`, 4 KiB gzipped): `__name(f, "f")` after `function f`,
 * `static { __name(this, "C") }` in `class C` or `var C = class`, and
 * `__name(() => …, "n")` as the value of a variable, property or class
 * field named `n`. The calls that matter stay: where bundling renamed a
 * function (`__name(send2, "send")`) and a function assigned later
 * (`x = __name(() => …, "x")`, a name swc would shorten).
 *
 * @param code esbuild's output.
 * @returns The code, and the variables that hold a class (`var C =
 *   class`), which swc must not rename: a class's name in an async stack
 *   frame (`at async TransferClient.operationLs`) is its binding's, not
 *   its `name`.
 */
export function dropRedundantNames(
  code: string,
): { code: string; classBindings: string[] } {
  const sf = ts.createSourceFile(
    "bundle.js",
    code,
    ts.ScriptTarget.Latest,
    true,
    ts.ScriptKind.JS,
  );
  const edits: { start: number; end: number; text: string }[] = [];
  const classBindings = new Set<string>();
  /** The name `__name(target, "name")` sets, or undefined for other calls. */
  const nameCall = (node: ts.Node): string | undefined =>
    ts.isCallExpression(node) && ts.isIdentifier(node.expression) &&
      node.expression.text === "__name" && node.arguments.length === 2 &&
      ts.isStringLiteral(node.arguments[1]!)
      ? node.arguments[1].text
      : undefined;
  /** The name a function or class value gets from where it is written. */
  const givenName = (node: ts.Node): string | undefined => {
    const p = node.parent;
    return (ts.isVariableDeclaration(p) || ts.isPropertyDeclaration(p) ||
        ts.isPropertyAssignment(p)) &&
        p.initializer === node &&
        (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) ||
          ts.isPrivateIdentifier(p.name))
      ? p.name.text
      : undefined;
  };
  const drop = (node: ts.Node) =>
    edits.push({ start: node.getStart(sf), end: node.getEnd(), text: "" });
  /** The identifier an anonymous class is assigned to (`C = class`). */
  const assignedTo = (node: ts.Node): string | undefined => {
    const p = node.parent;
    return ts.isBinaryExpression(p) && p.right === node &&
        p.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        ts.isIdentifier(p.left)
      ? p.left.text
      : undefined;
  };
  /**
   * Whether `name` is a function declaration here: in the statement list
   * `at` is in, or at the top level (esbuild hoists a lazily initialised
   * module's functions there and leaves their `__name` calls in its
   * `__esm` wrapper) with no function between declaring the name again.
   */
  const isDeclaredFunction = (name: string, at: ts.Statement): boolean => {
    const declares = (list: readonly ts.Statement[]) =>
      list.some((s) => ts.isFunctionDeclaration(s) && s.name?.text === name);
    const own = (at.parent as { statements?: ts.NodeArray<ts.Statement> })
      .statements;
    if (own && declares(own)) return true;
    for (let n: ts.Node = at.parent; !ts.isSourceFile(n); n = n.parent) {
      if (!ts.isFunctionLike(n)) continue;
      if (n.parameters.some((p) => p.name.getText(sf) === name)) return false;
      const body = (n as { body?: ts.Node }).body;
      if (
        body && ts.isBlock(body) &&
        body.statements.some((s) =>
          ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)
            ? s.name?.text === name
            : ts.isVariableStatement(s) &&
              s.declarationList.declarations.some((d) =>
                d.name.getText(sf) === name
              )
        )
      ) return false;
    }
    return declares(sf.statements);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isClassLike(node)) {
      const binding = node.name ? undefined : assignedTo(node) ??
        (ts.isVariableDeclaration(node.parent) ? givenName(node) : undefined);
      const own = node.name?.text ?? binding ?? givenName(node);
      if (binding) classBindings.add(binding);
      for (const m of node.members) {
        const only = ts.isClassStaticBlockDeclaration(m) &&
          m.body.statements.length === 1 && m.body.statements[0];
        if (
          only && ts.isExpressionStatement(only) && own !== undefined &&
          nameCall(only.expression) === own &&
          (only.expression as ts.CallExpression).arguments[0]!.kind ===
            ts.SyntaxKind.ThisKeyword
        ) drop(m);
      }
    }
    const name = nameCall(node);
    if (name !== undefined) {
      const [target] = (node as ts.CallExpression).arguments;
      if (
        ts.isExpressionStatement(node.parent) && ts.isIdentifier(target!) &&
        target.text === name && isDeclaredFunction(name, node.parent)
      ) {
        drop(node.parent);
        return;
      }
      if (
        givenName(node) === name && !(target as ts.FunctionExpression).name &&
        (ts.isArrowFunction(target!) || ts.isFunctionExpression(target!))
      ) {
        // `__name(` and `, "n")` go; the function stays (and is visited).
        edits.push({
          start: node.getStart(sf),
          end: target.getStart(sf),
          text: "",
        });
        edits.push({ start: target.getEnd(), end: node.getEnd(), text: "" });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  edits.sort((a, b) => b.start - a.start);
  let result = code;
  for (const e of edits) {
    result = result.slice(0, e.start) + e.text + result.slice(e.end);
  }
  return { code: result, classBindings: [...classBindings].sort() };
}

/** The longest line {@linkcode breakLines} aims for. */
export const LINE_LIMIT = 160;

/**
 * Breaks minified JavaScript into lines of at most `limit` characters
 * where it can, so the source line Node prints above an uncaught error is
 * a line rather than the whole file. A line break goes only before an
 * item of a list — a statement, class member, property, array element,
 * argument, parameter or declarator — right after a `;`, `,`, `{`, `}`,
 * `(` or `[`: there it can never end a statement early (no `return`,
 * `throw`, `async` or postfix `++` is before it) and is never inside a
 * string, template text or regular expression. Each line ends at the last
 * statement or class member that fits, else at the last other item that
 * fits (statement breaks repeat, so gzip pays less for them: 1.5 KiB
 * against 3.2 for any item in `mod.js`); a longer stretch with no such
 * place (a long message) stays one line. esbuild's `--line-limit` also
 * splits string literals (a backslash and a newline), which cost 5 KiB
 * gzipped in `mod.js`.
 *
 * @param code Minified JavaScript (an ES module).
 * @param limit The longest line wanted.
 * @returns The same code with line breaks added.
 */
export function breakLines(code: string, limit = LINE_LIMIT): string {
  const sf = ts.createSourceFile(
    "bundle.js",
    code,
    ts.ScriptTarget.Latest,
    false,
    ts.ScriptKind.JS,
  );
  /** Break points: position → whether a statement or member starts there. */
  const points = new Map<number, boolean>();
  const visit = (node: ts.Node): void => {
    ts.forEachChild(node, visit, (list) => {
      for (const item of list) {
        const at = item.getStart(sf);
        let before = at - 1;
        while (code[before] === " " || code[before] === "\t") before--;
        if (before >= 0 && ";,{}([".includes(code[before]!)) {
          const statement = ts.isStatement(item) || ts.isClassElement(item);
          points.set(at, statement || (points.get(at) ?? false));
        }
        visit(item);
      }
    });
  };
  visit(sf);
  // Newlines already there (in template literals) end a line too.
  for (let nl = code.indexOf("\n"); nl >= 0; nl = code.indexOf("\n", nl + 1)) {
    points.set(nl + 1, true);
  }
  const sorted = [...points.keys()].sort((a, b) => a - b);
  let result = "";
  let lineStart = 0;
  let i = 0;
  while (code.length - lineStart > limit && i < sorted.length) {
    let statement = -1;
    let any = -1;
    while (i < sorted.length && sorted[i]! - lineStart <= limit) {
      const p = sorted[i++]!;
      if (p <= lineStart) continue;
      any = p;
      if (points.get(p)) statement = p;
    }
    if (any < 0 && i < sorted.length) any = sorted[i++]!;
    if (any < 0) break;
    const at = statement > 0 ? statement : any;
    const slice = code.slice(lineStart, at);
    result += slice.endsWith("\n") ? slice : slice + "\n";
    lineStart = at;
    while (i > 0 && sorted[i - 1]! > at) i--;
  }
  return result + code.slice(lineStart);
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
 * {@linkcode MINIFY} and {@linkcode mangle}), npm dependencies and Node's built-ins left as
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
  await mangle([
    "bundle/mod.js",
    `bundle/${TESTING_DIR}/emulator.js`,
    `bundle/${TESTING_DIR}/emulator_worker.js`,
  ]);

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
