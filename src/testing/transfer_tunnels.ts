/**
 * The emulator's `/v2/` tunnels and stream access points (the tunnels are
 * kept in tunnels.ts, with the emulator's Auth state, for the state file).
 *
 * @module
 */
import { randomUUID } from "node:crypto";
import {
  type EmulatorRequest,
  type EmulatorResponse,
  isoSeconds,
  jsonBody,
  jsonResponse,
  requestId,
} from "./http.ts";
import type { TaskOwner } from "./tasks.ts";
import { TransferError } from "./transfer_service.ts";
import { bad, isObject } from "./transfer_admin_core.ts";
import { TransferEndpointManagerRoutes } from "./transfer_endpoint_manager.ts";
import {
  type TunnelRecord,
  type TunnelStore,
  tunnelStoreFor,
} from "./tunnels.ts";

/** The emulator's two stream access points (for tunnels). */
export const EMULATOR_STREAM_ACCESS_POINTS: Readonly<
  { initiator: string; listener: string }
> = Object.freeze({
  initiator: "80583f05-75f3-4825-b8a5-6c3edf0bbc5c",
  listener: "dd5fa993-749f-48fb-86cf-f07ad5797d7e",
});

/** Tunnels and stream access points. Part of {@linkcode TransferAdminRoutes}. */
export class TransferTunnelRoutes extends TransferEndpointManagerRoutes {
  /** Tunnels and event ids, kept with the Auth state (for the state file). */
  readonly #store: TunnelStore = tunnelStoreFor(this.service.auth);
  readonly #tunnels: Map<string, TunnelRecord> = this.#store.byId;

