/**
 * The Auth emulator's state: identities, registered clients, pending
 * authorizations, authorization codes, access and refresh tokens, consents.
 *
 * @module
 */
import { canonicalId } from "./_canonical_ids.ts";
import { createHash, randomUUID } from "node:crypto";
import type { EmulatorClock } from "./clock.ts";
import { randomToken } from "./http.ts";
import type { ParsedScope, ScopeGroup } from "./scopes.ts";
import type { LoginSession } from "./session_policies.ts";

/** A Globus identity, with the wire field names of Auth's identities API. */
export interface EmulatorIdentity {
  /** The identity id (UUID). */
  id: string;
  /** The username, e.g. `demo@globus-emulator.org`. */
  username: string;
  /** Display name. */
  name: string | null;
  /** Email address. */
  email: string | null;
  /** Organization. */
  organization: string | null;
  /** Identity provider id. */
  identity_provider: string;
  /** Identity provider display name. */
  identity_provider_display_name: string;
  /** `"used"` for identities that have logged in, else `"unused"`. */
  status: string;
}

/** The Globus ID identity provider's id (as on the real service). */
export const GLOBUS_ID_PROVIDER = "41143743-f3c8-4d60-bbdb-eeecaba85bd9";

/** The demo user every login signs in as. */
export const DEMO_USER: Readonly<EmulatorIdentity> = Object.freeze({
  id: "3b2c6f4e-8a1d-4c5e-9f70-5d2e1a0b9c84",
  username: "demo@globus-emulator.org",
  name: "Demo User",
  email: "demo@globus-emulator.org",
  organization: "Globus Emulator",
  identity_provider: GLOBUS_ID_PROVIDER,
  identity_provider_display_name: "Globus ID",
  status: "used",
});

/**
 * A second user to log in as (`approve(url, { as: "alice" })`, the consent
 * page's identity choice, or `session_required_identities`), for sharing.
 */
export const ALICE_USER: Readonly<EmulatorIdentity> = Object.freeze({
  id: "7d4e2b1a-5c3f-4e8d-9a6b-0f1e2d3c4b5a",
  username: "alice@globus-emulator.org",
  name: "Alice Example",
  email: "alice@globus-emulator.org",
  organization: "Globus Emulator",
  identity_provider: GLOBUS_ID_PROVIDER,
  identity_provider_display_name: "Globus ID",
  status: "used",
});

/** A user to add to the emulator (see `EmulatorOptions.users`). */
export interface EmulatorUserSpec {
  /** The username, e.g. `bob@globus-emulator.org` (a bare `bob` gets `@globus-emulator.org`). */
  username: string;
  /** The display name. */
  name?: string | undefined;
  /** The identity id (default: derived from the username). */
  id?: string | undefined;
  /** The email address (default: the username). */
  email?: string | undefined;
}

/** The tutorial native client of the Python SDK tutorial. */
export const TUTORIAL_CLIENT_ID = "61338d24-54d5-408f-a10d-66c06b59f6d2";

/** The default confidential client's id (its secret is random per emulator). */
export const DEFAULT_CONFIDENTIAL_CLIENT_ID =
  "9d1f4a7b-2c3e-4f50-8a61-7b8c9d0e1f23";

/** A client to register with the emulator. */
export interface ClientRegistration {
  /** The client id (a UUID is conventional; any string is accepted). */
  clientId: string;
  /** The secret; present for confidential clients, absent for native apps. */
  clientSecret?: string;
  /** The display name on the consent page. */
  name?: string;
  /** Extra redirect URIs allowed besides loopback and the code page. */
  redirectUris?: string[];
}

/** A registered client. */
export interface ClientRecord {
  /** The client id. */
  id: string;
  /** The secret, or `null` for native apps. */
  secret: string | null;
  /** The display name. */
  name: string;
  /** Extra allowed redirect URIs. */
  redirectUris: string[];
  /**
   * For clients made with the developer API: the secrets of its current
   * credentials (the only secrets accepted; `secret` is then internal).
   */
  credentials?: string[];
}

