import { test } from "node:test";
import assert from "node:assert/strict";
import { npmDependency } from "../../src/core/_npm_dependency.ts";
import { GlobusError } from "../../src/core/errors.ts";

test("a dependency that cannot be loaded is a GlobusError naming the package, what needs it and the fix (it was a plain Error, missed by `catch (e) { if (e instanceof GlobusError) … }`); a later call tries again", async () => {
  let calls = 0;
  const load = npmDependency("oauth4webapi", "logins", () => {
    calls++;
    return calls === 1
      ? Promise.reject(
        new Error(
          "Cannot find package 'oauth4webapi' imported from '/x/y.js'",
        ),
      )
      : Promise.resolve({ ok: true });
  });
  const err = await load().catch((e) => e);
  assert.ok(err instanceof GlobusError, String(err));
  assert.match(err.message, /could not load 'oauth4webapi', which logins need/);
  assert.match(err.message, /deno install|npm install/);
  assert.ok(err.cause instanceof Error);
  assert.deepEqual(await load(), { ok: true });
  assert.equal(calls, 2);
});
