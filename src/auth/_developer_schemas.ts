/**
 * zod schemas of the Auth developer API's responses (internal: the public
 * types are the interfaces in `auth_developer_types.ts`).
 *
 * @module
 */
import { z } from "../core/_schema.ts";
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
  NewClientCredentialResponse,
  Policy,
  PolicyResponse,
  Project,
  ProjectResponse,
  RegisteredClient,
  RegisteredScope,
  ScopeResponse,
} from "./auth_developer_types.ts";

const IdentityProviderSchema: z.ZodType<IdentityProvider> = z.lazy(() =>
  z.looseObject({
    id: z.string(),
    name: z.string(),
    domains: z.array(z.string()),
  })
);

export const IdentityProvidersSchema: z.ZodType<GetIdentityProvidersResponse> =
  z.lazy(() =>
    z.looseObject({ identity_providers: z.array(IdentityProviderSchema) })
  );

const ProjectSchema: z.ZodType<Project> = z.lazy(() =>
  z.looseObject({
    id: z.string(),
    display_name: z.string(),
    contact_email: z.string(),
    admin_ids: z.array(z.string()).nullable().exactOptional(),
    admin_group_ids: z.array(z.string()).nullable().exactOptional(),
    project_name: z.string().exactOptional(),
    admins: z.looseObject({
      identities: z.array(
        z.looseObject({ id: z.string(), username: z.string() }),
      ),
      groups: z.array(z.looseObject({ id: z.string() })),
    }).exactOptional(),
  })
);

export const ProjectResponseSchema: z.ZodType<ProjectResponse> = z.lazy(() =>
  z
    .looseObject({ project: ProjectSchema })
);

export const ProjectsSchema: z.ZodType<GetProjectsResponse> = z.lazy(() =>
  z.looseObject({
    projects: z.array(ProjectSchema),
  })
);

const RegisteredClientSchema: z.ZodType<RegisteredClient> = z.lazy(() =>
  z.looseObject({
    id: z.string(),
    name: z.string(),
  })
);

const ClientCredentialSchema: z.ZodType<ClientCredential> = z.lazy(() =>
  z.looseObject({
    id: z.string(),
    name: z.string(),
    client: z.string(),
    secret: z.string().nullable(),
  })
);

export const ClientResponseSchema: z.ZodType<ClientResponse> = z.lazy(() =>
  z.looseObject({
    client: RegisteredClientSchema,
  })
);

export const ClientsSchema: z.ZodType<GetClientsResponse> = z.lazy(() =>
  z.looseObject({
    clients: z.array(RegisteredClientSchema),
  })
);

export const CredentialResponseSchema: z.ZodType<ClientCredentialResponse> = z
  .lazy(() =>
    z
      .looseObject({ credential: ClientCredentialSchema })
  );

/** `createClientCredential()`'s body: the credential with its secret. */
export const NewCredentialResponseSchema: z.ZodType<
  NewClientCredentialResponse
> = z.lazy(() =>
  z.looseObject({
    credential: z.looseObject({
      id: z.string(),
      name: z.string(),
      client: z.string(),
      secret: z.string(),
    }),
  })
);

export const CredentialsSchema: z.ZodType<GetClientCredentialsResponse> = z
  .lazy(() =>
    z
      .looseObject({ credentials: z.array(ClientCredentialSchema) })
  );

const RegisteredScopeSchema: z.ZodType<RegisteredScope> = z.lazy(() =>
  z.looseObject({
    id: z.string(),
    scope_string: z.string(),
    name: z.string(),
    description: z.string(),
    client: z.string(),
  })
);

export const ScopeResponseSchema: z.ZodType<ScopeResponse> = z.lazy(() =>
  z.looseObject({
    scope: RegisteredScopeSchema,
  })
);

export const ScopesSchema: z.ZodType<GetScopesResponse> = z.lazy(() =>
  z.looseObject({
    scopes: z.array(RegisteredScopeSchema),
  })
);

const PolicySchema: z.ZodType<Policy> = z.lazy(() =>
  z.looseObject({
    id: z.string(),
    project_id: z.string(),
    display_name: z.string(),
    description: z.string(),
  })
);

export const PolicyResponseSchema: z.ZodType<PolicyResponse> = z.lazy(() =>
  z.looseObject({
    policy: PolicySchema,
  })
);

export const PoliciesSchema: z.ZodType<GetPoliciesResponse> = z.lazy(() =>
  z.looseObject({
    policies: z.array(PolicySchema),
  })
);

export const OpenIdConfigurationSchema: z.ZodType<OpenIdConfiguration> = z.lazy(
  () =>
    z
      .looseObject({ jwks_uri: z.string() }),
);

export const JwksSchema: z.ZodType<IdTokenJwks> = z.lazy(() =>
  z.looseObject({
    keys: z.array(z.looseObject({ kty: z.string() })),
  })
);
