/**
 * Internal: the zod schemas of the Transfer response types. Each is typed
 * against its exported interface, and built on first use; none is exported
 * from `mod.ts`.
 *
 * @module
 */
import { z } from "../core/_schema.ts";
import type { Endpoint, EndpointListPage } from "./endpoint.ts";
import type { FileEntry, FileList } from "./file_list.ts";
import type {
  SkippedError,
  SkippedErrorsPage,
  SuccessfulTransfer,
  SuccessfulTransfersPage,
  Task,
  TaskEvent,
  TaskEventListPage,
  TaskFatalError,
  TaskListPage,
} from "./task.ts";
import type {
  OperationResult,
  ResourceLink,
  SubmissionId,
  SubmitResult,
} from "./results.ts";

const str = () => z.string().nullable().exactOptional();
const num = () => z.number().nullable().exactOptional();
const bool = () => z.boolean().nullable().exactOptional();
const marker = () =>
  z.union([z.string(), z.number()]).nullable().exactOptional();

/**
 * Internal: a schema built on first use, so that importing the SDK does not build
 * every schema (each exported schema is a `z.lazy` over its builder; the
 * builders nest each other directly, so items are checked without an extra
 * indirection).
 */
export function once<T>(
  build: () => z.ZodType<T>,
): () => z.ZodType<T> {
  let schema: z.ZodType<T> | undefined;
  return () => schema ??= build();
}

// endpoint.ts
const buildEndpoint = once((): z.ZodType<Endpoint> =>
  z.looseObject({
    DATA_TYPE: z.string().exactOptional(),
    id: z.string().exactOptional(),
    display_name: str(),
    canonical_name: str(),
    name: str(),
    owner_id: str(),
    username: str(),
    entity_type: str(),
    gcs_version: str(),
    description: str(),
    organization: str(),
    department: str(),
    keywords: str(),
    contact_email: str(),
    default_directory: str(),
    activated: bool(),
    non_functional: bool(),
    public: bool(),
    is_globus_connect: bool(),
    host_endpoint_id: str(),
    subscription_id: str(),
    high_assurance: bool(),
    gcs_manager_url: str(),
    mapped_collection_id: str(),
    mapped_collection_display_name: str(),
    my_effective_roles: z.array(z.string()).nullable().exactOptional(),
    shareable: bool(),
    acl_available: bool(),
    acl_editable: bool(),
    host_path: str(),
    location: str(),
    network_use: str(),
    max_concurrency: num(),
    preferred_concurrency: num(),
    max_parallelism: num(),
    preferred_parallelism: num(),
    expire_time: str(),
    force_encryption: bool(),
    force_verify: bool(),
    disable_verify: bool(),
    user_message: str(),
    user_message_link: str(),
    info_link: str(),
    local_user_info_available: bool(),
    mfa_required: bool(),
    authentication_timeout_mins: num(),
    authentication_assurance_timeout: num(),
    authentication_policy_id: str(),
    non_functional_endpoint_id: str(),
    non_functional_endpoint_display_name: str(),
    requester_pays: bool(),
    https_server: str(),
    tlsftp_server: str(),
    storage_type: str(),
    last_accessed_time: str(),
  })
);
/** Internal: the schema of {@linkcode Endpoint}. */
export const EndpointSchema: z.ZodType<Endpoint> = z.lazy(buildEndpoint);

const buildEndpointListPage = once((): z.ZodType<EndpointListPage> =>
  z
    .looseObject({
      DATA_TYPE: z.string().exactOptional(),
      offset: z.number().exactOptional(),
      limit: z.number().exactOptional(),
      has_next_page: z.boolean().exactOptional(),
      DATA: z.array(buildEndpoint()),
    })
);
/** Internal: the schema of {@linkcode EndpointListPage}. */
export const EndpointListPageSchema: z.ZodType<EndpointListPage> = z.lazy(
  buildEndpointListPage,
);

// file_list.ts
const buildFileEntry = once((): z.ZodType<FileEntry> =>
  z.looseObject({
    DATA_TYPE: z.string().exactOptional(),
    name: z.string(),
    type: z.string(),
    size: num(),
    last_modified: str(),
    permissions: str(),
    user: str(),
    group: str(),
    link_target: str(),
    link_size: num(),
    link_user: str(),
    link_group: str(),
    link_last_modified: str(),
  })
);
/** Internal: the schema of {@linkcode FileEntry}. */
export const FileEntrySchema: z.ZodType<FileEntry> = z.lazy(buildFileEntry);

