/**
 * `deno task build:npm`: builds the npm package into `npm/` — dnt's job,
 * without dnt (which is JSR-only).
 *
 * 1. reads `exports`, `imports`, `name` and `version` from deno.json;
 * 2. copies the sources (and tests) into `npm/src`, rewriting `npm:`
 *    specifiers to bare names and failing on any `jsr:` or `https:` import;
 * 3. compiles them with TypeScript's `tsc` (`rewriteRelativeImportExtensions`,
 *    declarations) into `npm/esm`;
 * 4. writes `npm/package.json`, and copies README.md and LICENSE;
 * 5. with `--test`: runs the compiled test suite with `node --test` on the
 *    Node on PATH and on each Node in `GLOBUS_DENO_NODE_MATRIX`
 *    (colon-separated paths), and prints `N passed, N failed`.
 *
 * Usage: deno task build:npm [--test]
 */
import { cp, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const out = join(root, "npm");
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

async function* walk(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(p);
    else yield p;
  }
}

async function copyTree(from: string, to: string): Promise<void> {
  for await (const file of walk(from)) {
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

async function sh(
  cmd: string,
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<{ code: number; output: string }> {
  const child = new Deno.Command(cmd, {
    args,
    cwd,
    env,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let output = "";
  const dec = new TextDecoder();
  const pump = async (
    s: ReadableStream<Uint8Array>,
    sink: typeof Deno.stdout,
  ) => {
    for await (const c of s) {
      output += dec.decode(c, { stream: true });
      await sink.write(c);
    }
  };
  await Promise.all([
    pump(child.stdout, Deno.stdout),
    pump(child.stderr, Deno.stderr),
  ]);
  return { code: (await child.status).code, output };
}

function depsFromImports(): Record<string, string> {
  const deps: Record<string, string> = {};
  for (const spec of Object.values(denoJson.imports)) {
    if (!spec.startsWith("npm:")) continue;
    const { name, range } = parseNpmSpecifier(spec);
    if (name === "typescript") continue;
    deps[name] = range;
  }
  return deps;
}

function exportTarget(path: string): string {
  return "./esm/" + path.replace(/^\.\//, "").replace(/\.ts$/, "");
}

export async function build(): Promise<void> {
  await rm(out, { recursive: true, force: true });
  await mkdir(srcOut, { recursive: true });
  for (const path of Object.values(denoJson.exports)) {
    const file = join(root, path);
    await writeFile(
      join(srcOut, relative(root, file)),
      rewriteImports(await readFile(file, "utf8"), path),
    );
  }
  await copyTree(join(root, "src"), join(srcOut, "src"));
  await copyTree(join(root, "tests"), join(srcOut, "tests"));

  const exportsMap: Record<string, unknown> = {};
  for (const [key, path] of Object.entries(denoJson.exports)) {
    const base = exportTarget(path);
    exportsMap[key] = { types: `${base}.d.ts`, import: `${base}.js` };
  }
  const tsVersion =
    parseNpmSpecifier(denoJson.imports["typescript"] ?? "npm:typescript@^5.9.3")
      .range;
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
    files: [
      "esm/mod.js",
      "esm/mod.d.ts",
      "esm/testing.js",
      "esm/testing.d.ts",
      "esm/src/",
      "README.md",
      "LICENSE",
    ],
    sideEffects: false,
    engines: { node: ">=20" },
    keywords: ["globus", "transfer", "oauth", "deno", "jupyter"],
    dependencies: depsFromImports(),
    devDependencies: {
      typescript: tsVersion,
      "@types/node": "^20.19.0",
    },
  };
  await writeFile(
    join(out, "package.json"),
    JSON.stringify(pkg, null, 2) + "\n",
  );
  await cp(join(root, "README.md"), join(out, "README.md"));
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
  const install = await sh("npm", [
    "install",
    "--no-audit",
    "--no-fund",
    "--loglevel=error",
  ], out);
  if (install.code !== 0) throw new Error("npm install failed in npm/");
  const tsc = await sh("node", [
    join(out, "node_modules/typescript/bin/tsc"),
    "-p",
    "tsconfig.json",
  ], out);
  if (tsc.code !== 0) throw new Error("tsc failed; see the errors above");
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

async function testOnNode(): Promise<void> {
  const nodes = [
    "node",
    ...(Deno.env.get("GLOBUS_DENO_NODE_MATRIX") ?? "").split(":").filter(
      Boolean,
    ),
  ];
  let passed = 0;
  let failed = 0;
  for (const node of nodes) {
    const version = await sh(node, ["--version"], out).catch(() => ({
      code: 1,
      output: "",
    }));
    if (version.code !== 0) {
      console.log(
        `node at ${node} is not runnable; counting this leg as failed`,
      );
      failed++;
      continue;
    }
    console.log(`\n--- node --test on ${version.output.trim()} ---`);
    const res = await sh(
      node,
      ["--test", "--test-reporter=spec", "esm/tests/"],
      out,
      {
        GLOBUS_DENO_RUNTIME_UNDER_TEST: "node",
        NO_COLOR: "1",
      },
    );
    // deno-lint-ignore no-control-regex
    const counts = parseNodeSummary(res.output.replace(/\x1b\[[0-9;]*m/g, ""));
    if (!counts) {
      failed++;
      continue;
    }
    passed += counts.passed;
    failed += counts.failed;
    if (res.code !== 0 && counts.failed === 0) failed++;
  }
  console.log(`${passed} passed, ${failed} failed`);
  if (failed > 0) Deno.exit(1);
}

if (import.meta.main) {
  try {
    await build();
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    console.log("0 passed, 1 failed");
    Deno.exit(1);
  }
  if (Deno.args.includes("--test")) await testOnNode();
}
