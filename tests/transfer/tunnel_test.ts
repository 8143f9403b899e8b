/**
 * `CreateTunnelData` (src/transfer/tunnel.ts): the option values of a
 * tunnel document are checked, and `null` (Python's `None`) is left out.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { CreateTunnelData } from "../../src/transfer/tunnel.ts";

const INITIATOR = "80583f05-75f3-4825-b8a5-6c3edf0bbc5c";
const LISTENER = "dd5fa993-749f-48fb-86cf-f07ad5797d7e";

test('CreateTunnelData refuses restartable written as text (it was sent as the text "false")', () => {
  assert.throws(
    () =>
      new CreateTunnelData(INITIATOR, LISTENER, {
        restartable: "false" as unknown as boolean,
      }),
    {
      name: "TypeError",
      message:
        `Cannot build the tunnel document as 'restartable' must be true or false (or left out): current value is the string "false"; write restartable: false, without quotes`,
    },
  );
  assert.equal(
    new CreateTunnelData(INITIATOR, LISTENER, { restartable: false }).data
      .attributes.restartable,
    false,
  );
});

test("CreateTunnelData checks lifetimeMins, label and submissionId", () => {
  assert.throws(
    () =>
      new CreateTunnelData(INITIATOR, LISTENER, {
        lifetimeMins: "30" as unknown as number,
      }),
    {
      name: "TypeError",
      message:
        `Cannot build the tunnel document as 'lifetimeMins' must be a non-negative integer (or left out): current value is the string "30"; write lifetimeMins: Number(…)`,
    },
  );
  assert.throws(
    () => new CreateTunnelData(INITIATOR, LISTENER, { lifetimeMins: -5 }),
    { name: "RangeError" },
  );
  assert.throws(
    () =>
      new CreateTunnelData(INITIATOR, LISTENER, {
        label: 5 as unknown as string,
      }),
    {
      name: "TypeError",
      message:
        "Cannot build the tunnel document as 'label' must be a string (or left out): current value is the number 5",
    },
  );
});

test("CreateTunnelData leaves null options out (they were sent as null)", () => {
  const doc = new CreateTunnelData(INITIATOR, LISTENER, {
    label: null,
    submissionId: null,
    lifetimeMins: null,
    restartable: null,
  });
  assert.deepEqual(doc.data.attributes, {});
  assert.deepEqual(
    JSON.parse(JSON.stringify(
      new CreateTunnelData(INITIATOR, LISTENER, {
        label: "t",
        lifetimeMins: 30,
        restartable: true,
      }),
    )).data.attributes,
    { label: "t", lifetime_mins: 30, restartable: true },
  );
});
