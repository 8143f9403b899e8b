/**
 * `interruptible`: an interrupt aborts the wait with the given reason, the
 * caller's own signal still works, and the listener is gone once the wait
 * is over (after it, an interrupt is Deno's again). The real kernel is in
 * kernel_interrupt_test.ts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  interruptible,
  type InterruptSource,
  kernelInterrupts,
} from "../../src/core/_interrupt.ts";
import { drive, siblingProgram } from "../app/_spawn.ts";

function fakeSource(): InterruptSource & {
  handlers: Set<() => void>;
  interrupt(): void;
} {
  const handlers = new Set<() => void>();
  return {
    handlers,
    listen(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    interrupt() {
      for (const h of [...handlers]) h();
    },
  };
}

/** A wait that ends only when its signal is aborted. */
function waitForAbort(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_, reject) => {
    if (!signal) throw new Error("the wait got no signal");
    signal.addEventListener("abort", () => reject(signal.reason), {
      once: true,
    });
  });
}

test("an interrupt ends the wait with the reason and removes the listener", async () => {
  const source = fakeSource();
  const reason = new DOMException("Interrupted: stopped waiting", "AbortError");
  const wait = interruptible(source, undefined, () => reason, waitForAbort);
  assert.equal(source.handlers.size, 1);
  source.interrupt();
  await assert.rejects(wait, (err) => err === reason);
  assert.equal(source.handlers.size, 0);
});

test("the caller's signal still aborts the wait, with its own reason", async () => {
  const source = fakeSource();
  const controller = new AbortController();
  const wait = interruptible(
    source,
    controller.signal,
    () => new Error("not this one"),
    waitForAbort,
  );
  controller.abort(new Error("the caller's"));
  await assert.rejects(wait, /the caller's/);
  assert.equal(source.handlers.size, 0);
});

test("a wait that ends by itself leaves no listener, so a later interrupt is not caught", async () => {
  const source = fakeSource();
  assert.equal(
    await interruptible(source, undefined, () => "x", () => Promise.resolve(7)),
    7,
  );
  assert.equal(source.handlers.size, 0);
  await assert.rejects(
    interruptible(source, undefined, () => "x", () => {
      throw new Error("failed inside");
    }),
    /failed inside/,
  );
  assert.equal(source.handlers.size, 0);
});

test("without a source the wait gets the caller's signal as it is", async () => {
  const controller = new AbortController();
  let seen: AbortSignal | undefined;
  await interruptible(undefined, controller.signal, () => "x", (s) => {
    seen = s;
    return Promise.resolve();
  });
  assert.equal(seen, controller.signal);
  await interruptible(undefined, undefined, () => "x", (s) => {
    seen = s;
    return Promise.resolve();
  });
  assert.equal(seen, undefined);
});

test("outside the Deno Jupyter kernel nothing listens for interrupts", () => {
  assert.equal(kernelInterrupts(), undefined);
});

test("an interrupt during a held save (a rotated refresh's tokens) ends the open progress line as for a program that ends, and the program ends by SIGINT at the release, not before", async () => {
  const p = drive(
    siblingProgram("_held_interrupt_child", import.meta.url),
    [],
    {},
    "null",
  );
  try {
    // Killed by SIGINT: Deno reports 130, and Node no code (-1 here).
    assert.ok([130, -1].includes(await p.exit()), p.output);
  } finally {
    p.kill();
  }
  assert.equal(p.stdout, "TIDY ending=true\nSAVED\n");
});
