/**
 * The real `@globus/sdk` (npm) reads the emulator's `AuthPolicyFailed` as an
 * authorization requirements error, and the login its query parameters ask
 * for meets the collection's policy.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { startEmulator } from "../../src/testing/emulator.ts";
import {
  importGlobusSdk,
  peerSkip,
  sdkOptions,
  transferTokenByLogin,
} from "./_peer_sdk.ts";

test(
  "@globus/sdk v6: the emulator's AuthPolicyFailed is an AuthorizationRequirementsError; a login with its toAuthorizationQueryParams meets the policy",
  { skip: peerSkip },
  async () => {
    const { transfer, errors } = await importGlobusSdk();
    let now = 1_800_000_000_000;
    const emu = await startEmulator({ clock: { now: () => now } });
    try {
      const c = emu.collections.tutorial1;
      const policy = emu.setCollectionPolicy(c, {
        high_assurance: true,
        authentication_assurance_timeout: 900,
      }) as string;
      const ls = (t: string) =>
        transfer.fileOperations.ls(c, {
          query: { path: "/share/godata/" },
          headers: { Authorization: `Bearer ${t}` },
        }, sdkOptions(emu));

      const first = await transferTokenByLogin(emu);
      assert.equal((await ls(first)).status, 200);
      now += 901_000;
      const refused = await ls(first);
      assert.equal(refused.status, 403);
      const body = await refused.json();
      assert.equal(errors.isAuthorizationRequirementsError(body), true);
      assert.equal(errors.isConsentRequiredError(body), false);
      const params = errors.toAuthorizationQueryParams(body);
      assert.deepEqual(params, {
        session_message: "Failing collection authentication policy",
        session_required_policies: policy,
      });

      const second = await transferTokenByLogin(emu, params);
      const ok = await ls(second);
      assert.equal(ok.status, 200);
      const names = (await ok.json()).DATA.map((f: { name: string }) => f.name);
      assert.ok(names.includes("file1.txt"), names.join(", "));
    } finally {
      await emu.close();
    }
  },
);
