import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Emulator, startEmulator } from "../../src/testing/emulator.ts";
import { EMULATOR_STREAM_ACCESS_POINTS as SAP } from "../../src/testing/transfer_admin.ts";
import { NativeAppAuthClient } from "../../src/auth/native_client.ts";
import { AuthClient } from "../../src/auth/auth_client.ts";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { api, submitTransfer, transferToken, waitTask } from "./_helpers.ts";

test("an emulator with statePath honours tokens issued before a restart", async () => {
  const dir = await mkdtemp(join(tmpdir(), "emu-state-"));
  try {
    const statePath = join(dir, "state.json");
    const first = await startEmulator({ statePath, root: join(dir, "root") });
    const tokens = await first.mintTokens(
      "urn:globus:auth:scope:transfer.api.globus.org:all",
    );
    const revoked = await first.mintTokens(
      "urn:globus:auth:scope:transfer.api.globus.org:all",
    );
    const form = new URLSearchParams({
      token: revoked.access_token,
      client_id: first.nativeClientId,
    });
    await (await fetch(`${first.authUrl}v2/oauth2/token/revoke`, {
      method: "POST",
      body: form,
    })).body?.cancel();
    await first.close();
    assert.equal((await stat(statePath)).mode & 0o777, 0o600);

    const second = await startEmulator({ statePath, root: join(dir, "root") });
    try {
      const ls = (token: string) =>
        fetch(
          `${second.transferUrl}v0.10/operation/endpoint/${second.collections.tutorial1}/ls?path=/share/godata/`,
          {
            headers: { Authorization: `Bearer ${token}` },
          },
        );
      const ok = await ls(tokens.access_token);
      assert.equal(ok.status, 200);
      await ok.body?.cancel();
      const gone = await ls(revoked.access_token);
      assert.equal(
        gone.status,
        401,
        "a token revoked before the restart stays revoked",
      );
      await gone.body?.cancel();
    } finally {
      await second.close();
    }
    const fresh = await startEmulator({ root: join(dir, "root") });
    try {
      const res = await fetch(
        `${fresh.transferUrl}v0.10/endpoint_search?filter_scope=my-endpoints`,
        {
          headers: { Authorization: `Bearer ${tokens.access_token}` },
        },
      );
      assert.equal(res.status, 401, "without statePath, tokens are forgotten");
      await res.body?.cancel();
    } finally {
      await fresh.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("consents made after a restart with the state file get new ids, so the consent forest still builds", async () => {
  const dir = await mkdtemp(join(tmpdir(), "emu-state-"));
  const login = async (emu: Emulator, scopes: string) => {
    const client = new NativeAppAuthClient(emu.nativeClientId, {
      baseUrl: emu.authUrl,
    });
    client.oauth2StartFlow({ requestedScopes: scopes });
    const code = await emu.approve(client.oauth2GetAuthorizeUrl());
    return await client.oauth2ExchangeCodeForTokens(code);
  };
  const TRANSFER = "urn:globus:auth:scope:transfer.api.globus.org:all";
  try {
    const statePath = join(dir, "state.json");
    const first = await startEmulator({ statePath, root: join(dir, "root") });
    await login(first, `openid ${TRANSFER}`);
    await first.close();

    const second = await startEmulator({ statePath, root: join(dir, "root") });
    try {
      const dataAccess =
        `https://auth.globus.org/scopes/${second.collections.mapped}/data_access`;
      const tokens = await login(
        second,
        `openid ${TRANSFER}[${dataAccess}]`,
      );
      const auth = new AuthClient({
        authorizer: new AccessTokenAuthorizer(
          tokens.byResourceServer["auth.globus.org"]!.access_token,
        ),
        baseUrl: second.authUrl,
      });
      const consents = await auth.getConsents(second.user.id);
      const ids = consents.consents.map((c) => c.id);
      assert.equal(new Set(ids).size, ids.length, `ids: ${ids}`);
      // Before, the new consent took an id the restored ones had:
      // ConsentTreeConstructionError ("two consents have the id 100000").
      assert.ok(
        consents.toForest().meetsScopeRequirements(
          `${TRANSFER}[${dataAccess}]`,
        ),
      );
    } finally {
      await second.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("pause rules and tunnels survive a restart with the state file, and still work", async () => {
  const dir = await mkdtemp(join(tmpdir(), "emu-state-admin-"));
  try {
    const statePath = join(dir, "state.json");
    const root = join(dir, "root");
    const first = await startEmulator({ statePath, root });
    const token = await transferToken(first);
    const t2 = first.collections.tutorial2;
    const made = await api(
      first,
      token,
      "POST",
      "endpoint_manager/pause_rule",
      {
        DATA_TYPE: "pause_rule",
        endpoint_id: t2,
        message: "kept hold",
        pause_ls: false,
      },
    );
    assert.equal(made.status, 200, JSON.stringify(made.body));
    const ruleId: string = made.body.id;
    const tunnel = await v2(first, token, "POST", "tunnels", {
      data: {
        type: "Tunnel",
        relationships: {
          initiator: { data: { type: "StreamAccessPoint", id: SAP.initiator } },
          listener: { data: { type: "StreamAccessPoint", id: SAP.listener } },
        },
        attributes: { submission_id: crypto.randomUUID(), label: "kept" },
      },
    });
    assert.equal(tunnel.status, 200, JSON.stringify(tunnel.body));
    const tunnelId: string = tunnel.body.data.id;
    const active = await v2(first, token, "PATCH", `tunnels/${tunnelId}`, {
      data: {
        type: "Tunnel",
        attributes: { listener_ip_address: "127.0.0.1", listener_port: 9 },
      },
    });
    assert.equal(active.body.data.attributes.state, "ACTIVE");
    await first.close();

    const second = await startEmulator({ statePath, root });
    try {
      // The pause rule, as it was made, and it still pauses.
      const rule = await api(
        second,
        token,
        "GET",
        `endpoint_manager/pause_rule/${ruleId}`,
      );
      assert.equal(rule.status, 200, JSON.stringify(rule.body));
      assert.equal(rule.body.message, "kept hold");
      assert.equal(rule.body.endpoint_id, t2);
      assert.equal(rule.body.pause_ls, false);
      assert.equal(rule.body.pause_task_transfer_write, true);
      const submitted = await submitTransfer(second, token, {
        source_endpoint: second.collections.tutorial1,
        destination_endpoint: t2,
        DATA: [{
          DATA_TYPE: "transfer_item",
          source_path: "/share/godata/file1.txt",
          destination_path: "/~/after-restart.txt",
        }],
      });
      assert.equal(submitted.status, 202, JSON.stringify(submitted.body));
      const taskId: string = submitted.body.task_id;
      const held = await api(second, token, "GET", `task/${taskId}`);
      assert.equal(held.body.is_paused, true);
      const info = await api(second, token, "GET", `task/${taskId}/pause_info`);
      assert.deepEqual(
        info.body.pause_rules.map((r: { id: string }) => r.id),
        [ruleId],
      );
      const removed = await api(
        second,
        token,
        "DELETE",
        `endpoint_manager/pause_rule/${ruleId}`,
      );
      assert.equal(removed.body.code, "Deleted");
      assert.equal((await waitTask(second, token, taskId)).status, "SUCCEEDED");

      // The tunnel, its state and events; new event ids follow the saved ones.
      const listed = await v2(second, token, "GET", "tunnels");
      assert.deepEqual(
        listed.body.data.map((t: { id: string }) => t.id),
        [tunnelId],
      );
      assert.equal(listed.body.data[0].attributes.state, "ACTIVE");
      assert.equal(listed.body.data[0].attributes.label, "kept");
      const before = await v2(
        second,
        token,
        "GET",
        `tunnels/${tunnelId}/events`,
      );
      assert.deepEqual(
        before.body.data.map((e: { attributes: { code: string } }) =>
          e.attributes.code
        ),
        ["STARTED", "TUNNEL_ACTIVE"],
      );
      await v2(second, token, "PATCH", `tunnels/${tunnelId}`, {
        data: { type: "Tunnel", attributes: { state: "STOPPING" } },
      });
      const after = await v2(
        second,
        token,
        "GET",
        `tunnels/${tunnelId}/events`,
      );
      const ids = after.body.data.map((e: { id: number }) => e.id);
      assert.equal(ids.length, 3);
      assert.equal(new Set(ids).size, 3, `event ids repeat: ${ids}`);
      const gone = await v2(second, token, "DELETE", `tunnels/${tunnelId}`);
      assert.equal(gone.status, 200, JSON.stringify(gone.body));
    } finally {
      await second.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

/** Calls a Transfer `/v2/` route with a bearer token. */
async function v2(
  emu: Emulator,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  // deno-lint-ignore no-explicit-any
): Promise<{ status: number; body: any }> {
  const r = await fetch(`${emu.transferUrl}v2/${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
}

test("with statePath, tokens a login gets are in the state file before close(): an emulator ended without close (a kernel restart) still honours them", async () => {
  const dir = await mkdtemp(join(tmpdir(), "emu-state-live-"));
  try {
    const statePath = join(dir, "state.json");
    const first = await startEmulator({ statePath, root: join(dir, "root") });
    let second: Emulator | undefined;
    try {
      // A login over HTTP (the code exchange is a POST).
      const native = new NativeAppAuthClient(first.nativeClientId, {
        baseUrl: first.authUrl,
      });
      const flow = native.oauth2StartFlow({
        requestedScopes: "urn:globus:auth:scope:transfer.api.globus.org:all",
      });
      const tokens = await native.oauth2ExchangeCodeForTokens(
        await first.approve(flow.getAuthorizeUrl()),
      );
      const at = tokens.byResourceServer["transfer.api.globus.org"]!
        .access_token;
      // The first is still running (never closed); a second reads the file.
      second = await startEmulator({ statePath, root: join(dir, "root2") });
      assert.equal(
        (await api(second, at, "GET", "task_list")).status,
        200,
        "the token was saved before close()",
      );
    } finally {
      await second?.close();
      await first.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("with statePath, tokens from mintTokens() and a policy from setCollectionPolicy() are saved before close(), in process and in the worker thread", async () => {
  for (const inProcess of [true, false]) {
    const dir = await mkdtemp(join(tmpdir(), "emu-state-helpers-"));
    try {
      const statePath = join(dir, "state.json");
      const first = await startEmulator({
        inProcess,
        statePath,
        root: join(dir, "root"),
      });
      let second: Emulator | undefined;
      try {
        // The policy's save starts at once (the call returns synchronously);
        // mintTokens() resolves once its own save, which takes every change
        // made before it, is written: no waiting on the clock.
        const policy = first.setCollectionPolicy(first.collections.tutorial2, {
          domain_constraints_include: ["example.org"],
        });
        assert.ok(policy);
        const at = (await first.mintTokens(
          "urn:globus:auth:scope:transfer.api.globus.org:all",
        )).access_token;
        assert.ok((await readFile(statePath, "utf8")).includes(policy));
        // The first is never closed (a killed process); a second reads the file.
        second = await startEmulator({
          inProcess,
          statePath,
          root: join(dir, "root2"),
        });
        assert.equal(
          (await api(second, at, "GET", "task_list")).status,
          200,
          "the minted token was saved before close()",
        );
        const ep = await api(
          second,
          at,
          "GET",
          `endpoint/${second.collections.tutorial2}`,
        );
        assert.equal(ep.body.authentication_policy_id, policy);
      } finally {
        await second?.close();
        await first.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
});

test("with statePath, the built-in confidential client keeps its secret across restarts (a configured cron job got invalid_client)", async () => {
  const dir = await mkdtemp(join(tmpdir(), "emu-secret-"));
  try {
    const statePath = join(dir, "state.json");
    const first = await startEmulator({ statePath, root: join(dir, "root") });
    const { clientId, clientSecret } = first.confidentialClient;
    await first.close();
    const second = await startEmulator({ statePath, root: join(dir, "root") });
    try {
      assert.equal(second.confidentialClient.clientSecret, clientSecret);
      const res = await fetch(`${second.authUrl}v2/oauth2/token`, {
        method: "POST",
        headers: {
          Authorization: `Basic ${btoa(`${clientId}:${clientSecret}`)}`,
        },
        body: new URLSearchParams({
          grant_type: "client_credentials",
          scope: "urn:globus:auth:scope:transfer.api.globus.org:all",
        }),
      });
      assert.equal(res.status, 200);
      await res.body?.cancel();
    } finally {
      await second.close();
    }
    // Without a state file, each emulator makes its own.
    const a = await startEmulator({ root: join(dir, "a") });
    const b = await startEmulator({ root: join(dir, "b") });
    assert.notEqual(
      a.confidentialClient.clientSecret,
      b.confidentialClient.clientSecret,
    );
    await a.close();
    await b.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
