import { test } from "node:test";
import assert from "node:assert/strict";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import process from "node:process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { CommandLineLoginFlowManager } from "../../src/app/command_line_flow.ts";
import { NotebookLoginFlowManager } from "../../src/app/notebook_flow.ts";
import { UserApp } from "../../src/app/user_app.ts";
import {
  GlobusAPIError,
  GlobusError,
  LoginRequiredError,
  TokenStorageError,
} from "../../src/core/errors.ts";
import { JUPYTER_DISPLAY } from "../../src/notebook/display.ts";
import { startEmulator } from "../../src/testing/emulator.ts";
import { JSONTokenStorage } from "../../src/tokens/json_storage.ts";
import { MemoryTokenStorage } from "../../src/tokens/memory_storage.ts";
import { SQLiteTokenStorage } from "../../src/tokens/sqlite_storage.ts";
import type { StoredTokenData } from "../../src/tokens/token_storage.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { TransferScopes } from "../../src/auth/scopes.ts";
import { fakeClock } from "../_helpers/fake_clock.ts";
import { approvingFlow, emulatorApp } from "./_setup.ts";
import { recordingUI, uiLogin } from "./_ui.ts";

const TRANSFER = "urn:globus:auth:scope:transfer.api.globus.org:all";
/** Why SQLite tests cannot run here (Node 20 has no node:sqlite), or false. */
const sqliteSpecifier: string = "node:sqlite";
const noSqlite: string | false = await import(sqliteSpecifier).then(
  () => false,
  () => `this runtime has no node:sqlite (${process.version})`,
);
const NOW_S = 1_800_000_000;

function rec(
  rs: string,
  scope: string,
  extra: Partial<StoredTokenData> = {},
): StoredTokenData {
  return {
    resource_server: rs,
    identity_id: "id-1",
    scope,
    access_token: `AT-${rs}`,
    refresh_token: `RT-${rs}`,
    expires_at_seconds: NOW_S + 3600,
    token_type: "Bearer",
    ...extra,
  };
}

function appWith(
  storage: MemoryTokenStorage,
  reqs: Record<string, string[]> = {},
) {
  return new UserApp({
    appName: "unit",
    clientId: "61338d24-54d5-408f-a10d-66c06b59f6d2",
    scopeRequirements: reqs,
    config: {
      tokenStorage: storage,
      loginFlowManager: "command-line",
      clock: fakeClock({ startMs: NOW_S * 1000 }),
      prompt: () => Promise.resolve(null),
      write: () => {},
    },
  });
}

test("UserApp always requires openid for auth.globus.org and merges scope requirements", () => {
  const app = appWith(new MemoryTokenStorage(), {
    "transfer.api.globus.org": [TRANSFER],
  });
  app.addScopeRequirements({
    "transfer.api.globus.org": [
      `${TRANSFER}[*https://auth.globus.org/scopes/c1/data_access]`,
    ],
  });
  app.addScopeRequirements({
    "transfer.api.globus.org": [
      `${TRANSFER}[*https://auth.globus.org/scopes/c2/data_access]`,
      TRANSFER,
    ],
  });
  assert.deepEqual(app.scopeRequirements, {
    "auth.globus.org": ["openid"],
    "transfer.api.globus.org": [
      `${TRANSFER}[*https://auth.globus.org/scopes/c1/data_access *https://auth.globus.org/scopes/c2/data_access]`,
    ],
  });
});

test("UserApp.loginRequired: missing tokens, unmet scopes and unrefreshable expired tokens need a login", async () => {
  const storage = new MemoryTokenStorage();
  const app = appWith(storage, { "transfer.api.globus.org": [TRANSFER] });
  assert.equal(await app.loginRequired(), true, "empty cache");
  await storage.storeTokenDataByResourceServer({
    "auth.globus.org": rec("auth.globus.org", "openid profile"),
    "transfer.api.globus.org": rec("transfer.api.globus.org", TRANSFER),
  });
  assert.equal(await app.loginRequired(), false);
  app.addScopeRequirements({ "auth.globus.org": ["email"] });
  assert.equal(await app.loginRequired(), true, "email not granted");
  await storage.storeTokenDataByResourceServer({
    "auth.globus.org": rec("auth.globus.org", "openid profile email", {
      expires_at_seconds: NOW_S - 10,
    }),
  });
  assert.equal(await app.loginRequired(), false, "expired but refreshable");
  await storage.storeTokenDataByResourceServer({
    "auth.globus.org": rec("auth.globus.org", "openid profile email", {
      expires_at_seconds: NOW_S + 30,
      refresh_token: null,
    }),
  });
  assert.equal(
    await app.loginRequired(),
    true,
    "expiring within a minute, no refresh token",
  );
});

