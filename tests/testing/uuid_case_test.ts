/**
 * Globus ids in upper case: Transfer reads a UUID in any case and answers
 * with its lowercase form, so code that copied `DDB59AEF-…` from somewhere
 * works against the emulator as it does against Globus.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { AuthClient } from "../../src/auth/auth_client.ts";
import { AuthScopes } from "../../src/auth/scopes.ts";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { startEmulator } from "../../src/testing/emulator.ts";
import { TUTORIAL_COLLECTION_1 } from "../../src/testing/collections.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { TransferData } from "../../src/transfer/transfer_data.ts";

const MINE = "DDB59AEF-6D04-11E5-BA46-22000B92C6EC";

test("uppercase collection and task ids find what lowercase ones find, and answers use lowercase", async () => {
  const emu = await startEmulator({
    collections: [{
      id: MINE,
      displayName: "Mine",
      files: { "/a.txt": "a" },
    }],
  });
  try {
    const tokens = await emu.mintTokens(TransferClient.scopes.all);
    const tc = new TransferClient({
      authorizer: new AccessTokenAuthorizer(tokens.access_token),
      baseUrl: emu.transferUrl,
    });
    const upper1 = TUTORIAL_COLLECTION_1.toUpperCase();
    const ep = await tc.getEndpoint(upper1);
    assert.equal(ep.id, TUTORIAL_COLLECTION_1);
    const ls = await tc.operationLs(upper1, { path: "/share/godata/" });
    assert.deepEqual(
      ls.DATA.map((f) => f.name).sort(),
      ["file1.txt", "file2.txt", "file3.txt"],
    );
    // A collection configured with an uppercase id is served under its
    // lowercase id, and found in either case.
    const mine = await tc.getEndpoint(MINE.toLowerCase());
    assert.equal(mine.id, MINE.toLowerCase());
    assert.equal((await tc.getEndpoint(MINE)).id, MINE.toLowerCase());

    const td = new TransferData({
      sourceEndpoint: upper1,
      destinationEndpoint: MINE,
    });
    td.addItem("/share/godata/file1.txt", "/file1.txt");
    const { task_id } = await tc.submitTransfer(td);
    const done = await tc.taskWait(task_id.toUpperCase(), {
      timeoutS: 60,
      pollingIntervalS: 1,
      progress: false,
    });
    assert.equal(done, true);
    const task = await tc.getTask(task_id.toUpperCase());
    assert.equal(task.task_id, task_id);
    assert.equal(task.status, "SUCCEEDED");
    assert.equal(task.source_endpoint_id, TUTORIAL_COLLECTION_1);
    assert.equal(task.destination_endpoint_id, MINE.toLowerCase());
    const listed = await tc.taskList({
      filter: `task_id:${task_id.toUpperCase()}`,
    }).toArray();
    assert.deepEqual(listed.map((t) => t.task_id), [task_id]);
    const copied = await tc.operationLs(MINE, { path: "/" });
    assert.ok(copied.DATA.some((f) => f.name === "file1.txt"));
  } finally {
    await emu.close();
  }
});

test("a user id and a collection's ownerId given in uppercase are served in lowercase, as Auth and Transfer answer", async () => {
  const BOB = "0B0B0000-AAAA-4BBB-8CCC-DDDDEEEEFFFF";
  const COL = crypto.randomUUID();
  const emu = await startEmulator({
    users: [{ username: "bob@example.org", id: BOB }],
    collections: [{ id: COL, displayName: "Bob's", ownerId: BOB }],
  });
  try {
    const bob = emu.users.find((u) => u.username === "bob@example.org");
    assert.equal(bob?.id, BOB.toLowerCase());
    const tokens = await emu.mintTokens(TransferClient.scopes.all, {
      identity: BOB,
    });
    const tc = new TransferClient({
      authorizer: new AccessTokenAuthorizer(tokens.access_token),
      baseUrl: emu.transferUrl,
    });
    const ep = await tc.getEndpoint(COL);
    assert.equal(ep.owner_id, BOB.toLowerCase());
    // Bob owns it, so he may manage it.
    const rule = await tc.endpointManagerCreatePauseRule({
      endpoint_id: COL.toUpperCase(),
      message: "maintenance",
    });
    assert.equal(rule.endpoint_id, COL);
  } finally {
    await emu.close();
  }
});

test("getIdentities finds an identity by its id in uppercase and answers with the lowercase id (it found none)", async () => {
  const emu = await startEmulator();
  try {
    const tokens = await emu.mintTokens(AuthScopes.viewIdentities);
    const ac = new AuthClient({
      authorizer: new AccessTokenAuthorizer(tokens.access_token),
      baseUrl: emu.authUrl,
    });
    const r = await ac.getIdentities({ ids: [emu.user.id.toUpperCase()] });
    const found = r.identities;
    assert.deepEqual(found.map((i) => i.id), [emu.user.id]);
    assert.equal(found[0]?.username, emu.user.username);
  } finally {
    await emu.close();
  }
});
