/**
 * The emulator's signing key: one RS512 key pair per process (generated on
 * first use), its JWKS, and id_token signing with `jose`.
 *
 * @module
 */
import { createHash, randomBytes } from "node:crypto";
import { exportJWK, generateKeyPair, importJWK, SignJWT } from "jose";

/** The key used to sign id_tokens, and its public JWKS. */
export interface SigningKeys {
  /** The key id (`kid`) in the JWKS and in token headers. */
  kid: string;
  /** The private key. */
  privateKey: CryptoKey;
  /** The public JWKS document (`{keys: [...]}`). */
  jwks: { keys: Record<string, unknown>[] };
}

let cached: Promise<SigningKeys> | undefined;

/**
 * Returns the process-wide signing keys, generating them on first use.
 *
 * @returns The keys.
 */
export function getSigningKeys(): Promise<SigningKeys> {
  cached ??= (async () => {
    const { privateKey, publicKey } = await generateKeyPair("RS512", {
      modulusLength: 2048,
      extractable: true,
    });
    const kid = randomBytes(8).toString("hex");
    const jwk = await exportJWK(publicKey);
    return {
      kid,
      privateKey,
      jwks: { keys: [{ ...jwk, alg: "RS512", use: "sig", kid }] },
    };
  })();
  return cached;
}

/** The signing keys in a form that crosses a thread (the private key as a JWK). */
export interface PortableSigningKeys {
  /** The key id. */
  kid: string;
  /** The private key as a JWK. */
  privateJwk: Record<string, unknown>;
  /** The public JWKS document. */
  jwks: { keys: Record<string, unknown>[] };
}

/**
 * The process-wide signing keys as plain data, so a worker thread can use
 * the same keys instead of generating its own (about 100 ms each).
 *
 * @returns The keys, the private one as a JWK.
 */
export async function exportSigningKeys(): Promise<PortableSigningKeys> {
  const keys = await getSigningKeys();
  return {
    kid: keys.kid,
    privateJwk: { ...(await exportJWK(keys.privateKey)) },
    jwks: keys.jwks,
  };
}

/**
 * Makes this thread use keys exported by {@linkcode exportSigningKeys}
 * (before anything signs).
 *
 * @param keys The exported keys.
 */
export function adoptSigningKeys(keys: PortableSigningKeys): void {
  cached = (async () => ({
    kid: keys.kid,
    privateKey: await importJWK(keys.privateJwk, "RS512") as CryptoKey,
    jwks: keys.jwks,
  }))();
}

/**
 * Signs an id_token.
 *
 * @param keys The signing keys.
 * @param claims The claims (`iss`, `aud`, `sub`, `iat`, `exp`, …).
 * @returns The compact JWT.
 */
export function signIdToken(
  keys: SigningKeys,
  claims: Record<string, unknown>,
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "RS512", typ: "JWT", kid: keys.kid })
    .sign(keys.privateKey);
}

/**
 * The OpenID `at_hash` of an access token for RS512: base64url of the left
 * half of its SHA-512.
 *
 * @param accessToken The access token.
 * @returns The hash.
 */
export function atHash(accessToken: string): string {
  const d = createHash("sha512").update(accessToken, "ascii").digest();
  return d.subarray(0, d.length / 2).toString("base64url");
}
