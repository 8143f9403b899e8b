/**
 * The real `@globus/sdk` (npm) against the emulator's sharing routes:
 * `transfer.endpoint.create/get/update/remove` for a guest collection,
 * `transfer.access.*` and `transfer.roles.*`, with a second identity whose
 * access comes and goes with the rule.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { startEmulator } from "../../src/testing/emulator.ts";
import { ALICE_USER } from "../../src/testing/auth_store.ts";
import {
  authorizeUrl,
  mappedToken,
  pkce,
  postForm,
  TRANSFER,
} from "../testing/_helpers.ts";
import {
  expectJson,
  importGlobusSdk,
  peerSkip,
  sdkOptions as emulatorOptions,
} from "./_peer_sdk.ts";

test(
  "@globus/sdk v6 (npm) makes a guest collection, shares it and revokes the share against the emulator",
  { skip: peerSkip },
  async () => {
    const { transfer } = await importGlobusSdk();
    const emu = await startEmulator();
    try {
      const mapped = emu.collections.mapped;
      const demo = await mappedToken(emu);
      const { verifier, challenge } = pkce();
      const code = await emu.approve(authorizeUrl(emu, {
        scope: TRANSFER,
        challenge,
        extra: { session_required_identities: ALICE_USER.id },
      }));
      const alice = (await postForm(emu, "v2/oauth2/token", {
        grant_type: "authorization_code",
        code,
        code_verifier: verifier,
        redirect_uri: `${emu.authUrl}v2/web/auth-code`,
        client_id: emu.nativeClientId,
      })).body.access_token;
      await mkdir(join(emu.root, mapped, "home", "demo", "peer-share"), {
        recursive: true,
      });

      const sdkOptions = emulatorOptions(emu);
      const as = (token: string) => ({
        headers: { Authorization: `Bearer ${token}` },
      });
      // Exactly 200 unless another status is named.
      const json = (res: Response, status = 200) => expectJson(res, status);

      const created = await json(
        await transfer.endpoint.create({
          payload: {
            DATA_TYPE: "shared_endpoint",
            host_endpoint_id: mapped,
            host_path: "/~/peer-share/",
            display_name: "peer share",
          },
          ...as(demo),
        }, sdkOptions),
        201,
      );
      const guest: string = created.id;
      const doc = await json(
        await transfer.endpoint.get(guest, as(demo), sdkOptions),
      );
      assert.equal(doc.host_endpoint_id, mapped);

      const roles = await json(
        await transfer.roles.getAll(guest, as(demo), sdkOptions),
      );
      assert.equal(roles.DATA[0].role, "administrator");
      const role = await json(
        await transfer.roles.get(
          { endpoint_id: guest, role_id: roles.DATA[0].id },
          as(demo),
          sdkOptions,
        ),
      );
      assert.equal(role.principal, roles.DATA[0].principal);

      const rule = await json(
        await transfer.access.create(guest, {
          payload: {
            DATA_TYPE: "access",
            principal_type: "identity",
            principal: ALICE_USER.id,
            path: "/",
            permissions: "r",
          },
          ...as(demo),
        }, sdkOptions),
        201,
      );
      const got = await json(
        await transfer.access.get(
          { endpoint_xid: guest, id: rule.access_id },
          as(demo),
          sdkOptions,
        ),
      );
      assert.equal(got.principal, ALICE_USER.id);
      const all = await json(
        await transfer.access.getAll(guest, as(demo), sdkOptions),
      );
      assert.equal(all.length, 2);
      await json(
        await transfer.access.update(
          { endpoint_xid: guest, id: rule.access_id },
          { payload: { DATA_TYPE: "access", permissions: "rw" }, ...as(demo) },
          sdkOptions,
        ),
      );

      const ls = () =>
        transfer.fileOperations.ls(guest, {
          query: { path: "/" },
          ...as(alice),
        }, sdkOptions);
      await json(await ls());
      await json(
        await transfer.access.remove(
          { endpoint_xid: guest, id: rule.access_id },
          as(demo),
          sdkOptions,
        ),
      );
      const refused = await json(await ls(), 403);
      assert.equal(refused.code, "PermissionDenied");

      await json(
        await transfer.endpoint.update(guest, {
          payload: { display_name: "renamed" },
          ...as(demo),
        }, sdkOptions),
      );
      await json(await transfer.endpoint.remove(guest, as(demo), sdkOptions));
      await json(
        await transfer.endpoint.get(guest, as(demo), sdkOptions),
        404,
      );
    } finally {
      await emu.close();
    }
  },
);
