/**
 * The app's `config.idTokenDecoder` (the Python SDK's `IDTokenDecoder`):
 * its check, and the identity id it reads from a login's id_token.
 *
 * @module
 */
import type { OAuthTokenResponse } from "../auth/token_response.ts";
import { GlobusError } from "../core/errors.ts";
import { kernelStack } from "../core/_kernel_stack.ts";
import type { TokenResponseLike } from "../tokens/token_storage.ts";

/**
 * Decodes the id_token of a login's token response (the Python SDK's
 * `IDTokenDecoder`); the app stores the tokens under its `sub` claim (the
 * identity id). It may verify the token and throw to reject it.
 */
export interface IdTokenDecoder {
  /**
   * Decodes (and perhaps verifies) an id_token.
   *
   * @param idToken The compact JWT.
   * @returns Its claims, with `sub`.
   */
  decode(
    idToken: string,
  ): Record<string, unknown> | Promise<Record<string, unknown>>;
}

/**
 * `config.idTokenDecoder`, checked.
 *
 * @param decoder As given.
 * @returns It, or `undefined`.
 * @throws {TypeError} When it is not an object with a `decode` method.
 */
export function checkIdTokenDecoder(
  decoder: unknown,
): IdTokenDecoder | undefined {
  if (
    decoder !== undefined &&
    (decoder === null || typeof decoder !== "object" ||
      typeof (decoder as { decode?: unknown }).decode !== "function")
  ) {
    throw kernelStack(
      new TypeError(
        `Cannot create the app as 'config.idTokenDecoder' must be an object with a decode(idToken) method returning the id_token's claims: current value is ${
          decoder === null ? "null" : typeof decoder
        }`,
      ),
    );
  }
  return decoder as IdTokenDecoder | undefined;
}

/**
 * The response with the identity id the configured decoder reads from its
 * id_token (the response itself without a decoder or an id_token).
 *
 * @param decoder `config.idTokenDecoder`.
 * @param response A login's token response.
 * @returns What the app stores.
 * @throws {GlobusError} When the decoder gives no `sub` claim.
 */
export async function withDecodedIdentity(
  decoder: IdTokenDecoder | undefined,
  response: OAuthTokenResponse,
): Promise<TokenResponseLike> {
  if (!decoder) return response;
  const data = response.data as unknown;
  const idToken = data && typeof data === "object"
    ? (data as Record<string, unknown>)["id_token"]
    : undefined;
  if (typeof idToken !== "string") return response;
  const claims = await decoder.decode(idToken);
  const sub = claims && typeof claims === "object"
    ? (claims as Record<string, unknown>)["sub"]
    : undefined;
  if (typeof sub !== "string" || sub === "") {
    throw new GlobusError(
      "Cannot store the login's tokens as config.idTokenDecoder.decode() returned no 'sub' claim: it must return the id_token's claims, whose 'sub' (a non-empty string) is the identity id",
    );
  }
  return {
    byResourceServer: response.byResourceServer,
    data: response.data,
    identityId: sub,
  };
}
