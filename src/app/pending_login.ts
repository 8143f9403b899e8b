/**
 * A login started in one notebook cell and finished in another:
 * {@linkcode UserApp.startLogin}'s {@linkcode PendingLogin}.
 *
 * @module
 */
import type { AuthorizeUrlOptions } from "../auth/flow.ts";
import { GlobusError } from "../core/errors.ts";
import { escapeHtml, JUPYTER_DISPLAY } from "../notebook/display.ts";
import { FINISH, pendingLoginBundle, shownLogins } from "./_login_link.ts";

/** Options for {@linkcode UserApp.startLogin}. */
export interface StartLoginOptions {
  /** Session parameters and `prompt` for the authorize URL. */
  authParams?: AuthorizeUrlOptions | undefined;
  /**
   * Show the link right away (HTML in Jupyter, text elsewhere).
   * @default {true}
   */
  show?: boolean | undefined;
}

/**
 * A login started by {@linkcode UserApp.startLogin}, finished by
 * {@linkcode PendingLogin.finish} (in another notebook cell). Renders as the
 * clickable link in Jupyter.
 *
 * @example A two-cell login, approved by the local emulator
 * ```ts
 * import { UserApp } from "@globus-deno/sdk";
 * import { startEmulator } from "@globus-deno/sdk/testing";
 * const emulator = await startEmulator();
 * const app = new UserApp({
 *   appName: "My Notebook",
 *   clientId: emulator.nativeClientId,
 *   config: { tokenStorage: "memory", authBaseUrl: emulator.authUrl },
 * });
 * const flow = await app.startLogin({ show: false }); // cell 1 (shows the link by default)
 * console.log(flow.url.startsWith(emulator.authUrl)); // true
 * const code = await emulator.approve(flow.url); // the user logs in and copies the code
 * await flow.finish(code); // cell 2
 * console.log(await app.loginRequired()); // false
 * await emulator.close();
 * ```
 */
export class PendingLogin {
  /** The authorize URL to open. */
  readonly url: string;
  readonly #appName: string;
  readonly #finish: (code: string) => Promise<void>;
  #done = false;

  /**
   * Wraps a started login (use {@linkcode UserApp.startLogin}).
   *
   * @param url The authorize URL.
   * @param appName The app's name.
   * @param finish Exchanges a code and caches the tokens.
   */
  constructor(
    url: string,
    appName: string,
    finish: (code: string) => Promise<void>,
  ) {
    this.url = url;
    this.#appName = appName;
    this.#finish = finish;
  }

  /**
   * Exchanges the code (or the pasted URL holding it) for tokens and caches
   * them.
   *
   * @param codeOrUrl The code Globus showed, or the whole URL.
   * @returns This login, once the tokens are cached: a cell ending in
   *   `await flow.finish(code)` shows "Logged in to Globus for …", as
   *   `app.login()` does.
   * @throws {AuthCodeInputError} When the text holds no code.
   * @throws {AuthAPIError} When Globus Auth rejects the code (e.g. `invalid_grant`).
   * @throws {GlobusError} When this login was already finished.
   */
  async finish(codeOrUrl: string): Promise<this> {
    if (this.#done) {
      throw new GlobusError(
        "This login is already finished: call app.startLogin() again for a new one",
      );
    }
    await this.#finish(codeOrUrl);
    this.#done = true;
    return this;
  }

  /**
   * The link with instructions, as MIME data for Jupyter. Once
   * `startLogin()` has shown the link, a short reminder with the link;
   * once finished, a line saying so (not a link to log in again).
   *
   * @returns `text/html` and `text/plain`.
   */
  [JUPYTER_DISPLAY](): Record<string, string> {
    return this.#bundle();
  }

  /**
   * Plain-text instructions with the URL (or that the login is finished).
   *
   * @returns The text.
   */
  toString(): string {
    return this.#bundle()["text/plain"] as string;
  }

  /**
   * `console.log(flow)`: its link while it waits for the code; once
   * finished, that it is (it showed the link as if still waiting).
   */
  [Symbol.for("Deno.customInspect")](
    inspect: (v: unknown, o: unknown) => string,
    options: unknown,
  ): string {
    return `PendingLogin ${inspect(this.#shown(), options)}`;
  }

  /** The same for Node's `util.inspect`. */
  [Symbol.for("nodejs.util.inspect.custom")](
    _depth: number,
    options: unknown,
    inspect: (v: unknown, o: unknown) => string,
  ): string {
    return `PendingLogin ${inspect(this.#shown(), options)}`;
  }

  #shown(): Record<string, unknown> {
    return this.#done
      ? {
        finished: true,
        appName: this.#appName,
        note: "the tokens are cached",
      }
      : { url: this.url };
  }

  #bundle(): Record<string, string> {
    if (this.#done) {
      const text =
        `Logged in to Globus for ${this.#appName}: the tokens are cached.`;
      return { "text/html": `<p>${escapeHtml(text)}</p>`, "text/plain": text };
    }
    if (shownLogins.has(this)) {
      return {
        "text/html":
          `<p>Waiting for the code: run <code>${FINISH}</code> with the code Globus shows you (the login link for <em>${
            escapeHtml(this.#appName)
          }</em> is shown above; <a href="${
            escapeHtml(this.url)
          }" target="_blank" rel="noopener noreferrer">open it again</a>).</p>`,
        "text/plain":
          `Waiting for the code: run ${FINISH} with the code Globus shows you (the login link for ${this.#appName} is shown above).\n${this.url}`,
      };
    }
    return pendingLoginBundle(this.url, this.#appName);
  }
}
