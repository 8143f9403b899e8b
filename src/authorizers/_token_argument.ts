/**
 * Internal: the check of the token an authorizer is made with. A newcomer
 * hands it what the login gave (the whole token response, or one resource
 * server's record) where the token string belongs, or a record's
 * `refresh_token` that is `null` because the login asked for none; the
 * message says which it was and what to pass instead, without showing any
 * token.
 *
 * @module
 */
import { kernelStack } from "../core/_kernel_stack.ts";
import { describeNonObject } from "../core/_options.ts";

/** The argument checked, and the record field that holds it. */
type TokenField = "accessToken" | "refreshToken";

/** Reads a field of an object that may throw on a miss (a hinted record). */
function has(value: object, key: string): boolean {
  try {
    return key in value;
  } catch {
    return false;
  }
}

/** The resource server a record names, when it is a plain name. */
function resourceServerOf(value: object): string | undefined {
  let rs: unknown;
  try {
    rs = (value as { resource_server?: unknown }).resource_server;
  } catch {
    return undefined;
  }
  return typeof rs === "string" && /^[\w.:-]{1,100}$/.test(rs) ? rs : undefined;
}

/**
 * Throws unless `value` is a non-empty string.
 *
 * @param where e.g. `"Cannot create an AccessTokenAuthorizer"`.
 * @param field The argument's name.
 * @param value The value given.
 * @throws {TypeError} Saying what was given and what to pass.
 */
export function checkTokenArgument(
  where: string,
  field: TokenField,
  value: unknown,
): void {
  if (typeof value === "string" && value.trim() !== "") return;
  const recordField = field === "accessToken"
    ? "access_token"
    : "refresh_token";
  const use = field === "accessToken"
    ? (record: string) => `new AccessTokenAuthorizer(${record}.access_token)`
    : (record: string) =>
      `new RefreshTokenAuthorizer(${record}.refresh_token, authClient, { accessToken: ${record}.access_token, expiresAt: ${record}.expires_at_seconds })`;
  let what: string;
  if (typeof value === "string") {
    what = "is an empty string";
  } else if (value === null || value === undefined) {
    what = `is ${value === null ? "null" : "undefined"}` +
      (field === "refreshToken"
        ? ": a token record's refresh_token is null when the login asked for no refresh tokens; log in with refreshTokens: true (a UserApp: config.requestRefreshTokens: true), or use an AccessTokenAuthorizer with the access token"
        : `: pass the token itself, e.g. tokens.byResourceServer["transfer.api.globus.org"].access_token`);
  } else if (typeof value === "object" && has(value, "byResourceServer")) {
    what =
      `is a token response (every token of a login), not one token: pass the ${recordField} of the resource server the client calls, e.g. ${
        use('tokens.byResourceServer["transfer.api.globus.org"]')
      }`;
  } else if (
    typeof value === "object" &&
    (has(value, "access_token") || has(value, "refresh_token"))
  ) {
    const rs = resourceServerOf(value);
    what = `is a token record${
      rs ? ` (for ${rs})` : ""
    }, not the token: pass its ${recordField}, e.g. ${use("record")}`;
  } else {
    what = `must be a non-empty string (the token), not ${
      describeNonObject(value)
    }`;
  }
  throw kernelStack(new TypeError(`${where} as '${field}' ${what}`));
}
