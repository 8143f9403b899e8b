/**
 * Shell-style name patterns (`*`, `?`, `[abc]`, `[!abc]`), as Python's
 * `fnmatch` and Transfer's filter rules and ls filters use them.
 *
 * @module
 */

const cache = new Map<string, RegExp>();

/**
 * Compiles a pattern.
 *
 * @param pattern The pattern.
 * @returns An anchored regular expression.
 */
export function fnmatchRegExp(pattern: string): RegExp {
  const hit = cache.get(pattern);
  if (hit) return hit;
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === "*") re += ".*";
    else if (ch === "?") re += ".";
    else if (ch === "[") {
      const end = pattern.indexOf("]", i + 2);
      if (end < 0) {
        re += "\\[";
        continue;
      }
      let body = pattern.slice(i + 1, end);
      let neg = false;
      if (body.startsWith("!")) {
        neg = true;
        body = body.slice(1);
      }
      body = body.replace(/[\\\]^]/g, (c) => "\\" + c);
      re += `[${neg ? "^" : ""}${body}]`;
      i = end;
    } else re += ch.replace(/[.*+?^${}()|[\]\\/]/g, (c) => "\\" + c);
  }
  const out = new RegExp(`^${re}$`, "s");
  if (cache.size > 1000) cache.clear();
  cache.set(pattern, out);
  return out;
}

/**
 * Tests a name against a pattern.
 *
 * @param name A file name.
 * @param pattern The pattern.
 * @returns Whether it matches.
 */
export function fnmatch(name: string, pattern: string): boolean {
  return fnmatchRegExp(pattern).test(name);
}
