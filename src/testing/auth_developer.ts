/**
 * The Auth emulator's developer API and identity providers, with Globus
 * Auth's rules: a project needs admins; only a project's admins see and
 * change it and its clients, scopes and policies; a client credential's
 * secret is shown once; deleting a client revokes its tokens and its
 * scopes; a scope belongs to a client (`https://auth.globus.org/scopes/
 * {client}/{suffix}`).
 *
 * @module
 */
import { createHash, randomUUID } from "node:crypto";
import {
  type AuthStore,
  type ClientRecord,
  GLOBUS_ID_PROVIDER,
} from "./auth_store.ts";
import {
  basicCredentials,
  bearerToken,
  type EmulatorRequest,
  type EmulatorResponse,
  jsonResponse,
  randomToken,
} from "./http.ts";
import { AUTH_RS, BUILTIN_SCOPES } from "./scopes.ts";

/** The scope the developer API needs. */
export const MANAGE_PROJECTS_SCOPE =
  "urn:globus:auth:scope:auth.globus.org:manage_projects";

/** The identity provider of client identities. */
export const CLIENTS_PROVIDER = "0f7bd2ad-9e4b-4bd7-b7ac-bb5fa8fcfb8c";

const CLIENT_TYPES = [
  "client_identity",
  "confidential_client",
  "globus_connect_server",
  "public_installed_client",
  "hybrid_confidential_client_resource_server",
  "resource_server",
  "public_webapp_client",
];

const PUBLIC_TYPES = ["public_installed_client", "public_webapp_client"];

interface ProjectRec {
  id: string;
  display_name: string;
  contact_email: string;
  admin_ids: string[];
  admin_group_ids: string[];
}

interface CredentialRec {
  id: string;
  name: string;
  client: string;
  created: string;
  secret: string;
}

