/**
 * Where the person running a program reads its login messages: standard
 * error, unless only standard output reaches their terminal; the terminal
 * itself (`/dev/tty`) when both are redirected and standard input is the
 * terminal.
 *
 * @module
 */
import {
  inJupyter,
  nodeBuiltin,
  permitted,
  platform,
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

/** The terminal opened for writing, once (`null`: it could not be). */
let tty: ((text: string) => void) | null | undefined;

/**
 * A writer to the controlling terminal (`/dev/tty`), or `undefined` when
 * it cannot be opened: not on Windows, and on Deno only with the write
 * permission for it already granted (never a permission prompt) and, as
 * Deno 2 opens `/dev/tty` only then, all the others (`-A`).
 */
function terminalWriter(): ((text: string) => void) | undefined {
  if (tty !== undefined) return tty ?? undefined;
  tty = null;
  if (platform() === "win32") return undefined;
  const path = "/dev/tty";
  // Deno: only with the write permission already granted (no prompt).
  if (!permitted({ name: "write", path })) return undefined;
  try {
    // node:fs on Deno too (its Node layer is loaded only here, at a login).
    const fs = nodeBuiltin("node:fs");
    const fd = fs.openSync(path, "w");
    tty = (text) => void fs.writeSync(fd, text);
  } catch {
    // No controlling terminal: standard error.
    tty = null;
  }
  return tty ?? undefined;
}

/**
 * How to reach the person at the terminal: `"stdout"` when only standard
 * output reaches it, `"tty"` when neither output does (`> out.txt 2>&1`)
 * but standard input is the terminal (the login's link and question then
 * go to `/dev/tty`, as ssh and git ask there), else `"stderr"`.
 */
export function personOutput(): {
  where: "stdout" | "stderr" | "tty";
  write: (text: string) => void;
} {
  if (personOnStdout()) return { where: "stdout", write: writeStdout };
  if (
    !inJupyter() && stdinIsTerminal() && !stderrIsTerminal() &&
    !stdoutIsTerminal()
  ) {
    const write = terminalWriter();
    if (write) return { where: "tty", write };
  }
  return { where: "stderr", write: writeStderr };
}

/**
 * Writes where the person reads: standard error, or standard output when
 * only that reaches the terminal (else the link would go to a log file
 * and the person would see a question with no link, as the Python SDK,
 * which prints the link on standard output, never does), or the terminal
 * itself when both outputs are redirected.
 */
export function writeToPerson(text: string): void {
  personOutput().write(text);
}
