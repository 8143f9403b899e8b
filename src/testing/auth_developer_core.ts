/**
 * The base of the emulator's developer API ({@linkcode AuthDeveloperAPI}):
 * its records (projects, clients, credentials, scopes, policies), errors
 * and argument checks, the state, and the caller and ownership checks.
 *
 * @module
 */
import { createHash, randomUUID } from "node:crypto";
import type { AuthStore } from "./auth_store.ts";
import {
  basicCredentials,
  bearerToken,
  type EmulatorRequest,
  type EmulatorResponse,
  jsonResponse,
} from "./http.ts";
import { AUTH_RS, BUILTIN_SCOPES } from "./scopes.ts";

/** The scope the developer API needs. */
export const MANAGE_PROJECTS_SCOPE =
  "urn:globus:auth:scope:auth.globus.org:manage_projects";

/** The identity provider of client identities. */
export const CLIENTS_PROVIDER = "0f7bd2ad-9e4b-4bd7-b7ac-bb5fa8fcfb8c";

export const CLIENT_TYPES = [
  "client_identity",
  "confidential_client",
  "globus_connect_server",
  "public_installed_client",
  "hybrid_confidential_client_resource_server",
  "resource_server",
  "public_webapp_client",
];

export const PUBLIC_TYPES = ["public_installed_client", "public_webapp_client"];

export interface ProjectRec {
  id: string;
  display_name: string;
  contact_email: string;
  admin_ids: string[];
  admin_group_ids: string[];
}

export interface CredentialRec {
  id: string;
  name: string;
  client: string;
  created: string;
  secret: string;
}

export interface DevClientRec {
  id: string;
  name: string;
  project: string | null;
  client_type: string;
  public_client: boolean;
  visibility: string;
  redirect_uris: string[];
  links: { terms_and_conditions: string | null; privacy_policy: string | null };
  required_idp: string | null;
  preselect_idp: string | null;
  parent_client: string | null;
  fqdns: string[];
  extra: Record<string, unknown>;
}

/** A scope known to the emulator (built in, or made with the developer API). */
export interface ScopeRec {
  /** The scope id. */
  id: string;
  /** The scope string. */
  scope_string: string;
  /** Name. */
  name: string;
  /** Description. */
  description: string;
  /** The owning client (its resource server). */
  client: string;
  /** Advertised. */
  advertised: boolean;
  /** Refresh tokens allowed. */
  allows_refresh_token: boolean;
  /** Required domains. */
  required_domains: string[];
  /** Dependent scopes. */
  dependent_scopes: {
    scope: string;
    optional: boolean;
    requires_refresh_token: boolean;
  }[];
}

export interface PolicyRec {
  id: string;
  project_id: string;
  display_name: string;
  description: string;
  high_assurance: boolean;
  required_mfa: boolean;
  authentication_assurance_timeout: number | null;
  domain_constraints_include: string[] | null;
  domain_constraints_exclude: string[] | null;
}

/** An Auth API error in Globus Auth's JSON:API shape. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
  ) {
    super(detail);
  }
  response(): EmulatorResponse {
    const title = {
      400: "Bad Request",
      401: "Unauthorized",
      403: "Forbidden",
      404: "Not Found",
      409: "Conflict",
    }[this.status] ?? "Error";
    return jsonResponse(
      this.status,
      {
        errors: [{
          status: String(this.status),
          id: randomUUID(),
          code: this.code,
          title,
          detail: this.detail,
        }],
        error: this.code.toLowerCase(),
        error_description: title,
      },
      this.status === 401
        ? { "www-authenticate": 'Bearer realm="auth.globus.org"' }
        : {},
    );
  }
}

export const bad = (detail: string) =>
  new ApiError(400, "INVALID_PARAMETERS", detail);
export const notFound = (what: string, id: string) =>
  new ApiError(404, "NOT_FOUND", `${what} '${id}' was not found`);

export function uuidFromText(text: string): string {
  const h = createHash("sha256").update(text).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${
    h.slice(17, 20)
  }-${h.slice(20, 32)}`;
}

export function strings(v: unknown, name: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) {
    throw bad(`'${name}' must be a list of strings`);
  }
  return [...v] as string[];
}

export function nullableStrings(v: unknown, name: string): string[] | null {
  return v === null || v === undefined ? null : strings(v, name);
}

export function str(
  o: Record<string, unknown>,
  key: string,
  required: boolean,
): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) {
    if (required) throw bad(`'${key}' is required`);
    return undefined;
  }
  if (typeof v !== "string") throw bad(`'${key}' must be a string`);
  return v;
}

/** The developer API's state and checks. Part of {@linkcode AuthDeveloperAPI}. */
export class AuthDeveloperCore {
  protected readonly projects = new Map<string, ProjectRec>();
  protected readonly clients = new Map<string, DevClientRec>();
  protected readonly credentials = new Map<string, CredentialRec>();
  protected readonly scopes = new Map<string, ScopeRec>();
  protected readonly policies = new Map<string, PolicyRec>();

