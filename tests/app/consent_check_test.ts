/**
 * A UserApp whose scope requirements have dependent scopes (a mapped
 * collection's data_access under Transfer's `all`) checks the user's
 * consents, as the Python SDK's GlobusApp does: cached tokens whose `scope`
 * covers Transfer but whose consents lack the data_access make a login
 * required before any Transfer call, not a 403 ConsentRequired after it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { UserApp } from "../../src/app/user_app.ts";
import { TokenValidationError } from "../../src/app/token_validation.ts";
import { TUTORIAL_CLIENT_ID } from "../../src/auth/constants.ts";
import { type Emulator, startEmulator } from "../../src/testing/emulator.ts";
import { MemoryTokenStorage } from "../../src/tokens/memory_storage.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { recordingUI } from "./_ui.ts";

/**
 * A UserApp logging in through the notebook flow (its box answered by
 * approving the link at the emulator), its requests through `fetch`, and a
 * TransferClient on it.
 */
function notebookApp(
  emu: Emulator,
  appName: string,
  fetch: typeof globalThis.fetch,
) {
  const ui = recordingUI((_n, ui) => emu.approve(ui.lastUrl()));
  const app = new UserApp({
    appName,
    clientId: TUTORIAL_CLIENT_ID,
    config: {
      tokenStorage: new MemoryTokenStorage(),
      authBaseUrl: emu.authUrl,
      fetch,
      loginFlowManager: "notebook",
      display: ui.display,
      prompt: ui.prompt,
    },
  });
  return { ui, app, tc: new TransferClient({ app, baseUrl: emu.transferUrl }) };
}

test("a cached login without a collection's data_access consent needs a new login once the app requires it; after that login, none", async () => {
  const emu = await startEmulator();
  try {
    // Count the consent lookups the app makes.
    const consentCalls: string[] = [];
    const fetch: typeof globalThis.fetch = (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url.includes("/consents")) consentCalls.push(url);
      return globalThis.fetch(input, init);
    };
    const { ui, app, tc } = notebookApp(emu, "consents", fetch);
    await app.login();
    assert.equal(ui.prompts.length, 1);
    assert.equal(await app.loginRequired(), false);
    // No dependent scope required yet: no consent lookup at all.
    assert.deepEqual(consentCalls, []);

    // The same tokens, now with the mapped collection's data_access
    // required: their scope string still says Transfer `all`, but the
    // consent is missing.
    tc.addAppDataAccessScope(emu.collections.mapped);
    assert.equal(await app.loginRequired(), true);
    // Fetched, then fetched once more before saying "not met".
    assert.equal(consentCalls.length, 2);
    assert.match(
      consentCalls[0]!,
      new RegExp(`/identities/${emu.user.id}/consents`),
    );

    // The next Transfer call logs in first (the notebook flow), asking for
    // the data_access consent, then lists the mapped collection.
    const ls = await tc.operationLs(emu.collections.mapped, { path: "/~/" });
    assert.equal(ls.DATA_TYPE, "file_list");
    assert.equal(ui.prompts.length, 2);
    assert.match(
      decodeURIComponent(ui.lastUrl()),
      new RegExp(`data_access`),
    );
    const after = consentCalls.length;
    assert.equal(await app.loginRequired(), false);
    assert.equal(await app.loginRequired(), false);
    // The consents are read once per login, not per check.
    assert.ok(
      consentCalls.length - after <= 1,
      `consents fetched ${consentCalls.length - after} times`,
    );
    await tc.operationLs(emu.collections.mapped, { path: "/~/" });
    assert.equal(ui.prompts.length, 2);
  } finally {
    await emu.close();
  }
});

test("consents that do not form a forest (two with one id) do not fail the app's calls: the check is skipped, and the service's ConsentRequired still leads to the login", async () => {
  const emu = await startEmulator();
  try {
    // Globus Auth's consents, with the last one given the first one's id.
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      const res = await globalThis.fetch(input, init);
      if (!url.includes("/consents") || !res.ok) return res;
      const body = await res.json() as { consents: { id: number }[] };
      const first = body.consents[0];
      const last = body.consents[body.consents.length - 1];
      if (first && last && first !== last) last.id = first.id;
      return new Response(JSON.stringify(body), {
        status: 200,
        headers: { "content-type": "application/json" },
      });
    };
    const { ui, app, tc } = notebookApp(emu, "broken-consents", fetch);
    await app.login();
    tc.addAppDataAccessScope(emu.collections.mapped);
    // Before, each of these threw ConsentTreeConstructionError.
    assert.equal(await app.loginRequired(), false);
    const ls = await tc.operationLs(emu.collections.tutorial1, {
      path: "/share/godata/",
    });
    assert.equal(ls.DATA.length, 3);
    assert.equal(ui.prompts.length, 1);
    // The mapped collection answers ConsentRequired: the app logs in with
    // the consent and the call goes through.
    const mapped = await tc.operationLs(emu.collections.mapped, {
      path: "/~/",
    });
    assert.equal(mapped.DATA_TYPE, "file_list");
    assert.equal(ui.prompts.length, 2);
  } finally {
    await emu.close();
  }
});

test("with tokenValidationErrorHandler null, a missing data_access consent is a TokenValidationError that names the scope", async () => {
  const emu = await startEmulator();
  try {
    const ui = recordingUI((_n, ui) => emu.approve(ui.lastUrl()));
    const storage = new MemoryTokenStorage();
    const config = {
      tokenStorage: storage,
      authBaseUrl: emu.authUrl,
      loginFlowManager: "notebook" as const,
      display: ui.display,
      prompt: ui.prompt,
    };
    // A first app logs in for Transfer only and caches the tokens.
    const first = new UserApp({
      appName: "consents-null",
      clientId: TUTORIAL_CLIENT_ID,
      config,
    });
    new TransferClient({ app: first, baseUrl: emu.transferUrl });
    await first.login();
    // A second app on the same cache needs the data_access and may not
    // log in by itself.
    const app = new UserApp({
      appName: "consents-null",
      clientId: TUTORIAL_CLIENT_ID,
      config: { ...config, tokenValidationErrorHandler: null },
    });
    const tc = new TransferClient({ app, baseUrl: emu.transferUrl })
      .addAppDataAccessScope(emu.collections.mapped);
    await assert.rejects(
      () => tc.operationLs(emu.collections.mapped, { path: "/~/" }),
      (e: unknown) =>
        e instanceof TokenValidationError && e.reason === "unmet-scopes" &&
        e.resourceServer === "transfer.api.globus.org" &&
        e.message.includes(
          `https://auth.globus.org/scopes/${emu.collections.mapped}/data_access`,
        ),
    );
    assert.equal(ui.prompts.length, 1);
  } finally {
    await emu.close();
  }
});
