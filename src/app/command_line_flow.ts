/**
 * Login from a terminal: print the link, read the code from standard input.
 *
 * @module
 */
import type { OAuthTokenResponse } from "../auth/token_response.ts";
import { tidyOnInterrupt } from "../core/_interrupt.ts";
import {
  holdRawTerminal,
  INTERRUPTED,
  type RawTerminalHold,
  stdinIsRawTerminal,
} from "../core/_raw_terminal.ts";
import {
  echoWriter,
  holdLoginTerminal,
  loginInterrupted,
  markTerminalFlow,
} from "./_login_terminal.ts";
import { LoginRequiredError } from "../core/errors.ts";
import {
  inJupyter,
  promptLine,
  readStdinLine,
  stderrIsTerminal,
  stdinIsTerminal,
  stdinMayHaveInput,
  writeStderr,
} from "../core/runtime.ts";
import { personOutput, writeToPerson } from "./_person_output.ts";
import {
  exchangeWithRetries,
  type LoginFlowContext,
  type LoginFlowManager,
  type OutputWriter,
  type PromptFn,
  startFlow,
} from "./login_flow.ts";
import { loadLoginDependencies } from "../auth/login_client_base.ts";
import { checkFlowArguments } from "./_flow_options.ts";
import { checkLoginNetwork } from "./_login_permission.ts";
import { kernelStack } from "../core/_kernel_stack.ts";

/** Options for {@linkcode CommandLineLoginFlowManager}. */
export interface CommandLineLoginFlowOptions {
  /**
   * Where the link and messages are written.
   * @default standard error (standard output when only that is the
   *   terminal the code is typed at)
   */
  write?: OutputWriter | undefined;
  /**
   * Reads the code: from a terminal, a pipe, a file or a FIFO.
   * @default the question on standard error, a line of standard input
   */
  prompt?: PromptFn | undefined;
  /**
   * How many answers are accepted before giving up.
   * @default {3}
   */
  maxAttempts?: number | undefined;
}

/** The question asked for the code. */
export const COMMAND_LINE_CODE_PROMPT: string =
  "Enter the resulting Authorization Code here:";

/** What an empty answer is told before the question comes again. */
export const COMMAND_LINE_EMPTY_ANSWER_HINT: string =
  "No code was entered. Paste the code Globus shows after you log in (or the whole URL of that page) and press Enter; end the input (Ctrl-D) to cancel.";

/**
 * What the login says when the input was ended (Ctrl-D) at the code
 * prompt on a terminal. Ctrl-C there ends the program as interrupted.
 */
const COMMAND_LINE_CANCELLED =
  "Login cancelled: the input was ended (Ctrl-D) at the code prompt before a code was entered. Nothing was stored; run the program again to get a new login link.";

/**
 * What the login says for Ctrl-D at the code prompt where that does not end
 * the input: Node's REPL (or a program's open `readline`), which goes on.
 */
const COMMAND_LINE_CANCELLED_KEY =
  "Login cancelled: Ctrl-D was pressed at the code prompt before a code was entered. Nothing was stored; run the login again (app.login()) to get a new login link.";

/** How else to log in, ending the messages for a login without input. */
const OTHER_WAYS =
  'or, with a UserApp, log in another way: loginFlowManager: "local-server", or app.startLogin() → flow.finish(code).';

/**
 * What the login says when standard input cannot give a code at all
 * (`/dev/null`, or already at its end) and nothing else asks for it.
 */
const NO_INPUT_AT_ALL =
  `Cannot log in here: no authorization code can be read, as standard input is not a terminal and has nothing to read (/dev/null, as under cron or in a container without -i, or already at its end). Run the program once in a terminal to log in (with a token file, the default, the tokens are kept for later runs), send the code to its standard input, ${OTHER_WAYS}`;

