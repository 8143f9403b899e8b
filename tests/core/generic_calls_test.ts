import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { AuthClient } from "../../src/auth/auth_client.ts";
import { NativeAppAuthClient } from "../../src/auth/native_client.ts";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { TransferAPIError } from "../../src/core/errors.ts";
import { GlobusHTTPResponse } from "../../src/core/response.ts";
import { startEmulator } from "../../src/testing/emulator.ts";
import { UserApp } from "../../src/app/user_app.ts";
import { rejection, untyped } from "../_helpers/argument_errors.ts";
import { withTransfer } from "../_helpers/transfer_emulator.ts";

test("generic get/post/put/patch/delete go through the client's authorizer and return a GlobusHTTPResponse", async () => {
  await withTransfer(async (tc, emu, token) => {
    const ep = await tc.get(
      `/v0.10/endpoint/${emu.collections.tutorial1}`,
    );
    assert.ok(ep instanceof GlobusHTTPResponse);
    assert.equal(ep.httpStatus, 200);
    assert.equal(ep.httpReason, "OK");
    assert.match(ep.contentType ?? "", /application\/json/);
    assert.equal(ep.get("id"), emu.collections.tutorial1);
    assert.equal(ep.get("no_such_field", "fallback"), "fallback");
    assert.equal(ep.has("display_name"), true);
    assert.equal(
      (ep.data as Record<string, unknown>)["DATA_TYPE"],
      "endpoint",
    );
    assert.equal(JSON.parse(ep.text).id, emu.collections.tutorial1);
    assert.equal(ep.headers.get("content-type"), ep.contentType);

    // queryParams reach the service.
    const ls = await tc.get(
      `v0.10/operation/endpoint/${emu.collections.tutorial1}/ls`,
      { queryParams: { path: "/share/godata/", limit: 2 } },
    );
    const names = (ls.data as { DATA: { name: string }[] }).DATA.map((e) =>
      e.name
    );
    assert.deepEqual(names, ["file1.txt", "file2.txt"]);

    // A JSON body with post(), then the task is readable with get().
    const sid = (await tc.get("v0.10/submission_id")).get("value") as string;
    const sub = await tc.post("v0.10/transfer", {
      data: {
        DATA_TYPE: "transfer",
        submission_id: sid,
        source_endpoint: emu.collections.tutorial1,
        destination_endpoint: emu.collections.tutorial2,
        DATA: [{
          DATA_TYPE: "transfer_item",
          source_path: "/share/godata/file1.txt",
          destination_path: "/~/generic_calls_file1.txt",
        }],
      },
    });
    assert.equal(sub.httpStatus, 202);
    assert.equal(sub.httpReason, "Accepted");
    const taskId = sub.get("task_id") as string;
    assert.equal(typeof taskId, "string");

    // put(): update the task's label.
    const upd = await tc.put(`v0.10/task/${taskId}`, {
      data: { DATA_TYPE: "task", label: "renamed by put" },
    });
    assert.equal(upd.httpStatus, 200);
    const task = await tc.get(`v0.10/task/${taskId}`);
    assert.equal(task.get("label"), "renamed by put");

    // A full URL below the base URL is accepted; one elsewhere is refused
    // before any request, so the token never leaves for another host.
    const full = await tc.get(`${emu.transferUrl}v0.10/submission_id`);
    assert.equal(full.httpStatus, 200);
    await assert.rejects(
      tc.get("https://example.org/v0.10/submission_id"),
      (e: unknown) =>
        e instanceof TypeError && /not below this client's base URL/.test(
          e.message,
        ),
    );

    // Errors are the service's error class, as with the typed methods.
    await assert.rejects(tc.delete("v0.10/no_such_route"), (e: unknown) => {
      assert.ok(e instanceof TransferAPIError);
      assert.equal(e.httpStatus, 404);
      assert.equal(e.method, "DELETE");
      return true;
    });
    await assert.rejects(
      tc.patch(`v0.10/task/${taskId}`, { data: {} }),
      TransferAPIError,
    );

    // The token never shows in the printed response or request errors.
    assert.doesNotMatch(inspect(task), new RegExp(token));
    assert.doesNotMatch(String(task), new RegExp(token));
  });
});

