/**
 * A representative session — a notebook login, Transfer calls, a refresh
 * after expiry, API and network errors, a token response printed and
 * inspected — with every console and stdout/stderr write captured: no
 * token (access, refresh, id_token) appears in anything printed, shown,
 * inspected, stringified or thrown. Also: the token file and its directory
 * are 0600/0700, and a 0644 file is tightened on the next write.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmod, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import process from "node:process";
import { inspect } from "node:util";
import { UserApp } from "../../src/app/user_app.ts";
import { NativeAppAuthClient } from "../../src/auth/native_client.ts";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import {
  GlobusError,
  NetworkError,
  TransferAPIError,
} from "../../src/core/errors.ts";
import { startEmulator } from "../../src/testing/emulator.ts";
import { JSONTokenStorage } from "../../src/tokens/json_storage.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { TransferData } from "../../src/transfer/transfer_data.ts";
import { fakeClock } from "../_helpers/fake_clock.ts";
import { recordingUI } from "../app/_ui.ts";

const isWindows = process.platform === "win32";
const TRANSFER_SCOPE = "urn:globus:auth:scope:transfer.api.globus.org:all";

/**
 * Every way a value gets printed: inspect (Node and Deno), String(), and —
 * for objects that promise redaction (`json`) — JSON.stringify. Raw token
 * records (`StoredTokenData`, `TokenData`) must hold their tokens in JSON,
 * so they are only inspected.
 */
function renderings(x: unknown, json = true): string[] {
  // deno-lint-ignore no-explicit-any
  const D = (globalThis as any).Deno;
  const out = [
    inspect(x, { depth: 8, showHidden: true, getters: true }),
    inspect(x, { depth: 8 }),
    String(x),
  ];
  if (json) {
    try {
      out.push(JSON.stringify(x) ?? "");
    } catch {
      // not serializable: fine
    }
  }
  if (D?.inspect) out.push(D.inspect(x, { depth: 8, showHidden: true }));
  if (x instanceof Error) out.push(String(x.stack), String(x.message));
  return out;
}

/** Captures console.* and process.stdout/stderr writes while `fn` runs. */
async function captureOutput(fn: () => Promise<void>): Promise<string[]> {
  const captured: string[] = [];
  const c = console as unknown as Record<string, (...a: unknown[]) => void>;
  const methods = ["log", "info", "warn", "error", "debug", "dir", "table"];
  const saved = methods.map((m) => c[m]);
  for (const m of methods) {
    c[m] = (...args: unknown[]) => {
      captured.push(
        args.map((a) =>
          typeof a === "string" ? a : renderings(a, false).join("\n")
        ).join(" "),
      );
    };
  }
  const out = process.stdout.write;
  const err = process.stderr.write;
  const grab = (chunk: unknown) => {
    captured.push(
      typeof chunk === "string" ? chunk : new TextDecoder().decode(
        chunk as Uint8Array,
      ),
    );
    return true;
  };
  process.stdout.write = grab as typeof process.stdout.write;
  process.stderr.write = grab as typeof process.stderr.write;
  try {
    await fn();
  } finally {
    methods.forEach((m, i) => c[m] = saved[i] as (...a: unknown[]) => void);
    process.stdout.write = out;
    process.stderr.write = err;
  }
  return captured;
}