/**
 * Asks for the code where the person reads (standard error, unless only
 * standard output reaches the terminal) and reads one line of standard
 * input, so the question, the answer and what follows stay on the user's
 * screen and out of the program's output.
 *
 * On a terminal the line is read as the Python SDK's `input()` reads it
 * in a script: the terminal echoes the typing and edits the line
 * (Backspace, Ctrl-U, Ctrl-W), Ctrl-D on an empty line ends the input
 * (the login is cancelled), and Ctrl-C is the terminal's interrupt: the
 * question's line is ended and the program ends as interrupted (by SIGINT,
 * status 130), with no error or stack printed. Deno's `prompt()` and
 * Node's readline (raw mode) could not do this: `prompt()` gives `null`
 * for Ctrl-C and Ctrl-D alike, and Node's readline closed on Ctrl-C, so
 * the login threw and Node printed a line of the bundle and a stack.
 *
 * Where Node's REPL (or the program's own open `readline` interface) holds
 * the terminal in raw mode, the login takes it when it begins (see
 * `holdLoginTerminal`) and edits the line itself
 * (src/core/_raw_terminal.ts): Ctrl-C stops the login (an `AbortError`) and
 * Ctrl-D on an empty line cancels it, and the REPL goes on either way, its
 * terminal given back as it was.
 *
 * - a terminal with standard output redirected (`deno run app.ts >
 *   out.txt`): the question goes to standard error (Deno's `prompt()`
 *   would write it, with its escape codes and the typed code, into the
 *   file);
 * - a terminal with standard error redirected: the question goes to
 *   standard output;
 * - a terminal with both redirected (`> out.txt 2>&1`, `2>&1 | tee
 *   log`): the link and the question go to the terminal itself
 *   (`/dev/tty`, as ssh and git ask there; on Deno only with `-A`: Deno 2
 *   opens `/dev/tty` only with all permissions), else to standard error;
 * - a pipe, file or FIFO: the answer is not echoed, so the line is ended
 *   after it (else the next message, or the program's output in a log that
 *   takes both streams, would run on after the question).
 *
 * @param question The question.
 * @returns The line, or `null` at the end of input.
 */
async function askPerson(
  question: string,
  signal?: AbortSignal,
  held?: RawTerminalHold,
): Promise<string | null> {
  if (inJupyter()) return await promptLine(question);
  if (stdinIsTerminal()) {
    const { where, write } = personOutput();
    // Node's REPL (or the program's open readline) holds the terminal in
    // raw mode: the login took it when it began (else it is taken now,
    // before the question shows), so every key typed at the question is
    // the login's, Ctrl-C included.
    const hold = held ?? holdRawTerminal();
    if (hold) {
      let answer: string | null | typeof INTERRUPTED;
      try {
        write(question + " ");
        answer = await hold.readLine(echoWriter(), signal);
      } finally {
        if (!held) hold.release();
      }
      if (answer === INTERRUPTED) throw loginInterrupted();
      return answer;
    }
    // Armed before the question shows: Ctrl-C (echoed `^C` by the
    // terminal) ends the question's line before the program ends.
    const disarm = tidyOnInterrupt(() => write("\n"));
    let line: string | null;
    try {
      write(question + " ");
      line = await readStdinLine();
    } finally {
      disarm();
    }
    // The terminal echoes the answer and its newline where it is typed: a
    // question written elsewhere (standard error to a file or a pipe while
    // standard output is the terminal) gets its line ended there, and so
    // does Ctrl-D on an empty line, which echoes nothing. With both
    // outputs redirected (`> out.txt 2>&1`, `2>&1 | tee run.log`) the
    // question went to the terminal itself.
    if (line === null || (where === "stderr" && !stderrIsTerminal())) {
      write("\n");
    }
    return line;
  }
  // Ctrl-C (or `kill -INT`) while a pipe or file holds the question: its
  // line is ended first, so a log that takes standard error does not run
  // the next line on after "…Code here: ".
  const disarm = tidyOnInterrupt(() => writeStderr("\n"));
  let answer: string | null;
  try {
    answer = await promptLine(question);
  } finally {
    disarm();
  }
  writeStderr("\n");
  return answer;
}

/**
 * Command-line login, like the Python SDK's: prints the authorize URL,
 * then reads the code (or the pasted URL) from standard input — a
 * terminal, or a pipe, file or FIFO (written after the link is printed: a
 * login's code must come from its own link); a
 * wrong code says why and asks again, and so does an empty line. When
 * standard input ends before a code (Ctrl-D at the prompt on a terminal)
 * it throws {@linkcode LoginRequiredError}; Ctrl-C there ends the program
 * as interrupted, as it does elsewhere (in Node's REPL, which goes on, it
 * stops the login with an `AbortError`, at the question, while a code is
 * checked or before the question shows).
 *
 * @example Log in from a script
 * ```ts
 * import { CommandLineLoginFlowManager, TUTORIAL_CLIENT_ID, UserApp } from "@globus-deno/sdk";
 * const app = new UserApp({
 *   appName: "My Script",
 *   clientId: TUTORIAL_CLIENT_ID,
 *   config: { loginFlowManager: new CommandLineLoginFlowManager(), tokenStorage: "memory" },
 * });
 * console.log(await app.loginRequired()); // true until app.login() ran
 * ```
 */
export class CommandLineLoginFlowManager implements LoginFlowManager {
  /** Consent requirements are reported as errors, not met by a new login. */
  readonly handlesAuthorizationRequirements: boolean = false;
  readonly #write: OutputWriter;
  readonly #prompt: PromptFn;
  readonly #customPrompt: boolean;
  readonly #maxAttempts: number;

