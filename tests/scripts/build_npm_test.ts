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
