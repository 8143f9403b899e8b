/**
 * The base of every service client: base URL resolution, the transport,
 * the authorizer (or app), and typed, validated calls.
 *
 * @module
 */
import { appAuthorizer, type ServiceApp } from "./app_seam.ts";
import type { Authorizer } from "./authorizer.ts";
import { type GlobusService, serviceUrl } from "./environments.ts";
import type { GlobusAPIError, GlobusAPIErrorInit } from "./errors.ts";
import {
  HttpTransport,
  type QueryValue,
  type TransportOptions,
  type TransportResponse,
} from "./transport.ts";
import { redactUrl } from "./redact.ts";
import { parseResponse, type ResponseSchema } from "./validate.ts";

/** Options every service client accepts. */
export interface BaseClientOptions extends TransportOptions {
  /** Sends requests with this authorizer. */
  authorizer?: Authorizer | null;
  /** Or: gets authorizers from this app (logging in on first use). */
  app?: ServiceApp;
  /** The Globus environment (default: `GLOBUS_SDK_ENVIRONMENT` or production). */
  environment?: string;
  /** Overrides the service's base URL. */
  baseUrl?: string;
}

/** One call made by a client method. */
export interface CallOptions<T> {
  /** Query parameters. */
  query?: Record<string, QueryValue>;
  /** A JSON body. */
  json?: unknown;
  /** A form body. */
  form?: Record<string, string | undefined>;
  /** Extra headers. */
  headers?: Record<string, string>;
  /** The response schema; without it, the body is returned as it is. */
  schema?: ResponseSchema<T>;
  /** What the response is, for error messages. */
  what?: string;
  /** Aborts the call. */
  signal?: AbortSignal | undefined;
  /** Overrides the client's authorizer for this call. */
  authorizer?: Authorizer | null;
}

/**
 * Shared machinery of the service clients. Not used directly: subclass it
 * to add a client for another Globus service.
 *
 * @example A small client for another service
 * ```ts
 * import { BaseClient, type BaseClientOptions, GlobusAPIError } from "@globus-deno/sdk";
 *
 * class GroupsClient extends BaseClient {
 *   constructor(options: BaseClientOptions = {}) {
 *     super(
 *       "auth", // only used when there is no baseUrl
 *       "groups.api.globus.org",
 *       ["urn:globus:auth:scope:groups.api.globus.org:view_my_groups_and_memberships"],
 *       { baseUrl: "https://groups.api.globus.org/", ...options },
 *       GlobusAPIError,
 *     );
 *   }
 *
 *   myGroups(): Promise<{ id: string; name: string }[]> {
 *     return this.call("GET", "v2/groups/my_groups");
 *   }
 * }
 *
 * const groups = new GroupsClient({
 *   fetch: () => Promise.resolve(Response.json([{ id: "g1", name: "Team" }])),
 * });
 * console.log(groups.baseUrl, await groups.myGroups());
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

  /**
   * Sets up the base URL, transport and authorizer.
   *
   * @param service Which service this client talks to.
   * @param resourceServer Its resource server (for `{ app }`).
   * @param scopes The scopes to require from `{ app }`.
   * @param options The client options.
   * @param errorClass The error class for this service.
   * @throws {TypeError} When both `app` and `authorizer` are given, or a
   *   `GLOBUS_SDK_SERVICE_URL_*` override is not an absolute URL.
   * @throws {RangeError} For an unknown environment, or invalid retry or
   *   timeout settings.
   */
  protected constructor(
    service: GlobusService,
    resourceServer: string,
    scopes: string[],
    options: BaseClientOptions,
    errorClass: new (init: GlobusAPIErrorInit) => GlobusAPIError,
  ) {
    if (options.app && options.authorizer) {
      throw new TypeError(
        "Pass either 'app' or 'authorizer' to a service client, not both",
      );
    }
    const environment = options.environment ?? options.app?.environment;
    const base = options.baseUrl ?? serviceUrl(service, environment);
    this.baseUrl = base.endsWith("/") ? base : base + "/";
    this.transport = new HttpTransport(options);
    this.app = options.app;
    if (options.app) {
      options.app.addScopeRequirements({ [resourceServer]: scopes });
      this.authorizer = appAuthorizer(options.app, resourceServer);
    } else {
      this.authorizer = options.authorizer ?? null;
    }
    this.#errorClass = errorClass;
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
  protected async raw(
    method: string,
    path: string,
    options: CallOptions<unknown> = {},
  ): Promise<TransportResponse> {
    const authorizer = options.authorizer === undefined
      ? this.authorizer
      : options.authorizer;
    return await this.transport.request({
      method,
      url: new URL(path.replace(/^\//, ""), this.baseUrl).href,
      ...(options.query ? { query: options.query } : {}),
      ...(options.json !== undefined ? { json: options.json } : {}),
      ...(options.form ? { form: options.form } : {}),
      ...(options.headers ? { headers: options.headers } : {}),
      signal: options.signal,
      authorizer,
      errorClass: this.#errorClass,
    });
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
    if (!options.schema) return res.data as T;
    return parseResponse(
      options.schema,
      res.data,
      options.what ?? "response",
      `${res.method} ${redactUrl(res.url)}`,
    );
  }
}
