/**
 * `queryParams` on every Transfer method (Python's `query_params`): merged
 * into the query, winning over the method's own parameters as in Python,
 * refused for the parameters a paginator sets; and the request shapes of the
 * sharing and collection-management methods. Also TransferData/DeleteData's
 * iterItems().
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { TransferData } from "../../src/transfer/transfer_data.ts";
import { DeleteData } from "../../src/transfer/delete_data.ts";
import { fakeFetch } from "../_helpers/fake_fetch.ts";

const EP = "6c54cade-bde5-45c1-bdea-f4bd71dba2cc";

function client(body: unknown = { DATA: [], code: "ok" }) {
  const ff = fakeFetch([], () => Response.json(body));
  const tc = new TransferClient({
    fetch: ff.fetch,
    baseUrl: "https://transfer.example.org/",
  });
  const last = () => new URL(ff.requests.at(-1)!.url);
  return { tc, ff, last };
}

test("queryParams are sent with every kind of call and win over the method's own parameters, as in Python", async () => {
  const { tc, last } = client({
    DATA_TYPE: "file_list",
    DATA: [],
    code: "ok",
    value: "x",
    name: "f",
    type: "file",
  });
  await tc.operationLs(EP, {
    path: "/a/",
    queryParams: { path: "/b/", extra: 1, show_hidden: null },
  });
  assert.equal(last().searchParams.get("path"), "/b/");
  assert.equal(last().searchParams.get("extra"), "1");
  await tc.operationLs(EP, {
    showHidden: false,
    queryParams: { show_hidden: null },
  });
  assert.equal(last().searchParams.has("show_hidden"), false);
  await tc.getEndpoint(EP, { queryParams: { fields: "id,display_name" } });
  assert.equal(last().searchParams.get("fields"), "id,display_name");
  await tc.operationMkdir(EP, "/x/", { queryParams: { dry: "yes" } });
  assert.equal(last().searchParams.get("dry"), "yes");
  await tc.getSubmissionId({ queryParams: { a: "b" } });
  assert.equal(last().pathname, "/v0.10/submission_id");
  assert.equal(last().searchParams.get("a"), "b");
  await tc.endpointAclList(EP, { queryParams: { x: ["1", "2"] } });
  assert.equal(last().pathname, `/v0.10/endpoint/${EP}/access_list`);
  assert.equal(last().searchParams.get("x"), "1,2");
});

test("paged methods refuse queryParams for the parameters their paging sets, and say which option to use", async () => {
  const { tc } = client();
  await assert.rejects(
    tc.endpointSearch("x", { queryParams: { offset: 5 } }).toArray(),
    (e: unknown) =>
      e instanceof TypeError &&
      /queryParams\.offset/.test(e.message) &&
      /'offset' option/.test(e.message),
  );
  await assert.rejects(
    tc.taskList({ queryParams: { limit: 5 } }).toArray(),
    /queryParams\.limit/,
  );
  await assert.rejects(
    tc.taskSuccessfulTransfers("t1", { queryParams: { marker: 5 } }).toArray(),
    /taskSuccessfulTransfers\(\) with queryParams\.marker/,
  );
  await assert.rejects(
    tc.getSharedEndpointList(EP, { queryParams: { next_token: "a" } })
      .toArray(),
    /'nextToken' option/,
  );
  await assert.rejects(
    tc.getEndpoint(EP, {
      queryParams: "a=b" as unknown as Record<string, string>,
    }),
    /'queryParams' must be an object/,
  );
  // other parameters of a paged method are fine
  const ok = client({ DATA: [], has_next_page: false });
  await ok.tc.endpointSearch("x", { queryParams: { filter_scope: "all" } })
    .toArray();
  assert.equal(ok.last().searchParams.get("filter_scope"), "all");
});

test("the sharing and collection-management methods send Python's requests", async () => {
  const { tc, ff, last } = client({
    DATA_TYPE: "x",
    DATA: [],
    code: "Created",
    access_id: 7,
    id: "new",
    principal_type: "identity",
    principal: "p",
    role: "administrator",
    path: "/",
    permissions: "r",
    shared_endpoints: [],
  });
  const sent = () => {
    const r = ff.requests.at(-1)!;
    return {
      method: r.method,
      path: new URL(r.url).pathname,
      body: r.body === undefined ? undefined : JSON.parse(r.body),
    };
  };
  await tc.addEndpointAclRule(EP, {
    principal_type: "identity",
    principal: "p",
    path: "/",
    permissions: "r",
  });
  assert.deepEqual(sent().method, "POST");
  assert.equal(sent().path, `/v0.10/endpoint/${EP}/access`);
  await tc.getEndpointAclRule(EP, 7);
  assert.equal(sent().path, `/v0.10/endpoint/${EP}/access/7`);
  await tc.updateEndpointAclRule(EP, "r1", { permissions: "rw" });
  assert.deepEqual(sent(), {
    method: "PUT",
    path: `/v0.10/endpoint/${EP}/access/r1`,
    body: { permissions: "rw" },
  });
  await tc.deleteEndpointAclRule(EP, "r1");
  assert.equal(sent().method, "DELETE");
  await tc.endpointRoleList(EP);
  assert.equal(sent().path, `/v0.10/endpoint/${EP}/role_list`);
  await tc.addEndpointRole(EP, {
    principal_type: "identity",
    principal: "p",
    role: "access_manager",
  });
  assert.equal(sent().path, `/v0.10/endpoint/${EP}/role`);
  await tc.getEndpointRole(EP, "ro1");
  assert.equal(sent().path, `/v0.10/endpoint/${EP}/role/ro1`);
  await tc.deleteEndpointRole(EP, "ro1");
  assert.equal(sent().method, "DELETE");
  await tc.createSharedEndpoint({ host_endpoint: EP, host_path: "/x/" });
  assert.equal(sent().path, "/v0.10/shared_endpoint");
  await tc.mySharedEndpointList(EP);
  assert.equal(sent().path, `/v0.10/endpoint/${EP}/my_shared_endpoint_list`);
  await tc.getSharedEndpointList(EP, { maxResults: 10, nextToken: "t" })
    .toArray();
  assert.equal(last().searchParams.get("max_results"), "10");
  assert.equal(last().searchParams.get("next_token"), "t");
  await tc.endpointServerList(EP);
  assert.equal(sent().path, `/v0.10/endpoint/${EP}/server_list`);
  await tc.updateEndpoint(EP, { oauth_server: "o" });
  assert.deepEqual(sent().body, { oauth_server: "o", myproxy_server: null });
  await tc.deleteEndpoint(EP);
  assert.deepEqual([sent().method, sent().path], [
    "DELETE",
    `/v0.10/endpoint/${EP}`,
  ]);
  await tc.setSubscriptionId(EP, null);
  assert.deepEqual(sent().body, { subscription_id: null });
  await tc.setSubscriptionAdminVerified(EP, false);
  assert.deepEqual(sent(), {
    method: "PUT",
    path: `/v0.10/endpoint/${EP}/subscription_admin_verified`,
    body: { subscription_admin_verified: false },
  });
  await tc.endpointSearch("x", { filterHostEndpoint: EP, maxResults: 1 })
    .toArray();
  assert.equal(last().searchParams.get("filter_host_endpoint"), EP);
  assert.throws(
    () => tc.getSharedEndpointList(EP, { maxResults: 0 }),
    RangeError,
  );
});

test("getSharedEndpointList follows next_token until the last page", async () => {
  const pages: Record<string, unknown> = {
    "": { shared_endpoints: [{ id: "a" }, { id: "b" }], next_token: "t2" },
    t2: { shared_endpoints: [{ id: "c" }], next_token: null },
  };
  const ff = fakeFetch([], (req) =>
    Response.json(
      pages[new URL(req.url).searchParams.get("next_token") ?? ""],
    ));
  const tc = new TransferClient({ fetch: ff.fetch });
  const ids = (await tc.getSharedEndpointList(EP).toArray()).map((e) => e.id);
  assert.deepEqual(ids, ["a", "b", "c"]);
  assert.equal(ff.requests.length, 2);
});

test("iterItems() yields the items added, in order, as copies", () => {
  const tdata = new TransferData({
    sourceEndpoint: EP,
    destinationEndpoint: EP,
  })
    .addItem("/a", "/b")
    .addItem("/c/", "/d/", { recursive: true });
  const items = [...tdata.iterItems()];
  assert.deepEqual(items.map((i) => [i.source_path, i.recursive]), [
    ["/a", undefined],
    ["/c/", true],
  ]);
  items[0]!.source_path = "/changed";
  assert.equal(tdata.toJSON().DATA[0]?.source_path, "/a");
  const ddata = new DeleteData({ endpoint: EP }).addItem("/x").addItem("/y");
  assert.deepEqual([...ddata.iterItems()].map((i) => i.path), ["/x", "/y"]);
  assert.deepEqual([...new DeleteData({ endpoint: EP }).iterItems()], []);
});
