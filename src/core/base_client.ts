/**
 * The base of every service client: base URL resolution, the transport,
 * the authorizer (or app), and typed, validated calls.
 *
 * @module
 */
import { classLabel } from "./_class_label.ts";
import { appAuthUrl, checkAppServiceMatch } from "./_app_service_match.ts";
import {
  BASE_CLIENT_OPTIONS,
  checkApp,
  checkAuthorizer,
  checkBaseUrl,
  checkClientOptions,
  checkOptions,
  describeNonObject,
  isRegisteredClient,
  type OptionsHint,
  registerClientOptions,
} from "./_options.ts";
import { appAuthorizer, type ServiceApp } from "./app_seam.ts";
import { withPythonReads } from "./_python_reads.ts";
import { ownFieldSetter } from "./_own_field.ts";
import type { Authorizer } from "./authorizer.ts";
import { type GlobusService, serviceUrl } from "./environments.ts";
import type { GlobusAPIError, GlobusAPIErrorInit } from "./errors.ts";
import type { Scope } from "../auth/scopes.ts";
import { toScopes } from "../app/scope_requirements.ts";
import {
  appRequirement,
  checkAppScopes,
  checkErrorClass,
  checkResourceServer,
  checkScopeList,
  checkServiceName,
  type ClientDeclarations,
  deferredAppAuthorizer,
  refusePythonNames,
  scopesResourceServer,
  subclassDeclarations,
} from "./_client_declarations.ts";
import {
  headersWanted,
  HttpTransport,
  type QueryValue,
  type TransportOptions,
  type TransportRequest,
  type TransportResponse,
} from "./transport.ts";
import { DENO_INSPECT, NODE_INSPECT, redactUrl } from "./redact.ts";
import { appendableBase, requestUrl } from "./request_url.ts";
import { GlobusHTTPResponse } from "./response.ts";
import { parseResponse, type ResponseSchema } from "./validate.ts";
import { classMiss, slipHints } from "../notebook/_slip_hints.ts";
import { kernelStack } from "./_kernel_stack.ts";
import { checkBoolean } from "./_option_values.ts";

/** Options every service client accepts. */
export interface BaseClientOptions extends TransportOptions {
  /** Sends requests with this authorizer. */
  authorizer?: Authorizer | null | undefined;
  /** Or: gets authorizers from this app (logging in on first use). */
  app?: ServiceApp | undefined;
  /** The Globus environment (default: `GLOBUS_SDK_ENVIRONMENT` or production). */
  environment?: string | undefined;
  /** Overrides the service's base URL. */
  baseUrl?: string | undefined;
  /**
   * Check each response body against the method's schema, throwing a
   * {@linkcode ResponseValidationError} (which keeps the body) when it does
   * not fit. `false` returns bodies as received, unchecked, for a shape
   * this package did not foresee.
   * @default {true}
   */
  validateResponses?: boolean | undefined;
}

/** One call made by a client method. */
export interface CallOptions<T> {
  /** Query parameters. */
  query?: Record<string, QueryValue> | undefined;
  /** A JSON body. */
  json?: unknown;
  /** A form body. */
  form?: Record<string, string | undefined> | undefined;
  /** Extra headers. */
  headers?: Record<string, string> | undefined;
  /** The response schema; without it, the body is returned as it is. */
  schema?: ResponseSchema<T> | undefined;
  /** What the response is, for error messages. */
  what?: string | undefined;
  /** Aborts the call. */
  signal?: AbortSignal | undefined;
  /** Overrides the client's authorizer for this call. */
  authorizer?: Authorizer | null | undefined;
}

/**
 * Options of the generic calls ({@linkcode BaseClient.request},
 * `get`, `post`, `put`, `patch`, `delete`), as the Python SDK's
 * `query_params`, `data`, `headers`, `encoding` and
 * `automatic_authorization`.
 */
export interface RequestOptions {
  /** Query parameters (`undefined`/`null` values are left out, arrays comma-joined). */
  queryParams?: Record<string, QueryValue> | undefined;
  /** The body: JSON by default, or a form with `encoding: "form"`. */
  data?: unknown;
  /** Extra headers. */
  headers?: Record<string, string> | undefined;
  /**
   * How `data` is sent: `"json"` (the default) or `"form"`
   * (`application/x-www-form-urlencoded`; `data` must be an object of strings).
   */
  encoding?: "json" | "form" | undefined;
  /**
   * Send the client's authorizer's `Authorization` header.
   * @default {true}
   */
  automaticAuthorization?: boolean | undefined;
  /** Aborts the call. */
  signal?: AbortSignal | undefined;
}

