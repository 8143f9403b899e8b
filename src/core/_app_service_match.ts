/**
 * Internal: a client made from an app that logs in somewhere other than
 * Globus (an emulator's Auth) must not send those tokens to a Globus
 * service. Without its own `baseUrl` (or `GLOBUS_SDK_SERVICE_URL_*`) such a
 * client resolves the environment's Globus URL: the request would fail
 * with a DNS or 401 error that never names the mismatch.
 *
 * @module
 */
import type { ServiceApp } from "./app_seam.ts";
import { kernelStack } from "./_kernel_stack.ts";

function isGlobusHost(url: string): boolean | undefined {
  try {
    const host = new URL(url).hostname;
    // globuscs.info: Globus's sandbox, test, integration and staging.
    return ["globus.org", "globuscs.info"].some((domain) =>
      host === domain || host.endsWith(`.${domain}`)
    );
  } catch {
    return undefined;
  }
}

function isPlainLoopback(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === "http:" &&
      (u.hostname === "localhost" || u.hostname === "[::1]" ||
        /^127\.\d+\.\d+\.\d+$/.test(u.hostname));
  } catch {
    return false;
  }
}

/**
 * The Auth URL an app logs in at (UserApp and ClientApp log in through
 * their `authClient`), if it has one.
 *
 * @param app The app given, if any.
 * @returns The URL, or `undefined`.
 */
export function appAuthUrl(app: ServiceApp | undefined): string | undefined {
  const url = (app as { authClient?: { baseUrl?: unknown } } | undefined)
    ?.authClient?.baseUrl;
  return typeof url === "string" ? url : undefined;
}

/**
 * Throws when `app` logs in at an Auth URL outside Globus (globus.org, or
 * globuscs.info for Globus's internal environments) while the client,
 * given no `baseUrl`, would call a Globus service; or when `app` logs in at
 * Globus while the client calls a local server over plain HTTP.
 *
 * @param client The client class's name (for the message).
 * @param variable The service's `GLOBUS_SDK_SERVICE_URL_*` variable.
 * @param app The app given, if any.
 * @param givenBaseUrl The `baseUrl` option given, if any.
 * @param baseUrl The base URL the client resolved.
 * @throws {TypeError} On such a mismatch.
 */
export function checkAppServiceMatch(
  client: string,
  variable: string,
  app: ServiceApp | undefined,
  givenBaseUrl: string | undefined,
  baseUrl: string,
): void {
  if (!app) return;
  const auth = appAuthUrl(app);
  if (auth === undefined) return;
  // The other way round: an app logging in at Globus whose client calls a
  // local emulator (its env was not set before the app was made). Globus
  // tokens would go over plain HTTP, after a login or a client-credentials
  // grant that, offline, was retried for 14 s and failed on DNS.
  if (isGlobusHost(auth) === true && isPlainLoopback(baseUrl)) {
    throw kernelStack(
      new TypeError(
        `Cannot create the ${client} as its app logs in at Globus Auth (${
          new URL(auth).origin
        }), but the client would send those tokens to ${baseUrl}, a local server over plain HTTP (an emulator?). Make the app log in there too: config: { authBaseUrl: emulator.authUrl }, or set the emulator's env (Object.assign(process.env, emulator.env)) before making the app`,
      ),
    );
  }
  if (givenBaseUrl !== undefined) return;
  if (isGlobusHost(auth) !== false || isGlobusHost(baseUrl) !== true) return;
  throw kernelStack(
    new TypeError(
      `Cannot create the ${client} as its app logs in at ${
        new URL(auth).origin
      }, not at Globus Auth, but the client would send those tokens to ${baseUrl}. Give the client the service's URL too (baseUrl: emulator.transferUrl for a Transfer client on an emulator), or set ${variable} (an emulator's env sets every service URL and GLOBUS_SDK_ENVIRONMENT)`,
    ),
  );
}
