/**
 * The public API's sources: every name `mod.ts` exports.
 *
 * `mod.ts` runs `dist/mod.js`, a bundle of this module built by
 * `deno task bundle` (scripts/bundle.ts), and takes its types from here.
 * Add a public export here, then run the task.
 *
 * @module
 */
export * from "./core/errors.ts";
export { VERSION } from "./core/runtime.ts";
export * from "./core/response_validation_error.ts";
export * from "./core/clock.ts";
export type * from "./core/authorizer.ts";
export * from "./core/environments.ts";
export * from "./core/retry.ts";
export * from "./core/transport.ts";
export * from "./core/paging.ts";
export type { IterableResponse } from "./core/iterable_response.ts";
export * from "./core/app_seam.ts";
export * from "./core/base_client.ts";
export * from "./core/response.ts";
export * from "./notebook/display.ts";
export * from "./core/validate.ts";
export * from "./transfer/transfer_client.ts";
export * from "./transfer/transfer_data.ts";
export * from "./transfer/delete_data.ts";
export type * from "./transfer/endpoint.ts";
export type * from "./transfer/file_list.ts";
export type * from "./transfer/task.ts";
export type * from "./transfer/results.ts";
export type * from "./transfer/sharing.ts";
export type * from "./transfer/bookmark.ts";
export type * from "./transfer/pause_rule.ts";
export type * from "./transfer/endpoint_manager.ts";
export * from "./transfer/tunnel.ts";
export type * from "./transfer/transfer_admin_options.ts";
export { TransferBookmarksApi } from "./transfer/client/bookmarks.ts";
export { TransferPausesApi } from "./transfer/client/pauses.ts";
export { TransferEndpointManagerApi } from "./transfer/client/endpoint_manager.ts";
export { TransferTunnelsApi } from "./transfer/client/tunnels.ts";
export * as experimental from "./transfer/v2/experimental.ts";
export * from "./transfer/local_endpoints.ts";
export * from "./notebook/tables.ts";
export * from "./notebook/progress.ts";
export * from "./notebook/chart.ts";
export * from "./auth/scopes.ts";
export * from "./auth/scope_parser.ts";
export * from "./auth/constants.ts";
export * from "./auth/paste_code.ts";
export * from "./auth/token_response.ts";
export {
  type DecodeIdTokenOptions,
  type IdTokenClaims,
  type IdTokenJwk,
  type IdTokenJwks,
  IdTokenVerificationError,
  type OpenIdConfiguration,
} from "./auth/id_token.ts";
export {
  AuthorizationCodeFlow,
  type AuthorizeUrlOptions,
  type CodeExchanger,
  DEFAULT_REQUESTED_SCOPES,
  type FlowInit,
  type RequestedScopes,
  type StartFlowOptions,
} from "./auth/flow.ts";
export {
  AuthLoginClient,
  type LoginClientOptions,
  type OAuth2TokenOptions,
  type OAuthBodyParamsOptions,
  type OAuthRequestOptions,
  type TokenRevocation,
} from "./auth/login_client_base.ts";
export * from "./auth/native_client.ts";
export * from "./auth/confidential_client.ts";
export * from "./auth/auth_client.ts";
export * from "./auth/consent_forest.ts";
export { IdentityMap, type IdentityMapOptions } from "./auth/identity_map.ts";
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
} from "./auth/auth_developer_client.ts";
export type * from "./auth/auth_developer_types.ts";
export type { GetJwkOptions } from "./auth/_oidc.ts";
export * from "./authorizers/access_token.ts";
export * from "./authorizers/basic.ts";
export * from "./authorizers/null.ts";
export * from "./authorizers/renewing.ts";
export * from "./authorizers/refresh_token.ts";
export * from "./authorizers/client_credentials.ts";
export {
  BaseTokenStorage,
  type LockedTokenStorage,
  type ModifyResult,
  type StoredTokenData,
  type TokenResponseLike,
  type TokenResponseLikeEntry,
  TokenStorage,
} from "./tokens/token_storage.ts";
export * from "./tokens/memory_storage.ts";
export {
  JSONTokenStorage,
  type JSONTokenStorageOptions,
  TOKEN_FILE_FORMAT_VERSION,
} from "./tokens/json_storage.ts";
export * from "./tokens/sqlite_storage.ts";
export * from "./tokens/default_path.ts";
export * from "./app/globus_app.ts";
export * from "./app/user_app.ts";
export * from "./app/pending_login.ts";
export * from "./app/client_app.ts";
export {
  type LoginFlowAuthClient,
  type LoginFlowContext,
  type LoginFlowManager,
  type OutputWriter,
  type PromptFn,
} from "./app/login_flow.ts";
export * from "./app/notebook_flow.ts";
export * from "./app/command_line_flow.ts";
export * from "./app/local_server_flow.ts";
export * from "./app/browser.ts";
