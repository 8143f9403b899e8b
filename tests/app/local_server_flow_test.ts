import { test } from "node:test";
import assert from "node:assert/strict";
import { networkInterfaces } from "node:os";
import { LocalServerLoginFlowManager } from "../../src/app/local_server_flow.ts";
import { UserApp } from "../../src/app/user_app.ts";
import { LoginRequiredError } from "../../src/core/errors.ts";
import { isDeno } from "../../src/core/runtime.ts";
import { startEmulator } from "../../src/testing/emulator.ts";
import { fakeClock } from "../_helpers/fake_clock.ts";
import {
  canConnect,
  emulatorApp,
  localServerApp,
  withoutSsh,
} from "./_setup.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { recordingUI } from "./_ui.ts";

function nonLoopbackIPv4(): string | undefined {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) {
      if (a.family === "IPv4" && !a.internal) return a.address;
    }
  }
  return undefined;
}

test("local-server login: the browser's redirect brings the code; a wrong state is refused; only 127.0.0.1 listens", async () => {
  const emu = await startEmulator();
  try {
    const ui = recordingUI(() => null);
    const checks: Promise<void>[] = [];
    const openBrowser = (url: string) => {
      checks.push((async () => {
        const u = new URL(url);
        const redirect = new URL(u.searchParams.get("redirect_uri") ?? "");
        assert.equal(redirect.hostname, "127.0.0.1"); // RFC 8252 §7.3
        assert.equal(redirect.pathname, "/");
        const state = u.searchParams.get("state") ?? "";
        assert.ok(state.length >= 20 && state !== "_default");
        const port = Number(redirect.port);
        const base = `http://127.0.0.1:${port}/`;
        // A forged request with another state is refused.
        const code = await emu.approve(url);
        const bad = await fetch(`${base}?code=${code}&state=forged`);
        assert.equal(bad.status, 400);
        await bad.body?.cancel();
        // Not reachable from another interface.
        const other = nonLoopbackIPv4();
        if (other) assert.equal(await canConnect(other, port), false);
        // The real redirect.
        const ok = await fetch(
          `${base}?code=${code}&state=${encodeURIComponent(state)}`,
        );
        assert.equal(ok.status, 200);
        assert.match(await ok.text(), /close this tab/);
      })());
      return Promise.resolve(true);
    };
    const app = localServerApp(emu, "ls", openBrowser, ui.write);
    await withoutSsh(() => app.login());
    await Promise.all(checks);
    assert.equal(await app.loginRequired(), false);
    assert.match(
      ui.shown.join("\n"),
      /http:\/\/127\.0\.0\.1:\d+\/auth\/v2\/oauth2\/authorize\?/,
    );
    const tokens = await app.tokenStorage.getTokenDataByResourceServer();
    ui.assertNoSecrets(
      Object.values(tokens).flatMap((
        d,
      ) => [d.access_token, d.refresh_token ?? ""]),
    );
  } finally {
    await emu.close();
  }
});

test("local-server login: an error from Globus Auth (declined consent) ends the login", async () => {
  const emu = await startEmulator();
  try {
    const app = new UserApp({
      appName: "ls",
      clientId: emu.nativeClientId,
      config: {
        loginFlowManager: new LocalServerLoginFlowManager({
          openBrowser: async (url) => {
            const u = new URL(url);
            const redirect = u.searchParams.get("redirect_uri");
            const r = await fetch(
              `${redirect}?error=access_denied&state=${
                u.searchParams.get("state")
              }`,
            );
            await r.body?.cancel();
            return true;
          },
          write: () => {},
        }),
        tokenStorage: "memory",
        authBaseUrl: emu.authUrl,
      },
    });
    await assert.rejects(
      () => withoutSsh(() => app.login()),
      (e: unknown) =>
        e instanceof LoginRequiredError && /access_denied/.test(e.message),
    );
  } finally {
    await emu.close();
  }
});

