/**
 * Python SDK 3's `endpoint_autoactivate`, deprecated there and removed in
 * version 4: ported scripts keep working (Globus Connect Server v5
 * collections answer `AlreadyActivated`), with a note once per client.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { emulatorClient } from "./_emulator.ts";
import { json } from "../../_helpers/fake_fetch.ts";
import { setup, url } from "./_setup.ts";
import { TransferAPIError } from "../../../src/core/errors.ts";
import { rejection, untyped } from "../../_helpers/argument_errors.ts";
import { drive, siblingProgram } from "../../app/_spawn.ts";

const CHILD = siblingProgram("_autoactivate_child", import.meta.url);

test("endpointAutoactivate posts to endpoint/{id}/autoactivate with if_expires_in", async () => {
  const { tc, ff } = setup([
    json({ DATA_TYPE: "activation_result", code: "AlreadyActivated" }),
    json({ DATA_TYPE: "activation_result", code: "AlreadyActivated" }),
  ]);
  const id = "6c54cade-bde5-45c1-bdea-f4bd71dba2cc";
  const r = await tc.endpointAutoactivate(id, { ifExpiresIn: 3600 });
  assert.equal(r.code, "AlreadyActivated");
  assert.equal(ff.requests[0]?.method, "POST");
  assert.equal(
    url(ff.requests[0]),
    `https://transfer.api.globus.org/v0.10/endpoint/${id}/autoactivate?if_expires_in=3600`,
  );
  await tc.endpointAutoactivate(id);
  assert.equal(
    url(ff.requests[1]),
    `https://transfer.api.globus.org/v0.10/endpoint/${id}/autoactivate`,
  );
  await assert.rejects(
    tc.endpointAutoactivate(id, { ifExpiresIn: -1 }),
    (err: unknown) =>
      err instanceof RangeError &&
      /'ifExpiresIn' must be a whole number of seconds/.test(err.message),
  );
  assert.match(
    await rejection(() =>
      tc.endpointAutoactivate(id, untyped({ if_expires_in: 60 }))
    ),
    /unknown option 'if_expires_in'/,
  );
  assert.equal(ff.requests.length, 2);
});

test("against the emulator, a collection answers AlreadyActivated and an unknown one 404 EndpointNotFound", async () => {
  const { emu, tc } = await emulatorClient();
  try {
    const r = await tc.endpointAutoactivate(emu.collections.tutorial2, {
      ifExpiresIn: 3600,
    });
    assert.equal(r.DATA_TYPE, "activation_result");
    assert.equal(r.code, "AlreadyActivated");
    assert.equal(r.expires_in, -1);
    // the ported Python loop `while r["code"] == "AutoActivationFailed"` ends
    assert.notEqual(r.code, "AutoActivationFailed");
    await assert.rejects(
      tc.endpointAutoactivate("00000000-0000-4000-8000-000000000000"),
      (err: unknown) =>
        err instanceof TransferAPIError && err.httpStatus === 404 &&
        err.code === "EndpointNotFound",
    );
  } finally {
    await emu.close();
  }
});

test("the deprecation note is written to standard error once per client, not on standard output", async () => {
  const p = drive(CHILD, [], {}, "null");
  try {
    assert.equal(await p.exit(), 0, p.output);
  } finally {
    p.kill();
  }
  assert.deepEqual(
    p.stdout.trim().split(/\r?\n/),
    ["CODE AlreadyActivated", "CODE AlreadyActivated", "CODE AlreadyActivated"],
  );
  const notes = p.output.split("\n").filter((line) =>
    line.includes("endpointAutoactivate() is deprecated")
  );
  assert.equal(notes.length, 2, p.output);
  assert.ok(!p.stdout.includes("deprecated"));
  assert.match(
    notes[0]!,
    /Globus Connect Server v5 collections need no activation/,
  );
});
