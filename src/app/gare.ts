/**
 * Globus Auth Requirements Errors (GAREs), the Python SDK's
 * `globus_sdk.gare`: `toGare()` reads the authorization requirements a
 * service's error carries (a GARE, or one of the legacy shapes Transfer and
 * older services send) into a {@linkcode GARE} whose
 * {@linkcode GlobusAuthorizationParameters} can be changed (e.g.
 * `params.prompt = "login"`) and passed to `app.login({ authParams })`.
 *
 * @module
 */
import { GlobusAPIError } from "../core/errors.ts";
import { ErrorSubdocument, isDict } from "../core/error_parsing.ts";
import { kernelStack } from "../core/_kernel_stack.ts";
import { classLabel } from "../core/_class_label.ts";
import { type MissHint, slipHints } from "../notebook/_slip_hints.ts";

/** What {@linkcode toGare} reads: an API error, one of its sub-errors, or a body. */
export type GareSource =
  | GlobusAPIError
  | ErrorSubdocument
  | Record<string, unknown>;

/** The fields of {@linkcode GlobusAuthorizationParameters}, all optional. */
export interface GlobusAuthorizationParametersInit {
  /** `session_message` */
  sessionMessage?: string | null | undefined;
  /** `session_required_identities` */
  sessionRequiredIdentities?: readonly string[] | null | undefined;
  /** `session_required_policies` */
  sessionRequiredPolicies?: readonly string[] | null | undefined;
  /** `session_required_single_domain` */
  sessionRequiredSingleDomain?: readonly string[] | null | undefined;
  /** `session_required_mfa` */
  sessionRequiredMfa?: boolean | null | undefined;
  /** `required_scopes` */
  requiredScopes?: readonly string[] | null | undefined;
  /** `prompt` (`"login"` forces a fresh login) */
  prompt?: string | null | undefined;
  /** Any other field, kept for forward compatibility. */
  extra?: Record<string, unknown> | null | undefined;
}

const PARAM_WIRE: ReadonlyArray<
  readonly [keyof GlobusAuthorizationParametersInit, string]
> = [
  ["sessionMessage", "session_message"],
  ["sessionRequiredIdentities", "session_required_identities"],
  ["sessionRequiredPolicies", "session_required_policies"],
  ["sessionRequiredSingleDomain", "session_required_single_domain"],
  ["sessionRequiredMfa", "session_required_mfa"],
  ["requiredScopes", "required_scopes"],
  ["prompt", "prompt"],
];

class NotAGare extends Error {}

/**
 * Python's names of the fields (`params.session_message`,
 * `gare.authorization_parameters`), read or set: a port's
 * `getattr(params, "session_required_mfa")` read `undefined`, and a
 * `params.session_message = …` made a field nothing sends.
 */
const PYTHON_FIELDS: ReadonlyMap<string, string> = new Map([
  ...PARAM_WIRE.filter(([camel, wire]) => camel !== wire).map((
    [camel, wire],
  ) => [wire, camel] as const),
  ["authorization_parameters", "authorizationParameters"],
  ["to_dict", "toDict"],
]);

/** The constructor's fields. */
const INIT_FIELDS: ReadonlySet<string> = new Set([
  ...PARAM_WIRE.map(([camel]) => camel),
  "extra",
]);

/** Wire name → camelCase field, for the names that differ. */
const WIRE_TO_CAMEL: ReadonlyMap<string, string> = new Map(
  PARAM_WIRE.filter(([camel, wire]) => camel !== wire).map((
    [camel, wire],
  ) => [wire, camel]),
);

function describe(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return `a ${classLabel(v.constructor, "object")}`;
  return `a ${typeof v}`;
}

/**
 * The fields of `data` under their wire names: camelCase ones (the
 * constructor's, `err.info.authorizationParameters`'s) renamed, their
 * `extra` spread among the unknown fields. They were kept in `extra` as
 * unknown fields, and the parameters came out empty.
 */
function wireFields(data: Record<string, unknown>): Record<string, unknown> {
  // Own fields only, read by name: err.info's throws for a Python name it
  // lacks.
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(data)) out[key] = data[key];
  let camelCase = false;
  for (const [camel, wire] of PARAM_WIRE) {
    if (camel === wire || !Object.hasOwn(out, camel)) continue;
    if (Object.hasOwn(out, wire)) {
      throw kernelStack(
        new TypeError(
          `GlobusAuthorizationParameters.fromDict(): both '${wire}' and '${camel}' given; keep one`,
        ),
      );
    }
    out[wire] = out[camel];
    delete out[camel];
    camelCase = true;
  }
  const extra = out["extra"];
  if (camelCase && (isDict(extra) || extra === null)) {
    delete out["extra"];
    for (const [k, v] of Object.entries(extra ?? {})) {
      if (!Object.hasOwn(out, k)) out[k] = v;
    }
  }
  return out;
}