interface DevClientRec {
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

interface PolicyRec {
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
class ApiError extends Error {
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

const bad = (detail: string) => new ApiError(400, "INVALID_PARAMETERS", detail);
const notFound = (what: string, id: string) =>
  new ApiError(404, "NOT_FOUND", `${what} '${id}' was not found`);

function uuidFromText(text: string): string {
  const h = createHash("sha256").update(text).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${
    h.slice(17, 20)
  }-${h.slice(20, 32)}`;
}

function strings(v: unknown, name: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) {
    throw bad(`'${name}' must be a list of strings`);
  }
  return [...v] as string[];
}

function nullableStrings(v: unknown, name: string): string[] | null {
  return v === null || v === undefined ? null : strings(v, name);
}

function str(
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

/** The emulated developer API (state and routes). */
export class AuthDeveloperAPI {
  readonly #projects = new Map<string, ProjectRec>();
  readonly #clients = new Map<string, DevClientRec>();
  readonly #credentials = new Map<string, CredentialRec>();
  readonly #scopes = new Map<string, ScopeRec>();
  readonly #policies = new Map<string, PolicyRec>();

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
      this.#scopes.set(uuidFromText(`scope:${s}`), {
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
    for (const s of this.#scopes.values()) {
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
    const rec = [...this.#scopes.values()].find((s) =>
      s.scope_string === scope && this.#clients.has(s.client)
    );
    if (!rec) return null;
    return rec.dependent_scopes.map((d) => this.#scopes.get(d.scope))
      .filter((s): s is ScopeRec => s !== undefined).map((s) => s.scope_string);
  }

  /**
   * A policy by id (read by the session checks in session_policies.ts).
   *
   * @param id The policy id.
   * @returns The policy, or `undefined` when there is none.
   */
  policy(id: string): Readonly<PolicyRec> | undefined {
    return this.#policies.get(id);
  }

  /**
   * Creates a policy without the HTTP API (the emulator's
   * `setCollectionPolicy`), in a project "Globus Emulator Policies" that
   * `adminId` administers, with the checks of `POST /v2/api/policies`.
   *
   * @param fields The policy's fields (the API's names).
   * @param adminId The project's administrator.
   * @returns The policy.
   * @throws {TypeError} When a field is invalid.
   */
  addPolicy(
    fields: Record<string, unknown>,
    adminId: string,
  ): Readonly<PolicyRec> {
    const projectId = uuidFromText(`emulator-policies:${adminId}`);
    if (!this.#projects.has(projectId)) {
      this.#projects.set(projectId, {
        id: projectId,
        display_name: "Globus Emulator Policies",
        contact_email: "support@globus-emulator.org",
        admin_ids: [adminId],
        admin_group_ids: [],
      });
    }
    const p: PolicyRec = {
      id: randomUUID(),
      project_id: projectId,
      display_name: "Emulator policy",
      description: "",
      high_assurance: false,
      required_mfa: false,
      authentication_assurance_timeout: null,
      domain_constraints_include: null,
      domain_constraints_exclude: null,
    };
    try {
      this.#policyFields(fields, p);
    } catch (e) {
      if (e instanceof ApiError) {
        throw new TypeError(`Cannot create the policy: ${e.message}`);
      }
      throw e;
    }
    this.#policies.set(p.id, p);
    return p;
  }

  /**
   * Handles a developer-API or identity-provider request.
   *
   * @param req The request.
   * @param p The path without trailing slashes.
   * @returns The response, or `null` when the route is not one of these.
   */
  handle(req: EmulatorRequest, p: string): EmulatorResponse | null {
    const routes =
      /^v2\/api\/(identity_providers|projects|clients|scopes|policies)(?:\/([^/]+))?(?:\/(credentials|scopes))?(?:\/([^/]+))?$/;
    const m = p.match(routes);
    if (!m) return null;
    try {
      return this.#route(req, m[1] as string, m[2], m[3], m[4]);
    } catch (e) {
      if (e instanceof ApiError) return e.response();
      throw e;
    }
  }

  #body(req: EmulatorRequest, key: string): Record<string, unknown> {
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
  #caller(req: EmulatorRequest, needManage: boolean): string {
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

  #isAdmin(project: ProjectRec | undefined, who: string): boolean {
    return project !== undefined && project.admin_ids.includes(who);
  }

  /** A project the caller administers (404 when unknown, 403 when not an admin). */
  #project(id: string, who: string): ProjectRec {
    const p = this.#projects.get(id);
    if (!p) throw notFound("Project", id);
    if (!this.#isAdmin(p, who)) {
      throw new ApiError(
        403,
        "FORBIDDEN",
        `You are not an admin of project '${id}'`,
      );
    }
    return p;
  }

  /** A client the caller manages: an admin of its project, or its parent or itself. */
  #client(id: string, who: string): DevClientRec {
    const c = this.#clients.get(id);
    if (!c) throw notFound("Client", id);
    const allowed = (c.project !== null &&
      this.#isAdmin(this.#projects.get(c.project), who)) ||
      c.parent_client === who || c.id === who;
    if (!allowed) {
      throw new ApiError(403, "FORBIDDEN", `You may not manage client '${id}'`);
    }
    return c;
  }

  #route(
    req: EmulatorRequest,
    kind: string,
    id: string | undefined,
    sub: string | undefined,
    subId: string | undefined,
  ): EmulatorResponse {
    const m = req.method;
    if (kind === "identity_providers" && !id && m === "GET") {
      this.#caller(req, false);
      return this.#identityProviders(req.url.searchParams);
    }
    if (kind === "clients" && !id && m === "POST") {
      return this.#createClient(req);
    }
    const who = this.#caller(req, true);
    if (kind === "projects" && !sub) {
      if (!id && m === "GET") {
        return this.#ok({
          projects: [...this.#projects.values()].filter((p) =>
            this.#isAdmin(p, who)
          ).map((p) => this.#projectDoc(p)),
        });
      }
      if (!id && m === "POST") return this.#createProject(req, who);
      if (id && m === "GET") {
        return this.#ok({ project: this.#projectDoc(this.#project(id, who)) });
      }
      if (id && m === "PUT") return this.#updateProject(req, id, who);
      if (id && m === "DELETE") {
        const p = this.#project(id, who);
        const inUse = [...this.#clients.values()].some((c) => c.project === id);
        if (inUse) {
          throw new ApiError(
            409,
            "CONFLICT",
            `Project '${id}' still has clients: delete them first`,
          );
        }
        for (const [pid, pol] of this.#policies) {
          if (pol.project_id === id) this.#policies.delete(pid);
        }
        this.#projects.delete(id);
        return this.#ok({ project: this.#projectDoc(p) });
      }
    }
    if (kind === "clients" && !sub) {
      if (!id && m === "GET") {
        const fqdn = req.url.searchParams.get("fqdn");
        if (fqdn !== null) {
          const c = [...this.#clients.values()].find((x) =>
            x.fqdns.includes(fqdn)
          );
          if (!c) throw notFound("Client with fqdn", fqdn);
          return this.#ok({ client: this.#clientDoc(this.#client(c.id, who)) });
        }
        return this.#ok({
          clients: [...this.#clients.values()].filter((c) =>
            c.project !== null &&
            this.#isAdmin(this.#projects.get(c.project), who)
          ).map((c) => this.#clientDoc(c)),
        });
      }
      if (id && m === "GET") {
        return this.#ok({ client: this.#clientDoc(this.#client(id, who)) });
      }
      if (id && m === "PUT") return this.#updateClient(req, id, who);
      if (id && m === "DELETE") return this.#deleteClient(id, who);
    }
    if (kind === "clients" && id && sub === "credentials") {
      const c = this.#client(id, who);
      if (!subId && m === "GET") {
        return this.#ok({
          credentials: [...this.#credentials.values()].filter((x) =>
            x.client === c.id
          ).map((x) => this.#credentialDoc(x, false)),
        });
      }
      if (!subId && m === "POST") {
        const body = this.#body(req, "credential");
        const name = str(body, "name", true) as string;
        const cred = this.#newCredential(c.id, name);
        return this.#ok({ credential: this.#credentialDoc(cred, true) });
      }
      if (subId && m === "DELETE") {
        const cred = this.#credentials.get(subId);
        if (!cred || cred.client !== c.id) throw notFound("Credential", subId);
        this.#credentials.delete(subId);
        this.#syncSecrets(c.id);
        return this.#ok({ credential: this.#credentialDoc(cred, false) });
      }
    }
    if (
      kind === "clients" && id && sub === "scopes" && !subId && m === "POST"
    ) {
      return this.#createScope(req, this.#client(id, who));
    }
    if (kind === "scopes" && !sub) {
      if (!id && m === "GET") return this.#listScopes(req, who);
      if (id && m === "GET") {
        return this.#ok({ scope: this.#scopeFor(id, who, false) });
      }
      if (id && m === "PUT") return this.#updateScope(req, id, who);
      if (id && m === "DELETE") {
        const s = this.#scopeFor(id, who, true);
        this.#scopes.delete(id);
        for (const other of this.#scopes.values()) {
          other.dependent_scopes = other.dependent_scopes.filter((d) =>
            d.scope !== id
          );
        }
        return this.#ok({ scope: s });
      }
    }
    if (kind === "policies" && !sub) {
      if (!id && m === "GET") {
        return this.#ok({
          policies: [...this.#policies.values()].filter((p) =>
            this.#isAdmin(this.#projects.get(p.project_id), who)
          ),
        });
      }
      if (!id && m === "POST") return this.#createPolicy(req, who);
      if (id) {
        const pol = this.#policies.get(id);
        if (!pol) throw notFound("Policy", id);
        this.#project(pol.project_id, who);
        if (m === "GET") return this.#ok({ policy: pol });
        if (m === "PUT") return this.#updatePolicy(req, pol, who);
        if (m === "DELETE") {
          this.#policies.delete(id);
          return this.#ok({ policy: pol });
        }
      }
    }
    throw new ApiError(
      405,
      "METHOD_NOT_ALLOWED",
      `${m} is not allowed on /${req.path}`,
    );
  }

  #ok(body: unknown): EmulatorResponse {
    return jsonResponse(200, body);
  }

  #identityProviders(q: URLSearchParams): EmulatorResponse {
    const split = (k: string) =>
      (q.get(k) ?? "").split(",").map((s) => s.trim()).filter(Boolean);
    const domains = split("domains").map((d) => d.toLowerCase());
    const ids = split("ids");
    if (domains.length && ids.length) {
      throw bad("Use either domains or ids, not both");
    }
    const all = new Map<string, Record<string, unknown>>();
    const add = (id: string, name: string, short: string, domain: string) => {
      const cur = all.get(id);
      if (cur) {
        const ds = cur["domains"] as string[];
        if (!ds.includes(domain)) ds.push(domain);
      } else {
        all.set(id, {
          alternative_names: [],
          domains: [domain],
          id,
          name,
          short_name: short,
        });
      }
    };
    add(GLOBUS_ID_PROVIDER, "Globus ID", "globusid", "globusid.org");
    add(
      CLIENTS_PROVIDER,
      "Globus Auth Clients",
      "clients",
      "clients.auth.globus.org",
    );
    for (const i of this.store.identities.values()) {
      const domain = i.username.split("@")[1];
      if (domain) {
        add(
          i.identity_provider,
          i.identity_provider_display_name,
          domain,
          domain,
        );
      }
    }
    const list = [...all.values()].filter((p) =>
      domains.length
        ? (p["domains"] as string[]).some((d) => domains.includes(d))
        : ids.length
        ? ids.includes(p["id"] as string)
        : true
    );
    return this.#ok({ identity_providers: list });
  }

  #projectDoc(p: ProjectRec): Record<string, unknown> {
    return {
      admin_ids: [...p.admin_ids],
      contact_email: p.contact_email,
      display_name: p.display_name,
      admin_group_ids: p.admin_group_ids.length ? [...p.admin_group_ids] : null,
      id: p.id,
      project_name: p.display_name,
      admins: {
        identities: p.admin_ids.map((id) => {
          const i = this.store.identities.get(id);
          return i
            ? {
              identity_provider: i.identity_provider,
              identity_type: "login",
              organization: i.organization,
              status: i.status,
              id: i.id,
              name: i.name,
              username: i.username,
              email: i.email,
            }
            : { id };
        }),
        groups: p.admin_group_ids.map((id) => ({ id })),
      },
    };
  }

  #createProject(req: EmulatorRequest, _who: string): EmulatorResponse {
    const b = this.#body(req, "project");
    const rec: ProjectRec = {
      id: randomUUID(),
      display_name: str(b, "display_name", true) as string,
      contact_email: str(b, "contact_email", true) as string,
      admin_ids: strings(b["admin_ids"], "admin_ids"),
      admin_group_ids: strings(b["admin_group_ids"], "admin_group_ids"),
    };
    if (!rec.admin_ids.length && !rec.admin_group_ids.length) {
      throw bad(
        "A project needs at least one admin: give admin_ids or admin_group_ids",
      );
    }
    this.#projects.set(rec.id, rec);
    return this.#ok({ project: this.#projectDoc(rec) });
  }

  #updateProject(
    req: EmulatorRequest,
    id: string,
    who: string,
  ): EmulatorResponse {
    const p = this.#project(id, who);
    const b = this.#body(req, "project");
    const next = { ...p };
    const dn = str(b, "display_name", false);
    const ce = str(b, "contact_email", false);
    if (dn !== undefined) next.display_name = dn;
    if (ce !== undefined) next.contact_email = ce;
    if (b["admin_ids"] !== undefined) {
      next.admin_ids = strings(b["admin_ids"], "admin_ids");
    }
    if (b["admin_group_ids"] !== undefined) {
      next.admin_group_ids = strings(b["admin_group_ids"], "admin_group_ids");
    }
    if (!next.admin_ids.length && !next.admin_group_ids.length) {
      throw bad("A project needs at least one admin");
    }
    this.#projects.set(id, next);
    return this.#ok({ project: this.#projectDoc(next) });
  }

  #clientDoc(c: DevClientRec): Record<string, unknown> {
    const grants = c.public_client
      ? ["authorization_code", "refresh_token"]
      : ["authorization_code", "client_credentials", "refresh_token"];
    return {
      required_idp: c.required_idp,
      name: c.name,
      redirect_uris: [...c.redirect_uris],
      links: { ...c.links },
      scopes: [...this.#scopes.values()].filter((s) => s.client === c.id).map(
        (s) => s.id,
      ),
      grant_types: grants,
      id: c.id,
      prompt_for_named_grant: false,
      fqdns: [...c.fqdns],
      project: c.project,
      client_type: c.client_type,
      visibility: c.visibility,
      parent_client: c.parent_client,
      userinfo_from_effective_identity: true,
      preselect_idp: c.preselect_idp,
      public_client: c.public_client,
      ...c.extra,
    };
  }

  #createClient(req: EmulatorRequest): EmulatorResponse {
    const b = this.#body(req, "client");
    const name = str(b, "name", true) as string;
    if (/[\r\n]/.test(name)) throw bad("'name' may not contain line breaks");
    const templateId = str(b, "template_id", false);
    let project: string | null = null;
    let parent: string | null = null;
    let clientType: string;
    if (templateId !== undefined) {
      // A native app instance: anyone may ask, for a registered native app.
      const template = this.store.client(templateId);
      if (!template || template.secret !== null) {
        throw bad(`template_id '${templateId}' is not a native app`);
      }
      parent = template.id;
      clientType = "confidential_client";
    } else {
      const basic = basicCredentials(req);
      const who = this.#caller(req, true);
      if (basic) {
        // A child client of the authenticated client, in its project.
        parent = who;
        project = this.#clients.get(who)?.project ?? null;
      } else {
        project = str(b, "project", true) as string;
        this.#project(project, who);
      }
      const pub = b["public_client"];
      const ct = b["client_type"];
      if ((pub === undefined) === (ct === undefined)) {
        throw bad("Give exactly one of public_client and client_type");
      }
      if (ct !== undefined) {
        if (typeof ct !== "string" || !CLIENT_TYPES.includes(ct)) {
          throw bad(
            `Unknown client_type ${JSON.stringify(ct)}: one of ${
              CLIENT_TYPES.join(", ")
            }`,
          );
        }
        clientType = ct;
      } else {
        if (typeof pub !== "boolean") {
          throw bad("'public_client' must be a boolean");
        }
        clientType = pub ? "public_installed_client" : "confidential_client";
      }
    }
    const links = (b["links"] ?? {}) as Record<string, unknown>;
    const known = new Set([
      "name",
      "project",
      "template_id",
      "public_client",
      "client_type",
      "visibility",
      "redirect_uris",
      "links",
      "required_idp",
      "preselect_idp",
      "fqdns",
    ]);
    const rec: DevClientRec = {
      id: randomUUID(),
      name,
      project,
      client_type: clientType,
      public_client: PUBLIC_TYPES.includes(clientType),
      visibility: str(b, "visibility", false) ?? "private",
      redirect_uris: strings(b["redirect_uris"], "redirect_uris"),
      links: {
        terms_and_conditions: (links["terms_and_conditions"] as string) ?? null,
        privacy_policy: (links["privacy_policy"] as string) ?? null,
      },
      required_idp: str(b, "required_idp", false) ?? null,
      preselect_idp: str(b, "preselect_idp", false) ?? null,
      parent_client: parent,
      fqdns: strings(b["fqdns"], "fqdns"),
      extra: Object.fromEntries(
        Object.entries(b).filter(([k]) => !known.has(k)),
      ),
    };
    if (!["public", "private"].includes(rec.visibility)) {
      throw bad("'visibility' must be public or private");
    }
    this.#clients.set(rec.id, rec);
    this.store.registerClient({
      clientId: rec.id,
      ...(rec.public_client ? {} : { clientSecret: randomToken(32) }),
      name: rec.name,
      redirectUris: rec.redirect_uris,
    });
    this.#syncSecrets(rec.id);
    const body: Record<string, unknown> = { client: this.#clientDoc(rec) };
    if (templateId !== undefined) {
      const cred = this.#newCredential(
        rec.id,
        "Auto-created at client creation",
      );
      body["included"] = { client_credential: this.#credentialDoc(cred, true) };
    }
    return this.#ok(body);
  }

  #updateClient(
    req: EmulatorRequest,
    id: string,
    who: string,
  ): EmulatorResponse {
    const c = this.#client(id, who);
    const b = this.#body(req, "client");
    const name = str(b, "name", false);
    if (name !== undefined) {
      if (/[\r\n]/.test(name)) throw bad("'name' may not contain line breaks");
      c.name = name;
    }
    const vis = str(b, "visibility", false);
    if (vis !== undefined) {
      if (!["public", "private"].includes(vis)) {
        throw bad("'visibility' must be public or private");
      }
      c.visibility = vis;
    }
    if (b["redirect_uris"] !== undefined) {
      c.redirect_uris = strings(b["redirect_uris"], "redirect_uris");
    }
    if ("required_idp" in b) {
      c.required_idp = (b["required_idp"] as string) ?? null;
    }
    if ("preselect_idp" in b) {
      c.preselect_idp = (b["preselect_idp"] as string) ?? null;
    }
    if (b["links"] !== undefined) {
      const l = (b["links"] ?? {}) as Record<string, unknown>;
      c.links = {
        terms_and_conditions: (l["terms_and_conditions"] as string) ?? null,
        privacy_policy: (l["privacy_policy"] as string) ?? null,
      };
    }
    for (const k of ["public_client", "client_type", "project"]) {
      if (k in b) throw bad(`'${k}' cannot be changed after creation`);
    }
    const rec = this.store.clients.get(id);
    if (rec) {
      rec.name = c.name;
      rec.redirectUris = [...c.redirect_uris];
    }
    return this.#ok({ client: this.#clientDoc(c) });
  }

  #deleteClient(id: string, who: string): EmulatorResponse {
    const c = this.#client(id, who);
    const doc = this.#clientDoc(c);
    this.#clients.delete(id);
    for (const [k, cred] of this.#credentials) {
      if (cred.client === id) this.#credentials.delete(k);
    }
    for (const [k, s] of this.#scopes) {
      if (s.client === id) this.#scopes.delete(k);
    }
    this.store.deleteClient(id);
    return this.#ok({ client: doc });
  }

  #newCredential(clientId: string, name: string): CredentialRec {
    const rec: CredentialRec = {
      id: randomUUID(),
      name,
      client: clientId,
      created: new Date(this.store.clock.now()).toISOString().replace(
        "Z",
        "+00:00",
      ),
      secret: randomToken(32),
    };
    this.#credentials.set(rec.id, rec);
    this.#syncSecrets(clientId);
    return rec;
  }

  /** The client's usable secrets are exactly its credentials' secrets. */
  #syncSecrets(clientId: string): void {
    const rec: ClientRecord | undefined = this.store.clients.get(clientId);
    if (!rec || rec.secret === null) return;
    rec.credentials = [...this.#credentials.values()].filter((c) =>
      c.client === clientId
    ).map((c) => c.secret);
  }

  #credentialDoc(
    c: CredentialRec,
    withSecret: boolean,
  ): Record<string, unknown> {
    return {
      name: c.name,
      id: c.id,
      created: c.created,
      client: c.client,
      secret: withSecret ? c.secret : null,
    };
  }

  #scopeFields(
    b: Record<string, unknown>,
    s: ScopeRec,
    clientId: string,
  ): void {
    const name = str(b, "name", false);
    const description = str(b, "description", false);
    const suffix = str(b, "scope_suffix", false);
    if (name !== undefined) s.name = name;
    if (description !== undefined) s.description = description;
    if (suffix !== undefined) {
      if (!/^[a-z0-9_]+$/.test(suffix)) {
        throw bad(
          `scope_suffix ${
            JSON.stringify(suffix)
          } may only hold lowercase letters, digits and '_'`,
        );
      }
      const scopeString =
        `https://auth.globus.org/scopes/${clientId}/${suffix}`;
      const clash = [...this.#scopes.values()].some((o) =>
        o.id !== s.id && o.scope_string === scopeString
      );
      if (clash) {
        throw new ApiError(
          409,
          "CONFLICT",
          `Scope ${scopeString} already exists`,
        );
      }
      s.scope_string = scopeString;
    }
    if (b["advertised"] !== undefined) s.advertised = b["advertised"] === true;
    if (b["allows_refresh_token"] !== undefined) {
      s.allows_refresh_token = b["allows_refresh_token"] === true;
    }
    if (b["required_domains"] !== undefined) {
      s.required_domains = strings(b["required_domains"], "required_domains");
    }
    if (b["dependent_scopes"] !== undefined) {
      const list = b["dependent_scopes"];
      if (!Array.isArray(list)) throw bad("'dependent_scopes' must be a list");
      s.dependent_scopes = list.map((d: Record<string, unknown>) => {
        const id = typeof d?.["scope"] === "string" ? d["scope"] as string : "";
        if (!this.#scopes.has(id)) {
          throw bad(`Dependent scope '${id}' is not a known scope id`);
        }
        if (id === s.id) throw bad("A scope cannot depend on itself");
        return {
          scope: id,
          optional: d["optional"] === true,
          requires_refresh_token: d["requires_refresh_token"] === true,
        };
      });
    }
  }

