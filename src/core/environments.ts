/**
 * Globus environments and the base URLs of their services, with the
 * Python SDK's environment variables.
 *
 * @module
 */
import { suggestOption } from "./_options.ts";
import { envReadable, getEnv, writeStderr } from "./runtime.ts";
import { kernelStack } from "./_kernel_stack.ts";

/** The Globus environments the Python SDK knows (each has built-in URLs). */
export type GlobusEnvironment =
  | "production"
  | "sandbox"
  | "preview"
  | "test"
  | "integration"
  | "staging";

/** Every environment name with built-in service URLs. */
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

/** The variables that choose where requests go, as in the Python SDK. */
const ROUTING_VARIABLES = [
  "GLOBUS_SDK_ENVIRONMENT",
  "GLOBUS_SDK_SERVICE_URL_AUTH",
  "GLOBUS_SDK_SERVICE_URL_TRANSFER",
] as const;

/** An environment name goes into the token file's name: keep it plain. */
const ENVIRONMENT_NAME = /^[a-z0-9][a-z0-9_.-]*$/;

function isEnvironment(name: string): name is GlobusEnvironment {
  return (ENVIRONMENTS as readonly string[]).includes(name);
}

let warnedUnreadable = false;

/**
 * Says once per process, on standard error, that Deno's permissions hide the
 * `GLOBUS_SDK_*` variables that choose where requests go: values exported
 * there (e.g. the emulator's) would otherwise be ignored without a word.
 */
function warnUnreadable(environment: string): void {
  if (warnedUnreadable) return;
  const hidden = ROUTING_VARIABLES.filter((name) => !envReadable(name));
  if (hidden.length === 0) return;
  warnedUnreadable = true;
  writeStderr(
    `globus-deno: cannot read ${
      hidden.join(", ")
    } (no --allow-env permission for ${
      hidden.length === 1 ? "it" : "them"
    }): any value exported there is ignored, so ${
      isEnvironment(environment)
        ? `requests go to ${environment} Globus (${
          environmentDomain(environment)
        })`
        : `the '${environment}' environment has no service URLs`
    }. To use ${
      hidden.length === 1 ? "it" : "them"
    } (e.g. for the emulator), run with --allow-env=HOME,${
      ROUTING_VARIABLES.join(",")
    },GLOBUS_SDK_HTTP_TIMEOUT (or --allow-env)\n`,
  );
}

/**
 * The environment to use: an explicit argument, else
 * `GLOBUS_SDK_ENVIRONMENT`, else `"production"`. Names are trimmed and
 * lowercased.
 *
 * A name outside {@linkcode ENVIRONMENTS} is accepted, as in the Python SDK,
 * for services whose URLs are given by `GLOBUS_SDK_SERVICE_URL_<SERVICE>`
 * (the emulator's `env` sets `GLOBUS_SDK_ENVIRONMENT=emulator`, so its tokens
 * go to `emulator-tokens.json`); {@linkcode serviceUrl} says which variable
 * is missing when one is.
 *
 * @param explicit An environment given by the caller.
 * @returns The environment name.
 * @throws {RangeError} When the name is empty or has characters other than
 *   letters, digits, `-`, `_` and `.` (it becomes part of a file name).
 *
 * @example Normalize an environment name
 * ```ts
 * import { resolveEnvironment } from "@globus-deno/sdk";
 * console.log(resolveEnvironment(" Sandbox ")); // sandbox
 * console.log(resolveEnvironment("emulator")); // emulator (URLs from GLOBUS_SDK_SERVICE_URL_*)
 * try {
 *   resolveEnvironment("my env");
 * } catch (e) {
 *   console.log((e as RangeError).message); // names the allowed characters
 * }
 * ```
 */
export function resolveEnvironment(explicit?: string): string {
  let raw = explicit;
  if (raw === undefined) {
    const fromEnv = getEnv("GLOBUS_SDK_ENVIRONMENT");
    raw = fromEnv === undefined || fromEnv.trim() === ""
      ? "production"
      : fromEnv;
    if (fromEnv === undefined) warnUnreadable(raw);
  }
  const name = String(raw).trim().toLowerCase();
  if (!ENVIRONMENT_NAME.test(name)) {
    throw kernelStack(
      new RangeError(
        `Unknown Globus environment '${name}': use one of ${
          ENVIRONMENTS.join(", ")
        }, or a name of letters, digits, '-', '_' and '.' with GLOBUS_SDK_SERVICE_URL_<SERVICE> set for each service (from the environment option or GLOBUS_SDK_ENVIRONMENT)`,
      ),
    );
  }
  return name;
}

