import { test } from "node:test";
import assert from "node:assert/strict";
import { startEmulator } from "../../src/testing/emulator.ts";
import { FaultInjector } from "../../src/testing/faults.ts";
import { api, transferToken } from "./_helpers.ts";
import { rejection, untyped } from "../_helpers/argument_errors.ts";

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

// A fault kind the engine does not have ("timeout", a Globus error code)
// used to be taken, and the request then answered 500 "Emulator error:
// The "statusCode" argument must be integer…".
test("byRequest fault kinds and request numbers are checked at startEmulator() and setFaults(), in process and across the thread", async () => {
  const kinds =
    `"drop", "lost" or an HTTP error status from 400 to 599 as a string ("503", "429", "500", "502", "404", …)`;
  for (const inProcess of [true, false]) {
    assert.equal(
      await rejection(() =>
        startEmulator({
          inProcess,
          faults: { byRequest: untyped({ 1: "timeout" }) },
        })
      ),
      `Cannot set faults as 'byRequest[1]' must be ${kinds}: current value is "timeout" (for a slow answer use rate: { latencyMs }; for one that never comes, "lost" or "drop")`,
    );
    assert.equal(
      await rejection(() =>
        startEmulator({
          inProcess,
          faults: { byRequest: untyped({ 2: "ConsentRequired" }) },
        })
      ),
      `Cannot set faults as 'byRequest[2]' must be ${kinds}: current value is "ConsentRequired" (a Globus error code is not a fault kind: a fault gives its status, e.g. "403", with a generic code)`,
    );
    const emu = await startEmulator({ inProcess });
    try {
      assert.equal(
        await rejection(() =>
          emu.setFaults({ byRequest: untyped({ 0: "503" }) })
        ),
        `Cannot set faults as the keys of 'byRequest' must be request numbers from 1 (the first request after the faults are set), e.g. { 1: "503" }: current key is "0"`,
      );
      assert.equal(
        await rejection(() => emu.setFaults({ byRequest: untyped(["503"]) })),
        `Cannot set faults as 'byRequest' must be an object of request number → fault kind, e.g. { 1: "503", 2: "drop" }: current value is an array`,
      );
      assert.equal(
        await rejection(() =>
          emu.setFaults({ byRequest: untyped({ 1: "200" }) })
        ),
        `Cannot set faults as 'byRequest[1]' must be ${kinds}: current value is "200"`,
      );
      // Over HTTP too: a 400 that says why.
      const r = await fetch(`${emu.url}/_emulator/faults`, {
        method: "POST",
        body: JSON.stringify({ byRequest: { 1: "timeout" } }),
      });
      assert.equal(r.status, 400);
      assert.match(
        (await r.json()).error_description,
        /^Cannot set faults as 'byRequest\[1\]' must be "drop", "lost" or an HTTP error status/,
      );
    } finally {
      await emu.close();
    }
  }
});

test("a byRequest fault may be any HTTP error status, such as 404, answered with a Transfer-style error", async () => {
  const emu = await startEmulator({ faults: { byRequest: { 1: "404" } } });
  try {
    const tok = await transferToken(emu);
    const r = await api(emu, tok, "GET", "task_list");
    assert.equal(r.status, 404);
    assert.equal(r.body.code, "ClientError.NotFound");
    assert.match(r.body.message, /^Injected fault \(request 1\)$/);
    assert.equal((await api(emu, tok, "GET", "task_list")).status, 200);
  } finally {
    await emu.close();
  }
});

test("a rate's name given beside rate (faults: { latencyMs }, as --latency-ms reads) names rate: { latencyMs } (it listed only the options)", () => {
  for (
    const [name, value] of [["latencyMs", 200], ["status503", 0.1]] as const
  ) {
    assert.throws(
      () => new FaultInjector(untyped({ [name]: value })),
      (e: unknown) =>
        e instanceof TypeError &&
        e.message.includes(
          `unknown option '${name}'; did you mean 'rate: { ${name} }'?`,
        ),
    );
  }
});
