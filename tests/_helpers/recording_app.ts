/**
 * A `ServiceApp` that records the scope requirements clients add to it
 * and authorizes nothing (no header), for tests of what a client asks of
 * its app.
 *
 * @module
 */
import type { ServiceApp } from "../../src/core/app_seam.ts";

/**
 * The app, and every requirement added to it, in order.
 *
 * @returns `{ app, added }`.
 */
export function recordingApp(): {
  app: ServiceApp;
  added: Record<string, string[]>[];
} {
  const added: Record<string, string[]>[] = [];
  const app: ServiceApp = {
    environment: "production",
    addScopeRequirements: (r) => void added.push(r),
    getAuthorizer: () =>
      Promise.resolve({
        getAuthorizationHeader: () => Promise.resolve(undefined),
      }),
  };
  return { app, added };
}
