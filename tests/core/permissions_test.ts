/**
 * Missing Deno permissions fail fast and name the flag: a run without
 * --allow-net makes one attempt (no retries) and says which --allow-net to
 * add; a run that cannot read the GLOBUS_SDK_* variables says so once on
 * standard error before its first request. Deno-only: these check Deno's
 * permission model, in child processes started with Deno.Command (see
 * docs/decisions.md, "Child processes in tests").
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { isDeno } from "../../src/core/runtime.ts";

// deno-lint-ignore no-explicit-any
const D = (globalThis as any).Deno;
const skip = !isDeno ? "Deno-only: checks Deno's permission model" : false;

async function runDeno(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  // clearEnv keeps the parent's GLOBUS_SDK_* (if any) out of the child.
  const out = await new D.Command(D.execPath(), {
    args: ["run", "--no-prompt", ...args],
    env: {
      PATH: D.env.get("PATH") ?? "",
      HOME: D.env.get("HOME") ?? "",
      ...(D.env.get("DENO_DIR") ? { DENO_DIR: D.env.get("DENO_DIR") } : {}),
      ...env,
    },
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
}

test(
  "without --allow-net a request fails at once and names the flag",
  { skip },
  async () => {
    // A real listener on the port: it must never see a request.
    let served = 0;
    const server = createServer((_req, res) => {
      served++;
      res.end("{}");
    });
    await new Promise<void>((resolve) =>
      server.listen(0, "127.0.0.1", resolve)
    );
    const port = (server.address() as AddressInfo).port;
    try {
      const probe = fileURLToPath(
        new URL("./_no_net_probe.ts", import.meta.url),
      );
      const { code, stdout, stderr } = await runDeno([
        "--allow-read",
        "--allow-env",
        probe,
        String(port),
      ]);
      assert.equal(code, 0, stderr);
      const [result, count] = stdout.trim().split("\n").map((l) =>
        JSON.parse(l)
      );
      assert.equal(result.networkError, true, stdout);
      assert.match(
        result.message,
        new RegExp(
          `no network permission for 127\\.0\\.0\\.1:${port} \\(not retried\\): run with --allow-net=127\\.0\\.0\\.1:${port} \\(or --allow-net\\)`,
        ),
      );
      assert.deepEqual(count, { attempts: 1 }, "one attempt, no retries");
      assert.equal(served, 0);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  },
);

const EMULATOR_ENV = {
  GLOBUS_SDK_ENVIRONMENT: "emulator",
  GLOBUS_SDK_SERVICE_URL_AUTH: "http://127.0.0.1:9999/auth/",
  GLOBUS_SDK_SERVICE_URL_TRANSFER: "http://127.0.0.1:9999/transfer/",
};
const probe = fileURLToPath(new URL("./_env_denied_probe.ts", import.meta.url));

test(
  "with --allow-env=HOME only, exported GLOBUS_SDK_* variables are reported once, naming the flag",
  { skip },
  async () => {
    const { code, stdout, stderr } = await runDeno([
      "--allow-read",
      "--allow-env=HOME",
      probe,
    ], EMULATOR_ENV);
    assert.equal(code, 0, stderr);
    // Where the requests would go: production, as the variables are unreadable.
    assert.deepEqual(stdout.trim().split("\n"), [
      "https://transfer.api.globus.org/",
      "https://transfer.api.globus.org/",
    ]);
    const warnings = stderr.split("\n").filter((l) =>
      l.startsWith("globus-deno: cannot read")
    );
    assert.equal(warnings.length, 1, stderr);
    const [warning] = warnings;
    assert.match(
      warning!,
      /^globus-deno: cannot read GLOBUS_SDK_ENVIRONMENT, GLOBUS_SDK_SERVICE_URL_AUTH, GLOBUS_SDK_SERVICE_URL_TRANSFER \(no --allow-env permission for them\): any value exported there is ignored, so requests go to production Globus/,
    );
    assert.ok(
      warning!.includes(
        "run with --allow-env=HOME,GLOBUS_SDK_ENVIRONMENT,GLOBUS_SDK_SERVICE_URL_AUTH,GLOBUS_SDK_SERVICE_URL_TRANSFER,GLOBUS_SDK_HTTP_TIMEOUT (or --allow-env)",
      ),
      warning,
    );
  },
);

test(
  "with the flag the warning names, the variables are used and nothing is reported",
  { skip },
  async () => {
    const { code, stdout, stderr } = await runDeno([
      "--allow-read",
      "--allow-env=HOME,GLOBUS_SDK_ENVIRONMENT,GLOBUS_SDK_SERVICE_URL_AUTH,GLOBUS_SDK_SERVICE_URL_TRANSFER,GLOBUS_SDK_HTTP_TIMEOUT",
      probe,
    ], EMULATOR_ENV);
    assert.equal(code, 0, stderr);
    assert.deepEqual(stdout.trim().split("\n"), [
      "http://127.0.0.1:9999/transfer/",
      "http://127.0.0.1:9999/transfer/",
    ]);
    assert.doesNotMatch(stderr, /globus-deno: cannot read/);
  },
);
