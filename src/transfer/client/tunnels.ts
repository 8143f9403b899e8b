/**
 * Tunnels and stream access points (Transfer's `/v2/` routes).
 *
 * @module
 */
import type { IterableTransferResponse } from "../results.ts";
import {
  StreamAccessPointDocumentSchema,
  TunnelDeleteResultSchema,
  TunnelDocumentSchema,
  TunnelEventListSchema,
  TunnelListSchema,
} from "../_schemas_admin.ts";
import { displayTunnelList, displayWithColumns } from "../_display_admin.ts";
import { attachIterator } from "../../core/iterable_response.ts";
import { SubmissionIdSchema } from "../_schemas.ts";
import { checkDocument, checkId } from "../_args.ts";
import { mergeQuery } from "../_query.ts";
import {
  CreateTunnelData,
  type StreamAccessPointDocument,
  type Tunnel,
  type TunnelDeleteResult,
  type TunnelDocument,
  type TunnelEvent,
  type TunnelEventList,
  type TunnelList,
} from "../tunnel.ts";
import type { TransferCallOptions } from "../transfer_options.ts";
import { TransferEndpointManagerApi } from "./endpoint_manager.ts";

/** Tunnels and stream access points. Part of {@linkcode TransferClient}; use that class. */
export class TransferTunnelsApi extends TransferEndpointManagerApi {
  /**
   * Creates a tunnel between two stream access points: `POST /v2/tunnels`,
   * as Python's `create_tunnel`. A document without
   * `data.attributes.submission_id` gets one from `getSubmissionId()` first
   * (set on the document), so a retried POST cannot create two tunnels.
   *
   * @param data A {@linkcode CreateTunnelData}, or `{ data: { type: "Tunnel", relationships, attributes } }`.
   * @param options Extra query parameters and an abort signal.
   * @returns `{ data: tunnel, meta }`.
   * @throws {TypeError} When the document has no `data` member (use `CreateTunnelData`).
   * @throws {TransferAPIError} When the service refuses.
   */
  async createTunnel(
    data: CreateTunnelData | Record<string, unknown>,
    options: TransferCallOptions = {},
  ): Promise<TunnelDocument> {
    const doc = data instanceof CreateTunnelData
      ? data
      : checkDocument("createTunnel", "data", data);
    const element = (doc as { data?: unknown }).data;
    if (
      element === null || typeof element !== "object" || Array.isArray(element)
    ) {
      throw new TypeError(
        "Cannot create the tunnel as the document has no 'data' member (a JSON:API body is { data: { type: \"Tunnel\", relationships, attributes } }): build it with new CreateTunnelData(initiatorId, listenerId, { label })",
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
      attributes.submission_id === undefined ||
      attributes.submission_id === null
    ) {
      // getSubmissionId() lives further down the class chain: same call.
      attributes.submission_id =
        (await this.call("GET", "v0.10/submission_id", {
          schema: SubmissionIdSchema,
          what: "submission id",
          signal: options.signal,
        })).value;
    }
    return await this.call("POST", "v2/tunnels", {
      json: doc instanceof CreateTunnelData ? doc.toJSON() : doc,
      query: mergeQuery("createTunnel", {}, options.queryParams),
      schema: TunnelDocumentSchema,
      what: "tunnel",
      signal: options.signal,
    });
  }

  /**
   * Changes a tunnel: `PATCH /v2/tunnels/{id}`, e.g. its label, or
   * `{ data: { type: "Tunnel", attributes: { state: "STOPPING" } } }` to
   * stop it.
   *
   * @param tunnelId The tunnel id.
   * @param updateDoc The JSON:API patch document.
   * @param options Extra query parameters and an abort signal.
   * @returns `{ data: tunnel, meta }`.
   * @throws {TransferAPIError} e.g. 404 `NotFound`.
   */
  async updateTunnel(
    tunnelId: string,
    updateDoc: Record<string, unknown>,
    options: TransferCallOptions = {},
  ): Promise<TunnelDocument> {
    const id = checkId("tunnelId", tunnelId);
    return await this.call("PATCH", `v2/tunnels/${id}`, {
      json: checkDocument("updateTunnel", "updateDoc", updateDoc),
      query: mergeQuery("updateTunnel", {}, options.queryParams),
      schema: TunnelDocumentSchema,
      what: "tunnel",
      signal: options.signal,
    });
  }

  /**
   * Gets a tunnel: `GET /v2/tunnels/{id}`.
   *
   * @param tunnelId The tunnel id.
   * @param options Extra query parameters and an abort signal.
   * @returns `{ data: tunnel, meta }`.
   * @throws {TransferAPIError} e.g. 404 `NotFound`.
   */
  async getTunnel(
    tunnelId: string,
    options: TransferCallOptions = {},
  ): Promise<TunnelDocument> {
    const id = checkId("tunnelId", tunnelId);
    return await this.call("GET", `v2/tunnels/${id}`, {
      query: mergeQuery("getTunnel", {}, options.queryParams),
      schema: TunnelDocumentSchema,
      what: "tunnel",
      signal: options.signal,
    });
  }

  /**
   * Deletes a stopped tunnel and its data: `DELETE /v2/tunnels/{id}`.
   *
   * @param tunnelId The tunnel id.
   * @param options Extra query parameters and an abort signal.
   * @returns `{ data: null, meta }`.
   * @throws {TransferAPIError} e.g. 409 when the tunnel is still running.
   */
  async deleteTunnel(
    tunnelId: string,
    options: TransferCallOptions = {},
  ): Promise<TunnelDeleteResult> {
    const id = checkId("tunnelId", tunnelId);
    return await this.call("DELETE", `v2/tunnels/${id}`, {
      query: mergeQuery("deleteTunnel", {}, options.queryParams),
      schema: TunnelDeleteResultSchema,
      what: "tunnel delete result",
      signal: options.signal,
    });
  }

  /**
   * Lists your tunnels: `GET /v2/tunnels` (a table in notebooks).
   *
   * @param options Extra query parameters and an abort signal.
   * @returns `{ data: [tunnel, …], links, meta }`.
   * @throws {TransferAPIError} When the service refuses.
   */
  async listTunnels(
    options: TransferCallOptions = {},
  ): Promise<IterableTransferResponse<TunnelList, Tunnel>> {
    return displayTunnelList(
      await this.call("GET", "v2/tunnels", {
        query: mergeQuery("listTunnels", {}, options.queryParams),
        schema: TunnelListSchema,
        what: "tunnel list",
        signal: options.signal,
      }),
    );
  }

  /**
   * A tunnel's events, oldest first: `GET /v2/tunnels/{id}/events`.
   *
   * @param tunnelId The tunnel id.
   * @param options Extra query parameters and an abort signal.
   * @returns `{ data: [TunnelEvent, …], links, meta }` (a table in notebooks).
   * @throws {TransferAPIError} e.g. 404 `NotFound`.
   */
  async getTunnelEvents(
    tunnelId: string,
    options: TransferCallOptions = {},
  ): Promise<IterableTransferResponse<TunnelEventList, TunnelEvent>> {
    const id = checkId("tunnelId", tunnelId);
    const list = await this.call("GET", `v2/tunnels/${id}/events`, {
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
   * Gets a stream access point: `GET /v2/stream_access_points/{id}`.
   *
   * @param streamApId The stream access point id.
   * @param options Extra query parameters and an abort signal.
   * @returns `{ data: StreamAccessPoint, meta }`.
   * @throws {TransferAPIError} e.g. 404 `NotFound`.
   */
  async getStreamAccessPoint(
    streamApId: string,
    options: TransferCallOptions = {},
  ): Promise<StreamAccessPointDocument> {
    const id = checkId("streamApId", streamApId);
    return await this.call("GET", `v2/stream_access_points/${id}`, {
      query: mergeQuery("getStreamAccessPoint", {}, options.queryParams),
      schema: StreamAccessPointDocumentSchema,
      what: "stream access point",
      signal: options.signal,
    });
  }
}
