/**
 * Internal: where a long word may wrap in the HTML the SDK shows in a
 * notebook (tables, captions, the login's messages), and which words stay
 * whole (ids, email addresses). The marks are `<wbr>` and `<nobr>`, which
 * Jupyter keeps in a notebook that is not trusted (unlike a style).
 *
 * @module
 */
import { escapeHtml } from "./display.ts";

/** A word this long or longer may break after its punctuation. */
export const LONG_WORD = 16;

/**
 * A word of a label or a collection's name this long or longer may break
 * after its punctuation; a shorter one stays whole, and the text wraps at
 * its spaces. At {@linkcode LONG_WORD} a label such as `my_transfer_2024`
 * broke after each `_` (`my_` / `transfer_` / `2024`) wherever the
 * table's other columns took the room; a word of 24
 * (`nightly_backup_of_run_12`) whole pushed the last columns out.
 */
export const LONG_LABEL_WORD = 21;

/** A UUID inside a text. */
const UUID_IN_TEXT =
  /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

/** An email address (an identity's username) inside a text. */
const EMAIL_IN_TEXT = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;

/** Ids and email addresses, captured (for `split`). */
const WHOLE = new RegExp(
  `(${UUID_IN_TEXT.source}|${EMAIL_IN_TEXT.source})`,
  "gi",
);

/**
 * Escaped text with each id and email address in it unbroken, and any
 * other word of {@linkcode LONG_WORD} characters or more free to break
 * where `breakAfter` matches (after a `/`). A narrow column broke
 * `demo@globus-` / `emulator.org` (an owner, a username) and an error's
 * message `…/task/00000000-` / `0000-…`; a path in a caption
 * (`/tmp/…/.globus/app/…/emulator-tokens.json`) or a URL in a message,
 * unbroken, ran past the output area's edge.
 *
 * @param text The text (not yet escaped).
 * @param breakAfter Where a long word may break (default: after a `/`).
 * @param longWord How long a word is that may break (in characters).
 * @returns The escaped HTML.
 */
export function wholeTokens(
  text: string,
  breakAfter = AFTER_SLASH,
  longWord = LONG_WORD,
): string {
  return text.split(/(\s+)/).map((word) => {
    const long = [...word].length >= longWord;
    return word.split(WHOLE).map((seg, i) =>
      i % 2 === 1
        ? `<nobr>${escapeHtml(seg)}</nobr>`
        : long
        ? seg.split(breakAfter).map(escapeHtml).join("<wbr>")
        : escapeHtml(seg)
    ).join("");
  }).join("");
}

/**
 * Where a long word of any cell may break: after a `/` (a path, a URL). A
 * host name or a scope (`transfer.api.globus.org`) stays whole.
 */
export const AFTER_SLASH = /(?<=\/)(?!\/)(?=.)/;

/**
 * Where a long word (of {@linkcode LONG_LABEL_WORD} characters or more) of
 * a label or a collection's name (cut columns) may break: after a `_`,
 * `-`, `.` or `/`.
 */
export const AFTER_PUNCTUATION = /(?<=[_\-./])(?![_\-./])(?=.)/;
