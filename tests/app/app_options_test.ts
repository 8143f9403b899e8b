/**
 * The Python SDK 4.9 GlobusApp options and methods: close(), autoRedriveGares,
 * tokenValidationErrorHandler, idTokenDecoder, loginRedirectUri, and a
 * UserApp with a clientSecret (a confidential client acting for a user),
 * against the emulator.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { ConfidentialAppAuthClient } from "../../src/auth/confidential_client.ts";
import { NativeAppAuthClient } from "../../src/auth/native_client.ts";
import { ClientApp } from "../../src/app/client_app.ts";
import {
  type GlobusApp,
  resolveByLoginFlow,
  TokenValidationError,
} from "../../src/app/globus_app.ts";
import { UserApp, type UserAppConfig } from "../../src/app/user_app.ts";
import {
  GlobusAPIError,
  GlobusError,
  LoginRequiredError,
} from "../../src/core/errors.ts";
import { startEmulator } from "../../src/testing/emulator.ts";
import { MemoryTokenStorage } from "../../src/tokens/memory_storage.ts";
import { decodeJwtSub } from "../../src/tokens/token_storage.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { fakeClock } from "../_helpers/fake_clock.ts";
import { canConnect, withoutSsh } from "./_setup.ts";
import { recordingUI } from "./_ui.ts";

const TRANSFER_RS = "transfer.api.globus.org";
const REDIRECT = "http://localhost:8765/callback";

type Emu = Awaited<ReturnType<typeof startEmulator>>;

function userApp(
  emu: Emu,
  config: UserAppConfig,
  extra: { clientSecret?: string; clientId?: string } = {},
): UserApp {
  return new UserApp({
    appName: "parity",
    clientId: extra.clientId ?? emu.nativeClientId,
    ...(extra.clientSecret !== undefined
      ? { clientSecret: extra.clientSecret }
      : {}),
    config: { tokenStorage: "memory", authBaseUrl: emu.authUrl, ...config },
  });
}

// ---------------------------------------------------------------- close()

test("close(): idempotent; afterwards the app and its clients refuse to log in or authorize; the cached tokens stay", async () => {
  const emu = await startEmulator();
  try {
    const storage = new MemoryTokenStorage();
    let closedStorage = 0;
    Object.assign(storage, {
      close: () => {
        closedStorage++;
        return Promise.resolve();
      },
    });
    const ui = recordingUI((_n, ui) => emu.approve(ui.lastUrl()));
    const app = userApp(emu, {
      tokenStorage: storage,
      loginFlowManager: "command-line",
      prompt: ui.prompt,
      write: ui.write,
    });
    const tc = new TransferClient({ app, baseUrl: emu.transferUrl });
    await tc.operationLs(emu.collections.tutorial1, { path: "/share/godata/" });
    assert.equal(app.closed, false);

    const first = app.close();
    assert.equal(app.close(), first, "a second close() is the same promise");
    await first;
    await app[Symbol.asyncDispose](); // `await using` calls this
    assert.equal(app.closed, true);
    // A storage passed in belongs to the caller (as in the Python SDK).
    assert.equal(closedStorage, 0);
    assert.ok(await storage.getTokenData(TRANSFER_RS), "no logout");

    const closed = (e: unknown) => {
      assert.ok(e instanceof GlobusError);
      assert.match(
        e.message,
        /app 'parity' was closed with app\.close\(\): create a new app/,
      );
      return true;
    };
    await assert.rejects(() => app.login(), closed);
    await assert.rejects(() => app.loginRequired(), closed);
    await assert.rejects(() => app.getAuthorizer(TRANSFER_RS), closed);
    await assert.rejects(() => app.startLogin({ show: false }), closed);
    await assert.rejects(() => app.logout(), closed);
    await assert.rejects(
      () => tc.operationLs(emu.collections.tutorial1, { path: "/" }),
      closed,
    );
    assert.equal(ui.prompts.length, 1);
  } finally {
    await emu.close();
  }
});

test("close() stops a login in progress: the command-line question is abandoned and login() rejects", async () => {
  const emu = await startEmulator();
  try {
    let asked!: () => void;
    const question = new Promise<void>((r) => asked = r);
    const app = userApp(emu, {
      loginFlowManager: "command-line",
      write: () => {},
      prompt: () => {
        asked();
        return new Promise<string | null>(() => {}); // nobody answers
      },
    });
    const login = app.login();
    await question;
    await app.close();
    await assert.rejects(login, (e: unknown) => {
      assert.ok(e instanceof GlobusError);
      assert.match(
        e.message,
        /login was stopped as the app 'parity' was closed/,
      );
      return true;
    });
  } finally {
    await emu.close();
  }
});

test("close() shuts down the local-server login's server before it resolves", async () => {
  const emu = await startEmulator();
  try {
    await withoutSsh(async () => {
      let port = 0;
      let opened!: () => void;
      const browserOpened = new Promise<void>((r) => opened = r);
      const app = userApp(emu, {
        loginFlowManager: "local-server",
        write: () => {},
        openBrowser: (url) => {
          port = Number(
            new URL(new URL(url).searchParams.get("redirect_uri") ?? "").port,
          );
          opened();
          return Promise.resolve(true);
        },
      });
      const login = app.login();
      login.catch(() => {});
      await browserOpened;
      assert.equal(await canConnect("127.0.0.1", port), true);
      await app.close();
      assert.equal(await canConnect("127.0.0.1", port), false);
      await assert.rejects(login, GlobusError);
    });
  } finally {
    await emu.close();
  }
});

// ------------------------------------------------------- autoRedriveGares

test("autoRedriveGares: Python's default (off) for the command line, on for the notebook flow, and the option wins both ways", async () => {
  const emu = await startEmulator();
  try {
    const cli = userApp(emu, { loginFlowManager: "command-line" });
    const nb = userApp(emu, { loginFlowManager: "notebook" });
    const client = new ClientApp({
      appName: "svc",
      clientId: emu.confidentialClient.clientId,
      clientSecret: emu.confidentialClient.clientSecret,
      config: { tokenStorage: "memory", authBaseUrl: emu.authUrl },
    });
    assert.equal(cli.autoRedriveGares, false);
    assert.equal(nb.autoRedriveGares, true);
    assert.equal(client.autoRedriveGares, false);
    // null is Python's None: left out, the flow's default.
    assert.equal(
      userApp(emu, {
        loginFlowManager: "notebook",
        autoRedriveGares: null as unknown as boolean,
      }).autoRedriveGares,
      true,
    );
    assert.equal(
      userApp(emu, { loginFlowManager: "notebook", autoRedriveGares: false })
        .autoRedriveGares,
      false,
    );
    assert.throws(
      () =>
        userApp(emu, {
          autoRedriveGares: "yes" as unknown as boolean,
        }),
      (e: unknown) =>
        e instanceof TypeError &&
        /^Cannot create the app as 'config\.autoRedriveGares' must be true or false \(or left out\): current value is the string "yes"; write autoRedriveGares: true, without quotes$/
          .test(e.message),
    );
  } finally {
    await emu.close();
  }
});

test("autoRedriveGares: true on the command line: a ConsentRequired leads to a login with its scopes and the call is sent again", async () => {
  const emu = await startEmulator();
  try {
    const ui = recordingUI((_n, ui) => emu.approve(ui.lastUrl()));
    const app = userApp(emu, {
      loginFlowManager: "command-line",
      autoRedriveGares: true,
      prompt: ui.prompt,
      write: ui.write,
    });
    const tc = new TransferClient({ app, baseUrl: emu.transferUrl });
    const ls = await tc.operationLs(emu.collections.mapped, { path: "/" });
    assert.ok(Array.isArray(ls.DATA));
    assert.equal(ui.prompts.length, 2, "the first login, then the GARE's");
    assert.match(
      new URL(ui.lastUrl()).searchParams.get("scope") ?? "",
      /data_access\]/,
    );
    assert.match(
      app.scopeRequirements[TRANSFER_RS]?.[0] ?? "",
      new RegExp(`${emu.collections.mapped}/data_access`),
    );
  } finally {
    await emu.close();
  }
});

test("autoRedriveGares: false in a notebook: the call throws the GlobusAPIError with its authorizationParameters, no new login", async () => {
  const emu = await startEmulator();
  try {
    const ui = recordingUI((_n, ui) => emu.approve(ui.lastUrl()));
    const app = userApp(emu, {
      loginFlowManager: "notebook",
      autoRedriveGares: false,
      display: ui.display,
      prompt: ui.prompt,
    });
    const tc = new TransferClient({ app, baseUrl: emu.transferUrl });
    await assert.rejects(
      () => tc.operationLs(emu.collections.mapped, { path: "/" }),
      (e: unknown) => {
        assert.ok(e instanceof GlobusAPIError);
        assert.equal(e.code, "ConsentRequired");
        assert.match(
          e.authorizationParameters?.required_scopes?.[0] ?? "",
          /data_access/,
        );
        return true;
      },
    );
    assert.equal(ui.prompts.length, 1);
  } finally {
    await emu.close();
  }
});

// --------------------------------------------- tokenValidationErrorHandler

test("tokenValidationErrorHandler: null throws a TokenValidationError (a LoginRequiredError) instead of logging in", async () => {
  const emu = await startEmulator();
  try {
    const ui = recordingUI((_n, ui) => emu.approve(ui.lastUrl()));
    const app = userApp(emu, {
      loginFlowManager: "command-line",
      tokenValidationErrorHandler: null,
      prompt: ui.prompt,
      write: ui.write,
    });
    const tc = new TransferClient({ app, baseUrl: emu.transferUrl });
    await assert.rejects(
      () => tc.operationLs(emu.collections.tutorial1, { path: "/" }),
      (e: unknown) => {
        assert.ok(e instanceof TokenValidationError);
        assert.ok(e instanceof LoginRequiredError);
        assert.equal(e.reason, "missing");
        assert.match(
          e.message,
          /No tokens for '.+' are cached: log in with app\.login\(\) \(the app does not log in by itself: config\.tokenValidationErrorHandler is null\)/,
        );
        return true;
      },
    );
    assert.equal(ui.prompts.length, 0);
    // An explicit login still works, and then requests do.
    await app.login();
    await tc.operationLs(emu.collections.tutorial1, { path: "/share/godata/" });
    // A requirement the cached tokens do not cover: unmet scopes.
    app.addScopeRequirements({
      [TRANSFER_RS]: ["urn:globus:auth:scope:transfer.api.globus.org:other"],
    });
    await assert.rejects(
      () => tc.operationLs(emu.collections.tutorial1, { path: "/" }),
      (e: unknown) =>
        e instanceof TokenValidationError && e.reason === "unmet-scopes" &&
        e.resourceServer === TRANSFER_RS &&
        /The cached tokens for 'transfer\.api\.globus\.org' do not cover its required scopes/
          .test(e.message),
    );
    assert.equal(ui.prompts.length, 1);
  } finally {
    await emu.close();
  }
});

test("tokenValidationErrorHandler: called with the app and the error; what it does decides; still no tokens → the error is thrown", async () => {
  const emu = await startEmulator();
  try {
    const ui = recordingUI((_n, ui) => emu.approve(ui.lastUrl()));
    const seen: [GlobusApp, TokenValidationError][] = [];
    let doNothing = true;
    const app = userApp(emu, {
      loginFlowManager: "command-line",
      prompt: ui.prompt,
      write: ui.write,
      tokenValidationErrorHandler: async (a, error) => {
        seen.push([a, error]);
        if (!doNothing) await resolveByLoginFlow(a, error);
      },
    });
    const tc = new TransferClient({ app, baseUrl: emu.transferUrl });
    await assert.rejects(
      () => tc.operationLs(emu.collections.tutorial1, { path: "/" }),
      (e: unknown) =>
        e instanceof TokenValidationError && e.reason === "missing",
    );
    assert.equal(seen.length, 1);
    assert.equal(seen[0]?.[0], app);
    assert.equal(ui.prompts.length, 0);

    doNothing = false;
    await tc.operationLs(emu.collections.tutorial1, { path: "/share/godata/" });
    assert.equal(seen.length, 2);
    assert.equal(ui.prompts.length, 1);

    assert.throws(
      () =>
        userApp(emu, {
          tokenValidationErrorHandler: "login" as unknown as null,
        }),
      (e: unknown) =>
        e instanceof TypeError &&
        /'config\.tokenValidationErrorHandler' must be a function \(app, error\) => void, or null/
          .test(e.message),
    );
  } finally {
    await emu.close();
  }
});

// ------------------------------------------------------------ idTokenDecoder

test("idTokenDecoder: the login's id_token is decoded by it and the tokens are stored under its 'sub'", async () => {
  const emu = await startEmulator();
  try {
    const ui = recordingUI((_n, ui) => emu.approve(ui.lastUrl()));
    const storage = new MemoryTokenStorage();
    const decoded: string[] = [];
    const app = userApp(emu, {
      loginFlowManager: "command-line",
      tokenStorage: storage,
      prompt: ui.prompt,
      write: ui.write,
      idTokenDecoder: {
        decode(idToken) {
          decoded.push(idToken);
          // e.g. a decoder that maps identities to a linked primary one
          return Promise.resolve({ sub: `linked-${decodeJwtSub(idToken)}` });
        },
      },
    });
    await app.login();
    assert.equal(decoded.length, 1);
    const real = decodeJwtSub(decoded[0] as string);
    assert.ok(real);
    const stored = await storage.getTokenData("auth.globus.org");
    assert.equal(stored?.identity_id, `linked-${real}`);
  } finally {
    await emu.close();
  }
});

test("idTokenDecoder: a decoder that rejects the token fails the login and nothing is stored; no 'sub' is an error; a non-decoder is a TypeError", async () => {
  const emu = await startEmulator();
  try {
    const ui = recordingUI((_n, ui) => emu.approve(ui.lastUrl()));
    const storage = new MemoryTokenStorage();
    const refuse = new Error("signature not trusted");
    const app = userApp(emu, {
      loginFlowManager: "command-line",
      tokenStorage: storage,
      prompt: ui.prompt,
      write: ui.write,
      idTokenDecoder: { decode: () => Promise.reject(refuse) },
    });
    await assert.rejects(() => app.login(), (e) => e === refuse);
    assert.deepEqual(await storage.getTokenDataByResourceServer(), {});

    const noSub = userApp(emu, {
      loginFlowManager: "command-line",
      prompt: ui.prompt,
      write: ui.write,
      idTokenDecoder: { decode: () => ({ aud: "x" }) },
    });
    await assert.rejects(
      () => noSub.login(),
      (e: unknown) =>
        e instanceof GlobusError &&
        /config\.idTokenDecoder\.decode\(\) returned no 'sub' claim/.test(
          e.message,
        ),
    );
    assert.throws(
      () =>
        userApp(emu, {
          idTokenDecoder: ((t: string) => ({ sub: t })) as unknown as {
            decode(t: string): Record<string, unknown>;
          },
        }),
      (e: unknown) =>
        e instanceof TypeError &&
        /'config\.idTokenDecoder' must be an object with a decode\(idToken\) method/
          .test(e.message),
    );
  } finally {
    await emu.close();
  }
});

// ------------------------------------------- loginRedirectUri, clientSecret

test("loginRedirectUri: a native app's authorize URL sends the user there; the pasted URL holds the code", async () => {
  const emu = await startEmulator();
  try {
    const ui = recordingUI(async (_n, ui) =>
      `${REDIRECT}?code=${await emu.approve(ui.lastUrl())}&state=_default`
    );
    const app = userApp(emu, {
      loginFlowManager: "command-line",
      loginRedirectUri: REDIRECT,
      prompt: ui.prompt,
      write: ui.write,
    });
    assert.equal(app.loginRedirectUri, REDIRECT);
    await app.login();
    const url = new URL(ui.lastUrl());
    assert.equal(url.searchParams.get("redirect_uri"), REDIRECT);
    assert.ok(url.searchParams.get("code_challenge"), "native: PKCE");
    assert.equal(await app.loginRequired(), false);
    const pending = await app.startLogin({ show: false });
    assert.equal(
      new URL(pending.url).searchParams.get("redirect_uri"),
      REDIRECT,
    );
  } finally {
    await emu.close();
  }
});

test("UserApp with a clientSecret: a confidential client logs the user in (no PKCE, Basic auth), refreshes and revokes; the secret is never shown", async () => {
  const emu = await startEmulator();
  try {
    const { clientId, clientSecret } = emu.confidentialClient;
    const ui = recordingUI(async (_n, ui) =>
      `${REDIRECT}?code=${await emu.approve(ui.lastUrl())}&state=_default`
    );
    const clock = fakeClock({ startMs: Date.now() });
    const storage = new MemoryTokenStorage();
    const app = userApp(emu, {
      loginFlowManager: "command-line",
      loginRedirectUri: REDIRECT,
      tokenStorage: storage,
      clock,
      prompt: ui.prompt,
      write: ui.write,
      prefillNamedGrant: "my laptop",
    }, { clientId, clientSecret });
    assert.ok(app.authClient instanceof ConfidentialAppAuthClient);
    const tc = new TransferClient({ app, baseUrl: emu.transferUrl });
    await tc.operationLs(emu.collections.tutorial1, { path: "/share/godata/" });
    const url = new URL(ui.lastUrl());
    assert.equal(url.searchParams.get("client_id"), clientId);
    assert.equal(url.searchParams.get("redirect_uri"), REDIRECT);
    assert.equal(url.searchParams.get("code_challenge"), null);
    // Python: the grant name is only for native apps.
    assert.equal(url.searchParams.get("prefill_named_grant"), null);
    const first = await storage.getTokenData(TRANSFER_RS);
    assert.ok(first?.refresh_token);

    // Past expiry: the app refreshes with the confidential client.
    clock.set((first.expires_at_seconds + 10) * 1000);
    await tc.operationLs(emu.collections.tutorial1, { path: "/share/godata/" });
    const second = await storage.getTokenData(TRANSFER_RS);
    assert.notEqual(second?.access_token, first.access_token);
    assert.equal(ui.prompts.length, 1, "refreshed, not logged in again");

    const text = inspect(app, { depth: 8 }) + JSON.stringify(app) +
      ui.shown.join("\n");
    assert.ok(!text.includes(clientSecret));
    ui.assertNoSecrets([
      second?.access_token ?? "",
      second?.refresh_token ?? "",
    ]);

    await app.logout();
    assert.deepEqual(await storage.getTokenDataByResourceServer(), {});
  } finally {
    await emu.close();
  }
});

test("UserApp argument rules as the Python SDK's: a clientSecret needs loginRedirectUri; the local-server flow takes neither; bad values name the fix", async () => {
  const emu = await startEmulator();
  try {
    const { clientId, clientSecret } = emu.confidentialClient;
    const rejects = (config: UserAppConfig, re: RegExp, secret?: string) =>
      assert.throws(
        () =>
          userApp(
            emu,
            config,
            secret !== undefined ? { clientId, clientSecret: secret } : {},
          ),
        (e: unknown) => e instanceof TypeError && re.test(e.message),
      );
    rejects(
      { loginFlowManager: "command-line" },
      /a UserApp with a 'clientSecret' \(a confidential client\) needs 'config\.loginRedirectUri'/,
      clientSecret,
    );
    rejects(
      {},
      /needs 'config\.loginRedirectUri'/,
      clientSecret,
    );
    rejects(
      { loginFlowManager: "local-server", loginRedirectUri: REDIRECT },
      /'config\.loginRedirectUri' cannot be used with the "local-server" login flow/,
    );
    rejects(
      { loginFlowManager: "local-server" },
      /the "local-server" login flow is only for native apps/,
      clientSecret,
    );
    rejects(
      { loginRedirectUri: "not a url" },
      /'config\.loginRedirectUri' must be an absolute URL registered for the client: current value is "not a url"/,
    );
    rejects(
      { loginRedirectUri: REDIRECT },
      /'clientSecret' must be a non-empty string/,
      "",
    );
    // Without a secret the app stays a native one.
    assert.ok(userApp(emu, {}).authClient instanceof NativeAppAuthClient);
    // A ClientApp has no login flow (Python: "A ClientApp cannot use a login_flow_manager").
    assert.throws(
      () =>
        new ClientApp({
          appName: "svc",
          clientId,
          clientSecret,
          config: {
            tokenStorage: "memory",
            loginFlowManager: "command-line",
          } as unknown as Record<string, never>,
        }),
      (e: unknown) =>
        e instanceof TypeError &&
        /a ClientApp cannot use a loginFlowManager/.test(e.message),
    );
  } finally {
    await emu.close();
  }
});
