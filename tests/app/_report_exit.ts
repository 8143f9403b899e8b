/**
 * Runs a program under the runtime running this file (Deno: `deno run -A
 * --no-prompt`; Node: `node`) on the same terminal, and prints how it
 * ended: `EXITED code=<n|null> signal=<name|null>`, right after whatever
 * the program printed last (no newline of its own before it). A shell
 * shows 130 both for a program killed by SIGINT and for one that called
 * `exit(130)`; this tells them apart. The terminal's Ctrl-C reaches this
 * process too: it keeps waiting for the program instead of ending.
 *
 * Usage: _report_exit.{ts,js} <program> [args…]
 */
import { spawn } from "node:child_process";
import process from "node:process";

// deno-lint-ignore no-explicit-any
const D = (globalThis as any).Deno;

process.on("SIGINT", () => {});
const [program, ...args] = process.argv.slice(2);
if (program === undefined) {
  throw new Error("usage: _report_exit <program> [args…]");
}
const cmd: string[] = D
  ? [D.execPath(), "run", "-A", "--no-prompt", program, ...args]
  : [process.execPath, program, ...args];
const child = spawn(cmd[0]!, cmd.slice(1), { stdio: "inherit" });
child.on("exit", (code, signal) => {
  process.stdout.write(`EXITED code=${code} signal=${signal}\n`);
  process.exit(0);
});
