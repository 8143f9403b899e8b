/**
 * Internal: the setter of a prototype accessor that an assignment turns
 * into the object's own field, as it would be without the accessor (a
 * subclass's field compiled as an assignment, a program's own field of a
 * name the SDK gives a hint or a default for).
 *
 * @module
 */

/**
 * A setter that makes `key` an own, enumerable, writable property.
 *
 * @param key The property's name.
 * @returns The setter.
 */
export function ownFieldSetter(
  key: string,
): (this: object, value: unknown) => void {
  return function (this: object, value: unknown): void {
    Object.defineProperty(this, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  };
}
