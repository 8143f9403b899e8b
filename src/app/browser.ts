/**
 * Opening a URL in the user's web browser (for the local-server login
 * flow), through `node:child_process` so it works on Deno and Node.
 *
 * @module
 */
import { platform } from "../core/runtime.ts";

/** Opens a URL in a browser; resolves `true` when a browser was launched. */
export type BrowserOpener = (url: string) => Promise<boolean>;

/**
 * Opens `url` with the platform's opener (`open` on macOS, `xdg-open` on
 * Linux and BSD, `start` on Windows). Never throws: resolves `false` when no
 * opener could be started (none installed, or no `--allow-run` on Deno).
 *
 * Needs `--allow-run` (for `xdg-open`, `open` or `cmd`).
 *
 * @param url An `http(s)` URL.
 * @returns Whether an opener was started.
 *
 * @example Open the Globus web app
 * ```ts ignore
 * import { openBrowser } from "@globus-deno/sdk";
 * await openBrowser("https://app.globus.org/");
 * ```
 */
export async function openBrowser(url: string): Promise<boolean> {
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
      child.once("spawn", () => {
        child.unref();
        resolve(true);
      });
    } catch {
      resolve(false);
    }
  });
}
