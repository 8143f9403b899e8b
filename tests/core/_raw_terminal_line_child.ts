/**
 * A user's program for the raw-terminal line test: its own `readline`
 * interface is open on the terminal (which puts it in raw mode, as Node's
 * REPL does) when the SDK reads a line (a login's code). Prints what the
 * SDK read and whether raw mode came back, then what its own interface
 * reads next.
 *
 * Usage: _raw_terminal_line_child.{ts,js} [paused]   (on a terminal)
 */
import process from "node:process";
import { createInterface } from "node:readline";
import { readStdinLine } from "../../src/core/runtime.ts";

const rl = createInterface({
  input: process.stdin,
  output: process.stdout,
  terminal: true,
});
rl.on("line", (line) => {
  process.stdout.write(`\nreadline took: ${JSON.stringify(line)}\n`);
  rl.close();
});
// `paused`: the program paused its interface (`rl.pause()`) before the read.
const paused = process.argv.includes("paused");
if (paused) rl.pause();
process.stdout.write(`raw: ${process.stdin.isRaw}\n`);
const reading = readStdinLine();
// The question shows once the read has begun (as a login asks, then reads
// in the same turn): typing that reached the terminal while it was still
// raw would stay in its line buffer, with `\r` for Enter.
await new Promise((resolve) => setImmediate(resolve));
process.stdout.write("Code: ");
const line = await reading;
process.stdout.write(
  `sdk read: ${JSON.stringify(line)}; raw again: ${process.stdin.isRaw}\n`,
);
if (paused) {
  process.stdout.write(`flowing: ${process.stdin.readableFlowing}\n`);
  rl.resume();
}
