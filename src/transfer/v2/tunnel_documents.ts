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
import { checkCount, checkString } from "../../core/_option_values.ts";

/** Options of {@linkcode TunnelCreateDocument}. */
export interface TunnelCreateDocumentOptions extends CreateTunnelDataOptions {
  /**
   * The submission id; a fresh UUID when absent, made here (as Python
   * does), so a retried POST of this document cannot create two tunnels.
   */
  submissionId?: string | null | undefined;
  /** The listener's port, when already known. */
  listenerPort?: number | null | undefined;
  /** The listener's IP address, when already known. */
  listenerIpAddress?: string | null | undefined;
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
    // Left out when not given, and `null` too (as `CreateTunnelData`).
    const doing = "Cannot build the tunnel document";
    const listener: Record<string, unknown> = {};
    const port = checkCount(doing, "listenerPort", listenerPort);
    if (port !== undefined) listener.listener_port = port;
    const address = checkString(doing, "listenerIpAddress", listenerIpAddress);
    if (address !== undefined) listener.listener_ip_address = address;
    super(initiatorStreamAccessPoint, listenerStreamAccessPoint, {
      ...rest,
      submissionId,
      additionalFields: { ...listener, ...options.additionalFields },
    });
  }
}

/** Options of {@linkcode TunnelUpdateDocument}. */
export interface TunnelUpdateDocumentOptions {
  /** A new label (`null` is sent as `null`, as Python sends `None`). */
  label?: string | null | undefined;
  /** The listener's port (with its address, the tunnel can be set up). */
  listenerPort?: number | null | undefined;
  /** The listener's IP address. */
  listenerIpAddress?: string | null | undefined;
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
   * @throws {TypeError} When an option is of the wrong type
   *   (`listenerPort: "5000"`).
   */
  constructor(options: TunnelUpdateDocumentOptions = {}) {
    checkOptions("TunnelUpdateDocument", options, [
      "label",
      "listenerPort",
      "listenerIpAddress",
      "state",
      "additionalFields",
    ], { example: 'new TunnelUpdateDocument({ state: "STOPPING" })' });
    // An update sends what was given, `null` included (Python sends a
    // given `None` as `null`); a value of the wrong type is refused.
    const doing = "Cannot build the tunnel update document";
    const attributes: Record<string, unknown> = {};
    const { label, listenerPort, listenerIpAddress, state } = options;
    if (label !== undefined) {
      attributes.label = label === null
        ? null
        : checkString(doing, "label", label);
    }
    if (listenerPort !== undefined) {
      attributes.listener_port = listenerPort === null
        ? null
        : checkCount(doing, "listenerPort", listenerPort);
    }
    if (listenerIpAddress !== undefined) {
      attributes.listener_ip_address = listenerIpAddress === null
        ? null
        : checkString(doing, "listenerIpAddress", listenerIpAddress);
    }
    if (state !== undefined) {
      attributes.state = state === null
        ? null
        : checkString(doing, "state", state);
    }
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
