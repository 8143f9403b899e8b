/**
 * Reads an authorization code from what a user pasted: the bare code, or
 * the whole URL (or query string) that carries `code=`.
 *
 * @module
 */
import { GlobusError } from "../core/errors.ts";

/**
 * What the user pasted is not an authorization code. The message says why
 * (empty, too long, not a code, an error from Globus Auth) and never
 * repeats the input.
 *
 * @example Ask again after a bad paste
 * ```ts
 * import { AuthCodeInputError, parseAuthCode } from "@globus-deno/sdk";
 * for (const pasted of ["https://app.example/callback?error=access_denied", "abc123"]) {
 *   try {
 *     console.log("code:", parseAuthCode(pasted));
 *   } catch (e) {
 *     if (!(e instanceof AuthCodeInputError)) throw e;
 *     console.log("try again:", e.message);
 *   }
 * }
 * ```
 */
export class AuthCodeInputError extends GlobusError {}

/**
 * An authorization code was sent to Globus Auth, but its answer never
 * arrived (a timeout, a connection lost after sending, a 5xx other than
 * 503). Globus Auth may have used the code up and issued tokens that never
 * reached this program, and a code works only once, so it is not sent
 * again: the message asks for a new code (open the login link again). The
 * built-in login flows say so and ask again. `cause` is the transport's
 * error.
 */
export class AuthCodeExchangeError extends GlobusError {}

/**
 * Why a tutorial-style `prompt(…) ?? ""` can hand over no code although one
 * was typed or piped.
 */
const PROMPT_NOTE =
  "If the code was read with prompt(): Deno's prompt() reads a terminal only, and gives null for a pipe (echo CODE | deno run …), for /dev/null and for Ctrl-C or Ctrl-D; run the program in a terminal, or log in with UserApp, whose command-line login reads a terminal or a pipe.";

/** The longest input accepted, in characters. */
const MAX_INPUT = 8192;
/** The longest bare code accepted. */
const MAX_CODE = 1024;
const CODE_CHARS = /^[A-Za-z0-9._~-]+$/;
/** Characters that copy along unseen: zero-width spaces and joiners, BOMs. */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;

function fromQuery(query: string): string {
  const params = new URLSearchParams(query);
  const error = params.get("error");
  if (error) {
    const description = params.get("error_description");
    throw new AuthCodeInputError(
      `The pasted URL carries an error from Globus Auth instead of a code: ${
        error.slice(0, 100)
      }${
        description ? ` (${description.slice(0, 200)})` : ""
      }. Open the login link again, choose Allow, and paste the new code`,
    );
  }
  const code = params.get("code");
  if (code === null || code.trim() === "") {
    throw new AuthCodeInputError(
      "The pasted URL has no 'code' parameter: paste the code shown by Globus after you log in, or the whole URL you were sent to (it contains 'code=')",
    );
  }
  return checkCode(code.trim());
}

function checkCode(code: string): string {
  if (code.length > MAX_CODE) {
    throw new AuthCodeInputError(
      `That is not an authorization code: it is ${code.length} characters long (codes are far shorter)`,
    );
  }
  if (!CODE_CHARS.test(code)) {
    throw new AuthCodeInputError(
      "That is not an authorization code: it contains spaces or characters a code never has. Paste only the code shown by Globus, or the whole URL that contains 'code='",
    );
  }
  return code;
}

/**
 * Extracts the authorization code from pasted text: a bare code, a URL such
 * as `https://app.example/callback?code=abc&state=_default`, or a query
 * string (`?code=abc`, `code=abc`). Surrounding whitespace, quotes and angle
 * brackets are ignored.
 *
 * @param input What the user pasted.
 * @returns The code.
 * @throws {AuthCodeInputError} When the input is empty, too long, has no
 *   code, carries an `error=` from Globus Auth, or is not code-like.
 *
 * @example Accept a code or a URL
 * ```ts
 * import { parseAuthCode } from "@globus-deno/sdk";
 * console.log(parseAuthCode("  abc123  ")); // "abc123"
 * console.log(parseAuthCode("https://example.org/cb?code=abc123&state=_default")); // "abc123"
 * ```
 */
export function parseAuthCode(input: string): string {
  if (typeof input !== "string") {
    throw new AuthCodeInputError(
      `No authorization code was given (got ${
        input === null ? "null" : typeof input
      })${input === null || input === undefined ? `. ${PROMPT_NOTE}` : ""}`,
    );
  }
  if (input.length > MAX_INPUT) {
    throw new AuthCodeInputError(
      `That is not an authorization code: the input is ${input.length} characters long (at most ${MAX_INPUT} are accepted)`,
    );
  }
  // A sentence's full stop or comma pasted along with a bare code is not
  // part of it (Globus Auth's codes are letters and digits).
  const text = input.replace(INVISIBLE, "").trim()
    .replace(/^["'<`]+|["'>`]+$/g, "").trim().replace(
      /(?<=^[^?=&/]+)[.,;:]$/,
      "",
    );
  if (text === "") {
    throw new AuthCodeInputError(
      `No authorization code was given: paste the code shown by Globus after you log in. ${PROMPT_NOTE}`,
    );
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new AuthCodeInputError(
        "The pasted text looks like a URL but cannot be parsed: paste the whole URL, or only the code",
      );
    }
    const query = url.search ||
      (url.hash.includes("code=") ? url.hash.slice(1) : "");
    return fromQuery(query);
  }
  if (/^\??[^\s=&]+=/.test(text) && /(^|[?&#])(code|error)=/.test(text)) {
    // A query string (`?code=…`, `code=…`), or a URL copied without its
    // scheme (`auth.globus.org/v2/web/auth-code?code=…`): the query is what
    // follows its first `?` (or `#`).
    const start = text.search(/[?#]/);
    return fromQuery(start < 0 ? text : text.slice(start + 1));
  }
  return checkCode(text);
}
