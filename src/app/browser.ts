/**
 * Opening a URL in the user's web browser (for the local-server login
 * flow), through `node:child_process` so it works on Deno and Node.
 *
 * @module
 */
import { platform } from "../core/runtime.ts";

/**
 * Opens a URL in a browser; resolves `true` when an opener was started.
 * It may call `onFailure` later, with the reason, when the opener turns
 * out to have failed (e.g. `xdg-open` finding no browser on a machine
 * without a display).
 */
export type BrowserOpener = (
  url: string,
  onFailure?: (reason: string) => void,
) => Promise<boolean>;

/**
 * Opens `url` with the platform's opener (`open` on macOS, `xdg-open` on
 * Linux and BSD, `start` on Windows). Never throws: resolves `false` when no
 * opener could be started (none installed, or no `--allow-run` on Deno).
 * An opener that starts but then exits with an error (`xdg-open` exits
 * with status 3 when it finds no browser, as on a server or in a container
 * without a display) is reported to `onFailure`, since no browser window
 * appeared.
 *
 * Needs `--allow-run` (for `xdg-open`, `open` or `cmd`).
 *
 * @param url An `http(s)` URL.
 * @param onFailure Called with the reason when the opener started but
 *   failed.
 * @returns Whether an opener was started.
 *
 * @example Open the Globus web app
 * ```ts ignore
 * import { openBrowser } from "@globus-deno/sdk";
 * await openBrowser("https://app.globus.org/");
 * ```
 */
export async function openBrowser(
  url: string,
  onFailure?: (reason: string) => void,
): Promise<boolean> {
  if (!/^https?:\/\//i.test(url)) return false;
  let command: string;
  let args: string[];
  switch (platform()) {
    case "darwin":
      command = "open";
      args = [url];
      break;
    case "win32":
      command = "cmd";
      args = ["/c", "start", '""', url.replaceAll("&", "^&")];
      break;
    default:
      command = "xdg-open";
      args = [url];
  }
  // Loaded here, not at import: only the local-server flow opens a browser.
  const { spawn } = await import("node:child_process");
  return await new Promise((resolve) => {
    try {
      const child = spawn(command, args, {
        stdio: "ignore",
        detached: true,
      });
      child.once("error", () => resolve(false));
      child.once("exit", (code, signal) => {
        if (code === 0) return;
        onFailure?.(
          code === null
            ? `${command} was stopped by ${signal}`
            : `${command} exited with status ${code}`,
        );
      });
      child.once("spawn", () => {
        child.unref();
        resolve(true);
      });
    } catch {
      resolve(false);
    }
  });
}
