/**
 * The emulator's identity providers and developer-API projects.
 *
 * @module
 */
import { randomUUID } from "node:crypto";
import { GLOBUS_ID_PROVIDER } from "./auth_store.ts";
import type { EmulatorRequest, EmulatorResponse } from "./http.ts";
import {
  AuthDeveloperCore,
  bad,
  CLIENTS_PROVIDER,
  type ProjectRec,
  str,
  strings,
} from "./auth_developer_core.ts";

/** Identity providers and projects. Part of {@linkcode AuthDeveloperAPI}. */
export class AuthDeveloperProjects extends AuthDeveloperCore {
  protected identityProviders(q: URLSearchParams): EmulatorResponse {
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
    return this.ok({ identity_providers: list });
  }

  protected projectDoc(p: ProjectRec): Record<string, unknown> {
    return {
      admin_ids: [...p.admin_ids],
      contact_email: p.contact_email,
      display_name: p.display_name,
      admin_group_ids: p.admin_group_ids.length ? [...p.admin_group_ids] : null,
      id: p.id,
      project_name: p.display_name,
      admins: {
        identities: p.admin_ids.flatMap((id) => {
          const i = this.store.identities.get(id);
          // Known: admin ids are checked when they are set.
          return i
            ? [{
              identity_provider: i.identity_provider,
              identity_type: "login",
              organization: i.organization,
              status: i.status,
              id: i.id,
              name: i.name,
              username: i.username,
              email: i.email,
            }]
            : [];
        }),
        groups: p.admin_group_ids.map((id) => ({ id })),
      },
    };
  }

  /**
   * Admin ids must be identities: Globus Auth expands each into its
   * identity record in `admins.identities`. The emulator knows its own
   * users only.
   */
  #checkAdmins(ids: readonly string[]): void {
    const unknown = ids.filter((id) => !this.store.identities.has(id));
    if (unknown.length > 0) {
      throw bad(
        `admin_ids holds ${
          unknown.map((id) => `'${id}'`).join(", ")
        }, not a known identity id: give an identity's id (ac.getIdentities({ usernames }) finds it; the emulator knows its users: startEmulator({ users }) adds more)`,
      );
    }
  }

  protected createProject(
    req: EmulatorRequest,
    _who: string,
  ): EmulatorResponse {
    const b = this.body(req, "project");
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
    this.#checkAdmins(rec.admin_ids);
    this.projects.set(rec.id, rec);
    return this.ok({ project: this.projectDoc(rec) });
  }

  protected updateProject(
    req: EmulatorRequest,
    id: string,
    who: string,
  ): EmulatorResponse {
    const p = this.project(id, who);
    const b = this.body(req, "project");
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
    this.#checkAdmins(next.admin_ids);
    this.projects.set(id, next);
    return this.ok({ project: this.projectDoc(next) });
  }
}
