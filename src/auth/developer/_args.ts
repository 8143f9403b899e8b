/**
 * Argument checks and request bodies of the Auth developer API.
 *
 * @module
 */
import { hideFromInspect, redactedJson } from "../../core/redact.ts";
import type {
  CreateClientOptions,
  IdList,
  PolicyFields,
  ScopeFields,
} from "./options.ts";
import { kernelStack } from "../../core/_kernel_stack.ts";
import { keywordObjectHint } from "../_positional_args.ts";
import { checkBoolean, checkCount } from "../../core/_option_values.ts";

/**
 * A value for a message: JSON, with credential fields (a credential's
 * `secret`, a token record's `access_token`) as `[REDACTED]`, and cut
 * after 200 characters.
 *
 * @param value The value given.
 * @returns The text.
 */
function quoted(value: unknown): string {
  if (value === undefined) return "undefined";
  let text: string;
  try {
    text = redactedJson(value) ?? String(value);
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > 200
    ? `${text.slice(0, 200)}… (${text.length} characters)`
    : text;
}

/**
 * Checks an id argument and encodes it for a path.
 *
 * @param value The argument.
 * @param name Its name.
 * @param method The method.
 * @returns The encoded id.
 */
export function pathId(value: unknown, name: string, method: string): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw kernelStack(
      new TypeError(
        `Cannot call ${method}() as '${name}' must be a non-empty string: current value is ${
          quoted(value)
        }${keywordObjectHint(value, method)}`,
      ),
    );
  }
  return encodeURIComponent(value);
}

export function requireString(
  value: unknown,
  name: string,
  method: string,
): void {
  if (typeof value !== "string") {
    throw kernelStack(
      new TypeError(
        `Cannot call ${method}() as '${name}' must be a string: current value is ${
          quoted(value)
        }${
          keywordObjectHint(value, method) ||
          (value !== null && typeof value === "object" &&
              !Array.isArray(value) &&
              Object.hasOwn(value, name)
            ? ` ('${name}' is an argument of its own here, given before the options: ${method}(…, ${name}, { … }))`
            : "")
        }`,
      ),
    );
  }
}

/**
 * An id or ids as a list, as Python's `strseq_listify`: `undefined` stays
 * left out and `null` is sent as `null` (`[...null]` threw V8's "object
 * null is not iterable").
 *
 * @param value The id or ids.
 * @returns The list, `null` or `undefined`.
 */
export function toList(
  value: IdList | null | undefined,
): string[] | null | undefined {
  if (value === undefined || value === null) return value;
  return typeof value === "string" ? [value] : [...value];
}

/**
 * Ids for a query parameter, comma-separated; `null` is left out, as
 * Python leaves a `None` query parameter out.
 *
 * @param value The id or ids.
 * @returns The text, or `undefined`.
 */
export function commajoin(
  value: IdList | null | undefined,
): string | undefined {
  return toList(value)?.join(",");
}

/**
 * Builds the body of a new client (`createClient`, `createChildClient`),
 * with the Python SDK's argument checks.
 *
 * @param method The calling method, for errors.
 * @param fields `name`, `project` (if any) and the options.
 * @returns The `client` object of the body.
 */
export function newClientBody(
  method: string,
  fields: { name: string; project?: string | undefined } & CreateClientOptions,
): Record<string, unknown> {
  requireString(fields.name, "name", method);
  // `publicClient: "false"` was sent as the text "false".
  const publicClient = checkBoolean(
    `Cannot call ${method}()`,
    "publicClient",
    fields.publicClient,
  );
  if ((publicClient === undefined) === (fields.clientType === undefined)) {
    throw kernelStack(
      new TypeError(
        `Cannot call ${method}() as exactly one of 'publicClient' and 'clientType' must be given: ${
          publicClient === undefined ? "neither was" : "both were"
        }`,
      ),
    );
  }
  if (!!fields.termsAndConditions !== !!fields.privacyPolicy) {
    throw kernelStack(
      new TypeError(
        `Cannot call ${method}() as 'termsAndConditions' and 'privacyPolicy' must be given together`,
      ),
    );
  }
  const body: Record<string, unknown> = {
    name: fields.name,
    ...(fields.project !== undefined ? { project: fields.project } : {}),
    visibility: fields.visibility,
    redirect_uris: fields.redirectUris ? [...fields.redirectUris] : undefined,
    required_idp: fields.requiredIdp,
    preselect_idp: fields.preselectIdp,
    public_client: publicClient,
    client_type: fields.clientType,
  };
  if (fields.termsAndConditions || fields.privacyPolicy) {
    body["links"] = {
      terms_and_conditions: fields.termsAndConditions,
      privacy_policy: fields.privacyPolicy,
    };
  }
  return { ...body, ...fields.additionalFields };
}

