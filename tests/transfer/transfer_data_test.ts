import { test } from "node:test";
import assert from "node:assert/strict";
import { TransferData } from "../../src/transfer/transfer_data.ts";
import { EP1, EP2 } from "./_sample.ts";

test("TransferData builds the wire document and omits unset options", () => {
  const td = new TransferData({
    sourceEndpoint: EP1,
    destinationEndpoint: EP2,
  });
  td.addItem("/share/godata/file1.txt", "/~/file1.txt");
  assert.deepEqual(td.toJSON(), {
    DATA_TYPE: "transfer",
    source_endpoint: EP1,
    destination_endpoint: EP2,
    DATA: [{
      DATA_TYPE: "transfer_item",
      source_path: "/share/godata/file1.txt",
      destination_path: "/~/file1.txt",
    }],
  });
  assert.equal(td.sourceEndpoint, EP1);
  assert.equal(td.destinationEndpoint, EP2);
  assert.equal(td.itemCount, 1);
});

test("TransferData maps every option to its wire name", () => {
  const td = new TransferData({
    sourceEndpoint: EP1,
    destinationEndpoint: EP2,
    label: "my label",
    syncLevel: "checksum",
    verifyChecksum: true,
    preserveTimestamp: true,
    encryptData: false,
    deadline: new Date("2030-01-01T00:00:00Z"),
    skipSourceErrors: true,
    failOnQuotaErrors: true,
    deleteDestinationExtra: false,
    notifyOnSucceeded: false,
    notifyOnFailed: true,
    notifyOnInactive: false,
    recursiveSymlinks: "keep",
    sourceLocalUser: "alice",
    destinationLocalUser: "bob",
    submissionId: "sub-1",
    additionalFields: { future_option: 7 },
  })
    .addItem("/src/dir/", "/dst/dir/", {
      recursive: true,
      externalChecksum: "abc",
      checksumAlgorithm: "MD5",
      additionalFields: { extra: "x" },
    })
    .addFilterRule("*.tmp")
    .addFilterRule("keep", { method: "include", type: "dir" });
  assert.deepEqual(td.toJSON(), {
    DATA_TYPE: "transfer",
    submission_id: "sub-1",
    source_endpoint: EP1,
    destination_endpoint: EP2,
    label: "my label",
    sync_level: 3,
    verify_checksum: true,
    preserve_timestamp: true,
    encrypt_data: false,
    deadline: "2030-01-01T00:00:00.000Z",
    skip_source_errors: true,
    fail_on_quota_errors: true,
    delete_destination_extra: false,
    notify_on_succeeded: false,
    notify_on_failed: true,
    notify_on_inactive: false,
    recursive_symlinks: "keep",
    source_local_user: "alice",
    destination_local_user: "bob",
    future_option: 7,
    DATA: [{
      DATA_TYPE: "transfer_item",
      source_path: "/src/dir/",
      destination_path: "/dst/dir/",
      recursive: true,
      external_checksum: "abc",
      checksum_algorithm: "MD5",
      extra: "x",
    }],
    filter_rules: [
      { DATA_TYPE: "filter_rule", method: "exclude", name: "*.tmp" },
      {
        DATA_TYPE: "filter_rule",
        method: "include",
        name: "keep",
        type: "dir",
      },
    ],
  });
});

test("sync levels by name and number map to 0-3", () => {
  const levels = { exists: 0, size: 1, mtime: 2, checksum: 3 } as const;
  for (const [name, n] of Object.entries(levels)) {
    const byName = new TransferData({
      sourceEndpoint: EP1,
      destinationEndpoint: EP2,
      syncLevel: name as "size",
    })
      .addItem("/a", "/b").toJSON();
    assert.equal(byName.sync_level, n);
    const byNumber = new TransferData({
      sourceEndpoint: EP1,
      destinationEndpoint: EP2,
      syncLevel: n,
    })
      .addItem("/a", "/b").toJSON();
    assert.equal(byNumber.sync_level, n);
  }
});

test("a bad sync level is a RangeError naming the value", () => {
  for (const bad of ["newer", 4, -1, 1.5]) {
    assert.throws(
      () =>
        new TransferData({
          sourceEndpoint: EP1,
          destinationEndpoint: EP2,
          syncLevel: bad as 0,
        }),
      (e: unknown) =>
        e instanceof RangeError && e.message.includes(JSON.stringify(bad)) &&
        /syncLevel/.test(e.message),
    );
  }
});

