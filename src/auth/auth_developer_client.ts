/**
 * The part of `AuthClient` beyond userinfo, identities and
 * consents: identity providers, the OpenID configuration and JWK, and the
 * developer API (projects, clients, client credentials, scopes, policies),
 * with the Python SDK 4.9's methods and arguments in camelCase.
 *
 * @module
 */
import { BaseClient, type BaseClientOptions } from "../core/base_client.ts";
import { AuthAPIError } from "../core/errors.ts";
import type { QueryValue } from "../core/transport.ts";
import { hideFromInspect } from "../core/redact.ts";
import type { ResponseSchema } from "../core/validate.ts";
import type { GlobusHTTPResponse } from "../core/response.ts";
import type {
  AuthJwks,
  ClientCredentialResponse,
  ClientResponse,
  DependentScopeSpec,
  GetClientCredentialsResponse,
  GetClientsResponse,
  GetIdentityProvidersResponse,
  GetPoliciesResponse,
  GetProjectsResponse,
  GetScopesResponse,
  OpenIdConfigurationDocument,
  PolicyResponse,
  ProjectResponse,
  ScopeResponse,
} from "./auth_developer_types.ts";
import {
  ClientResponseSchema,
  ClientsSchema,
  CredentialResponseSchema,
  CredentialsSchema,
  IdentityProvidersSchema,
  PoliciesSchema,
  PolicyResponseSchema,
  ProjectResponseSchema,
  ProjectsSchema,
  ScopeResponseSchema,
  ScopesSchema,
} from "./_developer_schemas.ts";
import {
  fetchJwk,
  fetchOpenidConfiguration,
  type GetJwkOptions,
} from "./_oidc.ts";

/** Options every Auth API method accepts. */
export interface AuthCallOptions {
  /** Extra query parameters (Python's `query_params`). */
  queryParams?: Record<string, QueryValue>;
  /** Aborts the request. */
  signal?: AbortSignal | undefined;
}

/** One id or a list of them (a single string is one id, as in Python). */
export type IdList = string | readonly string[];

/** Options for {@linkcode AuthAPIClientBase.getIdentityProviders}. */
export interface GetIdentityProvidersOptions extends AuthCallOptions {
  /** Domains to look up, e.g. `"globusid.org"` (not with `ids`). */
  domains?: IdList;
  /** Identity provider ids to look up (not with `domains`). */
  ids?: IdList;
}

/** Options for {@linkcode AuthAPIClientBase.createProject}. */
export interface CreateProjectOptions extends AuthCallOptions {
  /** Identity ids of the admins. */
  adminIds?: IdList;
  /** Group ids of the admin groups. */
  adminGroupIds?: IdList;
}

/** Options for {@linkcode AuthAPIClientBase.updateProject}. */
export interface UpdateProjectOptions extends CreateProjectOptions {
  /** The new name. */
  displayName?: string;
  /** The new contact email. */
  contactEmail?: string;
}

/** The policy fields of {@linkcode AuthAPIClientBase.createPolicy} and `updatePolicy`. */
export interface PolicyFields {
  /** Whether the policy applies to sessions (high assurance). */
  highAssurance?: boolean;
  /** Whether multi-factor authentication is required. */
  requiredMfa?: boolean;
  /** How recent (seconds) a login must be to satisfy the policy. */
  authenticationAssuranceTimeout?: number;
  /** Domains that can satisfy the policy (`null` for none). */
  domainConstraintsInclude?: readonly string[] | null;
  /** Domains that cannot satisfy the policy (`null` for none). */
  domainConstraintsExclude?: readonly string[] | null;
}

/** Options for {@linkcode AuthAPIClientBase.createPolicy}. */
export interface CreatePolicyOptions extends PolicyFields, AuthCallOptions {
  /** The project of the new policy. */
  projectId: string;
  /** The policy's name. */
  displayName: string;
  /** What the policy is for. */
  description: string;
}

/** Options for {@linkcode AuthAPIClientBase.updatePolicy}. */
export interface UpdatePolicyOptions extends PolicyFields, AuthCallOptions {
  /** Move the policy to this project. */
  projectId?: string;
  /** The new name. */
  displayName?: string;
  /** The new description. */
  description?: string;
}

/** The kinds of client `createClient()` can make. */
export type ClientType =
  | "client_identity"
  | "confidential_client"
  | "globus_connect_server"
  | "public_installed_client"
  | "hybrid_confidential_client_resource_server"
  | "resource_server"
  | "public_webapp_client";

