/**
 * The response bodies of the Python SDK's `globus_sdk.testing` data for
 * `TransferClientV2` (src/globus_sdk/testing/data/transfer/v2/*.py in
 * ../shared/fixtures/globus/raw/pysdk_source), as JSON, with fixed ids
 * where Python draws random ones, and the metadata its tests read.
 *
 * @module
 */

const SAP_HOST = "d6428474-c308-4a2d-8a86-d377915d978b";
const OWNER = "4d443580-012d-4954-816f-e0592bd356e1";

function bookmark(id: string, collection: string, name: string, path: string) {
  return {
    type: "Bookmark",
    id,
    attributes: { name, path },
    relationships: {
      collection: { data: { type: "Collection", id: collection } },
    },
  };
}

function tunnel(
  id: string,
  initiator: string,
  listener: string,
  attributes: Record<string, unknown>,
) {
  return {
    attributes: {
      created_time: "2025-12-12T21:11:50.525278",
      initiator_ip_address: null,
      initiator_port: null,
      label: "Buzz Tester",
      lifetime_mins: 360,
      listener_ip_address: null,
      listener_port: null,
      restartable: false,
      state: "AWAITING_LISTENER",
      status: "The tunnel is waiting for listening",
      submission_id: "292b0054-7084-46eb-83d6-7a6821b1f77e",
      ...attributes,
    },
    id,
    relationships: {
      initiator: { data: { id: initiator, type: "StreamAccessPoint" } },
      listener: { data: { id: listener, type: "StreamAccessPoint" } },
      owner: { data: { id: OWNER, type: "Identity" } },
    },
    type: "Tunnel",
  };
}

function sap(id: string, displayName: string, server: string) {
  return {
    attributes: {
      advertised_owner: "john@globus.org",
      contact_email: null,
      contact_info: null,
      department: null,
      description: null,
      display_name: displayName,
      info_link: null,
      keywords: null,
      organization: null,
      tlsftp_server: server,
    },
    id,
    relationships: {
      host_endpoint: { data: { id: SAP_HOST, type: "Endpoint" } },
    },
    type: "StreamAccessPoint",
  };
}

/** create_bookmark: POST /v2/bookmarks, 201. */
export const createBookmark = (() => {
  const meta = {
    bookmark_id: "0f3c8b1e-5d5f-4b8e-9c55-1d1b1a0e9a01",
    collection: "3b7f1a52-6f0e-4b57-8a0e-2f5d9c1e7a02",
    name: "public datasets",
    path: "/data_repository/public",
  };
  return {
    meta,
    status: 201,
    body: {
      meta: { request_id: "nDZoeEMPI" },
      data: bookmark(meta.bookmark_id, meta.collection, meta.name, meta.path),
    },
  };
})();

/** get_bookmark: GET /v2/bookmarks/{id}, with its collection included. */
export const getBookmark = (() => {
  const meta = {
    bookmark_id: "5a0d7c36-92a4-4f0b-8a3c-6f0b2e4d1b03",
    collection: "8e2f4c10-3b6d-4a7e-9f1c-0d5e6a7b8c04",
    name: "public datasets",
    path: "/data_repository/public",
  };
  return {
    meta,
    body: {
      meta: { request_id: "HKsv2T65H" },
      data: bookmark(meta.bookmark_id, meta.collection, meta.name, meta.path),
      included: [{
        type: "Collection",
        id: meta.collection,
        attributes: {
          display_name: "GCP High Assurance Mapped Collection",
          high_assurance: true,
        },
      }],
    },
  };
})();