/** A validated authorization request (from `GET v2/oauth2/authorize`). */
export interface AuthorizeRequest {
  /** The client id. */
  clientId: string;
  /** The redirect URI. */
  redirectUri: string;
  /** The scope string as requested. */
  scope: string;
  /** Parsed scopes. */
  scopes: ParsedScope[];
  /** Scopes grouped by resource server. */
  groups: ScopeGroup[];
  /** The `state` parameter (default `_default`). */
  state: string;
  /** The PKCE challenge, or `null`. */
  codeChallenge: string | null;
  /** `"offline"` asks for refresh tokens. */
  accessType: "online" | "offline";
  /** The OpenID nonce, or `null`. */
  nonce: string | null;
  /** `session_required_*`, `session_message` and `prompt`, as sent. */
  session: Record<string, string>;
}

/** A record of one approved authorization (for tests to inspect). */
export interface AuthorizationRecord {
  /** The client id. */
  clientId: string;
  /** The requested scope string. */
  scope: string;
  /** The state. */
  state: string;
  /** The redirect URI. */
  redirectUri: string;
  /** The access type. */
  accessType: "online" | "offline";
  /** Session parameters and `prompt`, as sent. */
  session: Record<string, string>;
  /** When it was approved (ms since the epoch). */
  approvedAt: number;
}

/** An authorization code. */
export interface CodeRecord {
  /** The code. */
  code: string;
  /** The request it answers. */
  request: AuthorizeRequest;
  /** The user who approved. */
  identityId: string;
  /** When it was issued (ms). */
  issuedAt: number;
  /** `true` once exchanged. */
  used: boolean;
}

/** An access or refresh token. */
export interface TokenRecord {
  /** The token string. */
  token: string;
  /** `"access"` or `"refresh"`. */
  kind: "access" | "refresh";
  /** Its resource server. */
  resourceServer: string;
  /** Its scopes (without dependencies). */
  scopes: string[];
  /** Collections with a data_access consent carried by this token. */
  consents: string[];
  /** The client it was issued to. */
  clientId: string;
  /** The identity it acts for. */
  identityId: string;
  /** Issue time (seconds). */
  issuedAt: number;
  /** Expiry (seconds); `Infinity` for refresh tokens. */
  expiresAt: number;
  /** `true` once revoked. */
  revoked: boolean;
  /** For access tokens: the refresh token of the same grant, if any. */
  refreshToken: string | null;
  /** For refresh tokens: `true` once replaced by a rotation (no longer usable). */
  rotated?: boolean;
  /**
   * The login behind the token (identity, login time, policies; see
   * session_policies.ts), inherited by refreshes and rotations.
   */
  session?: LoginSession | undefined;
}

/** One consent entry (Auth's `consents` API shape). */
export interface ConsentRecord {
  /** Consent id. */
  id: number;
  /** Scope string. */
  scope_name: string;
  /** The scope's id. */
  scope: string;
  /** The client. */
  client: string;
  /** Path of consent ids from the root. */
  dependency_path: number[];
  /** The identity. */
  effective_identity: string;
  /** Creation time. */
  created: string;
}

/** How long authorization codes live. */
export const CODE_LIFETIME_S = 600;

