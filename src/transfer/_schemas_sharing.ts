/**
 * Internal: the zod schemas of the sharing and collection-management
 * response types (see `sharing.ts`), each built on first use (a `z.lazy`),
 * as in `_schemas.ts`. None is exported from `mod.ts`.
 *
 * @module
 */
import { z } from "../core/_schema.ts";
import { EndpointSchema } from "./_schemas.ts";
import type {
  AccessCreateResult,
  AccessRule,
  AccessRuleList,
  EndpointCreateResult,
  EndpointRole,
  EndpointRoleList,
  EndpointServer,
  EndpointServerList,
  SharedEndpointListPage,
} from "./sharing.ts";

const str = () => z.string().nullable().exactOptional();
const num = () => z.number().nullable().exactOptional();
const bool = () => z.boolean().nullable().exactOptional();
const id = () => z.union([z.string(), z.number()]);
const lazy = <T>(build: () => z.ZodType<T>): z.ZodType<T> => {
  let schema: z.ZodType<T> | undefined;
  return z.lazy(() => schema ??= build());
};

/** Internal: the schema of {@linkcode AccessRule}. */
export const AccessRuleSchema: z.ZodType<AccessRule> = lazy(() =>
  z.looseObject({
    DATA_TYPE: z.string().exactOptional(),
    id: id().nullable().exactOptional(),
    principal_type: z.string(),
    principal: z.string(),
    path: z.string(),
    permissions: z.string(),
    role_id: str(),
    role_type: str(),
    create_time: str(),
    expiration_date: str(),
    notify_email: str(),
    notify_message: str(),
  })
);

/** Internal: the schema of {@linkcode AccessRuleList}. */
export const AccessRuleListSchema: z.ZodType<AccessRuleList> = lazy(() =>
  z.looseObject({
    DATA_TYPE: z.string().exactOptional(),
    endpoint: str(),
    length: num(),
    DATA: z.array(AccessRuleSchema),
  })
);

/** Internal: the schema of {@linkcode AccessCreateResult}. */
export const AccessCreateResultSchema: z.ZodType<AccessCreateResult> = lazy(
  () =>
    z.looseObject({
      DATA_TYPE: z.string().exactOptional(),
      code: z.string(),
      access_id: id(),
      message: str(),
      resource: str(),
      request_id: str(),
    }),
);

/** Internal: the schema of {@linkcode EndpointRole}. */
export const EndpointRoleSchema: z.ZodType<EndpointRole> = lazy(() =>
  z.looseObject({
    DATA_TYPE: z.string().exactOptional(),
    id: z.string(),
    principal_type: z.string(),
    principal: z.string(),
    role: z.string(),
  })
);

/** Internal: the schema of {@linkcode EndpointRoleList}. */
export const EndpointRoleListSchema: z.ZodType<EndpointRoleList> = lazy(() =>
  z.looseObject({
    DATA_TYPE: z.string().exactOptional(),
    DATA: z.array(EndpointRoleSchema),
  })
);

/** Internal: the schema of {@linkcode EndpointCreateResult}. */
export const EndpointCreateResultSchema: z.ZodType<EndpointCreateResult> = lazy(
  () =>
    z.looseObject({
      DATA_TYPE: z.string().exactOptional(),
      code: z.string(),
      id: z.string(),
      message: str(),
      resource: str(),
      request_id: str(),
    }),
);

/** Internal: the schema of {@linkcode SharedEndpointListPage}. */
export const SharedEndpointListPageSchema: z.ZodType<SharedEndpointListPage> =
  lazy(() =>
    z.looseObject({
      shared_endpoints: z.array(EndpointSchema),
      next_token: str(),
    })
  );

/** Internal: the schema of {@linkcode EndpointServer}. */
export const EndpointServerSchema: z.ZodType<EndpointServer> = lazy(() =>
  z.looseObject({
    DATA_TYPE: z.string().exactOptional(),
    id: id(),
    hostname: str(),
    port: num(),
    scheme: str(),
    uri: str(),
    subject: str(),
    is_connected: bool(),
    is_paused: bool(),
  })
);

/** Internal: the schema of {@linkcode EndpointServerList}. */
export const EndpointServerListSchema: z.ZodType<EndpointServerList> = lazy(
  () =>
    z.looseObject({
      DATA_TYPE: z.string().exactOptional(),
      endpoint: str(),
      DATA: z.array(EndpointServerSchema),
    }),
);
