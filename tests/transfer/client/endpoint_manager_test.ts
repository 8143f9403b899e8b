/**
 * Pauses and the endpoint manager through TransferClient against the
 * emulator: a pause rule pauses a matching task (INACTIVE, is_paused,
 * taskPauseInfo names the rule and its message) and deleting it resumes
 * the task; admin pause/resume; an admin cancel cancels and
 * endpointManagerCancelStatus reports it; the admin task list (last_key
 * pages, filters, a table); admin calls on a collection you do not manage
 * are refused with 403 PermissionDenied.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { AccessTokenAuthorizer } from "../../../src/authorizers/access_token.ts";
import { TransferAPIError } from "../../../src/core/errors.ts";
import { ALICE_USER } from "../../../src/testing/auth_store.ts";
import { TransferData } from "../../../src/transfer/transfer_data.ts";
import { TransferClient } from "../../../src/transfer/transfer_client.ts";
import { emulatorClient, TRANSFER_SCOPE } from "./_emulator.ts";
import { json } from "../../_helpers/fake_fetch.ts";
import { body, setup, url } from "./_setup.ts";
import { rejection, untyped } from "../../_helpers/argument_errors.ts";

const OTHER_OWNER = "9a1c2e3f-4b5d-4e6f-8a7b-0c1d2e3f4a5b";
const FOREIGN = "4f1e2d3c-5b6a-4978-8695-a4b3c2d1e0f9";

function copy(tc: TransferClient, src: string, dst: string, label: string) {
  return tc.submitTransfer(
    new TransferData({
      sourceEndpoint: src,
      destinationEndpoint: dst,
      label,
    }).addItem("/share/godata/file1.txt", `/~/${label}.txt`),
  );
}

const waitDone = (tc: TransferClient, id: string) =>
  tc.taskWait(id, { timeoutS: 120, pollingIntervalS: 1, progress: false });

test("a pause rule pauses matching tasks; deleting it resumes them", async () => {
  const { emu, tc } = await emulatorClient();
  try {
    const { tutorial1: t1, tutorial2: t2 } = emu.collections;
    const rule = await tc.endpointManagerCreatePauseRule({
      DATA_TYPE: "pause_rule",
      endpoint_id: t2,
      message: "Maintenance on collection 2",
      identity_id: null,
      start_time: null,
      pause_task_transfer_read: false,
    });
    assert.equal(rule.DATA_TYPE, "pause_rule");
    assert.equal(rule.endpoint_id, t2);
    assert.equal(rule.editable, true);
    assert.equal(rule.created_by_host_manager, false);
    assert.equal(rule.pause_task_transfer_write, true);
    assert.equal(rule.pause_task_transfer_read, false);
    assert.equal(rule.modified_by_id, emu.user.id);

    // writing to t2 is paused; reading from it is not
    const paused = await copy(tc, t1, t2, "into2");
    const task = await tc.getTask(paused.task_id);
    assert.equal(task.status, "INACTIVE");
    assert.equal(task.is_paused, true);
    assert.equal(task.nice_status, "PAUSED_BY_ADMIN");
    const info = await tc.taskPauseInfo(paused.task_id);
    assert.equal(info.DATA_TYPE, "pause_info_limited");
    assert.deepEqual(info.pause_rules.map((r) => r.id), [rule.id]);
    assert.equal(info.pause_rules[0]?.DATA_TYPE, "pause_rule_limited");
    assert.equal(info.pause_rules[0]?.message, "Maintenance on collection 2");
    assert.equal("modified_by_id" in info.pause_rules[0]!, false);
    assert.equal(info.source_pause_message, null);
    assert.match(String(info), /Maintenance on collection 2/);

    const free = await copy(tc, t2, t1, "from2");
    assert.equal(await waitDone(tc, free.task_id), true);
    assert.equal((await tc.getTask(free.task_id)).status, "SUCCEEDED");
    assert.equal((await tc.getTask(paused.task_id)).status, "INACTIVE");

    const effective = await tc.myEffectivePauseRuleList(t2);
    assert.deepEqual(effective.DATA.map((r) => r.id), [rule.id]);
    assert.deepEqual((await tc.myEffectivePauseRuleList(t1)).DATA, []);

    // list, get, update
    const rules = await tc.endpointManagerPauseRuleList({ filterEndpoint: t2 });
    assert.deepEqual(rules.DATA.map((r) => r.id), [rule.id]);
    assert.match(String(rules), /Maintenance on collection 2/);
    const updated = await tc.endpointManagerUpdatePauseRule(rule.id, {
      message: "Still down",
    });
    assert.equal(updated.message, "Still down");
    assert.equal(
      (await tc.endpointManagerGetPauseRule(rule.id)).message,
      "Still down",
    );
    const adminInfo = await tc.endpointManagerTaskPauseInfo(paused.task_id);
    assert.equal(adminInfo.DATA_TYPE, "pause_info");
    assert.equal(adminInfo.pause_rules[0]?.modified_by_id, emu.user.id);

    // the admin task list can find paused tasks
    const pausedList = await tc.endpointManagerTaskList({
      filterStatus: ["ACTIVE", "INACTIVE"],
      filterIsPaused: true,
    }).toArray();
    assert.deepEqual(pausedList.map((t) => t.task_id), [paused.task_id]);
    assert.match(String(pausedList), /Owner/);

    // deleting the rule resumes the task
    const deleted = await tc.endpointManagerDeletePauseRule(rule.id);
    assert.equal(deleted.code, "Deleted");
    await assert.rejects(
      tc.endpointManagerGetPauseRule(rule.id),
      (e) => e instanceof TransferAPIError && e.code === "PauseRuleNotFound",
    );
    assert.equal(await waitDone(tc, paused.task_id), true);
    const done = await tc.getTask(paused.task_id);
    assert.equal(done.status, "SUCCEEDED");
    assert.equal(done.is_paused, false);
    assert.deepEqual((await tc.taskPauseInfo(paused.task_id)).pause_rules, []);
  } finally {
    await emu.close();
  }
});

test("admin pause/resume, admin cancel and its status", async () => {
  const { emu, tc } = await emulatorClient();
  try {
    const { tutorial1: t1, tutorial2: t2 } = emu.collections;
    // a rule holds the tasks so they are still running when acted on
    const hold = await tc.endpointManagerCreatePauseRule({
      endpoint_id: t1,
      message: "hold",
    });
    const a = await copy(tc, t2, t1, "a");
    const b = await copy(tc, t2, t1, "b");
    // Any iterable of ids, as Python takes one (a Set here).
    const paused = await tc.endpointManagerPauseTasks(
      new Set([b.task_id]),
      "admin hold",
    );
    assert.equal(paused.DATA_TYPE, "result");
    const info = await tc.taskPauseInfo(b.task_id);
    assert.equal(
      info.source_pause_message ?? info.destination_pause_message,
      "admin hold",
    );

    const cancel = await tc.endpointManagerCancelTasks(
      [a.task_id],
      "Sorry, collection 1 is closing",
    );
    assert.equal(cancel.DATA_TYPE, "admin_cancel");
    assert.deepEqual(cancel.task_id_list, [a.task_id]);
    const status = await tc.endpointManagerCancelStatus(cancel.id);
    assert.equal(status.done, true);
    assert.equal(status.id, cancel.id);
    const canceled = await tc.endpointManagerGetTask(a.task_id);
    assert.equal(canceled.status, "FAILED");
    // The administrator's fields are typed (AdminTask): a task on a
    // collection that is no guest has no host.
    const host: string | null | undefined = canceled.source_host_endpoint_id;
    assert.equal(host, null);
    assert.equal(canceled.source_local_user_status, "OK");
    assert.equal(
      canceled.canceled_by_admin_message,
      "Sorry, collection 1 is closing",
    );
    assert.deepEqual(
      (await tc.endpointManagerTaskEventList(a.task_id, { filterIsError: true })
        .toArray()).map((e) => e.code),
      ["CANCELED"],
    );

    // resuming b leaves it paused while the rule holds; deleting the rule frees it
    await tc.endpointManagerResumeTasks([b.task_id]);
    assert.equal((await tc.getTask(b.task_id)).status, "INACTIVE");
    await tc.endpointManagerDeletePauseRule(hold.id);
    assert.equal(await waitDone(tc, b.task_id), true);
    assert.equal((await tc.getTask(b.task_id)).status, "SUCCEEDED");
    const moved = await tc.endpointManagerTaskSuccessfulTransfers(b.task_id)
      .toArray();
    // As submitted (`/~/`), as Globus lists it (and skipped_errors does).
    assert.deepEqual(moved.map((m) => m.destination_path), ["/~/b.txt"]);
    // the list prints its columns, as the user's own taskSuccessfulTransfers
    assert.match(String(moved), /Destination Path/);
    assert.match(String(moved), /\/~\/b\.txt/);
    assert.deepEqual(
      await tc.endpointManagerTaskSkippedErrors(b.task_id).toArray(),
      [],
    );
    await assert.rejects(
      tc.endpointManagerCancelStatus(987654),
      (e) => e instanceof TransferAPIError && e.httpStatus === 404,
    );
  } finally {
    await emu.close();
  }
});

test("admin task list pages with last_key and filters by endpoint", async () => {
  const { emu, tc } = await emulatorClient();
  try {
    const { tutorial1: t1, tutorial2: t2 } = emu.collections;
    const ids: string[] = [];
    for (const label of ["one", "two", "three"]) {
      const r = await copy(tc, t1, t2, label);
      ids.push(r.task_id);
      assert.equal(await waitDone(tc, r.task_id), true);
    }
    const pages = [];
    for await (
      const page of tc.endpointManagerTaskList({
        filterEndpoint: t2,
        queryParams: { limit: 2 },
      }).pages()
    ) pages.push(page);
    assert.deepEqual(pages.map((p) => p.DATA.length), [2, 1]);
    assert.equal(pages[0]?.has_next_page, true);
    assert.deepEqual(
      pages.flatMap((p) => p.DATA.map((t) => t.task_id)),
      [...ids].reverse(),
    );
    const asSource = await tc.endpointManagerTaskList({
      filterEndpoint: t2,
      filterEndpointUse: "source",
    }).toArray();
    assert.deepEqual(asSource, []);
    const two = await tc.endpointManagerTaskList({
      filterEndpoint: t1,
      maxResults: 2,
    }).toArray();
    assert.equal(two.length, 2);
    const byId = await tc.endpointManagerTaskList({
      filterTaskId: [ids[0]!],
    }).toArray();
    assert.deepEqual(byId.map((t) => t.task_id), [ids[0]]);
    assert.throws(
      () => tc.endpointManagerTaskList({ filterEndpointUse: "source" }),
      /filterEndpointUse' is only valid when 'filterEndpoint'/,
    );
    // a completed-task query needs an endpoint or task ids, as Globus says
    await assert.rejects(
      tc.endpointManagerTaskList({ filterStatus: "SUCCEEDED" }).toArray(),
      (e) => e instanceof TransferAPIError && e.httpStatus === 400,
    );
    const got = await tc.endpointManagerGetTask(ids[0]!);
    assert.equal(got.task_id, ids[0]);
    const monitored = await tc.endpointManagerMonitoredEndpoints();
    assert.ok(monitored.DATA.some((e) => e.id === t1));
    assert.equal((await tc.endpointManagerGetEndpoint(t1)).id, t1);
    assert.deepEqual(
      (await tc.endpointManagerHostedEndpointList(t1)).DATA.filter((e) =>
        e.host_endpoint_id !== t1
      ),
      [],
    );
  } finally {
    await emu.close();
  }
});

test("admin calls on a collection you do not manage are refused (403 PermissionDenied)", async () => {
  const { emu, tc } = await emulatorClient({
    collections: [{
      id: FOREIGN,
      displayName: "Someone else's collection",
      ownerId: OTHER_OWNER,
    }],
  });
  try {
    const refused = (e: unknown) =>
      e instanceof TransferAPIError && e.httpStatus === 403 &&
      e.code === "PermissionDenied";
    await assert.rejects(
      tc.endpointManagerCreatePauseRule({
        endpoint_id: FOREIGN,
        message: "no",
      }),
      refused,
    );
    await assert.rejects(
      tc.endpointManagerPauseRuleList({ filterEndpoint: FOREIGN }),
      refused,
    );
    await assert.rejects(tc.endpointManagerGetEndpoint(FOREIGN), refused);
    await assert.rejects(
      tc.endpointManagerHostedEndpointList(FOREIGN),
      refused,
    );
    await assert.rejects(
      tc.endpointManagerTaskList({ filterEndpoint: FOREIGN }).toArray(),
      refused,
    );
    // a task moving data only between the demo user's own collections is
    // visible; the foreign collection's list is not
    const mine = await tc.endpointManagerMonitoredEndpoints();
    assert.equal(mine.DATA.some((e) => e.id === FOREIGN), false);
  } finally {
    await emu.close();
  }
});

test("roles on a guest collection decide who may use the endpoint manager there", async () => {
  const { emu } = await emulatorClient();
  try {
    const mapped = emu.collections.mapped;
    const client = async (scope: string, identity?: string) =>
      new TransferClient({
        authorizer: new AccessTokenAuthorizer(
          (await emu.mintTokens(scope, identity ? { identity } : {}))
            .access_token,
        ),
        baseUrl: emu.transferUrl,
        retry: false,
      });
    const demo = await client(
      `${TRANSFER_SCOPE}[*https://auth.globus.org/scopes/${mapped}/data_access]`,
    );
    const alice = await client(TRANSFER_SCOPE, "alice");
    await mkdir(join(emu.root, mapped, "home", "demo", "project"), {
      recursive: true,
    });
    const guest = (await demo.createSharedEndpoint({
      DATA_TYPE: "shared_endpoint",
      host_endpoint: mapped,
      host_path: "/~/project/",
      display_name: "Demo project share",
    })).id;
    const refused = (e: unknown) =>
      e instanceof TransferAPIError && e.httpStatus === 403 &&
      e.code === "PermissionDenied";
    await assert.rejects(
      alice.endpointManagerTaskList({ filterEndpoint: guest }).toArray(),
      refused,
    );
    await demo.addEndpointRole(guest, {
      principal_type: "identity",
      principal: ALICE_USER.id,
      role: "activity_monitor",
    });
    assert.deepEqual(
      await alice.endpointManagerTaskList({ filterEndpoint: guest }).toArray(),
      [],
    );
    assert.ok(
      (await alice.endpointManagerMonitoredEndpoints()).DATA.some((e) =>
        e.id === guest
      ),
    );
    // a monitor may look, not pause
    await assert.rejects(
      alice.endpointManagerCreatePauseRule({
        endpoint_id: guest,
        message: "x",
      }),
      refused,
    );
    await demo.addEndpointRole(guest, {
      principal_type: "identity",
      principal: ALICE_USER.id,
      role: "activity_manager",
    });
    const rule = await alice.endpointManagerCreatePauseRule({
      endpoint_id: guest,
      message: "alice pauses the share",
    });
    assert.equal(rule.endpoint_id, guest);
    // the mapped collection's owner manages what it hosts
    assert.deepEqual(
      (await demo.endpointManagerHostedEndpointList(mapped)).DATA.map((e) =>
        e.id
      ),
      [guest],
    );
  } finally {
    await emu.close();
  }
});

test("the endpoint manager takes Sets and generators of ids and statuses, and a bad id list names its method", async () => {
  const { tc, ff } = setup([
    json({ DATA_TYPE: "admin_cancel", id: 1, task_id_list: ["t1", "t2"] }),
    json({ DATA_TYPE: "task_list", DATA: [], has_next_page: false }),
  ]);
  function* ids() {
    yield "t1";
    yield "t2";
  }
  await tc.endpointManagerCancelTasks(ids(), "closing");
  assert.deepEqual(body(ff.requests[0]), {
    message: "closing",
    task_id_list: ["t1", "t2"],
  });
  // Python: endpoint_manager_task_list(filter_status={"ACTIVE", "INACTIVE"})
  // was "value.join is not a function".
  await tc.endpointManagerTaskList({
    filterStatus: new Set(["ACTIVE", "INACTIVE"]),
    filterTaskId: new Set(["t1"]),
  }).toArray();
  const q = new URL(url(ff.requests[1])).searchParams;
  assert.equal(q.get("filter_status"), "ACTIVE,INACTIVE");
  assert.equal(q.get("filter_task_id"), "t1");
  assert.equal(
    await rejection(() => tc.endpointManagerResumeTasks(untyped(new Set([7])))),
    "Cannot call endpointManagerResumeTasks() as 'taskIds' must be a task id or a list of task ids: current value is [7]",
  );
  assert.equal(ff.requests.length, 2);
});

test("the admin lists' filterIsPaused and filterIsError take true or false: \"false\" was sent as true, null (Python's None) as false", async () => {
  const { tc, ff } = setup([
    json({
      DATA_TYPE: "event_list",
      DATA: [],
      limit: 1000,
      offset: 0,
      total: 0,
    }),
    json({ DATA_TYPE: "task_list", DATA: [], has_next_page: false }),
  ]);
  await assert.rejects(
    async () =>
      await tc.endpointManagerTaskList(untyped({ filterIsPaused: "false" }))
        .toArray(),
    {
      name: "TypeError",
      message:
        `Cannot call TransferClient.endpointManagerTaskList() as 'filterIsPaused' must be true or false (or left out): current value is the string "false"; write filterIsPaused: false, without quotes`,
    },
  );
  assert.throws(
    () =>
      tc.endpointManagerTaskEventList(
        "6c54d2a0-0000-4000-8000-000000000001",
        untyped({ filterIsError: 1 }),
      ),
    /'filterIsError' must be true or false \(or left out\): current value is the number 1; write filterIsError: true$/,
  );
  assert.equal(ff.requests.length, 0);
  await tc.endpointManagerTaskEventList(
    "6c54d2a0-0000-4000-8000-000000000001",
    { filterIsError: null },
  )
    .toArray().catch(() => undefined);
  await tc.endpointManagerTaskList({ filterIsPaused: null }).toArray().catch(
    () => undefined,
  );
  assert.equal(ff.requests.length, 2);
  for (const req of ff.requests) {
    const params = new URL(url(req)).searchParams;
    assert.equal(params.has("filter_is_error"), false);
    assert.equal(params.has("filter_is_paused"), false);
  }
});
