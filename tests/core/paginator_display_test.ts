/**
 * A paginator fetches nothing until walked; left as a cell's value (a
 * forgotten `.toArray()`) it says how to get the items instead of showing
 * an empty object, and showing it fetches nothing.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { Paginator } from "../../src/core/paging.ts";
import { DisplayPaginator } from "../../src/transfer/_display.ts";
import { kernelView } from "../_helpers/kernel_view.ts";

test("a paginator as a cell's value says how to get its items, without fetching", async () => {
  let fetched = 0;
  const pages = async function* () {
    fetched++;
    yield {
      DATA_TYPE: "task_list",
      DATA: [{ DATA_TYPE: "task", task_id: "t1", status: "ACTIVE" }],
    };
  };
  for (
    const p of [
      new Paginator(pages, (page) => page.DATA),
      new DisplayPaginator(pages, (page) => page.DATA),
    ]
  ) {
    const text = (await kernelView(p))["text/plain"] ?? "";
    assert.match(
      text,
      /^Paginator: it holds no items, it fetches the pages each time it is walked: for every item, call \.toArray\(\) and await that \(await tc\.taskList\(\)\.toArray\(\), a table in a notebook\)/,
    );
    assert.match(text, /for await \(const item of …\)/);
    assert.equal(String(p), text);
    assert.equal(inspect(p), text);
    assert.equal(fetched, 0);
  }
  // Still a paginator; after a walk it says the same (it kept no items).
  const walked = new DisplayPaginator(pages, (page) => page.DATA);
  const before = String(walked);
  const all = await walked.toArray();
  assert.equal(all.length, 1);
  assert.equal(fetched, 1);
  assert.equal(String(walked), before);
});
