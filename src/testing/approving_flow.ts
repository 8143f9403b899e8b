/**
 * A login flow manager that logs in by approving with an emulator, as a
 * person clicking Allow would: for the tests of an app built on `UserApp`.
 *
 * @module
 */
import type { LoginFlowManager } from "../app/login_flow.ts";
import { checkOptions } from "../core/_options.ts";
import type { ApproveOptions } from "./emulator_types.ts";
import { checkApproveOptions } from "./emulator_options.ts";

/** Options for {@linkcode approvingLoginFlow}. */
export interface ApprovingLoginFlowOptions extends ApproveOptions {
  /**
   * Whether a service's consent or session requirement (ConsentRequired,
   * an auth policy) is met by logging in again with this flow and trying
   * the call again, as the notebook flow does; otherwise the call throws.
   * @default {false}
   */
  handlesAuthorizationRequirements?: boolean | undefined;
}

/**
 * A {@linkcode LoginFlowManager} whose login approves the authorize URL
 * with `emulator.approve()` (PKCE, the code exchange and the app's token
 * storage as in a real login); what `emulator.loginFlowManager()` gives.
 *
 * @param emulator The emulator (its `approve`).
 * @param options Who approves, and whether requirements are met by logging
 *   in again.
 * @returns The flow manager.
 */
export function approvingLoginFlow(
  emulator: { approve(url: string, options?: ApproveOptions): Promise<string> },
  options: ApprovingLoginFlowOptions = {},
): LoginFlowManager {
  checkOptions("Emulator.loginFlowManager()", options, [
    "as",
    "handlesAuthorizationRequirements",
  ]);
  const handles = options.handlesAuthorizationRequirements as unknown;
  if (handles !== undefined && typeof handles !== "boolean") {
    throw new TypeError(
      `Emulator.loginFlowManager(): 'handlesAuthorizationRequirements' must be true or false: current value is ${
        typeof handles === "string" ? JSON.stringify(handles) : String(handles)
      }`,
    );
  }
  checkApproveOptions(
    { ...(options.as !== undefined ? { as: options.as } : {}) },
    "Emulator.loginFlowManager()",
  );
  const { handlesAuthorizationRequirements = false, ...approve } = options;
  return {
    handlesAuthorizationRequirements,
    isInteractive: () => true,
    async run(context) {
      const flow = context.authClient.oauth2StartFlow({
        requestedScopes: [...context.requestedScopes],
        refreshTokens: context.refreshTokens,
        ...(context.redirectUri ? { redirectUri: context.redirectUri } : {}),
      });
      const code = await emulator.approve(
        flow.getAuthorizeUrl(context.authParams),
        approve,
      );
      return await flow.exchangeCodeForTokens(code);
    },
  };
}
