/**
 * End to end against the in-process emulator: a token from its OAuth flow
 * (plain fetch, PKCE), then ls, mkdir, a recursive checksummed transfer,
 * taskWait, byte-identical files, successful transfers, a delete and a
 * cancel.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { startEmulator } from "../../src/testing/emulator.ts";
import { homeOf } from "../../src/testing/paths.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { TransferData } from "../../src/transfer/transfer_data.ts";
import { DeleteData } from "../../src/transfer/delete_data.ts";
import { TransferAPIError } from "../../src/core/errors.ts";

const TUTORIAL_CLIENT_ID = "61338d24-54d5-408f-a10d-66c06b59f6d2";
const TRANSFER_SCOPE = "urn:globus:auth:scope:transfer.api.globus.org:all";

function b64url(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** The native-app login with plain fetch: authorize URL, approve, code exchange. */
async function loginToken(
  authUrl: string,
  approve: (u: string) => Promise<string>,
): Promise<string> {
  const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = b64url(
    new Uint8Array(
      await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)),
    ),
  );
  const redirectUri = new URL("v2/web/auth-code", authUrl).href;
  const authorize = new URL("v2/oauth2/authorize", authUrl);
  for (
    const [k, v] of Object.entries({
      client_id: TUTORIAL_CLIENT_ID,
      redirect_uri: redirectUri,
      scope: TRANSFER_SCOPE,
      state: "_default",
      response_type: "code",
      code_challenge: challenge,
      code_challenge_method: "S256",
      access_type: "online",
    })
  ) authorize.searchParams.set(k, v);
  const code = await approve(authorize.href);
  const res = await fetch(new URL("v2/oauth2/token", authUrl), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      code_verifier: verifier,
      redirect_uri: redirectUri,
      client_id: TUTORIAL_CLIENT_ID,
    }),
  });
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  const transfer = body.resource_server === "transfer.api.globus.org"
    ? body
    : body.other_tokens.find((t: { resource_server: string }) =>
      t.resource_server === "transfer.api.globus.org"
    );
  return transfer.access_token;
}

