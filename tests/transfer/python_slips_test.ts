/**
 * Python methods with no TypeScript version (README, Python SDK →
 * globus-deno): Python 3's GCS v4 methods on the client and
 * `tdata.add_symlink_item`, under Python's name or camelCased, throw a
 * TypeError saying they are not provided and what to write instead (they
 * said only "… is not a function").
 */
import { afterEach, test } from "node:test";
import assert from "node:assert/strict";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { TransferData } from "../../src/transfer/transfer_data.ts";
import { DeleteData } from "../../src/transfer/delete_data.ts";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { removeSlipHints } from "../../src/notebook/_slip_hints.ts";
import { fakeFetch, json } from "../_helpers/fake_fetch.ts";

afterEach(() => removeSlipHints());

// deno-lint-ignore no-explicit-any
const loose = (x: unknown): any => x;

const SRC = "6c54cade-bde5-45c1-bdea-f4bd71dba2cc";
const DST = "31ce9ba0-176d-45a5-add3-f37d233ba47d";

function client(): TransferClient {
  return new TransferClient({
    authorizer: new AccessTokenAuthorizer("tok"),
    fetch: fakeFetch([], () => json({})).fetch,
  });
}

/** Python 3's GCS v4 methods, and the call to each's route. */
const GCS_V4: Record<string, RegExp> = {
  operation_symlink: /await tc\.post\(`operation\/endpoint\/\$\{id\}\/symlink`/,
  create_endpoint: /await tc\.post\("endpoint", \{ data \}\)/,
  add_endpoint_server: /await tc\.post\(`endpoint\/\$\{id\}\/server`/,
  update_endpoint_server: /await tc\.put\(`endpoint\/\$\{id\}\/server\//,
  delete_endpoint_server: /await tc\.delete\(`endpoint\/\$\{id\}\/server\//,
  endpoint_activate: /await tc\.post\(`endpoint\/\$\{id\}\/activate`/,
  endpoint_deactivate: /await tc\.post\(`endpoint\/\$\{id\}\/deactivate`/,
  endpoint_get_activation_requirements:
    /await tc\.get\(`endpoint\/\$\{id\}\/activation_requirements`\)/,
};

test("Python 3's GCS v4 methods on the client, snake or camelCased, say they are not provided and that tc.get/tc.post reach any route", () => {
  const tc = loose(client());
  for (const [python, route] of Object.entries(GCS_V4)) {
    const camel = python.replace(
      /_([a-z])/g,
      (_, c: string) => c.toUpperCase(),
    );
    for (const name of [python, camel]) {
      assert.throws(() => tc[name], (e: unknown) => {
        assert.ok(e instanceof TypeError, name);
        assert.ok(
          e.message.startsWith(`TransferClient has no ${name} (`),
          e.message,
        );
        assert.ok(
          e.message.includes(
            "not provided: it serves GCS v4 endpoints, which Globus retired; tc.get / tc.post / tc.put / tc.delete reach any route",
          ),
          e.message,
        );
        if (name !== python) assert.ok(e.message.includes(python), e.message);
        assert.match(e.message, route);
        return true;
      });
    }
  }
  assert.throws(
    () => tc.operationSymlink(SRC, "/a", "/b"),
    /^TypeError: TransferClient has no operationSymlink \(Python 3's operation_symlink\): not provided/,
  );
  // Other names are as before: Python's names of methods it has, and
  // misses that read undefined.
  assert.throws(() => tc.task_list, /Python's task_list is taskList/);
  assert.equal(tc.endpoint_activation, undefined);
  assert.equal(tc.then, undefined);
  assert.equal(typeof tc.endpointAutoactivate, "function");
});

test('tdata.add_symlink_item and addSymlinkItem say GCS v5 takes no symlink items and recursiveSymlinks: "keep" keeps links', () => {
  const tdata = loose(new TransferData(SRC, DST));
  for (const name of ["add_symlink_item", "addSymlinkItem"]) {
    assert.throws(() => tdata[name]("/a", "/b"), (e: unknown) => {
      assert.ok(e instanceof TypeError);
      assert.ok(
        e.message.startsWith(`TransferData has no ${name} (`),
        e.message,
      );
      assert.ok(
        e.message.includes(
          'not provided: GCS v5 takes no symlink items; new TransferData(…, { recursiveSymlinks: "keep" }) keeps links met by a recursive item',
        ),
        e.message,
      );
      return true;
    });
  }
  // The document is unchanged, and other names are as before.
  assert.equal(tdata.itemCount, 0);
  assert.throws(() => tdata.add_item, /Python's add_item is addItem/);
  assert.equal(tdata.then, undefined);
  assert.equal(tdata.no_such, undefined);
});

test("Python 3's skip_activation_check on TransferData and DeleteData says it is not taken, why, and how to send it anyway", () => {
  // It said "unknown option" and listed the options, as for a typo.
  const made = [
    () => new TransferData(SRC, DST, loose({ skipActivationCheck: true })),
    () =>
      new TransferData(
        loose({
          sourceEndpoint: SRC,
          destinationEndpoint: DST,
          skip_activation_check: true,
        }),
      ),
    () =>
      new TransferData(null, SRC, DST, loose({ skip_activation_check: true })),
    () => new DeleteData(DST, loose({ skipActivationCheck: true })),
    () => new DeleteData(loose({ endpoint: DST, skip_activation_check: true })),
  ];
  for (const make of made) {
    assert.throws(make, (e: unknown) => {
      assert.ok(e instanceof TypeError);
      assert.match(
        e.message,
        /^(TransferData|DeleteData): unknown option '(skipActivationCheck|skip_activation_check)'; Python SDK 3's skip_activation_check is not taken here \(Python SDK 4 removed it\): Globus Connect Server v5 collections need no activation, so leave it out \(additionalFields: \{ skip_activation_check: true \} still sends it\)\.$/,
      );
      return true;
    });
  }
  // As it says: additionalFields sends it.
  const doc = new TransferData(SRC, DST, {
    additionalFields: { skip_activation_check: true },
  }).addItem("/a", "/b").toJSON();
  assert.equal(doc["skip_activation_check"], true);
});
