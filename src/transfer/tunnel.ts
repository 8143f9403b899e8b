/**
 * Tunnels and stream access points (Transfer's `/v2/` JSON:API routes), and
 * {@linkcode CreateTunnelData}, the document `createTunnel` takes.
 *
 * @module
 */
import { checkOptions } from "../core/_options.ts";
import { kernelStack } from "../core/_kernel_stack.ts";
import {
  checkBoolean,
  checkCount,
  checkString,
} from "../core/_option_values.ts";

/** A JSON:API reference: `{ data: { id, type } }`. */
export interface JsonApiRelationship {
  /** The related resource, or `null`. */
  data: { id: string; type: string; [key: string]: unknown } | null;
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/** A tunnel's attributes. */
export interface TunnelAttributes {
  /** When it was created (ISO 8601). */
  created_time?: string | null;
  /** The label. */
  label?: string | null;
  /** How long it may live, in minutes. */
  lifetime_mins?: number | null;
  /** Whether it restarts after a failure. */
  restartable?: boolean | null;
  /** e.g. `AWAITING_LISTENER`, `ACTIVE`, `STOPPING`, `STOPPED`. */
  state?: string | null;
  /** A readable status. */
  status?: string | null;
  /** The submission id it was created with. */
  submission_id?: string | null;
  /** The initiator's contact address, once known. */
  initiator_ip_address?: string | null;
  /** The initiator's port, once known. */
  initiator_port?: number | null;
  /** The listener's contact address, once known. */
  listener_ip_address?: string | null;
  /** The listener's port, once known. */
  listener_port?: number | null;
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/** A tunnel resource (`type: "Tunnel"`). */
export interface Tunnel {
  /** `"Tunnel"`. */
  type: string;
  /** The tunnel id. */
  id: string;
  /** Its attributes. */
  attributes: TunnelAttributes;
  /** `initiator`, `listener` (stream access points) and `owner`. */
  relationships?: Record<string, JsonApiRelationship>;
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/** `{ data: Tunnel, meta }`: one tunnel. */
export interface TunnelDocument {
  /** The tunnel. */
  data: Tunnel;
  /** `{ request_id }`. */
  meta?: Record<string, unknown> | null | undefined;
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/** `{ data: Tunnel[], links, meta }`: your tunnels. */
export interface TunnelList {
  /** The tunnels. */
  data: Tunnel[];
  /** Paging links (`null` when there is one page). */
  links?: Record<string, unknown> | null;
  /** `{ request_id }`. */
  meta?: Record<string, unknown> | null;
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/** One tunnel event (`type: "TunnelEvent"`). */
export interface TunnelEvent {
  /** `"TunnelEvent"`. */
  type: string;
  /** The event id. */
  id: string | number;
  /** `code`, `is_error`, `description`, `details`, `time`. */
  attributes: {
    code?: string | null;
    is_error?: boolean | null;
    description?: string | null;
    details?: string | null;
    time?: string | null;
    [key: string]: unknown;
  };
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/** `{ data: TunnelEvent[], links, meta }`. */
export interface TunnelEventList {
  /** The events, oldest first. */
  data: TunnelEvent[];
  /** Paging links. */
  links?: Record<string, unknown> | null;
  /** `{ request_id }`. */
  meta?: Record<string, unknown> | null;
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/** A stream access point (`type: "StreamAccessPoint"`). */
export interface StreamAccessPoint {
  /** `"StreamAccessPoint"`. */
  type: string;
  /** Its id. */
  id: string;
  /** `display_name`, `tlsftp_server`, `advertised_owner`, contact fields… */
  attributes: Record<string, unknown>;
  /** `host_endpoint`. */
  relationships?: Record<string, JsonApiRelationship>;
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/** `{ data: StreamAccessPoint, meta }`. */
export interface StreamAccessPointDocument {
  /** The access point. */
  data: StreamAccessPoint;
  /** `{ request_id }`. */
  meta?: Record<string, unknown> | null | undefined;
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/** The answer of `DELETE /v2/tunnels/{id}`: `{ data: null, meta }`. */
export interface TunnelDeleteResult {
  /** `null`. */
  data: null;
  /** `{ request_id }`. */
  meta?: Record<string, unknown> | null;
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/** Options of {@linkcode CreateTunnelData}. */
export interface CreateTunnelDataOptions {
  /** A label (`null`, as Python's `None`: left out). */
  label?: string | null | undefined;
  /** A submission id (one is fetched by `createTunnel` when absent). */
  submissionId?: string | null | undefined;
  /** How long the tunnel may live, in minutes. */
  lifetimeMins?: number | null | undefined;
  /** Whether it restarts after a failure: `true` or `false`. */
  restartable?: boolean | null | undefined;
  /** More attributes, sent as they are. */
  additionalFields?: Record<string, unknown> | undefined;
}

/** The option names `CreateTunnelData` reads. */
const CREATE_TUNNEL_OPTIONS: readonly string[] = [
  "label",
  "submissionId",
  "lifetimeMins",
  "restartable",
  "additionalFields",
];

/**
 * The document of `createTunnel`, as Python's `CreateTunnelData`:
 * `{ data: { type: "Tunnel", relationships: { initiator, listener },
 * attributes } }`.
 *
 * @example Build a tunnel request
 * ```ts
 * import { CreateTunnelData } from "@globus-deno/sdk";
 * const doc = new CreateTunnelData(
 *   "80583f05-75f3-4825-b8a5-6c3edf0bbc5c", // initiator stream access point
 *   "dd5fa993-749f-48fb-86cf-f07ad5797d7e", // listener stream access point
 *   { label: "my tunnel", lifetimeMins: 30 },
 * );
 * console.log(doc.data.attributes.label); // my tunnel
 * ```
 */
export class CreateTunnelData {
  /** The JSON:API resource. */
  data: {
    type: "Tunnel";
    relationships: {
      initiator: { data: { type: "StreamAccessPoint"; id: string } };
      listener: { data: { type: "StreamAccessPoint"; id: string } };
    };
    attributes: Record<string, unknown>;
  };

