/**
 * `jsonErrorOffset`: where a hand-edited token file first goes wrong, agreeing
 * with `JSON.parse` on what is JSON.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { jsonErrorOffset } from "../../src/tokens/_json_syntax.ts";

test("jsonErrorOffset finds the first bad character; undefined for JSON", () => {
  assert.equal(
    jsonErrorOffset('{"a": [1, -2.5e3, true, null, "x\\u00e9"]}'),
    undefined,
  );
  assert.equal(jsonErrorOffset(' \n"s" '), undefined);
  assert.equal(jsonErrorOffset("{\"a\": 'b'}"), 6);
  assert.equal(jsonErrorOffset('{"a": abc}'), 6);
  assert.equal(jsonErrorOffset('{"a": 1,}'), 8);
  assert.equal(jsonErrorOffset('{"a": 1'), 7);
  assert.equal(jsonErrorOffset('{"a": 01}'), 7);
  assert.equal(jsonErrorOffset("\ufeff{}"), 0);
});

test("jsonErrorOffset agrees with JSON.parse on many edits of a token file", () => {
  const base = JSON.stringify(
    {
      data: {
        DEFAULT: {
          "transfer.api.globus.org": {
            access_token: "AT",
            expires_at_seconds: 1_900_000_000,
            refresh_token: null,
            scope: "urn:globus:auth:scope:transfer.api.globus.org:all",
          },
        },
      },
      format_version: "2.0",
    },
    null,
    2,
  );
  // A fixed sequence of pseudo-random edits (no Math.random: repeatable).
  let seed = 12345;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const chars = [
    '"',
    "'",
    ",",
    "}",
    "]",
    "{",
    "[",
    ":",
    "x",
    "1",
    " ",
    "\\",
    "-",
    "e",
    ".",
  ];
  for (let k = 0; k < 3000; k++) {
    const at = next(base.length + 1);
    const op = next(3);
    const c = chars[next(chars.length)] as string;
    const text = op === 0
      ? base.slice(0, at) + c + base.slice(at)
      : op === 1
      ? base.slice(0, at) + base.slice(at + 1)
      : base.slice(0, at) + c + base.slice(at + 1);
    let valid = true;
    try {
      JSON.parse(text);
    } catch {
      valid = false;
    }
    assert.equal(jsonErrorOffset(text) === undefined, valid, text);
  }
});
