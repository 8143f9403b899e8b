/**
 * Where apps keep their token file by default: the Globus Python SDK's
 * location, so both SDKs share one cache.
 *
 * @module
 */
import { resolveEnvironment } from "../core/environments.ts";
import { TokenStorageError } from "../core/errors.ts";
import { envReadable, getEnv, homeDir, platform } from "../core/runtime.ts";
import { pathFns } from "../core/_path.ts";
import { kernelStack } from "../core/_kernel_stack.ts";

const RESERVED_FS_CHARS = /[<>:"/\\|?*]/g;
const RESERVED_FS_NAMES = /^(con|prn|aux|nul|com\d|lpt\d)$/;

/**
 * Turns an app name into a directory name exactly like the Python SDK:
 * characters reserved on Windows (`<>:"/\|?*`) become `+`, periods and spaces
 * become `-`, non-printable characters are removed, and the result is
 * lowercased.
 *
 * @param appName The app's name.
 * @returns The slug, e.g. `"my app v1.0"` → `"my-app-v1-0"`.
 * @throws {TypeError} When the slug is empty or a reserved Windows file name
 *   (`con`, `nul`, `com1`, …).
 *
 * @example Slugify an app name
 * ```ts
 * import { slugifyAppName } from "@globus-deno/sdk";
 * console.log(slugifyAppName("My App: v1.0")); // "my-app+-v1-0"
 * ```
 */
export function slugifyAppName(appName: string): string {
  let slug = String(appName).replace(RESERVED_FS_CHARS, "+");
  slug = slug.replaceAll(".", "-").replaceAll(" ", "-");
  slug = slug.replace(/[\p{C}\p{Z}]/gu, "");
  slug = slug.toLowerCase();
  if (RESERVED_FS_NAMES.test(slug)) {
    throw kernelStack(
      new TypeError(
        `App name results in a reserved filename ("${slug}"): choose a different appName`,
      ),
    );
  }
  if (slug === "") {
    throw kernelStack(
      new TypeError(
        `App name results in the empty string: choose a different appName: current value is ${
          JSON.stringify(appName)
        }`,
      ),
    );
  }
  return slug;
}

/**
 * The default token file of an app, as in the Python SDK:
 * `~/.globus/app/{clientId}/{appNameSlug}/tokens.json`
 * (on Windows `%LOCALAPPDATA%\globus\app\…`). In a non-production
 * environment the file name is `{environment}-tokens.json`. A SQLite
 * database (`format` `"db"`) is `tokens.db` beside it.
 *
 * Needs `--allow-env=HOME` (or `USERPROFILE`/`LOCALAPPDATA` on Windows).
 *
 * @param clientId The app's client id.
 * @param appName The app's name (slugified with {@linkcode slugifyAppName}).
 * @param environment The Globus environment (default: `GLOBUS_SDK_ENVIRONMENT` or production).
 * @param format `"json"` for a {@linkcode JSONTokenStorage} file, `"db"`
 *   for a {@linkcode SQLiteTokenStorage} database.
 * @returns The absolute path.
 * @throws {TypeError} When the app name cannot be used in a path.
 * @throws {TokenStorageError} When the home directory is unknown.
 *
 * @example Where the tutorial app keeps its tokens
 * ```ts
 * import { defaultTokenFilePath, TUTORIAL_CLIENT_ID } from "@globus-deno/sdk";
 * console.log(defaultTokenFilePath(TUTORIAL_CLIENT_ID, "my app"));
 * ```
 */
export function defaultTokenFilePath(
  clientId: string,
  appName: string,
  environment?: string,
  format: "json" | "db" = "json",
): string {
  if (format !== "json" && format !== "db") {
    throw kernelStack(
      new TypeError(
        `Cannot name a token file as 'format' must be "json" or "db": current value is ${
          JSON.stringify(format)
        }`,
      ),
    );
  }
  const env = resolveEnvironment(environment);
  const filename = env === "production"
    ? `tokens.${format}`
    : `${env}-tokens.${format}`;
  const slug = slugifyAppName(appName);
  const rel = ["app", String(clientId), slug, filename];
  const { join } = pathFns();
  if (onWindows()) {
    let dataDir = getEnv("LOCALAPPDATA") ?? getEnv("APPDATA");
    if (!dataDir) {
      const home = homeDir();
      if (home) dataDir = join(home, "AppData", "Local");
    }
    if (!dataDir) throw noHome(rel);
    return join(dataDir, "globus", ...rel);
  }
  const home = homeDir();
  if (!home) throw noHome(rel);
  return join(home, ".globus", ...rel);
}

/** Whether this is Windows (read without Node's `process` on Deno). */
function onWindows(): boolean {
  return platform() === "win32";
}

function noHome(rel: string[]): TokenStorageError {
  const shown = ["~", ".globus", ...rel].join("/");
  // Unreadable (no --allow-env=HOME) or simply not set (cron, env -i, a
  // container): each has its own fix.
  const why = envReadable("HOME")
    ? "HOME is not set: set it (export HOME=/path/to/your/home)"
    : "allow reading HOME (deno run --allow-env=HOME)";
  return new TokenStorageError(
    shown,
    `Cannot find the home directory for the token file ${shown}: ${why}, or pass config.tokenStorage (a JSONTokenStorage with an explicit path, or "memory")`,
  );
}
