/**
 * Every public API method of the Python SDK 4.9's AuthClient,
 * NativeAppAuthClient and ConfidentialAppAuthClient has a camelCase
 * counterpart, plus the generic calls every client has.
 * (Names read from globus_sdk/services/auth/client/*.py.)
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { AuthClient } from "../../src/auth/auth_client.ts";
import { ConfidentialAppAuthClient } from "../../src/auth/confidential_client.ts";
import { NativeAppAuthClient } from "../../src/auth/native_client.ts";

const GENERIC = ["request", "get", "post", "put", "patch", "delete"];

const LOGIN_BASE = [
  "get_openid_configuration",
  "get_jwk",
  "oauth2_get_authorize_url",
  "oauth2_exchange_code_for_tokens",
  "oauth2_refresh_token",
  "oauth2_revoke_token",
  "oauth2_token",
];

const PYTHON: Record<string, string[]> = {
  AuthClient: [
    "get_openid_configuration",
    "get_jwk",
    "userinfo",
    "get_identities",
    "get_identity_providers",
    "get_project",
    "get_projects",
    "create_project",
    "update_project",
    "delete_project",
    "get_policy",
    "get_policies",
    "create_policy",
    "update_policy",
    "delete_policy",
    "get_client",
    "get_clients",
    "create_client",
    "update_client",
    "delete_client",
    "get_client_credentials",
    "create_client_credential",
    "delete_client_credential",
    "get_scope",
    "get_scopes",
    "create_scope",
    "update_scope",
    "delete_scope",
    "get_consents",
  ],
  NativeAppAuthClient: [
    ...LOGIN_BASE,
    "oauth2_start_flow",
    "create_native_app_instance",
  ],
  ConfidentialAppAuthClient: [
    ...LOGIN_BASE,
    "oauth2_start_flow",
    "oauth2_client_credentials_tokens",
    "oauth2_get_dependent_tokens",
    "oauth2_token_introspect",
    "create_child_client",
  ],
};

const OURS: Record<string, { prototype: object }> = {
  AuthClient,
  NativeAppAuthClient,
  ConfidentialAppAuthClient,
};

const camel = (s: string) =>
  s.replace(/_([a-z0-9])/g, (_m, c) => c.toUpperCase());

test("every Python 4.9 Auth client method has a camelCase counterpart", () => {
  assert.equal(PYTHON["AuthClient"]!.length, 29);
  for (const [cls, names] of Object.entries(PYTHON)) {
    const proto = OURS[cls]!.prototype as Record<string, unknown>;
    const missing = [...names, ...GENERIC].filter((n) =>
      typeof proto[camel(n)] !== "function"
    );
    assert.deepEqual(missing, [], `${cls} lacks ${missing.join(", ")}`);
  }
});

test("Python's current_oauth2_flow_manager on a login client names currentOAuth2Flow and oauth2StartFlow, read or set", () => {
  const nc = new NativeAppAuthClient("d0f1d9b0-bd81-4108-be74-ea981664453a");
  const r = nc as unknown as Record<string, unknown>;
  assert.throws(
    () => r.current_oauth2_flow_manager,
    /NativeAppAuthClient has no current_oauth2_flow_manager: the current flow is client\.currentOAuth2Flow .*oauth2StartFlow\(/,
  );
  assert.throws(() => {
    r.current_oauth2_flow_manager = {};
  }, /currentOAuth2Flow/);
  const cc = new ConfidentialAppAuthClient(
    "d0f1d9b0-bd81-4108-be74-ea981664453a",
    "secret",
  );
  assert.throws(
    () => (cc as unknown as Record<string, unknown>).currentOauth2FlowManager,
    /ConfidentialAppAuthClient has no currentOauth2FlowManager/,
  );
  assert.equal(nc.currentOAuth2Flow, undefined);
});
