/**
 * Internal: the tunnel and stream access point calls (Transfer's `/v2/`
 * routes) that both {@linkcode TransferClient} (its `TransferTunnelsApi`
 * area) and {@linkcode TransferClientV2} make. Each function takes the
 * client's own `call` (its transport, authorizer, retries and schemas), so
 * both classes send the same requests and return the same results.
 *
 * @module
 */
import type { CallOptions } from "../../core/base_client.ts";
import { attachIterator } from "../../core/iterable_response.ts";
import type { IterableTransferResponse } from "../results.ts";
import {
  StreamAccessPointDocumentSchema,
  TunnelDeleteResultSchema,
  TunnelDocumentSchema,
  TunnelEventListSchema,
  TunnelListSchema,
} from "../_schemas_admin.ts";
import { displayTunnelList, displayWithColumns } from "../_display_admin.ts";
import { checkDocument, checkId } from "../_args.ts";
import { mergeQuery } from "../_query.ts";
import type {
  StreamAccessPointDocument,
  Tunnel,
  TunnelDeleteResult,
  TunnelDocument,
  TunnelEvent,
  TunnelEventList,
  TunnelList,
} from "../tunnel.ts";
import type { TransferCallOptions } from "../transfer_options.ts";
import { kernelStack } from "../../core/_kernel_stack.ts";

/** A client's typed call, bound to the client. */
export type TransferCall = <T>(
  method: string,
  path: string,
  options?: CallOptions<T>,
) => Promise<T>;

/** How `createTunnel` fills in a missing submission id, and names its document class. */
export interface CreateTunnelHow {
  /** Gives a submission id for a document without one. */
  submissionId: () => Promise<string>;
  /** The document class to suggest, e.g. `new CreateTunnelData(initiatorId, listenerId, { label })`. */
  builder: string;
}

/**
 * `POST /v2/tunnels`; a document without `data.attributes.submission_id`
 * gets one from `how.submissionId()` (set on the document).
 *
 * @param call The client's call.
 * @param data A JSON:API document (or a class whose `toJSON()` gives one).
 * @param options Extra query parameters and an abort signal.
 * @param how Where a missing submission id comes from.
 * @returns `{ data: tunnel, meta }`.
 */
export async function createTunnel(
  call: TransferCall,
  data: object,
  options: TransferCallOptions,
  how: CreateTunnelHow,
): Promise<TunnelDocument> {
  const doc = checkDocument("createTunnel", "data", data);
  const element = (doc as { data?: unknown }).data;
  if (
    element === null || typeof element !== "object" || Array.isArray(element)
  ) {
    throw kernelStack(
      new TypeError(
        `Cannot create the tunnel as the document has no 'data' member (a JSON:API body is { data: { type: "Tunnel", relationships, attributes } }): build it with ${how.builder}`,
      ),
    );
  }
  const el = element as Record<string, unknown>;
  if (
    el.attributes === null || typeof el.attributes !== "object" ||
    Array.isArray(el.attributes)
  ) {
    el.attributes = {};
  }
  const attributes = el.attributes as Record<string, unknown>;
  if (
    attributes.submission_id === undefined || attributes.submission_id === null
  ) {
    attributes.submission_id = await how.submissionId();
  }
  const toJSON = (doc as { toJSON?: unknown }).toJSON;
  return await call("POST", "v2/tunnels", {
    json: typeof toJSON === "function" ? toJSON.call(doc) : doc,
    query: mergeQuery("createTunnel", {}, options.queryParams),
    schema: TunnelDocumentSchema,
    what: "tunnel",
    signal: options.signal,
  });
}

/**
 * `PATCH /v2/tunnels/{id}`.
 *
 * @param call The client's call.
 * @param tunnelId The tunnel id.
 * @param updateDoc The JSON:API patch document.
 * @param options Extra query parameters and an abort signal.
 * @returns `{ data: tunnel, meta }`.
 */
