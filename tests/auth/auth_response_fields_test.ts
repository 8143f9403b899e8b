/**
 * The documented fields of Auth's responses are typed, as Globus sends them
 * (shapes from the Python SDK's testing data and a real id_token): token
 * introspection (`aud`, `iss`, `identity_set`, …), a project's expanded
 * `admins`, and the primary identity's fields at the top of userinfo and
 * id_token claims. Each typed local below is a compile error when the field
 * is `unknown`; unknown fields are still kept.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { AuthClient, type Identity } from "../../src/auth/auth_client.ts";
import { ConfidentialAppAuthClient } from "../../src/auth/confidential_client.ts";
import type { IdTokenClaims } from "../../src/auth/id_token.ts";
import type { ProjectAdminGroup } from "../../src/auth/auth_developer_types.ts";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { fakeFetch, json } from "../_helpers/fake_fetch.ts";

const CLIENT = "0fef6cf6-ebcd-11f1-b8e9-02fc00000001";
const USER = "0fef6ab2-ebcd-11f1-b8e9-02fc00000001";
const IDP = "41143743-f3c8-4d60-bbdb-eeecaba85bd9";

test("oauth2TokenIntrospect: aud, iss, iat, nbf, token_type, email, name and identity_set are typed", async () => {
  const ff = fakeFetch([
    json({
      active: true,
      token_type: "Bearer",
      scope: "openid profile email",
      client_id: CLIENT,
      username: "kingfish@globus.org",
      name: "Christone Ingram",
      email: "kingfish@globus.org",
      exp: 1715289767,
      iat: 1715116967,
      nbf: 1715116967,
      sub: USER,
      aud: ["auth.globus.org", CLIENT],
      iss: "https://auth.globus.org",
      identity_set: [USER],
      future_field: 1,
    }),
  ]);
  const cc = new ConfidentialAppAuthClient(CLIENT, "secret", {
    fetch: ff.fetch,
  });
  const r = await cc.oauth2TokenIntrospect("tok", { include: "identity_set" });
  const ids: string[] = r.identity_set ?? [];
  const aud: string[] | undefined = r.aud;
  const iss: string | undefined = r.iss;
  const times: (number | undefined)[] = [r.iat, r.nbf];
  const type: string | undefined = r.token_type;
  const who: (string | null | undefined)[] = [r.email, r.name];
  assert.deepEqual(ids, [USER]);
  assert.deepEqual(aud, ["auth.globus.org", CLIENT]);
  assert.equal(iss, "https://auth.globus.org");
  assert.deepEqual(times, [1715116967, 1715116967]);
  assert.equal(type, "Bearer");
  assert.deepEqual(who, ["kingfish@globus.org", "Christone Ingram"]);
  assert.equal(r["future_field"], 1);
  assert.equal(
    new URLSearchParams(ff.requests[0]!.body).get("include"),
    "identity_set",
  );
});

test("a project's admins: identities are Identity records, groups have id and name", async () => {
  const star = {
    identity_provider: IDP,
    identity_type: "login",
    organization: "Guardians of the Galaxy",
    status: "used",
    id: USER,
    name: "Star Lord",
    username: "star.lord@guardians.galaxy",
    email: "star.lord2@guardians.galaxy",
  };
  const group = {
    id: "8ca28797-3541-4a5d-a264-05b00f91e608",
    name: "Guardians of the Galaxy",
    description: "A group of heroes",
    organization: "Guardians of the Galaxy",
  };
  const ff = fakeFetch([
    json({
      project: {
        admin_ids: [USER],
        contact_email: "support@guardians.galaxy",
        display_name: "Guardians of the Galaxy Portal",
        admin_group_ids: [group.id],
        id: "p1",
        project_name: "Guardians of the Galaxy Portal",
        admins: { identities: [star], groups: [group] },
      },
    }),
  ]);
  const ac = new AuthClient({
    authorizer: new AccessTokenAuthorizer("tok"),
    fetch: ff.fetch,
  });
  const { project } = await ac.getProject("p1");
  const admins: Identity[] = project.admins?.identities ?? [];
  const username: string | undefined = project.admins?.identities[0]?.username;
  const groups: ProjectAdminGroup[] = project.admins?.groups ?? [];
  const groupName: string | undefined = groups[0]?.name;
  assert.deepEqual(admins, [star]);
  assert.equal(username, "star.lord@guardians.galaxy");
  assert.equal(groupName, "Guardians of the Galaxy");
});

test("userinfo and id_token claims type the primary identity's organization, identity provider and last_authentication", async () => {
  const primary = {
    sub: USER,
    organization: "Globus",
    name: "Stephen Rosen",
    preferred_username: "sirosen2@globusid.org",
    identity_provider: IDP,
    identity_provider_display_name: "Globus ID",
    email: "sirosen@uchicago.edu",
    last_authentication: 1621481006,
  };
  const ff = fakeFetch([json(primary)]);
  const ac = new AuthClient({
    authorizer: new AccessTokenAuthorizer("tok"),
    fetch: ff.fetch,
  });
  const info = await ac.userinfo();
  const claims: IdTokenClaims = {
    ...primary,
    aud: CLIENT,
    iss: "https://auth.globus.org",
  };
  for (const doc of [info, claims]) {
    const org: string | null | undefined = doc.organization;
    const idp: string | undefined = doc.identity_provider;
    const idpName: string | undefined = doc.identity_provider_display_name;
    const last: number | null | undefined = doc.last_authentication;
    assert.deepEqual([org, idp, idpName, last], [
      "Globus",
      IDP,
      "Globus ID",
      1621481006,
    ]);
  }
});

test("a project's admins are validated as they are typed: an admin identity without a username breaks the schema, naming the field", async () => {
  const { ProjectResponseSchema } = await import(
    "../../src/auth/_developer_schemas.ts"
  );
  const project = {
    id: "p",
    display_name: "P",
    contact_email: "a@example.org",
    admin_ids: ["u"],
    admin_group_ids: null,
  };
  const ok = ProjectResponseSchema.parse({
    project: {
      ...project,
      admins: { identities: [{ id: "u", username: "u@x" }], groups: [] },
    },
  });
  assert.equal(ok.project.admins?.identities[0]?.username, "u@x");
  assert.throws(
    () =>
      ProjectResponseSchema.parse({
        project: {
          ...project,
          admins: { identities: [{ id: "u" }], groups: [] },
        },
      }),
    /username/,
  );
  assert.throws(
    () =>
      ProjectResponseSchema.parse({ project: { ...project, admin_ids: "u" } }),
    /admin_ids/,
  );
});

test("introspection and userinfo fields are validated as they are typed: a wrong type is a ResponseValidationError naming the field (it passed, typed as what it was not)", async () => {
  const { ResponseValidationError } = await import(
    "../../src/core/response_validation_error.ts"
  );
  const ff = fakeFetch([
    json({ active: true, aud: "auth.globus.org" }),
    json({
      sub: USER,
      identity_set: [{ sub: USER, last_authentication: "x" }],
    }),
  ]);
  const cc = new ConfidentialAppAuthClient(CLIENT, "secret", {
    fetch: ff.fetch,
    retry: false,
  });
  const bad = await cc.oauth2TokenIntrospect("tok").catch((e) => e);
  assert.ok(bad instanceof ResponseValidationError, String(bad));
  assert.match(bad.message, /aud/);
  const ac = new AuthClient({
    authorizer: new AccessTokenAuthorizer("tok"),
    fetch: ff.fetch,
    retry: false,
  });
  const bad2 = await ac.userinfo().catch((e) => e);
  assert.ok(bad2 instanceof ResponseValidationError, String(bad2));
  assert.match(bad2.message, /last_authentication/);
});
