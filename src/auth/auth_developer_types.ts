/**
 * Response types of Globus Auth's developer API (projects, clients, client
 * credentials, scopes, policies), identity providers, the OpenID
 * configuration and the JWK set, with their zod schemas. Wire names are
 * kept (`display_name`, `scope_string`); unknown fields are kept too.
 *
 * @module
 */
import type { IdTokenJwks, OpenIdConfiguration } from "./id_token.ts";
import type { Identity } from "./auth_client.ts";

/** One identity provider (`GET /v2/api/identity_providers`). */
export interface IdentityProvider {
  /** The identity provider id. */
  id: string;
  /** Its display name, e.g. `Globus ID`. */
  name: string;
  /** Its short name, e.g. `globusid`. */
  short_name?: string;
  /** The domains of its usernames, e.g. `["globusid.org"]`. */
  domains: string[];
  /** Other names. */
  alternative_names?: string[];
  /** Any other field. */
  [key: string]: unknown;
}

/** The body of `GET /v2/api/identity_providers`. */
export interface GetIdentityProvidersResponse {
  /** The identity providers found. */
  identity_providers: IdentityProvider[];
  /** Any other field. */
  [key: string]: unknown;
}

/** A project of the developer API. */
export interface Project {
  /** The project id. */
  id: string;
  /** The project's name. */
  display_name: string;
  /** The point of contact's email address. */
  contact_email: string;
  /** The admins' identity ids. */
  admin_ids?: string[] | null;
  /** The admin groups' ids. */
  admin_group_ids?: string[] | null;
  /** Same as `display_name` (older name). */
  project_name?: string;
  /** The admins, expanded: their identities and groups. */
  admins?: ProjectAdmins;
  /** Any other field. */
  [key: string]: unknown;
}

/** A project's admins, expanded (`project.admins`). */
export interface ProjectAdmins {
  /** The admin identities, as `getIdentities()` returns them. */
  identities: Identity[];
  /** The admin groups. */
  groups: ProjectAdminGroup[];
  /** Any other field. */
  [key: string]: unknown;
}

/** One admin group of a project (`project.admins.groups[i]`). */
export interface ProjectAdminGroup {
  /** The group id. */
  id: string;
  /** The group's name. */
  name?: string;
  /** The group's description. */
  description?: string | null;
  /** The group's organization. */
  organization?: string | null;
  /** Any other field. */
  [key: string]: unknown;
}

/** The body of a single-project call (`{ "project": … }`). */
export interface ProjectResponse {
  /** The project. */
  project: Project;
  /** Any other field. */
  [key: string]: unknown;
}

/** The body of `GET /v2/api/projects`. */
export interface GetProjectsResponse {
  /** The projects the caller administers. */
  projects: Project[];
  /** Any other field. */
  [key: string]: unknown;
}

/** A client (app or service) registered with Globus Auth. */
export interface RegisteredClient {
  /** The client id. */
  id: string;
  /** The display name shown on consent pages. */
  name: string;
  /** The project it belongs to (`null` for a native app instance). */
  project?: string | null;
  /** `confidential_client`, `public_installed_client`, `client_identity`, … */
  client_type?: string;
  /** Whether it is a public (native) client. */
  public_client?: boolean;
  /** `public` or `private`. */
  visibility?: string;
  /** Allowed redirect URIs. */
  redirect_uris?: string[];
  /** The ids of its scopes. */
  scopes?: string[];
  /** The OAuth grant types it may use. */
  grant_types?: string[];
  /** Its domain names. */
  fqdns?: string[];
  /** Links to its terms and privacy policy. */
  links?: {
    terms_and_conditions?: string | null;
    privacy_policy?: string | null;
  };
  /** An identity provider users must have an identity from. */
  required_idp?: string | null;
  /** The identity provider preselected on the login page. */
  preselect_idp?: string | null;
  /** The client it was created by (child clients, native app instances). */
  parent_client?: string | null;
  /** Any other field. */
  [key: string]: unknown;
}

/** A client credential (secret). `secret` is shown once, when created. */
export interface ClientCredential {
  /** The credential id. */
  id: string;
  /** Its name. */
  name: string;
  /** The client it authenticates. */
  client: string;
  /** When it was created. */
  created?: string;
  /** The secret: only in the response that created it, else `null`. */
  secret: string | null;
  /** Any other field. */
  [key: string]: unknown;
}

