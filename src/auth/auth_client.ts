/**
 * The Globus Auth API client: userinfo, identities, consents, identity
 * providers, the OpenID configuration and JWK, and the developer API
 * (projects, clients, credentials, scopes, policies).
 *
 * @module
 */
import { classLabel } from "../core/_class_label.ts";
import {
  AUTH_CALL_OPTIONS,
  CONSENTS_OPTIONS,
} from "./developer/_option_names.ts";
import {
  BASE_CLIENT_OPTIONS,
  checkOptions,
  describeNonObject,
  registerClientOptions,
} from "../core/_options.ts";
import { z } from "../core/_schema.ts";
import { AuthAPIError } from "../core/errors.ts";
import { replaceMessage } from "../core/_replace_message.ts";
import type { BaseClientOptions, CallOptions } from "../core/base_client.ts";
import type { TransportResponse } from "../core/transport.ts";
import {
  attachIterator,
  type IterableResponse,
} from "../core/iterable_response.ts";
import { AuthScopes, type AuthScopesShape, type Scope } from "./scopes.ts";
import { clientAppScopes } from "../app/scope_requirements.ts";
import { ConsentForest, type ConsentForestSource } from "./consent_forest.ts";
import { AuthAPIClientBase } from "./auth_developer_client.ts";
import type { AuthCallOptions } from "./developer/options.ts";
import { kernelStack } from "../core/_kernel_stack.ts";
import { checkBoolean } from "../core/_option_values.ts";
import { keywordObjectHint } from "./_positional_args.ts";
import { registerMisses } from "../notebook/_slip_hints.ts";
import { walkableLists } from "../core/_list_promise.ts";

/** Options for {@linkcode AuthClient}. */
export interface AuthClientOptions extends BaseClientOptions {
  /**
   * With `app`: the scopes this client adds to the app's requirements,
   * instead of `AuthClient.defaultScopeRequirements` (Python's
   * `app_scopes`), e.g. `[AuthClient.scopes.manageProjects]`.
   */
  appScopes?: string | Scope | readonly (string | Scope)[] | undefined;
}

/** The OpenID Connect userinfo of the logged-in user. */
export interface UserInfo {
  /** The primary identity id. */
  sub: string;
  /** The username, e.g. `user@globusid.org`. */
  preferred_username?: string;
  /** The display name. */
  name?: string | null;
  /** The email address. */
  email?: string | null;
  /** The identities linked in the session. */
  identity_set?: IdentitySetEntry[];
  /** The primary identity's organization. */
  organization?: string | null;
  /** The primary identity's identity provider id. */
  identity_provider?: string;
  /** The primary identity's identity provider name, e.g. `Globus ID`. */
  identity_provider_display_name?: string;
  /**
   * When the primary identity last authenticated, in seconds since the
   * epoch.
   */
  last_authentication?: number | null;
  /** Any other field. */
  [key: string]: unknown;
}

/**
 * One identity of a session's `identity_set` (userinfo, id_token claims,
 * with the `view_identity_set` scope).
 */
export interface IdentitySetEntry {
  /** The identity id. */
  sub?: string;
  /** The username, e.g. `user@globusid.org`. */
  username?: string;
  /** The display name. */
  name?: string | null;
  /** The email address. */
  email?: string | null;
  /** The identity provider's id. */
  identity_provider?: string;
  /** The identity provider's name. */
  identity_provider_display_name?: string;
  /** The organization. */
  organization?: string | null;
  /** When the identity last authenticated, in seconds since the epoch. */
  last_authentication?: number | null;
  /** Any other field. */
  [key: string]: unknown;
}

/** One Globus identity. */
export interface Identity {
  /** The identity id. */
  id: string;
  /** The username. */
  username: string;
  /** `used`, `unused`, `private`, `closed`. */
  status?: string;
  /** The display name. */
  name?: string | null;
  /** The email address. */
  email?: string | null;
  /** The organization. */
  organization?: string | null;
  /** The identity provider id. */
  identity_provider?: string;
  /** Any other field. */
  [key: string]: unknown;
}

/** The body of `GET /v2/api/identities`. */
export interface GetIdentitiesResponse {
  /** The identities found (unknown usernames are left out or provisioned). */
  identities: Identity[];
  /** Any other field. */
  [key: string]: unknown;
}

