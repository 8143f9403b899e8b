/** Inspect output of both runtimes (Deno's when running on Deno). */
import { inspect } from "node:util";

const deno =
  (globalThis as { Deno?: { inspect(v: unknown, o?: unknown): string } })
    .Deno;

/** Every rendering a value can leak through. */
export function renderings(value: unknown): string[] {
  const out = [
    inspect(value),
    inspect({ nested: [value] }, { depth: 10 }),
    String(value),
    JSON.stringify(value),
    JSON.stringify({ nested: value }),
  ];
  if (deno) {
    out.push(
      deno.inspect(value),
      deno.inspect({ nested: [value] }, { depth: 10 }),
    );
  }
  return out;
}
