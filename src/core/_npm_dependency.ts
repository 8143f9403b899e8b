/**
 * Internal: loading the SDK's npm dependencies (`oauth4webapi` for logins,
 * `jose` for id_tokens) on first use, with an error that says how to make
 * them loadable when the project's setup keeps Deno from finding them.
 *
 * @module
 */
import { GlobusError } from "./errors.ts";
import { isDeno } from "./runtime.ts";

/**
 * The fix for a dependency Deno could not load, read from its message.
 *
 * @param name The npm package.
 * @param message Deno's (or Node's) message.
 * @returns What to do, or `""` when the message says nothing known.
 */
function fixFor(name: string, message: string): string {
  if (/node_modules/.test(message) && isDeno) {
    // A package.json beside (or above) the deno.json: Deno then takes npm
    // packages from node_modules, and only `deno install` puts them there.
    return ` This project has a package.json, so Deno takes npm packages from its node_modules folder, where '${name}' is not: run \`deno install\` in the project's folder, or add "nodeModulesDir": "auto" to its deno.json.`;
  }
  if (/not a dependency/i.test(message)) {
    return ` The SDK was imported without its deno.json: import it through a deno.json that links the checkout (README, "Use it in your own project"), or run with --config /path/to/globus-deno/deno.json.`;
  }
  if (/Cannot find (package|module)/i.test(message)) {
    return ` Install the SDK's dependencies: npm install (the npm package lists '${name}' as a dependency).`;
  }
  return "";
}

/**
 * Loads an npm dependency once; a failure is not cached (a fixed setup
 * works on the next call) and is thrown as a `GlobusError` naming the package,
 * what needs it, and the fix.
 *
 * @param name The npm package.
 * @param purpose What needs it ("logins").
 * @param load The `import()` of it (a literal specifier, for bundlers).
 * @returns A loader.
 */
export function npmDependency<T>(
  name: string,
  purpose: string,
  load: () => Promise<T>,
): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    loading ??= load().catch((e: unknown) => {
      loading = undefined;
      const message = e instanceof Error ? e.message : String(e);
      // Deno's message carries a stack line ("    at file:///…") after it.
      const said = (message.split("\n")[0] ?? "").trim().replace(/\.$/, "");
      throw new GlobusError(
        `globus-deno could not load '${name}', which ${purpose} need: ${said}.${
          fixFor(name, message)
        }`,
        { cause: e },
      );
    });
}