test("a relative path is a TypeError naming the value", () => {
  const td = new TransferData({
    sourceEndpoint: EP1,
    destinationEndpoint: EP2,
  });
  assert.throws(
    () => td.addItem("share/file1.txt", "/~/x"),
    (e: unknown) =>
      e instanceof TypeError && e.message.includes('"share/file1.txt"') &&
      /sourcePath/.test(e.message),
  );
  assert.throws(
    () => td.addItem("/ok", "relative"),
    (e: unknown) =>
      e instanceof TypeError && e.message.includes('"relative"') &&
      /destinationPath/.test(e.message),
  );
  assert.throws(() => td.addItem("", "/x"), TypeError);
  td.addItem("~/a", "~/b");
  assert.equal(td.itemCount, 1);
});

test("an empty endpoint id is a TypeError", () => {
  assert.throws(
    () => new TransferData({ sourceEndpoint: "", destinationEndpoint: EP2 }),
    (e: unknown) => e instanceof TypeError && /sourceEndpoint/.test(e.message),
  );
  assert.throws(
    () => new TransferData({ sourceEndpoint: EP1, destinationEndpoint: "  " }),
    (e: unknown) =>
      e instanceof TypeError && /destinationEndpoint/.test(e.message),
  );
});

test("an empty TransferData cannot be serialized or validated", () => {
  const td = new TransferData({
    sourceEndpoint: EP1,
    destinationEndpoint: EP2,
  });
  assert.throws(
    () => td.validate(),
    (e: unknown) =>
      e instanceof TypeError &&
      /has no items; add one with addItem\(/.test(e.message),
  );
  // toJSON() called to look at the document does not speak of a submit.
  assert.throws(() => JSON.stringify(td), {
    name: "TypeError",
    message:
      /^The TransferData has no items; add one with addItem\(.*so it has no document to send or show as JSON yet\)$/,
  });
});

test("a filter rule's type: null is both, as Python's type=None", () => {
  const td = new TransferData({ sourceEndpoint: EP1, destinationEndpoint: EP2 })
    .addFilterRule("*.tmp", { type: null }).addItem("/a", "/b");
  assert.deepEqual(td.toJSON().filter_rules, [
    { DATA_TYPE: "filter_rule", method: "exclude", name: "*.tmp" },
  ]);
});

test("filter rules validate method, type and name", () => {
  const td = new TransferData({
    sourceEndpoint: EP1,
    destinationEndpoint: EP2,
  });
  assert.throws(() => td.addFilterRule(""), TypeError);
  assert.throws(
    () => td.addFilterRule("x", { method: "drop" as "include" }),
    TypeError,
  );
  assert.throws(
    () => td.addFilterRule("x", { type: "link" as "file" }),
    TypeError,
  );
});

test("deadline strings are sent as given and an invalid Date is a RangeError", () => {
  const td = new TransferData({
    sourceEndpoint: EP1,
    destinationEndpoint: EP2,
    deadline: "2030-01-01T00:00:00+00:00",
  })
    .addItem("/a", "/b");
  assert.equal(td.toJSON().deadline, "2030-01-01T00:00:00+00:00");
  assert.throws(
    () =>
      new TransferData({
        sourceEndpoint: EP1,
        destinationEndpoint: EP2,
        deadline: new Date("nope"),
      }),
    RangeError,
  );
});

test("submissionId is settable and appears in the document", () => {
  const td = new TransferData({ sourceEndpoint: EP1, destinationEndpoint: EP2 })
    .addItem("/a", "/b");
  assert.equal(td.toJSON().submission_id, undefined);
  assert.equal("submission_id" in td.toJSON(), false);
  td.submissionId = "s-2";
  assert.equal(td.toJSON().submission_id, "s-2");
});

test("TransferData.fromDocument round-trips a wire document", () => {
  const doc = {
    DATA_TYPE: "transfer",
    submission_id: "s",
    source_endpoint: EP1,
    destination_endpoint: EP2,
    label: "x",
    sync_level: 1,
    verify_checksum: true,
    DATA: [
      {
        DATA_TYPE: "transfer_item",
        source_path: "/a/",
        destination_path: "/b/",
        recursive: true,
      },
    ],
    filter_rules: [{
      DATA_TYPE: "filter_rule",
      method: "exclude",
      name: "*.tmp",
      type: "file",
    }],
  };
  const td = TransferData.fromDocument(doc);
  assert.deepEqual(td.toJSON(), doc);
  assert.throws(
    () => TransferData.fromDocument({ ...doc, source_endpoint: "" }),
    TypeError,
  );
  assert.throws(
    () =>
      TransferData.fromDocument({
        ...doc,
        DATA: [{ source_path: "rel", destination_path: "/b" }],
      }),
    TypeError,
  );
});

test("building and serializing 100,000 items works and keeps every item", () => {
  const td = new TransferData({
    sourceEndpoint: EP1,
    destinationEndpoint: EP2,
  });
  for (let i = 0; i < 100_000; i++) td.addItem(`/src/f${i}`, `/dst/f${i}`);
  const text = JSON.stringify(td);
  const doc = JSON.parse(text);
  assert.equal(doc.DATA.length, 100_000);
  assert.deepEqual(doc.DATA[99_999], {
    DATA_TYPE: "transfer_item",
    source_path: "/src/f99999",
    destination_path: "/dst/f99999",
  });
});

test("the document's item list is a copy", () => {
  const td = new TransferData({ sourceEndpoint: EP1, destinationEndpoint: EP2 })
    .addItem("/a", "/b");
  td.toJSON().DATA.length = 0;
  assert.equal(td.toJSON().DATA.length, 1);
});

test("an option of the wrong type is a TypeError naming it, its type and the value", () => {
  const base = { sourceEndpoint: EP1, destinationEndpoint: EP2 };
  const cases: [Record<string, unknown>, RegExp][] = [
    [
      { verifyChecksum: "yes" },
      /'verifyChecksum' must be true or false \(or left out\): current value is the string "yes"; write verifyChecksum: true, without quotes$/,
    ],
    [{ label: { text: "x" } }, /'label' must be a string.*an object$/],
    [
      { preserveTimestamp: 1 },
      /'preserveTimestamp' must be true or false.*current value is the number 1; write preserveTimestamp: true$/,
    ],
    [{ notifyOnFailed: "false" }, /'notifyOnFailed' must be true or false/],
    [{ sourceLocalUser: 42 }, /'sourceLocalUser' must be a string/],
    [{ submissionId: 10n }, /'submissionId' must be a string.*a BigInt$/],
    [{ recursiveSymlinks: "follow" }, /"ignore", "keep", "copy".*"follow"/],
    [{ additionalFields: ["x"] }, /'additionalFields' must be an object/],
    [{ label: "x".repeat(500), skipSourceErrors: 0 }, /'skipSourceErrors'/],
  ];
  for (const [bad, message] of cases) {
    assert.throws(
      () => new TransferData({ ...base, ...bad } as never),
      (e: unknown) => e instanceof TypeError && message.test(e.message),
      JSON.stringify(bad, (_k, v) => typeof v === "bigint" ? `${v}n` : v),
    );
  }
  // A long value is cut in the message.
  assert.throws(
    () =>
      new TransferData(
        { ...base, sourceLocalUser: ["u".repeat(100_000)] } as never,
      ),
    (e: unknown) => e instanceof TypeError && e.message.length < 300,
  );
  assert.throws(
    () =>
      new TransferData(
        {
          ...base,
          label: "u".repeat(100_000),
          encryptData: "u".repeat(100_000),
        } as never,
      ),
    (e: unknown) =>
      e instanceof TypeError &&
      /current value is a string \(100000 characters\)$/.test(e.message) &&
      e.message.length < 300,
  );
  const td = new TransferData(base);
  assert.throws(
    () => td.addItem("/a", "/b", { recursive: "true" as never }),
    /^TypeError: Cannot add the item as 'recursive' must be true or false \(or left out\): current value is the string "true"; write recursive: true, without quotes$/,
  );
  assert.throws(
    () => td.addItem("/a", "/b", { externalChecksum: 123 as never }),
    /'externalChecksum' must be a string/,
  );
  assert.throws(
    () => td.addItem("/a", "/b", { additionalFields: "x" as never }),
    /'additionalFields' must be an object/,
  );
  // Nothing was added by the failed calls; good values still build.
  assert.equal(td.itemCount, 0);
  td.addItem("/a", "/b", { recursive: true, externalChecksum: "abc" });
  const doc = new TransferData({
    ...base,
    label: "ok",
    verifyChecksum: false,
    recursiveSymlinks: "keep",
  }).addItem("/a", "/b").toJSON();
  assert.equal(doc.verify_checksum, false);
  assert.equal(doc.recursive_symlinks, "keep");
});

test("null options are left out of the document, as Python's TransferData(label=None, …) and add_item(…, recursive=None) leave out None", () => {
  const td = new TransferData({
    sourceEndpoint: EP1,
    destinationEndpoint: EP2,
    label: null,
    submissionId: null,
    verifyChecksum: null,
    syncLevel: null,
    deadline: null,
    additionalFields: null,
  } as never).addItem("/a", "/b", {
    recursive: null,
    externalChecksum: null,
    checksumAlgorithm: null,
    additionalFields: null,
  } as never);
  assert.equal(td.submissionId, undefined);
  assert.deepEqual(td.toJSON(), {
    DATA_TYPE: "transfer",
    source_endpoint: EP1,
    destination_endpoint: EP2,
    DATA: [{
      DATA_TYPE: "transfer_item",
      source_path: "/a",
      destination_path: "/b",
    }],
  });
});
