/**
 * `getOpenidConfiguration()` and `getJwk()`, shared by `AuthClient` and the
 * login clients (the Python SDK has one copy in each).
 *
 * @module
 */
import type { BaseClient } from "../core/base_client.ts";
import { AuthAPIError } from "../core/errors.ts";
import { GlobusHTTPResponse } from "../core/response.ts";
import { parseResponse } from "../core/validate.ts";
import { withPythonReads } from "../core/_python_reads.ts";
import { redactUrl } from "../core/redact.ts";
import type {
  AuthJwks,
  OpenIdConfigurationDocument,
} from "./auth_developer_types.ts";
import { JwksSchema, OpenIdConfigurationSchema } from "./_developer_schemas.ts";
import { loadJose } from "./_jose.ts";
import { kernelStack } from "../core/_kernel_stack.ts";
import { checkBoolean } from "../core/_option_values.ts";

/** Options for `getJwk()`. */
export interface GetJwkOptions {
  /**
   * Return the first key as a PEM-encoded public key (SPKI) instead of the
   * key set, as the Python SDK's `as_pem=True` returns a key object.
   * @default {false}
   */
  asPem?: boolean | undefined;
  /** Aborts the requests. */
  signal?: AbortSignal | undefined;
}

/** Names of `getJwk()`'s options, and the Python SDK's for them. */
const JWK_OPTION_KEYS = ["asPem", "as_pem", "signal"];

/**
 * Refuses options given as `getJwk()`'s first argument, where the OpenID
 * configuration belongs: Python's `get_jwk(as_pem=True)` ported as
 * `getJwk({ asPem: true })` read the options as a configuration and said it
 * had no `jwks_uri`.
 *
 * @param config The first argument as given.
 * @throws {TypeError} Naming `getJwk(undefined, { asPem: true })`.
 */
function checkNotOptions(config: unknown): void {
  if (
    config === null || typeof config !== "object" ||
    config instanceof GlobusHTTPResponse || "jwks_uri" in config
  ) return;
  const keys = Object.keys(config).filter((k) => JWK_OPTION_KEYS.includes(k));
  if (keys.length === 0) return;
  const snake = keys.includes("as_pem")
    ? " (options are camelCase here: as_pem is asPem)"
    : "";
  throw kernelStack(
    new TypeError(
      `Cannot call getJwk() with its options (${
        keys.map((k) => `'${k}'`).join(", ")
      }) in the first argument's place, where the OpenID configuration goes: write getJwk(undefined, { asPem: true }) to fetch the configuration and return the key as PEM, or getJwk(await getOpenidConfiguration(), { asPem: true })${snake} (the Python SDK's keyword arguments, and its positional ones after the first, are named options here)`,
    ),
  );
}

/**
 * Fetches `{auth}/.well-known/openid-configuration`.
 *
 * @param client The client (its base URL and transport are used).
 * @param signal Aborts the request.
 * @returns The configuration.
 */
export async function fetchOpenidConfiguration(
  client: BaseClient,
  signal: AbortSignal | undefined,
): Promise<OpenIdConfigurationDocument> {
  const res = await client.get(".well-known/openid-configuration", {
    automaticAuthorization: false,
    signal,
  });
  return withPythonReads(
    parseResponse(
      OpenIdConfigurationSchema,
      res.data,
      "OpenID configuration",
      `GET ${redactUrl(res.url)}`,
    ),
    res.httpStatus,
    res.headers,
  );
}

/**
 * Fetches the JWK set named by the OpenID configuration's `jwks_uri`.
 *
 * @param client The client.
 * @param config The configuration (fetched when `undefined`).
 * @param options `asPem`, `signal`.
 * @returns The key set, or the first key as PEM.
 */
export async function fetchJwk(
  client: BaseClient,
  config:
    | OpenIdConfigurationDocument
    | GlobusHTTPResponse
    | Record<string, unknown>
    | undefined,
  options: GetJwkOptions,
): Promise<AuthJwks | string> {
  checkNotOptions(config);
  // `asPem: "false"` returned the key as PEM; checked before the requests.
  const asPem = checkBoolean("Cannot call getJwk()", "asPem", options.asPem);
  const doc = config === undefined
    ? await fetchOpenidConfiguration(client, options.signal)
    : config instanceof GlobusHTTPResponse
    ? config.data
    : config;
  const uri = (doc as Record<string, unknown> | null)?.["jwks_uri"];
  if (typeof uri !== "string" || uri === "") {
    throw kernelStack(
      new TypeError(
        "Cannot call getJwk() as the OpenID configuration given has no 'jwks_uri': pass the result of getOpenidConfiguration(), or nothing to fetch it",
      ),
    );
  }
  // No credentials go with this request, so any URL is safe to fetch.
  const res = await client.transport.request({
    method: "GET",
    url: new URL(uri, client.baseUrl).href,
    authorizer: null,
    errorClass: AuthAPIError,
    signal: options.signal,
  });
  const jwks = parseResponse(
    JwksSchema,
    res.data,
    "JWK set",
    `GET ${redactUrl(res.url)}`,
  );
  if (!asPem) return jwks;
  const first = jwks.keys[0];
  if (!first) {
    throw kernelStack(
      new TypeError(`The JWK set at ${redactUrl(res.url)} has no keys`),
    );
  }
  const { importJWK, exportSPKI } = await loadJose();
  const key = await importJWK(
    first as Parameters<typeof importJWK>[0],
    typeof first.alg === "string" ? first.alg : "RS512",
    { extractable: true },
  );
  if (key instanceof Uint8Array) {
    throw kernelStack(
      new TypeError("The first key of the JWK set is not a public key"),
    );
  }
  return await exportSPKI(key);
}
