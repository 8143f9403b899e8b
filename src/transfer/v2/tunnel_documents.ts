/**
 * The tunnel documents of {@linkcode TransferClientV2}, as Python's
 * `globus_sdk.experimental.TunnelCreateDocument` and
 * `TunnelUpdateDocument`.
 *
 * @module
 */
import { CreateTunnelData, type CreateTunnelDataOptions } from "../tunnel.ts";
import { describeValue } from "../_validate.ts";
import { checkOptions } from "../../core/_options.ts";
import { kernelStack } from "../../core/_kernel_stack.ts";

/** Options of {@linkcode TunnelCreateDocument}. */
export interface TunnelCreateDocumentOptions extends CreateTunnelDataOptions {
  /**
   * The submission id; a fresh UUID when absent, made here (as Python
   * does), so a retried POST of this document cannot create two tunnels.
   */
  submissionId?: string | undefined;
  /** The listener's port, when already known. */
  listenerPort?: number | undefined;
  /** The listener's IP address, when already known. */
  listenerIpAddress?: string | undefined;
}

/**
 * The document of `TransferClientV2.createTunnel`, as Python's
 * `TunnelCreateDocument`: `{ data: { type: "Tunnel", relationships:
 * { initiator, listener }, attributes } }`. Unlike
 * {@linkcode CreateTunnelData}, it always carries a `submission_id`
 * (generated here when not given), and takes the listener's contact
 * details.
 *
 * @example Build a tunnel request
 * ```ts
 * import { experimental } from "@globus-deno/sdk";
 * const { TunnelCreateDocument } = experimental;
 * const doc = new TunnelCreateDocument(
 *   "80583f05-75f3-4825-b8a5-6c3edf0bbc5c", // initiator stream access point
 *   "dd5fa993-749f-48fb-86cf-f07ad5797d7e", // listener stream access point
 *   { label: "my tunnel", lifetimeMins: 30 },
 * );
 * console.log(doc.data.attributes.submission_id); // a fresh UUID
 * ```
 */
export class TunnelCreateDocument extends CreateTunnelData {
  /**
   * Creates the document.
   *
   * @param initiatorStreamAccessPoint The initiating stream access point id.
   * @param listenerStreamAccessPoint The listening stream access point id.
   * @param options Label, submission id, listener port and address,
   *   lifetime, restartable, more fields.
   * @throws {TypeError} When an access point id is not a non-empty string,
   *   or `submissionId` is not a non-empty string.
   */
  constructor(
    initiatorStreamAccessPoint: string,
    listenerStreamAccessPoint: string,
    options: TunnelCreateDocumentOptions = {},
  ) {
    checkOptions("TunnelCreateDocument", options, [
      "label",
      "submissionId",
      "lifetimeMins",
      "restartable",
      "additionalFields",
      "listenerPort",
      "listenerIpAddress",
    ], {
      example:
        "new TunnelCreateDocument(initiator, listener, { lifetimeMins: 60 })",
    });
    const { listenerPort, listenerIpAddress, ...rest } = options;
    const submissionId = options.submissionId ?? crypto.randomUUID();
    if (typeof submissionId !== "string" || submissionId.trim() === "") {
      throw kernelStack(
        new TypeError(
          `Cannot build the tunnel document as 'submissionId' must be a non-empty string (or left out to get a fresh one): current value is ${
            describeValue(submissionId)
          }`,
        ),
      );
    }
    const listener: Record<string, unknown> = {};
    if (listenerPort !== undefined) listener.listener_port = listenerPort;
    if (listenerIpAddress !== undefined) {
      listener.listener_ip_address = listenerIpAddress;
    }
    super(initiatorStreamAccessPoint, listenerStreamAccessPoint, {
      ...rest,
      submissionId,
      additionalFields: { ...listener, ...options.additionalFields },
    });
  }
}

/** Options of {@linkcode TunnelUpdateDocument}. */
export interface TunnelUpdateDocumentOptions {
  /** A new label. */
  label?: string | undefined;
  /** The listener's port (with its address, the tunnel can be set up). */
  listenerPort?: number | undefined;
  /** The listener's IP address. */
  listenerIpAddress?: string | undefined;
  /** `"STOPPING"` stops the tunnel. */
  state?: "STOPPING" | undefined;
  /** More attributes, sent as they are. */
  additionalFields?: Record<string, unknown> | undefined;
}

/**
 * The document of `updateTunnel`, as Python's `TunnelUpdateDocument`:
 * `{ data: { type: "Tunnel", attributes } }` with only the attributes you
 * set.
 *
 * @example Stop a tunnel
 * ```ts
 * import { experimental } from "@globus-deno/sdk";
 * const { TunnelUpdateDocument } = experimental;
 * const doc = new TunnelUpdateDocument({ state: "STOPPING" });
 * console.log(JSON.stringify(doc)); // {"data":{"type":"Tunnel","attributes":{"state":"STOPPING"}}}
 * ```
 */
export class TunnelUpdateDocument {
  /** The JSON:API resource. */
  data: { type: "Tunnel"; attributes: Record<string, unknown> };

  /**
   * Creates the document.
   *
   * @param options The attributes to change.
   */
  constructor(options: TunnelUpdateDocumentOptions = {}) {
    checkOptions("TunnelUpdateDocument", options, [
      "label",
      "listenerPort",
      "listenerIpAddress",
      "state",
      "additionalFields",
    ], { example: 'new TunnelUpdateDocument({ state: "STOPPING" })' });
    const attributes: Record<string, unknown> = {};
    if (options.label !== undefined) attributes.label = options.label;
    if (options.listenerPort !== undefined) {
      attributes.listener_port = options.listenerPort;
    }
    if (options.listenerIpAddress !== undefined) {
      attributes.listener_ip_address = options.listenerIpAddress;
    }
    if (options.state !== undefined) attributes.state = options.state;
    Object.assign(attributes, options.additionalFields ?? {});
    this.data = { type: "Tunnel", attributes };
  }

  /**
   * The JSON document.
   *
   * @returns `{ data: … }`.
   */
  toJSON(): { data: TunnelUpdateDocument["data"] } {
    return { data: this.data };
  }
}