/**
 * The policy fields of a body. The booleans are checked (`"false"` was sent
 * as text) and `null` leaves them out; a `null` timeout or domain list is
 * sent as `null`, as Python sends a given `None`.
 *
 * @param o The options.
 * @param method The calling method, for errors.
 * @returns The fields (undefined ones are not sent).
 */
export function policyBody(
  o: PolicyFields,
  method: string,
): Record<string, unknown> {
  const doing = `Cannot call ${method}()`;
  const timeout = o.authenticationAssuranceTimeout;
  return {
    high_assurance: checkBoolean(doing, "highAssurance", o.highAssurance),
    required_mfa: checkBoolean(doing, "requiredMfa", o.requiredMfa),
    authentication_assurance_timeout: timeout === null
      ? null
      : checkCount(doing, "authenticationAssuranceTimeout", timeout),
    domain_constraints_include: o.domainConstraintsInclude === undefined ||
        o.domainConstraintsInclude === null
      ? o.domainConstraintsInclude
      : [...o.domainConstraintsInclude],
    domain_constraints_exclude: o.domainConstraintsExclude === undefined ||
        o.domainConstraintsExclude === null
      ? o.domainConstraintsExclude
      : [...o.domainConstraintsExclude],
  };
}

/** The fields of a dependent scope, as Globus Auth's document names them. */
const DEPENDENT_SCOPE_FIELDS = ["scope", "optional", "requires_refresh_token"];

/**
 * Throws a TypeError for a dependent scope that is not Globus Auth's
 * `{ scope, optional, requires_refresh_token }` (a camelCase
 * `requiresRefreshToken` was dropped without a word, and the scope stored
 * with `false`).
 */
function checkDependentScopes(method: string, specs: unknown): void {
  if (!Array.isArray(specs)) {
    throw kernelStack(
      new TypeError(
        `AuthClient.${method}(): 'dependentScopes' must be a list of { scope, optional, requires_refresh_token }, not ${typeof specs}`,
      ),
    );
  }
  specs.forEach((d: unknown, i) => {
    const where = `AuthClient.${method}(): dependentScopes[${i}]`;
    if (d === null || typeof d !== "object" || Array.isArray(d)) {
      throw kernelStack(
        new TypeError(
          `${where} must be { scope, optional, requires_refresh_token }`,
        ),
      );
    }
    for (const key of Object.keys(d)) {
      if (DEPENDENT_SCOPE_FIELDS.includes(key)) continue;
      const snake = key.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());
      throw kernelStack(
        new TypeError(
          `${where} has an unknown field '${key}'${
            DEPENDENT_SCOPE_FIELDS.includes(snake)
              ? ` (did you mean '${snake}'? A dependent scope is written as Globus Auth's document, as Python's DependentScopeSpec)`
              : ""
          }; its fields are ${DEPENDENT_SCOPE_FIELDS.join(", ")}`,
        ),
      );
    }
    const v = d as Record<string, unknown>;
    if (typeof v.scope !== "string" || v.scope === "") {
      throw kernelStack(
        new TypeError(`${where}.scope must be the dependent scope's id`),
      );
    }
    for (const k of ["optional", "requires_refresh_token"]) {
      if (typeof v[k] !== "boolean") {
        throw kernelStack(
          new TypeError(
            `${where}.${k} must be true or false, not ${JSON.stringify(v[k])}`,
          ),
        );
      }
    }
  });
}

export function scopeBody(
  o: ScopeFields,
  method: string,
): Record<string, unknown> {
  if (o.dependentScopes !== undefined) {
    checkDependentScopes(method, o.dependentScopes);
  }
  const doing = `Cannot call ${method}()`;
  return {
    advertised: checkBoolean(doing, "advertised", o.advertised),
    allows_refresh_token: checkBoolean(
      doing,
      "allowsRefreshToken",
      o.allowsRefreshToken,
    ),
    required_domains: o.requiredDomains ? [...o.requiredDomains] : undefined,
    dependent_scopes: o.dependentScopes
      ? o.dependentScopes.map((d) => ({
        scope: d.scope,
        optional: d.optional,
        requires_refresh_token: d.requires_refresh_token,
      }))
      : undefined,
  };
}

/** Hides credential secrets from inspect output (JSON keeps them). */
export function hideSecrets<T extends object>(data: T, label: string): T {
  return hideFromInspect(data, label);
}
