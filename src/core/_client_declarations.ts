/**
 * What a client class of the user's declares as the Python SDK's client
 * classes do with class attributes (`service_name`, `resource_server`,
 * `scopes`, `default_scope_requirements`, `error_class`): the checks of
 * each value, and the authorizer of a client whose app requirement is known
 * only once its instance fields are set.
 *
 * @module
 */
import { classLabel } from "./_class_label.ts";
import type { AuthorizationHeaderOptions, Authorizer } from "./authorizer.ts";
import { appAuthorizer, type ServiceApp } from "./app_seam.ts";
import { GlobusAPIError, type GlobusAPIErrorInit } from "./errors.ts";
import { describeNonObject } from "./_options.ts";
import { kernelStack } from "./_kernel_stack.ts";

/** The declarations, as a class's static fields (or an instance's fields). */
export interface ClientDeclarations {
  readonly name: string;
  readonly serviceName?: unknown;
  readonly resourceServer?: unknown;
  readonly scopes?: unknown;
  readonly defaultScopeRequirements?: unknown;
  readonly errorClass?: unknown;
}

/** Python's class attributes, by the names declared here. */
const PYTHON_NAMES: Readonly<Record<string, string>> = {
  service_name: "serviceName",
  resource_server: "resourceServer",
  default_scope_requirements: "defaultScopeRequirements",
  error_class: "errorClass",
};

/**
 * Refuses a declaration under Python's name (`static resource_server =
 * "…"`): it would be ignored, and the client made without it.
 *
 * @param cls The class.
 * @param own Only its own static fields (not those it inherits).
 */
export function refusePythonNames(
  cls: ClientDeclarations,
  own = false,
): void {
  for (const [python, name] of Object.entries(PYTHON_NAMES)) {
    if (own ? Object.hasOwn(cls, python) : python in cls) {
      throw kernelStack(
        new TypeError(
          `${
            classLabel(cls)
          }.${python} is Python's name: declare static ${name} = … (the SDK reads ${name}; ${python} would be ignored)`,
        ),
      );
    }
  }
}

/** The declarations a class reads, by name. */
const DECLARED = [
  "serviceName",
  "resourceServer",
  "scopes",
  "defaultScopeRequirements",
  "errorClass",
] as const;

/** Declarations found on classes of the user's, by name. */
export type DeclaredValues = Partial<
  Record<(typeof DECLARED)[number], unknown>
>;

/**
 * The declarations of the user's classes between `target` and the SDK's
 * client class it extends (`class MyTransferClient extends TransferClient {
 * static defaultScopeRequirements = [...] }`), as Python's subclasses
 * override `default_scope_requirements` and the other class attributes;
 * the nearest class's value of each wins.
 *
 * @param target `new.target`.
 * @param isSdkClass Whether a class is the SDK's (where the walk stops).
 * @returns The values found, or `undefined` when there are none.
 * @throws {TypeError} For a declaration under Python's name.
 */
export function subclassDeclarations(
  target: object,
  isSdkClass: (cls: object) => boolean,
): DeclaredValues | undefined {
  let found: DeclaredValues | undefined;
  for (
    let c: object | null = target;
    c !== null && c !== Function.prototype && !isSdkClass(c);
    c = Object.getPrototypeOf(c)
  ) {
    refusePythonNames(c as ClientDeclarations, true);
    for (const key of DECLARED) {
      if (Object.hasOwn(c, key) && !(found !== undefined && key in found)) {
        (found ??= {})[key] = (c as Record<string, unknown>)[key];
      }
    }
  }
  return found;
}

/** A value for an error message: a short string quoted, else its kind. */
function shown(value: unknown): string {
  if (typeof value === "string" && value.length <= 120) {
    return JSON.stringify(value);
  }
  return describeNonObject(value);
}

/**
 * Services whose URLs do not follow the Python SDK's `https://{name}.api.{domain}/`
 * pattern (it has a URL of their own for each environment).
 */
const OWN_URL_SERVICES: readonly string[] = ["timer", "flows", "actions"];

/**
 * Checks a `serviceName` (Python's `service_name`): the short name whose
 * URL is `https://{name}.api.globus.org/` (or `GLOBUS_SDK_SERVICE_URL_{NAME}`).
 *
 * @param client The class's name.
 * @param value The declared value.
 * @returns The name, or `undefined` when none is declared.
 */