/**
 * The base URL of a service, with a trailing slash.
 * `GLOBUS_SDK_SERVICE_URL_{AUTH,TRANSFER}` wins over the environment; an
 * environment outside {@linkcode ENVIRONMENTS} has no URLs of its own, so
 * it needs that variable.
 *
 * @param service `"auth"`, `"transfer"`, or another service's short name
 *   (as the Python SDK's `service_name`, e.g. `"groups"`: its URL is
 *   `https://groups.api.globus.org/`, or `GLOBUS_SDK_SERVICE_URL_GROUPS`).
 * @param environment The environment (see {@linkcode resolveEnvironment}).
 * @returns e.g. `https://transfer.api.globus.org/`.
 * @throws {TypeError} When the override variable is not an absolute URL.
 * @throws {RangeError} When the environment is not a known one and the
 *   service's `GLOBUS_SDK_SERVICE_URL_<SERVICE>` is not set.
 *
 * @example Production and sandbox URLs
 * ```ts
 * import { serviceUrl } from "@globus-deno/sdk";
 * console.log(serviceUrl("transfer", "sandbox"));
 * // https://transfer.api.sandbox.globuscs.info/
 * ```
 */
export function serviceUrl(
  service: GlobusService | (string & Record<never, never>),
  environment?: string,
): string {
  const variable = `GLOBUS_SDK_SERVICE_URL_${service.toUpperCase()}`;
  // Trimmed, as GLOBUS_SDK_ENVIRONMENT is: a CR from a .env file with
  // CRLF line endings, or a trailing space, made every request a 404 for
  // `/transfer//v0.10/…` or `/transfer%20/v0.10/…`.
  const override = getEnv(variable)?.trim();
  if (override) {
    let scheme: string;
    try {
      scheme = new URL(override).protocol;
    } catch {
      throw kernelStack(
        new TypeError(
          `${variable} must be an absolute URL: current value is '${override}'`,
        ),
      );
    }
    if (scheme !== "http:" && scheme !== "https:") {
      // Refused here, not after 10 s of retries of a request that cannot
      // be sent ("Url scheme 'ftp' not supported").
      throw kernelStack(
        new TypeError(
          `${variable} must be an http:// or https:// URL: current value is '${override}'`,
        ),
      );
    }
    return override.endsWith("/") ? override : override + "/";
  }
  const env = resolveEnvironment(environment);
  warnUnreadable(env);
  if (!isEnvironment(env)) {
    const hidden = envReadable(variable)
      ? ""
      : ` (Deno cannot read ${variable}: run with --allow-env=${variable} or --allow-env)`;
    const guess = suggestOption(env, ENVIRONMENTS) ??
      (env.length >= 3
        ? ENVIRONMENTS.find((e) => e.startsWith(env))
        : undefined);
    throw kernelStack(
      new RangeError(
        `Unknown Globus environment '${env}'${
          guess === undefined ? "" : ` (did you mean '${guess}'?)`
        }: set ${variable} to the ${service} service's URL${hidden} (or give the client its baseUrl; an app, config.authBaseUrl), or use one of ${
          ENVIRONMENTS.join(", ")
        } (from the environment option or GLOBUS_SDK_ENVIRONMENT)`,
      ),
    );
  }
  const host = service === "auth" ? "auth" : `${service}.api`;
  return `https://${host}.${environmentDomain(env)}/`;
}

/**
 * The domain of an environment's services, as the Python SDK's
 * `EnvConfig.domain`: `globus.org` (production), `preview.globus.org`, and
 * `{env}.globuscs.info` for Globus's internal sandbox, test, integration
 * and staging environments.
 *
 * @param env A built-in environment.
 * @returns The domain, e.g. `sandbox.globuscs.info`.
 */
function environmentDomain(env: GlobusEnvironment): string {
  if (env === "production") return "globus.org";
  if (env === "preview") return "preview.globus.org";
  return `${env}.globuscs.info`;
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
    throw kernelStack(
      new RangeError(
        `GLOBUS_SDK_HTTP_TIMEOUT must be a number of seconds: current value is '${raw}'`,
      ),
    );
  }
  return seconds <= 0 ? Infinity : seconds * 1000;
}
