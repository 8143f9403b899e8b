/**
 * OpenID Connect id_token verification with `jose`, the way the Python SDK
 * does it: keys from the auth service's JWKS, algorithms from its OpenID
 * configuration, `aud` = the client id, 300 s of leeway, `iss` not checked.
 *
 * @module
 */
import type { JSONWebKeySet } from "jose";
import { type Clock, systemClock } from "../core/clock.ts";
import { AuthAPIError, GlobusError } from "../core/errors.ts";
import { checkOptions } from "../core/_options.ts";
import type { HttpTransport } from "../core/transport.ts";
import { loadJose } from "./_jose.ts";
import type { IdentitySetEntry } from "./auth_client.ts";
import { kernelStack } from "../core/_kernel_stack.ts";
import { checkBoolean } from "../core/_option_values.ts";

/** The fields of an OpenID configuration that verification uses. */
export interface OpenIdConfiguration {
  /** The issuer, e.g. `https://auth.globus.org`. */
  issuer?: string;
  /** Where the signing keys are published. */
  jwks_uri: string;
  /** Allowed signing algorithms (Globus: `["RS512"]`). */
  id_token_signing_alg_values_supported?: string[];
  /** Any other field. */
  [key: string]: unknown;
}

/** A JSON Web Key (for example one entry of Globus Auth's `jwk.json`). */
export interface IdTokenJwk {
  /** The key type, e.g. `RSA`. */
  kty: string;
  /** The algorithm, e.g. `RS512`. */
  alg?: string;
  /** The key id. */
  kid?: string;
  /** Any other JWK member (`n`, `e`, `use`, …). */
  [key: string]: unknown;
}

/** A JSON Web Key Set: `{ keys: [...] }`. */
export interface IdTokenJwks {
  /** The keys. */
  keys: IdTokenJwk[];
}

/** The claims of a verified Globus id_token. */
export interface IdTokenClaims {
  /** The primary identity id. */
  sub: string;
  /** The client id the token was issued to. */
  aud: string | string[];
  /** The issuer (`https://auth.globus.org`). */
  iss?: string;
  /** Expiry, in seconds since the epoch. */
  exp?: number;
  /** Issue time, in seconds since the epoch. */
  iat?: number;
  /** The primary identity's username. */
  preferred_username?: string;
  /** The display name. */
  name?: string;
  /** The email address. */
  email?: string;
  /** The identities in the session. */
  identity_set?: IdentitySetEntry[];
  /** The primary identity's organization. */
  organization?: string | null;
  /** The primary identity's identity provider id. */
  identity_provider?: string;
  /** The primary identity's identity provider name, e.g. `Globus ID`. */
  identity_provider_display_name?: string;
  /**
   * When the primary identity last authenticated, in seconds since the
   * epoch.
   */
  last_authentication?: number | null;
  /** Any other claim. */
  [key: string]: unknown;
}

/** Options for `decodeIdToken()`. */
export interface DecodeIdTokenOptions {
  /**
   * The OpenID configuration to use instead of fetching
   * `{auth}/.well-known/openid-configuration`.
   */
  openidConfiguration?: OpenIdConfiguration | undefined;
  /**
   * The signing key instead of fetching `jwks_uri`: a JWK or key set (JWKS)
   * as `getJwk()` returns it, or a PEM public key (`getJwk(…, { asPem:
   * true })`, the Python SDK's `get_jwk(as_pem=True)`).
   */
  jwk?: IdTokenJwk | IdTokenJwks | string | undefined;
  /**
   * The expected audience.
   * @default {the id of the client that got the tokens}
   */
  audience?: string | undefined;
  /**
   * Leeway for `exp`/`iat`/`nbf`, in seconds.
   * @default {300}
   */
  clockToleranceSeconds?: number | undefined;
  /**
   * `false` accepts an expired id_token (its other claims and signature are
   * still checked): the Python SDK's `jwt_params={"verify_exp": False}`.
   * @default {true}
   */
  verifyExp?: boolean | null | undefined;
  /** Aborts fetching the configuration or keys. */
  signal?: AbortSignal | undefined;
}

