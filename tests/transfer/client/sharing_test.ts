/**
 * Sharing through our TransferClient against the emulator: a guest
 * collection on the mapped collection, an access rule for a second identity
 * that really grants (and, deleted, takes away) access, roles deciding who
 * manages rules, and the collection-management calls.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type Emulator, startEmulator } from "../../../src/testing/emulator.ts";
import { ALICE_USER, DEMO_USER } from "../../../src/testing/auth_store.ts";
import { TransferClient } from "../../../src/transfer/transfer_client.ts";
import { TransferData } from "../../../src/transfer/transfer_data.ts";
import { AuthClient } from "../../../src/auth/auth_client.ts";
import { TransferAPIError } from "../../../src/core/errors.ts";
import { AccessTokenAuthorizer } from "../../../src/authorizers/access_token.ts";
import {
  authorizeUrl,
  pkce,
  postForm,
  TRANSFER,
} from "../../testing/_helpers.ts";

const dataAccess = (id: string) =>
  `${TRANSFER}[*https://auth.globus.org/scopes/${id}/data_access]`;

/** Logs in through the authorize URL as `identityId` (session_required_identities). */
async function tokensAs(
  emu: Emulator,
  identityId: string,
  scope: string,
): Promise<Record<string, string>> {
  const { verifier, challenge } = pkce();
  const url = authorizeUrl(emu, {
    scope,
    challenge,
    extra: { session_required_identities: identityId },
  });
  const code = await emu.approve(url);
  const r = await postForm(emu, "v2/oauth2/token", {
    grant_type: "authorization_code",
    code,
    code_verifier: verifier,
    redirect_uri: `${emu.authUrl}v2/web/auth-code`,
    client_id: emu.nativeClientId,
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const out: Record<string, string> = {};
  for (const t of [r.body, ...(r.body.other_tokens ?? [])]) {
    out[t.resource_server] = t.access_token;
  }
  return out;
}

function transferClient(emu: Emulator, token: string): TransferClient {
  return new TransferClient({
    authorizer: new AccessTokenAuthorizer(token),
    baseUrl: emu.transferUrl,
  });
}

async function refused(
  p: Promise<unknown>,
  status: number,
  code: string,
): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof TransferAPIError, String(e));
    assert.equal(e.httpStatus, status, e.message);
    assert.equal(e.code, code, e.message);
    return true;
  });
}

async function waitDone(tc: TransferClient, taskId: string): Promise<string> {
  for (let i = 0; i < 600; i++) {
    const t = await tc.getTask(taskId);
    if (t.status !== "ACTIVE") return t.status;
    await new Promise((r) => setTimeout(r, 50));
  }
  return "ACTIVE";
}

/** A guest collection of `/~/project/` on the mapped collection, made by the demo user. */
async function setUp(emu: Emulator) {
  const mapped = emu.collections.mapped;
  const demoTokens = await tokensAs(
    emu,
    DEMO_USER.id,
    `openid profile email ${dataAccess(mapped)}`,
  );
  const demo = transferClient(emu, demoTokens["transfer.api.globus.org"]!);
  const home = join(emu.root, mapped, "home", "demo");
  await mkdir(join(home, "project", "results"), { recursive: true });
  await writeFile(join(home, "project", "results", "data.txt"), "shared!\n");
  await writeFile(join(home, "project", "private.txt"), "secret\n");
  const created = await demo.createSharedEndpoint({
    DATA_TYPE: "shared_endpoint",
    host_endpoint: mapped,
    host_path: "/~/project/",
    display_name: "Demo project share",
    description: "results for colleagues",
  });
  assert.equal(created.code, "Created");
  const aliceTokens = await tokensAs(emu, ALICE_USER.id, TRANSFER);
  const alice = transferClient(emu, aliceTokens["transfer.api.globus.org"]!);
  const auth = new AuthClient({
    authorizer: new AccessTokenAuthorizer(demoTokens["auth.globus.org"]!),
    baseUrl: emu.authUrl,
  });
  return { demo, alice, auth, guest: created.id, mapped, home };
}

