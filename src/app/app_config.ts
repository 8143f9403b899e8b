/**
 * `GlobusAppConfig`: the settings of an app, as a type and, as in the
 * Python SDK (`GlobusAppConfig(request_refresh_tokens=True, …)`), a value
 * that makes them: `new GlobusAppConfig({ requestRefreshTokens: true })`
 * (or without `new`) checks the names and returns the config object that
 * `UserApp` and `ClientApp` take as `config`.
 *
 * @module
 */
import type { Clock } from "../core/clock.ts";
import type { FetchLike } from "../core/transport.ts";
import { camelCase, checkOptions } from "../core/_options.ts";
import { kernelStack } from "../core/_kernel_stack.ts";
import { OWN_FIELDS_INSPECT } from "../core/redact.ts";
import type { JSONTokenStorage } from "../tokens/json_storage.ts";
import type { MemoryTokenStorage } from "../tokens/memory_storage.ts";
import type { SQLiteTokenStorage } from "../tokens/sqlite_storage.ts";
import type { TokenStorage } from "../tokens/token_storage.ts";
import type { IdTokenDecoder } from "./globus_app.ts";
import type { TokenValidationErrorHandler } from "./token_validation.ts";
import type { UserAppConfig } from "./user_app.ts";
import { USER_APP_CONFIG_OPTIONS } from "./_option_names.ts";

/** Settings every app accepts. */
export interface GlobusAppConfig {
  /**
   * Where tokens are cached: `"json"` (the Python SDK's file,
   * `~/.globus/app/{clientId}/{appName}/tokens.json`), `"sqlite"` (the
   * Python SDK's SQLite database, `tokens.db` in the same folder: see
   * {@linkcode SQLiteTokenStorage}), `"memory"`, or a
   * {@linkcode TokenStorage}. The classes `JSONTokenStorage`,
   * `SQLiteTokenStorage` and `MemoryTokenStorage` themselves stand for
   * `"json"`, `"sqlite"` and `"memory"`, as in Python
   * (`token_storage=JSONTokenStorage`).
   * @default {"json"}
   */
  tokenStorage?:
    | "json"
    | "sqlite"
    | "memory"
    | TokenStorage
    | typeof JSONTokenStorage
    | typeof SQLiteTokenStorage
    | typeof MemoryTokenStorage
    | undefined;
  /** The Globus environment (default: `GLOBUS_SDK_ENVIRONMENT` or production). */
  environment?: string | undefined;
  /** Overrides the Auth base URL (e.g. an emulator's `authUrl`). */
  authBaseUrl?: string | undefined;
  /** The `fetch` used for Auth requests. */
  fetch?: FetchLike | undefined;
  /**
   * The clock for token expiry.
   * @default {systemClock}
   */
  clock?: Clock | undefined;
  /**
   * When a service answers with an authorization requirements error (a
   * GARE: `ConsentRequired`, a session or policy requirement), log in again
   * with its parameters (required scopes, session identities, domains,
   * policies, MFA) and send the request once more (the Python SDK's
   * `auto_redrive_gares`). `false`: the call throws the `GlobusAPIError`
   * with its `authorizationParameters`.
   * @default {false, except true for a UserApp with the notebook login flow}
   */
  autoRedriveGares?: boolean | undefined;
  /**
   * What to do when the cached tokens cannot serve a request (none, missing
   * scopes, expired without a refresh token): called with the app and a
   * {@linkcode TokenValidationError}; `null` throws that error instead of
   * logging in (the Python SDK's `token_validation_error_handler`).
   * @default {resolveByLoginFlow (a login)}
   */
  tokenValidationErrorHandler?: TokenValidationErrorHandler | null | undefined;
  /**
   * Decodes the id_token of each login's token response; the tokens are
   * stored under its `sub` (the Python SDK's `id_token_decoder`). Without
   * it, `sub` is read from the id_token without verification.
   */
  idTokenDecoder?: IdTokenDecoder | undefined;
}

