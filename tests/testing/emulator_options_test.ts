import { test } from "node:test";
import assert from "node:assert/strict";
import { startEmulator } from "../../testing.ts";
import { FaultInjector } from "../../src/testing/faults.ts";
import { rejection, untyped } from "../_helpers/argument_errors.ts";

// The emulator's option bags: a Python-style name (auto_approve) or a
// misspelling used to be ignored, so the emulator started without the
// setting (a consent page where none was wanted, no faults where a test
// expected them).

test("startEmulator refuses snake_case and misspelled option names before starting", async () => {
  assert.equal(
    await rejection(() => startEmulator(untyped({ auto_approve: true }))),
    "startEmulator(): unknown option 'auto_approve'; did you mean 'autoApprove'? Options are camelCase here, not the Python SDK's snake_case.",
  );
  assert.equal(
    await rejection(() =>
      startEmulator(untyped({ inProcess: true, tokenLifetme: 60 }))
    ),
    "startEmulator(): unknown option 'tokenLifetme'; did you mean 'tokenLifetimeS' (in seconds)?",
  );
  assert.match(
    await rejection(() => startEmulator(untyped(8080))),
    /^startEmulator\(\): the options must be an object of named options, not the number 8080, as in startEmulator\(\{ autoApprove: true \}\)/,
  );
});

test("fault settings refuse unknown names, at start and in setFaults()", async () => {
  assert.equal(
    await rejection(() =>
      startEmulator({ faults: untyped({ retry_after_s: 0 }) })
    ),
    "faults: unknown option 'retry_after_s'; did you mean 'retryAfterS'? Options are camelCase here, not the Python SDK's snake_case.",
  );
  assert.equal(
    await rejection(() =>
      new FaultInjector(untyped({ rate: { status_503: 1 } }))
    ),
    "faults rate: unknown option 'status_503'; did you mean 'status503'? Options are camelCase here, not the Python SDK's snake_case.",
  );
  assert.equal(
    await rejection(() => new FaultInjector(untyped({ byrequest: {} }))),
    "faults: unknown option 'byrequest'; did you mean 'byRequest'?",
  );
  // The right names still work, and undefined means no faults.
  new FaultInjector({ rate: { status503: 0.5, latencyMs: 1 }, seed: 3 });
  new FaultInjector(undefined);
});

test("approve, mintTokens, seedTasks and setFaults of a running emulator refuse unknown names (across its thread too)", async () => {
  for (const inProcess of [true, false]) {
    const emu = await startEmulator({ inProcess });
    try {
      assert.equal(
        await rejection(() =>
          emu.mintTokens(
            "urn:globus:auth:scope:transfer.api.globus.org:all",
            untyped({ refresh_tokens: true }),
          )
        ),
        "Emulator.mintTokens(): unknown option 'refresh_tokens'; did you mean 'refreshTokens'? Options are camelCase here, not the Python SDK's snake_case.",
      );
      assert.equal(
        await rejection(() =>
          emu.approve(`${emu.authUrl}x`, untyped({ user: "alice" }))
        ),
        "Emulator.approve(): unknown option 'user'. Its options are: as.",
      );
      assert.match(
        await rejection(() => emu.approve(`${emu.authUrl}x`, untyped("alice"))),
        /^Emulator\.approve\(\): the options must be an object of named options, not a string \(5 characters\); write \{ as: … \}, as in emulator\.approve\(url, \{ as: "alice" \}\)/,
      );
      assert.equal(
        await rejection(() => emu.seedTasks(3, untyped({ lable: "x" }))),
        "Emulator.seedTasks(): unknown option 'lable'; did you mean 'label'?",
      );
      assert.equal(
        await rejection(() => emu.setFaults(untyped({ seeed: 2 }))),
        "faults: unknown option 'seeed'; did you mean 'seed'?",
      );
      // The right names still work.
      const tokens = await emu.mintTokens(
        "urn:globus:auth:scope:transfer.api.globus.org:all",
        { refreshTokens: true },
      );
      assert.equal(typeof tokens.refresh_token, "string");
      assert.equal(emu.seedTasks(2, { label: "t{i}" }).count, 2);
    } finally {
      await emu.close();
    }
  }
});

/** The class name and message of what `fn` rejects with. */
async function refusal(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
  } catch (err) {
    assert.ok(err instanceof Error, String(err));
    return `${err.name}: ${err.message}`;
  }
  assert.fail("expected startEmulator() to refuse the options");
}

test("startEmulator refuses out-of-range values, and a clock for a worker thread, naming the option and its value", async () => {
  assert.equal(
    await refusal(() => startEmulator({ port: 70000 })),
    "RangeError: Cannot start the emulator as 'port' must be an integer from 0 to 65535: current value is 70000",
  );
  assert.equal(
    await refusal(() => startEmulator({ port: 80.5 })),
    "RangeError: Cannot start the emulator as 'port' must be an integer from 0 to 65535: current value is 80.5",
  );
  // A port fetch refuses: no client or browser could reach the emulator.
  for (const port of [6000, 10080]) {
    assert.match(
      await refusal(() => startEmulator({ port })),
      new RegExp(
        `^RangeError: Cannot start the emulator on port ${port}: fetch refuses it .*Choose another port, e\\.g\\. 8000, or 0 for a free one$`,
      ),
    );
  }
  assert.equal(
    await refusal(() => startEmulator({ tokenLifetimeS: 0 })),
    "RangeError: Cannot start the emulator as 'tokenLifetimeS' must be a positive number: current value is 0",
  );
  assert.equal(
    await refusal(() => startEmulator({ throttleBytesPerSecond: -1 })),
    "RangeError: Cannot start the emulator as 'throttleBytesPerSecond' must be positive: current value is -1",
  );
  assert.match(
    await refusal(() =>
      startEmulator({
        inProcess: false,
        clock: { now: () => 0 },
      })
    ),
    /^TypeError: Cannot start the emulator as 'clock' cannot cross to a worker thread: drop 'inProcess: false'/,
  );
});
