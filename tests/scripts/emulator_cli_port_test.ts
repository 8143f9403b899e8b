/**
 * `deno task emulator --port N` on a port that is taken, run as a person
 * would in a terminal: it says so and what to do, and exits with status 2
 * (before, an uncaught `EADDRINUSE` error with a worker stack trace).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import process from "node:process";
import { isDeno } from "../../src/core/runtime.ts";

// On Node this runs from the npm build (npm/esm/scripts/emulator.js).
const script = fileURLToPath(
  new URL(
    isDeno ? "../../scripts/emulator.ts" : "../../scripts/emulator.js",
    import.meta.url,
  ),
);

test("the emulator CLI on a port already in use says so and how to choose another, and exits 2", async () => {
  const holder = createServer();
  await new Promise<void>((resolve) =>
    holder.listen(0, "127.0.0.1", () => resolve())
  );
  const port = (holder.address() as { port: number }).port;
  try {
    const child = spawn(process.execPath, [
      ...(isDeno ? ["run", "-A"] : []),
      script,
      "--port",
      String(port),
    ], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NO_COLOR: "1" },
    });
    let err = "";
    let out = "";
    child.stderr.on("data", (d) => (err += d));
    child.stdout.on("data", (d) => (out += d));
    const code = await new Promise<number | null>((resolve) =>
      child.on("close", (c) => resolve(c))
    );
    assert.equal(code, 2, err);
    assert.equal(
      err.trim(),
      `Cannot start the emulator: port ${port} on 127.0.0.1 is in use (another emulator, or another program, listens there). Stop it, choose another --port, or leave --port out for a free one.`,
    );
    assert.equal(out, "");
  } finally {
    await new Promise((resolve) => holder.close(resolve));
  }
});
