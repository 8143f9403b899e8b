/** Sample Transfer bodies in the service's shapes, for tests that must always run. */

export const EP1 = "6c54cade-bde5-45c1-bdea-f4bd71dba2cc";
export const EP2 = "31ce9ba0-176d-45a5-add3-f37d233ba47d";
export const TASK_ID = "3b322a54-ed8d-11f1-adaf-02fc00000001";
export const BASE = "https://transfer.api.globus.org/v0.10/";

export function endpoint(i: number, extra: Record<string, unknown> = {}) {
  return {
    DATA_TYPE: "endpoint",
    id: `00000000-0000-0000-0000-${String(i).padStart(12, "0")}`,
    display_name: `Endpoint ${i}`,
    owner_string: "go@globusid.org",
    entity_type: "GCSv5_mapped_collection",
    gcs_version: "5.4.10",
    ...extra,
  };
}

export function task(status: string, extra: Record<string, unknown> = {}) {
  return {
    DATA_TYPE: "task",
    task_id: TASK_ID,
    type: "TRANSFER",
    status,
    label: null,
    nice_status: status === "ACTIVE" ? "OK" : null,
    source_endpoint_id: EP1,
    source_endpoint_display_name: "Globus Tutorial Collection 1",
    destination_endpoint_id: EP2,
    destination_endpoint_display_name: "Globus Tutorial Collection 2",
    request_time: "2024-01-01T00:00:00+00:00",
    completion_time: status === "ACTIVE" ? null : "2024-01-01T00:00:05+00:00",
    files: 3,
    files_transferred: status === "SUCCEEDED" ? 3 : 1,
    bytes_transferred: 12,
    effective_bytes_per_second: 4,
    subtasks_total: 4,
    subtasks_pending: status === "ACTIVE" ? 2 : 0,
    subtasks_retrying: 0,
    fatal_error: null,
    ...extra,
  };
}

export function fileEntry(name: string, type = "file", size = 4) {
  return {
    DATA_TYPE: "file",
    name,
    type,
    size,
    last_modified: "2021-01-15 01:45:50+00:00",
    permissions: type === "dir" ? "0755" : "0644",
    user: "tutorial",
    group: "tutorial",
    link_target: null,
    link_size: null,
    link_user: null,
    link_group: null,
    link_last_modified: null,
  };
}

export function fileList(path: string, names: string[]) {
  return {
    DATA_TYPE: "file_list",
    path,
    absolute_path: null,
    endpoint: EP1,
    length: names.length,
    total: names.length,
    rename_supported: true,
    symlink_supported: true,
    DATA: names.map((n) => fileEntry(n)),
  };
}

export function submitResult(
  kind: "transfer" | "delete",
  submissionId: string,
) {
  return {
    DATA_TYPE: `${kind}_result`,
    code: "Accepted",
    message: "accepted",
    request_id: "abc",
    resource: `/${kind}`,
    submission_id: submissionId,
    task_id: TASK_ID,
    task_link: {
      DATA_TYPE: "link",
      href: `task/${TASK_ID}?format=json`,
      rel: "related",
      resource: "task",
      title: "the run before this one",
    },
  };
}
