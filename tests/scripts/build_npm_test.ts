import { test } from "node:test";
import assert from "node:assert/strict";
import { isDeno } from "../../src/core/runtime.ts";

// The scripts run under Deno only; the specifier is computed so the npm
// build's compiler does not follow it.
const buildNpm = () =>
  import(new URL("../../scripts/build_npm.ts", import.meta.url).href);
const denoOnly = { skip: isDeno ? false : "the scripts run under Deno" };

const WORKER = `import { parentPort } from "node:worker_threads";
import { startEmulator } from "./emulator.js";
import { adoptSigningKeys as adopt } from "./keys.js";
import { isSyncRequest, serializeError, SyncAnswerer, } from "./sync_channel.js";
const answerer = new SyncAnswerer();
`;

test(
  "the worker module's relative named imports are read, aliases included",
  denoOnly,
  async () => {
    const { relativeImports } = await buildNpm();
    const found = relativeImports(WORKER, "worker.js");
    assert.deepEqual(
      found.map((i: { specifier: string }) => i.specifier),
      ["./emulator.js", "./keys.js", "./sync_channel.js"],
    );
    assert.deepEqual(found[1].names, [
      { imported: "adoptSigningKeys", local: "adopt" },
    ]);
    assert.deepEqual(
      found[2].names.map((n: { local: string }) => n.local),
      ["isSyncRequest", "serializeError", "SyncAnswerer"],
    );
  },
);

test(
  "any other relative import of the worker module stops the build",
  denoOnly,
  async () => {
    const { relativeImports } = await buildNpm();
    for (
      const line of [
        `import keys from "./keys.js";`,
        `import * as keys from "./keys.js";`,
        `import "./keys.js";`,
        `export { x } from "./keys.js";`,
        `const k = await import("./keys.js");`,
      ]
    ) {
      assert.throws(
        () => relativeImports(`${WORKER}${line}\n`, "worker.js"),
        /cannot be re-pointed at the bundle/,
        line,
      );
    }
  },
);

test(
  "the worker imports each name from the bundle, which re-exports it under the prefix",
  denoOnly,
  async () => {
    const { repointWorker, WORKER_EXPORT_PREFIX: P } = await buildNpm();
    const { entry, code } = repointWorker(
      WORKER,
      (spec: string) => "./src/testing/" + spec.slice(2),
      "./emulator.js",
    );
    assert.equal(
      entry,
      [
        `export { startEmulator as ${P}startEmulator } from "./src/testing/emulator.js";`,
        `export { adoptSigningKeys as ${P}adopt } from "./src/testing/keys.js";`,
        `export { isSyncRequest as ${P}isSyncRequest, serializeError as ${P}serializeError, SyncAnswerer as ${P}SyncAnswerer } from "./src/testing/sync_channel.js";`,
      ].join("\n"),
    );
    assert.match(code, /^import \{ parentPort \} from "node:worker_threads";/);
    assert.match(
      code,
      new RegExp(
        `import \\{ ${P}adopt as adopt \\} from "\\./emulator\\.js";`,
      ),
    );
    assert.doesNotMatch(code, /from "\.\/(keys|sync_channel)\.js"/);
    assert.match(code, /const answerer = new SyncAnswerer\(\);\n$/);
  },
);

test(
  "declarations: the @module comment is found, and indentation becomes tabs before any '*'",
  denoOnly,
  async () => {
    const { moduleDoc, tabIndent } = await buildNpm();
    const doc = "/**\n * The SDK.\n *\n * @module\n */\n";
    assert.equal(moduleDoc(`${doc}export * from "./a.ts";\n`), doc);
    assert.equal(moduleDoc("/** A class. */\nexport declare class A {}\n"), "");
    assert.equal(moduleDoc("export declare const a = 1;\n"), "");
    assert.equal(
      tabIndent(
        "interface A {\n    /**\n     * Text.\n     *     code\n     */\n    a: {\n        b: 1;\n    };\n}\n",
      ),
      "interface A {\n\t/**\n\t * Text.\n\t *     code\n\t */\n\ta: {\n\t\tb: 1;\n\t};\n}\n",
    );
  },
);

test(
  "the tarball takes the bundles, never per-module output, tests or sources",
  denoOnly,
  async () => {
    const { unwantedInPack } = await buildNpm();
    for (
      const ok of [
        "esm/mod.js",
        "esm/mod.d.ts",
        "esm/testing.js",
        "esm/_testing/emulator.js",
        "esm/_testing/emulator_worker.js",
        "README.md",
      ]
    ) {
      assert.equal(unwantedInPack(ok), null, ok);
    }
    for (
      const bad of [
        "esm/src/core/runtime.js",
        "esm/src/testing/emulator.d.ts",
        "esm/tests/core/x_test.js",
        "src/mod.ts",
        "tsconfig.json",
      ]
    ) {
      assert.notEqual(unwantedInPack(bad), null, bad);
    }
  },
);

