/**
 * Internal: the zod schemas of bookmarks, pause rules, the endpoint manager,
 * tunnels and stream access points, and of `TransferClientV2`'s bookmarks
 * and stream access point lists. Each is typed against its exported
 * interface; none is exported from `mod.ts`.
 *
 * @module
 */
import { z } from "../core/_schema.ts";
import { EndpointSchema, once, taskShape } from "./_schemas.ts";
import type { Bookmark, BookmarkList } from "./bookmark.ts";
import type {
  AdminAccessList,
  AdminAccessRule,
  AdminCancel,
  AdminEndpointList,
  AdminTask,
  AdminTaskListPage,
} from "./endpoint_manager.ts";
import type { PauseRule, PauseRuleList, TaskPauseInfo } from "./pause_rule.ts";
import type {
  JsonApiRelationship,
  StreamAccessPoint,
  StreamAccessPointDocument,
  Tunnel,
  TunnelDeleteResult,
  TunnelDocument,
  TunnelEvent,
  TunnelEventList,
  TunnelList,
} from "./tunnel.ts";
import type {
  BookmarkV2,
  BookmarkV2DeleteResult,
  BookmarkV2Document,
  BookmarkV2List,
} from "./v2/bookmark.ts";
import type { JsonApiResource, StreamAccessPointList } from "./v2/resources.ts";

const str = () => z.string().nullable().exactOptional();
const num = () => z.number().nullable().exactOptional();
const bool = () => z.boolean().nullable().exactOptional();
const record = () => z.record(z.string(), z.unknown());

/** Internal: the schema of {@linkcode Bookmark}. */
export const BookmarkSchema: z.ZodType<Bookmark> = z.lazy(() =>
  z.looseObject({
    DATA_TYPE: z.string().exactOptional(),
    id: z.string(),
    name: z.string(),
    endpoint_id: z.string(),
    path: z.string(),
    pinned: bool(),
  })
);

/** Internal: the schema of {@linkcode BookmarkList}. */
export const BookmarkListSchema: z.ZodType<BookmarkList> = z.lazy(() =>
  z.looseObject({
    DATA_TYPE: z.string().exactOptional(),
    DATA: z.array(BookmarkSchema),
  })
);

/** Internal: the schema of {@linkcode PauseRule}. */
export const PauseRuleSchema: z.ZodType<PauseRule> = z.lazy(() =>
  z.looseObject({
    DATA_TYPE: z.string().exactOptional(),
    id: z.string(),
    message: str(),
    start_time: str(),
    endpoint_id: str(),
    endpoint_display_name: str(),
    identity_id: str(),
    modified_by_id: str(),
    created_by_host_manager: bool(),
    editable: bool(),
    pause_ls: bool(),
    pause_mkdir: bool(),
    pause_rename: bool(),
    pause_symlink: bool(),
    pause_task_delete: bool(),
    pause_task_transfer_read: bool(),
    pause_task_transfer_write: bool(),
  })
);

/** Internal: the schema of {@linkcode PauseRuleList}. */
export const PauseRuleListSchema: z.ZodType<PauseRuleList> = z.lazy(() =>
  z.looseObject({
    DATA_TYPE: z.string().exactOptional(),
    DATA: z.array(PauseRuleSchema),
  })
);

/** Internal: the schema of {@linkcode TaskPauseInfo}. */
export const TaskPauseInfoSchema: z.ZodType<TaskPauseInfo> = z.lazy(() =>
  z.looseObject({
    DATA_TYPE: z.string().exactOptional(),
    pause_rules: z.array(PauseRuleSchema),
    source_pause_message: str(),
    destination_pause_message: str(),
  })
);