function pythonFieldMiss(variable: string): MissHint {
  return (key, receiver) => {
    const name = PYTHON_FIELDS.get(key);
    if (name === undefined || !(name in receiver)) return undefined;
    return `${
      classLabel(receiver.constructor, "GARE")
    } has no ${key}: its fields are camelCase, so Python's ${key} is ${name} (${variable}.${name}; toDict() gives the wire names)`;
  };
}

function strList(name: string, v: unknown, commaSep = false): string[] | null {
  if (v === undefined || v === null) return null;
  if (commaSep && typeof v === "string") return v.split(",");
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return [...v];
  throw new NotAGare(`'${name}' must be a list of strings or null`);
}

function optStr(name: string, v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === "string") return v;
  throw new NotAGare(`'${name}' must be a string or null`);
}

function optBool(name: string, v: unknown): boolean | null {
  if (v === undefined || v === null) return null;
  if (typeof v === "boolean") return v;
  throw new NotAGare(`'${name}' must be a bool or null`);
}

/**
 * The authorization parameters of a GARE (Python's
 * `GlobusAuthorizationParameters`): what a new login must ask for. `null`
 * where Python's is `None`. The fields can be changed, and the object is
 * accepted by `app.login({ authParams })` as Python's `auth_params`.
 *
 * @example Force a fresh login
 * ```ts
 * import { GlobusAuthorizationParameters } from "@globus-deno/sdk";
 * const params = new GlobusAuthorizationParameters({ sessionRequiredMfa: true });
 * params.prompt = "login";
 * console.log(params.toDict()); // { session_required_mfa: true, prompt: "login" }
 * ```
 */
export class GlobusAuthorizationParameters {
  /** `session_message` */
  sessionMessage: string | null;
  /** `session_required_identities` */
  sessionRequiredIdentities: string[] | null;
  /** `session_required_policies` */
  sessionRequiredPolicies: string[] | null;
  /** `session_required_single_domain` */
  sessionRequiredSingleDomain: string[] | null;
  /** `session_required_mfa` */
  sessionRequiredMfa: boolean | null;
  /** `required_scopes` */
  requiredScopes: string[] | null;
  /** `prompt` */
  prompt: string | null;
  /** Fields this class does not know, as sent. */
  extra: Record<string, unknown>;

  /**
   * Builds the parameters (Python's keyword arguments, in camelCase).
   *
   * @param init The fields; a missing one is `null`.
   * @throws {TypeError} When a field has the wrong type.
   */
  constructor(init: GlobusAuthorizationParametersInit = {}) {
    if (!isDict(init)) {
      throw kernelStack(
        new TypeError(
          "GlobusAuthorizationParameters takes an options object, e.g. new GlobusAuthorizationParameters({ requiredScopes: [...] })",
        ),
      );
    }
    // Python's keyword names (`session_message=…`) and misspelt ones were
    // dropped without a word: the parameters came out empty.
    for (const key of Object.keys(init)) {
      if (INIT_FIELDS.has(key)) continue;
      const camel = WIRE_TO_CAMEL.get(key);
      throw kernelStack(
        new TypeError(
          camel !== undefined
            ? `GlobusAuthorizationParameters: unknown field '${key}': the fields are camelCase here, so Python's ${key} is ${camel} (new GlobusAuthorizationParameters({ ${camel}: … })); GlobusAuthorizationParameters.fromDict({ ${key}: … }) reads the wire names`
            : `GlobusAuthorizationParameters: unknown field '${key}' (the fields: ${
              [...INIT_FIELDS].join(", ")
            }; a field of your own goes in extra: { ${key}: … })`,
        ),
      );
    }
    try {
      this.sessionMessage = optStr("sessionMessage", init.sessionMessage);
      this.sessionRequiredIdentities = strList(
        "sessionRequiredIdentities",
        init.sessionRequiredIdentities,
      );
      this.sessionRequiredPolicies = strList(
        "sessionRequiredPolicies",
        init.sessionRequiredPolicies,
      );
      this.sessionRequiredSingleDomain = strList(
        "sessionRequiredSingleDomain",
        init.sessionRequiredSingleDomain,
      );
      this.sessionRequiredMfa = optBool(
        "sessionRequiredMfa",
        init.sessionRequiredMfa,
      );
      this.requiredScopes = strList("requiredScopes", init.requiredScopes);
      this.prompt = optStr("prompt", init.prompt);
    } catch (e) {
      if (e instanceof NotAGare) {
        throw kernelStack(
          new TypeError(`GlobusAuthorizationParameters: ${e.message}`),
        );
      }
      throw e;
    }
    this.extra = isDict(init.extra) ? { ...init.extra } : {};
    slipHints(this, GlobusAuthorizationParameters, pythonFieldMiss("params"));
  }

