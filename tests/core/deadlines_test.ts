import { test } from "node:test";
import assert from "node:assert/strict";
import { HttpTransport } from "../../src/core/transport.ts";
import { TimeoutError } from "../../src/core/errors.ts";
import { pendingDeadlines } from "../../src/core/_deadlines.ts";
import { isDeno } from "../../src/core/runtime.ts";
import { fileURLToPath } from "node:url";
import process from "node:process";

// deno-lint-ignore no-explicit-any
const D = (globalThis as any).Deno;

const URL_TASK = "https://transfer.api.globus.org/v0.10/task/123";

/** A fetch that answers only when its signal aborts (with the reason). */
const hanging = (_i: unknown, init?: RequestInit) =>
  new Promise<Response>((_r, reject) =>
    init?.signal?.addEventListener("abort", () => reject(init.signal!.reason))
  );

test("a finished attempt leaves no timeout pending (nothing kept for the whole timeout)", async () => {
  const t = new HttpTransport({
    fetch: () => Promise.resolve(Response.json({ ok: true })),
    timeoutMs: 60_000,
  });
  const before = pendingDeadlines();
  await Promise.all(
    Array.from(
      { length: 50 },
      () => t.request({ method: "GET", url: URL_TASK }),
    ),
  );
  for (let i = 0; i < 50; i++) {
    await t.request({ method: "GET", url: URL_TASK });
  }
  assert.equal(pendingDeadlines(), before);
  // An error response and a failed fetch end their attempts too.
  const failing = new HttpTransport({
    fetch: () => Promise.reject(new TypeError("connection refused")),
    timeoutMs: 60_000,
    retry: false,
  });
  await assert.rejects(failing.request({ method: "GET", url: URL_TASK }));
  assert.equal(pendingDeadlines(), before);
});

test("a shorter timeout started after a longer one fires first, and a caller's abort ends the longer one's", async () => {
  // Node's and Deno's timeout timers do not keep the process alive (a real
  // request's socket would); hold the event loop open meanwhile.
  const keepAlive = setInterval(() => {}, 1000);
  try {
    const long = new HttpTransport({
      fetch: hanging,
      timeoutMs: 60_000,
      retry: false,
    });
    const short = new HttpTransport({
      fetch: hanging,
      timeoutMs: 15,
      retry: false,
    });
    const answered = new HttpTransport({
      fetch: () => Promise.resolve(Response.json({ ok: true })),
      timeoutMs: 60_000,
      retry: false,
    });
    const stop = new AbortController();
    const a = long.request({
      method: "GET",
      url: URL_TASK,
      signal: stop.signal,
    });
    let longSettled = false;
    a.then(() => {}, () => {}).finally(() => longSettled = true);
    const b = short.request({ method: "GET", url: URL_TASK });
    const ok = await answered.request({ method: "GET", url: URL_TASK });
    assert.deepEqual(ok.data, { ok: true });
    // The 15 ms timeout does not wait for the 60 s one armed before it.
    await assert.rejects(
      b,
      (e: unknown) => e instanceof TimeoutError && e.timeoutMs === 15,
    );
    assert.equal(longSettled, false);
    assert.equal(pendingDeadlines(), 1);
    stop.abort(new Error("stopped by the caller"));
    await assert.rejects(a, /stopped by the caller/);
    assert.equal(pendingDeadlines(), 0);
  } finally {
    clearInterval(keepAlive);
  }
});

test(
  "a script exits once its last answer is in, and waits for a pending attempt's timeout",
  { skip: isDeno ? false : "runs a Deno child process" },
  async () => {
    const probe = fileURLToPath(
      new URL("./_deadline_exit_probe.ts", import.meta.url),
    );
    const run = async (mode: string) => {
      // Killed after 30 s: a request answered at once must not hold the
      // process for its 60 s timeout.
      const out = await new D.Command(D.execPath(), {
        args: ["run", "--no-prompt", "--allow-read", probe, mode],
        stdout: "piped",
        stderr: "piped",
        signal: AbortSignal.timeout(30_000),
      }).output();
      return {
        code: out.code as number,
        stdout: new TextDecoder().decode(out.stdout).trim(),
        stderr: new TextDecoder().decode(out.stderr),
      };
    };
    const quick = await run("quick");
    assert.deepEqual(
      [quick.code, quick.stdout],
      [0, '{"ok":true}'],
      quick.stderr,
    );
    // A hanging request keeps the process alive until its timeout fires
    // (it does not exit with the promise still pending).
    const hang = await run("hang");
    assert.deepEqual(
      [hang.code, hang.stdout],
      [0, "TimeoutError"],
      hang.stderr,
    );
  },
);

test("a timeout longer than a timer can hold (30 days) waits quietly: Node took it for 1 ms, warned and re-armed every millisecond", async () => {
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(w.name);
  process.on("warning", onWarning);
  const t = new HttpTransport({ fetch: hanging, timeoutMs: 30 * 86_400_000 });
  const controller = new AbortController();
  const call = t.request({
    method: "GET",
    url: URL_TASK,
    signal: controller.signal,
  });
  // The SDK's timers do not keep Node alive; the hanging fetch holds nothing.
  const alive = setInterval(() => {}, 1000);
  try {
    // A short timeout that fires: the one timer is then armed for the
    // 30 days (whatever earlier tests left armed).
    const short = new HttpTransport({
      fetch: hanging,
      timeoutMs: 1,
      retry: false,
    });
    await assert.rejects(
      short.request({ method: "GET", url: URL_TASK }),
      TimeoutError,
    );
    // Long enough for a re-armed 1 ms timer to fire many times.
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, 5));
    }
    assert.deepEqual(warnings, []);
  } finally {
    controller.abort();
    await call.catch(() => undefined);
    process.off("warning", onWarning);
    clearInterval(alive);
  }
});
