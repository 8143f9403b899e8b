/**
 * The login flow manager seam: how an app gets a user's tokens (a notebook
 * prompt, the command line, or a local web server), with every piece of UI
 * injectable.
 *
 * @module
 */
import type {
  AuthorizationCodeFlow,
  AuthorizeUrlOptions,
} from "../auth/flow.ts";
import type { StartFlowOptions } from "../auth/flow.ts";
import {
  AuthCodeExchangeError,
  AuthCodeInputError,
} from "../auth/paste_code.ts";
import type { OAuthTokenResponse } from "../auth/token_response.ts";
import { neverReachedServer } from "../auth/login_client_base.ts";
import {
  AuthAPIError,
  LoginRequiredError,
  NetworkError,
} from "../core/errors.ts";
import { isPermissionError } from "../core/retry.ts";

/**
 * The part of an auth client a login flow uses (`NativeAppAuthClient` fits).
 * The flow it starts does the rest: `flow.getAuthorizeUrl(context.authParams)`
 * (Python's `self._get_authorize_url(…)` in a `LoginFlowManager`) and
 * `flow.exchangeCodeForTokens(code)` (`self._get_grant_response(…)`).
 */
export interface LoginFlowAuthClient {
  /**
   * Starts an authorization-code flow.
   *
   * @param options Scopes, redirect URI, refresh tokens, state.
   * @returns The flow.
   */
  oauth2StartFlow(options: StartFlowOptions): AuthorizationCodeFlow;
}

/** Everything a {@linkcode LoginFlowManager} needs for one login. */
export interface LoginFlowContext {
  /** Starts the OAuth2 flow. */
  readonly authClient: LoginFlowAuthClient;
  /** The scopes to request (scope strings, dependencies in brackets). */
  readonly requestedScopes: readonly string[];
  /** Whether to ask for refresh tokens (`access_type=offline`). */
  readonly refreshTokens: boolean;
  /** Session parameters and `prompt` for the authorize URL. */
  readonly authParams: AuthorizeUrlOptions;
  /** The app's name (shown to the user). */
  readonly appName: string;
  /** A name for the grant on the consent page (`prefill_named_grant`). */
  readonly prefillNamedGrant?: string;
  /**
   * The app's `loginRedirectUri`, when set: where Globus Auth sends the
   * user after login (flows with their own redirect URI ignore it).
   */
  readonly redirectUri?: string | undefined;
  /** Aborts the login (e.g. `app.close()`). */
  readonly signal?: AbortSignal | undefined;
  /**
   * Why this login is needed, when it is not the first one (e.g. Globus
   * Auth rejected the saved refresh token); flows show it before the link.
   */
  readonly reason?: string | undefined;
}

/**
 * Runs a login: shows the user where to log in, gets the authorization
 * code, and exchanges it for tokens. The built-in managers are
 * {@linkcode NotebookLoginFlowManager}, {@linkcode CommandLineLoginFlowManager}
 * and {@linkcode LocalServerLoginFlowManager}; pass your own object to
 * `UserApp`'s `config.loginFlowManager` for any other UI.
 */
export interface LoginFlowManager {
  /**
   * Logs the user in.
   *
   * @param context What to ask for and the auth client.
   * @returns The token response.
   * @throws {LoginRequiredError} When the login cannot happen here.
   */
  run(context: LoginFlowContext): Promise<OAuthTokenResponse>;
  /**
   * `true` when a service's consent or session requirement
   * (ConsentRequired, GARE) should be met by logging in again with this
   * manager and retrying the call (the notebook flow does); otherwise the
   * call throws the `GlobusAPIError` with its `authorizationParameters`.
   */
  readonly handlesAuthorizationRequirements?: boolean;
  /**
   * Whether a login could reach a person now (a terminal or a pipe to read
   * the code from, a notebook). When it returns `false`, an app whose
   * refresh token Globus Auth rejected throws a `LoginRequiredError` that
   * says what to run, instead of starting a login. Missing: `true`.
   *
   * @returns `false` when a login would certainly fail here.
   */
  isInteractive?(): boolean;
}

/** Asks one question; resolves `null` when no answer can be read. */
export type PromptFn = (message: string) => Promise<string | null>;

/** Writes text for the user (no newline added). */
export type OutputWriter = (text: string) => void;

/**
 * Starts the flow of a context.
 *
 * @param context The login context.
 * @param extra A redirect URI and state, for flows that need them.
 * @returns The flow and its authorize URL.
 */
export function startFlow(
  context: LoginFlowContext,
  extra: { redirectUri?: string | undefined; state?: string | undefined } = {},
): { flow: AuthorizationCodeFlow; url: string } {
  const flow = context.authClient.oauth2StartFlow({
    requestedScopes: [...context.requestedScopes],
    refreshTokens: context.refreshTokens,
    ...(context.prefillNamedGrant !== undefined
      ? { prefillNamedGrant: context.prefillNamedGrant }
      : {}),
    ...(context.redirectUri !== undefined
      ? { redirectUri: context.redirectUri }
      : {}),
    ...extra,
  });
  return { flow, url: flow.getAuthorizeUrl(context.authParams) };
}