export async function updateTunnel(
  call: TransferCall,
  tunnelId: string,
  updateDoc: object,
  options: TransferCallOptions,
): Promise<TunnelDocument> {
  const id = checkId("tunnelId", tunnelId);
  return await call("PATCH", `v2/tunnels/${id}`, {
    json: checkDocument("updateTunnel", "updateDoc", updateDoc),
    query: mergeQuery("updateTunnel", {}, options.queryParams),
    schema: TunnelDocumentSchema,
    what: "tunnel",
    signal: options.signal,
  });
}

/**
 * `GET /v2/tunnels/{id}`.
 *
 * @param call The client's call.
 * @param tunnelId The tunnel id.
 * @param options Extra query parameters and an abort signal.
 * @returns `{ data: tunnel, meta }`.
 */
export async function getTunnel(
  call: TransferCall,
  tunnelId: string,
  options: TransferCallOptions,
): Promise<TunnelDocument> {
  const id = checkId("tunnelId", tunnelId);
  return await call("GET", `v2/tunnels/${id}`, {
    query: mergeQuery("getTunnel", {}, options.queryParams),
    schema: TunnelDocumentSchema,
    what: "tunnel",
    signal: options.signal,
  });
}

/**
 * `DELETE /v2/tunnels/{id}`.
 *
 * @param call The client's call.
 * @param tunnelId The tunnel id.
 * @param options Extra query parameters and an abort signal.
 * @returns `{ data: null, meta }`.
 */
export async function deleteTunnel(
  call: TransferCall,
  tunnelId: string,
  options: TransferCallOptions,
): Promise<TunnelDeleteResult> {
  const id = checkId("tunnelId", tunnelId);
  return await call("DELETE", `v2/tunnels/${id}`, {
    query: mergeQuery("deleteTunnel", {}, options.queryParams),
    schema: TunnelDeleteResultSchema,
    what: "tunnel delete result",
    signal: options.signal,
  });
}

/**
 * `GET /v2/tunnels` (a table in notebooks, iterating its `data`).
 *
 * @param call The client's call.
 * @param options Extra query parameters and an abort signal.
 * @returns `{ data: [tunnel, …], links, meta }`.
 */
export async function listTunnels(
  call: TransferCall,
  options: TransferCallOptions,
): Promise<IterableTransferResponse<TunnelList, Tunnel>> {
  return displayTunnelList(
    await call("GET", "v2/tunnels", {
      query: mergeQuery("listTunnels", {}, options.queryParams),
      schema: TunnelListSchema,
      what: "tunnel list",
      signal: options.signal,
    }),
  );
}

/**
 * `GET /v2/tunnels/{id}/events` (a table in notebooks, iterating its `data`).
 *
 * @param call The client's call.
 * @param tunnelId The tunnel id.
 * @param options Extra query parameters and an abort signal.
 * @returns `{ data: [TunnelEvent, …], links, meta }`.
 */
export async function getTunnelEvents(
  call: TransferCall,
  tunnelId: string,
  options: TransferCallOptions,
): Promise<IterableTransferResponse<TunnelEventList, TunnelEvent>> {
  const id = checkId("tunnelId", tunnelId);
  const list = await call("GET", `v2/tunnels/${id}/events`, {
    query: mergeQuery("getTunnelEvents", {}, options.queryParams),
    schema: TunnelEventListSchema,
    what: "tunnel event list",
    signal: options.signal,
  });
  return attachIterator(
    displayWithColumns(
      list,
      () => list.data.map((e) => ({ id: e.id, ...e.attributes })),
      ["time", "code", "is_error", "description", "details"],
    ),
    (l) => l.data,
  );
}

/**
 * `GET /v2/stream_access_points/{id}`.
 *
 * @param call The client's call.
 * @param streamApId The stream access point id.
 * @param options Extra query parameters and an abort signal.
 * @returns `{ data: StreamAccessPoint, meta }`.
 */
export async function getStreamAccessPoint(
  call: TransferCall,
  streamApId: string,
  options: TransferCallOptions,
): Promise<StreamAccessPointDocument> {
  const id = checkId("streamApId", streamApId);
  return await call("GET", `v2/stream_access_points/${id}`, {
    query: mergeQuery("getStreamAccessPoint", {}, options.queryParams),
    schema: StreamAccessPointDocumentSchema,
    what: "stream access point",
    signal: options.signal,
  });
}
