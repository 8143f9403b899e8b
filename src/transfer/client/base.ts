/**
 * The base of {@linkcode TransferClient}: its resource server and scope,
 * the transport hook shared by every area, and the app's data_access scopes.
 *
 * @module
 */
import { classLabel } from "../../core/_class_label.ts";
import {
  BaseClient,
  type CallOptions,
  type RequestOptions,
} from "../../core/base_client.ts";
import type { GlobusHTTPResponse } from "../../core/response.ts";
import { TransferAPIError } from "../../core/errors.ts";
import {
  BASE_CLIENT_OPTIONS,
  registerClientOptions,
} from "../../core/_options.ts";
import { markerPages, type Paginator } from "../../core/paging.ts";
import type { TransportResponse } from "../../core/transport.ts";
import type { ResponseSchema } from "../../core/validate.ts";
import type { DisplaySink } from "../../notebook/display.ts";
import { TransferScopes, type TransferScopesShape } from "../../auth/scopes.ts";
import { clientAppScopes } from "../../app/scope_requirements.ts";
import { displayPage, DisplayPaginator, displayResult } from "../_display.ts";
import { exampleVariable, registerMisses } from "../../notebook/_slip_hints.ts";
import { describeValue } from "../_validate.ts";
import { transferApiPath } from "../_api_path.ts";
import { mergeQuery } from "../_query.ts";
import type { IterableTransferResponse } from "../results.ts";
import type {
  MarkerListOptions,
  TransferClientOptions,
} from "../transfer_options.ts";
import { kernelStack } from "../../core/_kernel_stack.ts";

/** The Transfer resource server. */
export const TRANSFER_RESOURCE_SERVER = "transfer.api.globus.org";
/** The Transfer scope. */
export const TRANSFER_ALL_SCOPE =
  "urn:globus:auth:scope:transfer.api.globus.org:all";

/**
 * What every area of {@linkcode TransferClient} builds on; use
 * `TransferClient` itself.
 */
export class TransferClientBase extends BaseClient {
  /** The Transfer resource server, `transfer.api.globus.org`. */
  static readonly resourceServer: string = TRANSFER_RESOURCE_SERVER;
  /**
   * Transfer's scopes, the same object as `TransferScopes` (Python's
   * `TransferClient.scopes`): `all`, `gcpInstall` and `resourceServer`.
   */
  static readonly scopes: TransferScopesShape = TransferScopes;
  /**
   * The scopes an app logs in with for this client (Python's
   * `default_scope_requirements`): Transfer's `all`. The `appScopes` option
   * replaces them.
   */
  static readonly defaultScopeRequirements: readonly string[] = Object.freeze(
    [TRANSFER_ALL_SCOPE],
  );
  /** `TransferClient.scopes`, read from the instance as in Python (`tc.scopes.all`). */
  override get scopes(): TransferScopesShape {
    // The class's: a subclass may declare its own (Python's class attribute).
    return (this.constructor as typeof TransferClientBase).scopes;
  }
  /** Where live progress goes (notebook display seam). */
  protected readonly display: DisplaySink | undefined;

  /**
   * Creates a Transfer client.
   *
   * @param options `{ authorizer }` or `{ app }`, plus seams and settings.
   * @throws {TypeError} When both `app` and `authorizer` are given.
   */
  constructor(options: TransferClientOptions = {}) {
    super(
      "transfer",
      TRANSFER_RESOURCE_SERVER,
      clientAppScopes(
        classLabel(new.target),
        options,
        TransferClientBase.defaultScopeRequirements,
      ),
      options,
      TransferAPIError,
    );
    this.display = options.display;
  }

  /**
   * Every typed Transfer call: a result document (mkdir, rename, submits,
   * updates, cancels, deletes) also renders as a table, and as text with
   * `String()`.
   *
   * @param method The HTTP method.
   * @param path The path relative to the base URL.
   * @param options The call's options.
   * @returns The checked body.
   */
  protected override async call<T>(
    method: string,
    path: string,
    options: CallOptions<T> = {},
  ): Promise<T> {
    return displayResult(await super.call(method, path, options));
  }

