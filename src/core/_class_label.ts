/**
 * Internal: the name messages and printing give a class. An anonymous
 * class (`new (class extends TransferClient { … })(options)`) has the name
 * `""`, and its option errors read ": unknown option 'x'" and "An option
 * of 's own"; it is named after the nearest named class it extends.
 *
 * @module
 */

/**
 * The class's name, or that of the nearest named class it extends.
 *
 * @param cls The class (e.g. `new.target`, `this.constructor`).
 * @param fallback For a value with no named class in its chain.
 * @returns E.g. `"TransferClient"`.
 */
export function classLabel(cls: unknown, fallback = "object"): string {
  for (const c of classChain(cls)) {
    const name = (c as { name?: unknown }).name;
    if (typeof name === "string" && name !== "") return name;
  }
  return fallback;
}

/** The class, then each class it extends (its constructor chain). */
function* classChain(cls: unknown): Generator<unknown> {
  for (
    let c: unknown = cls;
    typeof c === "function";
    c = Object.getPrototypeOf(c)
  ) yield c;
}

/**
 * Whether the class is, or extends, a class of this name (for a base class
 * that cannot import the subclass it asks about).
 *
 * @param cls The class (e.g. `new.target`).
 * @param name The name looked for, e.g. `"ConfidentialAppAuthClient"`.
 * @returns True when a class in its chain has that name.
 */
export function extendsNamed(cls: unknown, name: string): boolean {
  for (const c of classChain(cls)) {
    if ((c as { name?: unknown }).name === name) return true;
  }
  return false;
}
