/**
 * Makes text from a server safe to write to a terminal.
 *
 * @module
 */

// ESC sequences first (CSI `ESC [ … final`, OSC `ESC ] … BEL|ST`, DCS/SOS/
// PM/APC `ESC P|X|^|_ … ST`, two-byte `ESC x`), then the 8-bit C1 forms of
// CSI and OSC/DCS/…, then every remaining C0 control except `\n` and `\t`,
// DEL and C1.
const ESCAPE_SEQUENCE =
  // deno-lint-ignore no-control-regex
  /\x1b\[[0-?]*[ -/]*[@-~]?|\x1b[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|\x1b[ -~]?|\x9b[0-?]*[ -/]*[@-~]?|[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?/g;
// deno-lint-ignore no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

/**
 * `text` without terminal control: ESC sequences (colours, cursor moves,
 * title changes, hyperlinks), C0 control characters other than newline and
 * tab (so also `\r` and backspace, which can overwrite what was printed),
 * DEL and C1 controls are removed. Everything else, including non-ASCII
 * letters, is kept.
 *
 * @param text Text that may come from a server or a user.
 * @returns The text, safe to print.
 */
export function terminalSafe(text: string): string {
  // deno-lint-ignore no-control-regex
  if (!/[\x00-\x08\x0b-\x1f\x7f-\x9f]/.test(text)) return text;
  return text.replace(ESCAPE_SEQUENCE, "").replace(CONTROL, "");
}

/**
 * {@linkcode terminalSafe} for a single line (a progress line that is
 * redrawn in place): newlines and tabs become spaces too.
 *
 * @param text Text that may come from a server or a user.
 * @returns One line, safe to print.
 */
export function terminalLine(text: string): string {
  return terminalSafe(text).replace(/[\n\t]+/g, " ");
}