function uuidFromText(text: string): string {
  const h = createHash("sha256").update(text).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${
    h.slice(17, 20)
  }-${h.slice(20, 32)}`;
}

/** The Auth emulator's in-memory state. */
export class AuthStore {
  /** Registered clients by id. */
  readonly clients: Map<string, ClientRecord> = new Map();
  /** Known identities by id. */
  readonly identities: Map<string, EmulatorIdentity> = new Map();
  /** Pending consent-page requests by request id. */
  readonly pending: Map<string, { request: AuthorizeRequest; at: number }> =
    new Map();
  /** Authorization codes. */
  readonly codes: Map<string, CodeRecord> = new Map();
  /** Access and refresh tokens. */
  readonly tokens: Map<string, TokenRecord> = new Map();
  /** Approved authorizations, oldest first. */
  readonly authorizations: AuthorizationRecord[] = [];
  /** Consents by identity id. */
  readonly consents: Map<string, ConsentRecord[]> = new Map();
  /** Ids of deleted clients (never registered again on first use). */
  readonly deletedClients: Set<string> = new Set();
  /** The users one can log in as (ids), the demo user first. */
  readonly userIds: string[] = [];
  #nextConsentId = 100000;

  /**
   * Puts back an identity's consents from a state file; consents made
   * later get ids after every id restored (ids are unique across users).
   *
   * @param identityId The identity.
   * @param list Its consents.
   */
  restoreConsents(identityId: string, list: ConsentRecord[]): void {
    this.consents.set(identityId, list);
    for (const c of list) {
      if (typeof c.id === "number" && c.id >= this.#nextConsentId) {
        this.#nextConsentId = c.id + 1;
      }
    }
  }

  /**
   * Creates an instance.
   *
   * @param clock The time source.
   * @param tokenLifetimeS Access token lifetime in seconds.
   */
  constructor(readonly clock: EmulatorClock, readonly tokenLifetimeS: number) {
    this.identities.set(DEMO_USER.id, { ...DEMO_USER });
    this.identities.set(ALICE_USER.id, { ...ALICE_USER });
    this.userIds.push(DEMO_USER.id, ALICE_USER.id);
  }

  /**
   * Adds a user one can log in as.
   *
   * @param spec The user.
   * @returns The identity.
   * @throws {TypeError} For an empty username, or an id or username in use.
   */
  addUser(spec: EmulatorUserSpec): EmulatorIdentity {
    const raw = typeof spec?.username === "string" ? spec.username.trim() : "";
    if (raw === "") {
      throw new TypeError(
        "Cannot add an emulator user as 'username' must be a non-empty string (e.g. \"bob@globus-emulator.org\")",
      );
    }
    const username = (raw.includes("@") ? raw : `${raw}@globus-emulator.org`)
      .toLowerCase();
    // Auth answers with identity ids in lowercase, as it reads them in any case.
    const id = spec.id !== undefined
      ? canonicalId(spec.id)
      : uuidFromText(`identity:${username}`);
    for (const i of this.identities.values()) {
      if (
        (i.username === username || i.id === id) && this.userIds.includes(i.id)
      ) {
        throw new TypeError(
          `Cannot add the emulator user '${username}' as a user with that username or id (${id}) exists`,
        );
      }
    }
    const identity: EmulatorIdentity = {
      id,
      username,
      name: spec.name ?? null,
      email: spec.email ?? username,
      organization: "Globus Emulator",
      identity_provider: GLOBUS_ID_PROVIDER,
      identity_provider_display_name: "Globus ID",
      status: "used",
    };
    this.identities.set(id, identity);
    this.userIds.push(id);
    return identity;
  }

  /** The users one can log in as, the demo user first. */
  get users(): EmulatorIdentity[] {
    return this.userIds.map((id) => this.identities.get(id)).filter((
      i,
    ): i is EmulatorIdentity => i !== undefined);
  }

  /**
   * A user one can log in as, by id, username, or the username's part
   * before `@` (`"alice"`).
   *
   * @param ref The id or name.
   * @returns The identity, or `undefined`.
   */
  user(ref: string): EmulatorIdentity | undefined {
    const r = ref.trim().toLowerCase();
    return this.users.find((u) =>
      u.id === r || u.username === r || u.username.split("@")[0] === r
    );
  }

  /** Now, in whole seconds. */
  nowS(): number {
    return Math.floor(this.clock.now() / 1000);
  }

  /**
   * Registers (or replaces) a client.
   *
   * @param reg The registration.
   * @returns The record.
   */
  registerClient(reg: ClientRegistration): ClientRecord {
    const rec: ClientRecord = {
      id: reg.clientId,
      secret: reg.clientSecret ?? null,
      name: reg.name ??
        (reg.clientSecret ? "Confidential App" : "Native App") +
          ` ${reg.clientId}`,
      redirectUris: reg.redirectUris ?? [],
    };
    this.clients.set(rec.id, rec);
    this.deletedClients.delete(rec.id);
    if (rec.secret !== null) {
      this.identities.set(rec.id, {
        id: rec.id,
        username: `${rec.id}@clients.auth.globus.org`,
        name: rec.name,
        email: null,
        organization: null,
        identity_provider: "0f7bd2ad-9e4b-4bd7-b7ac-bb5fa8fcfb8c",
        identity_provider_display_name: "Globus Auth Clients",
        status: "used",
      });
    }
    return rec;
  }

  /**
   * Finds a client; an unknown UUID becomes a native app on first use.
   *
   * @param id The client id.
   * @returns The client, or `undefined`.
   */
  client(id: string | null | undefined): ClientRecord | undefined {
    if (!id) return undefined;
    const c = this.clients.get(id);
    if (c) return c;
    if (this.deletedClients.has(id)) return undefined;
    if (
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)
    ) {
      return this.registerClient({ clientId: id });
    }
    return undefined;
  }

  /**
   * Authenticates a confidential client.
   *
   * @param id The client id.
   * @param secret The secret.
   * @returns The client, or `undefined` when the credentials are wrong.
   */
  authenticate(id: string, secret: string): ClientRecord | undefined {
    const c = this.clients.get(id);
    if (!c || c.secret === null) return undefined;
    if (c.credentials ? !c.credentials.includes(secret) : c.secret !== secret) {
      return undefined;
    }
    return c;
  }

  /**
   * Deletes a client: its credentials stop working, and every token issued
   * to it or for its scopes is revoked.
   *
   * @param id The client id.
   */
  deleteClient(id: string): void {
    this.clients.delete(id);
    this.deletedClients.add(id);
    for (const t of this.tokens.values()) {
      if (t.clientId === id || t.resourceServer === id) t.revoked = true;
    }
  }

  /**
   * The identity with a username, if there is one.
   *
   * @param username The username (any case).
   * @returns The identity, or `undefined`.
   */
  findIdentityByUsername(username: string): EmulatorIdentity | undefined {
    for (const i of this.identities.values()) {
      if (i.username.toLowerCase() === username.toLowerCase()) return i;
    }
    return undefined;
  }

  /**
   * Looks up identities by username, making unknown ones up (status
   * `unused`), as Globus Auth does with `provision=true`.
   *
   * @param username The username.
   * @returns The identity.
   */
  identityByUsername(username: string): EmulatorIdentity {
    const known = this.findIdentityByUsername(username);
    if (known) return known;
    const id: EmulatorIdentity = {
      id: uuidFromText(`identity:${username.toLowerCase()}`),
      username: username.toLowerCase(),
      name: null,
      email: null,
      organization: null,
      identity_provider: uuidFromText(
        `idp:${username.split("@")[1] ?? "unknown"}`,
      ),
      identity_provider_display_name: username.split("@")[1] ?? "unknown",
      status: "unused",
    };
    this.identities.set(id.id, id);
    return id;
  }

  /**
   * Issues an authorization code.
   *
   * @param request The approved request.
   * @param identityId The user who approved.
   * @returns The code.
   */
  issueCode(request: AuthorizeRequest, identityId: string): string {
    const code = randomToken(24);
    const now = this.clock.now();
    this.codes.set(code, {
      code,
      request,
      identityId,
      issuedAt: now,
      used: false,
    });
    this.authorizations.push({
      clientId: request.clientId,
      scope: request.scope,
      state: request.state,
      redirectUri: request.redirectUri,
      accessType: request.accessType,
      session: { ...request.session },
      approvedAt: now,
    });
    this.recordConsents(request.scopes, request.clientId, identityId);
    // forget codes that can no longer be used
    for (const [k, v] of this.codes) {
      if (now - v.issuedAt > CODE_LIFETIME_S * 2000) this.codes.delete(k);
      else break;
    }
    return code;
  }

  /**
   * Whether the identity consented, for a client, to `scope` under its
   * `parentScope` consent (a collection's data_access under Transfer's
   * `all`). Consents outlive tokens, as in Globus Auth: a later login that
   * asks only for the parent scope keeps the dependent consent, so the
   * service still gets its dependent token.
   *
   * @param identityId The identity.
   * @param clientId The client the parent consent belongs to.
   * @param parentScope The parent scope (`urn:…:transfer.api.globus.org:all`).
   * @param scope The dependent scope.
   * @returns `true` when such a consent is recorded.
   */
  hasDependentConsent(
    identityId: string,
    clientId: string,
    parentScope: string,
    scope: string,
  ): boolean {
    const list = this.consents.get(identityId);
    if (!list) return false;
    return list.some((parent) =>
      parent.client === clientId && parent.scope_name === parentScope &&
      parent.dependency_path.length === 1 &&
      list.some((c) =>
        c.scope_name === scope && c.dependency_path.length === 2 &&
        c.dependency_path[0] === parent.id
      )
    );
  }

  /**
   * Records the consents an approved login leaves: one for each scope the
   * client asked for, and one below it for each of its dependent scopes.
   * A consent already recorded is kept (with its id).
   *
   * @param scopes The scopes approved.
   * @param clientId The client they were approved for.
   * @param identityId The user who approved.
   */
  recordConsents(
    scopes: ParsedScope[],
    clientId: string,
    identityId: string,
  ): void {
    const list = this.consents.get(identityId) ?? [];
    const created = new Date(this.clock.now()).toISOString().replace(
      "Z",
      "+00:00",
    );
    const add = (s: ParsedScope, path: number[], client: string): void => {
      const existing = list.find((c) =>
        c.scope_name === s.scope && c.client === client &&
        c.dependency_path.length === path.length + 1 &&
        c.dependency_path.slice(0, -1).every((x, i) => x === path[i])
      );
      const id = existing?.id ?? this.#nextConsentId++;
      if (!existing) {
        list.push({
          id,
          scope_name: s.scope,
          scope: uuidFromText(`scope:${s.scope}`),
          client,
          dependency_path: [...path, id],
          effective_identity: identityId,
          created,
        });
      }
      for (const d of s.dependencies) {
        add(d, [...path, id], uuidFromText(`rs-client:${s.scope}`));
      }
    };
    for (const s of scopes) add(s, [], clientId);
    this.consents.set(identityId, list);
  }

  /**
   * Creates an access token (and, when asked, a refresh token).
   *
   * @param group The scopes for one resource server.
   * @param clientId The client.
   * @param identityId The identity.
   * @param withRefresh Whether to create a refresh token.
   * @returns The access token record.
   */
  issueTokens(
    group: Pick<ScopeGroup, "resourceServer" | "scopes" | "consents">,
    clientId: string,
    identityId: string,
    withRefresh: boolean,
  ): TokenRecord {
    const now = this.nowS();
    let refresh: TokenRecord | null = null;
    if (withRefresh) {
      refresh = {
        token: randomToken(48),
        kind: "refresh",
        resourceServer: group.resourceServer,
        scopes: [...group.scopes],
        consents: [...group.consents],
        clientId,
        identityId,
        issuedAt: now,
        expiresAt: Infinity,
        revoked: false,
        refreshToken: null,
      };
      this.tokens.set(refresh.token, refresh);
    }
    return this.issueAccessToken(
      group,
      clientId,
      identityId,
      refresh?.token ?? null,
    );
  }

  /**
   * Creates an access token.
   *
   * @param group The scopes for one resource server.
   * @param clientId The client.
   * @param identityId The identity.
   * @param refreshToken The refresh token of the grant, or `null`.
   * @returns The record.
   */
  issueAccessToken(
    group: Pick<ScopeGroup, "resourceServer" | "scopes" | "consents">,
    clientId: string,
    identityId: string,
    refreshToken: string | null,
  ): TokenRecord {
    const now = this.nowS();
    const rec: TokenRecord = {
      token: randomToken(36),
      kind: "access",
      resourceServer: group.resourceServer,
      scopes: [...group.scopes],
      consents: [...group.consents],
      clientId,
      identityId,
      issuedAt: now,
      expiresAt: now + this.tokenLifetimeS,
      revoked: false,
      refreshToken,
    };
    this.tokens.set(rec.token, rec);
    return rec;
  }

  /**
   * An active token of the given kind.
   *
   * @param token The token string.
   * @param kind Which kind.
   * @returns The record, or `undefined` when unknown, revoked or expired.
   */
  active(token: string, kind: "access" | "refresh"): TokenRecord | undefined {
    const rec = this.tokens.get(token);
    if (!rec || rec.kind !== kind || rec.revoked) return undefined;
    if (rec.expiresAt <= this.nowS()) return undefined;
    return rec;
  }

  /**
   * Replaces a refresh token with a new one of the same grant (rotation):
   * the old one is refused from then on, its access tokens stay valid.
   *
   * @param old The refresh token presented.
   * @returns The new refresh token's record.
   */
  rotateRefreshToken(old: TokenRecord): TokenRecord {
    old.revoked = true;
    old.rotated = true;
    const next: TokenRecord = {
      ...old,
      token: randomToken(48),
      scopes: [...old.scopes],
      consents: [...old.consents],
      issuedAt: this.nowS(),
      revoked: false,
      rotated: false,
    };
    this.tokens.set(next.token, next);
    return next;
  }

  /**
   * Revokes a token; revoking a refresh token also revokes the access tokens
   * issued with it.
   *
   * @param token The token string.
   * @param clientId Only tokens of this client are revoked.
   */
  revoke(token: string, clientId: string): void {
    const rec = this.tokens.get(token);
    if (!rec || rec.clientId !== clientId) return;
    rec.revoked = true;
    if (rec.kind === "refresh") {
      for (const t of this.tokens.values()) {
        if (t.refreshToken === rec.token) t.revoked = true;
      }
    }
  }

  /** A fresh random UUID. */
  uuid(): string {
    return randomUUID();
  }
}