/** The schema of an {@linkcode AdminTask}, built on first use. */
const buildAdminTask = once((): z.ZodType<AdminTask> =>
  z.looseObject({
    ...taskShape(),
    owner_string: str(),
    source_base_path: str(),
    destination_base_path: str(),
    source_local_user: str(),
    destination_local_user: str(),
    source_local_user_status: str(),
    destination_local_user_status: str(),
    source_host_endpoint: str(),
    source_host_endpoint_id: str(),
    source_host_endpoint_display_name: str(),
    source_host_path: str(),
    source_mapped_collection_id: str(),
    source_mapped_collection_display_name: str(),
    destination_host_endpoint: str(),
    destination_host_endpoint_id: str(),
    destination_host_endpoint_display_name: str(),
    destination_host_path: str(),
    destination_mapped_collection_id: str(),
    destination_mapped_collection_display_name: str(),
  })
);

/** Internal: the schema of {@linkcode AdminTask}. */
export const AdminTaskSchema: z.ZodType<AdminTask> = z.lazy(buildAdminTask);

/** Internal: the schema of {@linkcode AdminTaskListPage}. */
export const AdminTaskListPageSchema: z.ZodType<AdminTaskListPage> = z.lazy(
  () =>
    z
      .looseObject({
        DATA_TYPE: z.string().exactOptional(),
        has_next_page: z.boolean().exactOptional(),
        last_key: str(),
        limit: z.number().exactOptional(),
        DATA: z.array(buildAdminTask()),
      }),
);

/** Internal: the schema of {@linkcode AdminCancel}. */
export const AdminCancelSchema: z.ZodType<AdminCancel> = z.lazy(() =>
  z.looseObject({
    DATA_TYPE: z.string().exactOptional(),
    id: z.union([z.string(), z.number()]),
    message: str(),
    task_id_list: z.array(z.string()).exactOptional(),
    done: z.boolean().exactOptional(),
  })
);

/** Internal: the schema of {@linkcode AdminEndpointList}. */
export const AdminEndpointListSchema: z.ZodType<AdminEndpointList> = z.lazy(
  () =>
    z
      .looseObject({
        DATA_TYPE: z.string().exactOptional(),
        DATA: z.array(EndpointSchema),
      }),
);

/** Internal: the schema of {@linkcode AdminAccessRule}. */
export const AdminAccessRuleSchema: z.ZodType<AdminAccessRule> = z.lazy(() =>
  z
    .looseObject({
      DATA_TYPE: z.string().exactOptional(),
      id: str(),
      principal_type: str(),
      principal: str(),
      path: str(),
      permissions: str(),
    })
);

/** Internal: the schema of {@linkcode AdminAccessList}. */
export const AdminAccessListSchema: z.ZodType<AdminAccessList> = z.lazy(() =>
  z
    .looseObject({
      DATA_TYPE: z.string().exactOptional(),
      DATA: z.array(AdminAccessRuleSchema),
    })
);

const RelationshipSchema: z.ZodType<JsonApiRelationship> = z.lazy(() =>
  z.looseObject({
    data: z.looseObject({ id: z.string(), type: z.string() }).nullable(),
  })
);

const TunnelResourceSchema: z.ZodType<Tunnel> = z.lazy(() =>
  z.looseObject({
    type: z.string(),
    id: z.string(),
    attributes: z.looseObject({
      created_time: str(),
      label: str(),
      lifetime_mins: num(),
      restartable: bool(),
      state: str(),
      status: str(),
      submission_id: str(),
      initiator_ip_address: str(),
      initiator_port: num(),
      listener_ip_address: str(),
      listener_port: num(),
    }),
    relationships: z.record(z.string(), RelationshipSchema).exactOptional(),
  })
);

/** Internal: the schema of {@linkcode TunnelDocument}. */
export const TunnelDocumentSchema: z.ZodType<TunnelDocument> = z.lazy(() =>
  z.looseObject({
    data: TunnelResourceSchema,
    meta: record().nullable().exactOptional(),
  })
);

