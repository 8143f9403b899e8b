/**
 * Runs the local Globus emulator until interrupted, printing the environment
 * variables that point clients at it.
 *
 * ```sh
 * deno task emulator [--port N] [--root DIR] [--state FILE] [--auto-approve]
 *   [--rotate-refresh-tokens]
 *   [--fault-rate-503 x] [--fault-rate-429 x] [--fault-rate-502 x]
 *   [--fault-rate-500 x] [--fault-drop x] [--fault-lost x] [--latency-ms N]
 *   [--retry-after N]
 *   [--fault-seed N] [--task-delay-ms N] [--throttle-bps N]
 *   [--token-lifetime N] [--seed-tasks N] [--seed-successful M]
 * ```
 *
 * @module
 */
import { fstatSync } from "node:fs";
import process from "node:process";
import { isAbsolute, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startEmulator } from "../src/testing/emulator.ts";
import type { EmulatorOptions } from "../src/testing/emulator.ts";
import type { FaultOptions } from "../src/testing/faults.ts";

const USAGE = `Usage: deno task emulator [options]

  --port N              port on 127.0.0.1 (default: a free port)
  --root DIR            folder for the collections (default: a temp folder)
  --state FILE          keep the issued tokens and consents (and bookmarks,
                        pause rules, tunnels, sharing, the confidential
                        client's secret) in FILE: read at start, written as
                        they change, so the token files and secrets of your
                        programs still work after a restart (default:
                        forgotten when stopped); tasks are not kept (a
                        task of the last run is 404 ClientError.NotFound)
  --auto-approve        skip the consent page
  --rotate-refresh-tokens
                        each refresh answers with a new refresh token and
                        the old one is refused (GET /_emulator/stats counts
                        refreshes)
  --fault-rate-503 X    probability (0-1) of a 503 per request
  --fault-rate-429 X    probability of a 429 (with Retry-After)
  --fault-rate-502 X    probability of a 502
  --fault-rate-500 X    probability of a 500
  --fault-drop X        probability of a dropped connection
  --fault-lost X        probability of a lost response (processed, then the
                        connection is dropped)
  --latency-ms N        added latency per request
  --retry-after N       Retry-After seconds for 429/503 (default 1)
  --fault-seed N        random seed for faults (default 1)
  --task-delay-ms N     delay before each task and each file
  --throttle-bps N      copy rate limit in bytes per second
  --token-lifetime N    access token lifetime in seconds (default 172800)
  --seed-tasks N        seed N finished tasks (lazy, for paging)
  --seed-successful M   successful transfers per seeded task (default 1)
  -h, --help            show this help
`;