export function checkServiceName(
  client: string,
  value: unknown,
): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string" && /^[a-z][a-z0-9_]*$/.test(value)) {
    if (OWN_URL_SERVICES.includes(value)) {
      throw kernelStack(
        new TypeError(
          `${client}.serviceName "${value}": its URL is not https://${value}.api.globus.org/, so pass the service's URL as the baseUrl option (or set GLOBUS_SDK_SERVICE_URL_${value.toUpperCase()})`,
        ),
      );
    }
    return value;
  }
  const url = typeof value === "string" &&
    /^[a-z][a-z0-9+.-]*:\/\//i.test(value);
  throw kernelStack(
    new TypeError(
      `${client}.serviceName must be a Globus service's short name in lowercase, as Python's service_name, e.g. static serviceName = "groups" (for https://groups.api.globus.org/)${
        url ? "; a URL goes in the baseUrl option" : ""
      }: current value is ${shown(value)}`,
    ),
  );
}

/**
 * Checks a `resourceServer` (Python's `resource_server`).
 *
 * @param where e.g. `GroupsClient.resourceServer`.
 * @param value The declared value.
 * @returns The name, or `undefined` when none is declared.
 */
export function checkResourceServer(
  where: string,
  value: unknown,
): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (
    typeof value === "string" && value !== "" && !/\s/.test(value) &&
    !value.includes("://")
  ) {
    return value;
  }
  throw kernelStack(
    new TypeError(
      `${where} must be the name of the service's resource server, as Python's resource_server, e.g. "groups.api.globus.org" (not a URL or a scope): current value is ${
        shown(value)
      }`,
    ),
  );
}

/**
 * Checks a `scopes` (Python's `scopes`, a scope collection such as
 * `TransferScopes`): an object, whose `resourceServer`, if any, is a
 * resource server's name.
 *
 * @param where e.g. `GroupsClient.scopes`.
 * @param value The declared value.
 * @returns Its `resourceServer`, or `undefined`.
 */
export function scopesResourceServer(
  where: string,
  value: unknown,
): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) {
    throw kernelStack(
      new TypeError(
        `${where} must be an object of the service's scope strings, as Python's scopes (a scope collection such as TransferScopes), e.g. { resourceServer: "groups.api.globus.org", all: "urn:…" }; the scopes an app logs in with go in defaultScopeRequirements (an array): current value is ${
          shown(value)
        }`,
      ),
    );
  }
  return checkResourceServer(
    `${where}.resourceServer`,
    (value as { resourceServer?: unknown }).resourceServer,
  );
}

/**
 * Checks a `defaultScopeRequirements` (Python's
 * `default_scope_requirements`): an array of scope strings or `Scope`s.
 *
 * @param where e.g. `GroupsClient.defaultScopeRequirements`.
 * @param value The declared value.
 * @returns The scope strings, or `undefined` when none are declared.
 */
export function checkScopeList(
  where: string,
  value: unknown,
): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const fix =
    `${where} must be an array of scope strings or Scopes, as Python's default_scope_requirements, e.g. ["urn:globus:auth:scope:groups.api.globus.org:all"]`;
  if (!Array.isArray(value)) {
    throw kernelStack(
      new TypeError(
        `${fix}${
          typeof value === "string" || isScope(value)
            ? " (put the one scope in an array)"
            : ""
        }: current value is ${shown(value)}`,
      ),
    );
  }
  return value.map((scope, i) => {
    if (typeof scope === "string" && scope.trim() !== "") return scope;
    if (isScope(scope)) return String(scope);
    throw kernelStack(
      new TypeError(`${fix}: item ${i} is ${shown(scope)}`),
    );
  });
}

/**
 * Checks the options form's `appScopes` (Python's `app_scopes`): one scope
 * or an array of them, given with an `app`.
 *
 * @param client The class's name.
 * @param options The client's options.
 * @returns The scope strings, or `undefined` when not given.
 */