test("a guest collection is a collection rooted at a folder of its host, administered by its maker", async () => {
  const emu = await startEmulator();
  try {
    const { demo, alice, guest, mapped } = await setUp(emu);
    const doc = await demo.getEndpoint(guest);
    assert.equal(doc.entity_type, "GCSv5_guest_collection");
    assert.equal(doc.host_endpoint_id, mapped);
    assert.equal(doc.host_path, "/home/demo/project/");
    assert.deepEqual(doc.my_effective_roles, ["administrator"]);
    assert.equal(doc.owner_id, DEMO_USER.id);

    // its root is the host folder: same files, writes land in the host
    const ls = await demo.operationLs(guest, { path: "/" });
    assert.deepEqual(ls.DATA.map((f) => f.name).sort(), [
      "private.txt",
      "results",
    ]);
    await demo.operationMkdir(guest, "/made-through-guest");
    const hostLs = await demo.operationLs(mapped, { path: "/~/project/" });
    assert.ok(hostLs.DATA.some((f) => f.name === "made-through-guest"));

    // the maker is its administrator and has a read-write rule on /
    const roles = await demo.endpointRoleList(guest);
    assert.equal(roles.DATA.length, 1);
    assert.equal(roles.DATA[0]?.role, "administrator");
    assert.equal(roles.DATA[0]?.principal, DEMO_USER.id);
    const role = await demo.getEndpointRole(guest, roles.DATA[0]!.id);
    assert.equal(role.role, "administrator");
    const rules = await demo.endpointAclList(guest);
    assert.equal(rules.endpoint, guest);
    assert.deepEqual(
      rules.DATA.map((r) => [r.principal, r.path, r.permissions]),
      [[DEMO_USER.id, "/", "rw"]],
    );
    assert.match(String(rules), /Principal Type/);

    // lists of guest collections
    const mine = await demo.mySharedEndpointList(mapped);
    assert.deepEqual(mine.DATA.map((e) => e.id), [guest]);
    const all = await demo.getSharedEndpointList(mapped, { maxResults: 1 })
      .toArray();
    assert.deepEqual(all.map((e) => e.id), [guest]);
    const byMe = await demo.endpointSearch(undefined, {
      filterScope: "shared-by-me",
    }).toArray();
    assert.deepEqual(byMe.map((e) => e.id), [guest]);
    const hosted = await demo.endpointSearch(undefined, {
      filterScope: "hosted-by",
      filterHostEndpoint: mapped,
    }).toArray();
    assert.deepEqual(hosted.map((e) => e.id), [guest]);

    // someone without a role or rule sees nothing of it
    assert.deepEqual(
      (await alice.endpointSearch("Demo project share").toArray()).map((e) =>
        e.id
      ),
      [],
    );
    assert.deepEqual((await alice.mySharedEndpointList(mapped)).DATA, []);
    await refused(
      alice.getSharedEndpointList(mapped).toArray(),
      403,
      "PermissionDenied",
    );
    await refused(alice.endpointAclList(guest), 403, "PermissionDenied");
  } finally {
    await emu.close();
  }
});