test("TransferClient works end to end against the emulator", async () => {
  const emu = await startEmulator({ taskDelayMs: 50 });
  try {
    const token = await loginToken(emu.authUrl, (u) => emu.approve(u));
    const tc = new TransferClient({
      authorizer: {
        getAuthorizationHeader: () => Promise.resolve(`Bearer ${token}`),
      },
      baseUrl: emu.transferUrl,
    });
    const ep1 = emu.collections.tutorial1;
    const ep2 = emu.collections.tutorial2;
    const home = homeOf(emu.user.username);
    const onDisk = (ep: string, path: string) =>
      join(
        emu.root,
        ep,
        ...home.split("/").filter(Boolean),
        ...path.split("/").filter(Boolean),
      );

    // search and ls
    const found = await tc.endpointSearch("Tutorial", { filterScope: "all" })
      .toArray();
    assert.ok(found.some((e) => e.id === ep1));
    const ls = await tc.operationLs(ep1, { path: "/share/godata/" });
    assert.deepEqual(ls.DATA.map((f) => f.name).sort(), [
      "file1.txt",
      "file2.txt",
      "file3.txt",
    ]);
    const txt = await tc.operationLs(ep1, {
      path: "/share/godata/",
      filter: { name: "~file1*" },
    });
    assert.deepEqual(txt.DATA.map((f) => f.name), ["file1.txt"]);

    // a source tree in the user's home on collection 1
    const tree: Record<string, string> = {
      "a.txt": "alpha\n",
      "sub/b.bin": "\u0000\u0001binary\u00ff",
      "sub/deeper/c.txt": "x".repeat(10_000),
    };
    for (const [rel, content] of Object.entries(tree)) {
      const p = onDisk(ep1, `/tree/${rel}`);
      await mkdir(join(p, ".."), { recursive: true });
      await writeFile(p, content);
    }

    // mkdir on collection 2
    const mk = await tc.operationMkdir(ep2, "/~/e2e");
    assert.equal(mk.code, "DirectoryCreated");
    await assert.rejects(
      () => tc.operationMkdir(ep2, "/~/e2e"),
      TransferAPIError,
    );

    // recursive, checksummed transfer
    const tdata = new TransferData({
      sourceEndpoint: ep1,
      destinationEndpoint: ep2,
      label: "e2e tree",
      verifyChecksum: true,
      syncLevel: "checksum",
    })
      .addItem("/~/tree/", "/~/e2e/tree/", { recursive: true })
      .addItem("/share/godata/file1.txt", "/~/e2e/file1.txt");
    const submitted = await tc.submitTransfer(tdata);
    assert.equal(submitted.code, "Accepted");
    assert.ok(tdata.submissionId);
    const polls: string[] = [];
    const done = await tc.taskWait(submitted.task_id, {
      timeoutS: 60,
      pollingIntervalS: 1,
      progress: false,
      onPoll: (t) => void polls.push(t.status),
    });
    assert.equal(done, true);
    const task = await tc.getTask(submitted.task_id);
    assert.equal(task.status, "SUCCEEDED", JSON.stringify(task.fatal_error));
    assert.equal(task.files_transferred, 4);
    assert.equal(task.verify_checksum, true);

    for (const [rel, content] of Object.entries(tree)) {
      const got = await readFile(onDisk(ep2, `/e2e/tree/${rel}`));
      assert.deepEqual(got, Buffer.from(content), rel);
    }
    assert.equal(
      await readFile(onDisk(ep2, "/e2e/file1.txt"), "utf8"),
      "abc\n",
    );

    // resubmitting the same document (same submission id) makes no new task
    const again = await tc.submitTransfer(tdata);
    assert.equal(again.task_id, submitted.task_id);

    const successes = await tc.taskSuccessfulTransfers(submitted.task_id)
      .toArray();
    const dests = successes.map((s) => s.destination_path).sort();
    assert.equal(dests.length, 4);
    assert.ok(
      dests.some((d) => d.endsWith("/e2e/tree/sub/deeper/c.txt")),
      dests.join(", "),
    );
    const events = await tc.taskEventList(submitted.task_id).toArray();
    assert.ok(events.some((e) => e.code === "SUCCEEDED"));
    assert.ok(
      (await tc.taskList({ filter: { type: "TRANSFER" } }).toArray()).some((
        t,
      ) => t.task_id === submitted.task_id),
    );

    // rename and stat
    await tc.operationRename(ep2, "/~/e2e/file1.txt", "/~/e2e/renamed.txt");
    assert.equal((await tc.operationStat(ep2, "/~/e2e/renamed.txt")).size, 4);

    // delete
    const del = await tc.submitDelete(
      new DeleteData({ endpoint: ep2, recursive: true }).addItem(
        "/~/e2e/tree/sub/",
      ),
    );
    assert.equal(
      await tc.taskWait(del.task_id, {
        timeoutS: 60,
        pollingIntervalS: 1,
        progress: false,
      }),
      true,
    );
    assert.equal((await tc.getTask(del.task_id)).status, "SUCCEEDED");
    await assert.rejects(() => stat(onDisk(ep2, "/e2e/tree/sub")), {
      code: "ENOENT",
    });
    await assert.rejects(
      () => tc.operationStat(ep2, "/~/e2e/tree/sub"),
      (e: unknown) => e instanceof TransferAPIError && e.httpStatus === 404,
    );

    // cancel a long task
    const long = new TransferData({
      sourceEndpoint: ep1,
      destinationEndpoint: ep2,
      label: "long",
    });
    for (let i = 0; i < 200; i++) {
      long.addItem("/share/godata/file2.txt", `/~/long/f${i}.txt`);
    }
    const longTask = await tc.submitTransfer(long);
    const cancel = await tc.cancelTask(longTask.task_id);
    assert.equal(cancel.code, "Canceled");
    assert.equal(
      await tc.taskWait(longTask.task_id, {
        timeoutS: 60,
        pollingIntervalS: 1,
        progress: false,
      }),
      true,
    );
    const canceled = await tc.getTask(longTask.task_id);
    assert.equal(canceled.status, "FAILED");
    assert.ok((canceled.files_transferred ?? 0) < 200);
    const cancelEvents = await tc.taskEventList(longTask.task_id).toArray();
    assert.ok(cancelEvents.some((e) => e.code === "CANCELED"));
  } finally {
    await emu.close();
  }
});
