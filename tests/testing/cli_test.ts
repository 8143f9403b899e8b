import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import process from "node:process";
import { mkdtemp, open, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NativeAppAuthClient } from "../../src/auth/native_client.ts";
import { TUTORIAL_CLIENT_ID } from "../../src/auth/constants.ts";
import { TransferScopes } from "../../src/auth/scopes.ts";
import { isDeno } from "../../src/core/runtime.ts";

// On Node this runs from the npm build, where scripts/build_npm.ts compiles
// scripts/emulator.ts next to the tests (npm/esm/scripts/emulator.js).
const script = fileURLToPath(
  new URL(
    isDeno ? "../../scripts/emulator.ts" : "../../scripts/emulator.js",
    import.meta.url,
  ),
);

test("the CLI prints the service URL exports, serves, and stops on SIGINT", async () => {
  const child = spawn(process.execPath, [
    ...(isDeno ? ["run", "-A"] : []),
    script,
    "--port",
    "0",
    "--retry-after",
    "0",
  ], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stderr.on("data", (d) => (err += d));
  const exited = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => resolve(code))
  );
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (d) => {
        out += d;
        if (out.includes("GLOBUS_SDK_SERVICE_URL_TRANSFER")) resolve();
      });
      child.on("exit", () => reject(new Error(`CLI exited early: ${err}`)));
    });
    const auth = out.match(
      /^export GLOBUS_SDK_SERVICE_URL_AUTH=(http:\/\/127\.0\.0\.1:\d+\/auth\/)$/m,
    )?.[1];
    const transfer = out.match(
      /^export GLOBUS_SDK_SERVICE_URL_TRANSFER=(http:\/\/127\.0\.0\.1:\d+\/transfer\/)$/m,
    )?.[1];
    assert.ok(auth && transfer, out);
    // Its own environment name keeps emulator tokens out of tokens.json.
    assert.match(out, /^export GLOBUS_SDK_ENVIRONMENT=emulator$/m);
    const conf = await (await fetch(`${auth}.well-known/openid-configuration`))
      .json();
    assert.equal(conf.issuer, auth.replace(/\/$/, ""));
  } finally {
    child.kill("SIGINT");
    await exited;
  }
  assert.ok(err.includes("stopped"), err);
});

/**
 * Runs the CLI with standard output captured (as `eval "$(…)"` does) from
 * `cwd`, until it says it serves; stops it and returns its stderr.
 */
