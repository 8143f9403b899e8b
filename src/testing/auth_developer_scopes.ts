/**
 * The emulator's developer-API scopes and policies.
 *
 * @module
 */
import { randomUUID } from "node:crypto";
import type { EmulatorRequest, EmulatorResponse } from "./http.ts";
import {
  ApiError,
  bad,
  type DevClientRec,
  notFound,
  nullableStrings,
  type PolicyRec,
  type ScopeRec,
  str,
  strings,
  uuidFromText,
} from "./auth_developer_core.ts";
import { AuthDeveloperClients } from "./auth_developer_clients.ts";

/** Scopes and policies. Part of {@linkcode AuthDeveloperAPI}. */
export class AuthDeveloperScopes extends AuthDeveloperClients {
  /**
   * A policy by id (read by the session checks in session_policies.ts).
   *
   * @param id The policy id.
   * @returns The policy, or `undefined` when there is none.
   */
  policy(id: string): Readonly<PolicyRec> | undefined {
    return this.policies.get(id);
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
    if (!this.projects.has(projectId)) {
      this.projects.set(projectId, {
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
      this.policyFields(fields, p);
    } catch (e) {
      if (e instanceof ApiError) {
        throw new TypeError(`Cannot create the policy: ${e.message}`);
      }
      throw e;
    }
    this.policies.set(p.id, p);
    return p;
  }

  protected scopeFields(
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
      const clash = [...this.scopes.values()].some((o) =>
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
        if (!this.scopes.has(id)) {
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

  protected createScope(
    req: EmulatorRequest,
    c: DevClientRec,
  ): EmulatorResponse {
    if (c.public_client) {
      throw bad(`Client '${c.id}' is a public client and cannot have scopes`);
    }
    const b = this.body(req, "scope");
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
    this.scopeFields(b, s, c.id);
    this.scopes.set(s.id, s);
    return this.ok({ scope: s });
  }

  /** A scope the caller may see (or, with `manage`, change). */
  protected scopeFor(id: string, who: string, manage: boolean): ScopeRec {
    const s = this.scopes.get(id);
    if (!s) throw notFound("Scope", id);
    if (this.clients.has(s.client)) this.client(s.client, who);
    else if (manage) {
      throw new ApiError(
        403,
        "FORBIDDEN",
        `Scope '${id}' is not yours to change`,
      );
    }
    return s;
  }

  protected listScopes(req: EmulatorRequest, who: string): EmulatorResponse {
    const q = req.url.searchParams;
    const split = (k: string) =>
      (q.get(k) ?? "").split(",").map((x) => x.trim()).filter(Boolean);
    const strs = split("scope_strings");
    const ids = split("ids");
    if (strs.length && ids.length) {
      throw bad("Use either scope_strings or ids, not both");
    }
    const visible = (s: ScopeRec) => {
      const c = this.clients.get(s.client);
      if (!c) return s.advertised;
      if (s.advertised || c.visibility === "public") return true;
      try {
        this.client(c.id, who);
        return true;
      } catch {
        return false;
      }
    };
    let list = [...this.scopes.values()];
    if (strs.length) list = list.filter((s) => strs.includes(s.scope_string));
    else if (ids.length) list = list.filter((s) => ids.includes(s.id));
    else list = list.filter((s) => this.clients.has(s.client));
    return this.ok({ scopes: list.filter(visible) });
  }

  protected updateScope(
    req: EmulatorRequest,
    id: string,
    who: string,
  ): EmulatorResponse {
    const s = this.scopeFor(id, who, true);
    const next = { ...s };
    this.scopeFields(this.body(req, "scope"), next, s.client);
    this.scopes.set(id, next);
    return this.ok({ scope: next });
  }

  protected policyFields(b: Record<string, unknown>, p: PolicyRec): void {
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

  protected createPolicy(req: EmulatorRequest, who: string): EmulatorResponse {
    const b = this.body(req, "policy");
    const projectId = str(b, "project_id", true) as string;
    this.project(projectId, who);
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
    this.policyFields(b, p);
    this.policies.set(p.id, p);
    return this.ok({ policy: p });
  }

  protected updatePolicy(
    req: EmulatorRequest,
    pol: PolicyRec,
    who: string,
  ): EmulatorResponse {
    const b = this.body(req, "policy");
    const next = { ...pol };
    const projectId = str(b, "project_id", false);
    if (projectId !== undefined) {
      this.project(projectId, who);
      next.project_id = projectId;
    }
    this.policyFields(b, next);
    this.policies.set(pol.id, next);
    return this.ok({ policy: next });
  }
}
