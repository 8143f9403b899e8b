/**
 * The Auth emulator's developer API and identity providers, with Globus
 * Auth's rules: a project needs admins; only a project's admins see and
 * change it and its clients, scopes and policies; a client credential's
 * secret is shown once; deleting a client revokes its tokens and its
 * scopes; a scope belongs to a client (`https://auth.globus.org/scopes/
 * {client}/{suffix}`).
 *
 * It is put together from one file per area: auth_developer_core.ts
 * (records, state, checks), auth_developer_projects.ts (and identity
 * providers), auth_developer_clients.ts (and credentials),
 * auth_developer_scopes.ts (and policies); this file routes the requests.
 *
 * @module
 */
import type { EmulatorRequest, EmulatorResponse } from "./http.ts";
import { ApiError, notFound, str } from "./auth_developer_core.ts";
import { AuthDeveloperScopes } from "./auth_developer_scopes.ts";

export {
  CLIENTS_PROVIDER,
  MANAGE_PROJECTS_SCOPE,
  type ScopeRec,
} from "./auth_developer_core.ts";

/** The emulated developer API (state and routes). */
export class AuthDeveloperAPI extends AuthDeveloperScopes {
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
      return this.route(req, m[1] as string, m[2], m[3], m[4]);
    } catch (e) {
      if (e instanceof ApiError) return e.response();
      throw e;
    }
  }

  protected route(
    req: EmulatorRequest,
    kind: string,
    id: string | undefined,
    sub: string | undefined,
    subId: string | undefined,
  ): EmulatorResponse {
    const m = req.method;
    if (kind === "identity_providers" && !id && m === "GET") {
      this.caller(req, false);
      return this.identityProviders(req.url.searchParams);
    }
    if (kind === "clients" && !id && m === "POST") {
      return this.createClient(req);
    }
    const who = this.caller(req, true);
    if (kind === "projects" && !sub) {
      if (!id && m === "GET") {
        return this.ok({
          projects: [...this.projects.values()].filter((p) =>
            this.isAdmin(p, who)
          ).map((p) => this.projectDoc(p)),
        });
      }
      if (!id && m === "POST") return this.createProject(req, who);
      if (id && m === "GET") {
        return this.ok({ project: this.projectDoc(this.project(id, who)) });
      }
      if (id && m === "PUT") return this.updateProject(req, id, who);
      if (id && m === "DELETE") {
        const p = this.project(id, who);
        const inUse = [...this.clients.values()].some((c) => c.project === id);
        if (inUse) {
          throw new ApiError(
            409,
            "CONFLICT",
            `Project '${id}' still has clients: delete them first`,
          );
        }
        for (const [pid, pol] of this.policies) {
          if (pol.project_id === id) this.policies.delete(pid);
        }
        this.projects.delete(id);
        return this.ok({ project: this.projectDoc(p) });
      }
    }
    if (kind === "clients" && !sub) {
      if (!id && m === "GET") {
        const fqdn = req.url.searchParams.get("fqdn");
        if (fqdn !== null) {
          const c = [...this.clients.values()].find((x) =>
            x.fqdns.includes(fqdn)
          );
          if (!c) throw notFound("Client with fqdn", fqdn);
          return this.ok({ client: this.clientDoc(this.client(c.id, who)) });
        }
        return this.ok({
          clients: [...this.clients.values()].filter((c) =>
            c.project !== null &&
            this.isAdmin(this.projects.get(c.project), who)
          ).map((c) => this.clientDoc(c)),
        });
      }
      if (id && m === "GET") {
        const own = this.ownRegisteredClient(id, who);
        return this.ok({ client: this.clientDoc(own ?? this.client(id, who)) });
      }
      if (id && m === "PUT") return this.updateClient(req, id, who);
      if (id && m === "DELETE") return this.deleteClient(id, who);
    }
    if (kind === "clients" && id && sub === "credentials") {
      const c = this.client(id, who);
      if (!subId && m === "GET") {
        return this.ok({
          credentials: [...this.credentials.values()].filter((x) =>
            x.client === c.id
          ).map((x) => this.credentialDoc(x, false)),
        });
      }
      if (!subId && m === "POST") {
        const body = this.body(req, "credential");
        const name = str(body, "name", true) as string;
        this.checkMayHaveCredentials(c);
        const cred = this.newCredential(c.id, name);
        return this.ok({ credential: this.credentialDoc(cred, true) });
      }
      if (subId && m === "DELETE") {
        const cred = this.credentials.get(subId);
        if (!cred || cred.client !== c.id) throw notFound("Credential", subId);
        this.credentials.delete(subId);
        this.syncSecrets(c.id);
        return this.ok({ credential: this.credentialDoc(cred, false) });
      }
    }
    if (
      kind === "clients" && id && sub === "scopes" && !subId && m === "POST"
    ) {
      return this.createScope(req, this.client(id, who));
    }
    if (kind === "scopes" && !sub) {
      if (!id && m === "GET") return this.listScopes(req, who);
      if (id && m === "GET") {
        return this.ok({ scope: this.scopeFor(id, who, false) });
      }
      if (id && m === "PUT") return this.updateScope(req, id, who);
      if (id && m === "DELETE") {
        const s = this.scopeFor(id, who, true);
        this.scopes.delete(id);
        for (const other of this.scopes.values()) {
          other.dependent_scopes = other.dependent_scopes.filter((d) =>
            d.scope !== id
          );
        }
        return this.ok({ scope: s });
      }
    }
    if (kind === "policies" && !sub) {
      if (!id && m === "GET") {
        return this.ok({
          policies: [...this.policies.values()].filter((p) =>
            this.isAdmin(this.projects.get(p.project_id), who)
          ),
        });
      }
      if (!id && m === "POST") return this.createPolicy(req, who);
      if (id) {
        const pol = this.policies.get(id);
        if (!pol) throw notFound("Policy", id);
        this.project(pol.project_id, who);
        if (m === "GET") return this.ok({ policy: pol });
        if (m === "PUT") return this.updatePolicy(req, pol, who);
        if (m === "DELETE") {
          this.policies.delete(id);
          return this.ok({ policy: pol });
        }
      }
    }
    throw new ApiError(
      405,
      "METHOD_NOT_ALLOWED",
      `${m} is not allowed on /${req.path}`,
    );
  }
}