  /**
   * Sends every Transfer request; a 404/400 for an endpoint value that is not
   * a UUID (a display name, say) gets a hint: the id is needed, and
   * `endpointSearch` finds it. A file operation's "not found" for a path
   * without its leading `/` says it was looked for in the home folder.
   *
   * @param method The HTTP method.
   * @param path The path relative to the base URL.
   * @param options The call's options.
   * @returns The response.
   */
  protected override async raw(
    method: string,
    path: string,
    options: CallOptions<unknown> = {},
  ): Promise<TransportResponse> {
    try {
      return await super.raw(method, path, options);
    } catch (err) {
      // The hints only extend Transfer's own error answers; their code is
      // loaded on the first one (it is not needed to import the SDK).
      if (!(err instanceof TransferAPIError)) throw err;
      const [
        { withEndpointIdHint },
        { withConsentHint },
        { withRelativePathHint },
      ] = await Promise.all([
        import("../_endpoint_hint.ts"),
        import("../_consent_hint.ts"),
        import("../_path_hint.ts"),
      ]);
      throw withConsentHint(
        withRelativePathHint(
          withEndpointIdHint(err, path, options.json),
          path,
          options.query,
          options.json,
        ),
        this.app,
      );
    }
  }

  /**
   * Sends any request to Transfer, through the same transport as the typed
   * methods (authorizer, retries, timeouts, errors), like the Python SDK's
   * `tc.request(…)`. A path without an API version is under `v0.10/`, as
   * Python SDK 3's `TransferClient` (base path `/v0.10/`) had it:
   * `tc.get("/endpoint_search")` and `tc.get("/v0.10/endpoint_search")` (the
   * full path, as Python SDK 4 wants it) both reach
   * `{transfer}/v0.10/endpoint_search`; a versioned path (`/v2/tunnels`) or
   * a full URL below the base URL is sent as given.
   *
   * @param method The HTTP method (`GET`, `POST`, `PUT`, `PATCH`, `DELETE`, …).
   * @param path `/endpoint_search`, `v0.10/endpoint_search`, `/v2/tunnels`,
   *   or a full URL below {@linkcode BaseClient.baseUrl}.
   * @param options `queryParams`, `data`, `headers`, `encoding`,
   *   `automaticAuthorization`, `signal`.
   * @returns The response (`data`, `httpStatus`, `headers`, `get()`, …).
   * @throws {TypeError} For a missing path, a URL outside the base URL, or a
   *   form body that is not an object.
   * @throws {TransferAPIError} For an error response.
   */
  override async request<T = unknown>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<GlobusHTTPResponse<T>> {
    return await super.request<T>(method, path, options);
  }

  /**
   * A path without a version is under `v0.10/` (see
   * {@linkcode TransferClientBase.request}).
   *
   * @param path The path (or full URL) given.
   * @returns The path to send to.
   */
  protected override genericPath(path: string): string {
    return transferApiPath(path);
  }

  /**
   * `GET path` (see {@linkcode TransferClientBase.request}):
   * `tc.get("/endpoint_search", { queryParams: { filter_fulltext: "x" } })`
   * as in Python; a path without a version is under `v0.10/`.
   *
   * @param path `/task_list` or `/v0.10/task_list` (both the same), …
   * @param options `queryParams`, `headers`, `signal`, …
   * @returns The response.
   */
  override async get<T = unknown>(
    path: string,
    options: Omit<RequestOptions, "data" | "encoding"> = {},
  ): Promise<GlobusHTTPResponse<T>> {
    return await super.get<T>(path, options);
  }

