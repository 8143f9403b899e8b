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