export function checkAppScopes(
  client: string,
  options: { app?: unknown; appScopes?: unknown },
): string[] | undefined {
  const given = options.appScopes;
  if (given === undefined || given === null) return undefined;
  if (!options.app) {
    throw kernelStack(
      new TypeError(
        `${client}: 'appScopes' was given without an 'app': it sets the scopes the client adds to its app's requirements, so pass both, e.g. new ${client}({ app, appScopes: [...] })`,
      ),
    );
  }
  const scopes = checkScopeList(
    `${client}'s appScopes option`,
    Array.isArray(given) ? given : [given],
  )!;
  return scopes.length > 0 ? scopes : undefined;
}

/** A `Scope` (or another object that writes itself as a scope string). */
function isScope(value: unknown): boolean {
  return typeof value === "object" && value !== null &&
    !Array.isArray(value) &&
    (value as { toString?: unknown }).toString !== Object.prototype.toString &&
    typeof (value as { toString?: unknown }).toString === "function";
}

/**
 * Checks an `errorClass` (Python's `error_class`): `GlobusAPIError` or a
 * subclass.
 *
 * @param client The class's name.
 * @param value The declared value.
 * @returns The class (`GlobusAPIError` when none is declared).
 */
export function checkErrorClass(
  client: string,
  value: unknown,
): new (init: GlobusAPIErrorInit) => GlobusAPIError {
  if (value === undefined || value === null) return GlobusAPIError;
  if (
    typeof value === "function" &&
    (value === GlobusAPIError ||
      value.prototype instanceof GlobusAPIError)
  ) {
    return value as new (init: GlobusAPIErrorInit) => GlobusAPIError;
  }
  throw kernelStack(
    new TypeError(
      `${client}.errorClass must be GlobusAPIError or a class that extends it, as Python's error_class: current value is ${
        shown(value)
      }`,
    ),
  );
}

/** What an app needs from a client: its resource server and scopes. */
export interface AppRequirement {
  resourceServer: string;
  scopes: string[];
}

/**
 * Checks the requirement of a client made with `{ app }`.
 *
 * @param client The class's name.
 * @param resourceServer The resource server found.
 * @param scopes The scopes found.
 * @returns The requirement.
 * @throws {TypeError} When one is missing.
 */
export function appRequirement(
  client: string,
  resourceServer: string | undefined,
  scopes: string[] | undefined,
): AppRequirement {
  if (resourceServer === undefined) {
    throw kernelStack(
      new TypeError(
        `${client} has no resource server, so its app cannot get tokens for it (Python: "Unable to use an 'app' with a client with no 'resource_server' defined"): declare it on the class, e.g. static resourceServer = "groups.api.globus.org"`,
      ),
    );
  }
  if (scopes === undefined || scopes.length === 0) {
    throw kernelStack(
      new TypeError(
        `${client} has no scopes for its app to log in with: declare them on the class, as Python's default_scope_requirements, e.g. static defaultScopeRequirements = ["urn:globus:auth:scope:${resourceServer}:all"]`,
      ),
    );
  }
  return { resourceServer, scopes };
}

/**
 * An {@linkcode Authorizer} for a client whose app requirement is read on
 * its first request (a client that declares its resource server or scopes
 * as instance fields, which are set after the base class's constructor):
 * it then adds the requirement to the app and asks the app for tokens.
 *
 * @param app The app.
 * @param resolve Reads and checks the client's requirement.
 * @returns The authorizer.
 */
export function deferredAppAuthorizer(
  app: ServiceApp,
  resolve: () => AppRequirement,
): Authorizer {
  let inner: Authorizer | undefined;
  const get = (): Authorizer => {
    if (inner) return inner;
    const { resourceServer, scopes } = resolve();
    app.addScopeRequirements({ [resourceServer]: scopes });
    return inner = appAuthorizer(app, resourceServer);
  };
  return {
    async getAuthorizationHeader(options?: AuthorizationHeaderOptions) {
      return await get().getAuthorizationHeader(options);
    },
    async handleMissingAuthorization(sentAuthorization?: string) {
      const a = get();
      return a.handleMissingAuthorization
        ? await a.handleMissingAuthorization(sentAuthorization)
        : false;
    },
    async handleAuthorizationRequirements(params) {
      const a = get();
      return a.handleAuthorizationRequirements
        ? await a.handleAuthorizationRequirements(params)
        : false;
    },
  };
}