/** Internal: the schema of {@linkcode TunnelList}. */
export const TunnelListSchema: z.ZodType<TunnelList> = z.lazy(() =>
  z.looseObject({
    data: z.array(TunnelResourceSchema),
    links: record().nullable().exactOptional(),
    meta: record().nullable().exactOptional(),
  })
);

const TunnelEventSchema: z.ZodType<TunnelEvent> = z.lazy(() =>
  z.looseObject({
    type: z.string(),
    id: z.union([z.string(), z.number()]),
    attributes: z.looseObject({
      code: str(),
      is_error: bool(),
      description: str(),
      details: str(),
      time: str(),
    }),
  })
);

/** Internal: the schema of {@linkcode TunnelEventList}. */
export const TunnelEventListSchema: z.ZodType<TunnelEventList> = z.lazy(() =>
  z
    .looseObject({
      data: z.array(TunnelEventSchema),
      links: record().nullable().exactOptional(),
      meta: record().nullable().exactOptional(),
    })
);

/** Internal: the schema of {@linkcode TunnelDeleteResult}. */
export const TunnelDeleteResultSchema: z.ZodType<TunnelDeleteResult> = z.lazy(
  () =>
    z
      .looseObject({
        data: z.null(),
        meta: record().nullable().exactOptional(),
      }),
);

const StreamAccessPointSchema: z.ZodType<StreamAccessPoint> = z.lazy(() =>
  z.looseObject({
    type: z.string(),
    id: z.string(),
    attributes: record(),
    relationships: z.record(z.string(), RelationshipSchema).exactOptional(),
  })
);

/** Internal: the schema of {@linkcode StreamAccessPointDocument}. */
export const StreamAccessPointDocumentSchema: z.ZodType<
  StreamAccessPointDocument
> = z.lazy(() =>
  z.looseObject({
    data: StreamAccessPointSchema,
    meta: record().nullable().exactOptional(),
  })
);

/** Internal: the schema of {@linkcode StreamAccessPointList}. */
export const StreamAccessPointListSchema: z.ZodType<StreamAccessPointList> = z
  .lazy(() =>
    z.looseObject({
      data: z.array(StreamAccessPointSchema),
      links: record().nullable().exactOptional(),
      meta: record().nullable().exactOptional(),
    })
  );

const JsonApiResourceSchema: z.ZodType<JsonApiResource> = z.lazy(() =>
  z.looseObject({
    type: z.string(),
    id: z.string(),
    attributes: record().exactOptional(),
    relationships: z.record(z.string(), RelationshipSchema).exactOptional(),
  })
);

const BookmarkV2Schema: z.ZodType<BookmarkV2> = z.lazy(() =>
  z.looseObject({
    type: z.string(),
    id: z.string(),
    attributes: z.looseObject({ name: str(), path: str() }),
    relationships: z.record(z.string(), RelationshipSchema).exactOptional(),
  })
);

/** Internal: the schema of {@linkcode BookmarkV2Document}. */
export const BookmarkV2DocumentSchema: z.ZodType<BookmarkV2Document> = z.lazy(
  () =>
    z.looseObject({
      data: BookmarkV2Schema,
      included: z.array(JsonApiResourceSchema).nullable().exactOptional(),
      meta: record().nullable().exactOptional(),
    }),
);

/** Internal: the schema of {@linkcode BookmarkV2List}. */
export const BookmarkV2ListSchema: z.ZodType<BookmarkV2List> = z.lazy(() =>
  z.looseObject({
    data: z.array(BookmarkV2Schema),
    included: z.array(JsonApiResourceSchema).nullable().exactOptional(),
    links: record().nullable().exactOptional(),
    meta: record().nullable().exactOptional(),
  })
);

/** Internal: the schema of {@linkcode BookmarkV2DeleteResult}. */
export const BookmarkV2DeleteResultSchema: z.ZodType<BookmarkV2DeleteResult> = z
  .lazy(() =>
    z.looseObject({
      data: z.null().exactOptional(),
      meta: record().nullable().exactOptional(),
    })
  );
