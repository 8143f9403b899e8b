/**
 * An authorizer that sends no credentials.
 *
 * @module
 */
import type { Authorizer } from "../core/authorizer.ts";

/**
 * Sends no `Authorization` header (for public endpoints).
 *
 * @example Call without credentials
 * ```ts
 * import { NullAuthorizer } from "@globus-deno/sdk";
 * console.log(await new NullAuthorizer().getAuthorizationHeader()); // undefined
 * ```
 */
export class NullAuthorizer implements Authorizer {
  /**
   * No header.
   *
   * @returns `undefined`.
   */
  getAuthorizationHeader(): Promise<undefined> {
    return Promise.resolve(undefined);
  }

  /**
   * A description.
   *
   * @returns `"NullAuthorizer"`.
   */
  toString(): string {
    return "NullAuthorizer";
  }
}
