/**
 * The client for native apps (scripts, notebooks, CLIs): PKCE login
 * without a secret.
 *
 * @module
 */
import { SIGNAL_OPTIONS } from "./developer/_option_names.ts";
import {
  type AuthorizationCodeFlow,
  type RequestedScopes,
  startFlowArgs,
  type StartFlowOptions,
} from "./flow.ts";
import {
  AuthLoginClient,
  type LoginClientOptions,
  type OAuthRequestOptions,
} from "./login_client_base.ts";
import { pathId } from "./auth_developer_client.ts";
import type { ClientResponse } from "./auth_developer_types.ts";
import { ClientResponseSchema } from "./_developer_schemas.ts";
import { hideFromInspect } from "../core/redact.ts";
import {
  BASE_CLIENT_OPTIONS,
  checkOptions,
  registerClientOptions,
} from "../core/_options.ts";
import { kernelStack } from "../core/_kernel_stack.ts";
import "./_flow_manager_names.ts";

/**
 * An OAuth2 client for a native app (no secret; PKCE S256 always), like the
 * Python SDK's `NativeAppAuthClient`.
 *
 * Requests: `POST {auth}/v2/oauth2/token` for the code exchange and
 * refresh (form fields with `client_id`, no client authentication) and
 * `POST {auth}/v2/oauth2/token/revoke` (`token`, `client_id`). Needs
 * `--allow-net`.
 *
 * Its methods, by area (each is documented on the class that holds it,
 * which this one extends):
 *
 * - Its own: `createNativeAppInstance` (a confidential client made from
 *   this native app).
 * - Login (the authorization code flow with PKCE): `oauth2StartFlow`,
 *   `oauth2GetAuthorizeUrl`, `oauth2ExchangeCodeForTokens`.
 * - Tokens: `oauth2RefreshToken`, `oauth2RevokeToken`, `oauth2Token` (any
 *   grant).
 * - OpenID: `getOpenidConfiguration`, `getJwk`.
 * - `toJSON` (what `JSON.stringify` writes: the client id and URL, never a
 *   secret), `toString` (the class and base URL).
 * - `addAppScope` (Python's add_app_scope, for a client made with
 *   `{ app }`), `close` (also the end of a using block).
 * - Any route, as Python's `client.get(…)`: `get`, `post`, `put`, `patch`,
 *   `delete`, `request`.
 * - For subclasses (protected): `clientCredentialsGrant`,
 *   `dependentTokenGrant`, `introspectRequest`, `clientAuthHeaders`, `call`,
 *   `raw`, `genericPath`.
 *
 * @example Log in with the tutorial client
 * ```ts ignore
 * import { NativeAppAuthClient, TransferScopes, TUTORIAL_CLIENT_ID } from "@globus-deno/sdk";
 * const client = new NativeAppAuthClient(TUTORIAL_CLIENT_ID);
 * client.oauth2StartFlow({ requestedScopes: TransferScopes.all, refreshTokens: true });
 * console.log(`Log in at: ${client.oauth2GetAuthorizeUrl()}`);
 * const code = prompt("Enter the code you get after login:") ?? "";
 * const tokens = await client.oauth2ExchangeCodeForTokens(code);
 * console.log(tokens); // tokens print as [REDACTED]
 * ```
 */
export class NativeAppAuthClient extends AuthLoginClient {
  /**
   * Creates the client.
   *
   * @param clientId The native app's client id (e.g. `TUTORIAL_CLIENT_ID`).
   * @param options Environment, base URL, `fetch`, clock, retry, timeout.
   * @throws {TypeError} When the client id is empty, or the options are
   *   not an object or have an unknown name.
   */
  constructor(clientId: string, options: LoginClientOptions = {}) {
    if (typeof options === "string") {
      // Never echoed: it is most likely a client secret.
      throw kernelStack(
        new TypeError(
          "NativeAppAuthClient: the second argument is an options object ({ baseUrl, environment, fetch, … }), not a string. A native app has no client secret; for a client with a secret use new ConfidentialAppAuthClient(clientId, clientSecret, options)",
        ),
      );
    }
    super(clientId, options);
  }

  /**
   * Starts an authorization-code flow with PKCE and makes it the current
   * one.
   *
   * @param options Scopes, redirect URI, refresh tokens, state, …
   * @returns The flow (also kept as `currentOAuth2Flow`).
   * @throws {TypeError} For invalid options.
   */
  override oauth2StartFlow(options?: StartFlowOptions): AuthorizationCodeFlow;
  /**
   * Starts a flow for these scopes, as Python's
   * `oauth2_start_flow(TransferScopes.all, refresh_tokens=True)`: the same
   * as `{ requestedScopes }` in the options.
   *
   * @param requestedScopes The scopes to request; `undefined` for the
   *   default ones (as Python's `requested_scopes=None`).
   * @param options Redirect URI, refresh tokens, state, …
   * @returns The flow (also kept as `currentOAuth2Flow`).
   * @throws {TypeError} For invalid options, or the scopes given twice.
   */
  override oauth2StartFlow(
    requestedScopes: RequestedScopes | undefined,
    options?: Omit<StartFlowOptions, "requestedScopes">,
  ): AuthorizationCodeFlow;
  override oauth2StartFlow(...args: unknown[]): AuthorizationCodeFlow {
    return super.oauth2StartFlow(startFlowArgs(["requestedScopes"], args));
  }

  /**
   * Creates an instance of this native app: a new confidential client,
   * with its first credential (`POST {auth}/v2/api/clients` with
   * `template_id`). The secret is in this response only
   * (`res.included.client_credential.secret`); it prints as `[REDACTED]`.
   *
   * @param templateId The client id of this native app.
   * @param name The new instance's name.
   * @param options `signal` aborts the request.
   * @returns `{ client, included }`.
   * @throws {AuthAPIError} For an error response.
   */
  async createNativeAppInstance(
    templateId: string,
    name: string,
    options: OAuthRequestOptions = {},
  ): Promise<ClientResponse> {
    checkOptions(
      "NativeAppAuthClient.createNativeAppInstance()",
      options,
      SIGNAL_OPTIONS,
    );
    pathId(templateId, "templateId", "createNativeAppInstance");
    if (typeof name !== "string") {
      throw kernelStack(
        new TypeError(
          `Cannot call createNativeAppInstance() as 'name' must be a string: current value is ${
            JSON.stringify(name)
          }`,
        ),
      );
    }
    const res = await this.call("POST", "v2/api/clients", {
      json: { client: { name, template_id: templateId } },
      headers: this.clientAuthHeaders(),
      schema: ClientResponseSchema,
      what: "client",
      signal: options.signal,
    });
    return hideFromInspect(res, "ClientResponse");
  }
}
registerClientOptions(NativeAppAuthClient, BASE_CLIENT_OPTIONS);
