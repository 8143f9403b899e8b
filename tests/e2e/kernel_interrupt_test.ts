/**
 * Jupyter's "Interrupt the kernel" (the ■ button; jupyter_client sends the
 * kernel SIGINT) while the SDK waits, in the real Deno kernel, from a project
 * folder outside the checkout: the interrupt ends the wait with an error
 * that says what was stopped, and the kernel lives on with the notebook's
 * variables (without a SIGINT listener, Deno ends the kernel). Skipped, with
 * the reason, where Jupyter is not installed.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { startEmulator } from "../../testing.ts";
import {
  type CellOutput,
  runCells,
  skipKernel as skip,
  withJupyter,
} from "./_kernel_cells.ts";

/** A first cell: a TransferClient on the emulator, and a variable to keep. */
const SETUP =
  `import { AccessTokenAuthorizer, TransferClient, TransferData } from "@globus-deno/sdk";
const authorizer = new AccessTokenAuthorizer(Deno.env.get("TEST_TRANSFER_TOKEN")!);
const tc = new TransferClient({ authorizer });
const kept = "state kept";`;

/** The interrupted cell ended with one AbortError and the kernel lived. */
function assertInterrupted(
  cell: CellOutput | undefined,
  message: RegExp,
  report: string,
): void {
  assert.ok(cell?.interrupted, `the interrupt was never sent: ${report}`);
  assert.ok(cell.alive, `the kernel died on the interrupt: ${report}`);
  assert.equal(cell.errors.length, 1, report);
  assert.equal(cell.errors[0]!.ename, "AbortError", report);
  assert.match(cell.errors[0]!.evalue, message, report);
}

test(
  "interrupting taskWait in the Deno kernel stops the wait and keeps the kernel and its variables",
  { skip },
  async (t) => {
    await withJupyter(t, async () => {
      // The task waits ten minutes before it starts: ACTIVE all along.
      const emu = await startEmulator({ taskDelayMs: 600_000 });
      try {
        const { tutorial1, tutorial2 } = emu.collections;
        const { outputs, report } = await runCells(emu, [
          {
            code: `${SETUP}
const td = new TransferData({ sourceEndpoint: "${tutorial1}", destinationEndpoint: "${tutorial2}", label: "interrupted wait" });
td.addItem("/share/godata/file1.txt", "/~/file1.txt");
const { task_id } = await tc.submitTransfer(td);
task_id`,
          },
          {
            code:
              `await tc.taskWait(task_id, { timeoutS: 600, pollingIntervalS: 1 })`,
            interrupt_on_display: true,
          },
          { code: `[kept, (await tc.getTask(task_id)).status].join(" ")` },
        ]);
        const [submit, wait, after] = outputs;
        assert.ok(submit, report);
        assert.deepEqual(submit.errors, [], report);
        const taskId = JSON.parse(submit.results[0]!);
        assertInterrupted(
          wait,
          new RegExp(
            `^Interrupted: stopped waiting for task "${taskId}"\\. The task keeps running on Globus; wait again with tc\\.taskWait\\("${taskId}"\\), or cancel it with tc\\.cancelTask\\("${taskId}"\\)$`,
          ),
          report,
        );
        // The notebook's variables are still there, and the task still runs.
        assert.ok(after, report);
        assert.deepEqual(after.errors, [], report);
        assert.match(after.results.join("\n"), /state kept ACTIVE/, report);
      } finally {
        await emu.close();
      }
    });
  },
);

test(
  "interrupting a request Globus does not answer ends it, says what it was, and keeps the kernel",
  { skip },
  async (t) => {
    await withJupyter(t, async () => {
      const emu = await startEmulator({});
      const mkdirPath =
        `/transfer/v0.10/operation/endpoint/${emu.collections.tutorial2}/mkdir`;
      // endpoint_search and mkdir answer after ten minutes.
      emu.setFaults({
        rate: { latencyMs: 600_000 },
        pathPrefixes: ["/transfer/v0.10/endpoint_search", mkdirPath],
      });
      try {
        // The cells' fetch says when a request is on its way: the SDK
        // listens for the interrupt from the call on, so it is listening.
        const fetching =
          `new TransferClient({ authorizer, fetch: (url, init) => {
  console.log("request sent");
  return fetch(url, init);
} })`;
        const { outputs, report } = await runCells(emu, [
          { code: SETUP },
          {
            code: `await ${fetching}.endpointSearch("Tutorial").toArray(1)`,
            interrupt_on_stream: "request sent",
          },
          {
            code:
              `await ${fetching}.operationMkdir("${emu.collections.tutorial2}", "/~/new")`,
            interrupt_on_stream: "request sent",
          },
          { code: "kept" },
        ]);
        const [, search, mkdir, after] = outputs;
        assertInterrupted(
          search,
          /^Interrupted: stopped GET http:\/\/127\.0\.0\.1:\d+\/transfer\/v0\.10\/endpoint_search\?\S*filter_fulltext=Tutorial\S* before Globus answered$/,
          report,
        );
        assertInterrupted(
          mkdir,
          new RegExp(
            `^Interrupted: stopped POST http://127\\.0\\.0\\.1:\\d+${mkdirPath} before Globus answered; it may have reached Globus and taken effect already$`,
          ),
          report,
        );
        assert.ok(after, report);
        assert.match(after.results.join("\n"), /state kept/, report);
      } finally {
        await emu.close();
      }
    });
  },
);

test(
  "interrupting the notebook login at its input box ends the login once the box is answered, and keeps the kernel",
  { skip },
  async (t) => {
    await withJupyter(t, async () => {
      const emu = await startEmulator({});
      try {
        const { outputs, report } = await runCells(emu, [
          { code: SETUP },
          {
            code:
              `import { TUTORIAL_CLIENT_ID, UserApp } from "@globus-deno/sdk";
const app = new UserApp({ appName: "interrupted login", clientId: TUTORIAL_CLIENT_ID, config: { tokenStorage: "memory" } });
await app.login()`,
            interrupt_on_input: "",
          },
          { code: "[kept, await app.loginRequired()].join(' ')" },
        ]);
        const [, login, after] = outputs;
        assertInterrupted(
          login,
          /^Interrupted: the login stopped, and no tokens were stored\. Run the login again \(app\.login\(\)\) when you want to log in$/,
          report,
        );
        assert.ok(after, report);
        assert.deepEqual(after.errors, [], report);
        assert.match(after.results.join("\n"), /state kept true/, report);
      } finally {
        await emu.close();
      }
    });
  },
);
