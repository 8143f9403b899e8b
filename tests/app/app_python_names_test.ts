/**
 * The Python SDK 4.9's GlobusApp / UserApp / ClientApp public methods and
 * GlobusAppConfig fields have camelCase counterparts. (Names read from
 * globus_sdk/globus_app/app.py, user_app.py, client_app.py and config.py.)
 * The config fields are checked by the type checker: a missing option is a
 * compile error in this file.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { ClientApp, type ClientAppOptions } from "../../src/app/client_app.ts";
import { GlobusApp } from "../../src/app/globus_app.ts";
import {
  UserApp,
  type UserAppConfig,
  type UserAppOptions,
} from "../../src/app/user_app.ts";

const camel = (s: string) =>
  s.replace(/_([a-z0-9])/g, (_m, c) => c.toUpperCase());

const APP_METHODS = [
  "login",
  "login_required",
  "logout",
  "close",
  "get_authorizer",
  "add_scope_requirements",
  "get_client_retry_checks",
];

const APP_PROPERTIES = ["scope_requirements"];

// GlobusAppConfig's fields (login_flow_manager only for UserApp).
const CONFIG_FIELDS = [
  "login_flow_manager",
  "login_redirect_uri",
  "token_storage",
  "request_refresh_tokens",
  "token_validation_error_handler",
  "id_token_decoder",
  "environment",
  "auto_redrive_gares",
] as const;

type Camel<S extends string> = S extends `${infer A}_${infer B}`
  ? `${A}${Capitalize<Camel<B>>}`
  : S;

// Compile-time: every Python config field is a UserAppConfig key.
const configKeys: readonly (keyof UserAppConfig)[] = CONFIG_FIELDS.map(
  camel,
) as Camel<typeof CONFIG_FIELDS[number]>[];
// Compile-time: the constructors' keyword arguments.
const userArgs: readonly (keyof UserAppOptions)[] = [
  "appName",
  "clientId",
  "clientSecret",
  "scopeRequirements",
  "config",
];
const clientArgs: readonly (keyof ClientAppOptions)[] = [
  "appName",
  "clientId",
  "clientSecret",
  "scopeRequirements",
  "config",
];

test("every public GlobusApp method of the Python SDK 4.9 has a camelCase counterpart on UserApp and ClientApp", () => {
  for (const cls of [GlobusApp, UserApp, ClientApp]) {
    const missing = APP_METHODS.map(camel).filter((m) =>
      typeof (cls.prototype as unknown as Record<string, unknown>)[m] !==
        "function"
    );
    assert.deepEqual(missing, [], `${cls.name} lacks ${missing.join(", ")}`);
    for (const p of APP_PROPERTIES.map(camel)) {
      let proto: object | null = cls.prototype;
      let found = false;
      while (proto && !found) {
        found = Object.getOwnPropertyDescriptor(proto, p)?.get !== undefined;
        proto = Object.getPrototypeOf(proto);
      }
      assert.ok(found, `${cls.name} lacks the ${p} property`);
    }
    // Python's context manager (`with app:`) is `await using app`.
    assert.equal(
      typeof (cls.prototype as unknown as Record<symbol, unknown>)[
        Symbol.asyncDispose
      ],
      "function",
    );
  }
  assert.equal(configKeys.length, CONFIG_FIELDS.length);
  assert.ok(userArgs.includes("clientSecret"));
  assert.ok(clientArgs.includes("clientSecret"));
});
