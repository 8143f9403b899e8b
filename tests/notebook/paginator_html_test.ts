/**
 * A paginator left as a cell's value (`await tc.taskList()` without
 * `.toArray()`) shows its hint as HTML in a notebook: the text, in a
 * notebook's output box, broke lines inside the code (". toArray()",
 * "for a" / "wait").
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Paginator } from "../../src/core/paging.ts";
import { DisplayPaginator } from "../../src/transfer/_display.ts";
import { kernelView } from "../_helpers/kernel_view.ts";
import { untrusted } from "./_untrusted.ts";

test("a paginator as a cell's value shows HTML with its code in unbroken code spans, the same in an untrusted notebook", async () => {
  let fetched = 0;
  const pages = async function* () {
    fetched++;
    yield { DATA: [{ task_id: "t1" }] };
  };
  for (
    const p of [
      new Paginator(pages, (page) => page.DATA),
      new DisplayPaginator(pages, (page) => page.DATA),
    ]
  ) {
    const view = await kernelView(p);
    const html = view["text/html"] ?? "";
    for (
      const code of [
        ".toArray()",
        "await tc.taskList().toArray()",
        "for await (const item of …)",
        ".pages()",
      ]
    ) {
      assert.ok(
        untrusted(html).includes(`<code><nobr>${code}</nobr></code>`),
        `${code} in an unbroken code span: ${html}`,
      );
    }
    // The same words as the text, tags aside.
    assert.equal(html.replace(/<[^>]*>/g, ""), view["text/plain"]);
    assert.equal(fetched, 0);
  }
});