test(
  "the consumer's require() run is skipped only on Nodes that cannot require() ES modules",
  denoOnly,
  async () => {
    const { hasRequireEsm } = await buildNpm();
    const can = ["v20.19.0", "v20.20.2", "v22.12.0", "v22.23.5", "v23.0.0"];
    const cannot = ["v20.16.0", "v20.18.3", "v22.11.0", "v21.7.3", "v18.20.0"];
    assert.deepEqual(can.filter((v) => !hasRequireEsm(v)), []);
    assert.deepEqual(cannot.filter((v) => hasRequireEsm(v)), []);
    assert.equal(hasRequireEsm("v24.22.3"), true);
  },
);

test(
  "the consumer project is type-checked by TypeScript 7 (what `npm i typescript` installs) beside 5.9",
  denoOnly,
  async () => {
    const { CONSUMER_TYPE_CHECKS } = await buildNpm();
    const { readFile } = await import("node:fs/promises");
    const template = JSON.parse(
      await readFile(
        new URL(
          "../e2e/npm_consumer/package.template.json",
          import.meta.url,
        ),
        "utf8",
      ),
    );
    const dev = template.devDependencies as Record<string, string>;
    const ts7 = CONSUMER_TYPE_CHECKS.find((t: { major: number }) =>
      t.major === 7
    );
    assert.ok(ts7, "no TypeScript 7 type-check of the consumer");
    assert.match(dev[ts7.folder] ?? "", /^npm:typescript@\^7\./);
    assert.match(dev.typescript ?? "", /^\^5\./);
    const configs = ts7.configs.map((c: string[]) => c[1]);
    for (
      const c of [
        "nodenext",
        "node16",
        "bundler",
        "preserve",
        "notypes",
        "nodom",
      ]
    ) {
      assert.ok(configs.includes(c), c);
    }
  },
);

/** Runs `code` as a function body and returns what it returns. */
// deno-lint-ignore no-explicit-any
const run = (code: string): any => new Function(code)();

const LIST_CODE = [
  'const s = "a;b,c{d}(e)[f] and more text than fits on one line";',
  "function f(x, y) { return x + y }",
  "function g() { let a = 1; return a }",
  "const t = `${s};{${f(1, 2)}}, ${[1, 2, 3].map((n) => n * 2).join()}`;",
  "const r = /[;,{]\\/(x)/g;",
  "const o = { a: 1, b: [1, 2, 3], c() { return s }, async d() { return 1 } };",
  "class K { x = 1; static y = 2; m() { return this.x } }",
  "let i = 0; i++; ++i;",
  "return [s, f(1, 2), g(), t, r.source, o.a, o.b, o.c(), new K().m(), K.y, i];",
].join("");