/** One consent a user gave. */
export interface Consent {
  /** The consent id. */
  id: number;
  /** The scope string consented to. */
  scope_name: string;
  /** The ids of the consents from the root to this one. */
  dependency_path: number[];
  /** `approved`, … */
  status?: string;
  /** The client the consent was given to. */
  client?: string;
  /** Any other field. */
  [key: string]: unknown;
}

/**
 * The body of `GET /v2/api/identities/{id}/consents`. `getConsents()` adds a
 * non-enumerable `toForest()` ({@linkcode ConsentForestSource}).
 */
export interface GetConsentsResponse {
  /** The consents. */
  consents: Consent[];
  /** Any other field. */
  [key: string]: unknown;
}

const UserInfoSchema: z.ZodType<UserInfo> = z.lazy(() => {
  const str = () => z.string().exactOptional();
  const text = () => z.string().nullable().exactOptional();
  const when = () => z.number().nullable().exactOptional();
  const person = {
    name: text(),
    email: text(),
    identity_provider: str(),
    identity_provider_display_name: str(),
    organization: text(),
    last_authentication: when(),
  };
  return z.looseObject({
    sub: z.string(),
    preferred_username: str(),
    ...person,
    identity_set: z.array(
      z.looseObject({ sub: str(), username: str(), ...person }),
    ).exactOptional(),
  });
});

const IdentitySchema: z.ZodType<Identity> = z.lazy(() =>
  z.looseObject({
    id: z.string(),
    username: z.string(),
  })
);

const IdentitiesSchema: z.ZodType<GetIdentitiesResponse> = z.lazy(() =>
  z.looseObject({
    identities: z.array(IdentitySchema),
  })
);

const ConsentSchema: z.ZodType<Consent> = z.lazy(() =>
  z.looseObject({
    id: z.number(),
    scope_name: z.string(),
    dependency_path: z.array(z.number()),
  })
);

const ConsentsSchema: z.ZodType<GetConsentsResponse> = z.lazy(() =>
  z.looseObject({
    consents: z.array(ConsentSchema),
  })
);

/** Options for {@linkcode AuthClient.getIdentities}. */
export interface GetIdentitiesOptions extends AuthCallOptions {
  /** Usernames to look up (comma-joined). */
  usernames?: string | Iterable<string> | undefined;
  /** Identity ids to look up (comma-joined). */
  ids?: string | Iterable<string> | undefined;
  /**
   * Create identities for unknown usernames. Sent with a username lookup,
   * as `provision=false` when not set (as in Python).
   * @default {false}
   */
  provision?: boolean | undefined;
}

/**
 * A client for the Globus Auth API, authorized with an access token for
 * `auth.globus.org` (or an app that logs in for scopes openid, profile and
 * email). Needs `--allow-net`.
 *
 * Its methods, by area (each is documented on the class that holds it,
 * which this one extends):
 *
 * - Identities and consents: `getIdentities`, `userinfo`, `getConsents`,
 *   `getIdentityProviders`.
 * - OpenID: `getOpenidConfiguration`, `getJwk`.
 * - Projects: `getProject`, `getProjects`, `createProject`, `updateProject`,
 *   `deleteProject`.
 * - Policies: `getPolicy`, `getPolicies`, `createPolicy`, `updatePolicy`,
 *   `deletePolicy`.
 * - Clients and their credentials: `getClient`, `getClients`,
 *   `createClient`, `updateClient`, `deleteClient`, `getClientCredentials`,
 *   `createClientCredential`, `deleteClientCredential`.
 * - Scopes: `getScope`, `getScopes`, `createScope`, `updateScope`,
 *   `deleteScope`.
 * - Any route, as Python's `ac.get(…)`: `get`, `post`, `put`, `patch`,
 *   `delete`, `request`.
 * - The app's scopes (Python's add_app_scope): `addAppScope`; `close`,
 *   also the end of a using block (Python's with AuthClient(…) as ac:).
 * - `toString` (the class and base URL).
 * - For subclasses (protected): `call`, `json`, `raw`, `genericPath`.
 *
 * @example Look up an identity
 * ```ts ignore
 * import { AccessTokenAuthorizer, AuthClient } from "@globus-deno/sdk";
 * const auth = new AuthClient({ authorizer: new AccessTokenAuthorizer("TOKEN") });
 * const res = await auth.getIdentities({ usernames: ["globus@globus.org"] });
 * console.log(res.identities[0]?.id);
 * console.log([...res].map((x) => x.id)); // Python's [x["id"] for x in res]
 * ```
 */
