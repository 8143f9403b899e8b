/**
 * Internal: the terminal progress line made to fit the terminal.
 *
 * @module
 */

/**
 * The progress line made to fit `columns` (less one, so the cursor never
 * wraps): the task id shortened to its first group, then the bar left out,
 * then the end cut with "…". A wrapped line cannot be redrawn in place:
 * `\r` goes back to the start of its last row only.
 *
 * @param text The full line.
 * @param columns The terminal's width, if known.
 * @returns The line.
 */
export function fitProgressLine(text: string, columns?: number): string {
  if (columns === undefined || text.length < columns) return text;
  let line = text.replace(
    /^Task ([0-9a-f]{8})-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12} /i,
    "Task $1 ",
  );
  if (line.length >= columns) line = line.replace(/ \[[#.-]+\]/, "");
  if (line.length >= columns) {
    line = line.slice(0, Math.max(1, columns - 2)) + "…";
  }
  return line;
}