/**
 * The id_token could not be verified (bad signature, wrong audience,
 * expired, unknown algorithm, malformed). `code` is jose's error code,
 * e.g. `ERR_JWT_EXPIRED`; the original error is in `cause`.
 *
 * @example An id_token issued to another client is rejected
 * ```ts
 * import { IdTokenVerificationError, NativeAppAuthClient, TUTORIAL_CLIENT_ID } from "@globus-deno/sdk";
 * import { startEmulator } from "@globus-deno/sdk/testing";
 * const emulator = await startEmulator();
 * const client = new NativeAppAuthClient(TUTORIAL_CLIENT_ID, { baseUrl: emulator.authUrl });
 * client.oauth2StartFlow({ requestedScopes: "openid" });
 * const code = await emulator.approve(client.oauth2GetAuthorizeUrl());
 * const tokens = await client.oauth2ExchangeCodeForTokens(code);
 * try {
 *   await tokens.decodeIdToken({ audience: "some-other-client-id" });
 * } catch (e) {
 *   if (!(e instanceof IdTokenVerificationError)) throw e;
 *   console.log(e.code); // ERR_JWT_CLAIM_VALIDATION_FAILED
 * } finally {
 *   await emulator.close();
 * }
 * ```
 */
export class IdTokenVerificationError extends GlobusError {
  /** jose's error code, e.g. `ERR_JWS_SIGNATURE_VERIFICATION_FAILED`. */
  readonly code: string;

  /**
   * Creates the error.
   *
   * @param message What failed.
   * @param code jose's error code.
   * @param cause The original error.
   */
  constructor(message: string, code: string, cause?: unknown) {
    super(message, { cause });
    this.code = code;
  }
}

/** What verification needs from the client that got the tokens. */
export interface IdTokenContext {
  /** The auth service base URL, with a trailing slash. */
  authBaseUrl: string;
  /** The transport that fetches the configuration and keys. */
  transport: HttpTransport;
  /** The clock for `currentDate`. */
  clock?: Clock;
  /** The client id (default audience). */
  clientId?: string;
}

const DECODE_ID_TOKEN_OPTIONS = [
  "openidConfiguration",
  "jwk",
  "audience",
  "clockToleranceSeconds",
  "verifyExp",
  "signal",
] as const;

const PEM_PUBLIC_KEY =
  /^\s*-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----\s*$/;

/** The algorithm to import a PEM key for: the token's, if allowed. */
function pemAlgorithm(alg: unknown, allowed: readonly string[]): string {
  return typeof alg === "string" && allowed.includes(alg)
    ? alg
    : allowed[0] ?? "RS512";
}

const configCache = new Map<string, Promise<OpenIdConfiguration>>();
const jwksCache = new Map<string, Promise<JSONWebKeySet>>();

/** Forgets cached OpenID configurations and key sets (for tests). */
export function clearIdTokenCaches(): void {
  configCache.clear();
  jwksCache.clear();
}

function cached<T>(
  map: Map<string, Promise<T>>,
  key: string,
  load: () => Promise<T>,
): Promise<T> {
  let p = map.get(key);
  if (!p) {
    p = load();
    map.set(key, p);
    p.catch(() => {
      if (map.get(key) === p) map.delete(key);
    });
  }
  return p;
}

async function getJson(
  transport: HttpTransport,
  url: string,
  what: string,
  signal?: AbortSignal,
): Promise<Record<string, unknown>> {
  const res = await transport.request({
    method: "GET",
    url,
    errorClass: AuthAPIError,
    authorizer: null,
    signal,
  });
  const data = res.data;
  if (!data || typeof data !== "object" || Array.isArray(data)) {
    throw new GlobusError(`GET ${url} did not return a JSON ${what}`);
  }
  return data as Record<string, unknown>;
}

/**
 * Verifies an id_token and returns its claims.
 *
 * @param idToken The compact JWT.
 * @param context The auth service, transport, clock and client id.
 * @param options Overrides; see {@linkcode DecodeIdTokenOptions}.
 * @returns The verified claims.
 * @throws {IdTokenVerificationError} When verification fails.
 * @throws {AuthAPIError} When the configuration or keys cannot be fetched.
 */
