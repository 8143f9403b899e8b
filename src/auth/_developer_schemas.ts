/**
 * zod schemas of the Auth developer API's responses (internal: the public
 * types are the interfaces in `auth_developer_types.ts`).
 *
 * @module
 */
import { z } from "zod";
import type { IdTokenJwks, OpenIdConfiguration } from "./id_token.ts";
import type {
  ClientCredential,
  ClientCredentialResponse,
  ClientResponse,
  GetClientCredentialsResponse,
  GetClientsResponse,
  GetIdentityProvidersResponse,
  GetPoliciesResponse,
  GetProjectsResponse,
  GetScopesResponse,
  IdentityProvider,
  Policy,
  PolicyResponse,
  Project,
  ProjectResponse,
  RegisteredClient,
  RegisteredScope,
  ScopeResponse,
} from "./auth_developer_types.ts";

const IdentityProviderSchema: z.ZodType<IdentityProvider> = z.looseObject({
  id: z.string(),
  name: z.string(),
  domains: z.array(z.string()),
});

export const IdentityProvidersSchema: z.ZodType<GetIdentityProvidersResponse> =
  z.looseObject({ identity_providers: z.array(IdentityProviderSchema) });

const ProjectSchema: z.ZodType<Project> = z.looseObject({
  id: z.string(),
  display_name: z.string(),
  contact_email: z.string(),
});

export const ProjectResponseSchema: z.ZodType<ProjectResponse> = z
  .looseObject({ project: ProjectSchema });

export const ProjectsSchema: z.ZodType<GetProjectsResponse> = z.looseObject({
  projects: z.array(ProjectSchema),
});

const RegisteredClientSchema: z.ZodType<RegisteredClient> = z.looseObject({
  id: z.string(),
  name: z.string(),
});

const ClientCredentialSchema: z.ZodType<ClientCredential> = z.looseObject({
  id: z.string(),
  name: z.string(),
  client: z.string(),
  secret: z.string().nullable(),
});

export const ClientResponseSchema: z.ZodType<ClientResponse> = z.looseObject({
  client: RegisteredClientSchema,
});

export const ClientsSchema: z.ZodType<GetClientsResponse> = z.looseObject({
  clients: z.array(RegisteredClientSchema),
});

export const CredentialResponseSchema: z.ZodType<ClientCredentialResponse> = z
  .looseObject({ credential: ClientCredentialSchema });

export const CredentialsSchema: z.ZodType<GetClientCredentialsResponse> = z
  .looseObject({ credentials: z.array(ClientCredentialSchema) });

const RegisteredScopeSchema: z.ZodType<RegisteredScope> = z.looseObject({
  id: z.string(),
  scope_string: z.string(),
  name: z.string(),
  description: z.string(),
  client: z.string(),
});

export const ScopeResponseSchema: z.ZodType<ScopeResponse> = z.looseObject({
  scope: RegisteredScopeSchema,
});

export const ScopesSchema: z.ZodType<GetScopesResponse> = z.looseObject({
  scopes: z.array(RegisteredScopeSchema),
});

const PolicySchema: z.ZodType<Policy> = z.looseObject({
  id: z.string(),
  project_id: z.string(),
  display_name: z.string(),
  description: z.string(),
});

export const PolicyResponseSchema: z.ZodType<PolicyResponse> = z.looseObject({
  policy: PolicySchema,
});

export const PoliciesSchema: z.ZodType<GetPoliciesResponse> = z.looseObject({
  policies: z.array(PolicySchema),
});

export const OpenIdConfigurationSchema: z.ZodType<OpenIdConfiguration> = z
  .looseObject({ jwks_uri: z.string() });

export const JwksSchema: z.ZodType<IdTokenJwks> = z.looseObject({
  keys: z.array(z.looseObject({ kty: z.string() })),
});
