/**
 * globus-deno: Globus Auth and Transfer for Deno notebooks, scripts and
 * Node.js.
 *
 * @example List a collection
 * ```ts ignore
 * import { TransferClient, UserApp, TUTORIAL_CLIENT_ID } from "@globus-deno/sdk";
 * const app = new UserApp({ appName: "my-notebook", clientId: TUTORIAL_CLIENT_ID });
 * const tc = new TransferClient({ app });
 * const ls = await tc.operationLs("6c54cade-bde5-45c1-bdea-f4bd71dba2cc", { path: "/share/godata/" });
 * for (const entry of ls.DATA) console.log(entry.name);
 * ```
 *
 * @module
 */
export * from "./src/core/errors.ts";
export * from "./src/core/response_validation_error.ts";
export * from "./src/core/clock.ts";
export type * from "./src/core/authorizer.ts";
export * from "./src/core/environments.ts";
export * from "./src/core/retry.ts";
export * from "./src/core/transport.ts";
export * from "./src/core/paging.ts";
export type { IterableResponse } from "./src/core/iterable_response.ts";
export * from "./src/core/app_seam.ts";
export * from "./src/core/base_client.ts";
export * from "./src/core/response.ts";
export * from "./src/notebook/display.ts";
export * from "./src/core/validate.ts";
export * from "./src/transfer/transfer_client.ts";
export * from "./src/transfer/transfer_data.ts";
export * from "./src/transfer/delete_data.ts";
export type * from "./src/transfer/endpoint.ts";
export type * from "./src/transfer/file_list.ts";
export type * from "./src/transfer/task.ts";
export type * from "./src/transfer/results.ts";
export type * from "./src/transfer/sharing.ts";
export type * from "./src/transfer/bookmark.ts";
export type * from "./src/transfer/pause_rule.ts";
export type * from "./src/transfer/endpoint_manager.ts";
export * from "./src/transfer/tunnel.ts";
export type * from "./src/transfer/transfer_admin_options.ts";
export { TransferBookmarksApi } from "./src/transfer/client/bookmarks.ts";
export { TransferPausesApi } from "./src/transfer/client/pauses.ts";
export { TransferEndpointManagerApi } from "./src/transfer/client/endpoint_manager.ts";
export { TransferTunnelsApi } from "./src/transfer/client/tunnels.ts";
export * as experimental from "./src/transfer/v2/experimental.ts";
export * from "./src/transfer/local_endpoints.ts";
export * from "./src/notebook/tables.ts";
export * from "./src/notebook/progress.ts";
export * from "./src/notebook/chart.ts";
export * from "./src/auth/scopes.ts";
export * from "./src/auth/constants.ts";
export * from "./src/auth/paste_code.ts";
export * from "./src/auth/token_response.ts";
export {
  type DecodeIdTokenOptions,
  type IdTokenClaims,
  type IdTokenJwk,
  type IdTokenJwks,
  IdTokenVerificationError,
  type OpenIdConfiguration,
} from "./src/auth/id_token.ts";
export {
  AuthorizationCodeFlow,
  type AuthorizeUrlOptions,
  type CodeExchanger,
  DEFAULT_REQUESTED_SCOPES,
  type FlowInit,
  type StartFlowOptions,
} from "./src/auth/flow.ts";
export {
  AuthLoginClient,
  type LoginClientOptions,
  type OAuth2TokenOptions,
  type OAuthRequestOptions,
} from "./src/auth/login_client_base.ts";
export * from "./src/auth/native_client.ts";
export * from "./src/auth/confidential_client.ts";
export * from "./src/auth/auth_client.ts";
export * from "./src/auth/consent_forest.ts";
export {
  IdentityMap,
  type IdentityMapOptions,
} from "./src/auth/identity_map.ts";
export {
  AuthAPIClientBase,
  AuthAPIClientCore,
  type AuthCallOptions,
  AuthClientsApi,
  AuthPoliciesApi,
  AuthProjectsApi,
  AuthScopesApi,
  type ClientFields,
  type ClientType,
  type CreateClientOptions,
  type CreatePolicyOptions,
  type CreateProjectOptions,
  type CreateScopeOptions,
  type GetClientOptions,
  type GetIdentityProvidersOptions,
  type GetScopesOptions,
  type IdList,
  type PolicyFields,
  type ScopeFields,
  type UpdateClientOptions,
  type UpdatePolicyOptions,
  type UpdateProjectOptions,
  type UpdateScopeOptions,
} from "./src/auth/auth_developer_client.ts";
export type * from "./src/auth/auth_developer_types.ts";
export type { GetJwkOptions } from "./src/auth/_oidc.ts";
export * from "./src/authorizers/access_token.ts";
export * from "./src/authorizers/basic.ts";
export * from "./src/authorizers/null.ts";
export * from "./src/authorizers/renewing.ts";
export * from "./src/authorizers/refresh_token.ts";
export * from "./src/authorizers/client_credentials.ts";
export {
  BaseTokenStorage,
  type LockedTokenStorage,
  type ModifyResult,
  type StoredTokenData,
  type TokenResponseLike,
  type TokenResponseLikeEntry,
  TokenStorage,
} from "./src/tokens/token_storage.ts";
export * from "./src/tokens/memory_storage.ts";
export {
  JSONTokenStorage,
  type JSONTokenStorageOptions,
  TOKEN_FILE_FORMAT_VERSION,
} from "./src/tokens/json_storage.ts";
export * from "./src/tokens/sqlite_storage.ts";
export * from "./src/tokens/default_path.ts";
export * from "./src/app/globus_app.ts";
export * from "./src/app/user_app.ts";
export * from "./src/app/client_app.ts";
export {
  type LoginFlowAuthClient,
  type LoginFlowContext,
  type LoginFlowManager,
  type OutputWriter,
  type PromptFn,
} from "./src/app/login_flow.ts";
export * from "./src/app/notebook_flow.ts";
export * from "./src/app/command_line_flow.ts";
export * from "./src/app/local_server_flow.ts";
export * from "./src/app/browser.ts";