export async function verifyIdToken(
  idToken: string,
  context: IdTokenContext,
  options: DecodeIdTokenOptions = {},
): Promise<IdTokenClaims> {
  for (const key of ["jwtParams", "jwt_params"]) {
    if (options !== null && typeof options === "object" && key in options) {
      throw kernelStack(
        new TypeError(
          `decodeIdToken(): unknown option '${key}'; the Python SDK's jwt_params are options of their own here: {"leeway": n} is clockToleranceSeconds: n, {"verify_exp": False} is verifyExp: false (its other keys have no counterpart)`,
        ),
      );
    }
  }
  checkOptions("decodeIdToken()", options, DECODE_ID_TOKEN_OPTIONS);
  checkBoolean("Cannot decode the id_token", "verifyExp", options.verifyExp);
  const { jwk } = options;
  if (
    jwk !== undefined &&
    (typeof jwk === "string"
      ? !PEM_PUBLIC_KEY.test(jwk)
      : jwk === null || typeof jwk !== "object" || Array.isArray(jwk))
  ) {
    throw kernelStack(
      new TypeError(
        `decodeIdToken(): 'jwk' must be a JWK or key set (as getJwk() returns it) or a PEM public key (getJwk(config, { asPem: true })): current value is ${
          typeof jwk === "string"
            ? "a string that is not a PEM public key"
            : Array.isArray(jwk)
            ? "an array"
            : String(jwk === null ? "null" : typeof jwk)
        }`,
      ),
    );
  }
  const audience = options.audience ?? context.clientId;
  if (!audience) {
    throw new GlobusError(
      "Cannot verify the id_token without the client id: pass { audience: clientId } to decodeIdToken()",
    );
  }
  const { signal } = options;
  const base = context.authBaseUrl.endsWith("/")
    ? context.authBaseUrl
    : context.authBaseUrl + "/";
  const config = options.openidConfiguration ??
    await cached(configCache, base, async () => {
      const data = await getJson(
        context.transport,
        new URL(".well-known/openid-configuration", base).href,
        "OpenID configuration",
        signal,
      );
      if (typeof data["jwks_uri"] !== "string") {
        throw new GlobusError(
          `The OpenID configuration of ${base} has no 'jwks_uri'`,
        );
      }
      return data as OpenIdConfiguration;
    });
  if (!jwk && typeof config.jwks_uri !== "string") {
    throw kernelStack(
      new TypeError(
        "decodeIdToken(): the 'openidConfiguration' given has no 'jwks_uri' to fetch the signing keys from: pass the whole configuration (getOpenidConfiguration()), or the key as 'jwk' (getJwk())",
      ),
    );
  }
  let jwks: JSONWebKeySet | undefined;
  if (typeof jwk === "string") {
    jwks = undefined;
  } else if (jwk) {
    const given = jwk as Record<string, unknown>;
    jwks = (Array.isArray(given["keys"])
      ? given
      : { keys: [given] }) as unknown as JSONWebKeySet;
  } else {
    jwks = await cached(jwksCache, config.jwks_uri, async () => {
      const data = await getJson(
        context.transport,
        config.jwks_uri,
        "key set",
        signal,
      );
      if (!Array.isArray(data["keys"])) {
        throw new GlobusError(`${config.jwks_uri} is not a JSON Web Key Set`);
      }
      return data as unknown as JSONWebKeySet;
    });
  }
  const algorithms = config.id_token_signing_alg_values_supported ??
    ["RS512"];
  const clock = context.clock ?? systemClock;
  // Loaded on first use: jose is most of the SDK's import time otherwise,
  // and only id_token verification needs it.
  const {
    createLocalJWKSet,
    decodeJwt,
    decodeProtectedHeader,
    errors: joseErrors,
    importSPKI,
    jwtVerify,
  } = await loadJose();
  try {
    // A PEM key is imported for the token's own algorithm (one the
    // configuration allows; jwtVerify checks that again).
    const key = jwks ? createLocalJWKSet(jwks) : await importSPKI(
      (jwk as string).trim(),
      pemAlgorithm(decodeProtectedHeader(idToken).alg, algorithms),
    );
    let now = clock.now();
    if (options.verifyExp === false) {
      // Checked as of a second before it expired: every other claim
      // (nbf, iat, aud, iss) and the signature are still checked.
      const exp = decodeJwt(idToken).exp;
      if (typeof exp === "number") now = Math.min(now, (exp - 1) * 1000);
    }
    const { payload } = await jwtVerify(idToken, key, {
      algorithms,
      audience,
      clockTolerance: options.clockToleranceSeconds ?? 300,
      currentDate: new Date(now),
    });
    return payload as IdTokenClaims;
  } catch (err) {
    if (err instanceof joseErrors.JOSEError) {
      throw new IdTokenVerificationError(
        `The id_token is not valid: ${err.message} (${err.code})`,
        err.code,
        err,
      );
    }
    throw err;
  }
}