test("an access rule lets the second identity read that folder and nothing else; deleting it takes the access away", async () => {
  const emu = await startEmulator();
  try {
    const { demo, alice, auth, guest } = await setUp(emu);
    const { identities } = await auth.getIdentities({
      usernames: "alice@globus-emulator.org",
    });
    const aliceId = identities[0]!.id;
    assert.equal(aliceId, ALICE_USER.id);

    // no rule yet: refused everywhere
    await refused(
      alice.operationLs(guest, { path: "/results/" }),
      403,
      "PermissionDenied",
    );

    const { access_id } = await demo.addEndpointAclRule(guest, {
      DATA_TYPE: "access",
      principal_type: "identity",
      principal: aliceId,
      path: "/results/",
      permissions: "r",
    });
    // Printed, its result shows the id that update and delete take (the
    // table left it out).
    const added = await demo.addEndpointAclRule(guest, {
      DATA_TYPE: "access",
      principal_type: "identity",
      principal: aliceId,
      path: "/shown/",
      permissions: "r",
    });
    assert.match(
      String(added),
      new RegExp(`access_id\\s*\\|?\\s*${added.access_id}`),
    );
    await demo.deleteEndpointAclRule(guest, added.access_id);
    const rule = await demo.getEndpointAclRule(guest, access_id);
    assert.equal(rule.path, "/results/");
    assert.equal(rule.permissions, "r");
    assert.equal(rule.role_type, "administrator");

    // reads inside the folder
    const ls = await alice.operationLs(guest, { path: "/results/" });
    assert.deepEqual(ls.DATA.map((f) => f.name), ["data.txt"]);
    const st = await alice.operationStat(guest, "/results/data.txt");
    assert.equal(st.size, 8);
    const shared = await alice.endpointSearch(undefined, {
      filterScope: "shared-with-me",
    }).toArray();
    assert.deepEqual(shared.map((e) => e.id), [guest]);

    // copies out of it
    const tdata = new TransferData({
      sourceEndpoint: guest,
      destinationEndpoint: emu.collections.tutorial2,
    }).addItem("/results/data.txt", "/~/from-demo/data.txt");
    const { task_id } = await alice.submitTransfer(tdata);
    assert.equal(await waitDone(alice, task_id), "SUCCEEDED");
    assert.equal(
      await readFile(
        join(
          emu.root,
          emu.collections.tutorial2,
          "home",
          "alice",
          "from-demo",
          "data.txt",
        ),
        "utf8",
      ),
      "shared!\n",
    );

    // nothing outside the folder, and no writes with "r"
    await refused(
      alice.operationLs(guest, { path: "/" }),
      403,
      "PermissionDenied",
    );
    await refused(
      alice.operationStat(guest, "/private.txt"),
      403,
      "PermissionDenied",
    );
    await refused(
      alice.submitTransfer(
        new TransferData({
          sourceEndpoint: guest,
          destinationEndpoint: emu.collections.tutorial2,
        }).addItem("/private.txt", "/~/stolen.txt"),
      ),
      403,
      "PermissionDenied",
    );
    await refused(
      alice.operationMkdir(guest, "/results/mine"),
      403,
      "PermissionDenied",
    );
    // she cannot manage the rules either
    await refused(alice.endpointAclList(guest), 403, "PermissionDenied");
    await refused(
      alice.deleteEndpointAclRule(guest, access_id),
      403,
      "PermissionDenied",
    );

    // "rw" permits writes
    const upd = await demo.updateEndpointAclRule(guest, access_id, {
      permissions: "rw",
    });
    assert.equal(upd.code, "Updated");
    await alice.operationMkdir(guest, "/results/mine");

    // deleting the rule takes the access away
    const del = await demo.deleteEndpointAclRule(guest, access_id);
    assert.equal(del.code, "Deleted");
    await refused(
      alice.operationLs(guest, { path: "/results/" }),
      403,
      "PermissionDenied",
    );
    await refused(
      demo.getEndpointAclRule(guest, access_id),
      404,
      "AccessRuleNotFound",
    );
  } finally {
    await emu.close();
  }
});

test("roles decide who manages rules: an access_manager may, until the role is deleted (and its rules go with it)", async () => {
  const emu = await startEmulator();
  try {
    const { demo, alice, guest } = await setUp(emu);
    await refused(
      alice.addEndpointAclRule(guest, {
        principal_type: "all_authenticated_users",
        principal: "",
        path: "/results/",
        permissions: "r",
      }),
      403,
      "PermissionDenied",
    );
    const role = await demo.addEndpointRole(guest, {
      DATA_TYPE: "role",
      principal_type: "identity",
      principal: ALICE_USER.id,
      role: "access_manager",
    });
    assert.equal(role.role, "access_manager");
    await refused(
      demo.addEndpointRole(guest, {
        principal_type: "identity",
        principal: ALICE_USER.id,
        role: "access_manager",
      }),
      409,
      "Exists",
    );
    // alice may now list and add rules, but not give roles
    assert.equal((await alice.endpointAclList(guest)).DATA.length, 1);
    const made = await alice.addEndpointAclRule(guest, {
      principal_type: "all_authenticated_users",
      principal: "",
      path: "/results/",
      permissions: "r",
    });
    assert.equal(
      (await alice.getEndpointAclRule(guest, made.access_id)).role_type,
      "access_manager",
    );
    await refused(
      alice.addEndpointRole(guest, {
        principal_type: "identity",
        principal: ALICE_USER.id,
        role: "administrator",
      }),
      403,
      "PermissionDenied",
    );
    const doc = await alice.getEndpoint(guest);
    assert.deepEqual(doc.my_effective_roles, ["access_manager"]);
    assert.equal(doc.acl_editable, true);

    // deleting the role removes the rules made through it
    const del = await demo.deleteEndpointRole(guest, role.id);
    assert.equal(del.code, "Deleted");
    const left = await demo.endpointAclList(guest);
    assert.deepEqual(left.DATA.map((r) => r.principal_type), ["identity"]);
    await refused(alice.endpointAclList(guest), 403, "PermissionDenied");
    await refused(
      demo.getEndpointRole(guest, role.id),
      404,
      "RoleNotFound",
    );

    // the last administrator stays
    const admin = (await demo.endpointRoleList(guest)).DATA[0]!;
    await refused(demo.deleteEndpointRole(guest, admin.id), 409, "Conflict");
  } finally {
    await emu.close();
  }
});