  /**
   * Reads wire-named parameters (`session_required_policies`, …); unknown
   * fields go to `extra` (Python's `from_dict`). Also takes what obviously
   * means the same: a `GlobusAuthorizationParameters` (copied), or its
   * fields in camelCase (`{ sessionMessage }`,
   * `err.info.authorizationParameters`).
   *
   * @param data The `authorization_parameters` object.
   * @returns The parameters.
   * @throws {TypeError} When `data` is not an object, or a known field has
   *   the wrong type.
   */
  static fromDict(
    data: Record<string, unknown> | GlobusAuthorizationParameters,
  ): GlobusAuthorizationParameters {
    if (data instanceof GlobusAuthorizationParameters) {
      return new GlobusAuthorizationParameters(data);
    }
    if (!isDict(data)) {
      throw kernelStack(
        new TypeError(
          `GlobusAuthorizationParameters.fromDict() takes an object of the fields (an error body's authorization_parameters, e.g. { session_required_policies: [...] }), got ${
            describe(data)
          }`,
        ),
      );
    }
    return new GlobusAuthorizationParameters(
      paramsInit(wireFields(data), false),
    );
  }

  /**
   * The wire form, without the `null` fields (Python's `to_dict()`).
   *
   * @param includeExtra Add the `extra` fields too.
   * @returns A plain object.
   */
  toDict(includeExtra = false): Record<string, unknown> {
    const out: Record<string, unknown> = includeExtra ? { ...this.extra } : {};
    for (const [field, wire] of PARAM_WIRE) {
      const v = this[field];
      if (v !== null && v !== undefined) {
        out[wire] = Array.isArray(v) ? [...v] : v;
      }
    }
    return out;
  }

  /**
   * The wire form with `extra`, for `JSON.stringify`.
   *
   * @returns `toDict(true)`.
   */
  toJSON(): Record<string, unknown> {
    return this.toDict(true);
  }

  /**
   * A short description for printing.
   *
   * @returns `GlobusAuthorizationParameters({...})` with the set fields.
   */
  toString(): string {
    return `GlobusAuthorizationParameters(${JSON.stringify(this.toDict())})`;
  }
}

function paramsInit(
  data: Record<string, unknown>,
  commaSep: boolean,
): GlobusAuthorizationParametersInit {
  const known = new Set(PARAM_WIRE.map(([, w]) => w));
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) if (!known.has(k)) extra[k] = v;
  try {
    return {
      sessionMessage: optStr("session_message", data["session_message"]),
      sessionRequiredIdentities: strList(
        "session_required_identities",
        data["session_required_identities"],
      ),
      sessionRequiredPolicies: strList(
        "session_required_policies",
        data["session_required_policies"],
        commaSep,
      ),
      sessionRequiredSingleDomain: strList(
        "session_required_single_domain",
        data["session_required_single_domain"],
        commaSep,
      ),
      sessionRequiredMfa: optBool(
        "session_required_mfa",
        data["session_required_mfa"],
      ),
      requiredScopes: strList("required_scopes", data["required_scopes"]),
      prompt: optStr("prompt", data["prompt"]),
      extra,
    };
  } catch (e) {
    if (e instanceof NotAGare && !commaSep) {
      throw kernelStack(
        new TypeError(`GlobusAuthorizationParameters: ${e.message}`),
      );
    }
    throw e;
  }
}

/** The named fields of {@linkcode GARE}'s keyword form. */
export interface GareInit {
  /** The error code, e.g. `"ConsentRequired"`. */
  code: string;
  /** The parameters, or their wire form (`{ required_scopes: […] }`). */
  authorizationParameters:
    | GlobusAuthorizationParameters
    | Record<string, unknown>;
  /** Fields beyond the GARE's own. */
  extra?: Record<string, unknown> | null | undefined;
}

