/**
 * Internal: a request for one of the emulator's services sent to the other
 * (an Auth client given `emulator.transferUrl` as its `baseUrl`, or a
 * Transfer client given `emulator.authUrl`). On Globus the two live on
 * different hosts, so such a request gets a 404 from the wrong host; here
 * it did too late, after the other service's own checks ("401 No
 * Authorization header" for a token request sent to Transfer). The answer
 * is that host's 404, in its service's error shape, naming the right URL.
 *
 * @module
 */
import { randomUUID } from "node:crypto";
import { type EmulatorResponse, jsonResponse, requestId } from "./http.ts";

/**
 * Whether a path below a service's base is one of Globus Auth's routes.
 *
 * @param p The path without its leading `/`.
 * @returns `true` for an Auth route.
 */
function isAuthPath(p: string): boolean {
  return /^v2\/(oauth2|web|api)(\/|$)/.test(p) ||
    /^\.well-known(\/|$)/.test(p) || /^jwk\.json$/.test(p);
}

/**
 * The 404 for an Auth route sent to the emulator's Transfer service, or
 * `null` when the path is no Auth route.
 *
 * @param p The path below the Transfer base (`v2/oauth2/token`).
 * @param transferUrl The emulator's Transfer URL.
 * @param authUrl The emulator's Auth URL.
 * @returns The response, or `null`.
 */
export function authPathAtTransfer(
  p: string,
  transferUrl: string,
  authUrl: string,
): EmulatorResponse | null {
  if (!isAuthPath(p)) return null;
  return jsonResponse(404, {
    code: "ClientError.NotFound",
    message:
      `No such resource /${p}: ${transferUrl} is the Globus emulator's Transfer service, and /${p} is a Globus Auth route. The emulator's Auth service is at ${authUrl} (emulator.authUrl): give the Auth client (NativeAppAuthClient, ConfidentialAppAuthClient, AuthClient, an app's config.authBaseUrl) that URL as its baseUrl`,
    request_id: requestId(),
    resource: `/${p}`,
  });
}

/**
 * The 404 for a Transfer route sent to the emulator's Auth service, or
 * `null` when the path is no Transfer route.
 *
 * @param p The path below the Auth base (`v0.10/endpoint_search`).
 * @param authUrl The emulator's Auth URL.
 * @param transferUrl The emulator's Transfer URL.
 * @returns The response, or `null`.
 */
export function transferPathAtAuth(
  p: string,
  authUrl: string,
  transferUrl: string,
): EmulatorResponse | null {
  // Transfer's /v0.10/ and its /v2/ routes (the ones the emulator serves).
  if (
    !/^v0\.10(\/|$)/.test(p) &&
    !/^v2\/(bookmarks|tunnels|stream_access_points)(\/|$)/.test(p)
  ) {
    return null;
  }
  const detail =
    `No such resource /${p}: ${authUrl} is the Globus emulator's Auth service, and /${p} is a Globus Transfer route. The emulator's Transfer service is at ${transferUrl} (emulator.transferUrl): give the TransferClient that URL as its baseUrl`;
  return jsonResponse(404, {
    errors: [{
      status: "404",
      id: randomUUID(),
      code: "NOT_FOUND",
      title: "Not Found",
      detail,
    }],
    error: "not_found",
    error_description: detail,
  });
}
