/**
 * `TunnelCreateDocument` and `TunnelUpdateDocument`
 * (src/transfer/v2/tunnel_documents.ts): option values are checked; a
 * create leaves `null` out, an update sends it (Python sends a given
 * `None` as `null`).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  TunnelCreateDocument,
  TunnelUpdateDocument,
} from "../../../src/transfer/v2/tunnel_documents.ts";

const INITIATOR = "80583f05-75f3-4825-b8a5-6c3edf0bbc5c";
const LISTENER = "dd5fa993-749f-48fb-86cf-f07ad5797d7e";

test("TunnelCreateDocument refuses restartable and listenerPort written as text", () => {
  assert.throws(
    () =>
      new TunnelCreateDocument(INITIATOR, LISTENER, {
        restartable: "true" as unknown as boolean,
      }),
    {
      name: "TypeError",
      message:
        `Cannot build the tunnel document as 'restartable' must be true or false (or left out): current value is the string "true"; write restartable: true, without quotes`,
    },
  );
  assert.throws(
    () =>
      new TunnelCreateDocument(INITIATOR, LISTENER, {
        listenerPort: "5000" as unknown as number,
      }),
    /'listenerPort' must be a non-negative integer \(or left out\): current value is the string "5000"; write listenerPort: Number\(…\)$/,
  );
});

test("TunnelCreateDocument leaves null options out, with a fresh submission id", () => {
  const doc = new TunnelCreateDocument(INITIATOR, LISTENER, {
    label: null,
    submissionId: null,
    lifetimeMins: null,
    restartable: null,
    listenerPort: null,
    listenerIpAddress: null,
  });
  const { submission_id, ...rest } = doc.data.attributes;
  assert.equal(typeof submission_id, "string");
  assert.deepEqual(rest, {});
});

test("TunnelUpdateDocument sends null as null and refuses values of the wrong type", () => {
  assert.deepEqual(
    new TunnelUpdateDocument({ label: null, listenerPort: 5000 }).data
      .attributes,
    { label: null, listener_port: 5000 },
  );
  assert.throws(
    () =>
      new TunnelUpdateDocument({
        listenerPort: "5000" as unknown as number,
      }),
    {
      name: "TypeError",
      message:
        `Cannot build the tunnel update document as 'listenerPort' must be a non-negative integer (or left out): current value is the string "5000"; write listenerPort: Number(…)`,
    },
  );
  assert.throws(
    () => new TunnelUpdateDocument({ label: 7 as unknown as string }),
    /'label' must be a string \(or left out\): current value is the number 7$/,
  );
});
