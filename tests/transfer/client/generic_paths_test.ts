/**
 * TransferClient's generic calls take Python's paths: a path without an API
 * version is under `v0.10/` (Python SDK 3's TransferClient had the base path
 * `/v0.10/`, so scripts say `tc.get("/endpoint_search")`), while a versioned
 * path (`/v0.10/…`, Python SDK 4's full path, or `/v2/tunnels`) and a full
 * URL are sent as given. Auth's generic calls stay relative to the service
 * root, as Python's AuthClient (which has no base path).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { TransferAPIError } from "../../../src/core/errors.ts";
import { fakeFetch, json } from "../../_helpers/fake_fetch.ts";
import { AuthClient } from "../../../src/auth/auth_client.ts";
import { AccessTokenAuthorizer } from "../../../src/authorizers/access_token.ts";
import { emulatorClient } from "./_emulator.ts";
import { setup } from "./_setup.ts";

test("against the emulator: tc.get('/endpoint_search') works as Python's, and so does the /v0.10/ form", async () => {
  const { emu, tc } = await emulatorClient();
  try {
    const queryParams = { filter_fulltext: "Tutorial Collection" };
    const names = (r: { get(k: string): unknown }) =>
      (r.get("DATA") as { display_name: string }[]).map((e) => e.display_name)
        .sort();
    const python = await tc.get("/endpoint_search", { queryParams });
    assert.equal(python.httpStatus, 200);
    assert.ok(names(python).includes("Globus Tutorial Collection 1"));
    for (const path of ["endpoint_search", "/v0.10/endpoint_search"]) {
      assert.deepEqual(
        names(await tc.get(path, { queryParams })),
        names(python),
        path,
      );
    }
    // a round trip through every verb, Python-style paths only
    const sid = (await tc.get("/submission_id")).get("value") as string;
    const sub = await tc.post("/transfer", {
      data: {
        DATA_TYPE: "transfer",
        submission_id: sid,
        source_endpoint: emu.collections.tutorial1,
        destination_endpoint: emu.collections.tutorial2,
        DATA: [{
          DATA_TYPE: "transfer_item",
          source_path: "/share/godata/file1.txt",
          destination_path: "/~/generic_paths_file1.txt",
        }],
      },
    });
    assert.equal(sub.httpStatus, 202);
    const taskId = sub.get("task_id") as string;
    await tc.put(`/task/${taskId}`, {
      data: { DATA_TYPE: "task", label: "renamed" },
    });
    assert.equal((await tc.get(`/task/${taskId}`)).get("label"), "renamed");
    // Python's r.data["label"]: `data` is typed as the caller says
    // (unknown unless given), so this type-checks.
    const typed = await tc.get<{ label: string }>(`/task/${taskId}`);
    assert.equal(typed.data.label, "renamed");
    assert.equal(typed.data["label"], "renamed");
    const bm = await tc.post("/bookmark", {
      data: {
        DATA_TYPE: "bookmark",
        name: "generic paths",
        endpoint_id: emu.collections.tutorial1,
        path: "/share/godata/",
      },
    });
    const deleted = await tc.delete(`/bookmark/${bm.get("id")}`);
    assert.equal(deleted.httpStatus, 200);
    // an unknown route is still the service's 404
    await assert.rejects(
      tc.get("/no_such_route"),
      (e: unknown) => e instanceof TransferAPIError && e.httpStatus === 404,
    );
  } finally {
    await emu.close();
  }
});

test("the URL sent for each path form: unversioned under v0.10/, versioned and full URLs as given", async () => {
  const paths = [
    ["/endpoint_search", "v0.10/endpoint_search"],
    ["endpoint_search", "v0.10/endpoint_search"],
    ["//task_list", "v0.10/task_list"],
    ["/v0.10/endpoint_search", "v0.10/endpoint_search"],
    ["v0.10/task_list", "v0.10/task_list"],
    ["/v2/tunnels", "v2/tunnels"],
    ["/v0.10", "v0.10"],
    ["/version0/x", "v0.10/version0/x"],
    [
      "https://transfer.api.globus.org/v0.10/submission_id",
      "v0.10/submission_id",
    ],
  ] as const;
  const { tc, ff } = setup(paths.map(() => json({ ok: true })));
  for (const [path] of paths) await tc.get(path);
  assert.deepEqual(
    ff.requests.map((r) =>
      r.url.replace("https://transfer.api.globus.org/", "")
    ),
    paths.map(([, sent]) => sent),
  );
  // request() and the other verbs follow the same rule
  const more = setup([json({}), json({}), json({}), json({})]);
  await more.tc.request("GET", "/task_list");
  await more.tc.post("/transfer", { data: {} });
  await more.tc.patch("/v2/tunnels/t1", { data: {} });
  await more.tc.put("/endpoint/e1", { data: {} });
  assert.deepEqual(
    more.ff.requests.map((r) => `${r.method} ${new URL(r.url).pathname}`),
    [
      "GET /v0.10/task_list",
      "POST /v0.10/transfer",
      "PATCH /v2/tunnels/t1",
      "PUT /v0.10/endpoint/e1",
    ],
  );
});

test("Auth's generic calls are relative to the service root, as Python's AuthClient (no base path)", async () => {
  const ff = fakeFetch([json({ identities: [] }), json({ sub: "u" })]);
  const auth = new AuthClient({
    authorizer: new AccessTokenAuthorizer("t"),
    fetch: ff.fetch,
  });
  await auth.get("/v2/api/identities", { queryParams: { ids: "i1" } });
  await auth.get("v2/oauth2/userinfo");
  assert.deepEqual(ff.requests.map((r) => r.url), [
    "https://auth.globus.org/v2/api/identities?ids=i1",
    "https://auth.globus.org/v2/oauth2/userinfo",
  ]);
});
