/**
 * A short run of the token file lock stress harness (the full one is
 * `deno task stress:tokens`): writer processes on two simulated hosts share
 * one token file while random ones, half of them the lock's holder, are
 * killed with SIGKILL. Under Deno the writers are Deno processes without
 * `--allow-run` (what the README asks for); under Node (the npm build),
 * Node processes.
 *
 * Asserts outcomes only, never speeds: no lost update, no torn file, every
 * killed holder's lock taken over, no writer error, nothing left behind.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import process from "node:process";
import { isDeno } from "../../src/core/runtime.ts";
import { formatResult, runLockStress } from "./_lock_stress.ts";

test(
  "6 writers on 2 hosts, 16 kill -9: no lost update, no torn file, no leftover",
  {
    skip: process.platform === "win32" ? "SIGKILL semantics differ" : false,
  },
  async () => {
    const r = await runLockStress({
      writers: 6,
      kills: 16,
      hosts: ["ci-host-a", "ci-host-b"],
      runtimes: [isDeno ? "deno" : "node"],
      denoAllowRun: false,
    });
    const summary = formatResult(r);
    assert.equal(r.lost, 0, summary);
    assert.equal(r.torn, 0, summary);
    assert.ok(r.samples > 0, summary);
    assert.equal(r.unrecovered, 0, summary);
    assert.equal(r.errors, 0, summary);
    assert.equal(r.crashes, 0, summary);
    assert.deepEqual(r.leftovers, [], summary);
    assert.ok(r.saves > 0, summary);
  },
);
