/**
 * A virtual terminal screen for tests: applies what a program wrote (text,
 * `\r`, `\n`, and the escape codes the SDK's progress lines use: erase
 * line `ESC[2K`, erase below `ESC[J`, cursor up `ESC[nA`) and shows what a
 * person would see. Any other escape sequence fails the test's
 * expectations by being kept as text.
 */

/** What a person would see after `writes`. */
export class VirtualScreen {
  readonly #lines: string[][] = [[]];
  #row = 0;
  #col = 0;
  /** The width (no wrapping when `undefined`). */
  readonly columns: number | undefined;

  constructor(columns?: number) {
    this.columns = columns;
  }

  /** Applies `text`. */
  write(text: string): void {
    let i = 0;
    while (i < text.length) {
      const ch = text[i]!;
      if (ch === "\x1b") {
        // deno-lint-ignore no-control-regex
        const m = /^\x1b\[(\d*)([AJK])/.exec(text.slice(i));
        if (m) {
          const n = m[1] === "" ? undefined : Number(m[1]);
          if (m[2] === "A") this.#row = Math.max(0, this.#row - (n ?? 1));
          else if (m[2] === "K" && n === 2) this.#line().length = 0;
          else if (m[2] === "J" && n === undefined) {
            this.#line().length = this.#col;
            this.#lines.length = this.#row + 1;
          } else this.#put(m[0]);
          i += m[0].length;
          continue;
        }
      }
      if (ch === "\r") this.#col = 0;
      else if (ch === "\n") {
        this.#row++;
        this.#col = 0;
        while (this.#lines.length <= this.#row) this.#lines.push([]);
      } else this.#put(ch);
      i++;
    }
  }

  #line(): string[] {
    while (this.#lines.length <= this.#row) this.#lines.push([]);
    return this.#lines[this.#row]!;
  }

  #put(ch: string): void {
    if (this.columns !== undefined && this.#col >= this.columns) {
      // The character after the last column goes on the next row.
      this.#row++;
      this.#col = 0;
    }
    const line = this.#line();
    while (line.length < this.#col) line.push(" ");
    line[this.#col++] = ch;
  }

  /** The rows, trailing spaces removed, trailing empty rows dropped. */
  get rows(): string[] {
    const rows = this.#lines.map((l) => l.join("").trimEnd());
    while (rows.length > 0 && rows.at(-1) === "") rows.pop();
    return rows;
  }
}
