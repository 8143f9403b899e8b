/**
 * The developer API of AuthClient (projects, clients, credentials, scopes,
 * policies) and identity providers, against the emulator: one test per
 * area, every method called through our client.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import type { DependentScopeSpec } from "../../src/auth/auth_developer_types.ts";
import { AuthClient } from "../../src/auth/auth_client.ts";
import { ConfidentialAppAuthClient } from "../../src/auth/confidential_client.ts";
import { TransferScopes } from "../../src/auth/scopes.ts";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { AuthAPIError } from "../../src/core/errors.ts";
import { type Emulator, startEmulator } from "../../src/testing/emulator.ts";

const MANAGE = "urn:globus:auth:scope:auth.globus.org:manage_projects";

async function transferStatus(emu: Emulator, token: string): Promise<number> {
  const res = await fetch(`${emu.transferUrl}v0.10/submission_id`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  await res.body?.cancel();
  return res.status;
}

async function setup(): Promise<{ emu: Emulator; auth: AuthClient }> {
  const emu = await startEmulator();
  const tok = await emu.mintTokens(`openid ${MANAGE}`);
  const auth = new AuthClient({
    authorizer: new AccessTokenAuthorizer(tok.access_token),
    baseUrl: emu.authUrl,
    retry: false,
  });
  return { emu, auth };
}

function status(code: number) {
  return (e: unknown) => {
    assert.ok(e instanceof AuthAPIError, String(e));
    assert.equal(e.httpStatus, code, e.message);
    return true;
  };
}

test("projects: create (admins required), get, list, update, delete", async () => {
  const { emu, auth } = await setup();
  try {
    await assert.rejects(
      auth.createProject("No admins", "a@example.org"),
      status(400),
    );
    // Python's keywords gathered in one object: the message says that the
    // e-mail is an argument of its own, and gives the call's shape.
    await assert.rejects(
      auth.createProject(
        "P2",
        // deno-lint-ignore no-explicit-any
        { contactEmail: "a@example.org", adminIds: [emu.user.id] } as any,
      ),
      {
        name: "TypeError",
        message:
          /'contactEmail' must be a string: .*\. The required arguments come first, in order, not in one object of named arguments \(Python's keyword arguments\): createProject\(displayName, contactEmail, \{ adminIds, adminGroupIds \}\)$/,
      },
    );
    const created = await auth.createProject("My Project", "me@example.org", {
      adminIds: emu.user.id,
    });
    // Any iterable of ids, as Python's (its tests pass a set).
    const fromSet = await auth.createProject("P3", "me@example.org", {
      adminIds: new Set([emu.user.id]),
    });
    assert.deepEqual(fromSet.project.admin_ids, [emu.user.id]);
    await auth.deleteProject(fromSet.project.id);
    const id = created.project.id;
    assert.equal(created.project.display_name, "My Project");
    assert.deepEqual(created.project.admin_ids, [emu.user.id]);
    assert.equal(
      (await auth.getProject(id)).project.contact_email,
      "me@example.org",
    );
    assert.deepEqual(
      (await auth.getProjects()).projects.map((p) => p.id),
      [id],
    );
    const upd = await auth.updateProject(id, { displayName: "Renamed" });
    assert.equal(upd.project.display_name, "Renamed");
    assert.equal(upd.project.contact_email, "me@example.org");
    // Removing every admin is refused.
    await assert.rejects(
      auth.updateProject(id, { adminIds: [] }),
      status(400),
    );
    // A project with a client cannot be deleted.
    const c = await auth.createClient("C", id, { publicClient: true });
    await assert.rejects(auth.deleteProject(id), status(409));
    await auth.deleteClient(c.client.id);
    assert.equal((await auth.deleteProject(id)).project.id, id);
    await assert.rejects(auth.getProject(id), status(404));
    await assert.rejects(auth.getProject(""), TypeError);
    // Without the manage_projects scope the developer API refuses.
    const plain = new AuthClient({
      authorizer: new AccessTokenAuthorizer(
        (await emu.mintTokens("openid")).access_token,
      ),
      baseUrl: emu.authUrl,
    });
    await assert.rejects(plain.getProjects(), status(403));
  } finally {
    await emu.close();
  }
});

test("clients: create (argument rules), get by id and fqdn, list, update, delete revokes its tokens", async () => {
  const { emu, auth } = await setup();
  try {
    const project = (await auth.createProject("P", "p@example.org", {
      adminIds: [emu.user.id],
    })).project.id;
    // The Python SDK's usage errors, before any request.
    await assert.rejects(auth.createClient("X", project), TypeError);
    await assert.rejects(
      auth.createClient("X", project, {
        publicClient: true,
        clientType: "client_identity",
      }),
      TypeError,
    );
    await assert.rejects(
      auth.createClient("X", project, {
        publicClient: false,
        termsAndConditions: "https://x.org/t",
      }),
      /'termsAndConditions' and 'privacyPolicy' must be given together/,
    );
    const svc = await auth.createClient("Service", project, {
      clientType: "confidential_client",
      visibility: "private",
      redirectUris: ["https://svc.example.org/cb"],
      termsAndConditions: "https://svc.example.org/terms",
      privacyPolicy: "https://svc.example.org/privacy",
      additionalFields: { fqdns: ["svc.example.org"] },
    });
    const id = svc.client.id;
    assert.equal(svc.client.client_type, "confidential_client");
    assert.equal(svc.client.public_client, false);
    assert.equal(svc.client.project, project);
    // The grants and the named-grant prompt Globus Auth lists for a new
    // confidential client (the Python SDK's test data).
    assert.deepEqual(svc.client.grant_types, [
      "authorization_code",
      "client_credentials",
      "refresh_token",
      "urn:globus:auth:grant_type:dependent_token",
    ]);
    assert.equal(svc.client.prompt_for_named_grant, true);
    assert.deepEqual(svc.client.links, {
      terms_and_conditions: "https://svc.example.org/terms",
      privacy_policy: "https://svc.example.org/privacy",
    });
    assert.equal(
      (await auth.getClient({ clientId: id })).client.name,
      "Service",
    );
    assert.equal(
      (await auth.getClient({ fqdn: "svc.example.org" })).client.id,
      id,
    );
    await assert.rejects(auth.getClient({}), TypeError);
    await assert.rejects(
      auth.getClient({ clientId: id, fqdn: "svc.example.org" }),
      TypeError,
    );
    const native = await auth.createClient("Native", project, {
      publicClient: true,
    });
    assert.equal(native.client.client_type, "public_installed_client");
    assert.deepEqual(native.client.grant_types, [
      "authorization_code",
      "refresh_token",
    ]);
    assert.deepEqual(
      (await auth.getClients()).clients.map((c) => c.id).sort(),
      [id, native.client.id].sort(),
    );
    const upd = await auth.updateClient(id, {
      name: "Service v2",
      termsAndConditions: null,
      privacyPolicy: null,
    });
    assert.equal(upd.client.name, "Service v2");
    assert.deepEqual(upd.client.links, {
      terms_and_conditions: null,
      privacy_policy: null,
    });
    await assert.rejects(
      auth.updateClient(id, { termsAndConditions: "https://a.org" }),
      TypeError,
    );

    // The client's own tokens work until it is deleted.
    const cred = await auth.createClientCredential(id, "main");
    const app = new ConfidentialAppAuthClient(id, cred.credential.secret, {
      baseUrl: emu.authUrl,
    });
    const tokens = await app.oauth2ClientCredentialsTokens(TransferScopes.all);
    const at = tokens.byResourceServer["transfer.api.globus.org"]!.access_token;
    assert.equal(await transferStatus(emu, at), 200);
    const inspector = new ConfidentialAppAuthClient(
      emu.confidentialClient.clientId,
      emu.confidentialClient.clientSecret,
      { baseUrl: emu.authUrl },
    );
    assert.equal((await inspector.oauth2TokenIntrospect(at)).active, true);

    assert.equal((await auth.deleteClient(id)).client.id, id);
    assert.equal((await inspector.oauth2TokenIntrospect(at)).active, false);
    assert.equal(await transferStatus(emu, at), 401);
    await assert.rejects(
      app.oauth2ClientCredentialsTokens(TransferScopes.all),
      status(401),
    );
    await assert.rejects(auth.getClient({ clientId: id }), status(404));
  } finally {
    await emu.close();
  }
});

test("client credentials: the secret is shown once, listed without it, and stops working when deleted", async () => {
  const { emu, auth } = await setup();
  try {
    const project = (await auth.createProject("P", "p@example.org", {
      adminIds: [emu.user.id],
    })).project.id;
    const id = (await auth.createClient("Svc", project, {
      publicClient: false,
    })).client.id;
    const created = await auth.createClientCredential(id, "first");
    const secret = created.credential.secret;
    assert.equal(typeof secret, "string");
    assert.equal(created.credential.client, id);
    // Printed, the secret is redacted; as JSON it is kept.
    assert.doesNotMatch(inspect(created, { depth: 5 }), new RegExp(secret!));
    // So is String() or a template string of it: its table, as before
    // the redacted records' toString (which is for records with no table).
    for (const text of [String(created), `${created}`]) {
      assert.doesNotMatch(text, new RegExp(secret!));
      assert.match(text, /^Client credential first \(secret hidden/);
      assert.match(text, /secret +\| \[REDACTED\]/);
    }
    assert.match(JSON.stringify(created), new RegExp(secret!));

    const list = await auth.getClientCredentials(id);
    assert.deepEqual(list.credentials.map((c) => c.name), ["first"]);
    assert.equal(list.credentials[0]!.secret, null);

    const app = new ConfidentialAppAuthClient(id, secret!, {
      baseUrl: emu.authUrl,
    });
    await app.oauth2ClientCredentialsTokens(TransferScopes.all);
    const deleted = await auth.deleteClientCredential(
      id,
      created.credential.id,
    );
    assert.equal(deleted.credential.secret, null);
    await assert.rejects(
      app.oauth2ClientCredentialsTokens(TransferScopes.all),
      status(401),
    );
    assert.deepEqual((await auth.getClientCredentials(id)).credentials, []);
    await assert.rejects(
      auth.deleteClientCredential(id, created.credential.id),
      status(404),
    );
  } finally {
    await emu.close();
  }
});

test("scopes: created under a client, looked up by id and string, updated, deleted; dependent tokens follow them", async () => {
  const { emu, auth } = await setup();
  try {
    const project = (await auth.createProject("P", "p@example.org", {
      adminIds: [emu.user.id],
    })).project.id;
    const rs = (await auth.createClient("My API", project, {
      clientType: "resource_server",
    })).client.id;
    const transfer = (await auth.getScopes({
      scopeStrings: TransferScopes.all,
    })).scopes[0]!;
    assert.equal(transfer.scope_string, TransferScopes.all);
    const created = await auth.createScope(
      rs,
      "Use my API",
      "Lets the app call my API",
      "use",
      {
        dependentScopes: [{
          scope: transfer.id,
          optional: false,
          requires_refresh_token: false,
        }],
        advertised: true,
      },
    );
    const scope = created.scope;
    assert.equal(
      scope.scope_string,
      `https://auth.globus.org/scopes/${rs}/use`,
    );
    assert.equal(scope.client, rs);
    assert.deepEqual(scope.dependent_scopes, [{
      scope: transfer.id,
      optional: false,
      requires_refresh_token: false,
    }]);
    assert.equal((await auth.getScope(scope.id)).scope.name, "Use my API");
    assert.deepEqual(
      (await auth.getScopes()).scopes.map((s) => s.id),
      [scope.id],
    );
    assert.equal(
      (await auth.getScopes({ ids: [scope.id] })).scopes[0]?.scope_string,
      scope.scope_string,
    );
    await assert.rejects(
      auth.getScopes({ ids: "a", scopeStrings: "b" }),
      TypeError,
    );
    await assert.rejects(
      auth.createScope(rs, "Bad", "Bad suffix", "Not-Valid"),
      status(400),
    );
    await assert.rejects(
      auth.createScope(rs, "Again", "Same suffix", "use"),
      status(409),
    );
    // A camelCase field of a dependent scope was dropped, and the scope
    // stored with requires_refresh_token false: refused before sending.
    await assert.rejects(
      auth.createScope(rs, "Camel", "camel", "camel", {
        dependentScopes: [
          {
            scope: transfer.id,
            optional: false,
            requiresRefreshToken: true,
          } as unknown as DependentScopeSpec,
        ],
      }),
      {
        name: "TypeError",
        message:
          "AuthClient.createScope(): dependentScopes[0] has an unknown field 'requiresRefreshToken' (did you mean 'requires_refresh_token'? A dependent scope is written as Globus Auth's document, as Python's DependentScopeSpec); its fields are scope, optional, requires_refresh_token",
      },
    );
    await assert.rejects(
      auth.updateScope(scope.id, {
        // deno-lint-ignore no-explicit-any
        dependentScopes: [{ scope: transfer.id, optional: false } as any],
      }),
      {
        name: "TypeError",
        message:
          "AuthClient.updateScope(): dependentScopes[0].requires_refresh_token must be true or false, not undefined",
      },
    );
    assert.equal(
      (await auth.getScopes()).scopes.length,
      1,
      "nothing was created",
    );

    // A user token for the new scope lets the resource server get a
    // dependent Transfer token, and nothing else.
    const cred = await auth.createClientCredential(rs, "server");
    const server = new ConfidentialAppAuthClient(rs, cred.credential.secret, {
      baseUrl: emu.authUrl,
    });
    const user = await emu.mintTokens(scope.scope_string);
    assert.equal(user.resource_server, rs);
    const dep = await server.oauth2GetDependentTokens(user.access_token);
    const depToken = dep.byResourceServer["transfer.api.globus.org"]!;
    assert.equal(await transferStatus(emu, depToken.access_token), 200);
    await assert.rejects(
      server.oauth2GetDependentTokens(user.access_token, {
        scope: "urn:globus:auth:scope:groups.api.globus.org:all",
      }),
      (e: unknown) =>
        e instanceof AuthAPIError && /invalid_scope/.test(e.message),
    );
    // A token meant for another client is refused.
    const other = await emu.mintTokens(TransferScopes.all);
    await assert.rejects(
      server.oauth2GetDependentTokens(other.access_token),
      (e: unknown) =>
        e instanceof AuthAPIError && /invalid_grant/.test(e.message),
    );

    const upd = await auth.updateScope(scope.id, {
      scopeSuffix: "use_v2",
      name: "Use it",
    });
    assert.equal(
      upd.scope.scope_string,
      `https://auth.globus.org/scopes/${rs}/use_v2`,
    );
    assert.equal((await auth.deleteScope(scope.id)).scope.id, scope.id);
    await assert.rejects(auth.getScope(scope.id), status(404));
  } finally {
    await emu.close();
  }
});

test("policies: create, get, list, update, delete, in the caller's projects only", async () => {
  const { emu, auth } = await setup();
  try {
    const project = (await auth.createProject("P", "p@example.org", {
      adminIds: [emu.user.id],
    })).project.id;
    await assert.rejects(
      auth.createPolicy({ displayName: "x", description: "y" } as never),
      TypeError,
    );
    const created = await auth.createPolicy({
      projectId: project,
      displayName: "Recent login",
      description: "Log in within 30 minutes",
      highAssurance: true,
      requiredMfa: true,
      authenticationAssuranceTimeout: 1800,
      domainConstraintsInclude: ["globusid.org"],
    });
    const p = created.policy;
    assert.equal(p.project_id, project);
    assert.equal(p.high_assurance, true);
    assert.equal(p.required_mfa, true);
    assert.equal(p.authentication_assurance_timeout, 1800);
    assert.deepEqual(p.domain_constraints_include, ["globusid.org"]);
    assert.equal(p.domain_constraints_exclude, null);
    assert.equal(
      (await auth.getPolicy(p.id)).policy.display_name,
      "Recent login",
    );
    assert.deepEqual(
      (await auth.getPolicies()).policies.map((x) => x.id),
      [p.id],
    );
    const upd = await auth.updatePolicy(p.id, {
      description: "Changed",
      domainConstraintsInclude: null,
    });
    assert.equal(upd.policy.description, "Changed");
    assert.equal(upd.policy.domain_constraints_include, null);
    assert.equal(upd.policy.display_name, "Recent login");
    // Another user's project is out of reach.
    await assert.rejects(
      auth.createPolicy({
        projectId: "00000000-0000-4000-8000-000000000000",
        displayName: "x",
        description: "y",
      }),
      status(404),
    );
    assert.equal((await auth.deletePolicy(p.id)).policy.id, p.id);
    await assert.rejects(auth.getPolicy(p.id), status(404));
  } finally {
    await emu.close();
  }
});

test("getIdentityProviders looks up by domain or id, not both", async () => {
  const { emu, auth } = await setup();
  try {
    const byDomain = await auth.getIdentityProviders({
      domains: "globusid.org",
    });
    assert.equal(byDomain.identity_providers.length, 1);
    const globusId = byDomain.identity_providers[0]!;
    assert.equal(globusId.name, "Globus ID");
    assert.ok(globusId.domains.includes("globusid.org"));
    const byId = await auth.getIdentityProviders({ ids: [globusId.id] });
    assert.deepEqual(byId.identity_providers.map((p) => p.id), [globusId.id]);
    // The demo user's domain is known too, as its identity's provider.
    const demoDomain = emu.user.username.split("@")[1]!;
    const demo = await auth.getIdentityProviders({ domains: [demoDomain] });
    assert.deepEqual(
      demo.identity_providers.map((p) => p.id),
      [emu.user.identity_provider],
    );
    assert.deepEqual(
      (await auth.getIdentityProviders({ domains: "no-such.example" }))
        .identity_providers,
      [],
    );
    await assert.rejects(
      auth.getIdentityProviders({ domains: "a", ids: "b" }),
      TypeError,
    );
  } finally {
    await emu.close();
  }
});

test("a project's admins are identities: an unknown admin id is refused (the emulator answered { id } with no username), and each admin comes back as an identity record", async () => {
  const { emu, auth } = await setup();
  try {
    const unknown = "0b0b0b0b-0000-4000-8000-000000000000";
    const err = await auth.createProject("P", "me@example.org", {
      adminIds: [emu.user.id, unknown],
    }).catch((e) => e);
    assert.ok(err instanceof AuthAPIError, String(err));
    assert.equal(err.httpStatus, 400);
    assert.match(err.message, new RegExp(`'${unknown}', not a known identity`));
    const made = await auth.createProject("P", "me@example.org", {
      adminIds: [emu.user.id],
    });
    const admin = made.project.admins?.identities[0];
    const username: string | undefined = admin?.username;
    assert.equal(username, emu.user.username);
    await assert.rejects(
      auth.updateProject(made.project.id, { adminIds: [unknown] }),
      (e) => e instanceof AuthAPIError && e.httpStatus === 400,
    );
    await auth.deleteProject(made.project.id);
  } finally {
    await emu.close();
  }
});
