/**
 * Globus environments and the base URLs of their services, with the
 * Python SDK's environment variables.
 *
 * @module
 */
import { getEnv } from "./runtime.ts";

/** The Globus environments the Python SDK knows. */
export type GlobusEnvironment =
  | "production"
  | "sandbox"
  | "preview"
  | "test"
  | "integration"
  | "staging";

/** Every valid environment name. */
export const ENVIRONMENTS: readonly GlobusEnvironment[] = [
  "production",
  "sandbox",
  "preview",
  "test",
  "integration",
  "staging",
];

/** The services with known base URLs. */
export type GlobusService = "auth" | "transfer";

function isEnvironment(name: string): name is GlobusEnvironment {
  return (ENVIRONMENTS as readonly string[]).includes(name);
}

/**
 * The environment to use: an explicit argument, else
 * `GLOBUS_SDK_ENVIRONMENT`, else `"production"`.
 *
 * @param explicit An environment given by the caller.
 * @returns The environment name.
 * @throws {RangeError} When the name is not a known environment.
 *
 * @example Normalize and check an environment name
 * ```ts
 * import { resolveEnvironment } from "@globus-deno/sdk";
 * console.log(resolveEnvironment(" Sandbox ")); // sandbox
 * try {
 *   resolveEnvironment("prod");
 * } catch (e) {
 *   console.log((e as RangeError).message); // lists the valid names
 * }
 * ```
 */
export function resolveEnvironment(explicit?: string): GlobusEnvironment {
  const name = (explicit ?? getEnv("GLOBUS_SDK_ENVIRONMENT") ?? "production")
    .trim().toLowerCase();
  if (!isEnvironment(name)) {
    throw new RangeError(
      `Unknown Globus environment '${name}': use one of ${
        ENVIRONMENTS.join(", ")
      } (from the environment option or GLOBUS_SDK_ENVIRONMENT)`,
    );
  }
  return name;
}

/**
 * The base URL of a service, with a trailing slash.
 * `GLOBUS_SDK_SERVICE_URL_{AUTH,TRANSFER}` wins over the environment.
 *
 * @param service `"auth"` or `"transfer"`.
 * @param environment The environment (see {@linkcode resolveEnvironment}).
 * @returns e.g. `https://transfer.api.globus.org/`.
 * @throws {TypeError} When the override variable is not an absolute URL.
 *
 * @example Production and sandbox URLs
 * ```ts
 * import { serviceUrl } from "@globus-deno/sdk";
 * console.log(serviceUrl("transfer", "sandbox"));
 * // https://transfer.api.sandbox.globus.org/
 * ```
 */
export function serviceUrl(
  service: GlobusService,
  environment?: string,
): string {
  const override = getEnv(`GLOBUS_SDK_SERVICE_URL_${service.toUpperCase()}`);
  if (override) {
    try {
      new URL(override);
    } catch {
      throw new TypeError(
        `GLOBUS_SDK_SERVICE_URL_${service.toUpperCase()} must be an absolute URL: current value is '${override}'`,
      );
    }
    return override.endsWith("/") ? override : override + "/";
  }
  const env = resolveEnvironment(environment);
  const host = service === "auth" ? "auth" : "transfer.api";
  return env === "production"
    ? `https://${host}.globus.org/`
    : `https://${host}.${env}.globus.org/`;
}

/**
 * The default request timeout in milliseconds: `GLOBUS_SDK_HTTP_TIMEOUT`
 * seconds when set (`-1` or `0` disables it), else 60 s.
 *
 * @returns Milliseconds, or `Infinity` for no timeout.
 * @throws {RangeError} When the variable is not a number.
 *
 * @example Raise the timeout through the environment
 * ```ts
 * import { defaultTimeoutMs } from "@globus-deno/sdk";
 * Deno.env.set("GLOBUS_SDK_HTTP_TIMEOUT", "120");
 * console.log(defaultTimeoutMs()); // 120000
 * Deno.env.set("GLOBUS_SDK_HTTP_TIMEOUT", "-1");
 * console.log(defaultTimeoutMs()); // Infinity
 * Deno.env.delete("GLOBUS_SDK_HTTP_TIMEOUT");
 * console.log(defaultTimeoutMs()); // 60000
 * ```
 */
export function defaultTimeoutMs(): number {
  const raw = getEnv("GLOBUS_SDK_HTTP_TIMEOUT");
  if (raw === undefined || raw.trim() === "") return 60_000;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds)) {
    throw new RangeError(
      `GLOBUS_SDK_HTTP_TIMEOUT must be a number of seconds: current value is '${raw}'`,
    );
  }
  return seconds <= 0 ? Infinity : seconds * 1000;
}
