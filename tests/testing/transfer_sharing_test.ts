/**
 * The emulator's sharing semantics over plain HTTP: a second user chosen on
 * the consent page, a guest collection, and an access rule that lets that
 * user read through it, refuses them outside it, and refuses them again once
 * deleted.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "../../src/testing/emulator.ts";
import { startWorkerEmulator } from "../../src/testing/worker_emulator.ts";
import { ALICE_USER, DEMO_USER } from "../../src/testing/auth_store.ts";
import {
  api,
  authorizeUrl,
  mappedToken,
  pkce,
  postForm,
  submitTransfer,
  TRANSFER,
  waitTask,
} from "./_helpers.ts";

test("the consent page offers the emulator's users, and the one chosen signs in", async () => {
  const emu = await startEmulator();
  try {
    const { verifier, challenge } = pkce();
    const page = await fetch(authorizeUrl(emu, { scope: TRANSFER, challenge }));
    const html = await page.text();
    assert.match(html, /<select name="identity"/);
    assert.match(html, /alice@globus-emulator\.org/);
    const requestId = html.match(/name="request_id" value="([^"]+)"/)?.[1];
    assert.ok(requestId);
    const decided = await fetch(`${emu.authUrl}v2/oauth2/authorize`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        request_id: requestId,
        decision: "allow",
        identity: ALICE_USER.id,
      }),
    });
    await decided.body?.cancel();
    const code = new URL(decided.headers.get("location")!).searchParams.get(
      "code",
    );
    assert.ok(code);
    const tokens = await postForm(emu, "v2/oauth2/token", {
      grant_type: "authorization_code",
      code,
      code_verifier: verifier,
      redirect_uri: `${emu.authUrl}v2/web/auth-code`,
      client_id: emu.nativeClientId,
    });
    const transfer = tokens.body.resource_server === "transfer.api.globus.org"
      ? tokens.body.access_token
      : tokens.body.other_tokens[0].access_token;
    const ls = await api(
      emu,
      transfer,
      "GET",
      `operation/endpoint/${emu.collections.tutorial2}/ls?path=/~/`,
    );
    assert.equal(ls.status, 200);
    assert.equal(ls.body.absolute_path, "/home/alice/");

    // usernames resolve to the users
    const ids = await fetch(
      `${emu.authUrl}v2/api/identities?usernames=alice@globus-emulator.org`,
      {
        headers: {
          authorization: `Bearer ${
            (await emu.mintTokens("openid profile email")).access_token
          }`,
        },
      },
    );
    const body = await ids.json();
    assert.equal(body.identities[0].id, ALICE_USER.id);
    assert.equal(body.identities[0].status, "used");
  } finally {
    await emu.close();
  }
});

test("an access rule grants the second user reads of its folder only, until it is deleted", async () => {
  const emu = await startEmulator();
  try {
    const mapped = emu.collections.mapped;
    const demo = await mappedToken(emu);
    const dir = join(emu.root, mapped, "home", "demo", "lab");
    await mkdir(join(dir, "public"), { recursive: true });
    await writeFile(join(dir, "public", "a.txt"), "a\n");
    await writeFile(join(dir, "hidden.txt"), "h\n");
    const made = await api(emu, demo, "POST", "shared_endpoint", {
      DATA_TYPE: "shared_endpoint",
      host_endpoint: mapped,
      host_path: "/~/lab/",
      display_name: "lab share",
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal(made.body.DATA_TYPE, "endpoint_create_result");
    const guest = made.body.id;

    // alice, logged in through session_required_identities
    const { verifier, challenge } = pkce();
    const code = await emu.approve(
      authorizeUrl(emu, {
        scope: TRANSFER,
        challenge,
        extra: { session_required_identities: ALICE_USER.id },
      }),
    );
    const t = await postForm(emu, "v2/oauth2/token", {
      grant_type: "authorization_code",
      code,
      code_verifier: verifier,
      redirect_uri: `${emu.authUrl}v2/web/auth-code`,
      client_id: emu.nativeClientId,
    });
    const alice = t.body.access_token;
    const ls = (path: string) =>
      api(
        emu,
        alice,
        "GET",
        `operation/endpoint/${guest}/ls?path=${encodeURIComponent(path)}`,
      );

    assert.equal((await ls("/public/")).status, 403);
    const rule = await api(emu, demo, "POST", `endpoint/${guest}/access`, {
      DATA_TYPE: "access",
      principal_type: "identity",
      principal: ALICE_USER.id,
      path: "/public/",
      permissions: "r",
    });
    assert.equal(rule.status, 201, JSON.stringify(rule.body));
    assert.equal(rule.body.DATA_TYPE, "access_create_result");

    const inside = await ls("/public/");
    assert.equal(inside.status, 200);
    assert.deepEqual(
      inside.body.DATA.map((f: { name: string }) => f.name),
      ["a.txt"],
    );
    const outside = await ls("/");
    assert.equal(outside.status, 403);
    assert.equal(outside.body.code, "PermissionDenied");
    const write = await api(
      emu,
      alice,
      "POST",
      `operation/endpoint/${guest}/mkdir`,
      { DATA_TYPE: "mkdir", path: "/public/new" },
    );
    assert.equal(write.status, 403);

    const list = await api(emu, demo, "GET", `endpoint/${guest}/access_list`);
    assert.equal(list.body.DATA_TYPE, "access_list");
    assert.equal(list.body.length, 2);
    assert.deepEqual(
      list.body.DATA.map((r: { principal: string }) => r.principal).sort(),
      [ALICE_USER.id, DEMO_USER.id].sort(),
    );

    const del = await api(
      emu,
      demo,
      "DELETE",
      `endpoint/${guest}/access/${rule.body.access_id}`,
    );
    assert.equal(del.body.code, "Deleted");
    const after = await ls("/public/");
    assert.equal(after.status, 403);
    assert.equal(after.body.code, "PermissionDenied");
  } finally {
    await emu.close();
  }
});

test("approve({ as }), mintTokens({ identity }) and the users option pick who signs in, in-process and in the worker thread", async () => {
  for (const inWorker of [false, true]) {
    const options = { users: [{ username: "bob", name: "Bob" }] };
    const emu = inWorker
      ? await startWorkerEmulator(options)
      : await startEmulator({ ...options, inProcess: true });
    try {
      assert.deepEqual(
        emu.users.map((u) => u.username),
        [
          "demo@globus-emulator.org",
          "alice@globus-emulator.org",
          "bob@globus-emulator.org",
        ],
      );
      const home = async (token: string) =>
        (await api(
          emu,
          token,
          "GET",
          `operation/endpoint/${emu.collections.tutorial2}/ls?path=/~/`,
        )).body.absolute_path;
      const minted = await emu.mintTokens(TRANSFER, { identity: "alice" });
      assert.equal(await home(minted.access_token), "/home/alice/");
      const { verifier, challenge } = pkce();
      const code = await emu.approve(
        authorizeUrl(emu, { scope: TRANSFER, challenge }),
        { as: "bob@globus-emulator.org" },
      );
      const t = await postForm(emu, "v2/oauth2/token", {
        grant_type: "authorization_code",
        code,
        code_verifier: verifier,
        redirect_uri: `${emu.authUrl}v2/web/auth-code`,
        client_id: emu.nativeClientId,
      });
      assert.equal(await home(t.body.access_token), "/home/bob/");
      await assert.rejects(
        emu.mintTokens(TRANSFER, { identity: "mallory" }),
        /not a user of this emulator/,
      );
    } finally {
      await emu.close();
    }
  }
});

test("guest collections, rules and roles survive a restart with the state file", async () => {
  const dir = await mkdtemp(join(tmpdir(), "sharing-state-"));
  try {
    const statePath = join(dir, "state.json");
    const root = join(dir, "root");
    const first = await startEmulator({ statePath, root, inProcess: true });
    const mapped = first.collections.mapped;
    const demo = await mappedToken(first);
    await mkdir(join(root, mapped, "home", "demo", "kept"), {
      recursive: true,
    });
    const guest = (await api(first, demo, "POST", "shared_endpoint", {
      host_endpoint: mapped,
      host_path: "/~/kept/",
      display_name: "kept share",
    })).body.id;
    await api(first, demo, "POST", `endpoint/${guest}/access`, {
      principal_type: "identity",
      principal: ALICE_USER.id,
      path: "/",
      permissions: "r",
    });
    await first.close();

    const second = await startEmulator({ statePath, root, inProcess: true });
    try {
      const alice = (await second.mintTokens(TRANSFER, { identity: "alice" }))
        .access_token;
      const ls = await api(
        second,
        alice,
        "GET",
        `operation/endpoint/${guest}/ls?path=/`,
      );
      assert.equal(ls.status, 200, JSON.stringify(ls.body));
      const doc = await api(second, demo, "GET", `endpoint/${guest}`);
      assert.equal(doc.body.display_name, "kept share");
      assert.deepEqual(doc.body.my_effective_roles, ["administrator"]);
    } finally {
      await second.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a task held on a guest collection is re-checked when it goes on: with its access rule deleted it fails with PERMISSION_DENIED", async () => {
  for (const deleteRule of [false, true]) {
    const emu = await startEmulator();
    try {
      const mapped = emu.collections.mapped;
      const demo = await mappedToken(emu);
      const lab = join(emu.root, mapped, "home", "demo", "lab");
      await mkdir(lab, { recursive: true });
      await writeFile(join(lab, "a.txt"), "a\n");
      await writeFile(join(lab, "b.txt"), "b\n");
      const guest = (await api(emu, demo, "POST", "shared_endpoint", {
        host_endpoint: mapped,
        host_path: "/~/lab/",
        display_name: "lab share",
      })).body.id;
      const rule = await api(emu, demo, "POST", `endpoint/${guest}/access`, {
        principal_type: "identity",
        principal: ALICE_USER.id,
        path: "/",
        permissions: "rw",
      });
      assert.equal(rule.status, 201, JSON.stringify(rule.body));
      // A pause rule holds alice's tasks (deterministically) once accepted.
      const hold = await api(emu, demo, "POST", "endpoint_manager/pause_rule", {
        DATA_TYPE: "pause_rule",
        endpoint_id: guest,
        message: "held",
      });
      assert.equal(hold.status, 200, JSON.stringify(hold.body));

      const alice = (await emu.mintTokens(TRANSFER, { identity: "alice" }))
        .access_token;
      const copy = await submitTransfer(emu, alice, {
        source_endpoint: guest,
        destination_endpoint: emu.collections.tutorial2,
        DATA: [{
          DATA_TYPE: "transfer_item",
          source_path: "/a.txt",
          destination_path: "/~/from-lab/a.txt",
        }],
      });
      assert.equal(copy.status, 202, JSON.stringify(copy.body));
      const sid = (await api(emu, alice, "GET", "submission_id")).body.value;
      const del = await api(emu, alice, "POST", "delete", {
        DATA_TYPE: "delete",
        submission_id: sid,
        endpoint: guest,
        DATA: [{ DATA_TYPE: "delete_item", path: "/b.txt" }],
      });
      assert.equal(del.status, 202, JSON.stringify(del.body));
      for (const id of [copy.body.task_id, del.body.task_id]) {
        const held = await api(emu, alice, "GET", `task/${id}`);
        assert.equal(held.body.status, "INACTIVE");
        assert.equal(held.body.is_paused, true);
      }

      if (deleteRule) {
        const gone = await api(
          emu,
          demo,
          "DELETE",
          `endpoint/${guest}/access/${rule.body.access_id}`,
        );
        assert.equal(gone.body.code, "Deleted");
      }
      const resumed = await api(
        emu,
        demo,
        "DELETE",
        `endpoint_manager/pause_rule/${hold.body.id}`,
      );
      assert.equal(resumed.body.code, "Deleted");

      const copied = await waitTask(emu, alice, copy.body.task_id);
      const deleted = await waitTask(emu, alice, del.body.task_id);
      const copy2 = join(
        emu.root,
        emu.collections.tutorial2,
        "home",
        "alice",
        "from-lab",
        "a.txt",
      );
      if (!deleteRule) {
        assert.equal(copied.status, "SUCCEEDED", JSON.stringify(copied));
        assert.equal(deleted.status, "SUCCEEDED", JSON.stringify(deleted));
        assert.equal(await readFile(copy2, "utf8"), "a\n");
        assert.equal(existsSync(join(lab, "b.txt")), false);
        continue;
      }
      for (
        const [task, id] of [[copied, copy.body.task_id], [
          deleted,
          del.body.task_id,
        ]]
      ) {
        assert.equal(task.status, "FAILED", JSON.stringify(task));
        assert.deepEqual(task.fatal_error, {
          code: "PERMISSION_DENIED",
          description: "permission denied",
        });
        const events = await api(emu, alice, "GET", `task/${id}/event_list`);
        const denied = events.body.DATA.find((e: { code: string }) =>
          e.code === "PERMISSION_DENIED"
        );
        assert.ok(denied, JSON.stringify(events.body));
        assert.equal(denied.is_error, true);
        assert.match(
          denied.details,
          new RegExp(`Endpoint: lab share \\(${guest}\\)`),
        );
        assert.match(denied.details, /No access rule on 'lab share'/);
      }
      assert.equal(existsSync(copy2), false, "nothing was copied");
      assert.equal(await readFile(join(lab, "b.txt"), "utf8"), "b\n");
    } finally {
      await emu.close();
    }
  }
});

test("a guest collection's host_endpoint is its host's legacy name, whoever owns the guest", async () => {
  const emu = await startEmulator();
  try {
    const mapped = emu.collections.mapped;
    const alice = (await emu.mintTokens(
      `${TRANSFER}[*https://auth.globus.org/scopes/${mapped}/data_access]`,
      { identity: "alice" },
    )).access_token;
    const mk = await api(
      emu,
      alice,
      "POST",
      `operation/endpoint/${mapped}/mkdir`,
      {
        DATA_TYPE: "mkdir",
        path: "/~/share/",
      },
    );
    assert.equal(mk.status, 202, JSON.stringify(mk.body));
    const made = await api(emu, alice, "POST", "shared_endpoint", {
      DATA_TYPE: "shared_endpoint",
      host_endpoint: mapped,
      host_path: "/~/share/",
      display_name: "alice share",
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const guest = (await api(emu, alice, "GET", `endpoint/${made.body.id}`))
      .body;
    const host = (await api(emu, alice, "GET", `endpoint/${mapped}`)).body;
    assert.equal(guest.owner_string, "alice@globus-emulator.org");
    // It read "alice#…", a name the host does not have.
    assert.equal(guest.host_endpoint, host.canonical_name);
  } finally {
    await emu.close();
  }
});

test("endpoint search's hide-no-permissions scope leaves out a public guest collection until a rule lets the caller in", async () => {
  const emu = await startEmulator();
  try {
    const mapped = emu.collections.mapped;
    const demo = await mappedToken(emu);
    await mkdir(join(emu.root, mapped, "home", "demo", "pub"), {
      recursive: true,
    });
    const made = await api(emu, demo, "POST", "shared_endpoint", {
      DATA_TYPE: "shared_endpoint",
      host_endpoint: mapped,
      host_path: "/~/pub/",
      display_name: "open share",
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const guest = made.body.id;
    const pub = await api(emu, demo, "PUT", `endpoint/${guest}`, {
      DATA_TYPE: "endpoint",
      public: true,
    });
    assert.equal(pub.status, 200, JSON.stringify(pub.body));
    const alice = (await emu.mintTokens(TRANSFER, { identity: "alice" }))
      .access_token;
    const found = async (scope: string) =>
      ((await api(
        emu,
        alice,
        "GET",
        `endpoint_search?filter_scope=${scope}&limit=100`,
      )).body.DATA as { id: string }[]).map((e) => e.id);

    assert.ok((await found("all")).includes(guest));
    const hidden = await found("hide-no-permissions");
    assert.ok(!hidden.includes(guest));
    assert.ok(hidden.includes(emu.collections.tutorial1));

    const rule = await api(emu, demo, "POST", `endpoint/${guest}/access`, {
      DATA_TYPE: "access",
      principal_type: "identity",
      principal: ALICE_USER.id,
      path: "/",
      permissions: "r",
    });
    assert.equal(rule.status, 201, JSON.stringify(rule.body));
    assert.ok((await found("hide-no-permissions")).includes(guest));
  } finally {
    await emu.close();
  }
});
