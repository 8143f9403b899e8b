/**
 * A newcomer's slips in the real Deno kernel, against the emulator: a call
 * left without `await` as the cell's value, a paginator walked with
 * `for…of` or read as an array, and Python's names. Each cell shows what to
 * write instead (the kernel showed `Promise { <pending> }`, or V8's "… is
 * not a function"). Skipped, with the reason, where Jupyter is not
 * installed.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { startEmulator } from "../../testing.ts";
import { runCells, skipKernel as skip, withJupyter } from "./_kernel_cells.ts";

const SETUP =
  `import { AccessTokenAuthorizer, TransferClient, TransferData, UserApp, TUTORIAL_CLIENT_ID } from "@globus-deno/sdk";
const authorizer = new AccessTokenAuthorizer(Deno.env.get("TEST_TRANSFER_TOKEN")!);
const tc = new TransferClient({ authorizer });
const app = new UserApp({ appName: "slips", clientId: TUTORIAL_CLIENT_ID, config: { tokenStorage: "memory" } });`;

test(
  "in the Deno kernel, a call without await, a paginator walked with for…of, and Python's names say what to write",
  { skip },
  async (t) => {
    await withJupyter(t, async () => {
      const emu = await startEmulator({});
      try {
        const one = emu.collections.tutorial1;
        const { outputs, report } = await runCells(emu, [
          { code: SETUP },
          // 1. Without await, as the cell's value (alone, and after an await).
          { code: `tc.operationLs("${one}", { path: "/share/godata/" })` },
          {
            code:
              `const first = await tc.getEndpoint("${one}");\ntc.operationLs("${one}", { path: "/" })`,
          },
          { code: `app.loginRequired()` },
          {
            code:
              `const listing = tc.operationLs("${one}", { path: "/share/godata/" });\nlisting.DATA`,
          },
          {
            code:
              `console.log(tc.operationLs("${one}", { path: "/share/godata/" }))`,
          },
          // Walked with for…of, or mapped, before it was awaited.
          {
            code:
              `const pending = tc.operationLs("${one}", { path: "/share/godata/" });\nfor (const f of pending) console.log(f.name)`,
          },
          { code: `pending.map((f) => f.name)` },
          // Walked with for await, as a paginator is: its entries.
          {
            code:
              `for await (const f of tc.operationLs("${one}", { path: "/share/godata/" })) console.log(f.name)`,
          },
          // With await, the result as before.
          {
            code:
              `(await tc.operationLs("${one}", { path: "/share/godata/" })).DATA.map((f) => f.name).join(" ")`,
          },
          // 2. A paginator as an array.
          { code: `for (const task of tc.taskList()) console.log(task)` },
          { code: `tc.taskList().map((task) => task.task_id)` },
          { code: `tc.taskList().length` },
          { code: `(await tc.taskList().toArray()).length` },
          // 3. Python's names.
          { code: `await tc.operation_ls("${one}", { path: "/" })` },
          { code: `await app.login_required()` },
          // The kernel and the objects are as they were.
          {
            code:
              `[tc instanceof TransferClient, tc instanceof Object, Object.keys(tc).includes("operation_ls"), "operation_ls" in tc, typeof tc.operationLs].join(" ")`,
          },
          // 4. A TransferData used as Python's dict.
          {
            code:
              `const tdata = new TransferData(tc, "${one}", "${emu.collections.tutorial2}", { label: "slips" });\ntdata.add_item("/share/godata/file1.txt", "~/file1.txt")`,
          },
          { code: `tdata["DATA"]` },
          { code: `tdata["sync_level"] = "checksum"; tdata.sync_level` },
          {
            code:
              `tdata.addItem("/share/godata/file1.txt", "~/file1.txt");\n[tdata.toJSON().DATA.length, tdata.toJSON().label, JSON.stringify(tdata).includes("slips")].join(" ")`,
          },
        ]);
        const [
          setup,
          bare,
          afterAwait,
          loginRequired,
          unawaitedField,
          logged,
          unawaitedLoop,
          unawaitedMap,
          walked,
          awaited,
          forOf,
          map,
          length,
          fromAsync,
          snake,
          appSnake,
          intact,
          addItem,
          data,
          syncLevel,
          document,
        ] = outputs;
        assert.deepEqual(setup?.errors, [], report);
        for (const cell of [bare, afterAwait]) {
          assert.deepEqual(cell?.errors, [], report);
          assert.deepEqual(cell.results, [
            "Promise: TransferClient.operationLs() was called without await, so this is its promise, not its result (the call goes on all the same). Write await before the call to get the result: await tc.operationLs(…)",
          ], report);
        }
        assert.deepEqual(loginRequired?.results, [
          "Promise: UserApp.loginRequired() was called without await, so this is its promise, not its result (the call goes on all the same). Write await before the call to get the result: await app.loginRequired(…)",
        ], report);
        assert.deepEqual(unawaitedField?.errors, [{
          ename: "TypeError",
          evalue:
            "TransferClient.operationLs() was called without await, so this is its promise, which has no DATA. Write await before the call: const r = await tc.operationLs(…); r.DATA",
        }], report);
        assert.deepEqual(logged?.errors, [], report);
        assert.equal(
          logged?.streams.trim(),
          "Promise: TransferClient.operationLs() was called without await, so this is its promise, not its result (the call goes on all the same). Write await before the call to get the result: await tc.operationLs(…)",
          report,
        );
        assert.deepEqual(unawaitedLoop?.errors, [{
          ename: "TypeError",
          evalue:
            "TransferClient.operationLs() was called without await, so this is its promise, which for…of cannot walk. Walk it with for await: for await (const x of tc.operationLs(…)) …, or write await before the call: for (const x of await tc.operationLs(…)) …",
        }], report);
        assert.deepEqual(unawaitedMap?.errors, [{
          ename: "TypeError",
          evalue:
            "TransferClient.operationLs() was called without await, so this is its promise, which has no map(). Write await before the call: const r = await tc.operationLs(…); r.map(…)",
        }], report);
        assert.deepEqual(walked?.errors, [], report);
        assert.match(walked?.streams ?? "", /file1\.txt/, report);
        assert.match(awaited?.results.join("") ?? "", /file1\.txt/, report);
        assert.deepEqual(forOf?.errors, [{
          ename: "TypeError",
          evalue:
            "A Paginator is walked with for await, not for…of: it fetches its pages as it goes. Write for await (const item of …) { … }, or collect every item first with await ….toArray()",
        }], report);
        assert.match(
          map?.errors[0]?.evalue ?? "",
          /^A Paginator has no \.map\(\): .*\(await ….toArray\(\)\)\.map\(…\)/,
          report,
        );
        assert.match(
          length?.errors[0]?.evalue ?? "",
          /^A Paginator has no \.length: .*\(await ….toArray\(\)\)\.length$/,
          report,
        );
        assert.deepEqual(fromAsync?.errors, [], report);
        assert.deepEqual(snake?.errors, [{
          ename: "TypeError",
          evalue:
            "TransferClient has no operation_ls: the names here are camelCase, so Python's operation_ls is operationLs (tc.operationLs(…); Python's keyword arguments go in an options object: { name: value })",
        }], report);
        assert.match(
          appSnake?.errors[0]?.evalue ?? "",
          /^UserApp has no login_required: .* is loginRequired \(app\.loginRequired\(…\);/,
          report,
        );
        assert.deepEqual(intact?.errors, [], report);
        assert.match(
          intact?.results.join("") ?? "",
          /true true false false .*function/,
          report,
        );
        assert.match(
          addItem?.errors[0]?.evalue ?? "",
          /^TransferData has no add_item: .* is addItem \(tdata\.addItem\(…\);/,
          report,
        );
        assert.deepEqual(data?.errors, [{
          ename: "TypeError",
          evalue:
            "TransferData is not a dict as in the Python SDK: its document is tdata.toJSON() (tdata.toJSON().DATA); items are added with tdata.addItem(…)",
        }], report);
        // Set as on a dict: it would only be an own property nothing reads.
        assert.deepEqual(syncLevel?.errors, [{
          ename: "TypeError",
          evalue:
            "TransferData is not a dict as in the Python SDK: its document is tdata.toJSON(), and sync_level is set when it is made: new TransferData(…, { syncLevel: … })",
        }], report);
        assert.deepEqual(document?.errors, [], report);
        assert.deepEqual(document?.results, ['"1 slips true"'], report);
      } finally {
        await emu.close();
      }
    });
  },
);

test(
  "in the Deno kernel, an SDK error shows its message and the cell's line, without the SDK's own frames or Deno's",
  { skip },
  async (t) => {
    await withJupyter(t, async () => {
      const emu = await startEmulator({});
      try {
        const missing = "6c54cade-bde5-45c1-bdea-f4bd71dba2cd";
        const { outputs, report } = await runCells(emu, [
          { code: SETUP },
          // A mistyped id: Transfer's 404, raised deep in the transport.
          { code: `await tc.operationLs("${missing}", { path: "/" })` },
          // Python's name: the slip hint's TypeError.
          { code: `await tc.operation_ls("${missing}", { path: "/" })` },
          // An argument's TypeError, from the SDK's checks: no collection
          // id (the checks' frames showed above the cell's line).
          { code: `await tc.operationLs()` },
          { code: `tc.taskList({ maxResults: -1 })` },
          // A constructor's: no wrapper reaches it, the check trims itself.
          { code: `new TransferClient({ bogus: 1 })` },
          { code: `new TransferData({ sourceEndpoint: "" })` },
          // Caught in the cell, the stack the user reads is the same.
          {
            code:
              `let s = ""; try { await tc.getTask("${missing}") } catch (e) { s = e.stack } s.split("\\n").length`,
          },
        ]);
        const [setup, notFound, snake, noId, range, ctor, data, caught] =
          outputs;
        assert.deepEqual(setup?.errors, [], report);
        assert.equal(notFound?.errors[0]?.ename, "TransferAPIError", report);
        assert.equal(snake?.errors[0]?.ename, "TypeError", report);
        assert.equal(noId?.errors[0]?.ename, "TypeError", report);
        assert.equal(range?.errors[0]?.ename, "RangeError", report);
        assert.equal(ctor?.errors[0]?.ename, "TypeError", report);
        assert.equal(data?.errors[0]?.ename, "TypeError", report);
        for (const cell of [notFound, snake, noId, range, ctor, data]) {
          const tb = cell?.tracebacks.join("\n") ?? "";
          assert.match(tb, /<anonymous>/, report);
          assert.doesNotMatch(tb, /\/src\/|\/dist\/|ext:/, report);
        }
        // The cell's line is the first frame shown.
        for (const cell of [noId, range, ctor, data]) {
          const frames = (cell?.tracebacks.join("\n") ?? "").split("\n")
            .filter((l) => /^\s+at /.test(l));
          assert.match(frames[0] ?? "", /<anonymous>:1:/, report);
        }
        // The message line(s) and the cell's frame.
        assert.deepEqual(caught?.results, ["2"], report);
      } finally {
        await emu.close();
      }
    });
  },
);
