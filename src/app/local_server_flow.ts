/**
 * Login through a browser on this machine: a one-shot web server on
 * 127.0.0.1 receives the redirect from Globus Auth.
 *
 * @module
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { neverReachedServer } from "../auth/login_client_base.ts";
import { AuthCodeExchangeError } from "../auth/paste_code.ts";
import type { OAuthTokenResponse } from "../auth/token_response.ts";
import { type Clock, systemClock } from "../core/clock.ts";
import {
  GlobusError,
  LoginRequiredError,
  NetworkError,
} from "../core/errors.ts";
import { isPermissionError } from "../core/retry.ts";
import { getEnv, requestPermission } from "../core/runtime.ts";
import { terminalSafe } from "../core/terminal_text.ts";
import { escapeHtml } from "../notebook/display.ts";
import { type BrowserOpener, openBrowser } from "./browser.ts";
import { writeToPerson } from "./_person_output.ts";
import {
  type LoginFlowContext,
  type LoginFlowManager,
  type OutputWriter,
  startFlow,
} from "./login_flow.ts";
import { loadLoginDependencies } from "../auth/login_client_base.ts";
import { checkFlowArguments } from "./_flow_options.ts";
import { kernelStack } from "../core/_kernel_stack.ts";

/**
 * How many codes a login exchanges at most when the answers to exchanges
 * are lost (each lost answer opens the login link again for a new code).
 */
const MAX_EXCHANGES = 3;

/** Options for {@linkcode LocalServerLoginFlowManager}. */
export interface LocalServerLoginFlowOptions {
  /**
   * Opens the authorize URL in a browser.
   * @default {openBrowser}
   */
  openBrowser?: BrowserOpener | undefined;
  /**
   * Where the link and messages are written.
   * @default standard error (standard output when only that reaches the
   *   terminal, e.g. with `2> err.log`)
   */
  write?: OutputWriter | undefined;
  /**
   * The port to listen on (`0` picks a free one).
   * @default {0}
   */
  port?: number | undefined;
  /**
   * How long to wait for the browser's redirect, in ms.
   * @default {300000}
   */
  timeoutMs?: number | undefined;
  /**
   * Runs the flow even in an SSH session (where the browser is usually on
   * another machine and cannot reach this one's 127.0.0.1).
   * @default {false}
   */
  allowOverSsh?: boolean | undefined;
  /**
   * The clock for the timeout.
   * @default {systemClock}
   */
  clock?: Clock | undefined;
}

function randomState(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-")
    .replaceAll("/", "_").replace(/=+$/, "");
}

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${
    escapeHtml(title)
  }</title></head><body style="font-family: sans-serif; margin: 3em;"><h1>${
    escapeHtml(title)
  }</h1><p>${escapeHtml(body)}</p></body></html>`;
}

/**
 * Whether a request's `Host` names this listener: `127.0.0.1:PORT`,
 * `localhost:PORT` or `[::1]:PORT`. Anything else is a browser sent here
 * under another name (DNS rebinding: `evil.example` resolving to
 * 127.0.0.1), which must not reach the login.
 */
function isOwnHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const h = host.toLowerCase();
  return h === `127.0.0.1:${port}` || h === `localhost:${port}` ||
    h === `[::1]:${port}`;
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "connection": "close",
  });
  res.end(html);
}

/**
 * Local-server login: listens on `127.0.0.1` (a free port), sends the user's
 * browser to Globus Auth with `redirect_uri=http://127.0.0.1:PORT/` (the
 * address it listens on, as RFC 8252 recommends, so no other program can
 * take the redirect on `[::1]`) and a random `state`, and takes exactly one
 * code from the redirect. A request with a wrong `state` is refused with
 * 400, one whose `Host` is not `127.0.0.1:PORT` (or `localhost:PORT`) with
 * 421 (DNS rebinding); the server keeps waiting for the real redirect. The browser tab then shows
 * "you may close this tab"; the server closes itself, also after
 * `timeoutMs`. The link is always printed too, for when no browser opens.
 *
 * It refuses to run in an SSH session (`SSH_TTY` or `SSH_CONNECTION` set),
 * where the browser usually cannot reach this machine, suggesting the
 * command-line flow instead.
 *
 * Needs `--allow-net=127.0.0.1` (listening) and `--allow-run` (to open a
 * browser; without it the link is only printed).
 *
 * @example Log in through the browser
 * ```ts
 * import { LocalServerLoginFlowManager, TUTORIAL_CLIENT_ID, UserApp } from "@globus-deno/sdk";
 * const app = new UserApp({
 *   appName: "My Tool",
 *   clientId: TUTORIAL_CLIENT_ID,
 *   config: { loginFlowManager: new LocalServerLoginFlowManager({ timeoutMs: 120_000 }), tokenStorage: "memory" },
 * });
 * console.log(app.loginFlowManager instanceof LocalServerLoginFlowManager); // true
 * ```
 */
