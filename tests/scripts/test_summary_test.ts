import { test } from "node:test";
import assert from "node:assert/strict";
import { isDeno } from "../../src/core/runtime.ts";

// The scripts run under Deno only; the specifiers are computed so the npm
// build's compiler does not follow them.
const scripts = (name: string) =>
  new URL(`../../scripts/${name}`, import.meta.url).href;
const denoOnly = { skip: isDeno ? false : "the scripts run under Deno" };

test(
  "a missing Node 22/24 leg is reported as skipped, with why and how to add it",
  denoOnly,
  async () => {
    const { missingMajors } = await import(scripts("build_npm.ts"));
    assert.deepEqual(
      missingMajors(["v20.20.2", "v22.3.0", "v24.1.0"], true),
      [],
    );
    const unset = missingMajors(["v20.20.2"], false);
    assert.equal(unset.length, 2);
    assert.match(unset[0], /^node --test on Node 22: not installed/);
    assert.match(unset[0], /bash \.ci\/run/);
    assert.match(unset[0], /GLOBUS_DENO_NODE_MATRIX=/);
    assert.match(unset[1], /^node --test on Node 24: /);
    // A path that does not run counts as missing too.
    const broken = missingMajors(["v20.20.2", null, "v24.0.0"], true);
    assert.deepEqual(broken.length, 1);
    assert.match(broken[0], /Node 22: not in GLOBUS_DENO_NODE_MATRIX/);
  },
);

test(
  "the test runner's summary gathers each suite's skip reasons",
  denoOnly,
  async () => {
    const { parseSkipReasons } = await import(scripts("test.ts"));
    const npmOut = [
      "✔ publint",
      "Failed:",
      "  - node --test on v20: 1 failed",
      "Skipped:",
      "  - node --test on Node 22: not installed",
      "  - node --test on Node 24: not installed",
      "10 passed, 1 failed, 2 skipped",
    ].join("\n");
    assert.deepEqual(parseSkipReasons(npmOut), [
      "node --test on Node 22: not installed",
      "node --test on Node 24: not installed",
    ]);
    assert.deepEqual(
      parseSkipReasons(
        "notebooks skipped: jupyter_client not importable\n0 passed, 0 failed, 1 skipped",
      ),
      ["notebooks skipped: jupyter_client not importable"],
    );
    assert.deepEqual(parseSkipReasons("ok | 3 passed | 0 failed\n"), []);
  },
);

test(
  "the run ends with exactly 'N passed, N failed' (what CI reads), skipped tests counted on the line before",
  denoOnly,
  async () => {
    const { summaryLines } = await import(scripts("test.ts"));
    assert.deepEqual(summaryLines(3564, 0, 7), [
      "(7 skipped)",
      "3564 passed, 0 failed",
    ]);
    assert.deepEqual(summaryLines(10, 2, 0), ["10 passed, 2 failed"]);
  },
);
