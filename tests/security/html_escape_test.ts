/**
 * Notebook HTML never carries markup from the service: a file name and a
 * collection display name of `<img src=x onerror=alert(1)>`, served by the
 * emulator, are escaped in every rich rendering (ls table, endpoint record,
 * search table, task table).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { JUPYTER_DISPLAY } from "../../src/notebook/display.ts";
import { startEmulator } from "../../src/testing/emulator.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { TransferData } from "../../src/transfer/transfer_data.ts";

const HOSTILE = "<img src=x onerror=alert(1)>";
const HOSTILE_ID = "0b1d2c3e-4f50-4a6b-8c7d-9e0f1a2b3c4d";

function html(x: unknown): string {
  const fn = (x as Record<symbol, unknown>)[JUPYTER_DISPLAY];
  assert.equal(typeof fn, "function", "the value renders in Jupyter");
  const bundle = (fn as () => Record<string, string>).call(x);
  const h = bundle["text/html"];
  assert.equal(typeof h, "string");
  return h as string;
}

test("hostile file and collection names from the service are escaped in notebook HTML", async () => {
  const emu = await startEmulator({
    collections: [{
      id: HOSTILE_ID,
      displayName: `${HOSTILE} "quoted" & <script>alert(2)</script>`,
      description: HOSTILE,
      keywords: "hostile",
      files: {
        [`/data/${HOSTILE}.txt`]: "x",
        [`/data/"><svg onload=alert(3)>`]: "y",
      },
    }],
  });
  try {
    const tokens = await emu.mintTokens(
      "urn:globus:auth:scope:transfer.api.globus.org:all",
    );
    const tc = new TransferClient({
      authorizer: new AccessTokenAuthorizer(tokens.access_token),
      baseUrl: emu.transferUrl,
    });
    const ls = await tc.operationLs(HOSTILE_ID, { path: "/data/" });
    assert.ok(ls.DATA.some((f) => f.name === `${HOSTILE}.txt`));
    const ep = await tc.getEndpoint(HOSTILE_ID);
    assert.ok(String(ep.display_name).includes(HOSTILE));
    const found = await tc.endpointSearch("hostile").toArray();
    assert.ok(found.length >= 1);
    const td = new TransferData({
      sourceEndpoint: HOSTILE_ID,
      destinationEndpoint: emu.collections.tutorial2,
      label: HOSTILE,
    }).addItem(`/data/${HOSTILE}.txt`, "/~/copied.txt");
    const { task_id } = await tc.submitTransfer(td);
    const task = await tc.getTask(task_id);
    const tasks = await tc.taskList({ limit: 10 }).toArray(10);

    for (
      const [what, value] of [
        ["ls", ls],
        ["endpoint", ep],
        ["search", found],
        ["task", task],
        ["task list", tasks],
      ] as const
    ) {
      const h = html(value);
      for (const raw of ["<img", "<script", "<svg"]) {
        assert.ok(
          !h.includes(raw),
          `${what}: raw ${raw} in ${h.slice(0, 400)}`,
        );
      }
      assert.ok(
        h.includes("&lt;img") || what === "task list" && h.includes("&lt;"),
        `${what}: the name is shown, escaped`,
      );
    }
  } finally {
    await emu.close();
  }
});