/** The options of `request()` (and `post()`, `put()`, `patch()`). */
const REQUEST_OPTIONS: readonly string[] = [
  "queryParams",
  "data",
  "headers",
  "encoding",
  "automaticAuthorization",
  "signal",
];
/** The options of `get()` and `delete()`: no body. */
const REQUEST_OPTIONS_NO_BODY: readonly string[] = REQUEST_OPTIONS.filter(
  (k) => k !== "data" && k !== "encoding",
);
const REQUEST_HINT: OptionsHint = Object.freeze({
  example: 'tc.get("v0.10/task_list", { queryParams: { limit: 10 } })',
});

/**
 * A client's scopes (Python's `ScopeCollection`, a client's `scopes`): an
 * object of the service's scope strings by name, with the resource server
 * they belong to, as `TransferScopes`, `AuthScopes` or
 * `ScopeBuilder(…)`'s result.
 */
export type ScopeCollection = object & {
  /** The resource server the scopes belong to, e.g. `groups.api.globus.org`. */
  readonly resourceServer?: string | undefined;
};

/**
 * What every client has, as the Python SDK's clients have them as class
 * attributes. Declared here, not as accessors of the class, so that a
 * client of another service declares them as fields, static
 * (`static resourceServer = "groups.api.globus.org"`, read when the client
 * is made) or not (`override readonly resourceServer = "…"`, read on its
 * first request).
 */
export interface BaseClient {
  /**
   * The resource server of the client's tokens, e.g.
   * `transfer.api.globus.org` (Python's `client.resource_server`, which an
   * instance has as its class does): `tokens.byResourceServer[tc.resourceServer]`.
   * A client of another service declares it (`static resourceServer =
   * "groups.api.globus.org"`), or its `scopes` have it; `undefined` for
   * one that declares neither.
   */
  readonly resourceServer: string;
  /**
   * The class's scopes (Python's `client.scopes`, read from an instance as
   * from the class): `tc.scopes.all` is `TransferClient.scopes.all`;
   * `undefined` for a class without them. A client class of another
   * service that declares `static scopes = GroupsScopes` gets their exact
   * type on its instances with `declare readonly scopes: typeof
   * GroupsScopes;` (no code: a type only).
   */
  readonly scopes: ScopeCollection | undefined;
  /**
   * The scopes an app logs in with for this client (Python's
   * `default_scope_requirements`): the class's
   * `static defaultScopeRequirements`, or those the client was made with
   * (`[TransferScopes.all]` for a `TransferClient`).
   */
  readonly defaultScopeRequirements?:
    | readonly (string | Scope)[]
    | undefined;
}

/**
 * Shared machinery of the service clients. Not used directly: subclass it
 * to add a client for another Globus service, declaring what the Python
 * SDK's client classes declare as class attributes (`service_name`,
 * `resource_server`, `scopes`, `default_scope_requirements`,
 * `error_class`) as static fields: `serviceName` (the URL is then
 * `https://{serviceName}.api.globus.org/`, or
 * `GLOBUS_SDK_SERVICE_URL_{SERVICENAME}`, unless `baseUrl` is given),
 * `resourceServer` (or a `scopes` object with one), `scopes`,
 * `defaultScopeRequirements` (what `{ app }` logs in with), `errorClass`
 * (default `GlobusAPIError`). `resourceServer`, `scopes` and
 * `defaultScopeRequirements` may also be instance fields, read on the
 * first request (the app then learns the scopes at that request, not when
 * the client is made).
 *
 * @example A small client for another service
 * ```ts
 * import { BaseClient } from "@globus-deno/sdk";
 *
 * class GroupsClient extends BaseClient {
 *   static serviceName = "groups"; // https://groups.api.globus.org/
 *   static resourceServer = "groups.api.globus.org";
 *   static defaultScopeRequirements = [
 *     "urn:globus:auth:scope:groups.api.globus.org:view_my_groups_and_memberships",
 *   ];
 *
 *   async myGroups(): Promise<{ id: string; name: string }[]> {
 *     return (await this.get<{ id: string; name: string }[]>("v2/groups/my_groups")).data;
 *   }
 * }
 *
 * const groups = new GroupsClient({
 *   fetch: () => Promise.resolve(Response.json([{ id: "g1", name: "Team" }])),
 * });
 * console.log(groups.baseUrl, groups.resourceServer, await groups.myGroups());
 * ```
 */