export class AuthClient extends AuthAPIClientBase {
  /** Globus Auth's resource server. */
  static readonly resourceServer: string = AuthScopes.resourceServer;
  /**
   * Globus Auth's scopes, the same object as `AuthScopes` (Python's
   * `AuthClient.scopes`): `AuthClient.scopes.manageProjects`, `.openid`, ….
   */
  static readonly scopes: AuthScopesShape = AuthScopes;
  /**
   * The scopes an app asks for on behalf of this client (Python's
   * `default_scope_requirements`): `openid`, `profile` and `email`.
   */
  static readonly defaultScopeRequirements: readonly string[] = Object.freeze([
    AuthScopes.openid,
    AuthScopes.profile,
    AuthScopes.email,
  ]);

  /** `AuthClient.scopes`, read from the instance as in Python (`ac.scopes.openid`). */
  override get scopes(): AuthScopesShape {
    // The class's: a subclass may declare its own (Python's class attribute).
    return (this.constructor as typeof AuthClient).scopes;
  }

  /**
   * Creates the client.
   *
   * @param options `{ authorizer }` or `{ app }`, plus environment, base URL,
   *   `fetch`, retry and timeout.
   * @throws {TypeError} When both `app` and `authorizer` are given.
   */
  constructor(options: AuthClientOptions = {}) {
    super(
      AuthScopes.resourceServer,
      clientAppScopes(
        "AuthClient",
        options,
        AuthClient.defaultScopeRequirements,
      ),
      options,
    );
  }

  /**
   * Sends every Auth request; a 401 for a client built with an authorizer
   * (not an app) says which token Globus Auth takes: a Transfer token given
   * to an AuthClient read only "Call must be authenticated".
   *
   * @param method The HTTP method.
   * @param path The path relative to the base URL.
   * @param options The call's options.
   * @returns The response.
   */
  protected override async raw(
    method: string,
    path: string,
    options: CallOptions<unknown> = {},
  ): Promise<TransportResponse> {
    try {
      return await super.raw(method, path, options);
    } catch (err) {
      if (
        err instanceof AuthAPIError && err.httpStatus === 401 &&
        this.app === undefined && !err.message.includes("auth.globus.org")
      ) {
        replaceMessage(
          err,
          err.message,
          `${err.message}. An AuthClient needs an access token for auth.globus.org (from a login asking for openid profile email: tokens.byResourceServer["auth.globus.org"].access_token); a token for another resource server (Transfer's), or one expired or revoked, is refused this way`,
        );
      }
      throw err;
    }
  }

  /**
   * The logged-in user's OpenID Connect userinfo
   * (`GET {auth}/v2/oauth2/userinfo`).
   *
   * @param options `signal` aborts the request.
   * @returns The userinfo.
   * @throws {AuthAPIError} For an error response (e.g. 401; a 403, for a
   *   token without the `openid` scope, says so).
   */
  async userinfo(options: AuthCallOptions = {}): Promise<UserInfo> {
    checkOptions("AuthClient.userinfo()", options, AUTH_CALL_OPTIONS);
    try {
      return await this.call("GET", "v2/oauth2/userinfo", {
        query: { ...options.queryParams },
        schema: UserInfoSchema,
        what: "userinfo",
        signal: options.signal,
      });
    } catch (err) {
      // Globus Auth refuses a valid token without `openid` with a 403 whose
      // detail still reads "Call must be authenticated".
      if (err instanceof AuthAPIError && err.httpStatus === 403) {
        replaceMessage(
          err,
          err.message,
          `${err.message}. userinfo() needs a token with the 'openid' scope: log in with it among the requested scopes (AuthScopes.openid)`,
        );
      }
      throw err;
    }
  }