test("UserApp.getAuthorizer refuses a resource server without a requirement", async () => {
  const app = appWith(new MemoryTokenStorage());
  await assert.rejects(
    () => app.getAuthorizer("x.example.org"),
    (e: unknown) =>
      e instanceof GlobusError && /addScopeRequirements/.test(e.message),
  );
});

test("UserApp rejects bad config values", () => {
  assert.throws(() =>
    new UserApp({
      appName: "x",
      clientId: "c",
      config: {
        loginFlowManager: "browser" as unknown as "auto",
        tokenStorage: "memory",
      },
    }), TypeError);
  assert.throws(() =>
    new UserApp({
      appName: "x",
      clientId: "c",
      config: { tokenStorage: "yaml" as unknown as "json" },
    }), TypeError);
  assert.throws(() => new UserApp({ appName: "", clientId: "c" }), TypeError);
  assert.throws(
    () => new UserApp({ appName: "con", clientId: "c" }),
    TypeError,
  );
});

test("UserApp without a client id (a forgotten option, an unset environment variable) says where to get one", () => {
  for (const clientId of [undefined, "", "  "]) {
    assert.throws(
      () =>
        new UserApp({
          appName: "x",
          clientId: clientId as unknown as string,
          config: { tokenStorage: "memory" },
        }),
      (e: unknown) => {
        assert.ok(e instanceof TypeError);
        assert.match(e.message, /'clientId' must be a non-empty string/);
        assert.match(e.message, /app\.globus\.org\/settings\/developers/);
        assert.match(e.message, /TUTORIAL_CLIENT_ID/);
        return true;
      },
    );
  }
});

test('UserApp "auto" uses the command line outside Jupyter', () => {
  const app = new UserApp({
    appName: "x",
    clientId: "c",
    config: { tokenStorage: "memory" },
  });
  assert.ok(app.loginFlowManager instanceof CommandLineLoginFlowManager);
});

