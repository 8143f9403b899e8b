/**
 * Ids and filter values cannot build another request: `getTask("..")`
 * would be `GET /v0.10/`, `cancelTask("..")` `POST /v0.10/cancel`, and a
 * filter value with `/` would add a filter clause. All are refused before
 * any request, with an error naming the argument and the value.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { AuthClient } from "../../src/auth/auth_client.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";

function recordingClient() {
  const sent: string[] = [];
  const tc = new TransferClient({
    baseUrl: "https://transfer.example.org/",
    retry: false,
    fetch: (input, init) => {
      sent.push(`${init?.method ?? "GET"} ${String(input)}`);
      return Promise.resolve(
        Response.json({ DATA: [], code: "x", message: "y" }, { status: 404 }),
      );
    },
  });
  return { tc, sent };
}

test("'.' and '..' as ids are refused before any request, naming the argument", async () => {
  const { tc, sent } = recordingClient();
  const calls: [string, () => Promise<unknown>][] = [
    ["taskId", () => tc.getTask("..")],
    ["taskId", () => tc.getTask(".")],
    ["taskId", () => tc.cancelTask("..")],
    ["endpointId", () => tc.getEndpoint("..")],
    ["endpointId", () => tc.operationLs("..")],
  ];
  for (const [arg, call] of calls) {
    await assert.rejects(call, (e: unknown) => {
      assert.ok(e instanceof RangeError, String(e));
      assert.match(e.message, new RegExp(`'${arg}'`));
      assert.match(e.message, /"\.\.?"/);
      return true;
    });
  }
  assert.deepEqual(sent, []);
  // Other ids are still percent-encoded into one path segment.
  await tc.getTask("a/../b").catch(() => {});
  assert.deepEqual(sent, [
    "GET https://transfer.example.org/v0.10/task/a%2F..%2Fb",
  ]);
});

test("no client sends a path with a '.' or '..' segment (Auth's getConsents too)", async () => {
  const sent: string[] = [];
  const ac = new AuthClient({
    baseUrl: "https://auth.example.org/",
    fetch: (input) => {
      sent.push(String(input));
      return Promise.resolve(Response.json({ consents: [] }));
    },
  });
  await assert.rejects(() => ac.getConsents(".."), RangeError);
  assert.deepEqual(sent, []);
});

test("a filter value or field name with '/' is refused instead of adding a clause", async () => {
  const { tc, sent } = recordingClient();
  // taskList() returns a paginator: it throws at once.
  assert.throws(
    () => tc.taskList({ filter: { label: "x/status:SUCCEEDED" } }),
    (e: unknown) => {
      assert.ok(e instanceof RangeError);
      assert.match(e.message, /'label'/);
      assert.match(e.message, /x\/status:SUCCEEDED/);
      return true;
    },
  );
  await assert.rejects(
    () => tc.operationLs("ep-1", { filter: { name: ["a.txt", "b/type:dir"] } }),
    /'name'/,
  );
  assert.throws(
    () => tc.taskList({ filter: { "status/label": "x" } }),
    /field name/,
  );
  assert.deepEqual(sent, []);
  // The wire-string form is the caller's own syntax and passes as it is.
  await tc.taskList({ filter: "status:ACTIVE/label:x" }).toArray().catch(
    () => {},
  );
  assert.equal(sent.length, 1);
  assert.match(
    decodeURIComponent(sent[0] ?? ""),
    /filter=status:ACTIVE\/label:x/,
  );
});