  /**
   * Creates an instance.
   *
   * @param store The Auth state (clients, tokens, identities).
   */
  constructor(readonly store: AuthStore) {
    for (const s of BUILTIN_SCOPES) {
      const rs = s.startsWith("urn:")
        ? s.split(":")[4] ?? AUTH_RS
        : ["openid", "profile", "email"].includes(s)
        ? AUTH_RS
        : s.split("/")[4] ?? AUTH_RS;
      this.scopes.set(uuidFromText(`scope:${s}`), {
        id: uuidFromText(`scope:${s}`),
        scope_string: s,
        name: s,
        description: `Built-in scope ${s}`,
        client: rs,
        advertised: true,
        allows_refresh_token: true,
        required_domains: [],
        dependent_scopes: [],
      });
    }
  }

  /**
   * Whether a scope string was registered through the developer API.
   *
   * @param scope The scope string.
   * @returns `true` when it is a registered scope.
   */
  hasScope(scope: string): boolean {
    for (const s of this.scopes.values()) {
      if (s.scope_string === scope) return true;
    }
    return false;
  }

  /**
   * The scope strings a token for `scope` may get dependent tokens for.
   *
   * @param scope A scope string.
   * @returns The dependent scope strings, or `null` when the scope was not
   *   made with the developer API.
   */
  dependentScopeStrings(scope: string): string[] | null {
    const rec = [...this.scopes.values()].find((s) =>
      s.scope_string === scope && this.clients.has(s.client)
    );
    if (!rec) return null;
    return rec.dependent_scopes.map((d) => this.scopes.get(d.scope))
      .filter((s): s is ScopeRec => s !== undefined).map((s) => s.scope_string);
  }

  protected body(req: EmulatorRequest, key: string): Record<string, unknown> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder().decode(req.body) || "null");
    } catch {
      throw bad("The body is not valid JSON");
    }
    const inner = (parsed as Record<string, unknown> | null)?.[key];
    if (!inner || typeof inner !== "object" || Array.isArray(inner)) {
      throw bad(`The body must be {"${key}": {…}}`);
    }
    return inner as Record<string, unknown>;
  }

  /** The identity calling: a manage_projects token's user, or a client by HTTP Basic. */
  protected caller(req: EmulatorRequest, needManage: boolean): string {
    const basic = basicCredentials(req);
    if (basic) {
      const c = this.store.authenticate(basic.id, basic.secret);
      if (!c) {
        throw new ApiError(401, "UNAUTHORIZED", "Invalid client credentials");
      }
      return c.id;
    }
    const t = bearerToken(req);
    const tok = t === null ? undefined : this.store.active(t, "access");
    if (!tok || tok.resourceServer !== AUTH_RS) {
      throw new ApiError(401, "UNAUTHORIZED", "Call must be authenticated");
    }
    if (needManage && !tok.scopes.includes(MANAGE_PROJECTS_SCOPE)) {
      throw new ApiError(
        403,
        "FORBIDDEN",
        `This call needs a token with the ${MANAGE_PROJECTS_SCOPE} scope`,
      );
    }
    return tok.identityId;
  }

  protected isAdmin(project: ProjectRec | undefined, who: string): boolean {
    return project !== undefined && project.admin_ids.includes(who);
  }

  /** A project the caller administers (404 when unknown, 403 when not an admin). */
  protected project(id: string, who: string): ProjectRec {
    const p = this.projects.get(id);
    if (!p) throw notFound("Project", id);
    if (!this.isAdmin(p, who)) {
      throw new ApiError(
        403,
        "FORBIDDEN",
        `You are not an admin of project '${id}'`,
      );
    }
    return p;
  }

  /** A client the caller manages: an admin of its project, or its parent or itself. */
  protected client(id: string, who: string): DevClientRec {
    const c = this.clients.get(id);
    if (!c) throw notFound("Client", id);
    const allowed = (c.project !== null &&
      this.isAdmin(this.projects.get(c.project), who)) ||
      c.parent_client === who || c.id === who;
    if (!allowed) {
      throw new ApiError(403, "FORBIDDEN", `You may not manage client '${id}'`);
    }
    return c;
  }

  protected ok(body: unknown): EmulatorResponse {
    return jsonResponse(200, body);
  }
}