test("local-server login times out when no redirect arrives, and closes its server", async () => {
  const emu = await startEmulator();
  try {
    const clock = fakeClock({ autoLimitMs: 0 });
    let port = 0;
    const flow = new LocalServerLoginFlowManager({
      timeoutMs: 60_000,
      clock,
      write: () => {},
      openBrowser: (url) => {
        port = Number(
          new URL(new URL(url).searchParams.get("redirect_uri") ?? "").port,
        );
        setTimeout(() => void clock.advance(61_000), 10);
        return Promise.resolve(false);
      },
    });
    const app = new UserApp({
      appName: "ls",
      clientId: emu.nativeClientId,
      config: {
        loginFlowManager: flow,
        tokenStorage: "memory",
        authBaseUrl: emu.authUrl,
      },
    });
    await assert.rejects(
      () => withoutSsh(() => app.login()),
      (e: unknown) =>
        e instanceof LoginRequiredError &&
        /did not finish within 60 s/.test(e.message),
    );
    assert.ok(port > 0);
    assert.equal(await canConnect("127.0.0.1", port), false);
  } finally {
    await emu.close();
  }
});

test("local-server login refuses to run in an SSH session", {
  skip: isDeno ? false : "sets env through Deno",
}, async () => {
  // deno-lint-ignore no-explicit-any
  const env = (globalThis as any).Deno.env;
  const saved = env.get("SSH_CONNECTION");
  env.set("SSH_CONNECTION", "10.0.0.1 5000 10.0.0.2 22");
  try {
    let opened = false;
    const flow = new LocalServerLoginFlowManager({
      openBrowser: () => {
        opened = true;
        return Promise.resolve(true);
      },
    });
    const app = new UserApp({
      appName: "ls",
      clientId: "61338d24-54d5-408f-a10d-66c06b59f6d2",
      config: {
        loginFlowManager: flow,
        tokenStorage: "memory",
        authBaseUrl: "http://127.0.0.1:9/auth/",
      },
    });
    await assert.rejects(
      () => app.login(),
      (e: unknown) =>
        e instanceof LoginRequiredError && /SSH session/.test(e.message) &&
        /command-line/.test(e.message),
    );
    assert.equal(opened, false);
  } finally {
    if (saved === undefined) env.delete("SSH_CONNECTION");
    else env.set("SSH_CONNECTION", saved);
  }
});

test("local-server login on a port another program holds says so and how to pick another port; no link is shown", async () => {
  const { createServer } = await import("node:net");
  const holder = createServer();
  await new Promise<void>((resolve) =>
    holder.listen(0, "127.0.0.1", () => resolve())
  );
  const port = (holder.address() as { port: number }).port;
  const emu = await startEmulator();
  try {
    let opened = false;
    const shown: string[] = [];
    const app = emulatorApp(emu, "ls-port-taken", {
      loginFlowManager: new LocalServerLoginFlowManager({
        port,
        openBrowser: () => {
          opened = true;
          return Promise.resolve(true);
        },
        write: (t) => shown.push(t),
      }),
    });
    await assert.rejects(
      withoutSsh(() => app.login()),
      (e: unknown) =>
        e instanceof Error &&
        e.message.includes(`Another program is listening on port ${port}`) &&
        e.message.includes("port: 0"),
    );
    assert.equal(opened, false);
    assert.deepEqual(shown, []);
  } finally {
    await emu.close();
    await new Promise((resolve) => holder.close(resolve));
  }
});

test("LocalServerLoginFlowManager validates its options", () => {
  assert.throws(
    () => new LocalServerLoginFlowManager({ port: 70000 }),
    RangeError,
  );
  assert.throws(
    () => new LocalServerLoginFlowManager({ timeoutMs: 0 }),
    RangeError,
  );
});

