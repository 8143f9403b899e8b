/**
 * The values of `startEmulator()`'s options and fault settings: a string
 * where a boolean or number belongs ("false" turned autoApprove on), a
 * partial confidential client (registered as a native app with no
 * secret), a `pathPrefixes` string (every request then answered 500), a
 * folder as `statePath` or a file as `root` (raw EISDIR / EEXIST) were
 * taken, or failed far from the mistake. Each is refused before anything
 * starts, naming the option and the fix.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "../../testing.ts";
import { FaultInjector } from "../../src/testing/faults.ts";
import { untyped } from "../_helpers/argument_errors.ts";

/** `Name: message` of what `fn` throws or rejects with. */
async function rejection(fn: () => unknown): Promise<string> {
  try {
    await fn();
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
  throw new Error("did not throw");
}

test("startEmulator refuses option values of the wrong type, naming the option", async () => {
  const cases: [unknown, string][] = [
    [
      { autoApprove: "false" },
      `TypeError: Cannot start the emulator as 'autoApprove' must be true or false: current value is "false"`,
    ],
    [
      { rotateRefreshTokens: "no" },
      `TypeError: Cannot start the emulator as 'rotateRefreshTokens' must be true or false: current value is "no"`,
    ],
    [
      { inProcess: 1 },
      `TypeError: Cannot start the emulator as 'inProcess' must be true or false: current value is number 1`,
    ],
    [
      { taskDelayMs: "100" },
      `TypeError: Cannot start the emulator as 'taskDelayMs' must be a number of milliseconds from 0: current value is "100"`,
    ],
    [
      { taskDelayMs: -1 },
      `RangeError: Cannot start the emulator as 'taskDelayMs' must be a number of milliseconds from 0: current value is -1`,
    ],
    [
      { throttleBytesPerSecond: "1000" },
      `TypeError: Cannot start the emulator as 'throttleBytesPerSecond' must be positive: current value is "1000"`,
    ],
    [
      { port: "8080" },
      `TypeError: Cannot start the emulator as 'port' must be an integer from 0 to 65535: current value is "8080"`,
    ],
    [
      { root: 5 },
      `TypeError: Cannot start the emulator as 'root' must be the path of a folder (made if missing), e.g. root: "./emulator-files": current value is number 5`,
    ],
    [
      { statePath: "" },
      `TypeError: Cannot start the emulator as 'statePath' must be the path of a file (made if missing), e.g. statePath: "emulator-state.json": current value is ""`,
    ],
    [
      { clock: {} },
      `TypeError: Cannot start the emulator as 'clock' must have a now() method giving milliseconds since the epoch, e.g. { now: () => Date.now() + 3_600_000 }: current value is an object`,
    ],
    [
      { confidentialClient: { clientId: crypto.randomUUID() } },
      `TypeError: Cannot start the emulator as confidentialClient.clientSecret must be a non-empty string (a confidential client has both an id and a secret), e.g. confidentialClient: { clientId: crypto.randomUUID(), clientSecret: "…" }: current value is undefined`,
    ],
  ];
  for (const [options, message] of cases) {
    assert.equal(
      await rejection(() => startEmulator(untyped(options))),
      message,
      JSON.stringify(options),
    );
  }
});

test("a file as root and a folder as statePath are refused, saying what to give", async () => {
  const dir = await mkdtemp(join(tmpdir(), "emulator-option-values-"));
  try {
    const file = join(dir, "a-file");
    await writeFile(file, "x");
    assert.equal(
      await rejection(() => startEmulator({ root: file })),
      `TypeError: Cannot start the emulator as 'root' ${file} is a file, not a folder: give a folder (made if missing), e.g. root: "./emulator-files"`,
    );
    assert.equal(
      await rejection(() => startEmulator({ statePath: dir })),
      `TypeError: Cannot start the emulator as 'statePath' ${dir} is a folder: give the path of a file (made if missing), e.g. statePath: ${
        JSON.stringify(join(dir, "emulator-state.json"))
      }`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("fault settings refuse values of the wrong type, at start and in setFaults()", async () => {
  const cases: [unknown, string][] = [
    [
      { rate: 0.5 },
      `TypeError: Cannot set faults as 'rate' must be an object of probabilities (0 to 1) by fault, e.g. { rate: { status503: 0.1, drop: 0.05 } }: current value is 0.5`,
    ],
    [
      { rate: { status503: "0.5" } },
      `TypeError: Cannot set faults as 'rate.status503' must be a number from 0 to 1: current value is "0.5"`,
    ],
    [
      { rate: { latencyMs: -5 } },
      `RangeError: Cannot set faults as 'rate.latencyMs' must be a number of milliseconds from 0: current value is -5`,
    ],
    [
      { retryAfterS: "2" },
      `TypeError: Cannot set faults as 'retryAfterS' must be a whole number of seconds from 0 (a Retry-After header holds whole seconds): current value is "2"`,
    ],
    [
      { seed: "abc" },
      `TypeError: Cannot set faults as 'seed' must be a number, e.g. { seed: 7 }: current value is "abc"`,
    ],
    [
      { pathPrefixes: "/transfer/" },
      `TypeError: Cannot set faults as 'pathPrefixes' must be an array of path prefixes starting with "/", e.g. { pathPrefixes: ["/transfer/"] }: current value is "/transfer/"`,
    ],
    [
      { pathPrefixes: ["transfer/"] },
      `TypeError: Cannot set faults as 'pathPrefixes' must be an array of path prefixes starting with "/", e.g. { pathPrefixes: ["/transfer/"] }: current value is ["transfer/"]`,
    ],
  ];
  for (const [faults, message] of cases) {
    assert.equal(
      await rejection(() => new FaultInjector(untyped(faults))),
      message,
      JSON.stringify(faults),
    );
  }
  assert.equal(
    await rejection(() =>
      startEmulator({ faults: untyped({ pathPrefixes: "/transfer/" }) })
    ),
    cases[5]![1],
  );
  const emu = await startEmulator();
  try {
    assert.equal(
      await rejection(() => emu.setFaults(untyped({ retryAfterS: "2" }))),
      cases[3]![1],
    );
  } finally {
    await emu.close();
  }
  // The right values still work.
  new FaultInjector({
    rate: { status503: 0.5, latencyMs: 0 },
    retryAfterS: 0,
    seed: 3,
    pathPrefixes: ["/transfer/"],
  });
});

test("mintTokens, seedTasks, registerClient, approve and loginFlowManager refuse values of the wrong type (across the emulator's thread too)", async () => {
  const emu = await startEmulator();
  try {
    const scope = "urn:globus:auth:scope:transfer.api.globus.org:all";
    const cases: [() => unknown, string][] = [
      [
        () => emu.mintTokens(scope, untyped({ refreshTokens: "yes" })),
        `TypeError: Emulator.mintTokens(): 'refreshTokens' must be true or false: current value is "yes"`,
      ],
      [
        () => emu.mintTokens(scope, untyped({ identity: 5 })),
        `TypeError: Emulator.mintTokens(): 'identity' must be a user: an id, a username or its part before "@" (e.g. "alice"): current value is number 5`,
      ],
      [
        () => emu.mintTokens(scope, { clientId: "junk" }),
        `TypeError: Cannot mint tokens for client 'junk': not a client of this emulator (any UUID is taken as a native app's id; register another id first with emulator.registerClient({ clientId }) or the 'clients' option)`,
      ],
      [
        () => emu.seedTasks(untyped("5")),
        `TypeError: Cannot seed tasks as 'count' must be a non-negative integer: current value is "5"`,
      ],
      [
        () => emu.seedTasks(2, { successfulTransfers: -1 }),
        `RangeError: Emulator.seedTasks(): 'successfulTransfers' must be a whole number from 0: current value is number -1`,
      ],
      [
        () => emu.seedTasks(2, untyped({ label: 5 })),
        `TypeError: Emulator.seedTasks(): 'label' must be a string: current value is number 5`,
      ],
      [
        () => emu.registerClient(untyped({})),
        `TypeError: Emulator.registerClient(): 'clientId' must be the client's id (a non-empty string; Globus client ids are UUIDs), e.g. { clientId: crypto.randomUUID() }: current value is undefined`,
      ],
      [
        () => emu.registerClient(untyped({ clientId: "x", clientSecret: 7 })),
        `TypeError: Emulator.registerClient(): 'clientSecret' must be a non-empty string (a confidential client's secret), or left out for a native app: current value is number 7`,
      ],
      [
        () => emu.approve("http://x/", untyped({ as: 5 })),
        `TypeError: Emulator.approve(): 'as' must be a user: an id, a username or its part before "@" (e.g. "alice"): current value is number 5`,
      ],
      [
        () =>
          emu.loginFlowManager(
            untyped({ handlesAuthorizationRequirements: "yes" }),
          ),
        `TypeError: Emulator.loginFlowManager(): 'handlesAuthorizationRequirements' must be true or false: current value is "yes"`,
      ],
    ];
    for (const [call, message] of cases) {
      assert.equal(await rejection(call), message);
    }
  } finally {
    await emu.close();
  }
  assert.equal(
    await rejection(() =>
      startEmulator(untyped({ clients: [{ clientId: "" }] }))
    ),
    `TypeError: startEmulator() clients[0]: 'clientId' must be the client's id (a non-empty string; Globus client ids are UUIDs), e.g. { clientId: crypto.randomUUID() }: current value is ""`,
  );
});
