/**
 * Child process for interrupt_test.ts: a progress line's tidy is armed
 * (as during taskWait) when an interrupt comes while a save is held (a
 * rotated refresh's tokens). The line is ended as for a program that ends
 * (its note), the program goes on until the release, then ends by SIGINT.
 */
import process from "node:process";
import {
  holdInterrupts,
  interruptIsHeld,
  tidyOnInterrupt,
} from "../../src/core/_interrupt.ts";

const disarm = tidyOnInterrupt((ending) => {
  process.stdout.write(`TIDY ending=${ending}\n`);
});
const release = holdInterrupts();
process.kill(process.pid, "SIGINT");
// Bounded: a hang, not a timing.
const until = Date.now() + 120_000;
while (!interruptIsHeld()) {
  if (Date.now() > until) throw new Error("the interrupt was not held");
  await new Promise((r) => setTimeout(r, 10));
}
process.stdout.write("SAVED\n");
release();
process.stdout.write("NOT REACHED\n");
disarm();