test("a whole session prints, shows and throws no token", async () => {
  const clock = fakeClock({ startMs: Date.now() });
  const emu = await startEmulator({ clock, tokenLifetimeS: 3600 });
  const dir = await mkdtemp(join(tmpdir(), "globus-deno-leak-"));
  const secrets = new Set<string>();
  const remember = (...values: (string | null | undefined)[]) => {
    for (const v of values) if (v) secrets.add(v);
  };
  const path = join(dir, "app", "nested", "tokens.json");
  const ui = recordingUI((_n, ui) => emu.approve(ui.lastUrl()));
  const inspected: string[] = [];
  const look = (x: unknown, json = true) =>
    inspected.push(...renderings(x, json));
  try {
    const printed = await captureOutput(async () => {
      const storage = new JSONTokenStorage(path);
      const app = new UserApp({
        appName: "Leak Test",
        clientId: emu.nativeClientId,
        config: {
          loginFlowManager: "notebook",
          tokenStorage: storage,
          authBaseUrl: emu.authUrl,
          clock,
          display: ui.display,
          prompt: ui.prompt,
        },
      });
      const tc = new TransferClient({ app, baseUrl: emu.transferUrl, clock });
      // Login (notebook flow, one prompt) and calls.
      const ls = await tc.operationLs(emu.collections.tutorial1, {
        path: "/share/godata/",
      });
      console.log(ls);
      const first = await storage.getTokenDataByResourceServer();
      for (const d of Object.values(first)) {
        remember(d.access_token, d.refresh_token);
      }
      console.log(first);
      const td = new TransferData({
        sourceEndpoint: emu.collections.tutorial1,
        destinationEndpoint: emu.collections.tutorial2,
        label: "leak test",
      }).addItem("/share/godata/file1.txt", "/~/leak.txt");
      console.log(await tc.submitTransfer(td));
      console.log(await tc.taskList({ limit: 5 }).toArray(5));

      // Expiry: the next call refreshes and writes new tokens.
      await clock.advance(3600 * 1000);
      await tc.operationLs(emu.collections.tutorial1, {
        path: "/share/godata/",
      });
      const second = await storage.getTokenDataByResourceServer();
      for (const d of Object.values(second)) {
        remember(d.access_token, d.refresh_token);
      }
      assert.notEqual(
        second["transfer.api.globus.org"]?.access_token,
        first["transfer.api.globus.org"]?.access_token,
        "the token was refreshed",
      );

      // The app, the client and the authorizer.
      const authorizer = await app.getAuthorizer("transfer.api.globus.org");
      for (const x of [app, tc, authorizer, storage, app.authClient]) {
        console.log(x);
        look(x);
      }

      // Errors: an API error, a 401, a network error.
      const errors: unknown[] = [];
      await tc.getTask("00000000-0000-0000-0000-000000000000").catch((e) =>
        errors.push(e)
      );
      const revoked = second["transfer.api.globus.org"]?.access_token ?? "";
      await app.authClient.oauth2RevokeToken(revoked);
      const bad = new TransferClient({
        authorizer: new AccessTokenAuthorizer(revoked),
        baseUrl: emu.transferUrl,
        clock,
      });
      await bad.operationLs(emu.collections.tutorial1).catch((e) =>
        errors.push(e)
      );
      const offline = new TransferClient({
        authorizer: new AccessTokenAuthorizer(revoked),
        baseUrl: "http://127.0.0.1:9/transfer/",
        retry: false,
        clock,
      });
      await offline.getTask("00000000-0000-0000-0000-000000000000").catch((
        e,
      ) => errors.push(e));
      assert.equal(errors.length, 3);
      assert.ok(errors[0] instanceof TransferAPIError);
      assert.equal((errors[1] as TransferAPIError).httpStatus, 401);
      assert.ok(errors[2] instanceof NetworkError);
      for (const e of errors) {
        assert.ok(e instanceof GlobusError);
        console.error(e);
        console.error(String(e));
        look(e);
        look((e as Error).cause);
      }

      // A token response (with an id_token), printed every way.
      const native = new NativeAppAuthClient(emu.nativeClientId, {
        baseUrl: emu.authUrl,
        clock,
      });
      const flow = native.oauth2StartFlow({
        requestedScopes: `openid ${TRANSFER_SCOPE}`,
        refreshTokens: true,
      });
      const response = await native.oauth2ExchangeCodeForTokens(
        await emu.approve(flow.getAuthorizeUrl()),
      );
      remember(response.idToken);
      for (const t of Object.values(response.byResourceServer)) {
        remember(t.access_token, t.refresh_token);
      }
      console.log(response);
      console.log(String(response), JSON.stringify(response));
      look(response);
      look(flow);
      look(native);
    });
    assert.ok(secrets.size >= 5, `collected ${secrets.size} secrets`);
    const haystacks: [string, string][] = [
      ["printed", printed.join("\n")],
      ["inspected", inspected.join("\n")],
      ["shown", ui.shown.join("\n")],
    ];
    for (const [where, text] of haystacks) {
      assert.ok(text.length > 0, `${where} is not empty`);
      for (const s of secrets) {
        assert.ok(!text.includes(s), `a token (…${s.slice(-6)}) was ${where}`);
      }
    }

    // Modes: the file 0600, the directories the app created 0700.
    if (!isWindows) {
      assert.equal((await stat(path)).mode & 0o777, 0o600);
      assert.equal((await stat(dirname(path))).mode & 0o777, 0o700);
      assert.equal((await stat(dirname(dirname(path)))).mode & 0o777, 0o700);
    }
  } finally {
    await emu.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test("a token file left world-readable (0644) is 0600 after the next write", {
  skip: isWindows ? "no POSIX modes on Windows" : false,
}, async () => {
  const dir = await mkdtemp(join(tmpdir(), "globus-deno-mode-"));
  try {
    const path = join(dir, "tokens.json");
    await writeFile(
      path,
      '{"data": {}, "format_version": "2.0", "globus-sdk.version": "3.54.0"}',
    );
    await chmod(path, 0o644);
    const s = new JSONTokenStorage(path);
    await s.storeTokenDataByResourceServer({
      "a.example.org": {
        resource_server: "a.example.org",
        identity_id: null,
        scope: "s",
        access_token: "SECRET",
        refresh_token: null,
        expires_at_seconds: 1_900_000_000,
        token_type: "Bearer",
      },
    });
    assert.equal((await stat(path)).mode & 0o777, 0o600);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test(
  "inspecting a token response's byResourceServer entries hides the tokens, like stored records",
  async () => {
    const emu = await startEmulator();
    try {
      const native = new NativeAppAuthClient(emu.nativeClientId, {
        baseUrl: emu.authUrl,
      });
      const flow = native.oauth2StartFlow({ requestedScopes: TRANSFER_SCOPE });
      const response = await native.oauth2ExchangeCodeForTokens(
        await emu.approve(flow.getAuthorizeUrl()),
      );
      const token = response.byResourceServer["transfer.api.globus.org"]
        ?.access_token;
      assert.ok(token);
      // The token stays readable as a property…
      assert.equal(typeof token, "string");
      // …but not in inspect output.
      for (const text of renderings(response.byResourceServer, false)) {
        assert.ok(!text.includes(token), "token shown by inspect");
      }
    } finally {
      await emu.close();
    }
  },
);
