/**
 * Internal: the terminal's live progress lines, shared by the waits that
 * run at once (`Promise.all` of several `taskWait` calls).
 *
 * One wait draws one line, redrawn in place (`\r`, erase, the line), as
 * always. Several draw a block of rows, one per wait in the order they
 * started, redrawn together (cursor up to the block's first row, erase to
 * the end of the screen, the rows): each redrawing only its own line over
 * the others' left 3 of 20 final lines on the screen. A wait that ends
 * prints its final line (and its note) once, above the rows still running,
 * where it stays. A dumb terminal (TERM=dumb: no cursor movement) shows a
 * live line only while one wait runs; each wait's final line is printed
 * once when it ends.
 *
 * @module
 */
import { stderrLineIsOpen, writeStderr } from "../core/runtime.ts";
import { fitProgressLine } from "./_progress_line.ts";

/** The most waits drawn as rows; the rest are counted on one more row. */
export const MOST_ROWS = 12;

/** One wait's line on the board. */
export interface BoardRow {
  /** The line as rendered (not fitted to the width). */
  full: string;
  /** The line as last drawn (fitted to the width), `""` before. */
  shown: string;
}

/** The live lines of one terminal (one `write` function). */
export interface TerminalBoard {
  /** Adds a wait's row (drawn at the next {@linkcode TerminalBoard.update}). */
  add(): BoardRow;
  /** Sets a row's line and redraws. */
  update(row: BoardRow, full: string, columns: number | undefined): void;
  /**
   * Prints a row's final line (whole) and `note` for good, and removes it;
   * the other rows are drawn below.
   */
  finish(row: BoardRow, note: string | undefined, columns?: number): void;
  /**
   * Ctrl-C: prints the row's line as shown and `note` (may be empty) for
   * good, and removes it; the other rows are drawn below. Writes at once
   * (never waits).
   */
  interrupt(row: BoardRow, note: string, columns?: number): void;
  /** Prints `text` (a line) for good above the rows. */
  print(text: string, columns?: number): void;
  /** Erases the rows, so other text can be printed where they were. */
  clear(): void;
}

const boards = new Map<(text: string) => void, Board>();

/**
 * The board of the terminal `write` writes to (one per `write` function,
 * while it has rows).
 *
 * @param write Writes to the terminal.
 * @param dumb Whether the terminal understands no escape codes.
 * @returns The board.
 */
export function terminalBoard(
  write: (text: string) => void,
  dumb: boolean,
): TerminalBoard {
  let board = boards.get(write);
  if (!board) {
    board = new Board(write, dumb);
    boards.set(write, board);
  }
  return board;
}

/**
 * Erases the live progress lines on standard error (the default terminal),
 * so what a program prints next (`taskWait`'s `onPoll`) starts a line of
 * its own; the next update draws them again below it.
 */
export function clearStderrBoard(): void {
  boards.get(writeStderr)?.clear();
}

class Board implements TerminalBoard {
  readonly #write: (text: string) => void;
  readonly #dumb: boolean;
  readonly #rows: BoardRow[] = [];
  /** Rows on the screen; the cursor is at the end of the last one. */
  #drawn = 0;
  /** A dumb terminal's open line's length (0: none open). */
  #last = 0;

  constructor(write: (text: string) => void, dumb: boolean) {
    this.#write = write;
    this.#dumb = dumb;
  }

  add(): BoardRow {
    const row = { full: "", shown: "" };
    this.#rows.push(row);
    return row;
  }

  update(row: BoardRow, full: string, columns: number | undefined): void {
    row.full = full;
    this.#checkOwnLine();
    if (this.#alone(row)) {
      // One wait: its line, redrawn in place.
      this.#drawAlone(row, fitProgressLine(full, columns));
      return;
    }
    if (this.#dumb) {
      // No cursor movement: no live line while several waits run.
      this.#write(this.#eraseDumb());
      return;
    }
    this.#write(this.#top() + this.#block(columns));
  }

  finish(row: BoardRow, note: string | undefined, columns?: number): void {
    this.#checkOwnLine();
    if (this.#alone(row)) {
      // The last line is not redrawn again: shown whole (it may wrap), so
      // a failed task's reason and hint are not cut at the width.
      if (row.shown !== row.full) this.#drawAlone(row, row.full);
      this.#write(note ? `\n${note}\n` : "\n");
      this.#drawn = this.#last = 0;
      this.#remove(row);
      return;
    }
    this.#remove(row);
    this.#above(`${row.full}\n${note ? `${note}\n` : ""}`, columns);
  }

