/**
 * An authorizer for HTTP Basic credentials.
 *
 * @module
 */
import type { Authorizer } from "../core/authorizer.ts";
import { DENO_INSPECT, NODE_INSPECT, REDACTED } from "../core/redact.ts";
import { describe } from "./_inspect.ts";
import { kernelStack } from "../core/_kernel_stack.ts";

/**
 * Sends `Authorization: Basic base64(username:password)` (UTF-8), as the
 * Python SDK's `BasicAuthorizer`. The password never appears in inspect
 * output, `String()` or `JSON.stringify`.
 *
 * @example Authenticate as a client
 * ```ts
 * import { BasicAuthorizer } from "@globus-deno/sdk";
 * const authorizer = new BasicAuthorizer("client-id", "secret");
 * console.log(await authorizer.getAuthorizationHeader());
 * ```
 */
export class BasicAuthorizer implements Authorizer {
  /** The username (for a Globus app: its client id). */
  readonly username: string;
  readonly #header: string;

  /**
   * Creates the authorizer.
   *
   * @param username The username.
   * @param password The password (for a Globus app: its secret).
   * @throws {TypeError} When either is not a string, or the username holds ':'.
   */
  constructor(username: string, password: string) {
    if (typeof username !== "string" || typeof password !== "string") {
      throw kernelStack(
        new TypeError(
          "Cannot create a BasicAuthorizer as 'username' and 'password' must be strings",
        ),
      );
    }
    if (username.includes(":")) {
      throw kernelStack(
        new TypeError(
          "Cannot create a BasicAuthorizer as 'username' must not contain ':'",
        ),
      );
    }
    this.username = username;
    const bytes = new TextEncoder().encode(`${username}:${password}`);
    let binary = "";
    for (const b of bytes) binary += String.fromCharCode(b);
    this.#header = `Basic ${btoa(binary)}`;
  }

  /**
   * The header value.
   *
   * @returns `Basic <base64>`.
   */
  getAuthorizationHeader(): Promise<string> {
    return Promise.resolve(this.#header);
  }

  /**
   * A redacted description.
   *
   * @returns Plain data without the password.
   */
  toJSON(): Record<string, unknown> {
    return { username: this.username, password: REDACTED };
  }

  /**
   * A redacted description.
   *
   * @returns The class name and redacted fields.
   */
  toString(): string {
    return describe("BasicAuthorizer", this.toJSON());
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
