/**
 * What a person sees of Transfer's tables in a notebook: wide tables can be
 * scrolled to their last column, sizes have units (the exact count one hover
 * away), and every time is written one way.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  displayFileEntry,
  displayFileList,
  displayPage,
  displayTask,
} from "../../src/transfer/_display.ts";
import {
  displayAccessRuleList,
  displayRoleList,
  displayServerList,
} from "../../src/transfer/_display_sharing.ts";
import { ADMIN_TASK_COLUMNS } from "../../src/transfer/_display_admin.ts";
import { renderTable } from "../../src/notebook/tables.ts";
import type { FileEntry, FileList } from "../../src/transfer/file_list.ts";
import type { Task } from "../../src/transfer/task.ts";
import type {
  AccessRuleList,
  EndpointRoleList,
  EndpointServerList,
} from "../../src/transfer/sharing.ts";
import { kernelView } from "../_helpers/kernel_view.ts";

const SCROLL = '<div style="overflow-x:auto;max-width:100%"><table>';

const entry = {
  DATA_TYPE: "file",
  name: "results.csv",
  type: "file",
  link_target: null,
  user: "demo",
  group: "tutorial",
  permissions: "0644",
  size: 1_234_567,
  last_modified: "2026-12-02 22:48:41+00:00",
};

function listing(): FileList {
  return {
    DATA_TYPE: "file_list",
    endpoint: "6c54cade-bde5-45c1-bdea-f4bd71dba2cc",
    path: "/share/godata/",
    DATA: [{ ...entry }, { ...entry, name: "file1.txt", size: 4 }],
  } as unknown as FileList;
}

const task = {
  DATA_TYPE: "task",
  task_id: "42f3b6a2-1c3d-11f0-9a7b-0affd3c2b1e9",
  type: "TRANSFER",
  status: "SUCCEEDED",
  label: "Tutorial transfer",
  source_endpoint_display_name: "Globus Tutorial Collection 1",
  destination_endpoint_display_name: "Globus Tutorial Collection 2",
  files: 3,
  files_transferred: 3,
  bytes_transferred: 12_000_000,
  effective_bytes_per_second: 3_000_000,
  request_time: "2026-12-03T19:33:52+00:00",
  completion_time: "2026-12-03T19:33:56+00:00",
  deadline: "2026-12-04T19:33:52+00:00",
};

test("a wide table scrolls sideways in the notebook instead of being cut at the cell's edge: access rules, tasks, listings", async () => {
  const rules = displayAccessRuleList({
    DATA_TYPE: "access_list",
    endpoint: "guest",
    DATA: [{
      DATA_TYPE: "access",
      id: "228fc83a-3f87-11f0-9a7b-0affd3c2b1e1",
      principal_type: "identity",
      principal: "c8aad43e-d274-11e5-bf98-8b02896cf782",
      path: "/share/godata/some/longer/path/",
      permissions: "rw",
      role_type: null,
      expiration_date: null,
      create_time: "2026-12-03T19:34:15+00:00",
    }],
  } as unknown as AccessRuleList);
  const tasks = displayPage({ DATA_TYPE: "task_list", DATA: [{ ...task }] });
  for (const value of [rules, tasks, displayFileList(listing())]) {
    const html = (await kernelView(value))["text/html"] ?? "";
    // The caption, if any, above the scroll box (it wraps at the output
    // area's width), then the box with the table.
    assert.match(
      html,
      /^(?:<div class="text-muted globus-caption">(?:(?!<div).)*<\/div>)?<div style="overflow-x:auto;max-width:100%"><table>/,
      html.slice(0, 120),
    );
    assert.ok(html.includes(SCROLL));
    assert.ok(html.endsWith("</table></div>"), html.slice(-40));
  }
});

const rule = {
  DATA_TYPE: "access",
  id: "228fc83a-3f87-11f0-9a7b-0affd3c2b1e1",
  principal_type: "identity",
  principal: "c8aad43e-d274-11e5-bf98-8b02896cf782",
  path: "/share/godata/",
  permissions: "rw",
  role_type: null,
  expiration_date: null,
  create_time: "2026-12-03T19:34:15+00:00",
};

test("access rules, roles and servers have readable headers as the other tables, the path, permissions and who before the ids", () => {
  const rules = displayAccessRuleList({
    DATA_TYPE: "access_list",
    endpoint: "guest",
    DATA: [{ ...rule }],
  } as unknown as AccessRuleList);
  const lines = String(rules).split("\n");
  assert.equal(lines[0], "Access rules on guest (1)");
  assert.match(
    lines[1]!,
    /^Path +\| Permissions \| Principal Type \| Principal +\| Role Type \| Expires \| Created +\| Rule ID$/,
  );
  assert.match(
    lines[3]!,
    /^\/share\/godata\/ \| rw +\| identity +\| c8aad43e-d274-11e5-bf98-8b02896cf782 \| +\| +\| 2026-12-03 19:34:15 UTC \| 228fc83a-3f87-11f0-9a7b-0affd3c2b1e1$/,
  );
  const roles = displayRoleList({
    DATA_TYPE: "role_list",
    DATA: [{
      DATA_TYPE: "role",
      id: "1e7a0c1a-0000-4000-8000-000000000001",
      principal_type: "identity",
      principal: "c8aad43e-d274-11e5-bf98-8b02896cf782",
      role: "access_manager",
    }],
  } as unknown as EndpointRoleList);
  assert.match(
    String(roles).split("\n")[1]!,
    /^Role +\| Principal Type \| Principal +\| Role ID$/,
  );
  const servers = displayServerList({
    DATA_TYPE: "endpoint_server_list",
    endpoint: "guest",
    DATA: [{
      DATA_TYPE: "server",
      id: 207976,
      hostname: "gridftp.example.org",
      port: 2811,
      scheme: "gsiftp",
      uri: "gsiftp://gridftp.example.org:2811",
      is_connected: true,
      is_paused: false,
    }],
  } as unknown as EndpointServerList);
  assert.match(
    String(servers).split("\n")[1]!,
    /^Hostname +\| +Port \| Scheme \| URI +\| Connected \| Paused \| Server ID$/,
  );
});

test("a task's record marks the thousands of its counts, as the task list does (it read 1234567)", async () => {
  const big = displayTask({
    ...task,
    files: 2_000_000,
    directories: 12_345,
    files_transferred: 1_234_567,
    files_skipped: 98_765,
    subtasks_total: 2_000_000,
    subtasks_succeeded: 1_234_567,
    subtasks_failed: 0,
    faults: 1_001,
  } as unknown as Task);
  const text = String(big);
  for (
    const [field, count] of [
      ["files", "2,000,000"],
      ["directories", "12,345"],
      ["files_transferred", "1,234,567"],
      ["files_skipped", "98,765"],
      ["subtasks_total", "2,000,000"],
      ["subtasks_succeeded", "1,234,567"],
      ["subtasks_failed", "0"],
      ["faults", "1,001"],
    ]
  ) {
    assert.match(text, new RegExp(`^${field} +\\| ${count}$`, "m"), text);
  }
  const html = (await kernelView(big))["text/html"] ?? "";
  assert.ok(html.includes(">1,234,567<"), html);
  // The task itself keeps its numbers.
  assert.equal(big.files_transferred, 1_234_567);
  // The list's cell for the same task reads the same.
  assert.match(
    String(displayPage({ DATA_TYPE: "task_list", DATA: [big] })),
    /\| 1,234,567 \(98,765 skipped\) \|/,
  );
});

test("a listing's Size column has units, with the exact count as the cell's tooltip; the entries keep their numbers", async () => {
  const list = listing();
  const view = await kernelView(displayFileList(list));
  const text = view["text/plain"] ?? "";
  assert.match(
    text,
    /^results\.csv +\| file +\| +1\.2 MB \| 2026-12-02 22:48:41 UTC \| /m,
  );
  assert.match(text, /\| +4 B \| /);
  assert.match(
    view["text/html"] ?? "",
    /<td title="1,234,567 bytes"><div align="right"><nobr>1\.2 MB<\/nobr><\/div><\/td>/,
  );
  assert.match(
    view["text/html"] ?? "",
    /title="4 bytes"><div align="right"><nobr>4 B</,
  );
  assert.equal(list.DATA[0]!.size, 1_234_567);
  assert.equal(JSON.parse(JSON.stringify(list)).DATA[1].size, 4);
  // One entry (operationStat) and a task: the size with units and exactly.
  const one = displayFileEntry({ ...entry } as unknown as FileEntry);
  assert.match(
    String(one),
    /^size +\| 1\.2 MB \(1,234,567 bytes\)$/m,
  );
  assert.equal(one.size, 1_234_567);
  const t = displayTask({ ...task } as unknown as Task);
  assert.match(
    String(t),
    /^bytes_transferred +\| 12\.0 MB \(12,000,000 bytes\)$/m,
  );
  assert.match(
    String(t),
    /^effective_bytes_per_second +\| 3\.0 MB\/s \(3,000,000 bytes\/s\)$/m,
  );
  assert.equal(t.bytes_transferred, 12_000_000);
  // The admin task table's bytes: the same units and tooltip.
  const admin = renderTable([{ ...task }], { columns: ADMIN_TASK_COLUMNS });
  assert.match(
    admin.html,
    /title="12,000,000 bytes"><div align="right"><nobr>12\.0 MB</,
  );
});

test("every table writes a time one way, 2026-12-03 19:33:52 UTC, whatever style Transfer sent it in", async () => {
  const ls = (await kernelView(displayFileList(listing())))["text/plain"];
  assert.match(ls ?? "", /2026-12-02 22:48:41 UTC/);
  const t = String(displayTask({ ...task } as unknown as Task));
  assert.match(t, /^request_time +\| 2026-12-03 19:33:52 UTC$/m);
  assert.match(t, /^completion_time +\| 2026-12-03 19:33:56 UTC$/m);
  assert.match(t, /^deadline +\| 2026-12-04 19:33:52 UTC$/m);
  const page = await kernelView(
    displayPage({ DATA_TYPE: "task_list", DATA: [{ ...task }] }),
  );
  assert.match(page["text/plain"] ?? "", /\| 2026-12-03 19:33:52 UTC$/m);
  // The time as sent is the cell's tooltip. In the task list's HTML the
  // time drops its seconds and may wrap before the hour, so the table fits
  // a 1100 px window's output area (tests/notebook/tables_test.ts).
  assert.ok(
    page["text/html"]?.includes(
      '<td title="2026-12-03T19:33:52+00:00"><div align="left"><nobr>2026-12-03</nobr> <nobr>19:33 UTC</nobr></div></td>',
    ),
  );
  assert.doesNotMatch(
    (page["text/plain"] ?? "") + t + ls,
    /\+00:00|\d\dT\d\d|\dZ\b/,
  );
});
