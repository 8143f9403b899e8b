/**
 * The Auth emulator's resource routes for the calling user: OpenID
 * userinfo, identity lookups and the user's consents. Each needs an Auth
 * access token (`openid` for userinfo); an unknown or missing token gets
 * Auth's 401 with a `WWW-Authenticate` challenge.
 *
 * @module
 */
import { canonicalId } from "./_canonical_ids.ts";
import { AUTH_RS } from "./scopes.ts";
import type { AuthStore, TokenRecord } from "./auth_store.ts";
import {
  bearerToken,
  type EmulatorRequest,
  type EmulatorResponse,
  jsonResponse,
} from "./http.ts";

/** Userinfo, identities and consents (state in the {@linkcode AuthStore}). */
export class AuthIdentityAPI {
  /**
   * Creates an instance.
   *
   * @param store The Auth state.
   */
  constructor(readonly store: AuthStore) {}

  /**
   * Handles a userinfo, identities or consents request.
   *
   * @param req The request.
   * @param p The path without trailing slashes.
   * @returns The response, or `null` when the route is not one of these.
   */
  handle(req: EmulatorRequest, p: string): EmulatorResponse | null {
    const m = req.method;
    if (p === "v2/oauth2/userinfo" && (m === "GET" || m === "POST")) {
      return this.#userinfo(req);
    }
    if (p === "v2/api/identities" && m === "GET") {
      return this.#identities(req);
    }
    const consents = p.match(/^v2\/api\/identities\/([^/]+)\/consents$/);
    if (consents?.[1] && m === "GET") return this.#consents(req, consents[1]);
    return null;
  }

  #unauthorized(detail: string): EmulatorResponse {
    return jsonResponse(401, {
      errors: [{
        status: "401",
        id: this.store.uuid(),
        code: "UNAUTHORIZED",
        detail,
        title: "Unauthorized",
      }],
      error_description: "Unauthorized",
      error: "unauthorized",
    }, { "www-authenticate": 'Bearer realm="auth.globus.org"' });
  }

  #authToken(req: EmulatorRequest): TokenRecord | undefined {
    const t = bearerToken(req);
    const rec = t === null ? undefined : this.store.active(t, "access");
    return rec?.resourceServer === AUTH_RS ? rec : undefined;
  }

  #userinfo(req: EmulatorRequest): EmulatorResponse {
    const tok = this.#authToken(req);
    if (!tok) return this.#unauthorized("Call must be authenticated");
    // A valid token without openid: Globus Auth's 403, whose detail is the
    // same as its 401's.
    if (!tok.scopes.includes("openid")) {
      return jsonResponse(403, {
        errors: [{
          status: "403",
          id: this.store.uuid(),
          code: "FORBIDDEN",
          detail: "Call must be authenticated",
          title: "Unauthorized",
        }],
        error_description: "Unauthorized",
        error: "unauthorized",
      });
    }
    const who = this.store.identities.get(tok.identityId);
    if (!who) return this.#unauthorized("Unknown identity");
    const body: Record<string, unknown> = {
      sub: who.id,
      preferred_username: who.username,
      identity_provider: who.identity_provider,
      identity_provider_display_name: who.identity_provider_display_name,
      last_authentication: tok.issuedAt,
    };
    if (tok.scopes.includes("profile")) {
      body.name = who.name;
      body.organization = who.organization;
    }
    if (tok.scopes.includes("email")) body.email = who.email;
    if (
      tok.scopes.includes(
        "urn:globus:auth:scope:auth.globus.org:view_identity_set",
      )
    ) {
      body.identity_set = [{
        sub: who.id,
        username: who.username,
        name: who.name,
        email: who.email,
        identity_provider: who.identity_provider,
        identity_provider_display_name: who.identity_provider_display_name,
        organization: who.organization,
        last_authentication: tok.issuedAt,
      }];
    }
    return jsonResponse(200, body);
  }

  #identities(req: EmulatorRequest): EmulatorResponse {
    if (!this.#authToken(req)) {
      return this.#unauthorized("Call must be authenticated");
    }
    const q = req.url.searchParams;
    const split = (name: string) =>
      q.getAll(name).flatMap((v) => v.split(",")).map((s) => s.trim()).filter(
        Boolean,
      );
    const usernames = split("usernames");
    const ids = split("ids");
    if (usernames.length && ids.length) {
      return jsonResponse(400, {
        errors: [{
          status: "400",
          code: "INVALID_PARAMETERS",
          title: "Invalid parameters",
          detail: "Use either usernames or ids, not both",
        }],
        error: "invalid_request",
        error_description: "Invalid parameters",
      });
    }
    // Unknown usernames are left out, unless provision=true makes them
    // (status "unused"), as Globus Auth does.
    const provision = /^(?:true|1)$/i.test(q.get("provision") ?? "");
    const found =
      (usernames.length
        ? usernames.map((u) =>
          provision
            ? this.store.identityByUsername(u)
            : this.store.findIdentityByUsername(u)
        )
        // Identity ids are UUIDs, read in any case (answered lowercase).
        : ids.map((i) => this.store.identities.get(canonicalId(i)))).filter((
          x,
        ) => x !== undefined);
    return jsonResponse(200, {
      identities: found.map((i) => ({
        email: i.email,
        id: i.id,
        identity_provider: i.identity_provider,
        name: i.name,
        organization: i.organization,
        status: i.status,
        username: i.username,
      })),
    });
  }

  #consents(req: EmulatorRequest, identityId: string): EmulatorResponse {
    const tok = this.#authToken(req);
    if (!tok) return this.#unauthorized("Call must be authenticated");
    if (tok.identityId !== identityId) {
      return jsonResponse(403, {
        errors: [{
          status: "403",
          code: "FORBIDDEN",
          title: "Forbidden",
          detail: "You may only view your own consents",
        }],
        error: "forbidden",
        error_description: "Forbidden",
      });
    }
    // As Auth: only the consents rooted at the calling client, unless
    // `all=true` (which needs the view_consents scope).
    const all = req.url.searchParams.get("all")?.toLowerCase() === "true";
    if (
      all &&
      !tok.scopes.includes(
        "urn:globus:auth:scope:auth.globus.org:view_consents",
      )
    ) {
      return jsonResponse(403, {
        errors: [{
          status: "403",
          code: "FORBIDDEN",
          title: "Forbidden",
          detail:
            "Listing the consents of all clients (all=true) needs the scope urn:globus:auth:scope:auth.globus.org:view_consents",
        }],
        error: "forbidden",
        error_description: "Forbidden",
      });
    }
    const stored = this.store.consents.get(identityId) ?? [];
    const rootClient = new Map(
      stored.filter((c) => c.dependency_path.length === 1).map((c) => [
        c.id,
        c.client,
      ]),
    );
    const list = all
      ? stored
      : stored.filter((c) =>
        rootClient.get(c.dependency_path[0] ?? -1) === tok.clientId
      );
    return jsonResponse(200, {
      consents: list.map((c) => ({
        created: c.created,
        id: c.id,
        status: "approved",
        updated: c.created,
        allows_refresh: true,
        dependency_path: c.dependency_path,
        scope_name: c.scope_name,
        atomically_revocable: c.dependency_path.length > 1,
        effective_identity: c.effective_identity,
        auto_approved: false,
        last_used: c.created,
        scope: c.scope,
        client: c.client,
      })),
    });
  }
}