const GARE_INIT_FIELDS: readonly string[] = [
  "code",
  "authorizationParameters",
  "extra",
];

/**
 * A Globus Auth Requirements Error (Python's `GARE`): its `code`
 * (`ConsentRequired`, `AuthorizationRequired`, …) and the
 * {@linkcode GlobusAuthorizationParameters} a new login needs.
 *
 * @example Build one and read it back
 * ```ts
 * import { GARE, toGare } from "@globus-deno/sdk";
 * const g = new GARE("ConsentRequired", { required_scopes: ["foo"] });
 * console.log(toGare(g.toDict())?.authorizationParameters.requiredScopes); // ["foo"]
 * ```
 */
export class GARE {
  /** The error code. */
  code: string;
  /** What a new login must ask for. */
  authorizationParameters: GlobusAuthorizationParameters;
  /** Fields this class does not know, as sent. */
  extra: Record<string, unknown>;

  /**
   * Builds a GARE from named fields, as Python's
   * `GARE(code=…, authorization_parameters=…, extra=…)`.
   *
   * @param init `code`, `authorizationParameters` (the parameters, or their
   *   wire form) and `extra` fields.
   * @throws {TypeError} When `code` is not a string, a parameter has the
   *   wrong type, or a field is unknown.
   */
  constructor(init: GareInit);
  /**
   * Builds a GARE.
   *
   * @param code The error code.
   * @param authorizationParameters The parameters, or their wire form.
   * @param options `extra` fields.
   * @throws {TypeError} When `code` is not a string or a parameter has the wrong type.
   */
  constructor(
    code: string,
    authorizationParameters:
      | GlobusAuthorizationParameters
      | Record<string, unknown>,
    options?: { extra?: Record<string, unknown> | null | undefined },
  );
  constructor(
    codeOrInit: string | GareInit,
    authorizationParameters?:
      | GlobusAuthorizationParameters
      | Record<string, unknown>,
    options: { extra?: Record<string, unknown> | null | undefined } = {},
  ) {
    let code: unknown = codeOrInit;
    if (isDict(codeOrInit) && authorizationParameters === undefined) {
      // Python's keyword form, GARE(code=…, authorization_parameters=…):
      // it was refused as "'code' must be a string, got {…}".
      const init = codeOrInit as Record<string, unknown>;
      for (const key of Object.keys(init)) {
        if (!GARE_INIT_FIELDS.includes(key)) {
          const camel = key === "authorization_parameters"
            ? " (camelCase here: authorizationParameters)"
            : "";
          throw kernelStack(
            new TypeError(
              `GARE: unknown field '${key}'${camel}; write new GARE({ code, authorizationParameters, extra })`,
            ),
          );
        }
      }
      code = init.code;
      authorizationParameters = init.authorizationParameters as
        | GlobusAuthorizationParameters
        | Record<string, unknown>;
      options = {
        extra: init.extra as Record<string, unknown> | null | undefined,
      };
    }
    if (typeof code !== "string") {
      throw kernelStack(
        new TypeError(
          `GARE: 'code' must be a string, got ${
            JSON.stringify(code) ?? String(code)
          }: write new GARE(code, authorizationParameters) or new GARE({ code, authorizationParameters })`,
        ),
      );
    }
    this.code = code;
    if (authorizationParameters instanceof GlobusAuthorizationParameters) {
      this.authorizationParameters = authorizationParameters;
    } else if (isDict(authorizationParameters)) {
      this.authorizationParameters = GlobusAuthorizationParameters.fromDict(
        authorizationParameters,
      );
    } else {
      throw kernelStack(
        new TypeError(
          "GARE: 'authorizationParameters' must be a GlobusAuthorizationParameters or an object",
        ),
      );
    }
    this.extra = isDict(options.extra) ? { ...options.extra } : {};
    slipHints(this, GARE, pythonFieldMiss("gare"));
  }