/** Client fields shared by `createClient()`, `updateClient()` and `createChildClient()`. */
export interface ClientFields {
  /** `public` (anyone may see it) or `private`. */
  visibility?: "public" | "private";
  /** Redirect URIs allowed in login flows. */
  redirectUris?: readonly string[];
  /** URL of the terms and conditions (with `privacyPolicy`). */
  termsAndConditions?: string;
  /** URL of the privacy policy (with `termsAndConditions`). */
  privacyPolicy?: string;
  /** Users need an identity from this identity provider. */
  requiredIdp?: string;
  /** Identity provider preselected on the login page. */
  preselectIdp?: string;
  /** Other body fields, passed through. */
  additionalFields?: Record<string, unknown>;
}

/** Options for `createClient()` and `createChildClient()`: exactly one of `publicClient` and `clientType`. */
export interface CreateClientOptions extends ClientFields, AuthCallOptions {
  /** `true` for a client that cannot keep a secret (not with `clientType`). */
  publicClient?: boolean;
  /** The kind of client (not with `publicClient`). */
  clientType?: ClientType;
}

/** Options for {@linkcode AuthAPIClientBase.updateClient}. */
export interface UpdateClientOptions extends
  Omit<
    ClientFields,
    "termsAndConditions" | "privacyPolicy" | "requiredIdp" | "preselectIdp"
  >,
  AuthCallOptions {
  /** The new display name. */
  name?: string;
  /** URL of the terms (with `privacyPolicy`; both `null` removes the links). */
  termsAndConditions?: string | null;
  /** URL of the privacy policy (with `termsAndConditions`). */
  privacyPolicy?: string | null;
  /** Required identity provider (`null` removes it). */
  requiredIdp?: string | null;
  /** Preselected identity provider (`null` removes it). */
  preselectIdp?: string | null;
}

/** Options for {@linkcode AuthAPIClientBase.getClient}: exactly one of `clientId` and `fqdn`. */
export interface GetClientOptions extends AuthCallOptions {
  /** The client id. */
  clientId?: string;
  /** A domain name of the client. */
  fqdn?: string;
}

/** Options for {@linkcode AuthAPIClientBase.getScopes}. */
export interface GetScopesOptions extends AuthCallOptions {
  /** Scope strings to look up (not with `ids`). */
  scopeStrings?: IdList;
  /** Scope ids to look up (not with `scopeStrings`). */
  ids?: IdList;
}

/** Scope fields of {@linkcode AuthAPIClientBase.createScope} and `updateScope`. */
export interface ScopeFields {
  /** Domains the user must have a linked identity in. */
  requiredDomains?: readonly string[];
  /** Dependent scopes (`{ scope, optional, requires_refresh_token }`). */
  dependentScopes?: readonly DependentScopeSpec[];
  /** Whether anyone may see the scope. */
  advertised?: boolean;
  /** Whether refresh tokens may be issued for it. */
  allowsRefreshToken?: boolean;
}

/** Options for {@linkcode AuthAPIClientBase.createScope}. */
export interface CreateScopeOptions extends ScopeFields, AuthCallOptions {}

/** Options for {@linkcode AuthAPIClientBase.updateScope}. */
export interface UpdateScopeOptions extends ScopeFields, AuthCallOptions {
  /** The new name. */
  name?: string;
  /** The new description. */
  description?: string;
  /** The new suffix (lowercase letters, digits, `_`). */
  scopeSuffix?: string;
}

/**
 * Checks an id argument and encodes it for a path.
 *
 * @param value The argument.
 * @param name Its name.
 * @param method The method.
 * @returns The encoded id.
 */
export function pathId(value: unknown, name: string, method: string): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new TypeError(
      `Cannot call ${method}() as '${name}' must be a non-empty string: current value is ${
        value === undefined ? "undefined" : JSON.stringify(value)
      }`,
    );
  }
  return encodeURIComponent(value);
}

function requireString(value: unknown, name: string, method: string): void {
  if (typeof value !== "string") {
    throw new TypeError(
      `Cannot call ${method}() as '${name}' must be a string: current value is ${
        value === undefined ? "undefined" : JSON.stringify(value)
      }`,
    );
  }
}

function toList(value: IdList | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return typeof value === "string" ? [value] : [...value];
}

function commajoin(value: IdList | undefined): string | undefined {
  return toList(value)?.join(",");
}