/**
 * The value `GlobusAppConfig`: called (with or without `new`) as the Python
 * SDK's `GlobusAppConfig(…)` is, with its keyword arguments as one object
 * in camelCase.
 */
export interface GlobusAppConfigConstructor {
  /**
   * Makes an app's config, as Python's `GlobusAppConfig(…)`.
   *
   * @param config The settings (any of `UserAppConfig`'s: Python's
   *   `GlobusAppConfig` has the login flow's too).
   * @returns A frozen copy of them, for `config` of `UserApp` or
   *   `ClientApp`.
   * @throws {TypeError} For a name the apps do not know (Python's
   *   `request_refresh_tokens` is `requestRefreshTokens` here).
   */
  new (config?: UserAppConfig): UserAppConfig;
  /**
   * Makes an app's config, as Python's `GlobusAppConfig(…)`.
   *
   * @param config The settings.
   * @returns A frozen copy of them.
   * @throws {TypeError} For a name the apps do not know.
   */
  (config?: UserAppConfig): UserAppConfig;
}

/** The configs this value made, for `instanceof GlobusAppConfig`. */
const made = new WeakSet<object>();

/**
 * The prototype of the configs it makes: printed as the plain object each
 * is, and a proxy that only misses reach, which throws for Python's name of
 * a setting (`config.token_storage` read `undefined`).
 */
const CONFIG_PROTO: object = new Proxy({ ...OWN_FIELDS_INSPECT }, {
  get(target, key, receiver) {
    if (typeof key === "string" && /^[a-z][a-z0-9]*_/.test(key)) {
      const name = camelCase(key);
      if (USER_APP_CONFIG_OPTIONS.includes(name)) {
        throw kernelStack(
          new TypeError(
            `GlobusAppConfig has no ${key}: the names here are camelCase, so Python's ${key} is ${name} (config.${name}, undefined when left out)`,
          ),
        );
      }
    }
    return Reflect.get(target, key, receiver);
  },
});

/**
 * Makes an app's settings, as the Python SDK's `GlobusAppConfig(…)`:
 * `new GlobusAppConfig({ requestRefreshTokens: true, tokenStorage: "memory" })`
 * (or `GlobusAppConfig({ … })`) is `{ requestRefreshTokens: true,
 * tokenStorage: "memory" }`, checked: an unknown or Python-style name
 * (`request_refresh_tokens`) throws a `TypeError` naming the camelCase one.
 * The result is frozen (Python's is a frozen dataclass); copy it to change
 * it: `{ ...config, environment: "sandbox" }` (Python's
 * `dataclasses.replace`).
 *
 * @example As in Python's examples
 * ```ts
 * import { GlobusAppConfig, TUTORIAL_CLIENT_ID, UserApp } from "@globus-deno/sdk";
 * const config = new GlobusAppConfig({ requestRefreshTokens: false, tokenStorage: "memory" });
 * const app = new UserApp({ appName: "My App", clientId: TUTORIAL_CLIENT_ID, config });
 * console.log(app.requestRefreshTokens); // false
 * ```
 */
export const GlobusAppConfig: GlobusAppConfigConstructor = Object
  .defineProperty(
    function GlobusAppConfig(config?: UserAppConfig): UserAppConfig {
      checkOptions("GlobusAppConfig", config, USER_APP_CONFIG_OPTIONS, {
        example:
          'new GlobusAppConfig({ requestRefreshTokens: true, tokenStorage: "memory" })',
      });
      const result: UserAppConfig = Object.freeze(
        Object.assign(Object.create(CONFIG_PROTO), config),
      );
      made.add(result);
      return result;
    },
    Symbol.hasInstance,
    {
      value: (value: unknown): boolean =>
        typeof value === "object" && value !== null && made.has(value),
    },
  ) as unknown as GlobusAppConfigConstructor;
