/**
 * The emulator's developer-API clients and client credentials.
 *
 * @module
 */
import { randomUUID } from "node:crypto";
import type { ClientRecord } from "./auth_store.ts";
import {
  basicCredentials,
  type EmulatorRequest,
  type EmulatorResponse,
  randomToken,
} from "./http.ts";
import {
  bad,
  CLIENT_TYPES,
  type CredentialRec,
  type DevClientRec,
  PUBLIC_TYPES,
  str,
  strings,
} from "./auth_developer_core.ts";
import { AuthDeveloperProjects } from "./auth_developer_projects.ts";

/** Clients and credentials. Part of {@linkcode AuthDeveloperAPI}. */
export class AuthDeveloperClients extends AuthDeveloperProjects {
  protected clientDoc(c: DevClientRec): Record<string, unknown> {
    // As Globus Auth lists them (the Python SDK's test data).
    const grants = c.public_client ? ["authorization_code", "refresh_token"] : [
      "authorization_code",
      "client_credentials",
      "refresh_token",
      "urn:globus:auth:grant_type:dependent_token",
    ];
    return {
      required_idp: c.required_idp,
      name: c.name,
      redirect_uris: [...c.redirect_uris],
      links: { ...c.links },
      scopes: [...this.scopes.values()].filter((s) => s.client === c.id).map(
        (s) => s.id,
      ),
      grant_types: grants,
      id: c.id,
      prompt_for_named_grant: true,
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

  /**
   * The record of a client registered with the emulator itself (its
   * built-in confidential client, `registerClient()`, the `clients` option)
   * rather than made with the developer API, for that client authenticated
   * as itself: Globus Auth lets a client read its own record. Others still
   * get a 404 for it.
   *
   * @param id The client id asked for.
   * @param who The caller.
   * @returns The record, or `undefined` when this is not that case.
   */
  protected ownRegisteredClient(
    id: string,
    who: string,
  ): DevClientRec | undefined {
    if (id !== who || this.clients.has(id)) return undefined;
    const rec = this.store.clients.get(id);
    if (!rec || rec.secret === null) return undefined;
    return {
      id: rec.id,
      name: rec.name,
      project: null,
      client_type: "confidential_client",
      public_client: false,
      visibility: "private",
      redirect_uris: [...rec.redirectUris],
      links: { terms_and_conditions: null, privacy_policy: null },
      required_idp: null,
      preselect_idp: null,
      parent_client: null,
      fqdns: [],
      extra: {},
    };
  }

  /**
   * Refuses a credential for a public client, as Globus Auth does: a
   * public (native) client has no secret.
   *
   * @param c The client.
   * @throws {ApiError} 400 for a public client.
   */
  protected checkMayHaveCredentials(c: DevClientRec): void {
    if (!c.public_client) return;
    throw bad(
      `Client '${c.id}' is a public client (${c.client_type}), which cannot have credentials: a secret needs a confidential client (create one with client_type "confidential_client", or public_client: false)`,
    );
  }

  protected createClient(req: EmulatorRequest): EmulatorResponse {
    const b = this.body(req, "client");
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
      const who = this.caller(req, true);
      if (basic) {
        // A child client of the authenticated client, in its project.
        parent = who;
        project = this.clients.get(who)?.project ?? null;
      } else {
        project = str(b, "project", true) as string;
        this.project(project, who);
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
    this.clients.set(rec.id, rec);
    this.store.registerClient({
      clientId: rec.id,
      ...(rec.public_client ? {} : { clientSecret: randomToken(32) }),
      name: rec.name,
      redirectUris: rec.redirect_uris,
    });
    this.syncSecrets(rec.id);
    const body: Record<string, unknown> = { client: this.clientDoc(rec) };
    if (templateId !== undefined) {
      const cred = this.newCredential(
        rec.id,
        "Auto-created at client creation",
      );
      body["included"] = { client_credential: this.credentialDoc(cred, true) };
    }
    return this.ok(body);
  }

  protected updateClient(
    req: EmulatorRequest,
    id: string,
    who: string,
  ): EmulatorResponse {
    const c = this.client(id, who);
    const b = this.body(req, "client");
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
    return this.ok({ client: this.clientDoc(c) });
  }

  protected deleteClient(id: string, who: string): EmulatorResponse {
    const c = this.client(id, who);
    const doc = this.clientDoc(c);
    this.clients.delete(id);
    for (const [k, cred] of this.credentials) {
      if (cred.client === id) this.credentials.delete(k);
    }
    for (const [k, s] of this.scopes) {
      if (s.client === id) this.scopes.delete(k);
    }
    this.store.deleteClient(id);
    return this.ok({ client: doc });
  }

  protected newCredential(clientId: string, name: string): CredentialRec {
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
    this.credentials.set(rec.id, rec);
    this.syncSecrets(clientId);
    return rec;
  }

  /** The client's usable secrets are exactly its credentials' secrets. */
  protected syncSecrets(clientId: string): void {
    const rec: ClientRecord | undefined = this.store.clients.get(clientId);
    if (!rec || rec.secret === null) return;
    rec.credentials = [...this.credentials.values()].filter((c) =>
      c.client === clientId
    ).map((c) => c.secret);
  }

  protected credentialDoc(
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
}