const buildFileList = once((): z.ZodType<FileList> =>
  z.looseObject({
    DATA_TYPE: z.string().exactOptional(),
    path: str(),
    absolute_path: str(),
    endpoint: str(),
    length: num(),
    total: num(),
    rename_supported: z.boolean().nullable().exactOptional(),
    symlink_supported: z.boolean().nullable().exactOptional(),
    DATA: z.array(buildFileEntry()),
  })
);
/** Internal: the schema of {@linkcode FileList}. */
export const FileListSchema: z.ZodType<FileList> = z.lazy(buildFileList);

// task.ts
const buildTaskFatalError = once((): z.ZodType<TaskFatalError> =>
  z.looseObject({
    code: z.string(),
    description: str(),
  })
);
/** Internal: the schema of {@linkcode TaskFatalError}. */
export const TaskFatalErrorSchema: z.ZodType<TaskFatalError> = z.lazy(
  buildTaskFatalError,
);

/** Internal: the fields of {@linkcode Task}'s schema (an admin task has more). */
export const taskShape = () => ({
  DATA_TYPE: z.string().exactOptional(),
  task_id: z.string(),
  status: z.string(),
  type: str(),
  label: str(),
  owner_id: str(),
  username: str(),
  nice_status: str(),
  nice_status_short_description: str(),
  nice_status_details: str(),
  nice_status_expires_in: num(),
  source_endpoint_id: str(),
  source_endpoint_display_name: str(),
  destination_endpoint_id: str(),
  destination_endpoint_display_name: str(),
  owner_string: str(),
  source_endpoint: str(),
  destination_endpoint: str(),
  request_time: str(),
  completion_time: str(),
  deadline: str(),
  files: num(),
  directories: num(),
  symlinks: num(),
  files_skipped: num(),
  files_transferred: num(),
  bytes_transferred: num(),
  bytes_checksummed: num(),
  effective_bytes_per_second: num(),
  subtasks_total: num(),
  subtasks_pending: num(),
  subtasks_succeeded: num(),
  subtasks_failed: num(),
  subtasks_canceled: num(),
  subtasks_expired: num(),
  subtasks_retrying: num(),
  subtasks_skipped_errors: num(),
  faults: num(),
  fatal_error: buildTaskFatalError().nullable().exactOptional(),
  is_ok: bool(),
  is_paused: bool(),
  sync_level: num(),
  verify_checksum: bool(),
  encrypt_data: bool(),
  preserve_timestamp: bool(),
  delete_destination_extra: bool(),
  skip_source_errors: bool(),
  fail_on_quota_errors: bool(),
  recursive_symlinks: str(),
  filter_rules: z.array(
    z.looseObject({
      DATA_TYPE: z.string().exactOptional(),
      method: z.string(),
      name: z.string(),
      type: str(),
    }),
  ).nullable().exactOptional(),
  canceled_by_admin: str(),
  canceled_by_admin_message: str(),
  history_deleted: bool(),
  command: str(),
});
const buildTask = once((): z.ZodType<Task> => z.looseObject(taskShape()));
/** Internal: the schema of {@linkcode Task}. */
export const TaskSchema: z.ZodType<Task> = z.lazy(buildTask);

const buildTaskListPage = once((): z.ZodType<TaskListPage> =>
  z.looseObject({
    DATA_TYPE: z.string().exactOptional(),
    length: z.number().exactOptional(),
    limit: z.number().exactOptional(),
    offset: z.number().exactOptional(),
    total: z.number().exactOptional(),
    DATA: z.array(buildTask()),
  })
);
/** Internal: the schema of {@linkcode TaskListPage}. */
export const TaskListPageSchema: z.ZodType<TaskListPage> = z.lazy(
  buildTaskListPage,
);

const buildTaskEvent = once((): z.ZodType<TaskEvent> =>
  z.looseObject({
    DATA_TYPE: z.string().exactOptional(),
    code: z.string(),
    description: str(),
    details: str(),
    is_error: bool(),
    time: str(),
  })
);
/** Internal: the schema of {@linkcode TaskEvent}. */
export const TaskEventSchema: z.ZodType<TaskEvent> = z.lazy(buildTaskEvent);

