/**
 * Internal: `jose`, loaded on first use (id_token verification, a JWK as
 * PEM): it is most of the SDK's import time otherwise.
 *
 * @module
 */
import type * as Jose from "jose";
import { npmDependency } from "../core/_npm_dependency.ts";

/** Loads `jose` (once), or throws naming the fix. */
export const loadJose: () => Promise<typeof Jose> = npmDependency(
  "jose",
  "id_token checks and JWKs",
  () => import("jose"),
);
