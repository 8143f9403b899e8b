/**
 * Internal: keeps tokens from a login somewhere other than Globus Auth (an
 * emulator, a test server) out of the production token file.
 *
 * @module
 */
import { getEnv } from "../core/runtime.ts";
import { kernelStack } from "../core/_kernel_stack.ts";

/** Production Globus Auth's origin: its tokens belong in `tokens.json`. */
const PRODUCTION_AUTH = "https://auth.globus.org";

/**
 * Throws when an app would log in at an Auth URL other than production's
 * (`config.authBaseUrl`, or `GLOBUS_SDK_SERVICE_URL_AUTH`) while caching
 * its tokens in the default production file, where a later run against
 * Globus would find them (and send them to Globus). Naming the environment
 * (`config.environment` or `GLOBUS_SDK_ENVIRONMENT`, even "production"),
 * keeping the tokens in memory, or passing a storage of one's own says
 * where they go, and passes.
 *
 * @param config The app's `environment` and `authBaseUrl` as given.
 * @param environment The environment the app resolved.
 * @param storage The `tokenStorage` given (default `"json"`).
 * @param file The token file the default storage would use.
 * @throws {TypeError} When the tokens would go into the production file.
 */
export function checkTokenFileEnvironment(
  config: {
    environment?: string | undefined;
    authBaseUrl?: string | undefined;
  },
  environment: string,
  storage: unknown,
  file: () => string,
): void {
  if (storage !== "json" && storage !== "sqlite") return;
  if (environment !== "production" || config.environment !== undefined) return;
  if ((getEnv("GLOBUS_SDK_ENVIRONMENT") ?? "").trim() !== "") return;
  const given = config.authBaseUrl !== undefined
    ? { url: config.authBaseUrl, from: "config.authBaseUrl" }
    : {
      url: getEnv("GLOBUS_SDK_SERVICE_URL_AUTH"),
      from: "GLOBUS_SDK_SERVICE_URL_AUTH",
    };
  if (typeof given.url !== "string" || given.url === "") return;
  let origin: string;
  try {
    origin = new URL(given.url).origin;
  } catch {
    return; // not a URL: the Auth client's own check says so
  }
  if (origin === PRODUCTION_AUTH) return;
  throw kernelStack(
    new TypeError(
      `Cannot create the app as it would log in at ${origin} (${given.from}), not at Globus Auth, but cache the tokens in the production token file ${file()}, where a later run against Globus would pick them up. Name the environment (config.environment: "emulator", or GLOBUS_SDK_ENVIRONMENT=emulator, keeps them in emulator-tokens.json; an emulator's env sets it), keep them in memory (config.tokenStorage: "memory"), or pass a TokenStorage of your own`,
    ),
  );
}
