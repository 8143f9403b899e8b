/**
 * A program for emulator_thread_test.ts: starts an emulator with
 * `startEmulator()`, logs in with the command-line flow, and reads the code
 * while blocking its own thread — `prompt()` (argument `prompt`, Deno, in a
 * terminal) or a synchronous read of standard input (argument `read`:
 * `Deno.stdin.readSync` / `fs.readSync(0)`). Prints `EMULATOR <url>` before
 * the link, and `LOGGED IN <resource servers>` at the end.
 *
 * @module
 */
import { openSync, readSync } from "node:fs";
import process from "node:process";
import { UserApp } from "../../src/app/user_app.ts";
import { startEmulator } from "../../src/testing/emulator.ts";

// deno-lint-ignore no-explicit-any
const D = (globalThis as any).Deno;
const mode = (D ? D.args[0] : process.argv[2]) ?? "read";

function out(text: string): void {
  // Synchronous writes, so everything is out before the thread blocks.
  if (D) D.stdout.writeSync(new TextEncoder().encode(text));
  else process.stdout.write(text);
}

let stdinFd: number | undefined;

/**
 * `fs.readSync` on standard input. Node may have made fd 0 non-blocking
 * (`EAGAIN`), so read a fresh, blocking open of the same pipe; where that is
 * not possible, sleep the thread between tries — blocked either way.
 */
function nodeReadSync(buf: Uint8Array): number {
  if (stdinFd === undefined) {
    try {
      stdinFd = openSync("/dev/stdin", "r");
    } catch {
      stdinFd = 0;
    }
  }
  for (;;) {
    try {
      return readSync(stdinFd, buf);
    } catch (e) {
      if ((e as { code?: string }).code !== "EAGAIN") throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
}

/** Reads one line while blocking this thread. */
function blockingLine(message: string): string | null {
  if (mode === "prompt") return globalThis.prompt(message);
  out(message + " ");
  const bytes: number[] = [];
  const buf = new Uint8Array(1);
  for (;;) {
    const n: number | null = D ? D.stdin.readSync(buf) : nodeReadSync(buf);
    if (!n) break;
    if (buf[0] === 10) return new TextDecoder().decode(new Uint8Array(bytes));
    bytes.push(buf[0]!);
  }
  return bytes.length ? new TextDecoder().decode(new Uint8Array(bytes)) : null;
}

const emu = await startEmulator();
try {
  const app = new UserApp({
    appName: "blocked caller",
    clientId: emu.nativeClientId,
    config: {
      loginFlowManager: "command-line",
      tokenStorage: "memory",
      authBaseUrl: emu.authUrl,
      write: (text) => out(`EMULATOR ${emu.url}\n${text}`),
      prompt: (message) => Promise.resolve(blockingLine(message)),
    },
  });
  await app.login();
  const tokens = await app.tokenStorage.getTokenDataByResourceServer();
  out(`\nLOGGED IN ${Object.keys(tokens).sort().join(" ")}\n`);
} finally {
  await emu.close();
}