  /**
   * `POST path` with a JSON (or form) body (see
   * {@linkcode TransferClientBase.request}); a path without a version is
   * under `v0.10/`.
   *
   * @param path `/transfer` or `/v0.10/transfer` (both the same), …
   * @param options `data`, `queryParams`, `headers`, `encoding`, `signal`, …
   * @returns The response.
   */
  override async post<T = unknown>(
    path: string,
    options: RequestOptions = {},
  ): Promise<GlobusHTTPResponse<T>> {
    return await super.post<T>(path, options);
  }

  /**
   * `PUT path` with a JSON (or form) body (see
   * {@linkcode TransferClientBase.request}); a path without a version is
   * under `v0.10/`.
   *
   * @param path `/task/{id}` or `/v0.10/task/{id}` (both the same), …
   * @param options `data`, `queryParams`, `headers`, `encoding`, `signal`, …
   * @returns The response.
   */
  override async put<T = unknown>(
    path: string,
    options: RequestOptions = {},
  ): Promise<GlobusHTTPResponse<T>> {
    return await super.put<T>(path, options);
  }

  /**
   * `PATCH path` with a JSON (or form) body (see
   * {@linkcode TransferClientBase.request}); a path without a version is
   * under `v0.10/`.
   *
   * @param path `/v2/tunnels/{id}`, or a `v0.10/` path with or without it.
   * @param options `data`, `queryParams`, `headers`, `encoding`, `signal`, …
   * @returns The response.
   */
  override async patch<T = unknown>(
    path: string,
    options: RequestOptions = {},
  ): Promise<GlobusHTTPResponse<T>> {
    return await super.patch<T>(path, options);
  }

  /**
   * `DELETE path` (see {@linkcode TransferClientBase.request}); a path
   * without a version is under `v0.10/`.
   *
   * @param path `/bookmark/{id}` or `/v0.10/bookmark/{id}` (both the same), …
   * @param options `queryParams`, `headers`, `signal`, …
   * @returns The response.
   */
  override async delete<T = unknown>(
    path: string,
    options: Omit<RequestOptions, "data" | "encoding"> = {},
  ): Promise<GlobusHTTPResponse<T>> {
    return await super.delete<T>(path, options);
  }

  /**
   * A paginator over a `marker`-paged list (successful transfers, skipped
   * errors).
   *
   * @param path The path relative to the base URL.
   * @param schema The page schema.
   * @param what What a page is, for messages.
   * @param options A starting marker, an abort signal, extra query parameters.
   * @param method The public method's name, for messages.
   * @returns The paginator.
   */
  protected markerList<
    T,
    P extends { DATA: T[]; next_marker?: string | number | null },
  >(
    path: string,
    schema: ResponseSchema<P>,
    what: string,
    options: MarkerListOptions,
    method: string = "this method",
  ): Paginator<T, IterableTransferResponse<P, T>> {
    const fetchPage = async (marker: string | number | undefined) =>
      displayPage(
        await this.call("GET", path, {
          query: mergeQuery(
            method,
            { marker },
            options.queryParams,
            ["marker"],
          ),
          schema,
          what,
          signal: options.signal,
        }),
      );
    return new DisplayPaginator<T, IterableTransferResponse<P, T>>(
      () =>
        markerPages<IterableTransferResponse<P, T>>((marker) =>
          fetchPage(marker ?? options.marker)
        ),
      (page) => page.DATA,
    );
  }

