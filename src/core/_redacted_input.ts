/**
 * Internal: refuses the redaction placeholder where a token is taken in.
 * A token response's `JSON.stringify()`, `String()` and `console.log()`
 * write `"[REDACTED]"` for each token; a script that saved one that way and
 * read it back handed the placeholder to an authorizer, which sent it, and
 * Globus answered `401 … Token is not valid`, far from the cause.
 *
 * @module
 */
import { REDACTED } from "./redact.ts";
import { kernelStack } from "./_kernel_stack.ts";

/** How to get the real tokens, said with every refusal. */
const WHERE_TOKENS_ARE =
  `read the token itself by name (tokens.byResourceServer["transfer.api.globus.org"].access_token), and save a token response with a token storage (new JSONTokenStorage(path).storeTokenResponse(tokens)): JSON.stringify(tokens) writes no tokens`;

/**
 * Throws when `value` is (or holds) the redaction placeholder.
 *
 * @param where The call, e.g. `"Cannot create an AccessTokenAuthorizer"`.
 * @param field The argument or field, e.g. `'accessToken'`.
 * @param value The value given.
 * @throws {TypeError} Naming the placeholder and where the token is.
 */
export function refuseRedacted(
  where: string,
  field: string,
  value: unknown,
): void {
  if (typeof value !== "string" || !value.includes(REDACTED)) return;
  throw kernelStack(
    new TypeError(
      `${where} as ${field} is "${REDACTED}", the placeholder the SDK prints instead of a token (console.log, String() and JSON.stringify() of a token response write it): ${WHERE_TOKENS_ARE}`,
    ),
  );
}

/**
 * Throws when a token record to be stored holds the placeholder as its
 * access or refresh token.
 *
 * @param byResourceServer The records, by resource server.
 * @throws {TypeError} Naming the resource server and the field.
 */
export function refuseRedactedRecords(
  byResourceServer: Readonly<Record<string, unknown>>,
): void {
  for (const [rs, record] of Object.entries(byResourceServer)) {
    if (record === null || typeof record !== "object") continue;
    for (const field of ["access_token", "refresh_token"]) {
      refuseRedacted(
        `Cannot store the tokens for '${rs}'`,
        `'${field}'`,
        (record as Record<string, unknown>)[field],
      );
    }
  }
}