  interrupt(row: BoardRow, note: string, columns?: number): void {
    this.#checkOwnLine();
    if (this.#alone(row)) {
      this.#write("\n");
      if (note) this.#write(note);
      this.#drawn = this.#last = 0;
      this.#remove(row);
      return;
    }
    this.#remove(row);
    // Never drawn (several waits on a dumb terminal): its line as it was.
    this.#above(`${row.shown || row.full}\n${note}`, columns);
  }

  print(text: string, columns?: number): void {
    this.#checkOwnLine();
    if (this.#drawn === 0 && this.#last === 0) {
      this.#write(text);
      this.#forget();
      return;
    }
    this.#above(text, columns);
  }

  clear(): void {
    this.#checkOwnLine();
    if (this.#dumb) {
      this.#write(this.#eraseDumb());
    } else if (this.#drawn > 0) {
      this.#write(this.#drawn > 1 ? this.#top() : "\r\x1b[2K");
      this.#drawn = 0;
    }
    this.#forget();
  }

  /** Whether `row` is the only row and the screen shows no other. */
  #alone(row: BoardRow): boolean {
    return this.#rows.length === 1 && this.#rows[0] === row &&
      this.#drawn <= 1;
  }

  #drawAlone(row: BoardRow, line: string): void {
    // A dumb terminal (TERM=dumb: Emacs's shell, some CI logs) shows
    // escape codes as text: the old line is overwritten with spaces.
    this.#write(
      this.#dumb
        ? "\r" + line + " ".repeat(Math.max(0, this.#last - line.length))
        : "\r\x1b[2K" + line,
    );
    if (this.#dumb) this.#last = line.length;
    else this.#drawn = 1;
    row.shown = line;
  }

  /**
   * Prints `text` (ending with a newline) for good where the rows were,
   * then the rows still running below it.
   */
  #above(text: string, columns?: number): void {
    if (this.#dumb) {
      this.#write(this.#eraseDumb() + text);
      const only = this.#rows.length === 1 ? this.#rows[0] : undefined;
      if (only?.full) {
        this.#drawAlone(only, fitProgressLine(only.full, columns));
      }
    } else {
      this.#write(this.#top() + text + this.#block(columns));
    }
    this.#forget();
  }

  /**
   * To the start of the block's first row, erasing the block (`\r` when
   * nothing is drawn).
   */
  #top(): string {
    if (this.#drawn === 0) return "\r";
    const up = this.#drawn > 1 ? `\x1b[${this.#drawn - 1}A` : "";
    return `\r${up}\x1b[J`;
  }

  /** The rows (each fitted, so none wraps); sets what is drawn. */
  #block(columns: number | undefined): string {
    const lines = this.#rows.filter((r) => r.full !== "")
      .slice(0, MOST_ROWS).map((r) => {
        r.shown = fitProgressLine(r.full, columns);
        return r.shown;
      });
    const more = this.#rows.filter((r) => r.full !== "").length - lines.length;
    if (more > 0) {
      lines.push(fitProgressLine(
        `… and ${more} more task${more === 1 ? "" : "s"} being waited for`,
        columns,
      ));
    }
    this.#drawn = lines.length;
    return lines.join("\n");
  }

  /** Ends a dumb terminal's open line by overwriting it with spaces. */
  #eraseDumb(): string {
    if (this.#last === 0) return "";
    const text = "\r" + " ".repeat(this.#last) + "\r";
    this.#last = 0;
    return text;
  }

  /**
   * Something else wrote a line to standard error since the rows were
   * drawn (a retry notice ends the open line first): the rows stay where
   * they are, and are drawn anew below it.
   */
  #checkOwnLine(): void {
    if (this.#write === writeStderr && !stderrLineIsOpen()) {
      this.#drawn = 0;
      this.#last = 0;
    }
  }

  #remove(row: BoardRow): void {
    const i = this.#rows.indexOf(row);
    if (i >= 0) this.#rows.splice(i, 1);
    this.#forget();
  }

  /** The board is dropped once nothing is drawn or running. */
  #forget(): void {
    if (this.#rows.length === 0 && this.#drawn === 0 && this.#last === 0) {
      boards.delete(this.#write);
    }
  }
}