  /**
   * Creates the flow manager.
   *
   * @param options The output and prompt seams and the number of tries.
   * @throws {RangeError} When `maxAttempts` is not a positive integer.
   * @throws {TypeError} For a login client (the Python SDK's form), more
   *   than one argument, or an option the flow does not know.
   */
  constructor(options: CommandLineLoginFlowOptions = {}) {
    checkFlowArguments("CommandLineLoginFlowManager", [...arguments], [
      "write",
      "prompt",
      "maxAttempts",
    ]);
    const maxAttempts = options.maxAttempts ?? 3;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
      throw kernelStack(
        new RangeError(
          `Cannot create the command-line login flow as 'maxAttempts' must be a positive integer: current value is ${maxAttempts}`,
        ),
      );
    }
    this.#write = options.write ?? writeToPerson;
    this.#prompt = options.prompt ?? askPerson;
    this.#customPrompt = options.prompt !== undefined;
    this.#maxAttempts = maxAttempts;
    // `app.login()` holds the REPL's terminal for it from its start.
    if (!this.#customPrompt) markTerminalFlow(this);
  }

  /**
   * Whether a code could be read now: always with a custom `prompt` and
   * inside the Deno Jupyter kernel (its input box); otherwise unless
   * standard input is `/dev/null` (a cron job, a container without `-i`)
   * or already at its end.
   *
   * @returns `false` when a login would certainly find no code to read.
   */
  isInteractive(): boolean {
    return this.#customPrompt || inJupyter() || stdinMayHaveInput();
  }

  /**
   * Prints the link, reads the code and exchanges it.
   *
   * @param context The login context.
   * @returns The token response.
   * @throws {LoginRequiredError} When no code can be read, or none worked.
   * @throws {AuthAPIError} For Auth errors other than a rejected code.
   */
  async run(context: LoginFlowContext): Promise<OAuthTokenResponse> {
    // Nobody could type the code (stdin is /dev/null or at its end): fail
    // before printing a link that could not be used (its code would have
    // to come back to this process).
    if (!this.isInteractive()) throw new LoginRequiredError(NO_INPUT_AT_ALL);
    // Node's raw terminal (the REPL) is the login's from now on, before
    // anything is awaited (or still, from `app.login()`'s start: the same
    // hold): a Ctrl-C while it gets ready stops it too.
    const terminal = this.#customPrompt
      ? undefined
      : holdLoginTerminal(context.signal);
    if (!terminal) return await this.#run(context, context.signal, undefined);
    try {
      const response = await this.#run(context, terminal.signal, terminal.hold);
      // A Ctrl-C after the last check that listens for it: the tokens are
      // not stored (the caller stores them), as the message says.
      if (terminal.interrupted()) throw loginInterrupted();
      return response;
    } catch (e) {
      // Whatever the Ctrl-C cut short (the code's exchange, a load).
      if (terminal.interrupted()) throw loginInterrupted();
      throw e;
    } finally {
      terminal.release();
    }
  }

  /** {@linkcode run}, with the signal to obey and the terminal held. */
  async #run(
    context: LoginFlowContext,
    signal: AbortSignal | undefined,
    hold: RawTerminalHold | undefined,
  ): Promise<OAuthTokenResponse> {
    await loadLoginDependencies();
    // A Ctrl-C while it loaded: no link.
    if (hold) signal?.throwIfAborted();
    const { flow, url } = startFlow(context);
    // Used on its own (the README's recipe), nothing checked this before
    // the link was shown.
    checkLoginNetwork(
      url.replace(/\/v2\/oauth2\/authorize(\?.*)?$/, "/v2/oauth2/token"),
    );
    const rule = "-".repeat(36);
    if (context.reason) this.#write(`${context.reason}\n\n`);
    this.#write(
      `Please authenticate with Globus here:\n${rule}\n${url}\n${rule}\n\n`,
    );
    return await exchangeWithRetries(flow, {
      ask: () =>
        this.#customPrompt
          ? this.#prompt(COMMAND_LINE_CODE_PROMPT)
          : askPerson(COMMAND_LINE_CODE_PROMPT, signal, hold),
      tell: (text) => {
        // Not after a Ctrl-C: the login is over.
        if (!signal?.aborted) this.#write(text + "\n");
        return Promise.resolve();
      },
      noInput: () =>
        new LoginRequiredError(
          !this.#customPrompt && stdinIsRawTerminal()
            ? COMMAND_LINE_CANCELLED_KEY
            : !this.#customPrompt && stdinIsTerminal()
            ? COMMAND_LINE_CANCELLED
            : `No authorization code could be read: standard input ended (or is closed) before a code was entered. Run the program in a terminal or send the code to its standard input, ${OTHER_WAYS}`,
        ),
      emptyAnswerHint: COMMAND_LINE_EMPTY_ANSWER_HINT,
      maxAttempts: this.#maxAttempts,
    }, signal);
  }
}
