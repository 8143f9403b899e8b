/**
 * Internal: where JSON text first goes wrong, for a token file a person
 * edited by hand. V8's parser gives a position for some errors only (`at
 * position N`); an unquoted or single-quoted value ("Unexpected token")
 * has none.
 *
 * @module
 */

const WS = new Set([" ", "\t", "\n", "\r"]);

/**
 * The offset of the first character that makes `text` invalid JSON.
 *
 * @param text The text.
 * @returns The offset (`text.length` when it ends too soon), or
 *   `undefined` when the text is valid JSON.
 */
export function jsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const fail = (at: number): never => {
    throw at;
  };
  const space = () => {
    while (i < text.length && WS.has(text[i] as string)) i++;
  };
  const literal = (word: string) => {
    for (const c of word) {
      if (text[i] !== c) fail(i);
      i++;
    }
  };
  const string = () => {
    i++; // the opening quote
    for (;;) {
      if (i >= text.length) fail(i);
      const c = text[i] as string;
      if (c === '"') {
        i++;
        return;
      }
      if (c < " ") fail(i);
      if (c === "\\") {
        const n = text[i + 1];
        if (n === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail(i);
          i += 6;
          continue;
        }
        if (n === undefined || !'"\\/bfnrt'.includes(n)) fail(i);
        i += 2;
        continue;
      }
      i++;
    }
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m || m[0] === "" || m[0] === "-") fail(i);
    i += (m as RegExpExecArray)[0].length;
  };
  /** The items of an object or array, after its opening bracket. */
  const items = (close: string, item: () => void) => {
    i++;
    space();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      item();
      space();
      if (text[i] === close) {
        i++;
        return;
      }
      if (text[i] !== ",") fail(i);
      i++;
    }
  };
  const value = (depth: number): void => {
    if (depth > 512) fail(i);
    space();
    const c = text[i];
    if (c === "{") {
      return items("}", () => {
        space();
        if (text[i] !== '"') fail(i);
        string();
        space();
        if (text[i] !== ":") fail(i);
        i++;
        value(depth + 1);
      });
    }
    if (c === "[") return items("]", () => value(depth + 1));
    if (c === '"') return string();
    if (c === "t") return literal("true");
    if (c === "f") return literal("false");
    if (c === "n") return literal("null");
    if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) {
      return number();
    }
    fail(i);
  };
  try {
    value(0);
    space();
    if (i < text.length) fail(i);
    return undefined;
  } catch (at) {
    if (typeof at === "number") return at;
    throw at;
  }
}
