/**
 * What a notebook shows for Auth API results: tables of identities,
 * consents, identity providers and developer-API lists, field/value tables
 * for userinfo and one-entity responses (a credential's secret shown as
 * [REDACTED]), the consent trees as text, and an IdentityMap's identities.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { startEmulator } from "../../src/testing/emulator.ts";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { AuthClient } from "../../src/auth/auth_client.ts";
import { IdentityMap } from "../../src/auth/identity_map.ts";
import { NativeAppAuthClient } from "../../src/auth/native_client.ts";
import { kernelText, kernelView } from "../_helpers/kernel_view.ts";

const SCOPES =
  "openid profile email urn:globus:auth:scope:auth.globus.org:view_identities " +
  "urn:globus:auth:scope:auth.globus.org:manage_projects";

function textOf(bundle: Record<string, string>): string[] {
  return (bundle["text/plain"] ?? "").split("\n").map((l) => l.trimEnd());
}

function cells(line: string | undefined): string[] {
  return (line ?? "").split("|").map((c) => c.trim());
}

test("Auth results render as tables; JSON and keys are unchanged", async () => {
  const emulator = await startEmulator();
  try {
    // A login, so that the user has consents to list.
    const native = new NativeAppAuthClient(emulator.nativeClientId, {
      baseUrl: emulator.authUrl,
    });
    native.oauth2StartFlow({ requestedScopes: SCOPES });
    const tokens = await native.oauth2ExchangeCodeForTokens(
      await emulator.approve(native.oauth2GetAuthorizeUrl()),
    );
    const auth = new AuthClient({
      authorizer: new AccessTokenAuthorizer(
        tokens.byResourceServer["auth.globus.org"]!.access_token,
      ),
      baseUrl: emulator.authUrl,
      retry: false,
    });
    const user = emulator.user;

    const ids = await auth.getIdentities({ usernames: user.username });
    const idLines = textOf(await kernelView(ids));
    assert.equal(idLines[0], "Identities (1)");
    assert.deepEqual(cells(idLines[1]), [
      "Username",
      "Name",
      "ID",
      "Email",
      "Organization",
      "Status",
    ]);
    assert.deepEqual(cells(idLines[3]).slice(0, 3), [
      user.username,
      user.name,
      user.id,
    ]);
    assert.equal(String(ids), idLines.join("\n"));
    assert.deepEqual(Object.keys(ids), ["identities"]);
    assert.ok(!JSON.stringify(ids).includes("Username"));
    assert.ok(
      (await kernelView(ids))["text/html"]?.includes(
        `<td><div align="left"><nobr>${user.id}</nobr></div></td>`,
      ),
    );

    const info = await auth.userinfo();
    const infoLines = textOf(await kernelView(info));
    assert.equal(infoLines[0], `userinfo: ${user.username}`);
    assert.ok(
      infoLines.some((l) => /^sub +\| /.test(l) && l.endsWith(user.id)),
    );

    const idps = await auth.getIdentityProviders();
    const idpLines = textOf(await kernelView(idps));
    assert.match(idpLines[0] ?? "", /^Identity providers \(\d+\)$/);
    assert.deepEqual(cells(idpLines[1]), [
      "Name",
      "Short Name",
      "ID",
      "Domains",
    ]);

    const consents = await auth.getConsents(user.id);
    const consentLines = textOf(await kernelView(consents));
    assert.equal(consentLines[0], `Consents (${consents.consents.length})`);
    assert.deepEqual(cells(consentLines[1]), [
      "ID",
      "Scope",
      "Dependency Path",
      "Status",
      "Client",
      "Created",
    ]);
    const first = consents.consents[0]!;
    assert.deepEqual(cells(consentLines[3]).slice(0, 3), [
      String(first.id),
      first.scope_name,
      first.dependency_path.join(" > "),
    ]);
    // toForest() is still there, and the forest renders its trees as text.
    const forest = consents.toForest();
    const forestView = await kernelView(forest);
    const forestLines = textOf(forestView);
    assert.match(
      forestLines[0] ?? "",
      /^ConsentForest: \d+ consents? in \d+ trees?$/,
    );
    assert.ok(forestLines.includes(
      ` - Consent [${first.id}]: Client [${first.client}] -> Scope [${first.scope_name}]`,
    ));
    assert.ok(forestView["text/html"]?.includes("<pre>"));
    assert.equal(String(forest), forestView["text/plain"]);
    const tree = forest.trees[0]!;
    assert.equal(
      (await kernelView(tree))["text/plain"],
      `Consent tree of ${tree.root.id}\n${tree.toString()}`,
    );

    // Developer API: a list, one-entity responses, a credential's secret.
    const project = await auth.createProject("Display test", "a@example.org", {
      adminIds: user.id,
    });
    const projectLines = textOf(await kernelView(project));
    assert.equal(projectLines[0], "Project Display test");
    assert.ok(
      projectLines.some((l) =>
        /^id +\| /.test(l) && l.endsWith(project.project.id)
      ),
    );
    const projects = await auth.getProjects();
    const projectsLines = textOf(await kernelView(projects));
    assert.equal(projectsLines[0], `Projects (${projects.projects.length})`);
    assert.deepEqual(cells(projectsLines[1]), [
      "Display Name",
      "ID",
      "Contact Email",
    ]);

    const client = await auth.createClient(
      "display-client",
      project.project.id,
      {
        publicClient: false,
      },
    );
    assert.match(
      textOf(await kernelView(client))[0] ?? "",
      /^Client display-client/,
    );
    const cred = await auth.createClientCredential(client.client.id, "key-1");
    const secret = cred.credential.secret;
    assert.ok(typeof secret === "string" && secret.length > 8);
    const credView = await kernelView(cred);
    const credLines = textOf(credView);
    assert.equal(
      credLines[0],
      "Client credential key-1 (secret hidden: read .credential.secret)",
    );
    assert.ok(credLines.some((l) => /^secret +\| \[REDACTED\]$/.test(l)));
    assert.ok(!(await kernelText(cred)).includes(secret!));
    assert.ok(!String(cred).includes(secret!));
    assert.ok(!(await kernelText(client)).includes(secret!));
    const creds = await auth.getClientCredentials(client.client.id);
    assert.match(
      textOf(await kernelView(creds))[0] ?? "",
      /^Client credentials \(\d+\)$/,
    );
    assert.ok(!(await kernelText(creds)).includes(secret!));

    // An IdentityMap shows what it looked up, not its internals.
    const map = new IdentityMap(auth, [user.username]);
    await map.get(user.username);
    map.add("0f8e5d3a-8f7c-4d47-9a0b-1c2d3e4f5a6b"); // waits for a lookup
    const mapLines = textOf(await kernelView(map));
    assert.equal(
      mapLines[0],
      "IdentityMap: 1 identity looked up, 1 key waiting",
    );
    assert.deepEqual(cells(mapLines[3]).slice(0, 3), [
      user.username,
      user.name,
      user.id,
    ]);
  } finally {
    await emulator.close();
  }
});
