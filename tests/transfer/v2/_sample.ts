/**
 * Our own sample bodies for Transfer's /v2/ JSON:API routes, for the
 * TransferClientV2 tests that must always run (routes the fixtures folder has
 * no JSON body for: bookmarks and the stream access point list). The shapes
 * follow the service's documents (type, id, attributes, relationships,
 * included, links, meta); every value here (ids, names, paths, labels, times,
 * request ids) is made up for this project.
 *
 * @module
 */

/** A v2 bookmark and the collection it points at. */
export interface SampleBookmark {
  id: string;
  collection: string;
  collectionName: string;
  highAssurance: boolean;
  name: string;
  path: string;
}

/** Two bookmarks on two collections. */
export const BOOKMARKS: readonly [SampleBookmark, SampleBookmark] = [
  {
    id: "3cfa06de-caee-4a3e-bb86-f1d9c76fab5a",
    collection: "16a27843-2927-4ec4-9a23-0bee747c1161",
    collectionName: "Example Lab Storage",
    highAssurance: false,
    name: "ocean model runs",
    path: "/projects/ocean/runs/",
  },
  {
    id: "bac77e06-4b1b-46f7-9dca-4710785ae22a",
    collection: "e99f3dd6-6612-4eec-86a5-f9b5037a0581",
    collectionName: "Example Secure Archive",
    highAssurance: true,
    name: "lab notebooks",
    path: "/home/shared/notebooks/",
  },
];

/** A `Bookmark` resource object. */
export function bookmarkResource(b: SampleBookmark) {
  return {
    type: "Bookmark",
    id: b.id,
    attributes: { name: b.name, path: b.path },
    relationships: {
      collection: { data: { type: "Collection", id: b.collection } },
    },
  };
}

/** The `Collection` resource object a bookmark's `include=collection` adds. */
export function collectionResource(b: SampleBookmark) {
  return {
    type: "Collection",
    id: b.collection,
    attributes: {
      display_name: b.collectionName,
      high_assurance: b.highAssurance,
    },
  };
}

/** A one-bookmark document (create, get, update), optionally with `included`. */
export function bookmarkDocument(
  b: SampleBookmark,
  opts: { included?: boolean; requestId?: string } = {},
) {
  return {
    meta: { request_id: opts.requestId ?? "own-bookmark-1" },
    data: bookmarkResource(b),
    ...(opts.included ? { included: [collectionResource(b)] } : {}),
  };
}

/** A bookmark list document with the collections included. */
export function bookmarkListDocument(bs: readonly SampleBookmark[]) {
  return {
    data: bs.map(bookmarkResource),
    meta: { request_id: "own-bookmark-list" },
    included: bs.map(collectionResource),
  };
}

/** A DELETE /v2/bookmarks/{id} answer: only `meta`. */
export const DELETED_BOOKMARK_BODY = { meta: { request_id: "own-bm-gone" } };

/** The endpoint that hosts the sample stream access points. */
export const SAP_HOST = "cc78b12f-c120-4083-add1-1baa70fcf3d7";

/** A stream access point. */
export interface SampleAccessPoint {
  id: string;
  displayName: string;
  server: string;
}

/** Two stream access points. */
export const ACCESS_POINTS: readonly [SampleAccessPoint, SampleAccessPoint] = [
  {
    id: "1387ccc3-a501-4a92-a3d8-392fa6df56a0",
    displayName: "Example Relay East",
    server: "tlsftp://relay-east.example.org:443",
  },
  {
    id: "21500936-7f57-413d-ab5e-2b29411cad93",
    displayName: "Example Relay West",
    server: "tlsftp://relay-west.example.org:443",
  },
];

/** A `StreamAccessPoint` resource object. */
export function accessPointResource(ap: SampleAccessPoint) {
  return {
    type: "StreamAccessPoint",
    id: ap.id,
    attributes: {
      advertised_owner: "relay-admin@example.org",
      contact_email: null,
      contact_info: null,
      department: null,
      description: null,
      display_name: ap.displayName,
      info_link: null,
      keywords: null,
      organization: null,
      tlsftp_server: ap.server,
    },
    relationships: {
      host_endpoint: { data: { type: "Endpoint", id: SAP_HOST } },
    },
  };
}

/** A stream access point list page (no `links.next`: the last page). */
export function accessPointListDocument(aps: readonly SampleAccessPoint[]) {
  return {
    data: aps.map(accessPointResource),
    meta: { request_id: "own-sap-list" },
  };
}

/** The sample tunnel's ids. */
export const TUNNEL = {
  id: "6da3063c-f388-4a9a-ba08-0e77c0b1fdb4",
  initiator: ACCESS_POINTS[0].id,
  listener: ACCESS_POINTS[1].id,
  owner: "fb9841fb-dfbb-428e-b209-a32c6c0d8754",
  submissionId: "f360eba1-8ece-4816-99cb-d57b48e30121",
};

/** A one-tunnel document (create, get, update). */
export function tunnelDocument(label = "nightly relay sync") {
  return {
    data: {
      type: "Tunnel",
      id: TUNNEL.id,
      attributes: {
        created_time: "2024-05-20T09:30:00.000000",
        initiator_ip_address: null,
        initiator_port: null,
        label,
        lifetime_mins: 45,
        listener_ip_address: null,
        listener_port: null,
        restartable: false,
        state: "AWAITING_LISTENER",
        status: "waiting for the listener to connect",
        submission_id: TUNNEL.submissionId,
      },
      relationships: {
        initiator: {
          data: { type: "StreamAccessPoint", id: TUNNEL.initiator },
        },
        listener: { data: { type: "StreamAccessPoint", id: TUNNEL.listener } },
        owner: { data: { type: "Identity", id: TUNNEL.owner } },
      },
    },
    meta: { request_id: "own-tunnel-1" },
  };
}
