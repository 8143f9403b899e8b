/**
 * Where the person running a program reads its login messages: standard
 * error, unless only standard output reaches their terminal.
 *
 * @module
 */
import {
  inJupyter,
  stderrIsTerminal,
  stdinIsTerminal,
  stdoutIsTerminal,
  writeStderr,
  writeStdout,
} from "../core/runtime.ts";

/**
 * Whether the person at the terminal sees standard output but not standard
 * error: standard input and output are the terminal and standard error is
 * redirected (`deno run app.ts 2> err.log`, `2>/dev/null`).
 */
export function personOnStdout(): boolean {
  return !inJupyter() && stdinIsTerminal() && !stderrIsTerminal() &&
    stdoutIsTerminal();
}

/**
 * Writes where the person reads: standard error, or standard output when
 * only that reaches the terminal (else the link would go to a log file
 * and the person would see a question with no link, as the Python SDK,
 * which prints the link on standard output, never does).
 */
export function writeToPerson(text: string): void {
  (personOnStdout() ? writeStdout : writeStderr)(text);
}