export abstract class BaseClient {
  /** The base URL (with a trailing slash), e.g. `https://transfer.api.globus.org/`. */
  readonly baseUrl: string;
  /** The transport that sends every request. */
  readonly transport: HttpTransport;
  /** The authorizer used for requests, or `null`. */
  readonly authorizer: Authorizer | null;
  /** The app, when the client was built with `{ app }`. */
  readonly app: ServiceApp | undefined;
  readonly #errorClass: new (init: GlobusAPIErrorInit) => GlobusAPIError;
  readonly #validate: boolean;
  readonly #resourceServer: string | undefined;
  /** The scopes the client was made with (its app requirement), if known. */
  readonly #scopes: readonly string[] | undefined;
  /** The base URL paths are appended to, when that is what parsing gives. */
  readonly #appendable: string | undefined;
  /**
   * For a subclass of one of the SDK's clients made with an app: the
   * requirement it added, to check on the first request against instance
   * fields the subclass declares (set after it was added).
   */
  #lateFields:
    | {
      resourceServer: string;
      scopes: readonly string[];
      /** `appScopes` was given: it replaces the class's scopes. */
      appScopes: boolean;
    }
    | undefined;

  /**
   * Makes a client of a class that declares its service as static fields
   * (see the class's description): `new GroupsClient({ app })`.
   *
   * @param options The client options.
   * @throws {TypeError} For a declaration of the wrong kind, a class with
   *   neither `serviceName` nor a `baseUrl`, or (with `app`) a class that
   *   declares no resource server or scopes as static fields or instance
   *   fields; and as below.
   */
  constructor(
    options?: BaseClientOptions & {
      /**
       * With `app`: the scopes this client adds to the app's requirements,
       * instead of the class's `defaultScopeRequirements` (Python's
       * `app_scopes`).
       */
      appScopes?: string | Scope | readonly (string | Scope)[] | undefined;
    },
  );
  /**
   * Sets up the base URL, transport and authorizer (the SDK's own clients).
   *
   * @param service Which service this client talks to.
   * @param resourceServer Its resource server (for `{ app }`).
   * @param scopes The scopes to require from `{ app }`.
   * @param options The client options.
   * @param errorClass The error class for this service.
   * @throws {TypeError} When both `app` and `authorizer` are given, a
   *   `baseUrl` or `GLOBUS_SDK_SERVICE_URL_*` override is not an absolute
   *   URL, or (for the SDK's own clients) an option name is unknown.
   * @throws {RangeError} For an unknown environment, or invalid retry or
   *   timeout settings.
   */
  constructor(
    service: GlobusService,
    resourceServer: string,
    scopes: string[],
    options: BaseClientOptions,
    errorClass: new (init: GlobusAPIErrorInit) => GlobusAPIError,
  );
  constructor(
    first?: GlobusService | BaseClientOptions,
    resourceServerArg?: string,
    scopesArg?: string[],
    optionsArg?: BaseClientOptions,
    errorClassArg?: new (init: GlobusAPIErrorInit) => GlobusAPIError,
  ) {
    let service: string;
    let resourceServer: string | undefined;
    let scopes: string[] | undefined;
    let options: BaseClientOptions;
    let errorClass: new (init: GlobusAPIErrorInit) => GlobusAPIError;
    // The options form's `appScopes` (the SDK's clients read their own).
    let appScopes: string[] | undefined;
    if (typeof first === "string") {
      service = first;
      resourceServer = resourceServerArg;
      scopes = scopesArg;
      options = optionsArg ?? {};
      errorClass = errorClassArg!;
      // Python's class attributes declared by a class of the user's that
      // extends one of the SDK's clients (`static defaultScopeRequirements`
      // on a TransferClient subclass), which Python's clients honour.
      const own = subclassDeclarations(new.target, isRegisteredClient);
      if (own !== undefined) {
        const name = classLabel(new.target);
        service = checkServiceName(name, own.serviceName) ?? service;
        resourceServer = checkResourceServer(
          `${name}.resourceServer`,
          own.resourceServer,
        ) ?? scopesResourceServer(`${name}.scopes`, own.scopes) ??
          resourceServer;
        // The appScopes option wins over the class's requirements.
        if (!givenAppScopes(options)) {
          scopes = checkScopeList(
            `${name}.defaultScopeRequirements`,
            own.defaultScopeRequirements,
          ) ?? scopes;
        }
        if (own.errorClass !== undefined && own.errorClass !== null) {
          errorClass = checkErrorClass(name, own.errorClass);
        }
      }
    } else {
      // Python's class attributes, as the class's static fields.
      const cls = new.target as unknown as ClientDeclarations;
      options = first ?? {};
      const name = classLabel(cls);
      refusePythonNames(cls);
      const serviceName = checkServiceName(name, cls.serviceName);
      resourceServer = checkResourceServer(
        `${name}.resourceServer`,
        cls.resourceServer,
      ) ?? scopesResourceServer(`${name}.scopes`, cls.scopes);
      scopes = checkScopeList(
        `${name}.defaultScopeRequirements`,
        cls.defaultScopeRequirements,
      );
      errorClass = checkErrorClass(name, cls.errorClass);
      appScopes = checkAppScopes(name, options);
      if (serviceName === undefined && options.baseUrl === undefined) {
        throw kernelStack(
          new TypeError(
            `Cannot create the ${name} as it has no URL: declare the service's short name on the class, as Python's service_name: static serviceName = "groups" (for https://groups.api.globus.org/; a static field, as the URL is made before instance fields are set), or pass the baseUrl option`,
          ),
        );
      }
      service = serviceName ?? "";
    }
    checkClientOptions(new.target, options);
    checkApp(classLabel(new.target), options.app);
    if (options.app && options.authorizer) {
      throw kernelStack(
        new TypeError(
          "Pass either 'app' or 'authorizer' to a service client, not both",
        ),
      );
    }
    const environment = options.environment ?? options.app?.environment;
    checkBaseUrl(classLabel(new.target), options.baseUrl);
    checkAuthorizer(classLabel(new.target), options.authorizer);
    // A `validateResponses: "false"` (a string) was read as true.
    checkBoolean(
      `Cannot create the ${classLabel(new.target)}`,
      "validateResponses",
      options.validateResponses,
    );
    // An Auth client made from an app calls the Auth its app logs in at
    // (Python's AuthClient(app=app)): an app on an emulator's Auth made one
    // that called Globus Auth, refused as a mismatch.
    const base = options.baseUrl ??
      (service === "auth" ? appAuthUrl(options.app) : undefined) ??
      serviceUrl(service, environment);
    this.baseUrl = base.endsWith("/") ? base : base + "/";
    refuseUserinfo(
      classLabel(new.target),
      this.baseUrl,
      options.baseUrl !== undefined
        ? "'baseUrl'"
        : `GLOBUS_SDK_SERVICE_URL_${service.toUpperCase()}`,
    );
    checkAppServiceMatch(
      classLabel(new.target),
      `GLOBUS_SDK_SERVICE_URL_${service.toUpperCase()}`,
      options.app,
      options.baseUrl,
      this.baseUrl,
    );
    this.#appendable = appendableBase(this.baseUrl);
    // Python's clients send their app's name (app_name) in User-Agent.
    const appName = options.appName ?? options.app?.appName;
    this.transport = new HttpTransport(
      appName === undefined ? options : { ...options, appName },
    );
    this.app = options.app;
    this.#resourceServer = resourceServer;
    this.#scopes = typeof first === "string"
      ? Object.freeze([...scopes ?? []])
      : undefined;
    if (options.app) {
      const required = appScopes ?? scopes;
      if (
        resourceServer !== undefined &&
        (typeof first === "string" ||
          (required !== undefined && required.length))
      ) {
        options.app.addScopeRequirements({ [resourceServer]: required ?? [] });
        this.authorizer = appAuthorizer(options.app, resourceServer);
        if (typeof first === "string" && !isRegisteredClient(new.target)) {
          this.#lateFields = {
            resourceServer,
            scopes: required ?? [],
            appScopes: givenAppScopes(options),
          };
        }
      } else {
        // Declared as instance fields (set once this constructor has
        // returned), or missing: read and checked on the first request.
        const name = classLabel(new.target);
        this.authorizer = deferredAppAuthorizer(
          options.app,
          () =>
            appRequirement(
              name,
              checkResourceServer(
                `${name}'s resourceServer`,
                this.resourceServer,
              ),
              appScopes ?? checkScopeList(
                `${name}'s defaultScopeRequirements`,
                this.defaultScopeRequirements,
              ),
            ),
        );
      }
      // The app's checks (Python: GlobusApp.get_client_retry_checks()).
      for (const check of options.app.getClientRetryChecks?.() ?? []) {
        this.transport.registerRetryCheck(check);
      }
    } else {
      this.authorizer = options.authorizer ?? null;
    }
    this.#errorClass = errorClass;
    this.#validate = options.validateResponses !== false;
    // Python's names, and each client's own misses (Python methods with no
    // TypeScript version, registered by its class with registerMisses).
    slipHints(this, BaseClient, classMiss);
  }

  // The accessors of the members declared in the interface above, on the
  // prototype (not the class's own accessors, which a subclass could not
  // override with a field: TS2610). A field of a subclass is an own
  // property, found first; the setter makes one too, for a field compiled
  // as an assignment (TypeScript without useDefineForClassFields).
  static {
    const field = (key: string) => ({
      set: ownFieldSetter(key),
      enumerable: false,
      configurable: true,
    });
    Object.defineProperties(this.prototype, {
      resourceServer: {
        ...field("resourceServer"),
        get(this: BaseClient): string | undefined {
          if (!(#resourceServer in this)) return undefined;
          if (this.#resourceServer !== undefined) return this.#resourceServer;
          const rs = (this.scopes as { resourceServer?: unknown } | undefined)
            ?.resourceServer;
          return typeof rs === "string" ? rs : undefined;
        },
      },
      scopes: {
        ...field("scopes"),
        get(this: BaseClient): ScopeCollection | undefined {
          return (this.constructor as { scopes?: ScopeCollection }).scopes;
        },
      },
      defaultScopeRequirements: {
        ...field("defaultScopeRequirements"),
        get(this: BaseClient): unknown {
          return (this.constructor as { defaultScopeRequirements?: unknown })
            .defaultScopeRequirements ??
            (#scopes in this ? this.#scopes : undefined);
        },
      },
    });
  }

  /**
   * Python's `client.close()`, so that a ported
   * `with TransferClient(app=app) as tc:` is `using tc = new
   * TransferClient({ app })` (or `await using`; any client). The client holds no
   * connection of its own (each request is a `fetch`), so there is nothing
   * to release: it stays usable, as a Python client does after `close()`.
   * Its app is not closed (close that with its own `using`).
   */
  close(): void {}

  /** Calls {@linkcode close}: `using tc = new TransferClient(…)` (any client). */
  [Symbol.dispose](): void {
    this.close();
  }

  /** Calls {@linkcode close}: `await using tc = new TransferClient(…)`. */
  [Symbol.asyncDispose](): Promise<void> {
    this.close();
    return Promise.resolve();
  }

  /**
   * Adds scopes to the app's requirements for this client's resource
   * server, beyond its default ones, as the Python SDK's
   * `client.add_app_scope(scopes)`: e.g. the `requiredScopes` of a
   * `ConsentRequired` error (`err.info.consentRequired.requiredScopes`),
   * which the next login (`app.login()`, or the next call when the app
   * must log in again) asks for.
   *
   * @param scopes A scope string, a `Scope`, or a list of them.
   * @returns This client, for chaining.
   * @throws {TypeError} When the client was not built with `{ app }`, or
   *   a scope is neither a string nor a `Scope`.
   */
  addAppScope(scopes: string | Scope | readonly (string | Scope)[]): this {
    if (!this.app) {
      throw kernelStack(
        new TypeError(
          `Cannot add an app scope as this ${
            classLabel(this.constructor)
          } has no app: build it with new ${
            classLabel(this.constructor)
          }({ app }) (an authorizer's token cannot gain scopes)`,
        ),
      );
    }
    const rs = this.resourceServer;
    this.app.addScopeRequirements({ [rs]: toScopes(rs, scopes).map(String) });
    return this;
  }

  /**
   * The client's class and base URL, e.g.
   * `TransferClient (https://transfer.api.globus.org/)` (it was
   * `[object Object]` in a template string).
   *
   * @returns The text.
   */
  toString(): string {
    return `${classLabel(this.constructor)} (${this.baseUrl})`;
  }

  /**
   * What `console.log(client)` (or a cell ending in it) shows: the base URL
   * and the app, or the authorizer when there is no app. It showed the
   * transport (`HttpTransport {}`), the functions of the app's authorizer,
   * and fields that were `undefined`.
   */
  #inspectFields(): Record<string, unknown> {
    return this.app
      ? { baseUrl: this.baseUrl, app: this.app }
      : { baseUrl: this.baseUrl, authorizer: this.authorizer };
  }

  /**
   * Deno's inspect hook.
   *
   * @param inspect Deno's inspect.
   * @param options Its options.
   * @returns The description.
   */
  [DENO_INSPECT](
    inspect: (value: unknown, options: unknown) => string,
    options: unknown,
  ): string {
    return `${classLabel(this.constructor)} ${
      inspect(this.#inspectFields(), options)
    }`;
  }

  /**
   * Node's inspect hook.
   *
   * @param _depth The depth.
   * @param options Its options.
   * @param inspect Node's inspect.
   * @returns The description.
   */
  [NODE_INSPECT](
    _depth: number,
    options: unknown,
    inspect: (value: unknown, options: unknown) => string,
  ): string {
    return `${classLabel(this.constructor)} ${
      inspect(this.#inspectFields(), options)
    }`;
  }

  /**
   * Sends a request to `path` (relative to the base URL) and returns the
   * raw response.
   *
   * @param method The HTTP method.
   * @param path The path, e.g. `v0.10/task_list`.
   * @param options The call's options.
   * @returns The response.
   */
  protected raw(
    method: string,
    path: string,
    options: CallOptions<unknown> = {},
  ): Promise<TransportResponse> {
    // Not an async function (one promise layer less on every request); a
    // bad path is still a rejection, not a synchronous throw.
    try {
      return this.transport.request(this.#request(method, path, options));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** The transport's request for a call. */
  #request(
    method: string,
    path: string,
    options: CallOptions<unknown>,
  ): TransportRequest {
    if (this.#lateFields !== undefined) this.#refuseLateFields();
    const authorizer = options.authorizer === undefined
      ? this.authorizer
      : options.authorizer;
    // One object literal (no spreads of conditional parts): built on every
    // request.
    const req: TransportRequest = {
      method,
      url: requestUrl(
        method,
        this.baseUrl,
        this.#appendable,
        path,
        options.query,
      ),
      signal: options.signal,
      authorizer,
      errorClass: this.#errorClass,
      resourceServer: this.resourceServer,
    };
    if (options.json !== undefined) req.json = options.json;
    if (options.form) req.form = options.form;
    if (options.headers) req.headers = options.headers;
    return req;
  }

  /**
   * Sends a request and validates the JSON body.
   *
   * @param method The HTTP method.
   * @param path The path relative to the base URL.
   * @param options The call's options (with `schema`).
   * @returns The parsed body.
   * @throws {ResponseValidationError} When the body breaks the schema.
   */
  protected async call<T>(
    method: string,
    path: string,
    options: CallOptions<T> = {},
  ): Promise<T> {
    const res = await this.raw(method, path, options as CallOptions<unknown>);
    if (!options.schema || !this.#validate) {
      return withPythonReads(res.data as T, res.status, res.headers);
    }
    // The common case first: a valid body needs no error context (whose
    // redacted URL costs URL parses); a failure is checked again below,
    // with it. The SDK's schemas (src/core/_schema.ts) return a passing
    // body itself, not a copy.
    const checked = options.schema.safeParse(res.data);
    if (checked.success) {
      return withPythonReads(checked.data, res.status, res.headers);
    }
    return withPythonReads(
      parseResponse(
        options.schema,
        res.data,
        options.what ?? "response",
        `${res.method} ${redactUrl(res.url)}`,
        res.text,
      ),
      res.status,
      res.headers,
    );
  }

  /**
   * Refuses (on its first request) a subclass of one of the SDK's clients
   * that declares its app requirement as instance fields: they are set
   * after the client added its class's requirement to the app, so the app
   * would log in without them (they were ignored without a word).
   */
  #refuseLateFields(): void {
    const added = this.#lateFields!;
    this.#lateFields = undefined;
    const name = classLabel(this.constructor);
    const own = (key: string) => Object.hasOwn(this, key);
    // `appScopes` replaces the class's scopes (Python's app_scopes): an
    // instance field's are not what the app logs in with either way.
    const scopes = own("defaultScopeRequirements") && !added.appScopes
      ? checkScopeList(
        `${name}'s defaultScopeRequirements`,
        this.defaultScopeRequirements,
      )
      : undefined;
    const late = [
      ...(own("resourceServer") && this.resourceServer !== added.resourceServer
        ? ["resourceServer"]
        : []),
      ...(scopes !== undefined &&
          (scopes.length !== added.scopes.length ||
            scopes.some((s, i) => s !== added.scopes[i]))
        ? ["defaultScopeRequirements"]
        : []),
    ];
    if (late.length === 0) return;
    const [field] = late;
    throw kernelStack(
      new TypeError(
        `${name} declares ${
          late.join(" and ")
        } as an instance field, which is set after the client added its class's scopes to its app, so the app would log in without it: declare it on the class, as Python's class attribute: static override ${field} = …`,
      ),
    );
  }

  /**
   * Sends any request to the service, through the same transport as the
   * client's own methods (authorizer, retries, timeouts, errors,
   * redaction), like the Python SDK's `BaseClient.request`.
   *
   * @param method The HTTP method (`GET`, `POST`, `PUT`, `PATCH`, `DELETE`, …).
   * @param path A path relative to {@linkcode BaseClient.baseUrl}
   *   (`"v0.10/task_list"` or `"/v0.10/task_list"`), or a full URL below it.
   * @param options `queryParams`, `data`, `headers`, `encoding`,
   *   `automaticAuthorization`, `signal`.
   * @typeParam T The type of `data`, as the caller says it is
   *   (`tc.get<Endpoint>(…)`); the body is not validated against it, and
   *   it is `unknown` unless given.
   * @returns The response (`data`, `httpStatus`, `headers`, `get()`, …).
   * @throws {TypeError} For a missing path, a URL outside the base URL, or a
   *   form body that is not an object.
   * @throws {GlobusAPIError} For an error response (the service's subclass).
   */
  async request<T = unknown>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<GlobusHTTPResponse<T>> {
    return await this.#send(
      "request",
      method,
      path,
      options,
    ) as GlobusHTTPResponse<T>;
  }

  /**
   * The path a generic call (`request()`, `get()`, …) sends to, given the
   * one it was called with: the default keeps it; a service's client may
   * map its short forms (Transfer puts a path without a version under
   * `v0.10/`).
   *
   * @param path The path (or full URL) given.
   * @returns The path (or full URL) to send to.
   */
  protected genericPath(path: string): string {
    return path;
  }

  async #send(
    name: "request" | "get" | "post" | "put" | "patch" | "delete",
    method: string,
    path: string,
    options: RequestOptions,
  ): Promise<GlobusHTTPResponse> {
    // Python's query_params=… as queryParams, and no option silently
    // dropped (a misspelled one would send the request without it).
    checkOptions(
      `${classLabel(this.constructor)}.${name}()`,
      options,
      name === "get" || name === "delete"
        ? REQUEST_OPTIONS_NO_BODY
        : REQUEST_OPTIONS,
      REQUEST_HINT,
    );
    // A `Headers` object (or a string) was sent as no header at all, as
    // the client's own `headers` option refuses it (src/core/transport.ts).
    const wanted = headersWanted(options.headers);
    if (wanted) {
      throw kernelStack(
        new TypeError(
          `${
            classLabel(this.constructor)
          }.${name}(): 'headers' must be ${wanted}: current value is ${
            describeNonObject(options.headers)
          }`,
        ),
      );
    }
    if (typeof method !== "string" || !/^[A-Za-z]+$/.test(method)) {
      throw kernelStack(
        new TypeError(
          `Cannot call request() as 'method' must be an HTTP method such as "GET": current value is ${
            JSON.stringify(method)
          }`,
        ),
      );
    }
    if (typeof path !== "string") {
      throw kernelStack(
        new TypeError(
          `Cannot call request() as 'path' must be a string relative to ${this.baseUrl}: current value is ${
            String(path)
          }`,
        ),
      );
    }
    path = this.genericPath(path);
    let relative = path;
    if (/^[a-z][a-z0-9+.-]*:/i.test(path)) {
      if (!path.startsWith(this.baseUrl)) {
        throw kernelStack(
          new TypeError(
            `Cannot call request() with ${
              redactUrl(path)
            }: it is not below this client's base URL ${this.baseUrl}, so the client's credentials must not go there; pass a path relative to the base URL`,
          ),
        );
      }
      relative = path.slice(this.baseUrl.length);
    }
    const { data, encoding = "json" } = options;
    if (encoding !== "json" && encoding !== "form") {
      throw kernelStack(
        new TypeError(
          `Cannot call request() as 'encoding' must be "json" or "form": current value is ${
            JSON.stringify(encoding)
          }`,
        ),
      );
    }
    let form: Record<string, string | undefined> | undefined;
    if (encoding === "form" && data !== undefined && data !== null) {
      if (typeof data !== "object" || Array.isArray(data)) {
        throw kernelStack(
          new TypeError(
            "Cannot call request() as a form body ('encoding: \"form\"') must be an object of strings",
          ),
        );
      }
      form = {};
      for (const [k, v] of Object.entries(data as Record<string, unknown>)) {
        if (v !== undefined && v !== null) form[k] = String(v);
      }
    }
    const res = await this.raw(method.toUpperCase(), relative, {
      ...(options.queryParams ? { query: options.queryParams } : {}),
      ...(encoding === "json" && data !== undefined ? { json: data } : {}),
      ...(form ? { form } : {}),
      ...(options.headers ? { headers: options.headers } : {}),
      signal: options.signal,
      ...(options.automaticAuthorization === false ? { authorizer: null } : {}),
    });
    return new GlobusHTTPResponse(res);
  }

  /**
   * `GET path` (see {@linkcode BaseClient.request}).
   *
   * @typeParam T The type of `data`, as the caller says it is (not
   *   validated; `unknown` unless given).
   * @param path A path relative to the base URL.
   * @param options `queryParams`, `headers`, `signal`, …
   * @returns The response.
   */
  async get<T = unknown>(
    path: string,
    options: Omit<RequestOptions, "data" | "encoding"> = {},
  ): Promise<GlobusHTTPResponse<T>> {
    return await this.#send("get", "GET", path, options) as GlobusHTTPResponse<
      T
    >;
  }

  /**
   * `POST path` with a JSON (or form) body (see {@linkcode BaseClient.request}).
   *
   * @param path A path relative to the base URL.
   * @param options `data`, `queryParams`, `headers`, `encoding`, `signal`, …
   * @returns The response.
   */
  async post<T = unknown>(
    path: string,
    options: RequestOptions = {},
  ): Promise<GlobusHTTPResponse<T>> {
    return await this.#send(
      "post",
      "POST",
      path,
      options,
    ) as GlobusHTTPResponse<T>;
  }

  /**
   * `PUT path` with a JSON (or form) body (see {@linkcode BaseClient.request}).
   *
   * @param path A path relative to the base URL.
   * @param options `data`, `queryParams`, `headers`, `encoding`, `signal`, …
   * @returns The response.
   */
  async put<T = unknown>(
    path: string,
    options: RequestOptions = {},
  ): Promise<GlobusHTTPResponse<T>> {
    return await this.#send("put", "PUT", path, options) as GlobusHTTPResponse<
      T
    >;
  }

  /**
   * `PATCH path` with a JSON (or form) body (see {@linkcode BaseClient.request}).
   *
   * @param path A path relative to the base URL.
   * @param options `data`, `queryParams`, `headers`, `encoding`, `signal`, …
   * @returns The response.
   */
  async patch<T = unknown>(
    path: string,
    options: RequestOptions = {},
  ): Promise<GlobusHTTPResponse<T>> {
    return await this.#send(
      "patch",
      "PATCH",
      path,
      options,
    ) as GlobusHTTPResponse<T>;
  }

  /**
   * `DELETE path` (see {@linkcode BaseClient.request}).
   *
   * @param path A path relative to the base URL.
   * @param options `queryParams`, `headers`, `signal`, …
   * @returns The response.
   */
  async delete<T = unknown>(
    path: string,
    options: Omit<RequestOptions, "data" | "encoding"> = {},
  ): Promise<GlobusHTTPResponse<T>> {
    return await this.#send(
      "delete",
      "DELETE",
      path,
      options,
    ) as GlobusHTTPResponse<T>;
  }
}

/**
 * Refuses a base URL with a user name or password in it: fetch refuses such
 * URLs, and the client printed it whole (`String(tc)`, errors), password
 * included.
 */
function refuseUserinfo(where: string, base: string, from: string): void {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    return;
  }
  if (url.username === "" && url.password === "") return;
  throw kernelStack(
    new TypeError(
      `${where}: ${from} holds a user name or password (${
        redactUrl(base)
      } without it): fetch refuses such URLs, and a Globus service takes no password there; remove the 'user:password@' part (a proxy's credentials go in HTTPS_PROXY)`,
    ),
  );
}

// A client class of the user's (`class GroupsClient extends BaseClient`)
// takes these options, checked as the SDK's own clients' are.
registerClientOptions(BaseClient, [...BASE_CLIENT_OPTIONS, "appScopes"]);

/**
 * Whether a client's options give `appScopes` (not empty), which replaces
 * its class's scopes.
 *
 * @param options The client's options.
 * @returns `true` when given.
 */
function givenAppScopes(options: BaseClientOptions): boolean {
  const given = (options as { appScopes?: unknown }).appScopes;
  return given !== undefined && given !== null &&
    (!Array.isArray(given) || given.length > 0);
}