function num(
  values: Record<string, string | boolean | undefined>,
  name: string,
): number | undefined {
  const v = values[name];
  if (v === undefined || typeof v === "boolean") return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) {
    console.error(`--${name} must be a number: current value is '${v}'`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  const strings = [
    "port",
    "root",
    "state",
    "fault-rate-503",
    "fault-rate-429",
    "fault-rate-502",
    "fault-rate-500",
    "fault-drop",
    "fault-lost",
    "latency-ms",
    "retry-after",
    "fault-seed",
    "task-delay-ms",
    "throttle-bps",
    "token-lifetime",
    "seed-tasks",
    "seed-successful",
  ];
  let parsed;
  try {
    parsed = parseArgs({
      args: process.argv.slice(2),
      options: {
        ...Object.fromEntries(
          strings.map((s) => [s, { type: "string" as const }]),
        ),
        "auto-approve": { type: "boolean" },
        "rotate-refresh-tokens": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    });
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    console.error(USAGE);
    process.exit(2);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const rate: NonNullable<FaultOptions["rate"]> = {};
  const set = (key: keyof typeof rate, flag: string) => {
    const v = num(values, flag);
    if (v !== undefined) rate[key] = v;
  };
  set("status503", "fault-rate-503");
  set("status429", "fault-rate-429");
  set("status502", "fault-rate-502");
  set("status500", "fault-rate-500");
  set("drop", "fault-drop");
  set("lost", "fault-lost");
  set("latencyMs", "latency-ms");
  const faults: FaultOptions = {};
  if (Object.keys(rate).length) faults.rate = rate;
  const retryAfter = num(values, "retry-after");
  if (retryAfter !== undefined) faults.retryAfterS = retryAfter;
  const seed = num(values, "fault-seed");
  if (seed !== undefined) faults.seed = seed;

  const options: EmulatorOptions = {};
  const port = num(values, "port");
  if (port !== undefined) options.port = port;
  if (typeof values.root === "string") options.root = values.root;
  if (typeof values.state === "string") options.statePath = values.state;
  if (values["auto-approve"]) options.autoApprove = true;
  if (values["rotate-refresh-tokens"]) options.rotateRefreshTokens = true;
  if (faults.rate) options.faults = faults;
  const delay = num(values, "task-delay-ms");
  if (delay !== undefined) options.taskDelayMs = delay;
  const bps = num(values, "throttle-bps");
  if (bps !== undefined) options.throttleBytesPerSecond = bps;
  const lifetime = num(values, "token-lifetime");
  if (lifetime !== undefined) options.tokenLifetimeS = lifetime;

  let emu;
  try {
    emu = await startEmulator(options);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    console.error(
      (e as { code?: unknown })?.code === "EADDRINUSE" ||
        /EADDRINUSE/.test(message)
        ? `Cannot start the emulator: port ${options.port} on 127.0.0.1 is in use (another emulator, or another program, listens there). Stop it, choose another --port, or leave --port out for a free one.`
        : `Cannot start the emulator: ${message}`,
    );
    process.exit(2);
  }
  const seedTasks = num(values, "seed-tasks");
  if (seedTasks) {
    const st = num(values, "seed-successful");
    emu.seedTasks(
      seedTasks,
      st === undefined ? {} : { successfulTransfers: st },
    );
  }
  // The SDK's variables, and the ones the tutorial notebooks read (05 and
  // 06 need the mapped collection), as `deno task notebooks` sets them.
  const exported: Record<string, string> = {
    ...emu.env,
    GLOBUS_EMULATOR_URL: emu.url,
    GLOBUS_EMULATOR_ROOT: emu.root,
    GLOBUS_EMULATOR_MAPPED_COLLECTION: emu.collections.mapped,
  };
  for (const [k, v] of Object.entries(exported)) {
    console.log(`export ${k}=${v}`);
  }
  // Listening before the banner: a Ctrl-C sent as soon as it is read stops
  // the emulator cleanly.
  const stopped = new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  console.error(`# Globus emulator at ${emu.url} (root: ${emu.root})`);
  console.error(
    `# GLOBUS_SDK_ENVIRONMENT=${emu.env.GLOBUS_SDK_ENVIRONMENT}: apps keep these tokens in ~/.globus/app/<client id>/<app>/${emu.env.GLOBUS_SDK_ENVIRONMENT}-tokens.json, apart from real ones`,
  );
  console.error(
    options.statePath
      ? `# issued tokens and consents are kept in ${options.statePath} across restarts`
      : "# issued tokens are forgotten when it stops (a restart makes cached token files log in again): --state FILE keeps them",
  );
  console.error(`# native client id: ${emu.nativeClientId} (any UUID works)`);
  console.error(
    `# confidential client: ${emu.confidentialClient.clientId} / ${emu.confidentialClient.clientSecret}`,
  );
  console.error(
    `# collections: tutorial1=${emu.collections.tutorial1} tutorial2=${emu.collections.tutorial2} mapped=${emu.collections.mapped}`,
  );
  console.error(
    `# approve a login: curl -s -X POST ${emu.url}/_emulator/approve -d '{"authorize_url": "…"}'`,
  );
  // Before the last line, which tests (and people) wait for.
  if (stdoutIsPipe()) {
    // `eval "$(deno task emulator)"` waits for the end of this process, and
    // the exports went to the pipe: show them where a person sees them.
    const command = howRun();
    console.error(
      `# standard output is not a terminal: the emulator runs until stopped, so \`eval "$(${command})"\` never returns. Run it in a terminal of its own and copy these lines into the shell that runs your program (or: \`${command} > emulator.env &\`, then \`. ./emulator.env\` once it has printed its address):`,
    );
    for (const [k, v] of Object.entries(exported)) {
      console.error(`export ${k}=${v}`);
    }
  }
  console.error("# press Ctrl-C to stop");
  await stopped;
  await emu.close();
  console.error("# stopped");
}

await main();

/**
 * The command that starts this emulator from the current folder:
 * `deno task emulator` inside the checkout (where deno.json names the
 * task), `deno run -A <path to this file>` from any other folder.
 */
function howRun(cwd: string = process.cwd()): string {
  const self = fileURLToPath(import.meta.url);
  // The npm build's compiled copy (a test fixture) is not run by people.
  if (!self.endsWith(".ts")) return "deno task emulator";
  const checkout = fileURLToPath(new URL("..", import.meta.url));
  const fromCheckout = relative(checkout, cwd);
  if (
    fromCheckout === "" ||
    (!fromCheckout.startsWith("..") && !isAbsolute(fromCheckout))
  ) return "deno task emulator";
  // Below the current folder: relative; elsewhere, the absolute path
  // (`../../../work/main/scripts/emulator.ts` was no one's way to write it).
  const path = relative(cwd, self);
  return `deno run -A ${path.startsWith("..") ? self : `.${sep}${path}`}`;
}

/**
 * Whether standard output is a pipe (`eval "$(…)"`, `| tee`): its reader
 * may wait for the end of this process. A terminal or a file (`>
 * emulator.env`, as the README says) is not.
 */
function stdoutIsPipe(): boolean {
  if (process.stdout.isTTY) return false;
  try {
    const st = fstatSync(1);
    return st.isFIFO() || st.isSocket();
  } catch {
    return true;
  }
}