const buildTaskEventListPage = once((): z.ZodType<TaskEventListPage> =>
  z
    .looseObject({
      DATA_TYPE: z.string().exactOptional(),
      length: z.number().exactOptional(),
      limit: z.number().exactOptional(),
      offset: z.number().exactOptional(),
      total: z.number().exactOptional(),
      DATA: z.array(buildTaskEvent()),
    })
);
/** Internal: the schema of {@linkcode TaskEventListPage}. */
export const TaskEventListPageSchema: z.ZodType<TaskEventListPage> = z.lazy(
  buildTaskEventListPage,
);

const buildSuccessfulTransfer = once((): z.ZodType<SuccessfulTransfer> =>
  z
    .looseObject({
      DATA_TYPE: z.string().exactOptional(),
      source_path: z.string(),
      destination_path: z.string(),
    })
);
/** Internal: the schema of {@linkcode SuccessfulTransfer}. */
export const SuccessfulTransferSchema: z.ZodType<SuccessfulTransfer> = z.lazy(
  buildSuccessfulTransfer,
);

const buildSuccessfulTransfersPage = once((): z.ZodType<
  SuccessfulTransfersPage
> =>
  z.looseObject({
    DATA_TYPE: z.string().exactOptional(),
    marker: marker(),
    next_marker: marker(),
    DATA: z.array(buildSuccessfulTransfer()),
  })
);
/** Internal: the schema of {@linkcode SuccessfulTransfersPage}. */
export const SuccessfulTransfersPageSchema: z.ZodType<SuccessfulTransfersPage> =
  z.lazy(buildSuccessfulTransfersPage);

const buildSkippedError = once((): z.ZodType<SkippedError> =>
  z.looseObject({
    DATA_TYPE: z.string().exactOptional(),
    source_path: z.string(),
    destination_path: str(),
    error_code: str(),
    error_details: str(),
    error_time: str(),
    is_directory: bool(),
    is_symlink: bool(),
    is_delete_destination_extra: bool(),
    checksum_algorithm: str(),
    external_checksum: str(),
  })
);
/** Internal: the schema of {@linkcode SkippedError}. */
export const SkippedErrorSchema: z.ZodType<SkippedError> = z.lazy(
  buildSkippedError,
);

const buildSkippedErrorsPage = once((): z.ZodType<SkippedErrorsPage> =>
  z
    .looseObject({
      DATA_TYPE: z.string().exactOptional(),
      marker: marker(),
      next_marker: marker(),
      DATA: z.array(buildSkippedError()),
    })
);
/** Internal: the schema of {@linkcode SkippedErrorsPage}. */
export const SkippedErrorsPageSchema: z.ZodType<SkippedErrorsPage> = z.lazy(
  buildSkippedErrorsPage,
);

// results.ts
const buildSubmissionId = once((): z.ZodType<SubmissionId> =>
  z.looseObject({
    value: z.string().min(1),
  })
);
/** Internal: the schema of {@linkcode SubmissionId}. */
export const SubmissionIdSchema: z.ZodType<SubmissionId> = z.lazy(
  buildSubmissionId,
);

const buildResourceLink = once((): z.ZodType<ResourceLink> =>
  z.looseObject({
    DATA_TYPE: z.string().exactOptional(),
    href: str(),
    rel: str(),
    resource: str(),
    title: str(),
  })
);
/** Internal: the schema of {@linkcode ResourceLink}. */
export const ResourceLinkSchema: z.ZodType<ResourceLink> = z.lazy(
  buildResourceLink,
);

const buildSubmitResult = once((): z.ZodType<SubmitResult> =>
  z.looseObject({
    DATA_TYPE: z.string().exactOptional(),
    code: z.string(),
    message: str(),
    request_id: str(),
    resource: str(),
    submission_id: str(),
    task_id: z.string(),
    task_link: buildResourceLink().nullable().exactOptional(),
  })
);
/** Internal: the schema of {@linkcode SubmitResult}. */
export const SubmitResultSchema: z.ZodType<SubmitResult> = z.lazy(
  buildSubmitResult,
);

const buildOperationResult = once((): z.ZodType<OperationResult> =>
  z.looseObject({
    DATA_TYPE: z.string().exactOptional(),
    code: z.string(),
    message: str(),
    request_id: str(),
    resource: str(),
  })
);
/** Internal: the schema of {@linkcode OperationResult}. */
export const OperationResultSchema: z.ZodType<OperationResult> = z.lazy(
  buildOperationResult,
);