/**
 * Builds the body of a new client (`createClient`, `createChildClient`),
 * with the Python SDK's argument checks.
 *
 * @param method The calling method, for errors.
 * @param fields `name`, `project` (if any) and the options.
 * @returns The `client` object of the body.
 */
export function newClientBody(
  method: string,
  fields: { name: string; project?: string } & CreateClientOptions,
): Record<string, unknown> {
  requireString(fields.name, "name", method);
  if (
    (fields.publicClient === undefined) === (fields.clientType === undefined)
  ) {
    throw new TypeError(
      `Cannot call ${method}() as exactly one of 'publicClient' and 'clientType' must be given: ${
        fields.publicClient === undefined ? "neither was" : "both were"
      }`,
    );
  }
  if (!!fields.termsAndConditions !== !!fields.privacyPolicy) {
    throw new TypeError(
      `Cannot call ${method}() as 'termsAndConditions' and 'privacyPolicy' must be given together`,
    );
  }
  const body: Record<string, unknown> = {
    name: fields.name,
    ...(fields.project !== undefined ? { project: fields.project } : {}),
    visibility: fields.visibility,
    redirect_uris: fields.redirectUris ? [...fields.redirectUris] : undefined,
    required_idp: fields.requiredIdp,
    preselect_idp: fields.preselectIdp,
    public_client: fields.publicClient,
    client_type: fields.clientType,
  };
  if (fields.termsAndConditions || fields.privacyPolicy) {
    body["links"] = {
      terms_and_conditions: fields.termsAndConditions,
      privacy_policy: fields.privacyPolicy,
    };
  }
  return { ...body, ...fields.additionalFields };
}

function policyBody(o: PolicyFields): Record<string, unknown> {
  return {
    high_assurance: o.highAssurance,
    required_mfa: o.requiredMfa,
    authentication_assurance_timeout: o.authenticationAssuranceTimeout,
    domain_constraints_include: o.domainConstraintsInclude === undefined ||
        o.domainConstraintsInclude === null
      ? o.domainConstraintsInclude
      : [...o.domainConstraintsInclude],
    domain_constraints_exclude: o.domainConstraintsExclude === undefined ||
        o.domainConstraintsExclude === null
      ? o.domainConstraintsExclude
      : [...o.domainConstraintsExclude],
  };
}

function scopeBody(o: ScopeFields): Record<string, unknown> {
  return {
    advertised: o.advertised,
    allows_refresh_token: o.allowsRefreshToken,
    required_domains: o.requiredDomains ? [...o.requiredDomains] : undefined,
    dependent_scopes: o.dependentScopes
      ? o.dependentScopes.map((d) => ({
        scope: d.scope,
        optional: d.optional,
        requires_refresh_token: d.requires_refresh_token,
      }))
      : undefined,
  };
}

/** Hides credential secrets from inspect output (JSON keeps them). */
function hideSecrets<T extends object>(data: T, label: string): T {
  return hideFromInspect(data, label);
}

/**
 * The Globus Auth API methods of `AuthClient` beyond userinfo,
 * identities and consents. Not used directly: use `AuthClient`.
 *
 * The developer API (projects, clients, credentials, scopes, policies)
 * needs a token with the
 * `urn:globus:auth:scope:auth.globus.org:manage_projects` scope.
 */
export abstract class AuthAPIClientBase extends BaseClient {
  /**
   * Sets up the client (see `AuthClient`).
   *
   * @param resourceServer Auth's resource server.
   * @param scopes The scopes to require from `{ app }`.
   * @param options The client options.
   */
  protected constructor(
    resourceServer: string,
    scopes: string[],
    options: BaseClientOptions,
  ) {
    super("auth", resourceServer, scopes, options, AuthAPIError);
  }