  #createScope(req: EmulatorRequest, c: DevClientRec): EmulatorResponse {
    if (c.public_client) {
      throw bad(`Client '${c.id}' is a public client and cannot have scopes`);
    }
    const b = this.#body(req, "scope");
    for (const k of ["name", "description", "scope_suffix"]) str(b, k, true);
    const s: ScopeRec = {
      id: randomUUID(),
      scope_string: "",
      name: "",
      description: "",
      client: c.id,
      advertised: false,
      allows_refresh_token: true,
      required_domains: [],
      dependent_scopes: [],
    };
    this.#scopeFields(b, s, c.id);
    this.#scopes.set(s.id, s);
    return this.#ok({ scope: s });
  }

  /** A scope the caller may see (or, with `manage`, change). */
  #scopeFor(id: string, who: string, manage: boolean): ScopeRec {
    const s = this.#scopes.get(id);
    if (!s) throw notFound("Scope", id);
    if (this.#clients.has(s.client)) this.#client(s.client, who);
    else if (manage) {
      throw new ApiError(
        403,
        "FORBIDDEN",
        `Scope '${id}' is not yours to change`,
      );
    }
    return s;
  }

  #listScopes(req: EmulatorRequest, who: string): EmulatorResponse {
    const q = req.url.searchParams;
    const split = (k: string) =>
      (q.get(k) ?? "").split(",").map((x) => x.trim()).filter(Boolean);
    const strs = split("scope_strings");
    const ids = split("ids");
    if (strs.length && ids.length) {
      throw bad("Use either scope_strings or ids, not both");
    }
    const visible = (s: ScopeRec) => {
      const c = this.#clients.get(s.client);
      if (!c) return s.advertised;
      if (s.advertised || c.visibility === "public") return true;
      try {
        this.#client(c.id, who);
        return true;
      } catch {
        return false;
      }
    };
    let list = [...this.#scopes.values()];
    if (strs.length) list = list.filter((s) => strs.includes(s.scope_string));
    else if (ids.length) list = list.filter((s) => ids.includes(s.id));
    else list = list.filter((s) => this.#clients.has(s.client));
    return this.#ok({ scopes: list.filter(visible) });
  }

  #updateScope(
    req: EmulatorRequest,
    id: string,
    who: string,
  ): EmulatorResponse {
    const s = this.#scopeFor(id, who, true);
    const next = { ...s };
    this.#scopeFields(this.#body(req, "scope"), next, s.client);
    this.#scopes.set(id, next);
    return this.#ok({ scope: next });
  }