  /**
   * Looks up identities by username or id
   * (`GET {auth}/v2/api/identities?usernames=a,b` or `?ids=…`).
   *
   * @param options `usernames` or `ids` (not both), `provision` (sent with
   *   usernames: `false` unless set, as in Python), `queryParams` (merged
   *   last), `signal`.
   * @returns `{ identities }`; `for…of` walks the identities (Python's
   *   `for x in ac.get_identities(…)`).
   * @throws {TypeError} When both of `usernames`/`ids` are given, or
   *   neither (nor either in `queryParams`). An empty list sends nothing,
   *   as Python's.
   * @throws {AuthAPIError} For an error response.
   */
  getIdentities(
    options: GetIdentitiesOptions,
  ):
    & Promise<IterableResponse<GetIdentitiesResponse, Identity>>
    & AsyncIterable<Identity>;
  async getIdentities(
    options: GetIdentitiesOptions,
  ): Promise<IterableResponse<GetIdentitiesResponse, Identity>> {
    checkOptions(
      "AuthClient.getIdentities()",
      options,
      ["usernames", "ids", "provision", "queryParams", "signal"],
      {
        required: true,
        positional: "usernames",
        example: 'auth.getIdentities({ usernames: ["user@example.org"] })',
      },
    );
    const { usernames, ids, provision, queryParams, signal } = options;
    const inQuery = queryParams !== undefined &&
      (queryParams["usernames"] !== undefined ||
        queryParams["ids"] !== undefined);
    if (
      (usernames !== undefined && ids !== undefined) ||
      (usernames === undefined && ids === undefined && !inQuery)
    ) {
      throw kernelStack(
        new TypeError(
          "Cannot call getIdentities() as exactly one of 'usernames' and 'ids' must be given, e.g. getIdentities({ usernames: [\"user@example.org\"] }) or getIdentities({ ids: [identityId] })",
        ),
      );
    }
    // `provision: "false"` was sent as true, and `ids: {}` failed with
    // "v is not iterable".
    const badList = ([["usernames", usernames], ["ids", ids]] as const).find((
      [, v],
    ) =>
      v !== undefined && typeof v !== "string" &&
      (v === null || typeof v !== "object" || !(Symbol.iterator in v))
    );
    if (badList !== undefined) {
      throw kernelStack(
        new TypeError(
          `Cannot call getIdentities() as '${
            badList[0]
          }' must be a string or a list of strings: current value is ${
            describeNonObject(badList[1])
          }`,
        ),
      );
    }
    // null (Python's None) reads as false, as before this check.
    checkBoolean("Cannot call getIdentities()", "provision", provision);
    // As Python's `if usernames:`: an empty list (or string) sends nothing.
    const join = (v: string | Iterable<string> | undefined) => {
      const text = v === undefined || typeof v === "string"
        ? v
        : [...v].join(",");
      return text === "" ? undefined : text;
    };
    const names = join(usernames);
    const res = await this.call("GET", "v2/api/identities", {
      query: {
        usernames: names,
        ids: join(ids),
        provision: names === undefined
          ? undefined
          : provision
          ? "true"
          : "false",
        ...queryParams,
      },
      schema: IdentitiesSchema,
      what: "identity list",
      signal,
    });
    return attachIterator(res, (r) => r.identities);
  }

  /**
   * The consents an identity gave
   * (`GET {auth}/v2/api/identities/{identityId}/consents`).
   *
   * @param identityId The identity id.
   * @param options `all: true` lists consents of every client; `queryParams`;
   *   `signal`.
   * @returns The consents (`for…of` walks them, as Python's
   *   `for c in ac.get_consents(…)`), with a non-enumerable `toForest()` (Python's
   *   `to_forest()`) that links them into a {@linkcode ConsentForest}.
   * @throws {AuthAPIError} For an error response.
   *
   * @example Has the user consented to a collection's data_access?
   * ```ts ignore
   * import { AuthClient, GCSCollectionScopes, TransferScopes } from "@globus-deno/sdk";
   * declare const auth: AuthClient, identityId: string, collection: string;
   * const forest = (await auth.getConsents(identityId)).toForest();
   * const dataAccess = GCSCollectionScopes(collection).dataAccess;
   * console.log(forest.meetsScopeRequirements(`${TransferScopes.all}[${dataAccess}]`));
   * ```
   */
  getConsents(
    identityId: string,
    options?: AuthCallOptions & { all?: boolean | null | undefined },
  ):
    & Promise<
      IterableResponse<GetConsentsResponse, Consent> & ConsentForestSource
    >
    & AsyncIterable<Consent>;
  async getConsents(
    identityId: string,
    options: AuthCallOptions & { all?: boolean | null | undefined } = {},
  ): Promise<
    IterableResponse<GetConsentsResponse, Consent> & ConsentForestSource
  > {
    checkOptions("AuthClient.getConsents()", options, CONSENTS_OPTIONS);
    if (typeof identityId !== "string" || identityId.trim() === "") {
      throw kernelStack(
        new TypeError(
          `Cannot call getConsents() as 'identityId' must be a non-empty string: current value is ${
            JSON.stringify(identityId)
          }${keywordObjectHint(identityId, "getConsents")}`,
        ),
      );
    }
    // `all: "false"` asked for all the consents.
    const all = checkBoolean("Cannot call getConsents()", "all", options.all);
    const res = await this.call(
      "GET",
      `v2/api/identities/${encodeURIComponent(identityId)}/consents`,
      {
        query: {
          all: all ? "true" : undefined,
          ...options.queryParams,
        },
        schema: ConsentsSchema,
        what: "consent list",
        signal: options.signal,
      },
    );
    // `for…of` walks the consents, as Python's GetConsentsResponse.
    return attachConsentForest(attachIterator(res, (r) => r.consents));
  }
}