test("a valid cache written by the Python SDK without refresh tokens is used as it is; the next login asks for refresh tokens", async () => {
  const emu = await startEmulator();
  const dir = await mkdtemp(join(tmpdir(), "globus-deno-app-"));
  try {
    const minted = await emu.mintTokens(`openid ${TRANSFER}`, {
      refreshTokens: false,
    });
    const now = Math.floor(Date.now() / 1000);
    const entries = [minted, ...(minted.other_tokens ?? [])];
    const byRs: Record<string, unknown> = {};
    for (const e of entries) {
      byRs[e.resource_server] = {
        resource_server: e.resource_server,
        identity_id: emu.user.id,
        scope: e.scope,
        access_token: e.access_token,
        expires_at_seconds: now + e.expires_in,
        token_type: "Bearer",
      };
    }
    const path = join(dir, "tokens.json");
    await writeFile(
      path,
      JSON.stringify({
        data: { DEFAULT: byRs },
        format_version: "2.0",
        "globus-sdk.version": "3.50.0",
      }),
    );
    const ui = recordingUI((_n, ui) => emu.approve(ui.lastUrl()));
    const app = emulatorApp(emu, "py", {
      ...uiLogin("notebook", ui),
      tokenStorage: new JSONTokenStorage(path),
    });
    const tc = new TransferClient({ app, baseUrl: emu.transferUrl });
    await tc.operationLs(emu.collections.tutorial1, { path: "/share/godata/" });
    assert.equal(ui.prompts.length, 0);
    await app.login({ force: true });
    assert.equal(ui.prompts.length, 1);
    assert.match(ui.lastUrl(), /access_type=offline/);
    assert.ok(
      (await app.tokenStorage.getTokenData("transfer.api.globus.org"))
        ?.refresh_token,
    );
  } finally {
    await emu.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test("consent required (notebook mode): logs in again for the missing scope and the retried call succeeds", async () => {
  const emu = await startEmulator();
  try {
    const ui = recordingUI((_n, ui) => emu.approve(ui.lastUrl()));
    const app = emulatorApp(emu, "consent", uiLogin("notebook", ui));
    assert.ok(app.loginFlowManager instanceof NotebookLoginFlowManager);
    const tc = new TransferClient({ app, baseUrl: emu.transferUrl });
    const ls = await tc.operationLs(emu.collections.mapped, { path: "/" });
    assert.ok(Array.isArray(ls.DATA));
    assert.equal(ui.prompts.length, 2);
    const url = new URL(ui.lastUrl());
    assert.match(
      url.searchParams.get("scope") ?? "",
      new RegExp(`data_access\\]`),
    );
    assert.ok(url.searchParams.get("session_message"));
    assert.match(
      app.scopeRequirements["transfer.api.globus.org"]?.[0] ?? "",
      new RegExp(
        `^${
          TRANSFER.replaceAll(".", "\\.")
        }\\[\\*https://auth\\.globus\\.org/scopes/${emu.collections.mapped}/data_access\\]$`,
      ),
    );
    // Later calls reuse the new consent without prompting.
    await tc.operationLs(emu.collections.mapped, { path: "/" });
    assert.equal(ui.prompts.length, 2);
  } finally {
    await emu.close();
  }
});

test("consent required (command-line mode): throws GlobusAPIError with authorizationParameters.required_scopes", async () => {
  const emu = await startEmulator();
  try {
    const ui = recordingUI((_n, ui) => emu.approve(ui.lastUrl()));
    const app = emulatorApp(emu, "consent", uiLogin("command-line", ui));
    const tc = new TransferClient({ app, baseUrl: emu.transferUrl });
    await assert.rejects(
      () => tc.operationLs(emu.collections.mapped, { path: "/" }),
      (e: unknown) => {
        assert.ok(e instanceof GlobusAPIError);
        assert.equal(e.httpStatus, 403);
        assert.equal(e.code, "ConsentRequired");
        assert.match(
          e.authorizationParameters?.required_scopes?.[0] ?? "",
          /data_access/,
        );
        return true;
      },
    );
    assert.equal(ui.prompts.length, 1);
    assert.equal(
      await app.handleAuthorizationRequirements("transfer.api.globus.org", {
        required_scopes: ["x"],
      }),
      false,
    );
  } finally {
    await emu.close();
  }
});

test("UserApp.startLogin: the two-cell login shows the link and finish(code) caches the tokens", async () => {
  const emu = await startEmulator();
  try {
    const ui = recordingUI(() => null);
    const app = emulatorApp(emu, "two-cell", uiLogin("notebook", ui));
    const flow = await app.startLogin();
    assert.equal(ui.bundles.length, 1);
    assert.match(String(ui.bundles[0]?.["text/html"]), /flow\.finish/);
    assert.equal(ui.lastUrl(), flow.url);
    // The link is already on screen: `flow` as a cell's value (or a cell
    // ending in `await app.startLogin()`) is a short reminder, not a second
    // login box; it still carries the link.
    const reminder = flow[JUPYTER_DISPLAY]();
    assert.notDeepEqual(reminder, ui.bundles[0]);
    assert.match(
      reminder["text/plain"]!,
      /^Waiting for the code: run await flow\.finish\("PASTE-THE-CODE-HERE"\)/,
    );
    assert.ok(
      reminder["text/html"]!.includes(
        `href="${flow.url.replaceAll("&", "&amp;")}"`,
      ),
    );
    assert.doesNotMatch(reminder["text/html"]!, /Log in to Globus/);
    assert.ok(String(flow).includes(flow.url));
    assert.ok(inspect(flow).includes(flow.url), inspect(flow));
    const code = await emu.approve(flow.url);
    // It resolves to the login itself, so a cell ending in it says the
    // login worked (it showed nothing).
    assert.equal(await flow.finish(`  ${code}  `), flow);
    assert.equal(await app.loginRequired(), false);
    // Finished: no link to log in again.
    assert.equal(
      String(flow),
      "Logged in to Globus for two-cell: the tokens are cached.",
    );
    assert.doesNotMatch(flow[JUPYTER_DISPLAY]()["text/html"]!, /href=/);
    // console.log(flow) in a script showed the link as if still waiting.
    assert.match(inspect(flow), /^PendingLogin \{ finished: true/);
    assert.ok(!inspect(flow).includes(flow.url), inspect(flow));
    await assert.rejects(() => flow.finish(code), GlobusError);
    assert.equal(ui.prompts.length, 0);
    // A wrong code is reported and the pending login stays usable.
    const flow2 = await app.startLogin({ show: false });
    assert.equal(ui.bundles.length, 1);
    // Not shown yet: its display is the login box itself.
    assert.match(flow2[JUPYTER_DISPLAY]()["text/html"]!, /Log in to Globus/);
    await assert.rejects(
      () => flow2.finish("wrong"),
      (e: unknown) => e instanceof GlobusAPIError && e.code === "invalid_grant",
    );
    await flow2.finish(await emu.approve(flow2.url));
  } finally {
    await emu.close();
  }
});

test("concurrent first calls share one login, and nothing printed or inspected holds a token", async () => {
  const emu = await startEmulator();
  try {
    const ui = recordingUI((_n, ui) => emu.approve(ui.lastUrl()));
    const app = emulatorApp(emu, "many", uiLogin("notebook", ui));
    const a = new TransferClient({ app, baseUrl: emu.transferUrl });
    const b = new TransferClient({ app, baseUrl: emu.transferUrl });
    await Promise.all([
      a.operationLs(emu.collections.tutorial1, { path: "/share/godata/" }),
      b.operationLs(emu.collections.tutorial2, { path: "/share/godata/" }),
      app.getAuthorizer("transfer.api.globus.org"),
    ]);
    assert.equal(ui.prompts.length, 1);
    const tokens = await app.tokenStorage.getTokenDataByResourceServer();
    const secrets = Object.values(tokens).flatMap((
      d,
    ) => [d.access_token, d.refresh_token ?? ""]);
    const authorizer = await app.getAuthorizer("transfer.api.globus.org");
    const shown = [
      inspect(app, { depth: 6 }),
      JSON.stringify(app),
      inspect(tokens, { depth: 6 }),
      inspect(authorizer, { depth: 6 }),
      inspect(a, { depth: 4 }),
    ].join("\n");
    for (const s of secrets) assert.ok(!shown.includes(s), "token shown");
    ui.assertNoSecrets(secrets);
  } finally {
    await emu.close();
  }
});

test("app.getAuthorizer() reads as Python's authorizer: accessToken and expiresAt of the tokens in use, never in JSON, none after a logout", async () => {
  const emu = await startEmulator();
  try {
    const ui = recordingUI((_n, ui) => emu.approve(ui.lastUrl()));
    const app = emulatorApp(emu, "authorizer-fields", uiLogin("notebook", ui));
    app.addScopeRequirements({
      "transfer.api.globus.org": [TransferScopes.all],
    });
    const authorizer = await app.getAuthorizer("transfer.api.globus.org");
    const stored = await app.tokenStorage.getTokenData(
      "transfer.api.globus.org",
    );
    assert.ok(stored);
    assert.equal(authorizer.accessToken, stored.access_token);
    assert.equal(authorizer.expiresAt, stored.expires_at_seconds);
    assert.equal(
      await authorizer.getAuthorizationHeader(),
      `Bearer ${stored.access_token}`,
    );
    assert.ok(!JSON.stringify(authorizer).includes(stored.access_token));
    for (
      const text of [
        inspect(authorizer, { showHidden: true, getters: true }),
        String(authorizer),
      ]
    ) assert.ok(!text.includes(stored.access_token), text);
    assert.match(inspect(authorizer), /^AppAuthorizer \{/);
    assert.match(inspect(authorizer), /transfer\.api\.globus\.org/);
    assert.match(inspect(authorizer), /\[REDACTED\]/);
    await app.logout();
    assert.equal(authorizer.accessToken, undefined);
    assert.equal(authorizer.expiresAt, undefined);
  } finally {
    await emu.close();
  }
});

/**
 * Asserts that a command-line login with `storage` is refused with a
 * `TokenStorageError` whose message matches, before any link or question.
 */
async function assertLoginStopsBeforeLink(
  storage: JSONTokenStorage | SQLiteTokenStorage,
  message: RegExp,
): Promise<void> {
  const ui = recordingUI(() => "a-code");
  const app = new UserApp({
    appName: "stopped-login",
    clientId: "61338d24-54d5-408f-a10d-66c06b59f6d2",
    config: {
      tokenStorage: storage,
      loginFlowManager: "command-line",
      prompt: ui.prompt,
      write: ui.write,
      display: ui.display,
    },
  });
  await assert.rejects(
    () => app.login(),
    (e: unknown) => e instanceof TokenStorageError && message.test(e.message),
  );
  assert.deepEqual(ui.prompts, [], "no code was asked for");
  assert.ok(
    !ui.shown.some((s) => /oauth2\/authorize/.test(s)),
    "no login link was shown",
  );
}

for (const kind of ["json", "sqlite"] as const) {
  test(
    `a read-only ${kind} token file stops a login before its link: nobody logs in for tokens that cannot be kept`,
    {
      skip: process.platform === "win32"
        ? "no POSIX modes on Windows"
        : kind === "sqlite" && noSqlite,
    },
    async () => {
      const dir = await mkdtemp(join(tmpdir(), "ro-token-file-"));
      const path = join(dir, kind === "json" ? "tokens.json" : "tokens.db");
      try {
        // A token file that exists (from an earlier login), made read-only.
        const storage = kind === "json"
          ? new JSONTokenStorage(path)
          : new SQLiteTokenStorage(path);
        await storage.storeTokenDataByResourceServer({
          "old.example.org": rec("old.example.org", "old"),
        });
        await chmod(path, 0o400);
        await assertLoginStopsBeforeLink(
          storage,
          new RegExp(
            `${
              path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
            } is read-only, so new tokens cannot be saved\\. Make it writable \\(chmod 600`,
          ),
        );
        if (storage instanceof SQLiteTokenStorage) await storage.close();
      } finally {
        await chmod(path, 0o600).catch(() => {});
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
}

for (const kind of ["json", "sqlite"] as const) {
  test(
    `a ${kind} token file in a folder where files cannot be created stops a login before its link (HOME pointing nowhere, another user's folder)`,
    {
      skip: process.platform !== "linux"
        ? "uses /proc"
        : kind === "sqlite" && noSqlite,
    },
    async () => {
      // A folder no file can be created in, even by root (what another
      // user's folder, or HOME=/nonexistent, is to a user).
      const path = `/proc/self/${
        kind === "json" ? "tokens.json" : "tokens.db"
      }`;
      await assertLoginStopsBeforeLink(
        kind === "json"
          ? new JSONTokenStorage(path)
          : new SQLiteTokenStorage(path),
        /this user may not create files in \/proc\/self \(ENOENT\)\. Check its owner and permissions with ls -ld/,
      );
    },
  );
}

test("a client built with { app } sends the app's name in User-Agent (Python's app_name); its own appName wins", async () => {
  const storage = new MemoryTokenStorage();
  await storage.storeTokenDataByResourceServer({
    "auth.globus.org": rec("auth.globus.org", "openid"),
    "transfer.api.globus.org": rec("transfer.api.globus.org", TRANSFER),
  });
  const agents: string[] = [];
  const fetch = (_: RequestInfo | URL, init?: RequestInit) => {
    agents.push(new Headers(init?.headers).get("user-agent") ?? "");
    return Promise.resolve(
      new Response(JSON.stringify({ DATA: [], DATA_TYPE: "file_list" }), {
        headers: { "content-type": "application/json" },
      }),
    );
  };
  const app = appWith(storage);
  const id = "6c54cade-bde5-45c1-bdea-f4bd71dba2cc";
  await new TransferClient({ app, fetch }).operationLs(id);
  await new TransferClient({ app, fetch, appName: "other name" })
    .operationLs(id);
  assert.match(agents[0]!, /^globus-deno-sdk\/[^ /]+\/unit \(/);
  assert.match(agents[1]!, /^globus-deno-sdk\/[^ /]+\/other name \(/);
});

test("UserApp: an aborted call stops waiting for the login it started, and the person's login goes on (a later call uses it)", async () => {
  const { startEmulator } = await import("../../src/testing/emulator.ts");
  const { startFlow } = await import("../../src/app/login_flow.ts");
  const { TransferClient } = await import(
    "../../src/transfer/transfer_client.ts"
  );
  const emu = await startEmulator();
  try {
    let answer!: () => void;
    const answered = new Promise<void>((r) => answer = r);
    let asked!: () => void;
    const shown = new Promise<void>((r) => asked = r);
    let logins = 0;
    let flowSignal: AbortSignal | undefined;
    const app = new UserApp({
      appName: "abort-during-login",
      clientId: emu.nativeClientId,
      config: {
        tokenStorage: "memory",
        authBaseUrl: emu.authUrl,
        loginFlowManager: {
          async run(context) {
            logins++;
            flowSignal = context.signal;
            const { flow, url } = startFlow(context);
            asked();
            await answered; // the person pastes the code
            return await flow.exchangeCodeForTokens(await emu.approve(url));
          },
        },
      },
    });
    const tc = new TransferClient({ app, baseUrl: emu.transferUrl });
    const stop = new AbortController();
    const call = tc.getEndpoint(emu.collections.tutorial1, {
      signal: stop.signal,
    });
    call.catch(() => undefined);
    await shown;
    stop.abort(new Error("stopped by the caller"));
    await assert.rejects(call, /stopped by the caller/);
    assert.equal(flowSignal?.aborted, false);
    answer();
    const ep = await tc.getEndpoint(emu.collections.tutorial1);
    assert.equal(ep.id, emu.collections.tutorial1);
    assert.equal(logins, 1);
    await app.close();
  } finally {
    await emu.close();
  }
});

test("a scope requirement keyed by a wrong name (\"transfer\") says which resource server its scopes belong to, not 'log in again' (each login left it without tokens)", async () => {
  const emu = await startEmulator();
  const approving = approvingFlow(emu);
  const app = emulatorApp(emu, "wrong-key", {
    loginFlowManager: approving.flow,
  });
  try {
    app.addScopeRequirements({ transfer: [TransferScopes.all] });
    await app.login();
    const err = await app.getAuthorizer("transfer").then(
      () => assert.fail("no error"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof LoginRequiredError, String(err));
    assert.match(
      err.message,
      /^The login did not give tokens for 'transfer': its required scopes \(urn:globus:auth:scope:transfer\.api\.globus\.org:all\) belong to the resource server 'transfer\.api\.globus\.org'/,
    );
    assert.match(
      err.message,
      /app\.addScopeRequirements\(\{ "transfer\.api\.globus\.org": \[\.\.\.\] \}\)/,
    );
    assert.doesNotMatch(err.message, /Log in again/);
    // Said before logging in again, which would end the same way; so does
    // app.login() (a next run's), rather than log in each time.
    assert.equal(approving.logins, 1);
    const again = await app.login().then(
      () => assert.fail("no error"),
      (e: unknown) => e,
    );
    assert.ok(again instanceof LoginRequiredError, String(again));
    assert.match(again.message, /belong to the resource server/);
    assert.equal(approving.logins, 1);
  } finally {
    await app.close();
    await emu.close();
  }
});

test('config.requestRefreshTokens must be a boolean (the string "false" asked for refresh tokens)', () => {
  assert.throws(
    () =>
      new UserApp({
        appName: "x",
        clientId: "61338d24-54d5-408f-a10d-66c06b59f6d2",
        config: {
          tokenStorage: "memory",
          // deno-lint-ignore no-explicit-any
          requestRefreshTokens: "false" as any,
        },
      }),
    {
      name: "TypeError",
      message:
        `Cannot create the app as 'config.requestRefreshTokens' must be true or false (or left out): current value is the string "false"; write requestRefreshTokens: false, without quotes`,
    },
  );
  const app = new UserApp({
    appName: "x",
    clientId: "61338d24-54d5-408f-a10d-66c06b59f6d2",
    config: { tokenStorage: "memory", requestRefreshTokens: false },
  });
  assert.equal(app.requestRefreshTokens, false);
  // null (Python's None) is left out (the default, true), as before the
  // check.
  const none = new UserApp({
    appName: "x",
    clientId: "61338d24-54d5-408f-a10d-66c06b59f6d2",
    // deno-lint-ignore no-explicit-any
    config: { tokenStorage: "memory", requestRefreshTokens: null as any },
  });
  assert.equal(none.requestRefreshTokens, true);
});
