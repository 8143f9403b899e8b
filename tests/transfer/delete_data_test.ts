import { test } from "node:test";
import assert from "node:assert/strict";
import { DeleteData } from "../../src/transfer/delete_data.ts";
import { EP2 } from "./_sample.ts";

test("DeleteData builds the wire document and omits unset options", () => {
  const dd = new DeleteData({ endpoint: EP2 }).addItem("/~/a.txt");
  assert.deepEqual(dd.toJSON(), {
    DATA_TYPE: "delete",
    endpoint: EP2,
    DATA: [{ DATA_TYPE: "delete_item", path: "/~/a.txt" }],
  });
  assert.equal(dd.endpoint, EP2);
  assert.equal(dd.itemCount, 1);
});

test("DeleteData maps every option to its wire name", () => {
  const dd = new DeleteData({
    endpoint: EP2,
    recursive: true,
    ignoreMissing: true,
    interpretGlobs: false,
    label: "cleanup",
    deadline: new Date("2030-05-06T07:08:09Z"),
    submissionId: "sub",
    localUser: "bob",
    notifyOnSucceeded: false,
    notifyOnFailed: true,
    notifyOnInactive: false,
    additionalFields: { later: 1 },
  }).addItem("/~/dir/", { additionalFields: { x: 2 } }).addItem("~/other");
  assert.deepEqual(dd.toJSON(), {
    DATA_TYPE: "delete",
    submission_id: "sub",
    endpoint: EP2,
    recursive: true,
    ignore_missing: true,
    interpret_globs: false,
    label: "cleanup",
    deadline: "2030-05-06T07:08:09.000Z",
    local_user: "bob",
    notify_on_succeeded: false,
    notify_on_failed: true,
    notify_on_inactive: false,
    later: 1,
    DATA: [
      { DATA_TYPE: "delete_item", path: "/~/dir/", x: 2 },
      { DATA_TYPE: "delete_item", path: "~/other" },
    ],
  });
});

test("DeleteData validates the endpoint, paths and emptiness", () => {
  assert.throws(
    () => new DeleteData({ endpoint: "" }),
    (e: unknown) => e instanceof TypeError && /endpoint/.test(e.message),
  );
  const dd = new DeleteData({ endpoint: EP2 });
  assert.throws(
    () => dd.addItem("relative/x"),
    (e: unknown) =>
      e instanceof TypeError && e.message.includes('"relative/x"'),
  );
  assert.throws(
    () => dd.toJSON(),
    (e: unknown) =>
      e instanceof TypeError &&
      /has no items; add one with addItem\(/.test(e.message),
  );
});

test("DeleteData.fromDocument round-trips and the submission id is settable", () => {
  const doc = {
    DATA_TYPE: "delete",
    endpoint: EP2,
    recursive: true,
    DATA: [{ DATA_TYPE: "delete_item", path: "/~/x" }],
  };
  const dd = DeleteData.fromDocument(doc);
  assert.deepEqual(dd.toJSON(), doc);
  dd.submissionId = "s";
  assert.equal(dd.toJSON().submission_id, "s");
});

test("building 100,000 delete items works", () => {
  const dd = new DeleteData({ endpoint: EP2 });
  for (let i = 0; i < 100_000; i++) dd.addItem(`/~/f${i}`);
  assert.equal(JSON.parse(JSON.stringify(dd)).DATA.length, 100_000);
});

test("DeleteData rejects options of the wrong type with their name", () => {
  assert.throws(
    () => new DeleteData({ endpoint: EP2, recursive: "yes" } as never),
    /^TypeError: Cannot build the DeleteData as 'recursive' must be true or false \(or left out\): current value is the string "yes"; write recursive: true, without quotes$/,
  );
  assert.throws(
    () => new DeleteData({ endpoint: EP2, ignoreMissing: 1 } as never),
    /'ignoreMissing' must be true or false \(or left out\): current value is the number 1; write ignoreMissing: true$/,
  );
  assert.throws(
    () => new DeleteData({ endpoint: EP2, label: [] } as never),
    /'label' must be a string \(or left out\): current value is an array$/,
  );
  // null is Python's additional_fields=None: none.
  assert.equal(
    "additional_fields" in
      new DeleteData({ endpoint: EP2, additionalFields: null } as never)
        .addItem("/~/x").toJSON(),
    false,
  );
  const dd = new DeleteData({ endpoint: EP2, recursive: true });
  assert.throws(
    () => dd.addItem("/~/x", { additionalFields: 5 } as never),
    /Cannot build the item as 'additionalFields' must be an object/,
  );
  assert.equal(dd.itemCount, 0);
});
