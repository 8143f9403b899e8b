/**
 * An authorizer for a fixed access token.
 *
 * @module
 */
import { refuseRedacted } from "../core/_redacted_input.ts";
import type { Authorizer } from "../core/authorizer.ts";
import { DENO_INSPECT, NODE_INSPECT } from "../core/redact.ts";
import { describe, mask } from "./_inspect.ts";
import { kernelStack } from "../core/_kernel_stack.ts";
import { checkTokenArgument } from "./_token_argument.ts";
import { isInstanceOrFollower } from "./_follower.ts";
import { slipHints } from "../notebook/_slip_hints.ts";

/**
 * Sends `Authorization: Bearer <token>`. It cannot renew the token: a 401
 * is thrown as it is. The token never appears in inspect output, `String()`
 * or `JSON.stringify`.
 *
 * @example Call Transfer with a token you already have
 * ```ts
 * import { AccessTokenAuthorizer } from "@globus-deno/sdk";
 * const authorizer = new AccessTokenAuthorizer("TOKEN");
 * console.log(String(authorizer)); // AccessTokenAuthorizer {"accessToken":"[REDACTED]"}
 * ```
 */
export class AccessTokenAuthorizer implements Authorizer {
  readonly #token: string;

  /**
   * `instanceof`: also `true` for an app's authorizer
   * (`await app.getAuthorizer(rs)`) whose tokens in use now are an access
   * token without a refresh token, as Python's `app.get_authorizer(rs)`
   * returns the `AccessTokenAuthorizer` itself (`isinstance` checks).
   *
   * @param value The value checked.
   * @returns Whether it is an instance.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    return isInstanceOrFollower(this, value);
  }

  /**
   * Creates the authorizer.
   *
   * @param accessToken The access token.
   * @throws {TypeError} When the token is empty, or starts with `Bearer `.
   */
  constructor(accessToken: string) {
    checkTokenArgument(
      "Cannot create an AccessTokenAuthorizer",
      "accessToken",
      accessToken,
    );
    // A header value pasted whole would be sent as "Bearer Bearer …".
    if (/^bearer\s/i.test(accessToken.trim())) {
      throw kernelStack(
        new TypeError(
          "Cannot create an AccessTokenAuthorizer as 'accessToken' starts with 'Bearer ': pass the token alone (the authorizer adds 'Bearer ' to the header itself)",
        ),
      );
    }
    refuseRedacted(
      "Cannot create an AccessTokenAuthorizer",
      "'accessToken'",
      accessToken,
    );
    this.#token = accessToken;
    // Python's authorizer.access_token read undefined without a word.
    slipHints(this, AccessTokenAuthorizer);
  }

  /** The access token. */
  get accessToken(): string {
    return this.#token;
  }

  /**
   * The header value.
   *
   * @returns `Bearer <token>`.
   */
  getAuthorizationHeader(): Promise<string> {
    return Promise.resolve(`Bearer ${this.#token}`);
  }

  /**
   * A redacted description.
   *
   * @returns Plain data without the token.
   */
  toJSON(): Record<string, unknown> {
    return { accessToken: mask(this.#token) };
  }

  /**
   * A redacted description.
   *
   * @returns The class name and redacted fields.
   */
  toString(): string {
    return describe("AccessTokenAuthorizer", this.toJSON());
  }

  /**
   * Deno's inspect hook.
   *
   * @returns The redacted description.
   */
  [DENO_INSPECT](): string {
    return this.toString();
  }

  /**
   * Node's inspect hook.
   *
   * @returns The redacted description.
   */
  [NODE_INSPECT](): string {
    return this.toString();
  }
}
