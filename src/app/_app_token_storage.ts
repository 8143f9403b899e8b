/**
 * The token storage an app's `config.tokenStorage` names: the SDK's own
 * (`"json"`, `"sqlite"`, `"memory"`, or their classes, as Python's
 * `token_storage=JSONTokenStorage`), at the app's default path, or one the
 * user made.
 *
 * @module
 */
import { kernelStack } from "../core/_kernel_stack.ts";
import { defaultTokenFilePath } from "../tokens/default_path.ts";
import { JSONTokenStorage } from "../tokens/json_storage.ts";
import { MemoryTokenStorage } from "../tokens/memory_storage.ts";
import { SQLiteTokenStorage } from "../tokens/sqlite_storage.ts";
import type { TokenStorage } from "../tokens/token_storage.ts";
import { checkTokenFileEnvironment } from "./_token_file_guard.ts";
import type { GlobusAppConfig } from "./app_config.ts";

/**
 * The name of the storage the SDK's own storage classes stand for, as
 * Python's `token_storage=JSONTokenStorage` (a `TokenStorageProvider`: the
 * class makes its storage at the app's default path) is `"json"`.
 *
 * @param storage `config.tokenStorage` as given.
 * @returns `"json"`, `"sqlite"` or `"memory"` for those classes, else
 *   `storage` itself.
 */
function storageName(
  storage: GlobusAppConfig["tokenStorage"],
): "json" | "sqlite" | "memory" | TokenStorage | undefined {
  if (storage === JSONTokenStorage) return "json";
  if (storage === SQLiteTokenStorage) return "sqlite";
  if (storage === MemoryTokenStorage) return "memory";
  return storage as "json" | "sqlite" | "memory" | TokenStorage | undefined;
}

/**
 * The app's token storage.
 *
 * @param config The app's configuration.
 * @param clientId The app's client id (part of the default path).
 * @param appName The app's name (part of the default path).
 * @param environment The Globus environment (part of the default path).
 * @returns The storage, and whether the app made it (and so closes it).
 * @throws {TypeError} When `config.tokenStorage` is none of these.
 */
export function appTokenStorage(
  config: GlobusAppConfig,
  clientId: string,
  appName: string,
  environment: string,
): { storage: TokenStorage; owned: boolean } {
  const storage = storageName(config.tokenStorage) ?? "json";
  checkTokenFileEnvironment(
    config,
    environment,
    storage,
    () =>
      defaultTokenFilePath(
        clientId,
        appName,
        environment,
        storage === "sqlite" ? "db" : undefined,
      ),
  );
  const owned = storage === "json" || storage === "sqlite" ||
    storage === "memory";
  if (storage === "json") {
    return {
      storage: new JSONTokenStorage(
        defaultTokenFilePath(clientId, appName, environment),
      ),
      owned,
    };
  } else if (storage === "sqlite") {
    return {
      storage: new SQLiteTokenStorage(
        defaultTokenFilePath(clientId, appName, environment, "db"),
      ),
      owned,
    };
  } else if (storage === "memory") {
    return { storage: new MemoryTokenStorage(), owned };
  } else if (
    storage && typeof storage === "object" &&
    typeof storage.getTokenDataByResourceServer === "function"
  ) {
    return { storage, owned };
  } else {
    const path = typeof storage === "string" && /[/\\.]/.test(storage);
    const cls = typeof storage === "function"
      ? (storage as { name?: unknown }).name
      : undefined;
    throw kernelStack(
      new TypeError(
        `Cannot create the app as 'config.tokenStorage' must be "json", "sqlite", "memory" or a TokenStorage: current value is ${
          typeof storage === "string"
            ? JSON.stringify(storage)
            : typeof cls === "string" && cls !== ""
            ? `the class ${cls}: pass one of its instances (new ${cls}(…))`
            : typeof storage
        }${
          path
            ? `. For a token file of your own, pass new JSONTokenStorage(${
              JSON.stringify(storage)
            })`
            : ""
        }`,
      ),
    );
  }
}