test("bad rules, roles and guest collections are refused with the reason", async () => {
  const emu = await startEmulator();
  try {
    const { demo, guest, mapped } = await setUp(emu);
    const rule = {
      principal_type: "identity",
      principal: ALICE_USER.id,
      path: "/results/",
      permissions: "r",
    };
    await demo.addEndpointAclRule(guest, rule);
    await refused(demo.addEndpointAclRule(guest, rule), 409, "Exists");
    await refused(
      demo.addEndpointAclRule(guest, { ...rule, path: "/results" }),
      400,
      "ClientError.BadRequest.InvalidPath",
    );
    await refused(
      demo.addEndpointAclRule(guest, { ...rule, permissions: "w" }),
      400,
      "ClientError.BadRequest",
    );
    await refused(
      demo.addEndpointAclRule(guest, { ...rule, principal: "alice" }),
      400,
      "ClientError.BadRequest",
    );
    await refused(
      demo.updateEndpointAclRule(guest, "no-such-rule", { permissions: "rw" }),
      404,
      "AccessRuleNotFound",
    );
    // rules are for guest collections
    await refused(demo.endpointAclList(mapped), 400, "ClientError.BadRequest");
    // in words a person can follow (it read "managed by the emulator only
    // on guest collections made in it, on its mapped collection, and … is
    // a GCSv5_mapped_collection")
    await assert.rejects(
      demo.endpointAclList(mapped),
      /is a GCSv5_mapped_collection, and the emulator keeps access rules only on the guest collections made in it\. Make one on this mapped collection with POST shared_endpoint \(createSharedEndpoint\), then manage the guest collection's access rules/,
    );
    // the tutorial collections are mapped collections, as Globus's are
    await assert.rejects(
      demo.endpointAclList(emu.collections.tutorial1),
      /is a GCSv5_mapped_collection, and the emulator keeps access rules only on the guest collections made in it/,
    );
    // guest collections are made on mapped collections (not on a guest
    // collection; the tutorial collections, mapped ones, were refused here
    // when the emulator typed them as guest collections), of a folder that
    // exists
    await refused(
      demo.createSharedEndpoint({
        host_endpoint: guest,
        host_path: "/",
        display_name: "x",
      }),
      400,
      "ClientError.BadRequest",
    );
    await refused(
      demo.createSharedEndpoint({
        host_endpoint: mapped,
        host_path: "/~/no-such-folder/",
        display_name: "x",
      }),
      400,
      "ClientError.BadRequest",
    );
    // without the mapped collection's data_access consent: demo gave it to
    // the tutorial client (setUp's login), not to this one
    emu.registerClient({ clientId: "another-app", name: "Another app" });
    const plain = transferClient(
      emu,
      (await emu.mintTokens(TRANSFER, { clientId: "another-app" }))
        .access_token,
    );
    await refused(
      plain.createSharedEndpoint({
        host_endpoint: mapped,
        host_path: "/~/project/",
        display_name: "x",
      }),
      403,
      "ConsentRequired",
    );
    assert.rejects(
      () =>
        demo.addEndpointAclRule(
          guest,
          "rule" as unknown as Record<string, unknown>,
        ),
      /'ruleData' must be an object/,
    );
  } finally {
    await emu.close();
  }
});