/**
 * Adds a non-enumerable `toForest()` to a consents response, so JSON, keys
 * and equality are unchanged.
 */
function attachConsentForest<D extends GetConsentsResponse>(
  target: D,
): D & ConsentForestSource {
  Object.defineProperty(target, "toForest", {
    value: (): ConsentForest => new ConsentForest(target.consents),
    enumerable: false,
    configurable: true,
    writable: true,
  });
  return target as D & ConsentForestSource;
}
registerClientOptions(AuthClient, [...BASE_CLIENT_OPTIONS, "appScopes"]);

/**
 * The login clients' methods (Python 3's `AuthClient` had several, and a
 * port easily takes one client for the other), by the name read on an
 * `AuthClient`, snake_case or camelCase: the client that has it.
 */
const LOGIN_CLIENT_METHODS: ReadonlyMap<string, [string, string]> = new Map(
  ([
    ["oauth2_token_introspect", "confidential", "(token)"],
    ["oauth2_get_dependent_tokens", "confidential", "(token)"],
    ["oauth2_client_credentials_tokens", "confidential", "(scopes)"],
    ["create_child_client", "confidential", "(name, { clientType })"],
    ["create_native_app_instance", "native", "(templateId, name)"],
    ["oauth2_start_flow", "either", "({ requestedScopes })"],
    ["oauth2_get_authorize_url", "either", "()"],
    ["oauth2_exchange_code_for_tokens", "either", "(code)"],
    ["oauth2_refresh_token", "either", "(refreshToken)"],
    ["oauth2_revoke_token", "either", "(token)"],
    ["oauth2_token", "either", "(formData)"],
    // Python 3's AuthClient.oauth2_validate_token(t), deprecated there.
    ["oauth2_validate_token", "confidential", "(token)"],
  ] as const).flatMap(([python, kind, args]) => {
    const camel = python === "oauth2_validate_token"
      ? "oauth2TokenIntrospect"
      : python.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    const client = kind === "confidential"
      ? "new ConfidentialAppAuthClient(clientId, clientSecret)"
      : kind === "native"
      ? "new NativeAppAuthClient(clientId)"
      : "new NativeAppAuthClient(clientId)";
    const hint: [string, string] = [
      camel,
      `${client}.${camel}${args}${
        kind === "either" ? " (a ConfidentialAppAuthClient has it too)" : ""
      }`,
    ];
    return python === "oauth2_validate_token"
      ? [[python, hint]]
      : [[python, hint], [camel, hint]];
  }),
);

// ac.oauth2_token_introspect(t) on an AuthClient said only "is not a
// function": say which client has it.
registerMisses(AuthClient, (key, receiver) => {
  const found = LOGIN_CLIENT_METHODS.get(key);
  if (found === undefined) return undefined;
  const cls = classLabel(
    (receiver as { constructor?: unknown }).constructor,
    "AuthClient",
  );
  return `${cls} has no ${key}: ${
    found[0]
  } is a login client's method (an AuthClient calls the Auth API with a user's or app's token): ${
    found[1]
  }`;
});

/** The list calls of `AuthClient` (a document that `for…of` walks). */
const AUTH_LIST_METHODS: readonly string[] = [
  "getProjects",
  "getClients",
  "getClientCredentials",
  "getPolicies",
  "getScopes",
  "getIdentityProviders",
  "getIdentities",
  "getConsents",
];
// for await (const p of ac.getProjects()), a paginator's walk without the
// await (Python's `for p in ac.get_projects():`), walks the projects.
walkableLists(AuthClient, AUTH_LIST_METHODS, "AuthClient", "ac");
