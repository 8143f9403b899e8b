/**
 * Shared setup for the app tests: a connection probe, a
 * wrapper that hides SSH variables (the local-server flow refuses to open a
 * browser over SSH), and apps on the emulator (one that logs in through the
 * local server).
 */
import { connect } from "node:net";
import type { BrowserOpener } from "../../src/app/browser.ts";
import { type LoginFlowManager, startFlow } from "../../src/app/login_flow.ts";
import { UserApp, type UserAppConfig } from "../../src/app/user_app.ts";
import { isDeno } from "../../src/core/runtime.ts";
import type { Emulator } from "../../src/testing/emulator.ts";

/** Whether a TCP connection to `host:port` is accepted. */
export function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}

/** Runs `fn` with SSH_TTY and SSH_CONNECTION unset (Deno), then restores them. */
export async function withoutSsh<T>(fn: () => Promise<T>): Promise<T> {
  if (!isDeno) return await fn();
  // deno-lint-ignore no-explicit-any
  const env = (globalThis as any).Deno.env;
  const saved = ["SSH_TTY", "SSH_CONNECTION"].map((k) => [k, env.get(k)]);
  for (const [k] of saved) env.delete(k);
  try {
    return await fn();
  } finally {
    for (const [k, v] of saved) if (v !== undefined) env.set(k, v);
  }
}

/**
 * A UserApp on the emulator's native client, with its tokens in memory
 * unless `config` names another storage.
 */
export function emulatorApp(
  emu: Emulator,
  appName: string,
  config: UserAppConfig,
): UserApp {
  return new UserApp({
    appName,
    clientId: emu.nativeClientId,
    config: { tokenStorage: "memory", authBaseUrl: emu.authUrl, ...config },
  });
}

/**
 * An {@link emulatorApp} that logs in through the "local-server" flow,
 * opening the authorize URL with `openBrowser`.
 */
export function localServerApp(
  emu: Emulator,
  appName: string,
  openBrowser: BrowserOpener,
  write: (text: string) => void = () => {},
): UserApp {
  return emulatorApp(emu, appName, {
    loginFlowManager: "local-server",
    openBrowser,
    write,
  });
}

/**
 * A login flow that "logs in" by approving with the emulator, counts its
 * logins, and says whether a person could answer (switchable).
 */
export function approvingFlow(emu: Emulator): ApprovingFlow {
  const state: ApprovingFlow = {
    logins: 0,
    interactive: true,
    flow: {
      async run(context) {
        state.logins++;
        const { flow, url } = startFlow(context);
        return await flow.exchangeCodeForTokens(await emu.approve(url));
      },
      isInteractive: () => state.interactive,
    },
  };
  return state;
}

/** What {@linkcode approvingFlow} gives: the flow and its switches. */
export interface ApprovingFlow {
  flow: LoginFlowManager;
  /** How many logins it ran. */
  logins: number;
  /** What its `isInteractive()` answers. */
  interactive: boolean;
}
