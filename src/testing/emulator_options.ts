/**
 * The emulator's option checks: the names each option bag takes (a Python
 * name or a misspelling is refused, not ignored) and the values
 * `startEmulator()` accepts, checked before any thread, server or
 * folder is made.
 *
 * @module
 */
import { checkOptions as checkOptionNames } from "../core/_options.ts";
import { FaultInjector } from "./faults.ts";
import { isBlockedPort } from "../core/_blocked_port.ts";
import type {
  ApproveOptions,
  EmulatorOptions,
  MintTokensOptions,
} from "./emulator.ts";
import type { SeedTasksOptions } from "./tasks.ts";

/** The option names of `startEmulator()` (`EmulatorOptions`). */
const EMULATOR_OPTIONS: readonly string[] = [
  "port",
  "root",
  "autoApprove",
  "faults",
  "tokenLifetimeS",
  "rotateRefreshTokens",
  "clock",
  "inProcess",
  "clients",
  "users",
  "confidentialClient",
  "collections",
  "taskDelayMs",
  "throttleBytesPerSecond",
  "statePath",
];
const EMULATOR_HINT = Object.freeze({
  example: "startEmulator({ autoApprove: true })",
});
const APPROVE_OPTIONS: readonly string[] = ["as"];
const APPROVE_HINT = Object.freeze({
  positional: "as",
  example: 'emulator.approve(url, { as: "alice" })',
});
const MINT_TOKENS_OPTIONS: readonly string[] = [
  "clientId",
  "refreshTokens",
  "identity",
];
const SEED_TASKS_OPTIONS: readonly string[] = ["successfulTransfers", "label"];

/**
 * Throws on a bad option of `startEmulator()`: an unknown name, a
 * value out of range, a fault setting, or a clock for a worker thread.
 */
export function checkStartOptions(options: EmulatorOptions): void {
  checkOptionNames("startEmulator()", options, EMULATOR_OPTIONS, EMULATOR_HINT);
  const { port = 0, tokenLifetimeS = 172800 } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(
      `Cannot start the emulator as 'port' must be an integer from 0 to 65535: current value is ${port}`,
    );
  }
  if (isBlockedPort(port)) {
    throw new RangeError(
      `Cannot start the emulator on port ${port}: fetch refuses it (a "bad port" of the Fetch standard, blocked by browsers, Deno and Node alike), so no client or login page could reach it. Choose another port, e.g. 8000, or 0 for a free one`,
    );
  }
  if (!Number.isFinite(tokenLifetimeS) || tokenLifetimeS <= 0) {
    throw new RangeError(
      `Cannot start the emulator as 'tokenLifetimeS' must be a positive number: current value is ${tokenLifetimeS}`,
    );
  }
  const throttle = options.throttleBytesPerSecond ?? null;
  if (throttle !== null && !(throttle > 0)) {
    throw new RangeError(
      `Cannot start the emulator as 'throttleBytesPerSecond' must be positive: current value is ${throttle}`,
    );
  }
  new FaultInjector(options.faults);
  if (options.inProcess === false && options.clock !== undefined) {
    throw new TypeError(
      "Cannot start the emulator as 'clock' cannot cross to a worker thread: drop 'inProcess: false' (a clock runs the emulator in the caller's thread) or the clock",
    );
  }
}

/** Throws on an unknown option name of `Emulator.approve()`. */
export function checkApproveOptions(options: ApproveOptions): void {
  checkOptionNames(
    "Emulator.approve()",
    options,
    APPROVE_OPTIONS,
    APPROVE_HINT,
  );
}

/** Throws on an unknown option name of `Emulator.mintTokens()`. */
export function checkMintTokensOptions(options: MintTokensOptions): void {
  checkOptionNames("Emulator.mintTokens()", options, MINT_TOKENS_OPTIONS);
}

/** Throws on an unknown option name of `Emulator.seedTasks()`. */
export function checkSeedTasksOptions(options: SeedTasksOptions): void {
  checkOptionNames("Emulator.seedTasks()", options, SEED_TASKS_OPTIONS);
}