test("generic calls retry like the typed methods (503, then success)", async () => {
  await withTransfer(async (tc, emu) => {
    emu.setFaults({
      byRequest: { 1: "503" },
      retryAfterS: 0,
      pathPrefixes: ["/transfer/"],
    });
    const r = await tc.get("v0.10/submission_id");
    assert.equal(r.httpStatus, 200);
    assert.equal(emu.requestCount, 2);
  }, { retry: { maxRetries: 2, maxBackoffMs: 1 } });
});

test("generic calls on Auth clients: get() with the bearer token, a form post(), automaticAuthorization: false", async () => {
  const emu = await startEmulator();
  try {
    const tok = await emu.mintTokens("openid profile email");
    const auth = new AuthClient({
      authorizer: new AccessTokenAuthorizer(tok.access_token),
      baseUrl: emu.authUrl,
    });
    const info = await auth.get("v2/oauth2/userinfo");
    assert.equal(info.get("sub"), emu.user.id);
    // Without the header the same call is refused.
    await assert.rejects(
      auth.get("v2/oauth2/userinfo", { automaticAuthorization: false }),
      (e: unknown) =>
        e instanceof Error && (e as { httpStatus?: number }).httpStatus === 401,
    );
    // A login client has the generic calls too; a form body reaches the
    // token endpoint as the Python SDK's encoding="form" does.
    const native = new NativeAppAuthClient(emu.nativeClientId, {
      baseUrl: emu.authUrl,
    });
    const revoke = await native.post("v2/oauth2/token/revoke", {
      data: { token: tok.access_token, client_id: emu.nativeClientId },
      encoding: "form",
    });
    assert.equal(revoke.httpStatus, 200);
    await assert.rejects(
      auth.get("v2/oauth2/userinfo"),
      (e: unknown) => (e as { httpStatus?: number }).httpStatus === 401,
    );
    await assert.rejects(
      native.post("v2/oauth2/token/revoke", { data: "x", encoding: "form" }),
      /form body .* must be an object/,
    );
    await assert.rejects(
      native.request("GE T", "v2/oauth2/token"),
      /must be an HTTP method/,
    );
  } finally {
    await emu.close();
  }
});

test("generic calls refuse Python's query_params and misspelled options before sending (a dropped option would send the request without it)", async () => {
  const sent: string[] = [];
  const tc = new TransferClient({
    authorizer: new AccessTokenAuthorizer("not-a-real-token"),
    baseUrl: "http://127.0.0.1:9/transfer/",
    fetch: (input) => {
      sent.push(String(input));
      return Promise.resolve(Response.json({}));
    },
  });
  assert.equal(
    await rejection(() =>
      tc.get("v0.10/task_list", untyped({ query_params: { limit: 1 } }))
    ),
    "TransferClient.get(): unknown option 'query_params'; did you mean 'queryParams'? Options are camelCase here, not the Python SDK's snake_case.",
  );
  assert.match(
    await rejection(() => tc.post("v0.10/transfer", untyped({ dta: {} }))),
    /^TransferClient\.post\(\): unknown option 'dta'; did you mean 'data'\?/,
  );
  assert.match(
    await rejection(() =>
      tc.request("GET", "v0.10/task_list", untyped({ header: {} }))
    ),
    /^TransferClient\.request\(\): unknown option 'header'; did you mean 'headers'\?/,
  );
  // get() and delete() take no body.
  assert.match(
    await rejection(() => tc.delete("v0.10/x", untyped({ data: {} }))),
    /^TransferClient\.delete\(\): unknown option 'data'/,
  );
  assert.deepEqual(sent, []);
  // Valid options still go through.
  await tc.get("v0.10/task_list", { queryParams: { limit: 1 } });
  assert.equal(sent.length, 1);
  assert.match(sent[0]!, /task_list\?limit=1$/);
});