  #sap(id: string): Record<string, unknown> {
    const which = id === EMULATOR_STREAM_ACCESS_POINTS.listener
      ? "Listener"
      : id === EMULATOR_STREAM_ACCESS_POINTS.initiator
      ? "Initiator"
      : null;
    if (which === null) {
      throw new TransferError(
        404,
        "NotFound",
        `Stream access point ${id} not found`,
      );
    }
    const host = [...this.service.collections.values()][0];
    return {
      type: "StreamAccessPoint",
      id,
      attributes: {
        advertised_owner: this.service.auth.identities.get(
          host?.ownerId ?? "",
        )?.username ?? null,
        contact_email: null,
        contact_info: null,
        department: null,
        description: null,
        display_name: `Emulator ${which}`,
        info_link: null,
        keywords: null,
        organization: null,
        tlsftp_server: `tlsftp://127.0.0.1:443`,
      },
      relationships: {
        host_endpoint: { data: { id: host?.id ?? null, type: "Endpoint" } },
      },
    };
  }

  #tunnelDoc(t: TunnelRecord): Record<string, unknown> {
    return {
      type: "Tunnel",
      id: t.id,
      attributes: { ...t.attributes },
      relationships: {
        initiator: { data: { id: t.initiator, type: "StreamAccessPoint" } },
        listener: { data: { id: t.listener, type: "StreamAccessPoint" } },
        owner: { data: { id: t.owner, type: "Identity" } },
      },
    };
  }

  #tunnelEvent(
    t: TunnelRecord,
    code: string,
    description: string,
    details: string,
  ): void {
    t.events.push({
      id: this.#store.nextEventId(),
      attributes: {
        code,
        is_error: false,
        description,
        details,
        time: isoSeconds(this.now).replace("+00:00", ""),
      },
    });
  }

  #tunnel(id: string, who: TaskOwner): TunnelRecord {
    const t = this.#tunnels.get(id);
    if (!t || t.owner !== who.id) {
      throw new TransferError(404, "NotFound", `Tunnel ${id} not found`);
    }
    return t;
  }

  /**
   * Handles a `/v2/…` route (tunnels, stream access points).
   *
   * @param req The request.
   * @param r The path below `v2/`.
   * @param who The caller.
   * @returns The response, or `null` when the route is not one of these.
   */
  handleV2(
    req: EmulatorRequest,
    r: string,
    who: TaskOwner,
  ): EmulatorResponse | null {
    const m = req.method;
    const meta = () => ({ request_id: requestId() });
    let mm: RegExpMatchArray | null;
    if (r === "stream_access_points" && m === "GET") {
      // Both fit on one page: links is null, as a last page's is.
      return jsonResponse(200, {
        data: [
          EMULATOR_STREAM_ACCESS_POINTS.initiator,
          EMULATOR_STREAM_ACCESS_POINTS.listener,
        ].map((id) => this.#sap(id)),
        links: null,
        meta: meta(),
      });
    }
    if ((mm = r.match(/^stream_access_points\/([^/]+)$/)) && m === "GET") {
      return jsonResponse(200, { data: this.#sap(mm[1] ?? ""), meta: meta() });
    }
    if (r === "tunnels" && m === "GET") {
      const mine = [...this.#tunnels.values()].filter((t) =>
        t.owner === who.id
      );
      return jsonResponse(200, {
        data: mine.map((t) => this.#tunnelDoc(t)),
        links: null,
        meta: meta(),
      });
    }
    if (r === "tunnels" && m === "POST") {
      const body = jsonBody(req);
      const data = isObject(body) ? body.data : undefined;
      if (!isObject(data) || data.type !== "Tunnel") {
        throw bad("The body must be { data: { type: 'Tunnel', … } }");
      }
      const rel = isObject(data.relationships) ? data.relationships : {};
      const ref = (name: string) => {
        const d = isObject(rel[name])
          ? (rel[name] as { data?: unknown }).data
          : undefined;
        const id = isObject(d) ? d.id : undefined;
        if (typeof id !== "string") {
          throw bad(`relationships.${name}.data.id is required`);
        }
        this.#sap(id);
        return id;
      };
      const initiator = ref("initiator");
      const listener = ref("listener");
      const attrs = isObject(data.attributes) ? data.attributes : {};
      const sub = attrs.submission_id;
      if (typeof sub !== "string" || sub === "") {
        throw bad("attributes.submission_id is required");
      }
      const dup = [...this.#tunnels.values()].find((t) =>
        t.attributes.submission_id === sub && t.owner === who.id
      );
      if (dup) {
        return jsonResponse(200, { data: this.#tunnelDoc(dup), meta: meta() });
      }
      const lifetime = attrs.lifetime_mins ?? 360;
      if (
        typeof lifetime !== "number" || !Number.isInteger(lifetime) ||
        lifetime < 1
      ) {
        throw bad("attributes.lifetime_mins must be a positive integer");
      }
      const t: TunnelRecord = {
        id: randomUUID(),
        owner: who.id,
        initiator,
        listener,
        attributes: {
          created_time: new Date(this.now).toISOString().replace("Z", ""),
          initiator_ip_address: null,
          initiator_port: null,
          label: typeof attrs.label === "string" ? attrs.label : null,
          lifetime_mins: lifetime,
          listener_ip_address: null,
          listener_port: null,
          restartable: attrs.restartable === true,
          state: "AWAITING_LISTENER",
          status: "The tunnel is waiting for listening contact detail setup.",
          submission_id: sub,
        },
        events: [],
      };
      this.#tunnelEvent(
        t,
        "STARTED",
        "started",
        "Attempting tunnel establishment",
      );
      this.#tunnels.set(t.id, t);
      return jsonResponse(200, { data: this.#tunnelDoc(t), meta: meta() });
    }
    if ((mm = r.match(/^tunnels\/([^/]+)(\/events)?$/))) {
      const t = this.#tunnel(mm[1] ?? "", who);
      if (mm[2] && m === "GET") {
        return jsonResponse(200, {
          data: t.events.map((e) => ({ type: "TunnelEvent", ...e })),
          links: null,
          meta: meta(),
        });
      }
      if (mm[2]) return null;
      if (m === "GET") {
        return jsonResponse(200, { data: this.#tunnelDoc(t), meta: meta() });
      }
      if (m === "PATCH") return this.#patchTunnel(t, req, meta());
      if (m === "DELETE") {
        if (t.attributes.state !== "STOPPED") {
          throw new TransferError(
            409,
            "Conflict",
            `Tunnel ${t.id} is ${t.attributes.state}: stop it first (PATCH its state to STOPPING)`,
          );
        }
        this.#tunnels.delete(t.id);
        return jsonResponse(200, { data: null, meta: meta() });
      }
    }
    return null;
  }

  #patchTunnel(
    t: TunnelRecord,
    req: EmulatorRequest,
    meta: Record<string, unknown>,
  ): EmulatorResponse {
    const body = jsonBody(req);
    const data = isObject(body) ? body.data : undefined;
    if (!isObject(data) || !isObject(data.attributes)) {
      throw bad("The body must be { data: { type: 'Tunnel', attributes } }");
    }
    const a = data.attributes;
    if (a.label !== undefined) {
      if (typeof a.label !== "string") throw bad("label must be a string");
      t.attributes.label = a.label;
    }
    if (a.listener_ip_address !== undefined || a.listener_port !== undefined) {
      // The listener's contact details: the tunnel can be established.
      t.attributes.listener_ip_address = a.listener_ip_address ?? null;
      t.attributes.listener_port = a.listener_port ?? null;
      if (t.attributes.state === "AWAITING_LISTENER") {
        t.attributes.state = "ACTIVE";
        t.attributes.status = "The tunnel is active.";
        this.#tunnelEvent(
          t,
          "TUNNEL_ACTIVE",
          "tunnel is active",
          "Tunnel has been established",
        );
      }
    }
    if (a.state !== undefined) {
      if (a.state !== "STOPPING") {
        throw bad("state can only be set to STOPPING (to stop the tunnel)");
      }
      if (t.attributes.state !== "STOPPED") {
        // The emulator stops at once: STOPPING, then STOPPED.
        t.attributes.state = "STOPPED";
        t.attributes.status = "Tunnel stopped as requested.";
        this.#tunnelEvent(
          t,
          "TUNNEL_STOPPED",
          "tunnel has been stopped",
          "Tunnel stopped as requested.",
        );
      }
    }
    return jsonResponse(200, { data: this.#tunnelDoc(t), meta });
  }
}