test(
  "minified lines are broken only between list items, never inside a literal or before a restricted token",
  denoOnly,
  async () => {
    const { breakLines } = await buildNpm();
    const before = run(LIST_CODE);
    for (const limit of [1, 10, 20, 40, 80]) {
      const broken: string = breakLines(LIST_CODE, limit);
      assert.equal(broken.replaceAll("\n", ""), LIST_CODE, `limit ${limit}`);
      assert.deepEqual(run(broken), before, `limit ${limit}`);
      assert.ok(broken.split("\n").length > 3, `limit ${limit}: few lines`);
      assert.match(broken, /"a;b,c\{d\}\(e\)\[f\] and more/);
      assert.doesNotMatch(broken, /(return|\+\+)\n/);
    }
    // Only the line holding the long string is longer than asked.
    const lines: string[] = breakLines(LIST_CODE, 40).split("\n");
    assert.deepEqual(
      lines.filter((l) => l.length > 40),
      ['const s = "a;b,c{d}(e)[f] and more text than fits on one line";'],
    );
    assert.equal(breakLines(LIST_CODE, 1e9), LIST_CODE);
  },
);

const NAMED = `
var __name = (t, v) => Object.defineProperty(t, "name", { value: v, configurable: true });
var __esm = (o) => () => { for (const k in o) o[k](); };
var Baz;
function send() {} __name(send, "send");
function send2() {} __name(send2, "send");
var Foo = class { static { __name(this, "Foo"); } m() {} };
var Bar = class _Bar { static { __name(this, "Bar"); } };
var o = { onRefresh: __name(() => 1, "onRefresh") };
let later; later = __name(() => 2, "later");
var init = __esm({ "x.js"() { Baz = class { static { __name(this, "Baz"); } }; __name(hoisted, "hoisted"); } });
function hoisted() {}
function shadow(hoisted) { __name(hoisted, "hoisted"); return hoisted; }
init();
return [send.name, send2.name, Foo.name, Bar.name, o.onRefresh.name, later.name, hoisted.name, Baz.name, shadow(() => 0).name];
`;

test(
  "only the __name() calls that set the name a function or class has anyway are dropped",
  denoOnly,
  async () => {
    const { dropRedundantNames } = await buildNpm();
    const { code, classBindings } = dropRedundantNames(NAMED);
    assert.deepEqual(run(code), run(NAMED));
    assert.deepEqual(run(code), [
      "send",
      "send",
      "Foo",
      "Bar",
      "onRefresh",
      "later",
      "hoisted",
      "Baz",
      "hoisted",
    ]);
    assert.deepEqual(classBindings, ["Baz", "Foo"]);
    for (
      const gone of [
        '__name(send, "send")',
        '__name(this, "Foo")',
        '__name(this, "Baz")',
        '__name(() => 1, "onRefresh")',
        '} __name(hoisted, "hoisted")',
      ]
    ) {
      assert.ok(!code.includes(gone), gone);
    }
    for (
      const kept of [
        '__name(send2, "send")',
        '__name(this, "Bar")',
        '__name(() => 2, "later")',
        '{ __name(hoisted, "hoisted"); return hoisted; }',
      ]
    ) {
      assert.ok(code.includes(kept), kept);
    }
  },
);

test(
  "the npm build compiles mod.ts from src/mod.ts, not Deno's bundle in dist/",
  denoOnly,
  async () => {
    const { fromSources } = await buildNpm();
    const modTs = await import("node:fs/promises").then((fs) =>
      fs.readFile(new URL("../../mod.ts", import.meta.url), "utf8")
    );
    const compiled: string = fromSources(modTs);
    assert.match(compiled, /^export \* from "\.\/src\/mod\.ts";$/m);
    assert.doesNotMatch(compiled, /dist\//);
    assert.doesNotMatch(compiled, /@ts-types/);
    // The module's documentation stays: it is the package's front page.
    assert.match(compiled, /^ \* @module$/m);
    // An entry point that re-exports its sources directly is left alone.
    const plain =
      `/** Docs. @module */\nexport * from "./src/testing/emulator.ts";\n`;
    assert.equal(fromSources(plain), plain);
  },
);

test(
  "the package's dependencies are what its code loads when it runs, not what it imports for types or builds with",
  denoOnly,
  async () => {
    const { runtimePackages } = await buildNpm();
    const source = `import type { z as Z } from "zod";
import {
  exportJWK,
  SignJWT,
} from "jose";
export { a } from "@scope/pkg/sub";
export type { B } from "types-only";
import "side-effect";
import { readFile } from "node:fs/promises";
import { x } from "./local.ts";
const o = await import("oauth4webapi");
const s = import("node:sqlite");
// Bundled output: no spaces.
import{c}from"minified/deep/path";
/** Example: import { z } from "in-a-doc-comment"; */
// import "in-a-line-comment";
module.exports = "not-an-import";
const words = "export default";`;
    assert.deepEqual(
      [...runtimePackages(source)].sort(),
      ["@scope/pkg", "jose", "minified", "oauth4webapi", "side-effect"],
    );
    // The sources themselves: zod is for types only, the build tools for
    // the build.
    const { readFile } = await import("node:fs/promises");
    const oidc = await readFile(
      new URL("../../src/auth/_jose.ts", import.meta.url),
      "utf8",
    );
    assert.ok(runtimePackages(oidc).has("jose"));
    const schema = await readFile(
      new URL("../../src/core/_schema.ts", import.meta.url),
      "utf8",
    );
    assert.ok(!runtimePackages(schema).has("zod"));
  },
);

test(
  "./testing's declarations take LoginFlowManager from the main entry's file instead of a copy of all it reaches",
  denoOnly,
  async () => {
    const { importFromMain } = await buildNpm();
    const rolled = `import { LoginFlowManager } from './src/app/login_flow.js';
import { Other } from "./src/core/other.js";
import { Deep } from "../src/app/login_flow.d.ts";
export declare function f(): LoginFlowManager;
`;
    assert.equal(
      importFromMain(rolled, "esm/mod.d.ts"),
      `import { LoginFlowManager } from './mod.js';
import { Other } from "./src/core/other.js";
import { Deep } from "./mod.js";
export declare function f(): LoginFlowManager;
`,
    );
  },
);