/** list_bookmarks: GET /v2/bookmarks, with the collections included. */
export const listBookmarks = (() => {
  const bookmarks = [
    {
      bookmark_id: "a1c2e3f4-0000-4a00-8b00-000000000011",
      collection_id: "c1c2e3f4-0000-4a00-8b00-000000000012",
      name: "public datasets",
      path: "/data_repository/public",
    },
    {
      bookmark_id: "a1c2e3f4-0000-4a00-8b00-000000000021",
      collection_id: "c1c2e3f4-0000-4a00-8b00-000000000022",
      name: "private datasets",
      path: "/data_repository/private",
    },
  ];
  return {
    meta: { bookmarks },
    body: {
      data: bookmarks.map((b) =>
        bookmark(b.bookmark_id, b.collection_id, b.name, b.path)
      ),
      meta: { request_id: "xj8AWyQr8" },
      included: bookmarks.map((b) => ({
        type: "Collection",
        id: b.collection_id,
        attributes: {
          display_name: "Wotsomatta U Dataset Collection",
          high_assurance: false,
        },
      })),
    },
  };
})();

/** update_bookmark: PATCH /v2/bookmarks/{id}. */
export const updateBookmark = (() => {
  const meta = {
    bookmark_id: "7d9e1f20-4c3b-4e8a-9d2f-1a2b3c4d5e05",
    collection: "9f0a1b2c-5d4e-4f9a-8e3d-2b3c4d5e6f06",
    name: "private datasets",
    path: "/data_repository/private",
  };
  return {
    meta,
    body: {
      meta: { request_id: "dDaKboC8I" },
      data: bookmark(meta.bookmark_id, meta.collection, meta.name, meta.path),
    },
  };
})();

/** delete_bookmark: DELETE /v2/bookmarks/{id}: only `meta`. */
export const deleteBookmark = {
  meta: { bookmark_id: "2b4d6f80-1a3c-4e5f-8a7b-9c0d1e2f3a07" },
  body: { meta: { request_id: "nH45vUMpD" } },
};

/** create_tunnel: POST /v2/tunnels. */
export const createTunnel = (() => {
  const meta = {
    tunnel_id: "6c1e2d3f-7a8b-4c9d-8e0f-1a2b3c4d5e08",
    display_name: "Test Tunnel",
    initiator_ap: "4e5f6a7b-8c9d-4e0f-9a1b-2c3d4e5f6a09",
    listener_ap: "5f6a7b8c-9d0e-4f1a-8b2c-3d4e5f6a7b10",
  };
  return {
    meta,
    body: {
      data: tunnel(
        "34d97133-f17e-4f90-ad42-56ff5f3c2550",
        meta.initiator_ap,
        meta.listener_ap,
        {
          created_time: "2025-12-12T21:49:22.183977",
          label: meta.display_name,
          lifetime_mins: 10,
          status: "The tunnel is waiting for listening.",
          submission_id: "6ab42cda-d7a4-11f0-ad34-0affc202d2e9",
        },
      ),
      meta: { request_id: "e6KkKkNmw" },
    },
  };
})();

/** get_tunnel: GET /v2/tunnels/{id}. */
export const getTunnel = (() => {
  const meta = {
    tunnel_id: "7a8b9c0d-1e2f-4a3b-9c4d-5e6f7a8b9c11",
    initiator_ap: "8b9c0d1e-2f3a-4b4c-8d5e-6f7a8b9c0d12",
    listener_ap: "9c0d1e2f-3a4b-4c5d-9e6f-7a8b9c0d1e13",
  };
  return {
    meta,
    body: {
      data: tunnel(meta.tunnel_id, meta.initiator_ap, meta.listener_ap, {}),
      meta: { request_id: "M6kFaS949" },
    },
  };
})();

/** update_tunnel: PATCH /v2/tunnels/{id}. */
export const updateTunnel = {
  meta: { tunnel_id: "0d1e2f3a-4b5c-4d6e-8f7a-8b9c0d1e2f14" },
  body: {
    data: tunnel(
      "1c1be52d-2d4d-4200-b4ad-d75d43eb0d9c",
      "80583f05-75f3-4825-b8a5-6c3edf0bbc5c",
      "dd5fa993-749f-48fb-86cf-f07ad5797d7e",
      {
        state: "STOPPING",
        status: "A request to stop tunnel has been received.",
      },
    ),
    meta: { request_id: "pN0Aact40" },
  },
};

