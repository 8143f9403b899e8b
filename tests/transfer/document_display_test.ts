import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { DeleteData, TransferData } from "../../mod.ts";
import { kernelView } from "../_helpers/kernel_view.ts";

const SRC = "0f1e2d3c-4b5a-4697-8877-665544332211";
const DST = "a1b2c3d4-e5f6-4a0b-9c8d-7e6f5a4b3c2d";

function tdata(): TransferData {
  return new TransferData({
    sourceEndpoint: SRC,
    destinationEndpoint: DST,
    label: "nightly <copy>",
    syncLevel: "checksum",
  });
}

test("a TransferData ending a notebook cell shows its endpoints, options, items and filter rules, not an empty object", async () => {
  const t = tdata()
    .addItem("/data/run1.h5", "/~/run1.h5")
    .addItem("/data/raw/", "/~/raw/", { recursive: true });
  t.addFilterRule("*.tmp");
  const view = await kernelView(t);
  const text = view["text/plain"]!;
  assert.match(
    text,
    new RegExp(`^TransferData: 2 items from ${SRC} to ${DST}`),
  );
  assert.match(text, /label\s+\| nightly <copy>/);
  assert.match(text, /sync_level\s+\| 3 \(checksum\)/);
  assert.match(text, /\/data\/raw\/\s+\| \/~\/raw\/\s+\| true/);
  assert.match(text, /exclude \|\s+\| \*\.tmp/);
  const html = view["text/html"]!;
  assert.match(
    html,
    /^<div class="text-muted globus-caption">TransferData: 2 items from /,
  );
  assert.ok(html.includes("nightly &lt;copy&gt;"), "values are escaped");
  assert.ok(!html.includes("<copy>"));
  assert.ok(html.includes('<td><div align="left">/data/run1.h5</div></td>'));
});

test("console.log and String() of a TransferData show the same summary (inspect used to print 'TransferData { submissionId: undefined }')", () => {
  const t = tdata().addItem("/data/a", "/~/a");
  const printed = inspect(t);
  assert.equal(printed, String(t));
  assert.match(printed, /^TransferData: 1 item from /);
  assert.doesNotMatch(printed, /submissionId: undefined/);
  // The wire form is untouched: toJSON has no display fields.
  assert.deepEqual(Object.keys(JSON.parse(JSON.stringify(t))).sort(), [
    "DATA",
    "DATA_TYPE",
    "destination_endpoint",
    "label",
    "source_endpoint",
    "sync_level",
  ]);
});

test("an unfinished TransferData (no items) still shows, and says how to add one, where JSON.stringify throws", async () => {
  const t = tdata();
  assert.throws(() => JSON.stringify(t), TypeError);
  const text = (await kernelView(t))["text/plain"]!;
  assert.match(text, /^TransferData: 0 items from /);
  assert.match(
    text,
    /No items yet: add some with addItem\("\/source\/path", "\/destination\/path"\)/,
  );
});

test("a large TransferData shows its first 20 items and how many more there are", async () => {
  const t = tdata();
  for (let i = 0; i < 25_000; i++) t.addItem(`/src/f${i}`, `/dst/f${i}`);
  const text = (await kernelView(t))["text/plain"]!;
  assert.match(text, /^TransferData: 25000 items /);
  assert.match(text, /\/src\/f19 /);
  assert.doesNotMatch(text, /\/src\/f20 /);
  assert.match(text, /… 24980 more rows not shown/);
});

test("a submitted TransferData shows its submission id; a DeleteData shows its endpoint and paths", async () => {
  const t = tdata().addItem("/a", "/b");
  t.submissionId = "5d2e9c1a-7f3b-4e8d-a6c5-0b1f2e3d4c5b";
  assert.match(
    String(t),
    /submission_id\s+\| 5d2e9c1a-7f3b-4e8d-a6c5-0b1f2e3d4c5b/,
  );
  const d = new DeleteData({ endpoint: DST, recursive: true })
    .addItem("/~/old/")
    .addItem("/~/tmp/");
  const text = (await kernelView(d))["text/plain"]!;
  assert.match(text, new RegExp(`^DeleteData: 2 items on ${DST}`));
  assert.match(text, /recursive\s+\| true/);
  assert.match(text, /^\/~\/tmp\/$/m);
  assert.equal(inspect(d), String(d));
});
