/**
 * `error.info`: the session and consent requirements of an error body, read
 * by the Python SDK's rules (`ErrorInfoContainer`,
 * `AuthorizationParameterInfo`, `ConsentRequiredInfo`).
 *
 * Python's info objects are always present and test false when the body
 * has no such data; here such an entry is `null`, so
 * `if (err.info.consentRequired)` takes the same branch as
 * `if err.info.consent_required:`. Python's names read from them
 * (`err.info.consent_required`) throw a TypeError naming the camelCase one.
 *
 * @module
 */

import { isDict } from "./error_parsing.ts";
import { pythonFieldHints } from "../notebook/_slip_hints.ts";

type Dict = Record<string, unknown>;

/**
 * Gives `obj` a non-enumerable `toString`: `String(err.info)` and
 * `${err.info.authorizationParameters}` print the label (Python's class
 * name) and the fields as JSON, as Python's `str()` of them shows their
 * data, where they printed `[object Object]`.
 */
function printable<T extends object>(obj: T, label: string): T {
  Object.defineProperty(obj, "toString", {
    value: () => `${label} ${JSON.stringify(obj, null, 2)}`,
    enumerable: false,
    configurable: true,
    writable: true,
  });
  return obj;
}

function isListOfStrings(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === "string");
}

/**
 * The `authorization_parameters` of an error body (Python's
 * `AuthorizationParameterInfo`). A field of the wrong type reads as `null`.
 */
export interface AuthorizationParameterInfo {
  /** `session_message`. */
  sessionMessage: string | null;
  /** `session_required_identities`. */
  sessionRequiredIdentities: string[] | null;
  /** `session_required_single_domain` (the user picks one). */
  sessionRequiredSingleDomain: string[] | null;
  /** `session_required_policies` (a comma-separated string is split). */
  sessionRequiredPolicies: string[] | null;
  /** `session_required_mfa`. */
  sessionRequiredMfa: boolean | null;
}

/**
 * A `ConsentRequired` error's scopes (Python's `ConsentRequiredInfo`).
 */
export interface ConsentRequiredInfo {
  /** `required_scopes`, or a single `required_scope` as a list. */
  requiredScopes: string[];
}

/** What `error.info` holds (Python's `ErrorInfoContainer`). */
export interface ErrorInfoContainer {
  /**
   * Present when the body's `authorization_parameters` is an object
   * (`null` otherwise).
   */
  authorizationParameters: AuthorizationParameterInfo | null;
  /**
   * Present when the body's `code` is `ConsentRequired` and it names at
   * least one scope (`null` otherwise).
   */
  consentRequired: ConsentRequiredInfo | null;
}

/**
 * Reads `info` from an error body by the Python SDK's rules.
 *
 * @param body The parsed body (only a JSON object carries info).
 * @returns The container; each entry `null` when the body lacks it.
 *
 * @example Read a GARE's policies
 * ```ts
 * import { parseErrorInfo } from "@globus-deno/sdk";
 * const info = parseErrorInfo({
 *   code: "AuthorizationRequired",
 *   authorization_parameters: { session_required_policies: "p1,p2" },
 * });
 * console.log(info.authorizationParameters?.sessionRequiredPolicies); // ["p1", "p2"]
 * ```
 */
export function parseErrorInfo(body: unknown): ErrorInfoContainer {
  const data = isDict(body) ? body : {};
  // Python's names (`err.info.consent_required`, `…required_scopes`) throw
  // a TypeError naming the camelCase one: they read `undefined`, and a
  // ported `if (err.info.consent_required)` never fired.
  return pythonFieldHints(
    Object.freeze(printable({
      authorizationParameters: authorizationParameterInfo(data),
      consentRequired: consentRequiredInfo(data),
    }, "ErrorInfoContainer")),
    "err.info",
  );
}

function authorizationParameterInfo(
  body: Dict,
): AuthorizationParameterInfo | null {
  const params = body["authorization_parameters"];
  if (!isDict(params)) return null;
  const message = params["session_message"];
  const identities = params["session_required_identities"];
  const domains = params["session_required_single_domain"];
  const policies = params["session_required_policies"];
  const mfa = params["session_required_mfa"];
  return pythonFieldHints(
    Object.freeze(printable({
      sessionMessage: typeof message === "string" ? message : null,
      sessionRequiredIdentities: isListOfStrings(identities)
        ? [...identities]
        : null,
      sessionRequiredSingleDomain: isListOfStrings(domains)
        ? [...domains]
        : null,
      sessionRequiredPolicies: typeof policies === "string"
        ? policies.split(",")
        : isListOfStrings(policies)
        ? [...policies]
        : null,
      sessionRequiredMfa: typeof mfa === "boolean" ? mfa : null,
    }, "AuthorizationParameterInfo")),
    "err.info.authorizationParameters",
  );
}

function consentRequiredInfo(body: Dict): ConsentRequiredInfo | null {
  if (body["code"] !== "ConsentRequired") return null;
  const scopes = body["required_scopes"];
  const one = body["required_scope"];
  const requiredScopes = isListOfStrings(scopes)
    ? [...scopes]
    : typeof one === "string"
    ? [one]
    : [];
  return requiredScopes.length > 0
    ? pythonFieldHints(
      Object.freeze(printable({ requiredScopes }, "ConsentRequiredInfo")),
      "err.info.consentRequired",
    )
    : null;
}