export class LocalServerLoginFlowManager implements LoginFlowManager {
  /** Consent requirements are reported as errors, not met by a new login. */
  readonly handlesAuthorizationRequirements: boolean = false;
  readonly #openBrowser: BrowserOpener;
  readonly #write: OutputWriter;
  readonly #port: number;
  readonly #timeoutMs: number;
  readonly #allowOverSsh: boolean;
  readonly #clock: Clock;

  /**
   * Creates the flow manager.
   *
   * @param options The seams, port, timeout and SSH override.
   * @throws {RangeError} For an invalid port or timeout.
   * @throws {TypeError} For a login client (the Python SDK's form), more
   *   than one argument, or an option the flow does not know.
   */
  constructor(options: LocalServerLoginFlowOptions = {}) {
    checkFlowArguments("LocalServerLoginFlowManager", [...arguments], [
      "openBrowser",
      "write",
      "port",
      "timeoutMs",
      "allowOverSsh",
      "clock",
    ]);
    const port = options.port ?? 0;
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw kernelStack(
        new RangeError(
          `Cannot create the local-server login flow as 'port' must be an integer from 0 to 65535: current value is ${port}`,
        ),
      );
    }
    const timeoutMs = options.timeoutMs ?? 300_000;
    if (!(timeoutMs > 0)) {
      throw kernelStack(
        new RangeError(
          `Cannot create the local-server login flow as 'timeoutMs' must be positive: current value is ${timeoutMs}`,
        ),
      );
    }
    this.#openBrowser = options.openBrowser ?? openBrowser;
    this.#write = options.write ?? writeToPerson;
    this.#port = port;
    this.#timeoutMs = timeoutMs;
    this.#allowOverSsh = options.allowOverSsh ?? false;
    this.#clock = options.clock ?? systemClock;
  }

  /**
   * Runs the browser login.
   *
   * @param context The login context.
   * @returns The token response.
   * @throws {LoginRequiredError} In an SSH session, on timeout, or when
   *   Globus Auth reports an error (e.g. the user declined).
   * @throws {AuthAPIError} When the code exchange fails.
   * @throws {AuthCodeExchangeError} When the answer to the code exchange was
   *   lost {@linkcode MAX_EXCHANGES} times (each time the login link is
   *   opened again for a new code, since a code works only once).
   */
  async run(context: LoginFlowContext): Promise<OAuthTokenResponse> {
    if (
      !this.#allowOverSsh && (getEnv("SSH_TTY") || getEnv("SSH_CONNECTION"))
    ) {
      throw new LoginRequiredError(
        'The local-server login flow needs a web browser on this machine, but this is an SSH session (SSH_TTY or SSH_CONNECTION is set), so the browser could not reach it. Use loginFlowManager: "command-line" instead (or pass allowOverSsh: true if the browser runs here).',
      );
    }
    // Deno's node:http reports a missing permission to listen as an
    // uncaught error (it ends the program): check first, asking in a
    // terminal, before the link is shown.
    const listenOn = this.#port === 0 ? "127.0.0.1" : `127.0.0.1:${this.#port}`;
    if (!requestPermission({ name: "net", host: listenOn })) {
      throw new LoginRequiredError(
        `The local-server login listens on ${listenOn} for the browser's redirect, and Deno has no network permission for it: run with --allow-net=${listenOn} (or --allow-net), or use loginFlowManager: "command-line".`,
      );
    }
    await loadLoginDependencies();
    const state = randomState();
    let settle: { ok(code: string): void; fail(e: Error): void } | undefined;
    let received!: Promise<string>;
    let done = false;
    /** Waits for a (new) redirect with a code. */
    const expectCode = () => {
      done = false;
      received = new Promise<string>((resolve, reject) => {
        settle = { ok: resolve, fail: reject };
      });
      // Handled by the race below; may settle before the race starts.
      received.catch(() => undefined);
    };
    expectCode();
    // Loaded here, not at import: most programs never start this flow.
    const { createServer } = await import("node:http");
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const port = (server.address() as AddressInfo | null)?.port ?? -1;
      if (!isOwnHost(req.headers.host, port)) {
        send(
          res,
          421,
          page(
            "Wrong address",
            `This login server only answers at http://127.0.0.1:${port}/.`,
          ),
        );
        return;
      }
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      if (req.method !== "GET" || url.pathname !== "/") {
        send(
          res,
          404,
          page(
            "Not found",
            "This server only takes the Globus login redirect.",
          ),
        );
        return;
      }
      const p = url.searchParams;
      if (p.get("state") !== state) {
        send(
          res,
          400,
          page(
            "Login rejected",
            "This request does not belong to the login in progress (wrong state). Start the login again from your program.",
          ),
        );
        return;
      }
      if (done) {
        send(
          res,
          409,
          page(
            "Already logged in",
            "A code was already received. You may close this tab.",
          ),
        );
        return;
      }
      const error = p.get("error");
      if (error) {
        done = true;
        const description = p.get("error_description");
        send(
          res,
          200,
          page(
            "Login failed",
            `Globus Auth reported: ${error}${
              description ? ` (${description})` : ""
            }. You may close this tab.`,
          ),
        );
        settle?.fail(
          new LoginRequiredError(
            `Globus Auth reported an error instead of a code: ${
              terminalSafe(error.slice(0, 100))
            }${
              description ? ` (${terminalSafe(description.slice(0, 200))})` : ""
            }`,
          ),
        );
        return;
      }
      const code = p.get("code");
      if (!code) {
        send(
          res,
          400,
          page(
            "Login rejected",
            "The redirect has no code. Start the login again from your program.",
          ),
        );
        return;
      }
      done = true;
      send(
        res,
        200,
        page(
          "Login complete",
          "You may close this tab and go back to your program.",
        ),
      );
      settle?.ok(code);
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(this.#port, "127.0.0.1", () => {
          server.off("error", reject);
          resolve();
        });
      }).catch((e) => {
        const inUse = (e as { code?: unknown } | null)?.code === "EADDRINUSE";
        throw new GlobusError(
          `Cannot start the local login server on 127.0.0.1:${this.#port}: ${
            e instanceof Error ? e.message : String(e)
          }${
            inUse
              ? `. Another program is listening on port ${this.#port}: stop it, or give the flow another port (new LocalServerLoginFlowManager({ port: 0 }) picks a free one; the redirect URI follows the port).`
              : ""
          }`,
          { cause: e },
        );
      });
      const port = (server.address() as AddressInfo).port;
      const { flow, url } = startFlow(context, {
        redirectUri: `http://127.0.0.1:${port}/`,
        state,
      });
      let waitingForCode = true;
      /** The opener started but no browser appeared: the link is printed. */
      const browserFailed = (reason: string) => {
        if (!waitingForCode) return;
        this.#write(
          `The browser could not be opened (${
            terminalSafe(reason)
          }): open the link above in a browser on this machine, or stop this program (Ctrl-C) and log in with loginFlowManager: "command-line". Still waiting for the login to finish…\n`,
        );
      };
      const opened = await this.#openBrowser(url, browserFailed).catch(() =>
        false
      );
      let lead = opened
        ? "Opening a browser window to log in to Globus (if none appears, open this link in a browser on this machine):"
        : "Open this link in a browser on this machine to log in to Globus:";
      const aborted = new Promise<never>((_, reject) => {
        context.signal?.addEventListener(
          "abort",
          () => reject(context.signal?.reason),
          { once: true },
        );
        if (context.signal?.aborted) reject(context.signal.reason);
      });
      for (let exchanges = 1;; exchanges++) {
        this.#write(`${lead}\n${url}\nWaiting for the login to finish…\n`);
        const waiting = new AbortController();
        const timeout = this.#clock.sleep(this.#timeoutMs, waiting.signal)
          .then(
            () => {
              throw new LoginRequiredError(
                `The login did not finish within ${
                  Math.round(this.#timeoutMs / 1000)
                } s (no redirect reached http://127.0.0.1:${port}/). Run it again, or use loginFlowManager: "command-line".`,
              );
            },
          );
        let code: string;
        waitingForCode = true;
        try {
          code = await Promise.race([received, timeout, aborted]);
        } finally {
          waitingForCode = false;
          waiting.abort();
        }
        try {
          return await flow.exchangeCodeForTokens(
            code,
            { signal: context.signal },
          );
        } catch (e) {
          if (
            e instanceof NetworkError && neverReachedServer(e) &&
            !isPermissionError(e.cause)
          ) {
            // The browser's page cannot take the same code again: the login
            // ends, saying the code was not used. (A service call does not
            // retry its authorizer's errors, so no new login starts.)
            throw new LoginRequiredError(
              `Login failed: ${
                e.message.replace(/\.$/, "")
              }. The code did not reach Globus Auth (it was not used): run the login again once Globus Auth can be reached (check the network connection and the Auth URL).`,
              { cause: e },
            );
          }
          // The exchange's answer was lost and the code may be used up: the
          // same link gives a new code, which comes back here (a few times).
          if (
            !(e instanceof AuthCodeExchangeError) ||
            exchanges >= MAX_EXCHANGES
          ) throw e;
          expectCode();
          waitingForCode = true;
          const reopened = await this.#openBrowser(url, browserFailed).catch(
            () => false,
          );
          lead = `${e.message.replace(/ Open the login link again.*$/s, "")}\n${
            reopened
              ? "Opening a browser window again for a new code (if none appears, open this link again in a browser on this machine):"
              : "Open this link again in a browser on this machine for a new code:"
          }`;
        }
      }
    } finally {
      closeServer(server);
    }
  }
}

function closeServer(server: Server): void {
  if (!server.listening) return;
  server.close();
  (server as { closeAllConnections?: () => void }).closeAllConnections?.();
}