  async #json<T>(
    method: string,
    path: string,
    schema: ResponseSchema<T>,
    what: string,
    options: AuthCallOptions & {
      body?: unknown;
      query?: Record<string, QueryValue>;
    } = {},
  ): Promise<T> {
    return await this.call(method, path, {
      query: { ...options.query, ...options.queryParams },
      ...(options.body !== undefined ? { json: options.body } : {}),
      schema,
      what,
      signal: options.signal,
    });
  }

  /**
   * Globus Auth's OpenID Connect configuration
   * (`GET {auth}/.well-known/openid-configuration`, no credentials sent).
   *
   * @param options `signal` aborts the request.
   * @returns The configuration (`issuer`, `jwks_uri`, …).
   * @throws {AuthAPIError} For an error response.
   */
  async getOpenidConfiguration(
    options: { signal?: AbortSignal | undefined } = {},
  ): Promise<OpenIdConfigurationDocument> {
    return await fetchOpenidConfiguration(this, options.signal);
  }

  /**
   * Globus Auth's signing keys (the JWK set at the configuration's
   * `jwks_uri`), or with `asPem: true` the first key as a PEM public key.
   *
   * @param openidConfiguration The configuration, when already fetched.
   * @param options `asPem`, `signal`.
   * @returns The key set or the PEM text.
   * @throws {AuthAPIError} For an error response.
   */
  getJwk(
    openidConfiguration?:
      | OpenIdConfigurationDocument
      | GlobusHTTPResponse
      | undefined,
    options?: GetJwkOptions & { asPem?: false },
  ): Promise<AuthJwks>;
  /**
   * Globus Auth's first signing key as PEM text (`asPem: true`).
   *
   * @param openidConfiguration The configuration, when already fetched.
   * @param options `asPem: true`, `signal`.
   * @returns The PEM-encoded public key (SPKI).
   * @throws {AuthAPIError} For an error response.
   */
  getJwk(
    openidConfiguration:
      | OpenIdConfigurationDocument
      | GlobusHTTPResponse
      | undefined,
    options: GetJwkOptions & { asPem: true },
  ): Promise<string>;
  async getJwk(
    openidConfiguration?: OpenIdConfigurationDocument | GlobusHTTPResponse,
    options: GetJwkOptions = {},
  ): Promise<AuthJwks | string> {
    return await fetchJwk(this, openidConfiguration, options);
  }

  /**
   * Looks up identity providers by domain or id
   * (`GET {auth}/v2/api/identity_providers?domains=…` or `?ids=…`).
   *
   * @param options `domains` or `ids` (not both), `queryParams`, `signal`.
   * @returns The identity providers.
   * @throws {TypeError} When both `domains` and `ids` are given.
   * @throws {AuthAPIError} For an error response.
   */
  async getIdentityProviders(
    options: GetIdentityProvidersOptions = {},
  ): Promise<GetIdentityProvidersResponse> {
    if (options.domains !== undefined && options.ids !== undefined) {
      throw new TypeError(
        "Cannot call getIdentityProviders() as 'domains' and 'ids' are mutually exclusive: pass one of them",
      );
    }
    return await this.#json(
      "GET",
      "v2/api/identity_providers",
      IdentityProvidersSchema,
      "identity provider list",
      {
        ...options,
        query: {
          domains: commajoin(options.domains),
          ids: commajoin(options.ids),
        },
      },
    );
  }

  // ------------------------------------------------------------ projects

  /**
   * One project (`GET {auth}/v2/api/projects/{projectId}`).
   *
   * @param projectId The project id.
   * @param options `queryParams`, `signal`.
   * @returns `{ project }`.
   * @throws {AuthAPIError} For an error response (404 when unknown).
   */
  async getProject(
    projectId: string,
    options: AuthCallOptions = {},
  ): Promise<ProjectResponse> {
    const id = pathId(projectId, "projectId", "getProject");
    return await this.#json(
      "GET",
      `v2/api/projects/${id}`,
      ProjectResponseSchema,
      "project",
      options,
    );
  }

  /**
   * The projects the caller administers (`GET {auth}/v2/api/projects`).
   *
   * @param options `queryParams`, `signal`.
   * @returns `{ projects }`.
   * @throws {AuthAPIError} For an error response.
   */
  async getProjects(
    options: AuthCallOptions = {},
  ): Promise<GetProjectsResponse> {
    return await this.#json(
      "GET",
      "v2/api/projects",
      ProjectsSchema,
      "project list",
      options,
    );
  }

  /**
   * Creates a project (`POST {auth}/v2/api/projects`). Give at least one
   * of `adminIds` and `adminGroupIds` (Globus Auth refuses a project
   * without admins); the caller is not added as an admin by itself.
   *
   * @param displayName The project's name.
   * @param contactEmail The point of contact's email address.
   * @param options `adminIds`, `adminGroupIds`, `signal`.
   * @returns `{ project }`.
   * @throws {AuthAPIError} For an error response.
   */
  async createProject(
    displayName: string,
    contactEmail: string,
    options: CreateProjectOptions = {},
  ): Promise<ProjectResponse> {
    requireString(displayName, "displayName", "createProject");
    requireString(contactEmail, "contactEmail", "createProject");
    return await this.#json(
      "POST",
      "v2/api/projects",
      ProjectResponseSchema,
      "project",
      {
        ...options,
        body: {
          project: {
            display_name: displayName,
            contact_email: contactEmail,
            admin_ids: toList(options.adminIds),
            admin_group_ids: toList(options.adminGroupIds),
          },
        },
      },
    );
  }

  /**
   * Updates a project (`PUT {auth}/v2/api/projects/{projectId}`); only the
   * fields given change.
   *
   * @param projectId The project id.
   * @param options `displayName`, `contactEmail`, `adminIds`, `adminGroupIds`.
   * @returns `{ project }`.
   * @throws {AuthAPIError} For an error response.
   */
  async updateProject(
    projectId: string,
    options: UpdateProjectOptions = {},
  ): Promise<ProjectResponse> {
    const id = pathId(projectId, "projectId", "updateProject");
    return await this.#json(
      "PUT",
      `v2/api/projects/${id}`,
      ProjectResponseSchema,
      "project",
      {
        ...options,
        body: {
          project: {
            display_name: options.displayName,
            contact_email: options.contactEmail,
            admin_ids: toList(options.adminIds),
            admin_group_ids: toList(options.adminGroupIds),
          },
        },
      },
    );
  }

  /**
   * Deletes a project (`DELETE {auth}/v2/api/projects/{projectId}`).
   *
   * @param projectId The project id.
   * @param options `queryParams`, `signal`.
   * @returns `{ project }`: the deleted project.
   * @throws {AuthAPIError} For an error response (e.g. it still has clients).
   */
  async deleteProject(
    projectId: string,
    options: AuthCallOptions = {},
  ): Promise<ProjectResponse> {
    const id = pathId(projectId, "projectId", "deleteProject");
    return await this.#json(
      "DELETE",
      `v2/api/projects/${id}`,
      ProjectResponseSchema,
      "project",
      options,
    );
  }

  // ------------------------------------------------------------ policies

  /**
   * One policy (`GET {auth}/v2/api/policies/{policyId}`).
   *
   * @param policyId The policy id.
   * @param options `queryParams`, `signal`.
   * @returns `{ policy }`.
   * @throws {AuthAPIError} For an error response.
   */
  async getPolicy(
    policyId: string,
    options: AuthCallOptions = {},
  ): Promise<PolicyResponse> {
    const id = pathId(policyId, "policyId", "getPolicy");
    return await this.#json(
      "GET",
      `v2/api/policies/${id}`,
      PolicyResponseSchema,
      "policy",
      options,
    );
  }

  /**
   * The policies of the projects the caller administers
   * (`GET {auth}/v2/api/policies`).
   *
   * @param options `queryParams`, `signal`.
   * @returns `{ policies }`.
   * @throws {AuthAPIError} For an error response.
   */
  async getPolicies(
    options: AuthCallOptions = {},
  ): Promise<GetPoliciesResponse> {
    return await this.#json(
      "GET",
      "v2/api/policies",
      PoliciesSchema,
      "policy list",
      options,
    );
  }

  /**
   * Creates a policy (`POST {auth}/v2/api/policies`).
   *
   * @param options `projectId`, `displayName`, `description` (required),
   *   `highAssurance`, `requiredMfa`, `authenticationAssuranceTimeout`,
   *   `domainConstraintsInclude`, `domainConstraintsExclude`.
   * @returns `{ policy }`.
   * @throws {TypeError} When a required option is missing.
   * @throws {AuthAPIError} For an error response.
   */
  async createPolicy(options: CreatePolicyOptions): Promise<PolicyResponse> {
    const o = options ?? ({} as CreatePolicyOptions);
    pathId(o.projectId, "projectId", "createPolicy");
    requireString(o.displayName, "displayName", "createPolicy");
    requireString(o.description, "description", "createPolicy");
    return await this.#json(
      "POST",
      "v2/api/policies",
      PolicyResponseSchema,
      "policy",
      {
        ...o,
        body: {
          policy: {
            project_id: o.projectId,
            display_name: o.displayName,
            description: o.description,
            ...policyBody(o),
          },
        },
      },
    );
  }

  /**
   * Updates a policy (`PUT {auth}/v2/api/policies/{policyId}`); only the
   * fields given change.
   *
   * @param policyId The policy id.
   * @param options The fields to change.
   * @returns `{ policy }`.
   * @throws {AuthAPIError} For an error response.
   */
  async updatePolicy(
    policyId: string,
    options: UpdatePolicyOptions = {},
  ): Promise<PolicyResponse> {
    const id = pathId(policyId, "policyId", "updatePolicy");
    return await this.#json(
      "PUT",
      `v2/api/policies/${id}`,
      PolicyResponseSchema,
      "policy",
      {
        ...options,
        body: {
          policy: {
            project_id: options.projectId,
            display_name: options.displayName,
            description: options.description,
            ...policyBody(options),
          },
        },
      },
    );
  }

  /**
   * Deletes a policy (`DELETE {auth}/v2/api/policies/{policyId}`).
   *
   * @param policyId The policy id.
   * @param options `queryParams`, `signal`.
   * @returns `{ policy }`: the deleted policy.
   * @throws {AuthAPIError} For an error response.
   */
  async deletePolicy(
    policyId: string,
    options: AuthCallOptions = {},
  ): Promise<PolicyResponse> {
    const id = pathId(policyId, "policyId", "deletePolicy");
    return await this.#json(
      "DELETE",
      `v2/api/policies/${id}`,
      PolicyResponseSchema,
      "policy",
      options,
    );
  }

  // ------------------------------------------------------------ clients

  /**
   * One client, by id (`GET {auth}/v2/api/clients/{clientId}`) or by domain
   * name (`GET {auth}/v2/api/clients?fqdn=…`).
   *
   * @param options Exactly one of `clientId` and `fqdn`; `signal`.
   * @returns `{ client }`.
   * @throws {TypeError} When neither or both are given.
   * @throws {AuthAPIError} For an error response.
   */
  async getClient(options: GetClientOptions): Promise<ClientResponse> {
    if (typeof options === "string") {
      throw new TypeError(
        `Cannot call getClient() with a string: pass { clientId: ${
          JSON.stringify(options)
        } } or { fqdn }`,
      );
    }
    const o = options ?? {};
    if ((o.clientId === undefined) === (o.fqdn === undefined)) {
      throw new TypeError(
        `Cannot call getClient() as exactly one of 'clientId' and 'fqdn' must be given: ${
          o.clientId === undefined ? "neither was" : "both were"
        }`,
      );
    }
    if (o.clientId !== undefined) {
      const id = pathId(o.clientId, "clientId", "getClient");
      return await this.#json(
        "GET",
        `v2/api/clients/${id}`,
        ClientResponseSchema,
        "client",
        o,
      );
    }
    return await this.#json(
      "GET",
      "v2/api/clients",
      ClientResponseSchema,
      "client",
      { ...o, query: { fqdn: o.fqdn } },
    );
  }

  /**
   * The clients of the projects the caller administers
   * (`GET {auth}/v2/api/clients`).
   *
   * @param options `queryParams`, `signal`.
   * @returns `{ clients }`.
   * @throws {AuthAPIError} For an error response.
   */
  async getClients(options: AuthCallOptions = {}): Promise<GetClientsResponse> {
    return await this.#json(
      "GET",
      "v2/api/clients",
      ClientsSchema,
      "client list",
      options,
    );
  }

  /**
   * Registers a client in a project (`POST {auth}/v2/api/clients`).
   *
   * @param name The name shown on consent pages (no line breaks).
   * @param project The project id.
   * @param options Exactly one of `publicClient` and `clientType`; and
   *   `visibility`, `redirectUris`, `termsAndConditions` with
   *   `privacyPolicy`, `requiredIdp`, `preselectIdp`, `additionalFields`.
   * @returns `{ client }`.
   * @throws {TypeError} For the argument combinations the Python SDK refuses.
   * @throws {AuthAPIError} For an error response.
   */
  async createClient(
    name: string,
    project: string,
    options: CreateClientOptions = {},
  ): Promise<ClientResponse> {
    pathId(project, "project", "createClient");
    const client = newClientBody("createClient", { ...options, name, project });
    return hideSecrets(
      await this.#json(
        "POST",
        "v2/api/clients",
        ClientResponseSchema,
        "client",
        { ...options, body: { client } },
      ),
      "ClientResponse",
    );
  }

  /**
   * Updates a client (`PUT {auth}/v2/api/clients/{clientId}`); only the
   * fields given change.
   *
   * @param clientId The client id.
   * @param options `name`, `visibility`, `redirectUris`,
   *   `termsAndConditions` with `privacyPolicy` (both `null` removes them),
   *   `requiredIdp`, `preselectIdp`, `additionalFields`.
   * @returns `{ client }`.
   * @throws {TypeError} When only one of the two links is given.
   * @throws {AuthAPIError} For an error response.
   */
  async updateClient(
    clientId: string,
    options: UpdateClientOptions = {},
  ): Promise<ClientResponse> {
    const id = pathId(clientId, "clientId", "updateClient");
    const t = options.termsAndConditions;
    const p = options.privacyPolicy;
    const kind = (v: unknown) => v === undefined ? "u" : v === null ? "n" : "s";
    if (kind(t) !== kind(p)) {
      throw new TypeError(
        "Cannot call updateClient() as 'termsAndConditions' and 'privacyPolicy' must be given together (both strings, or both null to remove them)",
      );
    }
    const body: Record<string, unknown> = {
      name: options.name,
      visibility: options.visibility,
      redirect_uris: options.redirectUris
        ? [...options.redirectUris]
        : undefined,
      required_idp: options.requiredIdp,
      preselect_idp: options.preselectIdp,
    };
    if (t !== undefined) {
      body["links"] = { terms_and_conditions: t, privacy_policy: p };
    }
    return await this.#json(
      "PUT",
      `v2/api/clients/${id}`,
      ClientResponseSchema,
      "client",
      {
        ...options,
        body: { client: { ...body, ...options.additionalFields } },
      },
    );
  }

  /**
   * Deletes a client (`DELETE {auth}/v2/api/clients/{clientId}`); its
   * tokens stop working.
   *
   * @param clientId The client id.
   * @param options `queryParams`, `signal`.
   * @returns `{ client }`: the deleted client.
   * @throws {AuthAPIError} For an error response.
   */
  async deleteClient(
    clientId: string,
    options: AuthCallOptions = {},
  ): Promise<ClientResponse> {
    const id = pathId(clientId, "clientId", "deleteClient");
    return await this.#json(
      "DELETE",
      `v2/api/clients/${id}`,
      ClientResponseSchema,
      "client",
      options,
    );
  }

  // ------------------------------------------------- client credentials

  /**
   * A client's credentials, without their secrets
   * (`GET {auth}/v2/api/clients/{clientId}/credentials`).
   *
   * @param clientId The client id.
   * @param options `queryParams`, `signal`.
   * @returns `{ credentials }` (each `secret` is `null`).
   * @throws {AuthAPIError} For an error response.
   */
  async getClientCredentials(
    clientId: string,
    options: AuthCallOptions = {},
  ): Promise<GetClientCredentialsResponse> {
    const id = pathId(clientId, "clientId", "getClientCredentials");
    return await this.#json(
      "GET",
      `v2/api/clients/${id}/credentials`,
      CredentialsSchema,
      "client credential list",
      options,
    );
  }

  /**
   * Creates a credential (secret) for a client
   * (`POST {auth}/v2/api/clients/{clientId}/credentials`). The secret is in
   * this response only: store it now. It prints as `[REDACTED]`; read it
   * as `res.credential.secret`.
   *
   * @param clientId The client id.
   * @param name The credential's name.
   * @param options `queryParams`, `signal`.
   * @returns `{ credential }` with its `secret`.
   * @throws {AuthAPIError} For an error response.
   */
  async createClientCredential(
    clientId: string,
    name: string,
    options: AuthCallOptions = {},
  ): Promise<ClientCredentialResponse> {
    const id = pathId(clientId, "clientId", "createClientCredential");
    requireString(name, "name", "createClientCredential");
    return hideSecrets(
      await this.#json(
        "POST",
        `v2/api/clients/${id}/credentials`,
        CredentialResponseSchema,
        "client credential",
        { ...options, body: { credential: { name } } },
      ),
      "ClientCredentialResponse",
    );
  }

  /**
   * Deletes a client credential
   * (`DELETE {auth}/v2/api/clients/{clientId}/credentials/{credentialId}`);
   * its secret stops working.
   *
   * @param clientId The client id.
   * @param credentialId The credential id.
   * @param options `queryParams`, `signal`.
   * @returns `{ credential }`: the deleted credential.
   * @throws {AuthAPIError} For an error response.
   */
  async deleteClientCredential(
    clientId: string,
    credentialId: string,
    options: AuthCallOptions = {},
  ): Promise<ClientCredentialResponse> {
    const id = pathId(clientId, "clientId", "deleteClientCredential");
    const cred = pathId(credentialId, "credentialId", "deleteClientCredential");
    return await this.#json(
      "DELETE",
      `v2/api/clients/${id}/credentials/${cred}`,
      CredentialResponseSchema,
      "client credential",
      options,
    );
  }

  // ------------------------------------------------------------ scopes

  /**
   * One scope (`GET {auth}/v2/api/scopes/{scopeId}`).
   *
   * @param scopeId The scope id.
   * @param options `queryParams`, `signal`.
   * @returns `{ scope }`.
   * @throws {AuthAPIError} For an error response.
   */
  async getScope(
    scopeId: string,
    options: AuthCallOptions = {},
  ): Promise<ScopeResponse> {
    const id = pathId(scopeId, "scopeId", "getScope");
    return await this.#json(
      "GET",
      `v2/api/scopes/${id}`,
      ScopeResponseSchema,
      "scope",
      options,
    );
  }

  /**
   * Scopes of the caller's projects, or the ones named
   * (`GET {auth}/v2/api/scopes`, `?scope_strings=…` or `?ids=…`).
   *
   * @param options `scopeStrings` or `ids` (not both), `queryParams`, `signal`.
   * @returns `{ scopes }`.
   * @throws {TypeError} When both filters are given.
   * @throws {AuthAPIError} For an error response.
   */
  async getScopes(options: GetScopesOptions = {}): Promise<GetScopesResponse> {
    if (options.scopeStrings !== undefined && options.ids !== undefined) {
      throw new TypeError(
        "Cannot call getScopes() as 'scopeStrings' and 'ids' are mutually exclusive: pass one of them",
      );
    }
    return await this.#json(
      "GET",
      "v2/api/scopes",
      ScopesSchema,
      "scope list",
      {
        ...options,
        query: {
          scope_strings: commajoin(options.scopeStrings),
          ids: commajoin(options.ids),
        },
      },
    );
  }

  /**
   * Creates a scope of a client
   * (`POST {auth}/v2/api/clients/{clientId}/scopes`); its scope string is
   * `https://auth.globus.org/scopes/{clientId}/{scopeSuffix}`.
   *
   * @param clientId The client that owns the scope.
   * @param name The name shown on consent pages.
   * @param description The description shown on consent pages.
   * @param scopeSuffix Lowercase letters, digits and `_`.
   * @param options `requiredDomains`, `dependentScopes`, `advertised`,
   *   `allowsRefreshToken`, `signal`.
   * @returns `{ scope }`.
   * @throws {AuthAPIError} For an error response.
   */
  async createScope(
    clientId: string,
    name: string,
    description: string,
    scopeSuffix: string,
    options: CreateScopeOptions = {},
  ): Promise<ScopeResponse> {
    const id = pathId(clientId, "clientId", "createScope");
    requireString(name, "name", "createScope");
    requireString(description, "description", "createScope");
    requireString(scopeSuffix, "scopeSuffix", "createScope");
    return await this.#json(
      "POST",
      `v2/api/clients/${id}/scopes`,
      ScopeResponseSchema,
      "scope",
      {
        ...options,
        body: {
          scope: {
            name,
            description,
            scope_suffix: scopeSuffix,
            ...scopeBody(options),
          },
        },
      },
    );
  }

  /**
   * Updates a scope (`PUT {auth}/v2/api/scopes/{scopeId}`); only the
   * fields given change.
   *
   * @param scopeId The scope id.
   * @param options The fields to change.
   * @returns `{ scope }`.
   * @throws {AuthAPIError} For an error response.
   */
  async updateScope(
    scopeId: string,
    options: UpdateScopeOptions = {},
  ): Promise<ScopeResponse> {
    const id = pathId(scopeId, "scopeId", "updateScope");
    return await this.#json(
      "PUT",
      `v2/api/scopes/${id}`,
      ScopeResponseSchema,
      "scope",
      {
        ...options,
        body: {
          scope: {
            name: options.name,
            description: options.description,
            scope_suffix: options.scopeSuffix,
            ...scopeBody(options),
          },
        },
      },
    );
  }

  /**
   * Deletes a scope (`DELETE {auth}/v2/api/scopes/{scopeId}`).
   *
   * @param scopeId The scope id.
   * @param options `queryParams`, `signal`.
   * @returns `{ scope }`: the deleted scope.
   * @throws {AuthAPIError} For an error response.
   */
  async deleteScope(
    scopeId: string,
    options: AuthCallOptions = {},
  ): Promise<ScopeResponse> {
    const id = pathId(scopeId, "scopeId", "deleteScope");
    return await this.#json(
      "DELETE",
      `v2/api/scopes/${id}`,
      ScopeResponseSchema,
      "scope",
      options,
    );
  }
}
