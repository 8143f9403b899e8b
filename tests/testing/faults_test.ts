import { test } from "node:test";
import assert from "node:assert/strict";
import { startEmulator } from "../../src/testing/emulator.ts";
import { FaultInjector } from "../../src/testing/faults.ts";
import { api, transferToken } from "./_helpers.ts";

test("byRequest faults: 429 with Retry-After, 503, 502, then normal service", async () => {
  const emu = await startEmulator({
    faults: {
      byRequest: { 1: "429", 2: "503", 3: "502", 4: "500" },
      retryAfterS: 3,
    },
  });
  try {
    const tok = await transferToken(emu);
    const r1 = await api(emu, tok, "GET", "task_list");
    assert.equal(r1.status, 429);
    assert.equal(r1.headers.get("retry-after"), "3");
    assert.equal(typeof r1.body.code, "string");
    assert.equal(typeof r1.body.request_id, "string");
    const r2 = await api(emu, tok, "GET", "task_list");
    assert.equal(r2.status, 503);
    assert.equal(r2.headers.get("retry-after"), "3");
    assert.equal((await api(emu, tok, "GET", "task_list")).status, 502);
    assert.equal((await api(emu, tok, "GET", "task_list")).status, 500);
    assert.equal((await api(emu, tok, "GET", "task_list")).status, 200);
    assert.equal(emu.requestCount, 5);
  } finally {
    await emu.close();
  }
});

test("a dropped connection fails the fetch; control routes are never faulted", async () => {
  const emu = await startEmulator({ faults: { byRequest: { 1: "drop" } } });
  try {
    const health = await fetch(`${emu.url}/_emulator/health`);
    assert.equal(health.status, 200);
    await health.body?.cancel();
    const tok = await transferToken(emu);
    await assert.rejects(fetch(`${emu.transferUrl}v0.10/task_list`, {
      headers: { authorization: `Bearer ${tok}` },
    }));
    assert.equal((await api(emu, tok, "GET", "task_list")).status, 200);
  } finally {
    await emu.close();
  }
});

test("faults apply to Auth too and can be changed at runtime (in-process and over HTTP)", async () => {
  const emu = await startEmulator();
  try {
    emu.setFaults({ rate: { status503: 1 } });
    const r = await fetch(`${emu.authUrl}.well-known/openid-configuration`);
    assert.equal(r.status, 503);
    await r.body?.cancel();
    emu.setFaults(undefined);
    const ok = await fetch(`${emu.authUrl}.well-known/openid-configuration`);
    assert.equal(ok.status, 200);
    await ok.body?.cancel();
    const set = await fetch(`${emu.url}/_emulator/faults`, {
      method: "POST",
      body: JSON.stringify({ byRequest: { 1: "429" }, retryAfterS: 0 }),
    });
    assert.equal(set.status, 200);
    await set.body?.cancel();
    const f = await fetch(`${emu.authUrl}jwk.json`);
    assert.equal(f.status, 429);
    assert.equal(f.headers.get("retry-after"), "0");
    await f.body?.cancel();
    const bad = await fetch(`${emu.url}/_emulator/faults`, {
      method: "POST",
      body: JSON.stringify({ rate: { status503: 2 } }),
    });
    assert.equal(bad.status, 400);
    await bad.body?.cancel();
  } finally {
    await emu.close();
  }
});

test("rate faults are deterministic for a seed", () => {
  const run = (seed: number) => {
    const f = new FaultInjector({
      rate: { status503: 0.2, status429: 0.1, drop: 0.1 },
      seed,
    });
    return Array.from(
      { length: 200 },
      () => f.decide("/transfer/v0.10/task_list").kind,
    );
  };
  const a = run(7);
  assert.deepEqual(run(7), a);
  assert.notDeepEqual(run(8), a);
  const n503 = a.filter((k) => k === "503").length;
  assert.ok(n503 > 10 && n503 < 80);
  assert.ok(a.includes("429") && a.includes("drop") && a.includes(null));
  assert.throws(() => new FaultInjector({ rate: { drop: -1 } }), RangeError);
});

test("pathPrefixes limits which requests are faulted; latency delays responses", async () => {
  const emu = await startEmulator({
    faults: {
      rate: { status503: 1, latencyMs: 5 },
      pathPrefixes: ["/transfer/"],
    },
  });
  try {
    const tok = await transferToken(emu);
    const auth = await fetch(`${emu.authUrl}jwk.json`);
    assert.equal(auth.status, 200);
    await auth.body?.cancel();
    assert.equal((await api(emu, tok, "GET", "task_list")).status, 503);
  } finally {
    await emu.close();
  }
});
