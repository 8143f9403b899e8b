/**
 * Internal: the Auth API's list calls (`getProjects`, `getIdentities`, …)
 * return a promise of a list document. Python's `for p in
 * ac.get_projects():` ported as `for await (const p of ac.getProjects())`,
 * as a paginator is walked, gave V8's "is not a function or its return
 * value is not async iterable" in a script (the kernel's hint is
 * kernel-only). Each such promise says to write `await` before the call.
 *
 * @module
 */
import { classLabel } from "../core/_class_label.ts";
import { kernelStack } from "../core/_kernel_stack.ts";

/** The list calls of `AuthClient` (a document that `for…of` walks). */
export const AUTH_LIST_METHODS: readonly string[] = [
  "getProjects",
  "getClients",
  "getClientCredentials",
  "getPolicies",
  "getScopes",
  "getIdentityProviders",
  "getIdentities",
  "getConsents",
];

function listHint(owner: unknown, method: string, key: symbol): string {
  const cls = classLabel(
    (owner as { constructor?: unknown } | null)?.constructor,
    "AuthClient",
  );
  const walk = key === Symbol.asyncIterator ? "for await…of" : "for…of";
  return `${cls}.${method}() was called without await, so this is its ` +
    `promise, which cannot be walked with ${walk}. Write await before the ` +
    `call and walk its result with for…of: ` +
    `for (const x of await ac.${method}(…)) …`;
}

/**
 * Wraps `cls`'s list calls so that their promises throw {@linkcode listHint}
 * when walked.
 *
 * @param cls The class (its prototype gets own wrappers of the methods).
 */
export function hintUnawaitedLists(
  cls: { readonly prototype: object },
): void {
  const proto = cls.prototype as Record<string, unknown>;
  for (const method of AUTH_LIST_METHODS) {
    const original = proto[method];
    if (typeof original !== "function") continue;
    const wrapped = function (this: unknown, ...args: unknown[]): unknown {
      const result: unknown = Reflect.apply(original, this, args);
      if (result instanceof Promise) {
        for (const key of [Symbol.asyncIterator, Symbol.iterator]) {
          Object.defineProperty(result, key, {
            enumerable: false,
            configurable: true,
            get: (): never => {
              // The walk fails here, so nobody will await the call: its own
              // failure (a 401, say) would end the process a second time as
              // an unhandled rejection, after the hint.
              result.catch(() => undefined);
              throw kernelStack(new TypeError(listHint(this, method, key)));
            },
          });
        }
      }
      return result;
    };
    Object.defineProperty(wrapped, "name", { value: method });
    Object.defineProperty(wrapped, "length", { value: original.length });
    Object.defineProperty(proto, method, {
      value: wrapped,
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
}