test("updateEndpoint, deleteEndpoint, servers and subscriptions", async () => {
  const emu = await startEmulator();
  try {
    const { demo, alice, guest, mapped } = await setUp(emu);
    await demo.addEndpointAclRule(guest, {
      principal_type: "identity",
      principal: ALICE_USER.id,
      path: "/results/",
      permissions: "r",
    });
    const up = await demo.updateEndpoint(guest, {
      display_name: "Renamed share",
      organization: "Lab",
    });
    assert.equal(up.code, "Updated");
    const doc = await alice.getEndpoint(guest);
    assert.equal(doc.display_name, "Renamed share");
    assert.equal(doc.organization, "Lab");
    await refused(
      alice.updateEndpoint(guest, { display_name: "mine" }),
      403,
      "PermissionDenied",
    );
    await refused(
      demo.updateEndpoint(guest, { host_path: "/" }),
      400,
      "ClientError.BadRequest",
    );
    assert.rejects(
      () =>
        demo.updateEndpoint(guest, { myproxy_server: "a", oauth_server: "b" }),
      /either 'myproxy_server' or 'oauth_server'/,
    );

    // servers
    const servers = await demo.endpointServerList(emu.collections.tutorial1);
    assert.equal(servers.DATA_TYPE, "endpoint_server_list");
    const first = servers.DATA[0]!;
    const server = await demo.getEndpointServer(
      emu.collections.tutorial1,
      first.id,
    );
    assert.equal(server.hostname, first.hostname);
    await refused(
      demo.getEndpointServer(emu.collections.tutorial1, 999),
      404,
      "ServerNotFound",
    );

    // subscriptions
    assert.equal(
      (await demo.setSubscriptionId(mapped, "DEFAULT")).code,
      "Updated",
    );
    assert.equal(
      (await demo.setSubscriptionAdminVerified(mapped, true)).code,
      "Updated",
    );
    assert.equal(
      (await demo.getEndpoint(mapped)).subscription_admin_verified,
      true,
    );
    await refused(
      alice.setSubscriptionAdminVerified(mapped, true),
      403,
      "PermissionDenied",
    );
    await refused(
      demo.setSubscriptionId(guest, "DEFAULT"),
      400,
      "ClientError.BadRequest",
    );
    await demo.setSubscriptionId(mapped, null);
    assert.equal((await demo.getEndpoint(mapped)).subscription_id, null);
    await refused(
      demo.setSubscriptionAdminVerified(mapped, true),
      400,
      "BadRequest",
    );
    await assert.rejects(
      () =>
        demo.setSubscriptionAdminVerified(
          mapped,
          "yes" as unknown as boolean,
        ),
      TypeError,
    );

    // deleting the guest collection: gone, and so is the access
    await refused(alice.deleteEndpoint(guest), 403, "PermissionDenied");
    assert.equal((await demo.deleteEndpoint(guest)).code, "Deleted");
    await refused(demo.getEndpoint(guest), 404, "EndpointNotFound");
    await refused(
      alice.operationLs(guest, { path: "/results/" }),
      404,
      "EndpointNotFound",
    );
    await refused(demo.deleteEndpoint(mapped), 400, "ClientError.BadRequest");
  } finally {
    await emu.close();
  }
});

test("access rules on a configured collection typed as a guest collection with no host are refused in words that fit it", async () => {
  const id = "2d9b7c4e-1f3a-4b5c-8d6e-7f8091a2b3c4";
  const emu = await startEmulator({
    collections: [{ id, displayName: "Configured" }],
  });
  try {
    const demo = transferClient(
      emu,
      (await emu.mintTokens(TRANSFER)).access_token,
    );
    await assert.rejects(
      demo.endpointAclList(id),
      /is a GCSv5_guest_collection given to the emulator with no host collection \(a 'collections' option's entityType\), and the emulator keeps access rules only on the guest collections made in it\. Make one on the emulator's mapped collection/,
    );
  } finally {
    await emu.close();
  }
});
