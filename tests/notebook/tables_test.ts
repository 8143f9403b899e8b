import { test } from "node:test";
import assert from "node:assert/strict";
import {
  attachDisplay,
  displayTable,
  formatBytes,
  renderRecord,
  renderTable,
  Table,
  toTable,
} from "../../src/notebook/tables.ts";
import { renderTokenTable } from "../../src/notebook/_token_table.ts";
import {
  type DisplaySink,
  JUPYTER_DISPLAY,
  type MimeBundle,
} from "../../src/notebook/display.ts";

import { fixture, SKIP_FIXTURES } from "../_helpers/globus_fixtures.ts";
import { cellLooks, untrusted } from "./_untrusted.ts";

const EVIL = "<img src=x onerror=alert(1)>";

test("renderTable escapes every value, header and caption in HTML", () => {
  const { html } = renderTable(
    [{ name: EVIL, "<th>": `"quoted" & 'single'` }],
    { caption: EVIL },
  );
  assert.ok(!html.includes("<img"));
  assert.ok(html.includes('<th><div align="left">&lt;th&gt;</div></th>'));
  assert.ok(html.includes("&lt;img src=x onerror=alert(1)&gt;"));
  assert.ok(html.includes("&quot;quoted&quot; &amp; &#39;single&#39;"));
  assert.ok(html.startsWith('<div class="text-muted globus-caption">&lt;img'));
});

test("renderTable aligns plain text columns and right-aligns numbers", () => {
  const { text } = renderTable([
    { name: "file1.txt", size: 4 },
    { name: "a", size: 1234 },
  ]);
  assert.equal(
    text,
    [
      "name      | size",
      "----------+-----",
      "file1.txt |    4",
      "a         | 1234",
    ].join("\n"),
  );
});

test("renderTable picks preset columns from DATA_TYPE", () => {
  const { text, html } = renderTable([
    {
      DATA_TYPE: "endpoint",
      id: "e1",
      display_name: "Globus Tutorial Collection 1",
      owner_string: "go@globusid.org",
      entity_type: "GCSv5_mapped_collection",
      many: "other fields",
    },
  ]);
  assert.match(text, /^ID +\| Display Name +\| Owner +\| Type/);
  assert.ok(!text.includes("other fields"));
  assert.match(html, /Globus Tutorial Collection 1/);
  const files = renderTable([{
    DATA_TYPE: "file",
    name: "d",
    type: "dir",
    size: 1,
  }]);
  assert.match(files.text, /^d\/ +\| dir\b/m);
});

test("renderTable flattens control characters and clips long text cells", () => {
  const { text, html } = renderTable([{
    v: "a\nb\r\x1b[31mc",
    long: "x".repeat(100),
  }], { maxWidth: 10 });
  assert.ok(!text.includes("\x1b"));
  assert.ok(!text.includes("a\nb"));
  assert.match(text, /x{9}…/);
  assert.ok(html.includes("x".repeat(100)));
});

test("renderTable limits rows and says how many were left out", () => {
  const rows = Array.from({ length: 5 }, (_, i) => ({ i }));
  const { text, html } = renderTable(rows, { maxRows: 2 });
  assert.match(text, /3 more rows not shown/);
  assert.match(html, /3 more rows not shown/);
  assert.equal((html.match(/<tr>/g) ?? []).length, 3);
});

test("renderTable handles no rows and explicit columns with formatters", () => {
  // No rows and nothing to take columns from: no empty header row, a note.
  assert.equal(
    renderTable([]).html,
    '<div style="overflow-x:auto;max-width:100%"><table><tbody></tbody></table></div><p>(no rows)</p>',
  );
  assert.equal(
    renderTable([], { caption: "Nothing" }).text,
    "Nothing\n(no rows)",
  );
  const { text } = renderTable([{ b: 1500, x: null }], {
    columns: [{
      key: "b",
      header: "Bytes",
      format: (v) => formatBytes(v as number),
    }, "x"],
  });
  assert.match(text, /1\.5 kB/);
});

