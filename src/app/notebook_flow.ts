/**
 * Login inside a Jupyter notebook (the Deno kernel): a clickable link, then
 * the code pasted into an input box.
 *
 * @module
 */
import type { OAuthTokenResponse } from "../auth/token_response.ts";
import { LoginRequiredError } from "../core/errors.ts";
import { inJupyter, promptLine, stdinMayHaveInput } from "../core/runtime.ts";
import { interruptible, kernelInterrupts } from "../core/_interrupt.ts";
import {
  defaultDisplay,
  type DisplaySink,
  escapeHtml,
} from "../notebook/display.ts";
import {
  exchangeWithRetries,
  type LoginFlowContext,
  type LoginFlowManager,
  type PromptFn,
  startFlow,
} from "./login_flow.ts";
import { wholeTokens } from "../notebook/_word_breaks.ts";
import { loadLoginDependencies } from "../auth/login_client_base.ts";
import { checkFlowArguments } from "./_flow_options.ts";
import { kernelStack } from "../core/_kernel_stack.ts";

/** Options for {@linkcode NotebookLoginFlowManager}. */
export interface NotebookLoginFlowOptions {
  /**
   * Where the link and messages are shown.
   * @default {defaultDisplay()}
   */
  display?: DisplaySink | undefined;
  /**
   * Asks for the code (`prompt()` in the Deno kernel becomes an input box).
   * @default {promptLine}
   */
  prompt?: PromptFn | undefined;
  /**
   * How many answers are accepted before giving up.
   * @default {3}
   */
  maxAttempts?: number | undefined;
}

/**
 * How long the Jupyter flow waits between showing the link and asking for
 * the code, so that the link is drawn above the input box.
 */
const LINK_FIRST_MS = 150;

/** The question asked for the code. */
export const NOTEBOOK_CODE_PROMPT: string =
  "Paste the authorization code (or the whole URL of the page that shows it):";

/**
 * The hint given when no code can be read (e.g. a notebook run by
 * nbconvert): the two-cell login.
 */
export const TWO_CELL_LOGIN_HINT: string = [
  "Log in with two cells instead:",
  "  const flow = await app.startLogin();  // shows the login link",
  '  await flow.finish("PASTE-THE-CODE-HERE");  // in the next cell',
].join("\n");

/**
 * The HTML and plain-text bundle that shows a login link.
 *
 * @param url The authorize URL.
 * @param appName The app's name.
 * @returns A MIME bundle (`text/html`, `text/plain`).
 *
 * @example Show a login link in your own flow
 * ```ts
 * import { defaultDisplay, loginLinkBundle } from "@globus-deno/sdk";
 * const bundle = loginLinkBundle(
 *   "https://auth.globus.org/v2/oauth2/authorize?client_id=…",
 *   "My Notebook",
 * );
 * console.log(Object.keys(bundle)); // [ "text/html", "text/plain" ]
 * await defaultDisplay().show(bundle); // a clickable link in Jupyter
 * ```
 */
export function loginLinkBundle(
  url: string,
  appName: string,
): Record<string, string> {
  const html = `<div class="globus-login"><p><a href="${
    escapeHtml(url)
  }" target="_blank" rel="noopener noreferrer"><strong>Log in to Globus</strong></a> for <em>${
    escapeHtml(appName)
  }</em>.</p><p>Open the link, log in, then paste the code Globus shows you into the box below. To stop instead, press Enter with the box empty (the stop button waits for the box).</p></div>`;
  const text =
    `Log in to Globus for ${appName}: open this link, log in, then paste the code Globus shows you.\n${url}`;
  return { "text/html": html, "text/plain": text };
}

/**
 * A line of the login's, as HTML and text; each of `calls` in it kept on
 * one line in HTML (`<nobr>`, which Jupyter keeps in a notebook that is
 * not trusted, unlike a style attribute): at a 600 px window
 * "app.login({ force:" ended a line.
 */
function message(
  text: string,
  calls: readonly string[] = [],
): Record<string, string> {
  // A long word (a required scope, `urn:…:all[*https://auth.globus.org/
  // scopes/<id>/data_access]`) may wrap after a "/" as in the tables,
  // its id whole: as one word it ran past a 600 px output area's edge.
  const parts = calls.length === 0 ? [text] : text.split(
    new RegExp(
      `(${
        calls.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")
      })`,
    ),
  );
  const html = parts.map((p, i) =>
    i % 2 === 1 ? `<nobr>${escapeHtml(p)}</nobr>` : wholeTokens(p)
  ).join("");
  return {
    "text/html": `<p class="globus-login-message">${html}</p>`,
    "text/plain": text,
  };
}

/**
 * Notebook login: shows the authorize link (clickable HTML in Jupyter,
 * plain text elsewhere), then asks for the code with `prompt()`, which the
 * Deno kernel shows as an input box. Accepts the bare code or the whole
 * pasted URL; a wrong code says why and asks again (3 answers in all). Once
 * logged in, a line says so and for which resource servers. When
 * no input can be read (`prompt()` gives `null`, as under nbconvert) or the
 * answer is empty, it throws {@linkcode LoginRequiredError} explaining the
 * two-cell form `app.startLogin()` → `flow.finish(code)`.
 *
 * Consent and session requirements from services are met by logging in
 * again (`handlesAuthorizationRequirements` is `true`).
 *
 * @example Use the notebook flow explicitly
 * ```ts
 * import { NotebookLoginFlowManager, TUTORIAL_CLIENT_ID, UserApp } from "@globus-deno/sdk";
 * const app = new UserApp({
 *   appName: "My Notebook",
 *   clientId: TUTORIAL_CLIENT_ID,
 *   config: { loginFlowManager: new NotebookLoginFlowManager(), tokenStorage: "memory" },
 * });
 * console.log(app.loginFlowManager.handlesAuthorizationRequirements); // true
 * ```
 */
