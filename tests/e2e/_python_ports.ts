/**
 * The harness of the Python example ports (python_ports_test.ts,
 * python_ports_more_test.ts). What the ports need from it, and nothing
 * else:
 * - `GLOBUS_SDK_ENVIRONMENT` / `GLOBUS_SDK_SERVICE_URL_*` point at the
 *   emulator and `HOME` at a temporary folder, as a user would export them
 *   (so the scripts carry no base URLs);
 * - `input()` stands for the person at the terminal: it approves the
 *   authorize URL the script printed and answers with the code;
 * - a UserApp's `loginFlowManager` does the same for app logins (Python's
 *   `GlobusAppConfig(login_flow_manager=…)`), since the command-line flow
 *   would read this process's stdin.
 *
 * @module
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LoginFlowManager } from "../../mod.ts";
import { type Emulator, startEmulator } from "../../testing.ts";

const ENV_KEYS = [
  "GLOBUS_SDK_ENVIRONMENT",
  "GLOBUS_SDK_SERVICE_URL_AUTH",
  "GLOBUS_SDK_SERVICE_URL_TRANSFER",
  "HOME",
] as const;

// deno-lint-ignore no-explicit-any
const D = (globalThis as any).Deno;
// deno-lint-ignore no-explicit-any
const nodeProcess = (globalThis as any).process;

/**
 * Deno only: the ports export variables into this process and log in
 * through the emulator's worker; the npm build's Node run is not set up
 * for them (the unit tests cover the same APIs there).
 */
export const skip: string | false = D
  ? false
  : "the Python example ports run on Deno only";

function setEnv(name: string, value: string | undefined): void {
  if (D) {
    if (value === undefined) D.env.delete(name);
    else D.env.set(name, value);
  } else if (value === undefined) delete nodeProcess.env[name];
  else nodeProcess.env[name] = value;
}

function getEnv(name: string): string | undefined {
  return D ? D.env.get(name) : nodeProcess.env[name];
}

/** What a ported script printed, and the stand-in for the person. */
export interface Harness {
  emulator: Emulator;
  home: string;
  lines: string[];
  print: (...args: unknown[]) => void;
  /** Python's `input()`: approves the last authorize URL printed. */
  input: (question: string) => Promise<string>;
  /**
   * A login flow that approves with the emulator; `logins` holds the
   * authorize URL of each login, in order.
   */
  loginFlow: LoginFlowManager & { logins: string[] };
  /** Where `/~/name` of a tutorial collection lands for the demo user. */
  homeFile: (collection: string, name: string) => string;
}

/**
 * Starts an emulator, exports its variables and a temporary HOME, runs
 * `fn`, then restores the environment and removes the folder.
 *
 * @param fn The port.
 */
export async function port(fn: (h: Harness) => Promise<void>): Promise<void> {
  const emulator = await startEmulator();
  const home = await mkdtemp(join(tmpdir(), "globus-python-ports-"));
  const saved = ENV_KEYS.map((k) => [k, getEnv(k)] as const);
  for (const [k, v] of Object.entries(emulator.env)) setEnv(k, v);
  setEnv("HOME", home);
  const lines: string[] = [];
  const print = (...args: unknown[]) => lines.push(args.map(String).join(" "));
  const loginFlow = {
    logins: [] as string[],
    async run(context: Parameters<LoginFlowManager["run"]>[0]) {
      const flow = context.authClient.oauth2StartFlow({
        requestedScopes: [...context.requestedScopes],
        refreshTokens: context.refreshTokens,
      });
      const url = flow.getAuthorizeUrl(context.authParams);
      loginFlow.logins.push(url);
      return await flow.exchangeCodeForTokens(await emulator.approve(url));
    },
  };
  const h: Harness = {
    emulator,
    home,
    lines,
    print,
    input: async (question) => {
      lines.push(question);
      const url = lines.join("\n").match(/https?:\/\/\S+\/authorize\?\S+/g)
        ?.at(-1);
      assert.ok(url, "the script printed no authorize URL");
      return await emulator.approve(url);
    },
    loginFlow,
    homeFile: (collection, name) =>
      join(emulator.root, collection, "home", "demo", name),
  };
  try {
    await fn(h);
  } finally {
    for (const [k, v] of saved) setEnv(k, v);
    await emulator.close();
    await rm(home, { recursive: true, force: true });
  }
}