  /**
   * Reads a GARE body (Python's `GARE.from_dict`). Also takes a `GARE`
   * (copied) or its fields in camelCase (`{ code, authorizationParameters }`).
   *
   * @param data `{ code, authorization_parameters, … }`.
   * @returns The GARE.
   * @throws {TypeError} When the body is not a GARE (an API error: use
   *   {@linkcode toGare}).
   */
  static fromDict(data: Record<string, unknown> | GARE): GARE {
    if (data instanceof GARE) {
      return new GARE(
        data.code,
        GlobusAuthorizationParameters.fromDict(data.authorizationParameters),
        { extra: data.extra },
      );
    }
    if (data instanceof GlobusAPIError) {
      // Its Python-named fields threw "has no authorization_parameters".
      throw kernelStack(
        new TypeError(
          `GARE.fromDict() reads a GARE's body, not an error: toGare(err) reads the ${data.constructor.name}'s (null when it carries none), or GARE.fromDict(err.rawJson)`,
        ),
      );
    }
    if (!isDict(data)) {
      throw kernelStack(
        new TypeError(
          `GARE.fromDict() takes an object, { code, authorization_parameters: { … } }, got ${
            describe(data)
          }`,
        ),
      );
    }
    if (
      !Object.hasOwn(data, "authorization_parameters") &&
      Object.hasOwn(data, "authorizationParameters")
    ) {
      return new GARE(data as unknown as GareInit);
    }
    return gareFromBody(data);
  }

  /**
   * The wire form (Python's `to_dict()`).
   *
   * @param includeExtra Add the `extra` fields too.
   * @returns `{ code, authorization_parameters }`.
   */
  toDict(includeExtra = false): Record<string, unknown> {
    return {
      ...(includeExtra ? this.extra : {}),
      code: this.code,
      authorization_parameters: this.authorizationParameters.toDict(
        includeExtra,
      ),
    };
  }

  /**
   * The wire form with `extra`, for `JSON.stringify`.
   *
   * @returns `toDict(true)`.
   */
  toJSON(): Record<string, unknown> {
    return this.toDict(true);
  }

  /**
   * A short description for printing.
   *
   * @returns `GARE(code, {...parameters})`.
   */
  toString(): string {
    return `GARE(${JSON.stringify(this.code)}, ${
      JSON.stringify(this.authorizationParameters.toDict())
    })`;
  }
}

/** A GARE body, by the wire names alone (what toGare reads). */
function gareFromBody(data: Record<string, unknown>): GARE {
  const { code, authorization_parameters: params, ...extra } = data;
  if (typeof code !== "string") {
    throw kernelStack(new TypeError("GARE: 'code' must be a string"));
  }
  if (!isDict(params)) {
    throw kernelStack(
      new TypeError("GARE: 'authorization_parameters' must be an object"),
    );
  }
  return new GARE(
    code,
    new GlobusAuthorizationParameters(paramsInit(params, false)),
    { extra },
  );
}

function fromDictOrNull(data: Record<string, unknown>): GARE | null {
  // A GARE proper.
  try {
    return gareFromBody(data);
  } catch {
    // not one; try the legacy shapes
  }
  const { code, ...rest } = data;
  // An authorization_parameters error (comma-separated lists, code optional).
  const ap = data["authorization_parameters"];
  if (isDict(ap) && (code === undefined || typeof code === "string")) {
    try {
      // Python's legacy parameters do not know required_scopes: kept in extra.
      const { required_scopes: scopes, ...known } = ap;
      const init = paramsInit(known, true);
      if (init.prompt === null || init.prompt === "login") {
        delete init.requiredScopes;
        const { authorization_parameters: _, ...extra } = rest;
        return new GARE(
          typeof code === "string" && code !== ""
            ? code
            : "AuthorizationRequired",
          new GlobusAuthorizationParameters({
            ...init,
            extra: {
              ...init.extra,
              ...(scopes !== undefined ? { required_scopes: scopes } : {}),
            },
          }),
          { extra },
        );
      }
    } catch (e) {
      if (!(e instanceof NotAGare) && !(e instanceof TypeError)) throw e;
    }
  }
  // Globus Auth's dependent_consent_required (a dependent token call): the
  // first sub-error's unapproved_scopes.
  if (data["error"] === "dependent_consent_required") {
    const first = Array.isArray(data["errors"]) ? data["errors"][0] : null;
    if (isDict(first)) {
      try {
        const scopes = strList(
          "unapproved_scopes",
          first["unapproved_scopes"] ?? [],
        );
        return new GARE(
          "ConsentRequired",
          new GlobusAuthorizationParameters({ requiredScopes: scopes }),
        );
      } catch (e) {
        if (!(e instanceof NotAGare)) throw e;
      }
    }
  }
  if (code !== "ConsentRequired") return null;
  // Transfer's ConsentRequired: required_scopes at the top level.
  const scopes = data["required_scopes"];
  if (Array.isArray(scopes) && scopes.every((s) => typeof s === "string")) {
    const message = data["message"];
    const { required_scopes: _, ...extra } = rest;
    return new GARE(
      "ConsentRequired",
      new GlobusAuthorizationParameters({
        requiredScopes: scopes,
        sessionMessage: typeof message === "string" ? message : null,
      }),
      { extra },
    );
  }
  // Legacy action providers: one required_scope.
  const one = data["required_scope"];
  if (typeof one === "string") {
    const description = data["description"];
    const { required_scope: _, authorization_parameters: __, ...extra } = rest;
    return new GARE(
      "ConsentRequired",
      new GlobusAuthorizationParameters({
        requiredScopes: [one],
        sessionMessage: typeof description === "string" ? description : null,
        extra: isDict(ap) ? ap : null,
      }),
      { extra },
    );
  }
  return null;
}