/** How {@linkcode exchangeWithRetries} talks to the user. */
export interface ExchangeDialog {
  /** Asks for the code. */
  ask(): Promise<string | null>;
  /** Says why an answer was not accepted (before asking again). */
  tell(message: string): Promise<void>;
  /** The error when no answer can be read. */
  noInput(): Error;
  /**
   * The error when the answer is empty and there is no
   * {@linkcode ExchangeDialog.emptyAnswerHint} (a person left the box
   * empty: the login stops). Defaults to {@linkcode ExchangeDialog.noInput}.
   */
  emptyAnswer?(): Error;
  /**
   * What to say when the answer is empty, before asking again (a person
   * pressed Enter on an empty line). Without it an empty answer counts as
   * no input ({@linkcode ExchangeDialog.noInput}). Empty answers do not use
   * up attempts, but {@linkcode MAX_EMPTY_ANSWERS} in a row give up.
   */
  emptyAnswerHint?: string;
  /** The number of answers accepted before giving up. */
  maxAttempts: number;
}

/** How many empty answers in a row end a login that asks again on one. */
export const MAX_EMPTY_ANSWERS = 20;

/**
 * Asks for a code and exchanges it, asking again (up to `maxAttempts`
 * answers) when the answer is not a code, Globus Auth rejects it
 * (`invalid_grant`), or the exchange's answer was lost (a new code is
 * needed: {@linkcode AuthCodeExchangeError}), or Globus Auth could not be
 * reached (no connection: the code still works). A missing permission
 * (`--allow-net`) is thrown. An empty answer asks again when the dialog has an
 * `emptyAnswerHint`, and counts as no input otherwise; `null` (end of
 * input) always gives up.
 *
 * @param flow The started flow.
 * @param dialog How to ask and tell.
 * @param signal Aborts the exchange.
 * @returns The token response.
 * @throws {LoginRequiredError} When no answer can be read, or none worked.
 * @throws {AuthAPIError} For Auth errors other than `invalid_grant`.
 */
export async function exchangeWithRetries(
  flow: AuthorizationCodeFlow,
  dialog: ExchangeDialog,
  signal?: AbortSignal,
): Promise<OAuthTokenResponse> {
  let lastProblem = "";
  let lastError: unknown;
  let empty = 0;
  for (let attempt = 1; attempt <= dialog.maxAttempts; attempt++) {
    signal?.throwIfAborted();
    const answer = await untilAborted(dialog.ask(), signal);
    if (answer === null) {
      throw afterLastProblem(dialog.noInput(), lastProblem, lastError);
    }
    if (answer.trim() === "") {
      if (dialog.emptyAnswerHint === undefined) {
        throw dialog.emptyAnswer?.() ?? dialog.noInput();
      }
      if (++empty >= MAX_EMPTY_ANSWERS) {
        throw new LoginRequiredError(
          `Login stopped: ${empty} empty answers in a row and no authorization code. Run the login again to get a new link.`,
        );
      }
      await dialog.tell(dialog.emptyAnswerHint);
      attempt--; // an empty line is not a try
      continue;
    }
    empty = 0;
    try {
      return await flow.exchangeCodeForTokens(
        answer,
        { signal },
      );
    } catch (e) {
      lastError = e;
      if (e instanceof AuthCodeExchangeError) {
        // The code may be used up: a new one is needed, not the same again.
        lastProblem = e.message;
        if (attempt < dialog.maxAttempts) await dialog.tell(e.message);
        continue;
      } else if (e instanceof AuthCodeInputError) {
        lastProblem = e.message;
      } else if (
        e instanceof NetworkError && neverReachedServer(e) &&
        !isPermissionError(e.cause)
      ) {
        // Globus Auth could not be reached: the code was not used up.
        lastProblem = `${
          e.message.replace(/\.$/, "")
        }. The code did not reach Globus Auth, so it still works once Globus Auth can be reached (check the network connection and the Auth URL)`;
      } else if (
        e instanceof AuthAPIError &&
        (e.code === "invalid_grant" || e.code === "invalid_request")
      ) {
        // PKCE: the code was made for another login's link (an earlier
        // run's, say: each run makes a new link and verifier).
        lastProblem = /code_verifier/i.test(e.message)
          ? `Globus Auth did not accept that code (${e.code}): it was made for another login's link, and a code works only with the link it came from. Use the code from the link shown for this login`
          : `Globus Auth did not accept that code (${e.code}): it may be mistyped or cut short, have expired, been used already, or come from another login`;
      } else {
        throw e;
      }
      if (attempt < dialog.maxAttempts) {
        // A problem that already says what to paste is not followed by a
        // second instruction ("… paste the new code. Please paste the code
        // again." read as two different things to do).
        await dialog.tell(
          /\bpaste\b/i.test(lastProblem)
            ? lastProblem
            : `${lastProblem.replace(/\.$/, "")}. Please paste the code again.`,
        );
      }
    }
  }
  throw new LoginRequiredError(
    `Login failed: no valid authorization code after ${dialog.maxAttempts} tries (${
      lastProblem.replace(/\.$/, "")
    }). Run the login again to get a new link.`,
  );
}

/**
 * The error for input that ended after a code failed: the failure first
 * (a network error, a rejected code: what the person must fix), then that
 * no other code came, with the failure as its `cause`. Without an earlier
 * failure, `none` as it is.
 */
function afterLastProblem(
  none: Error,
  lastProblem: string,
  lastError: unknown,
): Error {
  if (lastProblem === "") return none;
  const then = none.message.charAt(0).toLowerCase() + none.message.slice(1);
  return new LoginRequiredError(
    `Login failed: ${lastProblem.replace(/\.$/, "")}. Then ${then}`,
    { cause: lastError },
  );
}

/** `p`, or the signal's reason as soon as it is aborted. */
function untilAborted<T>(p: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return p;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(resolve, reject).finally(() =>
      signal.removeEventListener("abort", onAbort)
    );
  });
}
