/**
 * Emulator tokens never land in the real token file: with the emulator's
 * `env` (GLOBUS_SDK_ENVIRONMENT=emulator and the service URLs), a UserApp
 * keeps its tokens in `~/.globus/app/{clientId}/{app}/emulator-tokens.json`,
 * the name the Python SDK uses for that environment, and never writes
 * `tokens.json`. Run out of process with HOME set to a temporary folder
 * (Deno-only: started with Deno.Command, see docs/decisions.md).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { isDeno } from "../../src/core/runtime.ts";
import { startEmulator } from "../../src/testing/emulator.ts";

// deno-lint-ignore no-explicit-any
const D = (globalThis as any).Deno;

test(
  "a UserApp pointed at the emulator writes emulator-tokens.json, not tokens.json",
  {
    skip: !isDeno ? "Deno-only: starts a Deno child with Deno.Command" : false,
  },
  async () => {
    const emu = await startEmulator();
    const home = await mkdtemp(join(tmpdir(), "globus-deno-emu-home-"));
    try {
      assert.equal(emu.env.GLOBUS_SDK_ENVIRONMENT, "emulator");
      const probe = fileURLToPath(
        new URL("./_emulator_app_probe.ts", import.meta.url),
      );
      const env: Record<string, string> = {
        ...emu.env,
        HOME: home,
        GLOBUS_EMULATOR_URL: emu.url,
        PATH: process.env.PATH ?? "",
      };
      // The real Deno cache, so the temporary HOME doesn't re-download packages.
      const info = await new D.Command(D.execPath(), {
        args: ["info", "--json"],
        stdout: "piped",
        stderr: "null",
      }).output();
      const denoDir = process.env.DENO_DIR ??
        JSON.parse(new TextDecoder().decode(info.stdout)).denoDir;
      if (denoDir) env.DENO_DIR = denoDir;
      const out = await new D.Command(D.execPath(), {
        args: [
          "run",
          "--no-prompt",
          "--allow-read",
          "--allow-write",
          "--allow-net=127.0.0.1",
          "--allow-env",
          probe,
          emu.nativeClientId,
          emu.collections.tutorial1,
        ],
        env,
        clearEnv: true,
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).output();
      const stdout = new TextDecoder().decode(out.stdout);
      const stderr = new TextDecoder().decode(out.stderr);
      assert.equal(out.code, 0, stdout + stderr);
      const result = JSON.parse(stdout.trim().split("\n").at(-1)!);
      assert.equal(result.environment, "emulator");
      assert.ok(result.entries > 0, stdout);

      const dir = join(
        home,
        ".globus",
        "app",
        emu.nativeClientId,
        "emulator-token-probe",
      );
      assert.deepEqual(await readdir(dir), ["emulator-tokens.json"]);
      const saved = JSON.parse(
        await readFile(join(dir, "emulator-tokens.json"), "utf8"),
      );
      assert.ok(saved.data.DEFAULT["transfer.api.globus.org"]?.access_token);
    } finally {
      await emu.close();
      await rm(home, { recursive: true, force: true });
    }
  },
);