  #policyFields(b: Record<string, unknown>, p: PolicyRec): void {
    const dn = str(b, "display_name", false);
    const d = str(b, "description", false);
    if (dn !== undefined) p.display_name = dn;
    if (d !== undefined) p.description = d;
    if (b["high_assurance"] !== undefined) {
      p.high_assurance = b["high_assurance"] === true;
    }
    if (b["required_mfa"] !== undefined) {
      p.required_mfa = b["required_mfa"] === true;
    }
    const t = b["authentication_assurance_timeout"];
    if (t !== undefined) {
      if (
        t !== null && (typeof t !== "number" || !Number.isInteger(t) || t < 0)
      ) {
        throw bad(
          "'authentication_assurance_timeout' must be a whole number of seconds",
        );
      }
      p.authentication_assurance_timeout = t as number | null;
    }
    if ("domain_constraints_include" in b) {
      p.domain_constraints_include = nullableStrings(
        b["domain_constraints_include"],
        "domain_constraints_include",
      );
    }
    if ("domain_constraints_exclude" in b) {
      p.domain_constraints_exclude = nullableStrings(
        b["domain_constraints_exclude"],
        "domain_constraints_exclude",
      );
    }
    if (p.high_assurance && p.authentication_assurance_timeout === null) {
      throw bad(
        "A high-assurance policy needs authentication_assurance_timeout",
      );
    }
  }

  #createPolicy(req: EmulatorRequest, who: string): EmulatorResponse {
    const b = this.#body(req, "policy");
    const projectId = str(b, "project_id", true) as string;
    this.#project(projectId, who);
    str(b, "display_name", true);
    str(b, "description", true);
    const p: PolicyRec = {
      id: randomUUID(),
      project_id: projectId,
      display_name: "",
      description: "",
      high_assurance: false,
      required_mfa: false,
      authentication_assurance_timeout: null,
      domain_constraints_include: null,
      domain_constraints_exclude: null,
    };
    this.#policyFields(b, p);
    this.#policies.set(p.id, p);
    return this.#ok({ policy: p });
  }

  #updatePolicy(
    req: EmulatorRequest,
    pol: PolicyRec,
    who: string,
  ): EmulatorResponse {
    const b = this.#body(req, "policy");
    const next = { ...pol };
    const projectId = str(b, "project_id", false);
    if (projectId !== undefined) {
      this.#project(projectId, who);
      next.project_id = projectId;
    }
    this.#policyFields(b, next);
    this.#policies.set(pol.id, next);
    return this.#ok({ policy: next });
  }
}
