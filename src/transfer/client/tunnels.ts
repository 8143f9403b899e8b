/**
 * Tunnels and stream access points (Transfer's `/v2/` routes).
 *
 * @module
 */
import type { IterableTransferResponse } from "../results.ts";
import { SubmissionIdSchema } from "../_schemas.ts";
import type {
  CreateTunnelData,
  StreamAccessPointDocument,
  Tunnel,
  TunnelDeleteResult,
  TunnelDocument,
  TunnelEvent,
  TunnelEventList,
  TunnelList,
} from "../tunnel.ts";
import type { TransferCallOptions } from "../transfer_options.ts";
import { callOptions, checkCallOptions } from "../_args.ts";
import type * as TunnelCalls from "../v2/_tunnel_calls.ts";
import { TransferEndpointManagerApi } from "./endpoint_manager.ts";
import { walkableLists } from "../../core/_list_promise.ts";

const CREATE_TUNNEL = callOptions("createTunnel");
const UPDATE_TUNNEL = callOptions("updateTunnel");
const GET_TUNNEL = callOptions("getTunnel");
const DELETE_TUNNEL = callOptions("deleteTunnel");
const LIST_TUNNELS = callOptions("listTunnels");
const GET_TUNNEL_EVENTS = callOptions("getTunnelEvents");
const GET_STREAM_ACCESS_POINT = callOptions("getStreamAccessPoint");

/**
 * The tunnel and stream access point calls, loaded on the first of them
 * (importing the SDK does not need their code).
 */
function tunnelCalls(): Promise<typeof TunnelCalls> {
  return import("../v2/_tunnel_calls.ts");
}

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
    checkCallOptions(CREATE_TUNNEL, options);
    return await (await tunnelCalls()).createTunnel(
      this.call.bind(this),
      data,
      options,
      {
        // getSubmissionId() lives further down the class chain: same call.
        submissionId: async () =>
          (await this.call("GET", "v0.10/submission_id", {
            schema: SubmissionIdSchema,
            what: "submission id",
            signal: options.signal,
          })).value,
        builder: "new CreateTunnelData(initiatorId, listenerId, { label })",
      },
    );
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
    checkCallOptions(UPDATE_TUNNEL, options);
    return await (await tunnelCalls()).updateTunnel(
      this.call.bind(this),
      tunnelId,
      updateDoc,
      options,
    );
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
    checkCallOptions(GET_TUNNEL, options);
    return await (await tunnelCalls()).getTunnel(
      this.call.bind(this),
      tunnelId,
      options,
    );
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
    checkCallOptions(DELETE_TUNNEL, options);
    return await (await tunnelCalls()).deleteTunnel(
      this.call.bind(this),
      tunnelId,
      options,
    );
  }

  /**
   * Lists your tunnels: `GET /v2/tunnels` (a table in notebooks).
   *
   * @param options Extra query parameters and an abort signal.
   * @returns `{ data: [tunnel, …], links, meta }`.
   * @throws {TransferAPIError} When the service refuses.
   */
  listTunnels(
    options?: TransferCallOptions,
  ):
    & Promise<IterableTransferResponse<TunnelList, Tunnel>>
    & AsyncIterable<Tunnel>;
  async listTunnels(
    options: TransferCallOptions = {},
  ): Promise<IterableTransferResponse<TunnelList, Tunnel>> {
    checkCallOptions(LIST_TUNNELS, options);
    return await (await tunnelCalls()).listTunnels(
      this.call.bind(this),
      options,
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
  getTunnelEvents(
    tunnelId: string,
    options?: TransferCallOptions,
  ):
    & Promise<IterableTransferResponse<TunnelEventList, TunnelEvent>>
    & AsyncIterable<TunnelEvent>;
  async getTunnelEvents(
    tunnelId: string,
    options: TransferCallOptions = {},
  ): Promise<IterableTransferResponse<TunnelEventList, TunnelEvent>> {
    checkCallOptions(GET_TUNNEL_EVENTS, options);
    return await (await tunnelCalls()).getTunnelEvents(
      this.call.bind(this),
      tunnelId,
      options,
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
    checkCallOptions(GET_STREAM_ACCESS_POINT, options);
    return await (await tunnelCalls()).getStreamAccessPoint(
      this.call.bind(this),
      streamApId,
      options,
    );
  }
}

// `for await (const x of tc.listTunnels(…))` walks the list, as
// `for (const x of await tc.listTunnels(…))` does (Python's `for x in …`).
walkableLists(
  TransferTunnelsApi,
  ["listTunnels", "getTunnelEvents"],
  "TransferClient",
  "tc",
);
