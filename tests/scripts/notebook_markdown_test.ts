/**
 * The tutorial notebooks' markdown as Notebook 6 renders it. Its stylesheet
 * right-aligns table cells (`.rendered_html td { text-align: right }`), so a
 * table written `|---|---|` showed its sentences right-aligned, ragged on
 * the left; a column says where it aligns (`|:---|` for text).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { isDeno } from "../../src/core/runtime.ts";

// The notebooks are next to the sources in the checkout, not in the npm
// build.
const denoOnly = {
  skip: isDeno ? false : "reads the checkout's notebooks/ (Deno only)",
};
const dir = new URL("../../notebooks/", import.meta.url);

interface Cell {
  cell_type: string;
  source: string | string[];
}

/** Each markdown table's delimiter row, with where it is. */
async function delimiterRows(): Promise<{ where: string; row: string }[]> {
  const rows: { where: string; row: string }[] = [];
  const files = (await readdir(dir)).filter((f) => f.endsWith(".ipynb"))
    .sort();
  assert.ok(files.length > 0, "no notebooks found");
  for (const f of files) {
    const nb = JSON.parse(await readFile(new URL(f, dir), "utf8")) as {
      cells: Cell[];
    };
    nb.cells.forEach((c, i) => {
      if (c.cell_type !== "markdown") return;
      const text = Array.isArray(c.source) ? c.source.join("") : c.source;
      for (const line of text.split("\n")) {
        if (/^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(line)) {
          rows.push({ where: `${f} cell ${i}`, row: line.trim() });
        }
      }
    });
  }
  return rows;
}

test(
  "every markdown table in the notebooks says how its columns align (Notebook 6 right-aligns the rest)",
  denoOnly,
  async () => {
    const rows = await delimiterRows();
    assert.ok(rows.length > 0, "the notebooks have no markdown table to check");
    const unaligned = rows.filter(({ row }) =>
      row.replace(/^\||\|$/g, "").split("|").some((cell) =>
        !/^\s*:-+:?\s*$|^\s*-+:\s*$/.test(cell)
      )
    );
    assert.deepEqual(
      unaligned,
      [],
      "write |:---| for a text column (left), ---: for numbers",
    );
  },
);
