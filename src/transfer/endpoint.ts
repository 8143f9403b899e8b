/**
 * Endpoints and collections: `GET /v0.10/endpoint/{id}` and
 * `GET /v0.10/endpoint_search`.
 *
 * @module
 */
/**
 * An endpoint or collection document (`DATA_TYPE: "endpoint"`), with the
 * service's field names. Unknown fields are kept.
 *
 * The real service always sends `id`; it is optional here only because
 * recorded paging stubs omit it.
 */
export interface Endpoint {
  /** `"endpoint"`. */
  DATA_TYPE?: string;
  /** The endpoint or collection id. */
  id?: string;
  /** The name shown to users. */
  display_name?: string | null;
  /** The legacy `owner#name` name. */
  canonical_name?: string | null;
  /** The legacy short name. */
  name?: string | null;
  /** The owner's identity id. */
  owner_id?: string | null;
  /** The owner's username, e.g. `go@globusid.org`. */
  owner_string?: string | null;
  /** The owner's Globus username. */
  username?: string | null;
  /** e.g. `GCSv5_mapped_collection`, `GCSv4_host`, `GCP_mapped_collection`. */
  entity_type?: string | null;
  /** The Globus Connect Server version, when any. */
  gcs_version?: string | null;
  /** A description. */
  description?: string | null;
  /** The organization. */
  organization?: string | null;
  /** The department. */
  department?: string | null;
  /** Comma-separated keywords. */
  keywords?: string | null;
  /** Contact e-mail. */
  contact_email?: string | null;
  /** The directory `ls` starts in. */
  default_directory?: string | null;
  /** Whether the endpoint is activated (GCSv4). */
  activated?: boolean | null;
  /** `true` when the endpoint cannot be used. */
  non_functional?: boolean | null;
  /** Whether it is listed publicly. */
  public?: boolean | null;
  /** Whether it is a Globus Connect Personal endpoint. */
  is_globus_connect?: boolean | null;
  /** The host endpoint of a guest collection. */
  host_endpoint_id?: string | null;
  /** The subscription id, when managed. */
  subscription_id?: string | null;
  /** Whether it is a high-assurance collection. */
  high_assurance?: boolean | null;
  /** The Globus Connect Server Manager API URL of a GCSv5 collection or endpoint. */
  gcs_manager_url?: string | null;
  /** A guest collection's mapped collection. */
  mapped_collection_id?: string | null;
  /** That mapped collection's name. */
  mapped_collection_display_name?: string | null;
  /** Your roles on it, e.g. `["administrator"]`. */
  my_effective_roles?: string[] | null;
  /** Whether guest collections can be made on it. */
  shareable?: boolean | null;
  /** Whether it has access rules (a guest collection). */
  acl_available?: boolean | null;
  /** Whether you may edit its access rules. */
  acl_editable?: boolean | null;
  /** A guest collection's root on its host. */
  host_path?: string | null;
  /** `"latitude,longitude"`, when set. */
  location?: string | null;
  /** `"normal"`, `"minimal"`, `"aggressive"` or `"custom"`. */
  network_use?: string | null;
  /** The most concurrent transfers (`network_use` custom). */
  max_concurrency?: number | null;
  /** The preferred concurrency. */
  preferred_concurrency?: number | null;
  /** The most parallel streams per transfer. */
  max_parallelism?: number | null;
  /** The preferred parallelism. */
  preferred_parallelism?: number | null;
  /** When it expires (ISO 8601), if it does. */
  expire_time?: string | null;
  /** Whether transfers must be encrypted. */
  force_encryption?: boolean | null;
  /** Whether checksums are always verified. */
  force_verify?: boolean | null;
  /** Whether checksum verification is turned off. */
  disable_verify?: boolean | null;
  /** A message shown to users. */
  user_message?: string | null;
  /** A link shown with it. */
  user_message_link?: string | null;
  /** A link to more information. */
  info_link?: string | null;
  /** Whether it tells the local user a login maps to. */
  local_user_info_available?: boolean | null;
  /** Whether it requires multi-factor authentication. */
  mfa_required?: boolean | null;
  /** How long a high-assurance login lasts, in minutes. */
  authentication_timeout_mins?: number | null;
  /** The assurance timeout, in seconds. */
  authentication_assurance_timeout?: number | null;
  /** Its Globus Auth policy. */
  authentication_policy_id?: string | null;
  /** The endpoint of a non-functional collection. */
  non_functional_endpoint_id?: string | null;
  /** That endpoint's name. */
  non_functional_endpoint_display_name?: string | null;
  /** Whether requesters pay (cloud storage). */
  requester_pays?: boolean | null;
  /** Its HTTPS server, e.g. `https://…data.globus.org`. */
  https_server?: string | null;
  /** Its GridFTP server URL. */
  tlsftp_server?: string | null;
  /** Its storage type, when known. */
  storage_type?: string | null;
  /** When you last used it (ISO 8601). */
  last_accessed_time?: string | null;
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/** One page of `endpoint_search` (`DATA_TYPE: "endpoint_list"`). */
export interface EndpointListPage {
  /** `"endpoint_list"`. */
  DATA_TYPE?: string;
  /** The offset of this page. */
  offset?: number;
  /** The page size asked for. */
  limit?: number;
  /** `true` when more results follow. */
  has_next_page?: boolean;
  /** The endpoints. */
  DATA: Endpoint[];
  /** Fields this type does not list. */
  [key: string]: unknown;
}
