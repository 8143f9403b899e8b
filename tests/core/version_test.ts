/**
 * The package version is exported (Python's `globus_sdk.__version__`: a
 * Node user found `VERSION` and `__version__` both undefined) and is the
 * version the package is published as.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import * as sdk from "../../src/mod.ts";

test("VERSION (Python's __version__) is exported and is the published version (deno.json's, or the npm build's package.json)", async () => {
  assert.equal(typeof sdk.VERSION, "string");
  // Deno runs this file from tests/core/; Node runs its build from
  // npm/esm/tests/core/, beside npm/package.json.
  const manifests = ["../../deno.json", "../../../package.json"];
  let found = 0;
  for (const rel of manifests) {
    let text: string;
    try {
      text = await readFile(new URL(rel, import.meta.url), "utf8");
    } catch {
      continue;
    }
    const manifest = JSON.parse(text) as { name?: string; version?: string };
    if (manifest.name !== "@globus-deno/sdk") continue;
    found++;
    assert.equal(sdk.VERSION, manifest.version, rel);
  }
  assert.ok(found > 0, "no manifest of @globus-deno/sdk was found");
});
