/**
 * What a TransferData or DeleteData read or written as the Python SDK's
 * dict says, in the Deno kernel and in scripts (src/transfer/_document_slips.ts, through
 * the slip hints' seam; the real kernel: tests/e2e/notebook_slips_test.ts).
 */
import { afterEach, test } from "node:test";
import assert from "node:assert/strict";
import { documentMiss } from "../../src/transfer/_document_slips.ts";
import {
  addSlipHints,
  removeSlipHints,
} from "../../src/notebook/_slip_hints.ts";
import { TransferData } from "../../src/transfer/transfer_data.ts";
import { DeleteData } from "../../src/transfer/delete_data.ts";
import { messageOf } from "../_helpers/argument_errors.ts";

afterEach(() => removeSlipHints());

const SRC = "6c54cade-bde5-45c1-bdea-f4bd71dba2cc";
const DST = "31ce9ba0-176d-45a5-add3-f37d233ba47d";

test("documentMiss names toJSON() for the wire fields and the option for the task fields", () => {
  const miss = documentMiss("DeleteData", ["endpoint", "recursive"]);
  assert.equal(
    miss("DATA", {}),
    "DeleteData is not a dict as in the Python SDK: its document is ddata.toJSON() (ddata.toJSON().DATA); items are added with ddata.addItem(…)",
  );
  assert.equal(
    miss("recursive", {}),
    "DeleteData is not a dict as in the Python SDK: its document is ddata.toJSON(), and recursive is set when it is made: new DeleteData(…, { recursive: … })",
  );
  assert.equal(miss("colour", {}), undefined);
  assert.equal(miss("then", {}), undefined);
});

test("with the hints on, a TransferData read or written as a dict throws the hint, and works as before otherwise", () => {
  const tdata = new TransferData(SRC, DST, { label: "slips" });
  addSlipHints(
    tdata,
    TransferData,
    documentMiss("TransferData", ["label", "syncLevel"]),
  );
  // deno-lint-ignore no-explicit-any
  const dict = tdata as any;
  assert.match(messageOf(() => dict.DATA), /^TransferData is not a dict/);
  assert.match(
    messageOf(() => {
      dict["sync_level"] = "checksum";
    }),
    /and sync_level is set when it is made: new TransferData\(…, \{ syncLevel: … \}\)$/,
  );
  assert.equal(Object.hasOwn(tdata, "sync_level"), false);
  dict.note = "mine"; // a name with no hint is an own property, as before
  assert.equal(dict.note, "mine");
  tdata.addItem("/share/godata/file1.txt", "~/file1.txt");
  assert.equal(tdata.toJSON().DATA.length, 1);
  assert.equal(tdata.toJSON().label, "slips");
  // A DeleteData has hints of its own, not TransferData's: sync_level is no
  // option of a delete.
  // deno-lint-ignore no-explicit-any
  assert.equal((new DeleteData(SRC) as any).sync_level, undefined);
});

test("in a script too (outside the kernel), a dict-style write of an option throws instead of being lost, and a dict-style read says where the field is", () => {
  const tdata = new TransferData(SRC, DST);
  // deno-lint-ignore no-explicit-any
  const dict = tdata as any;
  assert.match(
    messageOf(() => {
      dict["sync_level"] = "checksum";
    }),
    /^TransferData is not a dict as in the Python SDK: its document is tdata\.toJSON\(\), and sync_level is set when it is made: new TransferData\(…, \{ syncLevel: … \}\)$/,
  );
  assert.match(messageOf(() => dict["DATA"]), /\(tdata\.toJSON\(\)\.DATA\)/);
  tdata.addItem("/a", "/b");
  assert.equal(JSON.stringify(tdata).includes("sync_level"), false);
  // Names that are no option or wire field read and write as on any object.
  dict.note = "mine";
  assert.equal(dict.note, "mine");
  assert.equal(dict.then, undefined);
  const ddata = new DeleteData({ endpoint: DST }).addItem("/x");
  assert.match(
    messageOf(() => {
      (ddata as unknown as Record<string, unknown>)["recursive"] = true;
    }),
    /and recursive is set when it is made: new DeleteData\(…, \{ recursive: … \}\)$/,
  );
});

test("Python's tdata['submission_id'] says to read tdata.submissionId (it said to set it when the document is made)", () => {
  const tdata = new TransferData(SRC, DST, { submissionId: "sid-1" });
  assert.equal(tdata.submissionId, "sid-1");
  assert.equal(
    messageOf(() =>
      (tdata as unknown as Record<string, unknown>)["submission_id"]
    ),
    "TransferData is not a dict as in the Python SDK: its document is tdata.toJSON(); its submission_id is tdata.submissionId (given when it is made, or set by submitTransfer())",
  );
});
