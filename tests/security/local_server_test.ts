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
import { startEmulator } from "../../src/testing/emulator.ts";
import { canConnect, localServerApp, withoutSsh } from "../app/_setup.ts";

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
    const app = localServerApp(emu, "one-code", openBrowser);
    await withoutSsh(() => app.login());
    await Promise.all(checks);
    assert.equal(await app.loginRequired(), false);
    // The server is gone once the login finished.
    assert.equal(await canConnect("127.0.0.1", port), false);
  } finally {
    await emu.close();
  }
});

/** Sends a raw GET with the given Host header; resolves the status code. */
function rawGet(port: number, path: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: "127.0.0.1", port });
    let data = "";
    s.once("connect", () => {
      s.write(
        `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
      );
    });
    s.on("data", (d) => {
      data += d.toString();
    });
    s.once("end", () => resolve(Number(data.split(" ", 2)[1])));
    s.once("error", reject);
  });
}

test("local-server login: the redirect URI is http://127.0.0.1:PORT/ and a request under another Host (DNS rebinding) is refused while the login keeps waiting", async () => {
  const emu = await startEmulator();
  try {
    const checks: Promise<void>[] = [];
    const openBrowser = (url: string) => {
      checks.push((async () => {
        const u = new URL(url);
        const redirect = new URL(u.searchParams.get("redirect_uri") ?? "");
        // RFC 8252 §7.3: the literal address that is bound, not "localhost"
        // (which may resolve to ::1, where another program could listen).
        assert.equal(redirect.hostname, "127.0.0.1");
        const port = Number(redirect.port);
        const state = u.searchParams.get("state") ?? "";
        const code = await emu.approve(url);
        const path = `/?state=${encodeURIComponent(state)}&code=${code}`;
        for (
          const host of [
            "evil.example",
            `evil.example:${port}`,
            `127.0.0.1.evil.example:${port}`,
            `localhost:${port + 1}`,
            "127.0.0.1",
          ]
        ) {
          assert.equal(await rawGet(port, path, host), 421, host);
        }
        // The real redirect still works: the refused ones took nothing.
        assert.equal(await rawGet(port, path, `127.0.0.1:${port}`), 200);
      })());
      return Promise.resolve(true);
    };
    const app = localServerApp(emu, "host-check", openBrowser);
    await withoutSsh(() => app.login());
    await Promise.all(checks);
    assert.equal(await app.loginRequired(), false);
  } finally {
    await emu.close();
  }
});

test("local-server login: an error with escape sequences from the redirect reaches the message without them", async () => {
  const emu = await startEmulator();
  try {
    const openBrowser = (url: string) => {
      const u = new URL(url);
      const redirect = new URL(u.searchParams.get("redirect_uri") ?? "");
      const state = u.searchParams.get("state") ?? "";
      const q = new URLSearchParams({
        state,
        error: "access_denied\x1b]0;owned\x07",
        error_description: "\x1b[2Jdeclined\r",
      });
      void rawGet(Number(redirect.port), `/?${q}`, redirect.host);
      return Promise.resolve(true);
    };
    const app = localServerApp(emu, "escape-check", openBrowser);
    const e = await withoutSsh(() => app.login()).catch((x) => x);
    assert.ok(e instanceof Error);
    assert.match(e.message, /access_denied.*declined/);
    // deno-lint-ignore no-control-regex
    assert.doesNotMatch(e.message, /[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
  } finally {
    await emu.close();
  }
});
