/**
 * Internal: an authorizer that stands for another one, the one in use now
 * (an app's `getAuthorizer()`, which follows the app's tokens across
 * logins), counts as an instance of that one's class. Python's
 * `app.get_authorizer(rs)` returns the `RefreshTokenAuthorizer` itself, so a
 * ported `isinstance(authorizer, RefreshTokenAuthorizer)` check
 * (`authorizer instanceof RefreshTokenAuthorizer`) was `false` here.
 *
 * @module
 */

/** Each follower's way to its authorizer in use now. */
const FOLLOWED = new WeakMap<object, () => object | undefined>();

/** `instanceof` as it is without a `Symbol.hasInstance` of the class's. */
const ordinaryInstanceOf = Function.prototype[Symbol.hasInstance];

/**
 * Makes `follower instanceof C` follow the authorizer `current()` returns
 * (`false` while it returns `undefined`).
 *
 * @param follower The authorizer that delegates.
 * @param current The authorizer it delegates to now, if any.
 */
export function registerFollower(
  follower: object,
  current: () => object | undefined,
): void {
  FOLLOWED.set(follower, current);
}

/**
 * `value instanceof cls`, where a follower counts as an instance of its
 * authorizer's class (for the `Symbol.hasInstance` of the authorizer
 * classes; a subclass of the user's gets the same, so `instanceof` of it is
 * as usual).
 *
 * @param cls The class.
 * @param value The value.
 * @returns Whether `value` (or the authorizer it follows now) is a `cls`.
 */
export function isInstanceOrFollower(cls: object, value: unknown): boolean {
  if (ordinaryInstanceOf.call(cls, value)) return true;
  if (typeof value !== "object" || value === null) return false;
  const current = FOLLOWED.get(value)?.();
  return current !== undefined && current !== value &&
    ordinaryInstanceOf.call(cls, current);
}