test("an empty table with a dataType or columns keeps its headers and says it is empty", () => {
  const typed = renderTable([], { dataType: "task", caption: "Tasks" });
  assert.equal(
    typed.text.split("\n")[1]?.replace(/ +\| +/g, "|").trim(),
    "Task ID|Status / Type|Label|Source → Destination|Files|Bytes|Requested",
  );
  assert.equal(typed.text.split("\n").at(-1), "(no rows)");
  assert.ok(typed.html.includes('<th><div align="left">Task ID</div></th>'));
  assert.ok(typed.html.endsWith("</table></div><p>(no rows)</p>"));
  const given = renderTable([], { columns: [{ key: "a", header: "A" }] });
  assert.equal(given.text, "A\n-\n(no rows)");
  // Rows decide over dataType; an unknown dataType falls back to the fields.
  assert.match(
    renderTable([{ DATA_TYPE: "file", name: "x" }], { dataType: "task" }).text,
    /^Name/,
  );
  assert.equal(
    renderTable([{ n: 1 }], { dataType: "toString" }).text.split("\n")[0],
    "n",
  );
});

test("formatBytes uses decimal units", () => {
  assert.equal(formatBytes(0), "0 B");
  assert.equal(formatBytes(999), "999 B");
  assert.equal(formatBytes(1500), "1.5 kB");
  assert.equal(formatBytes(2_500_000_000), "2.5 GB");
  assert.equal(formatBytes(123_000_000), "123 MB");
});

test("renderRecord shows fields and values", () => {
  const { text, html } = renderRecord(
    { DATA_TYPE: "task", task_id: "t1", label: EVIL, n: null },
    undefined,
    "Task t1",
  );
  assert.match(text, /task_id +\| t1/);
  assert.ok(!text.includes("DATA_TYPE"));
  assert.ok(!html.includes("<img"));
});

test("attachDisplay adds a non-enumerable Jupyter display method", () => {
  const obj = attachDisplay(
    { a: 1 },
    () => ({ html: "<table></table>", text: "t" }),
  );
  assert.deepEqual(Object.keys(obj), ["a"]);
  assert.equal(JSON.stringify(obj), '{"a":1}');
  assert.deepEqual(obj, { a: 1 });
  const bundle =
    (obj as unknown as Record<symbol, () => MimeBundle>)[JUPYTER_DISPLAY]!();
  assert.deepEqual(bundle, {
    "text/html": "<table></table>",
    "text/plain": "t",
  });
});

test("toTable returns a Table that renders for Jupyter and as text", () => {
  const table = toTable([{
    DATA_TYPE: "task",
    task_id: "t1",
    status: "SUCCEEDED",
    label: EVIL,
  }]);
  assert.ok(table instanceof Table);
  const bundle = table[JUPYTER_DISPLAY]();
  assert.match(String(bundle["text/html"]), /SUCCEEDED/);
  assert.ok(!String(bundle["text/html"]).includes("<img"));
  assert.match(String(table), /Task ID/);
});

test("displayTable shows one bundle on the sink", async () => {
  const shown: MimeBundle[] = [];
  const sink: DisplaySink = {
    rich: true,
    show: (b) => (shown.push(b), Promise.resolve()),
  };
  await displayTable([{ a: EVIL }], {}, sink);
  assert.equal(shown.length, 1);
  assert.ok(!String(shown[0]!["text/html"]).includes("<img"));
  assert.match(String(shown[0]!["text/plain"]), /<img/);
});

test("headers are aligned as their columns, and ids, times and numbers (a size with its unit) stay on one line in HTML", () => {
  const { html } = renderTable([
    {
      task_id: "9c57679b-3c56-451e-b7b6-24b6db787ad7",
      request_time: "2026-12-02T22:01:13+00:00",
      label: "nightly sync of run 12",
      files: 12,
    },
  ]);
  // Notebook 6's stylesheet right-aligns <th>: each says its side.
  assert.ok(html.includes('<th><div align="left">task_id</div></th>'));
  assert.ok(html.includes('<th><div align="right">files</div></th>'));
  assert.ok(
    html.includes(
      '<td><div align="left"><nobr>9c57679b-3c56-451e-b7b6-24b6db787ad7</nobr></div></td>',
    ),
  );
  assert.ok(
    html.includes(
      '<td title="2026-12-02T22:01:13+00:00"><div align="left"><nobr>2026-12-02 22:01:13 UTC</nobr></div></td>',
    ),
  );
  // An id in the caption: "Files copied by task 3379b5c7-…-a4e0-" /
  // "3ddf70b95f21" over a narrow table.
  const captioned = renderTable([{ source_path: "/a" }], {
    caption: "Files copied by task 3379b5c7-1b04-4e2f-a4e0-3ddf70b95f21",
  });
  assert.ok(
    captioned.html.includes(
      '<div class="text-muted globus-caption">Files copied by task <nobr>3379b5c7-1b04-4e2f-a4e0-3ddf70b95f21</nobr></div>',
    ),
    captioned.html,
  );
  assert.match(captioned.text, /^Files copied by task 3379b5c7-1b04-/);
  // Numbers too: a long name in the row squeezed a size onto two lines.
  assert.ok(
    html.includes('<td><div align="right"><nobr>12</nobr></div></td>'),
  );
  // Other text wraps as before.
  assert.ok(
    html.includes('<td><div align="left">nightly sync of run 12</div></td>'),
  );
});

