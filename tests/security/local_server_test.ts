/**
 * The local-server login flow's listener: only 127.0.0.1 (not other
 * loopback addresses, not ::1), and exactly one code is accepted. The
 * wrong-state refusal and a non-loopback interface are checked in
 * tests/app/local_server_flow_test.ts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { connect } from "node:net";
import process from "node:process";
import { UserApp } from "../../src/app/user_app.ts";
import { isDeno } from "../../src/core/runtime.ts";
import { startEmulator } from "../../src/testing/emulator.ts";

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}

async function withoutSsh<T>(fn: () => Promise<T>): Promise<T> {
  if (!isDeno) return await fn();
  // deno-lint-ignore no-explicit-any
  const env = (globalThis as any).Deno.env;
  const saved = ["SSH_TTY", "SSH_CONNECTION"].map((k) => [k, env.get(k)]);
  for (const [k] of saved) env.delete(k);
  try {
    return await fn();
  } finally {
    for (const [k, v] of saved) if (v !== undefined) env.set(k, v);
  }
}

test("local-server login listens on 127.0.0.1 only and accepts exactly one code", async () => {
  const emu = await startEmulator();
  try {
    const checks: Promise<void>[] = [];
    let port = 0;
    const openBrowser = (url: string) => {
      checks.push((async () => {
        const u = new URL(url);
        const redirect = new URL(u.searchParams.get("redirect_uri") ?? "");
        port = Number(redirect.port);
        const state = u.searchParams.get("state") ?? "";
        assert.equal(await canConnect("127.0.0.1", port), true);
        if (process.platform === "linux") {
          // Another loopback address: the listener is bound to 127.0.0.1 only.
          assert.equal(await canConnect("127.0.0.2", port), false);
        }
        assert.equal(await canConnect("::1", port), false);
        const code = await emu.approve(url);
        const otherCode = await emu.approve(url);
        const base = `http://127.0.0.1:${port}/?state=${
          encodeURIComponent(state)
        }`;
        const first = await fetch(`${base}&code=${code}`);
        assert.equal(first.status, 200);
        await first.body?.cancel();
        // A second redirect (even with the right state) is not taken.
        const second = await fetch(`${base}&code=${otherCode}`).then(
          async (r) => {
            await r.body?.cancel();
            return r.status;
          },
          () => "refused",
        );
        assert.ok(second === 409 || second === "refused", String(second));
      })());
      return Promise.resolve(true);
    };
    const app = new UserApp({
      appName: "one-code",
      clientId: emu.nativeClientId,
      config: {
        loginFlowManager: "local-server",
        tokenStorage: "memory",
        authBaseUrl: emu.authUrl,
        openBrowser,
        write: () => {},
      },
    });
    await withoutSsh(() => app.login());
    await Promise.all(checks);
    assert.equal(await app.loginRequired(), false);
    // The server is gone once the login finished.
    assert.equal(await canConnect("127.0.0.1", port), false);
  } finally {
    await emu.close();
  }
});