  /**
   * Creates the document.
   *
   * @param initiatorStreamAccessPoint The initiating stream access point id.
   * @param listenerStreamAccessPoint The listening stream access point id.
   * @param options Label, submission id, lifetime, restartable, more fields.
   * @throws {TypeError} When an access point id is not a non-empty string,
   *   or an option is of the wrong type (`restartable: "false"`).
   * @throws {RangeError} When `lifetimeMins` is negative or fractional.
   */
  constructor(
    initiatorStreamAccessPoint: string,
    listenerStreamAccessPoint: string,
    options: CreateTunnelDataOptions = {},
  ) {
    for (
      const [name, v] of [
        ["initiatorStreamAccessPoint", initiatorStreamAccessPoint],
        ["listenerStreamAccessPoint", listenerStreamAccessPoint],
      ] as const
    ) {
      if (typeof v !== "string" || v.trim() === "") {
        throw kernelStack(
          new TypeError(
            `Cannot build the tunnel document as '${name}' must be a stream access point id: current value is ${
              JSON.stringify(v) ?? String(v)
            }`,
          ),
        );
      }
    }
    checkOptions("CreateTunnelData", options, CREATE_TUNNEL_OPTIONS, {
      example:
        "new CreateTunnelData(initiator, listener, { lifetimeMins: 60 })",
    });
    // Python's builder leaves out what was not given (MISSING); `null` is
    // left out too, as the other option checks read it.
    const doing = "Cannot build the tunnel document";
    const attributes: Record<string, unknown> = {};
    const label = checkString(doing, "label", options.label);
    if (label !== undefined) attributes.label = label;
    const submissionId = checkString(
      doing,
      "submissionId",
      options.submissionId,
    );
    if (submissionId !== undefined) attributes.submission_id = submissionId;
    const restartable = checkBoolean(
      doing,
      "restartable",
      options.restartable,
    );
    if (restartable !== undefined) attributes.restartable = restartable;
    const lifetimeMins = checkCount(
      doing,
      "lifetimeMins",
      options.lifetimeMins,
    );
    if (lifetimeMins !== undefined) attributes.lifetime_mins = lifetimeMins;
    Object.assign(attributes, options.additionalFields ?? {});
    this.data = {
      type: "Tunnel",
      relationships: {
        listener: {
          data: { type: "StreamAccessPoint", id: listenerStreamAccessPoint },
        },
        initiator: {
          data: { type: "StreamAccessPoint", id: initiatorStreamAccessPoint },
        },
      },
      attributes,
    };
  }

  /**
   * The JSON document.
   *
   * @returns `{ data: … }`.
   */
  toJSON(): { data: CreateTunnelData["data"] } {
    return { data: this.data };
  }
}