  /**
   * Asks the app for a Transfer token that can also reach these
   * collections' data (GCS v5 mapped collections need a `data_access`
   * consent), as the Python SDK's `add_app_data_access_scope`: the app's
   * Transfer requirement gets
   * `urn:globus:auth:scope:transfer.api.globus.org:all[*https://auth.globus.org/scopes/{id}/data_access …]`.
   *
   * @param collectionIds One collection id or several.
   * @returns This client, for chaining.
   * @throws {TypeError} When the client was not built with `{ app }`, or an id is empty.
   */
  addAppDataAccessScope(collectionIds: string | readonly string[]): this {
    if (!this.app) {
      throw kernelStack(
        new TypeError(
          "Cannot add a data_access scope as this TransferClient has no app: build it with new TransferClient({ app }) (an authorizer's token cannot gain scopes)",
        ),
      );
    }
    const ids = typeof collectionIds === "string"
      ? [collectionIds]
      : [...collectionIds];
    if (ids.length === 0) return this;
    for (const id of ids) {
      if (typeof id !== "string" || id.trim() === "") {
        throw kernelStack(
          new TypeError(
            `Cannot add a data_access scope as each collection id must be a non-empty string: current value is ${
              describeValue(id)
            }`,
          ),
        );
      }
      // As GCSCollectionScopes(id): a placeholder left in ("<a mapped
      // collection id>") made a scope that only the login refused.
      if (/[\s[\]*/<>]/.test(id.trim())) {
        throw kernelStack(
          new TypeError(
            `Cannot add a data_access scope as each collection id must be a collection's id (a UUID, e.g. "6c54cade-bde5-45c1-bdea-f4bd71dba2cc"): current value is ${
              JSON.stringify(id.length > 80 ? `${id.slice(0, 80)}…` : id)
            }`,
          ),
        );
      }
    }
    const deps = [...new Set(ids.map((id) => id.trim()))].map((id) =>
      `*https://auth.globus.org/scopes/${id}/data_access`
    ).join(" ");
    this.app.addScopeRequirements({
      [TRANSFER_RESOURCE_SERVER]: [`${TRANSFER_ALL_SCOPE}[${deps}]`],
    });
    return this;
  }
}

/** The options of Transfer clients (`TransferClientOptions`). */
export const TRANSFER_CLIENT_OPTIONS: readonly string[] = [
  ...BASE_CLIENT_OPTIONS,
  "display",
  "appScopes",
];
registerClientOptions(TransferClientBase, TRANSFER_CLIENT_OPTIONS);

/**
 * Python 3's methods for GCS v4 endpoints, which have no TypeScript
 * version (Globus retired GCS v4), by Python's name: the route each called,
 * for `tc.get`/`tc.post`/`tc.put`/`tc.delete`.
 */
const GCS_V4_METHODS: Readonly<Record<string, string>> = {
  operation_symlink: "post(`operation/endpoint/${id}/symlink`, { data })",
  create_endpoint: 'post("endpoint", { data })',
  add_endpoint_server: "post(`endpoint/${id}/server`, { data })",
  update_endpoint_server: "put(`endpoint/${id}/server/${serverId}`, { data })",
  delete_endpoint_server: "delete(`endpoint/${id}/server/${serverId}`)",
  endpoint_activate: "post(`endpoint/${id}/activate`, { data })",
  endpoint_deactivate: "post(`endpoint/${id}/deactivate`)",
  endpoint_get_activation_requirements:
    "get(`endpoint/${id}/activation_requirements`)",
};

/** {@linkcode GCS_V4_METHODS} by Python's name and by its camelCase. */
const GCS_V4_NAMES: ReadonlyMap<string, string> = new Map(
  Object.keys(GCS_V4_METHODS).flatMap((python) => [
    [python, python],
    [python.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), python],
  ]),
);

// `tc.operation_symlink(…)`, `tc.create_endpoint(…)` (and their camelCase)
// said only "is not a function": say they are not provided, and how to
// reach their routes (README, Python SDK → globus-deno).
registerMisses(TransferClientBase, (key, receiver) => {
  const python = GCS_V4_NAMES.get(key);
  if (python === undefined) return undefined;
  const cls = classLabel(
    (receiver as { constructor?: unknown }).constructor,
    "TransferClient",
  );
  const v = exampleVariable(cls);
  const which = key === python ? "a Python 3 method" : `Python 3's ${python}`;
  return `${cls} has no ${key} (${which}): not provided: it ` +
    "serves GCS v4 endpoints, which Globus retired; " +
    `${v}.get / ${v}.post / ${v}.put / ${v}.delete reach any route, here ` +
    `await ${v}.${GCS_V4_METHODS[python]}`;
});