/** The body of a single-client call (`{ "client": … }`). */
export interface ClientResponse {
  /** The client. */
  client: RegisteredClient;
  /** For a new confidential client: its first credential (with the secret). */
  included?: { client_credential?: ClientCredential; [key: string]: unknown };
  /** Any other field. */
  [key: string]: unknown;
}

/** The body of `GET /v2/api/clients`. */
export interface GetClientsResponse {
  /** The clients of the projects the caller administers. */
  clients: RegisteredClient[];
  /** Any other field. */
  [key: string]: unknown;
}

/** The body of a single-credential call (`{ "credential": … }`). */
export interface ClientCredentialResponse {
  /** The credential. */
  credential: ClientCredential;
  /** Any other field. */
  [key: string]: unknown;
}

/** A credential as created: its `secret` is there, once. */
export interface NewClientCredential extends ClientCredential {
  /** The secret: keep it, Globus Auth never shows it again. */
  secret: string;
}

/** The body of `createClientCredential()`: `{ credential }` with its secret. */
export interface NewClientCredentialResponse {
  /** The new credential, with its `secret`. */
  credential: NewClientCredential;
  /** Any other field. */
  [key: string]: unknown;
}

/** The body of `GET /v2/api/clients/{id}/credentials`. */
export interface GetClientCredentialsResponse {
  /** The credentials (their secrets are `null`). */
  credentials: ClientCredential[];
  /** Any other field. */
  [key: string]: unknown;
}

/**
 * A dependent scope of a scope, as the Python SDK's `DependentScopeSpec`:
 * the dependent scope's id, whether it is optional, and whether it needs a
 * refresh token.
 */
export interface DependentScopeSpec {
  /** The dependent scope's id. */
  scope: string;
  /** Whether the user may decline it. */
  optional: boolean;
  /** Whether a refresh token is needed for it. */
  requires_refresh_token: boolean;
}

/** A scope registered by a client. */
export interface RegisteredScope {
  /** The scope id. */
  id: string;
  /** The scope string, e.g. `https://auth.globus.org/scopes/{client}/manage`. */
  scope_string: string;
  /** The name shown on consent pages. */
  name: string;
  /** The description shown on consent pages. */
  description: string;
  /** The client that owns it. */
  client: string;
  /** Whether anyone may see it. */
  advertised?: boolean;
  /** Whether refresh tokens may be issued for it. */
  allows_refresh_token?: boolean;
  /** Domains the user needs a linked identity in. */
  required_domains?: string[];
  /** Its dependent scopes. */
  dependent_scopes?: DependentScopeSpec[];
  /** Any other field. */
  [key: string]: unknown;
}

/** The body of a single-scope call (`{ "scope": … }`). */
export interface ScopeResponse {
  /** The scope. */
  scope: RegisteredScope;
  /** Any other field. */
  [key: string]: unknown;
}

/** The body of `GET /v2/api/scopes`. */
export interface GetScopesResponse {
  /** The scopes. */
  scopes: RegisteredScope[];
  /** Any other field. */
  [key: string]: unknown;
}

/** An authentication policy of a project. */
export interface Policy {
  /** The policy id. */
  id: string;
  /** The project it belongs to. */
  project_id: string;
  /** Its name. */
  display_name: string;
  /** Its description. */
  description: string;
  /** Whether it applies to sessions (high-assurance). */
  high_assurance?: boolean;
  /** Whether multi-factor authentication is required. */
  required_mfa?: boolean;
  /** How recent a login must be, in seconds. */
  authentication_assurance_timeout?: number | null;
  /** Domains that satisfy the policy. */
  domain_constraints_include?: string[] | null;
  /** Domains that cannot satisfy the policy. */
  domain_constraints_exclude?: string[] | null;
  /** Any other field. */
  [key: string]: unknown;
}

/** The body of a single-policy call (`{ "policy": … }`). */
export interface PolicyResponse {
  /** The policy. */
  policy: Policy;
  /** Any other field. */
  [key: string]: unknown;
}

/** The body of `GET /v2/api/policies`. */
export interface GetPoliciesResponse {
  /** The policies of the projects the caller administers. */
  policies: Policy[];
  /** Any other field. */
  [key: string]: unknown;
}

/** Globus Auth's JSON Web Key Set (`GET {auth}/jwk.json`). */
export type AuthJwks = IdTokenJwks;

/** Globus Auth's OpenID Connect configuration document. */
export type OpenIdConfigurationDocument = OpenIdConfiguration;