test("a client, and an app, read as their class and base URL (or name) in a template string, never a token", () => {
  const tc = new TransferClient({
    authorizer: new AccessTokenAuthorizer("tok-never-in-text"),
  });
  assert.equal(`${tc}`, "TransferClient (https://transfer.api.globus.org/)");
  const app = new UserApp({
    appName: "my-app",
    clientId: "61338d24-54d5-408f-a10d-66c06b59f6d2",
    config: { tokenStorage: "memory" },
  });
  assert.equal(
    String(app),
    "UserApp 'my-app' (client 61338d24-54d5-408f-a10d-66c06b59f6d2, production)",
  );
  const withApp = new TransferClient({ app });
  assert.equal(
    String(withApp),
    "TransferClient (https://transfer.api.globus.org/)",
  );
});

test("a generic call's response says where Python's response[\"key\"] and response.http_status are (they read undefined)", async () => {
  await withTransfer(async (tc, emu) => {
    const r = await tc.get(`/v0.10/endpoint/${emu.collections.tutorial1}`);
    // deno-lint-ignore no-explicit-any
    const loose = r as any;
    assert.throws(() => loose["display_name"], {
      name: "TypeError",
      message:
        'A GlobusHTTPResponse has no display_name: the body\'s fields are in .data, so Python\'s response["display_name"] is res.data["display_name"] (or res.get("display_name"))',
    });
    assert.throws(
      () => loose.http_status,
      /Python's http_status is httpStatus \(res\.httpStatus\)/,
    );
    assert.equal(r.get("display_name"), "Globus Tutorial Collection 1");
    // Names that are not body fields read as before.
    assert.equal(loose.no_such_field, undefined);
    // A page's own "length" field, and "then" in any body, stay unread:
    // array-like checks and promises probe them on every object.
    const page = await tc.get("/v0.10/task_list");
    assert.equal((page.data as { length?: unknown }).length, 0);
    assert.equal((page as unknown as { length?: unknown }).length, undefined);
    const withThen = new GlobusHTTPResponse({
      status: 200,
      headers: new Headers(),
      data: { then: "not a method" },
      text: '{"then":"not a method"}',
      method: "GET",
      url: "https://transfer.api.globus.org/v0.10/x",
    });
    assert.equal(await Promise.resolve(withThen), withThen);
    assert.doesNotMatch(inspect(r), /has no/);
    // The class's prototype has no body: a read there is a plain miss (the
    // hint's own look for one there recursed until the stack overflowed).
    assert.equal(
      (GlobusHTTPResponse.prototype as unknown as Record<string, unknown>)[
        "display_name"
      ],
      undefined,
    );
  });
});

test("'key' in a GlobusHTTPResponse asks the body, as Python's key in response (it was false for every body field)", () => {
  const body = { DATA_TYPE: "endpoint", display_name: "Tutorial" };
  const res = new GlobusHTTPResponse({
    status: 200,
    headers: new Headers({ "content-type": "application/json" }),
    data: body,
    text: JSON.stringify(body),
    method: "GET",
    url: "https://transfer.api.globus.org/v0.10/endpoint/abc",
  });
  assert.equal("DATA_TYPE" in res, true);
  assert.equal("display_name" in res, true);
  assert.equal("missing" in res, false);
  // The response's own names, as before.
  assert.equal("httpStatus" in res, true);
  assert.equal("get" in res, true);
  // Nothing else changes: the class, keys, JSON and printing.
  assert.ok(res instanceof GlobusHTTPResponse);
  assert.equal(res.get("display_name"), "Tutorial");
  assert.deepEqual(JSON.parse(JSON.stringify(res)), body);
  assert.ok(!Object.keys(res).includes("DATA_TYPE"));
  assert.match(inspect(res), /^GlobusHTTPResponse \{/);
  assert.match(String(res), /^GlobusHTTPResponse 200 OK GET /);
  // A body that is not an object has no fields.
  for (const data of [undefined, null, ["DATA_TYPE"], "DATA_TYPE"]) {
    const other = new GlobusHTTPResponse({
      status: 200,
      headers: new Headers(),
      data,
      text: "",
      method: "GET",
      url: "https://transfer.api.globus.org/v0.10/x",
    });
    assert.equal("DATA_TYPE" in other, false);
    assert.equal("0" in other, false);
  }
});