for (const lost of [1, 3]) {
  test(
    `local-server login: ${
      lost === 1
        ? "a lost exchange answer opens the link again, and the new code logs in"
        : "after 3 lost exchange answers the login fails with AuthCodeExchangeError"
    }`,
    async () => {
      const byRequest: Record<number, "lost"> = {};
      for (let i = 1; i <= lost; i++) byRequest[i] = "lost";
      const emu = await startEmulator({
        faults: { byRequest, pathPrefixes: ["/auth/v2/oauth2/token"] },
      });
      try {
        const ui = recordingUI(() => null);
        const redirects: Promise<void>[] = [];
        let opened = 0;
        // Each opening is a person approving in the browser: a new code
        // comes back through the redirect.
        const openBrowser = (url: string) => {
          opened++;
          redirects.push((async () => {
            const u = new URL(url);
            const code = await emu.approve(url);
            const res = await fetch(
              `${u.searchParams.get("redirect_uri")}?code=${code}&state=${
                encodeURIComponent(u.searchParams.get("state") ?? "")
              }`,
            );
            await res.body?.cancel();
          })());
          return Promise.resolve(true);
        };
        const app = localServerApp(emu, "ls-lost", openBrowser, ui.write);
        const stats = async () => {
          const s = await (await fetch(`${emu.url}/_emulator/stats`)).json();
          return [
            s.token_grants["authorization_code"] ?? 0,
            s.token_refusals["authorization_code"] ?? 0,
          ];
        };
        const shown = () => ui.shown.join("\n");
        if (lost === 1) {
          await withoutSsh(() => app.login());
          await Promise.all(redirects);
          assert.equal(await app.loginRequired(), false);
          assert.equal(opened, 2, "the link was opened again");
          assert.match(shown(), /exchange did not complete/);
          assert.match(
            shown(),
            /Opening a browser window again for a new code \(if none appears, open this link again in a browser on this machine\):\nhttp:\/\/127\.0\.0\.1:\d+\/auth\/v2\/oauth2\/authorize\?/,
          );
          // Each code was sent once: no "already used" refusal.
          assert.deepEqual(await stats(), [2, 0]);
        } else {
          await assert.rejects(
            withoutSsh(() => app.login()),
            (e: unknown) =>
              e instanceof Error && e.name === "AuthCodeExchangeError" &&
              /exchange did not complete/.test(e.message),
          );
          await Promise.all(redirects);
          assert.equal(opened, 3);
          assert.deepEqual(await stats(), [3, 0]);
          assert.equal(await app.loginRequired(), true);
        }
        const tokens = await app.tokenStorage.getTokenDataByResourceServer();
        ui.assertNoSecrets([
          ...emu.issuedTokens(),
          ...Object.values(tokens).flatMap((d) => [
            d.access_token,
            d.refresh_token ?? "",
          ]),
        ]);
      } finally {
        await emu.close();
      }
    },
  );
}

test("local-server login: Globus Auth unreachable at the exchange ends the login with a LoginRequiredError, without a new login for each retry of the service call", async () => {
  const emu = await startEmulator();
  try {
    const ui = recordingUI(() => null);
    let opened = 0;
    const redirects: Promise<void>[] = [];
    const openBrowser = (url: string) => {
      opened++;
      redirects.push((async () => {
        const u = new URL(url);
        const res = await fetch(
          `${u.searchParams.get("redirect_uri")}?code=${await emu.approve(
            url,
          )}&state=${encodeURIComponent(u.searchParams.get("state") ?? "")}`,
        );
        await res.body?.cancel();
      })());
      return Promise.resolve(true);
    };
    // Every code exchange meets a refused connection (retries included).
    let refusedExchanges = 0;
    const app = emulatorApp(emu, "ls-unreachable", {
      loginFlowManager: "local-server",
      openBrowser,
      write: ui.write,
      clock: fakeClock(),
      fetch: (input, init) => {
        if (String(input).includes("/v2/oauth2/token")) {
          refusedExchanges++;
          return Promise.reject(
            Object.assign(new TypeError("Connection refused (os error 111)"), {
              code: "ECONNREFUSED",
            }),
          );
        }
        return fetch(input, init);
      },
    });
    const tc = new TransferClient({ app, baseUrl: emu.transferUrl });
    await assert.rejects(
      withoutSsh(() => tc.getEndpoint(emu.collections.tutorial1)),
      (e: unknown) =>
        e instanceof LoginRequiredError &&
        /oauth2\/token failed: network error: connection refused/.test(
          e.message,
        ) &&
        /The code did not reach Globus Auth \(it was not used\): run the login again/
          .test(e.message),
    );
    await Promise.all(redirects);
    assert.equal(opened, 1, "one login, not one per retry of the call");
    assert.equal(refusedExchanges, 6, "the exchange's own retries only");
    assert.equal(await app.loginRequired(), true);
  } finally {
    await emu.close();
  }
});
