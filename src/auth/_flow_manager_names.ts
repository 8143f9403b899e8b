/**
 * Internal: Python's flow-manager names on a login client. A port of the
 * Python SDK's `client.current_oauth2_flow_manager` (read, or set to a
 * `GlobusNativeAppFlowManager(…)`) read `undefined`, or made a field nothing
 * used: their camelCase is not this SDK's name, so the generic hint missed
 * them.
 *
 * @module
 */
import { classLabel } from "../core/_class_label.ts";
import { registerMisses } from "../notebook/_slip_hints.ts";
import { AuthLoginClient } from "./login_client_base.ts";

const FLOW_MANAGER_NAMES: ReadonlySet<string> = new Set([
  "current_oauth2_flow_manager",
  "currentOauth2FlowManager",
  "currentOAuth2FlowManager",
  "current_oauth2_flow",
]);

registerMisses(AuthLoginClient, (key, receiver) => {
  if (!FLOW_MANAGER_NAMES.has(key)) return undefined;
  const cls = classLabel(
    (receiver as { constructor?: unknown }).constructor,
    "AuthLoginClient",
  );
  return `${cls} has no ${key}: the current flow is client.currentOAuth2Flow (read only); start one with client.oauth2StartFlow({ requestedScopes, redirectUri, state, verifier, refreshTokens }), which takes the options of Python's GlobusNativeAppFlowManager / GlobusAuthorizationCodeFlowManager`;
});
