/**
 * The emulator's developer-API clients as Globus Auth has them: a public
 * client cannot get a credential (a secret), and a client authenticated as
 * itself may read its own record, the emulator's built-in confidential
 * client included.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { AuthClient } from "../../src/auth/auth_client.ts";
import { ConfidentialAppAuthClient } from "../../src/auth/confidential_client.ts";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { BasicAuthorizer } from "../../src/authorizers/basic.ts";
import { AuthAPIError } from "../../src/core/errors.ts";
import { startEmulator } from "../../src/testing/emulator.ts";

const MANAGE = "urn:globus:auth:scope:auth.globus.org:manage_projects";

test("createClientCredential on a public client is refused with Auth's 400 error, and no secret is made", async () => {
  const emu = await startEmulator();
  try {
    const tok = await emu.mintTokens(`openid ${MANAGE}`);
    const auth = new AuthClient({
      authorizer: new AccessTokenAuthorizer(tok.access_token),
      baseUrl: emu.authUrl,
      retry: false,
    });
    const project = (await auth.createProject("P", "p@example.org", {
      adminIds: [emu.user.id],
    })).project.id;
    for (
      const options of [
        { publicClient: true },
        { clientType: "public_webapp_client" },
      ] as const
    ) {
      const id = (await auth.createClient("Native", project, options)).client
        .id;
      await assert.rejects(
        auth.createClientCredential(id, "secret please"),
        (e: unknown) => {
          assert.ok(e instanceof AuthAPIError, String(e));
          assert.equal(e.httpStatus, 400);
          assert.equal(e.code, "INVALID_PARAMETERS");
          assert.equal(e.errors.length, 1);
          assert.match(e.message, /public client .*cannot have credentials/);
          return true;
        },
      );
      assert.deepEqual((await auth.getClientCredentials(id)).credentials, []);
    }
    // A confidential client still gets one.
    const conf = (await auth.createClient("Svc", project, {
      publicClient: false,
    })).client.id;
    const cred = await auth.createClientCredential(conf, "ok");
    assert.equal(typeof cred.credential.secret, "string");
  } finally {
    await emu.close();
  }
});

test("the built-in confidential client reads its own record (Basic or its own token), with a real record's fields; others get 404", async () => {
  const emu = await startEmulator();
  try {
    const { clientId, clientSecret } = emu.confidentialClient;
    const cc = new ConfidentialAppAuthClient(clientId, clientSecret, {
      baseUrl: emu.authUrl,
    });
    const own = await cc.oauth2ClientCredentialsTokens(MANAGE);
    const callers = [
      new AuthClient({
        authorizer: new BasicAuthorizer(clientId, clientSecret),
        baseUrl: emu.authUrl,
        retry: false,
      }),
      new AuthClient({
        authorizer: new AccessTokenAuthorizer(
          own.byResourceServer["auth.globus.org"]!.access_token,
        ),
        baseUrl: emu.authUrl,
        retry: false,
      }),
    ];
    for (const ac of callers) {
      const { client } = await ac.getClient({ clientId });
      assert.equal(client.id, clientId);
      assert.equal(client.name, "Globus Emulator Confidential App");
      assert.equal(client.client_type, "confidential_client");
      assert.equal(client.public_client, false);
      assert.ok(client.grant_types?.includes("client_credentials"));
      // Every key of the Python SDK's get_client record is there.
      for (
        const key of [
          "required_idp",
          "name",
          "redirect_uris",
          "links",
          "scopes",
          "grant_types",
          "id",
          "prompt_for_named_grant",
          "fqdns",
          "project",
          "client_type",
          "visibility",
          "parent_client",
          "userinfo_from_effective_identity",
          "preselect_idp",
          "public_client",
        ]
      ) assert.ok(key in client, key);
    }
    // A user (not the client) still does not see it.
    const user = new AuthClient({
      authorizer: new AccessTokenAuthorizer(
        (await emu.mintTokens(`openid ${MANAGE}`)).access_token,
      ),
      baseUrl: emu.authUrl,
      retry: false,
    });
    await assert.rejects(
      user.getClient({ clientId }),
      (e: unknown) => e instanceof AuthAPIError && e.httpStatus === 404,
    );
  } finally {
    await emu.close();
  }
});
