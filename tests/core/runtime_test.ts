import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { getEnv, isDeno, nodeVersion } from "../../src/core/runtime.ts";

test("getEnv reads variables", () => {
  process.env.GLOBUS_DENO_TEST_VAR = "x1";
  assert.equal(getEnv("GLOBUS_DENO_TEST_VAR"), "x1");
  delete process.env.GLOBUS_DENO_TEST_VAR;
  assert.equal(getEnv("GLOBUS_DENO_TEST_VAR"), undefined);
});

test("nodeVersion is Node's major and minor under Node (the permission flag's name depends on it), [0, 0] in Deno", () => {
  if (isDeno) {
    assert.deepEqual(nodeVersion(), [0, 0]);
  } else {
    const [major, minor] = process.versions.node.split(".").map(Number);
    assert.deepEqual(nodeVersion(), [major, minor]);
    assert.ok(major! >= 20);
  }
});

test("a Deno run without --allow-env uses the defaults and never prompts", {
  skip: !isDeno ? "Deno-only: checks Deno's permission model" : false,
}, () => {
  const script = fileURLToPath(new URL("./_no_env_probe.ts", import.meta.url));
  // Deno.Command, not node:child_process: Deno hands its own permissions to
  // children spawned through the Node API.
  // deno-lint-ignore no-explicit-any
  const D = (globalThis as any).Deno;
  const out = new D.Command(D.execPath(), {
    args: ["run", "--no-prompt", script],
    env: { GLOBUS_SDK_ENVIRONMENT: "sandbox", GLOBUS_SDK_HTTP_TIMEOUT: "3" },
  }).outputSync();
  const stdout = new TextDecoder().decode(out.stdout);
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  assert.equal(stdout.trim(), "https://transfer.api.globus.org/ 60000");
});