/** delete_tunnel: DELETE /v2/tunnels/{id}. */
export const deleteTunnel = {
  meta: { tunnel_id: "1e2f3a4b-5c6d-4e7f-9a8b-9c0d1e2f3a15" },
  body: { data: null, meta: { request_id: "ofayi2B4R" } },
};

/** list_tunnels: GET /v2/tunnels (two tunnels). */
export const listTunnels = {
  body: {
    data: [
      tunnel(
        "1c1be52d-2d4d-4200-b4ad-d75d43eb0d9c",
        "80583f05-75f3-4825-b8a5-6c3edf0bbc5c",
        "dd5fa993-749f-48fb-86cf-f07ad5797d7e",
        {
          status: "The tunnel is waiting for listening contact detail setup.",
        },
      ),
      tunnel(
        "bf1b0d16-7d93-44eb-8773-9066a750c13e",
        "34c6e671-c011-4bf8-bc30-5ccebada8f3b",
        "dd5fa993-749f-48fb-86cf-f07ad5797d7e",
        {
          created_time: "2025-12-12T21:22:11.018233",
          label: "part 2",
          status: "The tunnel is waiting for listening contact detail setup.",
          submission_id: "fb3b1220-1d5f-4dcf-92f5-e7056a514319",
        },
      ),
    ],
    links: null,
    meta: { request_id: "fAAfpnino" },
  },
};

/** get_tunnel_events: GET /v2/tunnels/{id}/events (three events). */
export const getTunnelEvents = {
  meta: { tunnel_id: "2f3a4b5c-6d7e-4f8a-8b9c-0d1e2f3a4b16" },
  body: {
    data: [
      [
        2768,
        "STARTED",
        "started",
        "Attempting tunnel establishment",
        "21:59:01.857473",
      ],
      [
        2769,
        "TUNNEL_ACTIVE",
        "tunnel is active",
        "Tunnel has been established",
        "21:59:02.876253",
      ],
      [
        2777,
        "TUNNEL_STOPPED",
        "tunnel has been stopped",
        "Tunnel stopped as requested.",
        "22:12:03.655877",
      ],
    ].map(([id, code, description, details, time]) => ({
      type: "TunnelEvent",
      id,
      attributes: {
        code,
        is_error: false,
        description,
        details,
        time: `2026-02-12T${time}`,
      },
    })),
    links: null,
    meta: { request_id: "655TZe5vm" },
  },
};

/** get_stream_access_point: GET /v2/stream_access_points/{id}. */
export const getStreamAccessPoint = (() => {
  const meta = { access_point_id: "3a4b5c6d-7e8f-4a9b-9c0d-1e2f3a4b5c17" };
  return {
    meta,
    body: {
      data: sap(
        meta.access_point_id,
        "Buzz Dev Listener",
        "tlsftp://s-463c7.e7d5e.8540.test3.zones.dnsteam.globuscs.info:443",
      ),
      meta: { request_id: "55QRq2iBa" },
    },
  };
})();

/** list_stream_access_points: GET /v2/stream_access_points (two). */
export const listStreamAccessPoints = (() => {
  const meta = {
    access_point_ids: [
      "4b5c6d7e-8f9a-4b0c-8d1e-2f3a4b5c6d18",
      "5c6d7e8f-9a0b-4c1d-9e2f-3a4b5c6d7e19",
    ],
  };
  return {
    meta,
    body: {
      data: [
        sap(
          meta.access_point_ids[0]!,
          "Buzz Dev Listener 1",
          "tlsftp://s-463c7.e7d5e.8540.test3.zones.dnsteam.globuscs.info:443",
        ),
        sap(
          meta.access_point_ids[1]!,
          "Buzz Dev Listener 2",
          "tlsftp://s-a845b.29a01.671e.test3.zones.dnsteam.globuscs.info:443",
        ),
      ],
      meta: { request_id: "55QRq2iBa" },
    },
  };
})();
