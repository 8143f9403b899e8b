/**
 * Python SDK 3's document builders took the TransferClient first:
 * `TransferData(tc, source, destination, label=…)` and
 * `DeleteData(tc, endpoint, recursive=True)`. Ported line by line, they
 * build the same documents as the other forms.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { TransferData } from "../../src/transfer/transfer_data.ts";
import { DeleteData } from "../../src/transfer/delete_data.ts";
import { messageOf, untyped } from "../_helpers/argument_errors.ts";

/** The constructors with their argument types left unchecked. */
const LooseTransferData = TransferData as unknown as new (
  ...args: unknown[]
) => TransferData;
const LooseDeleteData = DeleteData as unknown as new (
  ...args: unknown[]
) => DeleteData;

const SRC = "6c54cade-bde5-45c1-bdea-f4bd71dba2cc";
const DST = "31ce9ba0-176d-45a5-add3-f37d233ba47d";

test("new TransferData(tc, source, destination, options) builds what new TransferData(source, destination, options) does", () => {
  const tc = new TransferClient();
  const python3 = new TransferData(tc, SRC, DST, {
    label: "SDK example",
    syncLevel: "checksum",
  }).addItem("/share/godata/file1.txt", "/~/file1.txt");
  const python4 = new TransferData(SRC, DST, {
    label: "SDK example",
    syncLevel: "checksum",
  }).addItem("/share/godata/file1.txt", "/~/file1.txt");
  assert.deepEqual(python3.toJSON(), python4.toJSON());
  assert.equal(python3.sourceEndpoint, SRC);
  assert.equal(python3.destinationEndpoint, DST);
  assert.equal(python3.toJSON().sync_level, 3);
  // Python 3's transfer_client=None
  const none = new TransferData(null, SRC, DST).addItem("/a", "/b");
  assert.equal(none.toJSON().source_endpoint, SRC);
  assert.equal(none.toJSON().destination_endpoint, DST);
});

test("new DeleteData(tc, endpoint, options) builds what new DeleteData(endpoint, options) does", () => {
  const tc = new TransferClient();
  const python3 = new DeleteData(tc, DST, { recursive: true, label: "rm" })
    .addItem("/~/old/");
  const python4 = new DeleteData(DST, { recursive: true, label: "rm" })
    .addItem("/~/old/");
  assert.deepEqual(python3.toJSON(), python4.toJSON());
  assert.equal(python3.toJSON().recursive, true);
  assert.equal(
    new DeleteData(undefined, DST).addItem("/x").toJSON().endpoint,
    DST,
  );
});

test("a TransferClient first still needs the collection ids after it, and options are checked as in the other forms", () => {
  const tc = new TransferClient();
  assert.match(
    messageOf(() => new LooseTransferData(tc)),
    /a collection id must follow the TransferClient \(Python SDK 3's form\), as in new TransferData\(tc, source, destination/,
  );
  assert.throws(() => new LooseTransferData(tc, { label: "x" }), TypeError);
  assert.throws(
    () => new LooseDeleteData(tc, { recursive: true }),
    /a collection id must follow the TransferClient/,
  );
  assert.throws(
    () => new TransferData(tc, SRC, untyped(undefined)),
    /destination collection id must follow the source/,
  );
  assert.throws(
    () => new TransferData(tc, SRC, DST, untyped({ sync_level: 3 })),
    /unknown option 'sync_level'/,
  );
  assert.throws(
    () => new DeleteData(tc, DST, untyped({ ignore_missing: true })),
    /unknown option 'ignore_missing'/,
  );
});

test("a positional call whose first id is undefined (a command-line argument not given) names that id, not 'options left out'", () => {
  const [SRC, DST] = [] as (string | undefined)[];
  assert.throws(
    () => new TransferData(SRC as string, DST as string),
    {
      name: "TypeError",
      message:
        `Cannot build the TransferData as its first argument, the source collection id, is undefined: give the id there, as in new TransferData(source, destination, { label: "…" }) (a value read from the command line or the environment that was not set?)`,
    },
  );
  assert.throws(
    () => new TransferData(SRC as string, "dst", { label: "x" }),
    /its first argument, the source collection id, is undefined/,
  );
  assert.throws(
    () => new DeleteData(SRC as string, { recursive: true }),
    /Cannot build the DeleteData as its first argument, the collection id, is undefined: give the id there, as in new DeleteData\(endpoint, \{ recursive: true \}\)/,
  );
  // Python SDK 3's form with no client still reads as before.
  const python3 = new TransferData(null, "src", "dst");
  python3.addItem("/a", "/b");
  assert.equal(python3.toJSON().source_endpoint, "src");
  assert.throws(
    () => new TransferData(undefined as unknown as string, "dst"),
    /first argument, the source collection id, is undefined/,
  );
});