/**
 * Reads the authorization requirements in an error (Python's
 * `globus_sdk.gare.to_gare`): a GARE body, or the legacy shapes (an
 * `authorization_parameters` error with comma-separated lists, Transfer's
 * `ConsentRequired` with top-level `required_scopes`, an action provider's
 * `required_scope`, Globus Auth's `dependent_consent_required` with its
 * `unapproved_scopes`). For a `GlobusAPIError`, its whole body if that is
 * one, else the first of its sub-errors that is one.
 *
 * @param error A `GlobusAPIError`, one of its `errors`, or a parsed body.
 * @returns The GARE, or `null` when there is none.
 *
 * @example Log in again for what a Transfer call needs
 * ```ts ignore
 * import { toGare, TransferAPIError } from "@globus-deno/sdk";
 * try {
 *   await tc.operationLs(collectionId);
 * } catch (err) {
 *   const gare = err instanceof TransferAPIError ? toGare(err) : null;
 *   if (!gare) throw err;
 *   gare.authorizationParameters.prompt = "login";
 *   await app.login({ authParams: gare.authorizationParameters });
 * }
 * ```
 */
export function toGare(error: GareSource): GARE | null {
  if (error instanceof GlobusAPIError) {
    // The whole body first (a GARE beside an `errors` array, Auth's
    // dependent_consent_required), then each sub-error, as Python's.
    const root = isDict(error.rawJson) ? fromDictOrNull(error.rawJson) : null;
    if (root) return root;
    for (const sub of error.errors) {
      const g = toGare(sub);
      if (g) return g;
    }
    return null;
  }
  const data = error instanceof ErrorSubdocument ? error.raw : error;
  // A GARE (or its parameters) is no body, as in Python (is_gare(gare) is
  // False): reading its wire names threw their camelCase hint.
  if (data instanceof GARE || data instanceof GlobusAuthorizationParameters) {
    return null;
  }
  return isDict(data) ? fromDictOrNull(data) : null;
}

/**
 * Every GARE in a list of errors (Python's `to_gares`); an API error
 * contributes each of its sub-errors that is one, then its body when that
 * has an `errors` array and is one.
 *
 * @param errors The errors.
 * @returns The GAREs found, in order.
 */
export function toGares(errors: readonly GareSource[]): GARE[] {
  const out: GARE[] = [];
  for (const e of errors) {
    const subs = e instanceof GlobusAPIError ? e.errors : [e];
    for (const s of subs) {
      const g = toGare(s);
      if (g) out.push(g);
    }
    // The body itself too when it has an `errors` array (without one, the
    // body is the one sub-error already read).
    if (
      e instanceof GlobusAPIError && isDict(e.rawJson) && "errors" in e.rawJson
    ) {
      const g = fromDictOrNull(e.rawJson);
      if (g) out.push(g);
    }
  }
  return out;
}

/**
 * Whether an error holds a GARE (Python's `is_gare`).
 *
 * @param error The error.
 * @returns `true` when {@linkcode toGare} finds one.
 */
export function isGare(error: GareSource): boolean {
  return toGare(error) !== null;
}

/**
 * Whether any of the errors holds a GARE (Python's `has_gares`).
 *
 * @param errors The errors.
 * @returns `true` when one does.
 */
export function hasGares(errors: readonly GareSource[]): boolean {
  return errors.some(isGare);
}