async function stderrWhenCaptured(cwd?: string): Promise<string> {
  const child = spawn(process.execPath, [
    ...(isDeno ? ["run", "-A"] : []),
    script,
    "--port",
    "0",
  ], {
    ...(cwd === undefined ? {} : { cwd }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  child.stderr.on("data", (d) => (err += d));
  // "close": the process ended and all its output was read.
  const closed = new Promise<void>((resolve) =>
    child.on("close", () => resolve())
  );
  await new Promise<void>((resolve) => {
    child.stderr.on("data", () => {
      if (err.includes("press Ctrl-C to stop")) resolve();
    });
    child.on("close", () => resolve());
  });
  child.kill("SIGINT");
  await closed;
  return err;
}

test('with standard output captured (eval "$(deno task emulator)"), it says on stderr that the command does not end, and shows the exports there', async () => {
  const err = await stderrWhenCaptured();
  assert.match(err, /eval "\$\(deno task emulator\)"` never returns/);
  assert.match(
    err,
    /^export GLOBUS_SDK_SERVICE_URL_AUTH=http:\/\/127\.0\.0\.1:\d+\/auth\/$/m,
  );
  assert.match(err, /^export GLOBUS_SDK_ENVIRONMENT=emulator$/m);
});

test(
  "outside the checkout, that hint names the command that works there (deno task emulator does not)",
  { skip: isDeno ? false : "people run the TypeScript script with Deno" },
  async () => {
    const elsewhere = await mkdtemp(join(tmpdir(), "emulator-cli-cwd-"));
    try {
      const err = await stderrWhenCaptured(elsewhere);
      const shown = err.match(/or: `(deno run -A \S+) > emulator\.env &`/)?.[1];
      assert.ok(shown, err);
      assert.doesNotMatch(err, /deno task emulator/);
      // The path is the script's: absolute from a folder outside the
      // checkout (not ../../../work/main/scripts/emulator.ts).
      const path = shown.slice("deno run -A ".length);
      assert.equal(path, script);
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  },
);

test("with standard output sent to a file (> emulator.env, as the README says), no warning: the exports are in the file", async () => {
  const dir = await mkdtemp(join(tmpdir(), "emulator-cli-file-"));
  try {
    const envFile = join(dir, "emulator.env");
    const out = await open(envFile, "w");
    const child = spawn(process.execPath, [
      ...(isDeno ? ["run", "-A"] : []),
      script,
      "--port",
      "0",
    ], { stdio: ["ignore", out.fd, "pipe"] });
    let err = "";
    const closed = new Promise<void>((resolve) =>
      child.on("close", () => resolve())
    );
    await new Promise<void>((resolve) => {
      child.stderr!.on("data", (d) => {
        err += d;
        if (err.includes("press Ctrl-C to stop")) resolve();
      });
      child.on("close", () => resolve());
    });
    child.kill("SIGINT");
    await closed;
    await out.close();
    assert.doesNotMatch(err, /never returns/);
    const env = await readFile(envFile, "utf8");
    assert.match(env, /^export GLOBUS_SDK_ENVIRONMENT=emulator$/m);
    // What the tutorial notebooks read too (05 and 06 stopped at "Set
    // MAPPED_COLLECTION_ID" with only the SDK's three variables).
    const mapped = err.match(/ mapped=(\S+)/)?.[1];
    assert.ok(mapped, err);
    assert.match(
      env,
      new RegExp(`^export GLOBUS_EMULATOR_MAPPED_COLLECTION=${mapped}$`, "m"),
    );
    assert.match(
      env,
      /^export GLOBUS_EMULATOR_URL=http:\/\/127\.0\.0\.1:\d+$/m,
    );
    assert.match(env, /^export GLOBUS_EMULATOR_ROOT=\S+$/m);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

/** Starts the CLI with `args`; resolves its auth URL once it serves. */
async function startCli(
  args: string[],
): Promise<{ auth: string; err: () => string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [
    ...(isDeno ? ["run", "-A"] : []),
    script,
    "--port",
    "0",
    ...args,
  ], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stderr.on("data", (d) => (err += d));
  const exited = new Promise<void>((resolve) =>
    child.on("exit", () => resolve())
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (d) => {
      out += d;
      if (out.includes("GLOBUS_SDK_SERVICE_URL_TRANSFER")) resolve();
    });
    child.on("exit", () => reject(new Error(`CLI exited early: ${err}`)));
  });
  const auth = out.match(/^export GLOBUS_SDK_SERVICE_URL_AUTH=(\S+)$/m)![1]!;
  return {
    auth,
    err: () => err,
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

test("--state FILE: a restarted emulator still accepts the tokens it issued before (token files keep working)", async () => {
  const dir = await mkdtemp(join(tmpdir(), "emulator-state-"));
  const state = join(dir, "state.json");
  try {
    const first = await startCli(["--state", state]);
    let refreshToken: string;
    try {
      const client = new NativeAppAuthClient(TUTORIAL_CLIENT_ID, {
        baseUrl: first.auth,
      });
      client.oauth2StartFlow({
        requestedScopes: TransferScopes.all,
        refreshTokens: true,
      });
      const approved = await (await fetch(
        `${first.auth.replace(/\/auth\/$/, "")}/_emulator/approve`,
        {
          method: "POST",
          body: JSON.stringify({
            authorize_url: client.oauth2GetAuthorizeUrl(),
          }),
        },
      )).json();
      const tokens = await client.oauth2ExchangeCodeForTokens(approved.code);
      refreshToken = tokens.byResourceServer["transfer.api.globus.org"]!
        .refresh_token!;
    } finally {
      await first.stop();
    }
    // Stopped and started again (another port): the refresh token works.
    const second = await startCli(["--state", state]);
    try {
      const again = await new NativeAppAuthClient(TUTORIAL_CLIENT_ID, {
        baseUrl: second.auth,
      }).oauth2RefreshToken(refreshToken);
      assert.ok(again.byResourceServer["transfer.api.globus.org"]);
    } finally {
      await second.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
