/**
 * Internal: in the Deno Jupyter kernel, an error the SDK throws shows the
 * notebook's frames only. The kernel prints an uncaught error's whole stack
 * under its message, and for a mistyped id or an empty code box that was
 * eight or nine lines of the SDK's own frames (`at async interruptible
 * (…/src/core/_interrupt.ts…)`, `at async UserApp.runLogin …`) and Deno's
 * (`ext:…`): the message a person needs, then a crash's look. Scripts keep
 * whole stacks (a developer reads them); in the kernel the cell's own frames
 * stay, so the line that made the call is still shown.
 *
 * @module
 */
import { lazyStack } from "./_lazy_stack.ts";
import { inJupyter } from "./runtime.ts";

/**
 * Where the package's own code lives, from this module's URL: `src/` (the
 * sources), `dist/` (Deno's bundle, whose frames read as `src/` through its
 * source map) and `esm/` (the npm build).
 */
const SDK_PREFIXES: readonly string[] = (() => {
  const m =
    /^(.*\/)(?:src\/core\/_kernel_stack\.[jt]s|dist\/[^/]+\.js|esm\/.+)$/
      .exec(import.meta.url);
  if (!m) return [];
  const root = m[1] as string;
  return [`${root}src/`, `${root}dist/`, `${root}esm/`];
})();

/**
 * The frames of the SDK's own npm dependencies (a refused code's
 * `at async tokenEndpointRequest (…/oauth4webapi/3.8.9/build/index.js…)`),
 * from Deno's npm cache or a `node_modules` folder: the SDK's insides too.
 */
const DEPENDENCY_FRAME =
  /(?:registry\.npmjs\.org|node_modules)\/(?:oauth4webapi|jose)\//;

/**
 * A stack without the SDK's frames (its npm dependencies' too) and the
 * runtime's (`ext:`, `node:`).
 *
 * @param stack The stack as V8 (and Deno's source maps) render it.
 * @returns The message lines and the other frames.
 */
export function withoutSdkFrames(stack: string): string {
  const lines = stack.split("\n");
  const first = lines.findIndex((l) => /^\s+at /.test(l));
  if (first < 0) return stack;
  const kept = lines.slice(first).filter((l) =>
    !SDK_PREFIXES.some((p) => l.includes(p)) && !DEPENDENCY_FRAME.test(l) &&
    !/\((?:ext|node):|^\s+at (?:async )?(?:ext|node):/.test(l)
  );
  return [...lines.slice(0, first), ...kept].join("\n");
}

/**
 * Inside the Deno kernel, makes `err.stack` read without the SDK's frames
 * (see the module comment); elsewhere does nothing. The stack is still
 * rendered when first read, so a message changed before then shows, and
 * writing `err.stack` works as before.
 *
 * @param err An error the SDK is about to throw.
 * @returns The same error.
 */
export function kernelStack<E>(err: E): E {
  return inJupyter() ? withoutSdkStack(err) : err;
}

/** The errors whose stack is already read without the SDK's frames. */
const trimmed = new WeakSet<object>();

/**
 * Makes `err.stack` read without the SDK's frames, wherever the code runs
 * ({@linkcode kernelStack} does it in the kernel only; the kernel's method
 * wrappers, which exist there only, call this).
 *
 * @param err An error on its way out of the SDK.
 * @returns The same error.
 */
export function withoutSdkStack<E>(err: E): E {
  if (
    SDK_PREFIXES.length === 0 || err === null || typeof err !== "object" ||
    trimmed.has(err)
  ) return err;
  // Once: an error passing out through several of the SDK's layers.
  trimmed.add(err);
  // At each read, a text written too (a caller's frames added to it).
  lazyStack(
    err,
    (s) => typeof s === "string" ? withoutSdkFrames(s) : s,
    "each read",
  );
  return err;
}