export class NotebookLoginFlowManager implements LoginFlowManager {
  /** Re-logs in for ConsentRequired and other auth requirements. */
  readonly handlesAuthorizationRequirements: boolean = true;
  readonly #display: DisplaySink | undefined;
  readonly #prompt: PromptFn;
  readonly #customPrompt: boolean;
  readonly #maxAttempts: number;

  /**
   * Creates the flow manager.
   *
   * @param options The display and prompt seams and the number of tries.
   * @throws {RangeError} When `maxAttempts` is not a positive integer.
   * @throws {TypeError} For a login client (the Python SDK's form), more
   *   than one argument, or an option the flow does not know.
   */
  constructor(options: NotebookLoginFlowOptions = {}) {
    checkFlowArguments("NotebookLoginFlowManager", [...arguments], [
      "display",
      "prompt",
      "maxAttempts",
    ]);
    const maxAttempts = options.maxAttempts ?? 3;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
      throw kernelStack(
        new RangeError(
          `Cannot create the notebook login flow as 'maxAttempts' must be a positive integer: current value is ${maxAttempts}`,
        ),
      );
    }
    this.#display = options.display;
    this.#prompt = options.prompt ?? promptLine;
    this.#customPrompt = options.prompt !== undefined;
    this.#maxAttempts = maxAttempts;
  }

  /**
   * Whether a code could be asked for now: with a custom `prompt`, inside
   * the Deno Jupyter kernel (its input box), or where standard input may
   * give a line.
   *
   * @returns `false` when `prompt()` could not reach a person.
   */
  isInteractive(): boolean {
    return this.#customPrompt || inJupyter() || stdinMayHaveInput();
  }

  /**
   * Says that a login was not needed: `app.login()` found the cached
   * tokens good enough (a re-run login cell showed nothing at all, which
   * read as a login that did not happen). Called by {@linkcode UserApp}.
   *
   * @param appName The app's name.
   * @param resourceServers The resource servers whose tokens are cached.
   */
  async showLoginNotNeeded(
    appName: string,
    resourceServers: readonly string[],
  ): Promise<void> {
    const display = this.#display ?? defaultDisplay();
    await display.show(
      message(
        `Already logged in to Globus for ${appName}: the cached tokens (for ${
          resourceServers.join(", ")
        }) will do. app.login({ force: true }) logs in again.`,
        ["app.login({ force: true })"],
      ),
    );
  }

  /**
   * Shows the link, asks for the code and exchanges it.
   *
   * @param context The login context.
   * @returns The token response.
   * @throws {LoginRequiredError} When no code can be read, or none worked.
   * @throws {AuthAPIError} For Auth errors other than a rejected code.
   */
  async run(context: LoginFlowContext): Promise<OAuthTokenResponse> {
    const display = this.#display ?? defaultDisplay();
    await loadLoginDependencies();
    const { flow, url } = startFlow(context);
    if (context.reason) await display.show(message(context.reason));
    await display.show(loginLinkBundle(url, context.appName));
    // In the Deno kernel an interrupt would end the kernel: it ends the
    // login instead (once the input box is answered: Deno's prompt() holds
    // the kernel until then).
    const interrupts = kernelInterrupts();
    const tokens = await interruptible(
      interrupts,
      context.signal,
      () =>
        new DOMException(
          "Interrupted: the login stopped, and no tokens were stored. Run the login again (app.login()) when you want to log in",
          "AbortError",
        ),
      async (signal) => {
        if (!this.#customPrompt && inJupyter()) {
          // The link goes out on Jupyter's iopub channel and the input box's
          // request on its stdin channel, within the same millisecond; the
          // server relays the two channels independently, so the box could
          // be drawn above the link. A moment's pause lets the link arrive
          // first.
          await new Promise((resolve) => setTimeout(resolve, LINK_FIRST_MS));
        }
        return await exchangeWithRetries(flow, {
          ask: () => {
            const answer = this.#prompt(NOTEBOOK_CODE_PROMPT);
            // An interrupt while the box was open: its listener runs once
            // prompt() returns, before the answer is used.
            return interrupts
              ? new Promise((resolve) => setTimeout(resolve, 0)).then(() =>
                answer
              )
              : answer;
          },
          tell: async (text) => {
            await display.show(message(text));
            // Why the code was refused goes above the next input box, not
            // under it (the same two channels as the link's).
            if (!this.#customPrompt && inJupyter()) {
              await new Promise((resolve) =>
                setTimeout(resolve, LINK_FIRST_MS)
              );
            }
          },
          noInput: () =>
            new LoginRequiredError(
              `No authorization code was entered, so the login could not finish (a notebook run without a person to answer, e.g. by nbconvert, cannot read one). ${TWO_CELL_LOGIN_HINT}`,
            ),
          emptyAnswer: () =>
            new LoginRequiredError(
              `The code box was left empty, so the login stopped and no new tokens were stored. Run the cell again for a new link and box when you want to log in. ${TWO_CELL_LOGIN_HINT}`,
            ),
          maxAttempts: this.#maxAttempts,
        }, signal);
      },
    );
    // The cell would otherwise end with the link and the pasted code, and
    // nothing saying the login worked.
    const servers = Object.keys(tokens.byResourceServer).join(", ");
    await display.show(
      message(
        `Logged in to Globus for ${context.appName} (tokens for ${servers}).`,
      ),
    );
    return tokens;
  }
}