test(
  "a task event table shows JSON details as key: value pairs on one line, and an error's report with its line breaks (HTML ran them together)",
  {
    skip: SKIP_FIXTURES,
  },
  () => {
    const page = fixture("transfer.task_event_list.json") as {
      body?: { DATA: Record<string, unknown>[] };
      DATA?: Record<string, unknown>[];
    };
    const events = (page.body ?? page).DATA ?? [];
    const started = events.find((e) => e.code === "STARTED");
    const denied = events.find((e) => e.code === "PERMISSION_DENIED");
    assert.ok(started && denied);
    const { html, text } = renderTable([started, denied], {
      dataType: "event",
      maxWidth: 200,
    });
    assert.match(
      text,
      /type: GridFTP Transfer, concurrency: 2, parallelism: 4, pipelining: 20/,
    );
    assert.match(
      html,
      /<td><div align="left"><nobr>type: GridFTP Transfer<\/nobr>, <nobr>concurrency: 2<\/nobr>, <nobr>parallelism: 4<\/nobr>, <nobr>pipelining: 20<\/nobr><\/div><\/td>/,
    );
    // The report keeps its lines in HTML (<br>), and is one line of text.
    assert.match(
      html,
      /<td><div align="left">Error \(make directories\)<br>Endpoint: /,
    );
    assert.equal(
      text.split("\n").filter((l) => l.includes("PERMISSION_DENIED")).length,
      1,
    );
    // Text that is not a JSON object stays as it is.
    const plain = renderTable([{ code: "X", details: "{not json" }], {
      dataType: "event",
    });
    assert.match(plain.text, /\{not json/);
  },
);

test("the token table, like every table, scrolls sideways when wider than the output area", () => {
  const { html, text } = renderTokenTable(
    [["transfer.api.globus.org", {
      resource_server: "transfer.api.globus.org",
      scope: "urn:globus:auth:scope:transfer.api.globus.org:all",
      token_type: "Bearer",
      expires_at_seconds: 1_796_424_533,
      access_token: "secret-access",
      refresh_token: null,
    }]],
    "Tokens",
  );
  assert.ok(
    html.startsWith(
      '<div class="text-muted globus-caption">Tokens</div><div style="overflow-x:auto;max-width:100%"><table><thead>',
    ),
  );
  assert.ok(html.endsWith("</table></div>"));
  // Its expiry in the tables' time style, on one line.
  assert.match(text, /\| 2026-12-04 22:48:53 UTC \|/);
  assert.match(
    html,
    /<td><div align="left"><nobr>2026-12-04 22:48:53 UTC<\/nobr><\/div><\/td>/,
  );
  assert.ok(!(html + text).includes("secret-access"));
});

test("times in any of Transfer's styles, or toISOString()'s, read one way: 2026-12-04 22:48:57 UTC", () => {
  const rows = [
    { when: "2026-12-04T22:48:57+00:00" },
    { when: "2026-12-04 22:48:57+00:00" },
    { when: new Date(Date.UTC(2026, 11, 4, 22, 48, 57)).toISOString() },
    { when: "2026-12-04T17:48:57-05:00" },
    { when: "2026-12-04T22:48:57.250Z" },
  ];
  const { text, html } = renderTable(rows);
  assert.deepEqual(
    text.split("\n").slice(2),
    Array(5).fill("2026-12-04 22:48:57 UTC"),
  );
  // What was sent stays one hover away.
  assert.ok(html.includes('title="2026-12-04T17:48:57-05:00"'));
  assert.ok(html.includes('title="2026-12-04T22:48:57.000Z"'));
  // A time without its zone is not guessed at; other text is left alone.
  const other = renderTable([{ when: "2026-12-04 22:48:57" }, {
    when: "released 2026-12-04T22:48:57Z",
  }]);
  assert.match(other.text, /^2026-12-04 22:48:57$/m);
  assert.match(other.text, /^released 2026-12-04T22:48:57Z$/m);
});

test("a table reads the same in a notebook that is not trusted: Jupyter drops style attributes, yet text stays left, numbers right, and ids, times and sizes on one line", () => {
  const { html } = renderTable(
    [{
      task_id: "9c57679b-3c56-451e-b7b6-24b6db787ad7",
      label: "nightly sync of run 12",
      files: 12,
      request_time: "2026-12-02T22:01:13+00:00",
      report: "Error (make directories)\n  Endpoint: x",
    }],
    { caption: "Tasks" },
  );
  const looks = cellLooks(html);
  assert.deepEqual(
    looks.map(({ text, align, nowrap }) => [text, align, nowrap]),
    [
      ["task_id", "left", false],
      ["label", "left", false],
      ["files", "right", false],
      ["request_time", "left", false],
      ["report", "left", false],
      ["9c57679b-3c56-451e-b7b6-24b6db787ad7", "left", true],
      ["nightly sync of run 12", "left", false],
      ["12", "right", true],
      ["2026-12-02 22:01:13 UTC", "left", true],
      ["Error (make directories)&nbsp;&nbsp;Endpoint: x", "left", false],
    ],
  );
  // The report's lines and indentation survive too (a style's pre-wrap
  // would not).
  assert.match(
    untrusted(html),
    /Error \(make directories\)<br>&nbsp;&nbsp;Endpoint: x/,
  );
  // Nothing of the table's look is left to a style attribute, so trusted
  // and untrusted read alike.
  assert.doesNotMatch(html, /<t[dh] [^>]*style=/);
});

test("an event's details wrap between their pairs, not inside one (a long pair may wrap)", () => {
  const long = "/share/godata/a-very-long-folder-name/and-a-file-name.txt";
  const { html } = renderTable([{
    DATA_TYPE: "event",
    code: "SUCCEEDED",
    details: JSON.stringify({
      files_succeeded: 3,
      files_skipped: 0,
      path: long,
    }),
  }]);
  const shown = untrusted(html);
  assert.match(
    shown,
    /<nobr>files_succeeded: 3<\/nobr>, <nobr>files_skipped: 0<\/nobr>, path: \/share/,
  );
});

test("a task list's Files says how many a sync level skipped (a re-run transfer read 0 files, 0 B)", () => {
  const rows = [
    {
      DATA_TYPE: "task",
      task_id: "t1",
      status: "SUCCEEDED",
      files_transferred: 0,
      files_skipped: 3,
      bytes_transferred: 0,
    },
    {
      DATA_TYPE: "task",
      task_id: "t2",
      status: "SUCCEEDED",
      files_transferred: 3,
      files_skipped: 0,
      bytes_transferred: 12,
    },
  ];
  const { html, text } = renderTable(rows);
  assert.match(text, /\b0 \(3 skipped\)/);
  assert.doesNotMatch(text, /\b3 \(/);
  const looks = cellLooks(html);
  const files = looks.filter((l) => /^\d/.test(l.text) && !/B$/.test(l.text));
  assert.deepEqual(files.map((l) => [l.text, l.align]), [
    ["0 (3 skipped)", "right"],
    ["3", "right"],
  ]);
  // The count and its skipped files each on one line.
  assert.ok(
    untrusted(html).includes(
      '<div align="right"><nobr>0</nobr> <nobr>(3 skipped)</nobr></div>',
    ),
  );
});

test("a file listing shows the names first, so a narrow notebook (600 px) shows them without scrolling", () => {
  const { text, html } = renderTable([
    {
      DATA_TYPE: "file",
      name: "file1.txt",
      type: "file",
      size: 4,
      last_modified: "2026-12-05 01:36:59+00:00",
      permissions: "0644",
      user: "demo",
      group: "tutorial",
    },
    { DATA_TYPE: "file", name: "sub", type: "dir", size: 0 },
  ]);
  assert.deepEqual(
    text.split("\n")[0]!.split("|").map((h) => h.trim()),
    ["Name", "Type", "Size", "Last Modified", "Permissions", "User", "Group"],
  );
  // The first cell of each row is the name (a folder's with a slash).
  const rows = [...untrusted(html).matchAll(/<tr><td>(.*?)<\/td>/g)].map((m) =>
    m[1]!.replace(/<[^>]*>/g, "")
  );
  assert.deepEqual(rows, ["file1.txt", "sub/"]);
});

test("the task table fits a 1100 px window's output area: seven columns (status and type in one, source and destination in one), its time without seconds and free to break before the hour, long labels and names cut (whole in the tooltip), long words breakable", () => {
  const row = {
    DATA_TYPE: "task",
    task_id: "9c57679b-3c56-451e-b7b6-24b6db787ad7",
    status: "SUCCEEDED",
    type: "TRANSFER",
    label: "nightly backup of the godata folder to my home folder, again",
    source_endpoint_display_name: "Globus Tutorial Collection 1",
    destination_endpoint_display_name: "lab_storage_cluster.archive-01",
    files_transferred: 1_234_567,
    files_skipped: 98_765,
    bytes_transferred: 987_654_321_098_765,
    request_time: "2026-12-02T22:01:13+00:00",
  };
  const { html, text } = renderTable([row]);
  const cells = untrusted(html).match(/<td\b.*?<\/td>/gs)!;
  const headers = [...untrusted(html).matchAll(/<th>(.*?)<\/th>/g)].map((m) =>
    m[1]!.replace(/<[^>]*>/g, "")
  );
  // Nine columns (Status and Type, Source and Destination apart) left the
  // table 10 px of a 1100 px window's 767 px output area; a TB count or a
  // long label pushed it out.
  assert.deepEqual(headers, [
    "Task ID",
    "Status / Type",
    "Label",
    "Source → Destination",
    "Files",
    "Bytes",
    "Requested",
  ]);
  assert.equal(cells.length, 7);
  // Status and type: each word whole, a line break only after the slash.
  assert.equal(
    cells[1],
    '<td><div align="left"><nobr>SUCCEEDED /</nobr> <nobr>TRANSFER</nobr></div></td>',
  );
  // Requested: "2026-12-02 22:01:13 UTC" on one line made the table
  // 831 px wide against the 778 px output area of a 1100 px window.
  assert.equal(
    cells[6],
    '<td title="2026-12-02T22:01:13+00:00"><div align="left"><nobr>2026-12-02</nobr> <nobr>22:01 UTC</nobr></div></td>',
  );
  // The label, cut at 40 characters, whole in the tooltip.
  assert.equal(
    cells[2],
    `<td title="${row.label}"><div align="left">nightly backup of the godata folder to…</div></td>`,
  );
  // The route on two lines; a long word may break after its punctuation.
  assert.equal(
    cells[3],
    '<td><div align="left">Globus Tutorial Collection 1<br><nobr>→</nobr> lab_<wbr>storage_<wbr>cluster.<wbr>archive-<wbr>01</div></td>',
  );
  // Counts with their thousands marked, the count and its skipped files
  // each whole; the size with its unit.
  assert.equal(
    cells[4],
    '<td><div align="right"><nobr>1,234,567</nobr> <nobr>(98,765 skipped)</nobr></div></td>',
  );
  assert.match(cells[5]!, /<nobr>988 TB<\/nobr>/);
  // The id stays whole and on one line.
  assert.match(
    cells[0]!,
    /<nobr>9c57679b-3c56-451e-b7b6-24b6db787ad7<\/nobr>/,
  );
  // The text table has the same columns, and keeps the seconds and the
  // whole label.
  assert.deepEqual(
    text.split("\n")[0]!.split("|").map((h) => h.trim()),
    headers,
  );
  assert.match(text, /2026-12-02 22:01:13 UTC$/m);
  assert.match(
    text,
    /nightly backup of the godata folder to my home folder, again/,
  );
  assert.match(
    text,
    /\| SUCCEEDED \/ TRANSFER \| .* \| Globus Tutorial Collection 1 → lab_storage_cluster\.archive-01 \| 1,234,567 \(98,765 skipped\) \| 988 TB \|/,
  );
  // Escaped as any cell.
  const evil = renderTable([{
    ...row,
    label: "<b>x</b>_very_long_label_word_here",
    destination_endpoint_display_name: "<i>y</i>",
  }]).html;
  assert.ok(!evil.includes("<b>x") && !evil.includes("<i>"));
  assert.ok(evil.includes("&lt;b&gt;x&lt;/<wbr>b&gt;_<wbr>very_<wbr>"));
  assert.ok(evil.includes("&lt;i&gt;y&lt;/i&gt;"));
});

test("a task list's label wraps at its spaces: a word of up to 20 characters (my_transfer_2024) stays whole (it broke after each _), a longer one may break after its punctuation", () => {
  const task = (label: string, dest: string) => ({
    DATA_TYPE: "task",
    task_id: "9c57679b-3c56-451e-b7b6-24b6db787ad7",
    status: "SUCCEEDED",
    type: "TRANSFER",
    label,
    source_endpoint_display_name: "Globus Tutorial Collection 1",
    destination_endpoint_display_name: dest,
  });
  const { html } = renderTable([
    task("my_transfer_2024", "my-guest-collection"),
    task("weekly sync of run_2024_12_05.tar", "Globus Tutorial Collection 2"),
    task("my.transfer.2024 again", "Globus Tutorial Collection 2"),
    task("nightly_backup_of_run_12", "Globus Tutorial Collection 2"),
  ]);
  const cells = untrusted(html).match(/<td\b.*?<\/td>/gs)!;
  const body = (i: number) =>
    cells[i]!.replace(/^<td[^>]*><div align="left">|<\/div><\/td>$/g, "");
  assert.equal(body(2), "my_transfer_2024");
  assert.equal(
    body(3),
    "Globus Tutorial Collection 1<br><nobr>→</nobr> my-guest-collection",
  );
  assert.equal(body(9), "weekly sync of run_2024_12_05.tar");
  // 24 characters: as wide as the table let it be, it pushed the last
  // columns out of the output area.
  assert.equal(body(16), "my.transfer.2024 again");
  assert.equal(body(23), "nightly_<wbr>backup_<wbr>of_<wbr>run_<wbr>12");
});

test("a task list's route: the source alone for a delete, each name cut at 40 characters (the whole route in the tooltip), in text and HTML", () => {
  const long = "lab_storage_cluster.archive-01 (Argonne National Laboratory)";
  const { html, text } = renderTable([
    {
      DATA_TYPE: "task",
      task_id: "t1",
      status: "ACTIVE",
      type: "DELETE",
      source_endpoint_display_name: "Globus Tutorial Collection 1",
      destination_endpoint_display_name: null,
    },
    {
      DATA_TYPE: "task",
      task_id: "t2",
      status: "ACTIVE",
      type: "TRANSFER",
      source_endpoint_display_name: long,
      destination_endpoint_display_name: "Globus Tutorial Collection 2",
    },
  ]);
  const route = (line: string) => line.split("|")[3]!.trim();
  const status = (line: string) => line.split("|")[1]!.trim();
  const lines = text.split("\n");
  assert.equal(route(lines[2]!), "Globus Tutorial Collection 1");
  assert.equal(status(lines[2]!), "ACTIVE / DELETE");
  // A missing status or type leaves no stray slash.
  const lone = renderTable([{
    DATA_TYPE: "task",
    task_id: "t3",
    type: "DELETE",
  }]);
  assert.equal(status(lone.text.split("\n")[2]!), "DELETE");
  assert.ok(lone.html.includes('<div align="left"><nobr>DELETE</nobr></div>'));
  // Both names in the text form: the destination is not cut off.
  assert.equal(
    route(lines[3]!),
    "lab_storage_cluster.archive-01 (Argonne… → Globus Tutorial Collection 2",
  );
  const cells = untrusted(html).match(/<td\b.*?<\/td>/gs)!;
  assert.equal(
    cells[3],
    '<td><div align="left">Globus Tutorial Collection 1</div></td>',
  );
  assert.match(
    cells[10]!,
    new RegExp(
      `^<td title="${
        long.replace(/[().]/g, "\\$&")
      } → Globus Tutorial Collection 2">`,
    ),
  );
  assert.match(cells[10]!, /\(Argonne…<br><nobr>→<\/nobr> Globus/);
});

test("an email address and an id inside a cell's text stay whole: a narrow column broke demo@globus- / emulator.org and an error's …/task/00000000- / 0000-…", () => {
  const id = "00000000-0000-0000-0000-000000000000";
  const { html, text } = renderTable([{
    owner: "demo@globus-emulator.org",
    message:
      `GET /v0.10/task/${id} → 404: no task ${id} for demo@globus-emulator.org`,
    report: `line one ${id}\n  line two`,
  }]);
  const shown = untrusted(html);
  assert.ok(
    shown.includes('<div align="left"><nobr>demo@globus-emulator.org</nobr>'),
  );
  assert.ok(
    shown.includes(
      `GET /<wbr>v0.10/<wbr>task/<nobr>${id}</nobr> → 404: no task <nobr>${id}</nobr> for <nobr>demo@globus-emulator.org</nobr>`,
    ),
  );
  assert.ok(
    shown.includes(`line one <nobr>${id}</nobr><br>&nbsp;&nbsp;line two`),
  );
  // The text form is unchanged.
  assert.match(text, /demo@globus-emulator\.org \| GET \/v0\.10\/task\//);
  // Escaped as before.
  const evil = renderTable([{ a: "<b>x@y.org</b>" }]).html;
  assert.ok(evil.includes("&lt;b&gt;<nobr>x@y.org</nobr>&lt;/b&gt;"));
});

test("a record's long field names may wrap after an underscore, so the value beside them (an id) keeps its room in a 600 px window", () => {
  const { html, text } = renderRecord({
    destination_endpoint_display_name: "Globus Tutorial Collection 2",
    destination_endpoint_id: "31ce9ba0-176d-45a5-add3-f37d233ba47d",
    type: "TRANSFER",
  });
  const shown = untrusted(html);
  assert.ok(
    shown.includes(
      '<td><div align="left">destination_<wbr>endpoint_<wbr>display_<wbr>name</div></td>',
    ),
  );
  // A short name as it is; no tooltip.
  assert.ok(shown.includes('<td><div align="left">type</div></td>'));
  assert.match(text, /^destination_endpoint_display_name \| Globus/m);
});

test("a caption stands above the table's scroll box, so it wraps at the output area's width: inside the table it was as wide as the table, and ran past a 600 px window's edge", () => {
  const { html, text } = renderTable([{ a: "x".repeat(200) }], {
    caption: "Access rules on 228fc83a-3f87-11f0-9a7b-0affd3c2b1e1 (1)",
  });
  assert.ok(!html.includes("<caption"), html);
  assert.ok(
    html.startsWith(
      '<div class="text-muted globus-caption">Access rules on <nobr>228fc83a-3f87-11f0-9a7b-0affd3c2b1e1</nobr> (1)</div><div style="overflow-x:auto;max-width:100%"><table><thead>',
    ),
    html,
  );
  // A table without a caption starts with its box, as before.
  assert.ok(
    renderTable([{ a: 1 }]).html.startsWith(
      '<div style="overflow-x:auto;max-width:100%"><table><thead>',
    ),
  );
  // The text form as it was.
  assert.match(
    text,
    /^Access rules on 228fc83a-3f87-11f0-9a7b-0affd3c2b1e1 \(1\)\na\n-/,
  );
});

test("a long path in a caption or a cell may wrap after its slashes (it ran past a 600 px output area's edge), its id whole", () => {
  const path =
    "/tmp/home/.globus/app/61338d24-54d5-408f-a10d-66c06b59f6d2/globus-deno-refresh-tutorial/emulator-tokens.json";
  const { html, text } = renderTable([{
    scope: "urn:globus:auth:scope:transfer.api.globus.org:all",
  }], {
    caption: path,
  });
  assert.ok(
    html.includes(
      '<div class="text-muted globus-caption">/<wbr>tmp/<wbr>home/<wbr>.globus/<wbr>app/<nobr>61338d24-54d5-408f-a10d-66c06b59f6d2</nobr>/<wbr>globus-deno-refresh-tutorial/<wbr>emulator-tokens.json</div>',
    ),
  );
  assert.ok(
    html.includes(
      // A scope (or a host name) stays whole.
      '<td><div align="left">urn:globus:auth:scope:transfer.api.globus.org:all</div></td>',
    ),
  );
  // The text form as it was.
  assert.equal(text.split("\n")[0], path);
});

test("an event's counts read with their thousands marked, as in the task list and the progress display", () => {
  const { html, text } = renderTable([{
    DATA_TYPE: "event",
    code: "PROGRESS",
    details: JSON.stringify({
      files_succeeded: 1_234_567,
      bytes_transferred: 987_654_321_098,
      mbps: 12.5,
    }),
  }]);
  assert.match(text, /\| files_succeeded: 1,234,567, bytes_transferred: 987,/);
  assert.ok(
    untrusted(html).includes(
      "<nobr>files_succeeded: 1,234,567</nobr>, <nobr>bytes_transferred: 987,654,321,098</nobr>, <nobr>mbps: 12.5</nobr>",
    ),
  );
});
