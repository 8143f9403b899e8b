/**
 * What the Deno Jupyter kernel shows for a cell's last value, done the way
 * the kernel's `format()` does it (Deno 2.9, `ext:cli/40_jupyter.js`): the
 * value's `[Symbol.for("Jupyter.display")]()` when `in` finds it, else, after
 * probing for canvas, Vega, DataFrame (reading `schema`, `head`,
 * `toRecords`) and HTML-element look-alikes, inspect text with
 * `showHidden: true` and depth 4 (its `%o`). Runs on Node too.
 */
import { inspect } from "node:util";

const DISPLAY = Symbol.for("Jupyter.display");

/** The MIME bundle a cell ending in `value` shows. */
export async function kernelView(
  value: unknown,
): Promise<Record<string, string>> {
  const obj = value as Record<string | symbol, unknown>;
  if (
    obj !== null && typeof obj === "object" && DISPLAY in obj &&
    typeof obj[DISPLAY] === "function"
  ) {
    return await (obj[DISPLAY] as () => Record<string, string>)();
  }
  const text = () => {
    const deno = (globalThis as {
      Deno?: { inspect(v: unknown, o?: unknown): string };
    }).Deno;
    const opts = { showHidden: true, depth: 4, colors: false };
    return {
      "text/plain": deno ? deno.inspect(value, opts) : inspect(value, opts),
    };
  };
  if (obj === null || typeof obj !== "object") return text();
  // The kernel's duck-typing probes, in its order: they read fields.
  void ("toDataURL" in obj);
  void ("toSpec" in obj);
  void (obj.schema !== undefined && typeof obj.schema === "object" &&
    typeof obj.head === "function" && typeof obj.toRecords === "function");
  void ("outerHTML" in obj);
  return text();
}

/** The bundle's text and HTML joined, to look for a leaked string in both. */
export async function kernelText(value: unknown): Promise<string> {
  return Object.values(await kernelView(value)).join("\n");
}
