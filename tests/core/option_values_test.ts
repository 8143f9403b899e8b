/**
 * The shared checks of an option's value (src/core/_option_values.ts): a
 * boolean, a string, a count and a most-items count, with one rule for
 * null (Python's None: left out).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  checkBoolean,
  checkCount,
  checkMax,
  checkString,
} from "../../src/core/_option_values.ts";

test("checkBoolean passes true and false, and reads undefined and null (Python's None) as left out", () => {
  assert.equal(checkBoolean("Cannot x", "flag", true), true);
  assert.equal(checkBoolean("Cannot x", "flag", false), false);
  assert.equal(checkBoolean("Cannot x", "flag", undefined), undefined);
  assert.equal(checkBoolean("Cannot x", "flag", null), undefined);
});

test("checkBoolean says how to write a boolean given as text or as 0 or 1, and names other values by type only", () => {
  assert.throws(
    () => checkBoolean("Cannot start the flow", "refreshTokens", "false"),
    {
      name: "TypeError",
      message:
        `Cannot start the flow as 'refreshTokens' must be true or false (or left out): current value is the string "false"; write refreshTokens: false, without quotes`,
    },
  );
  assert.throws(
    () => checkBoolean("Cannot x", "config.requestRefreshTokens", " Yes "),
    /current value is the string " Yes "; write requestRefreshTokens: true, without quotes$/,
  );
  assert.throws(
    () => checkBoolean("Cannot x", "flag", 0),
    /current value is the number 0; write flag: false$/,
  );
  // Text that is no boolean is not echoed (it could be a secret).
  assert.throws(
    () => checkBoolean("Cannot x", "flag", "s3cr3t-token-value"),
    /current value is a string \(18 characters\)$/,
  );
  // The message's start as a function is called only on failure.
  let calls = 0;
  const doing = () => {
    calls++;
    return "Cannot call f()";
  };
  checkBoolean(doing, "flag", true);
  checkBoolean(doing, "flag", null);
  assert.equal(calls, 0);
  assert.throws(() => checkBoolean(doing, "flag", []), {
    message:
      "Cannot call f() as 'flag' must be true or false (or left out): current value is an array",
  });
  assert.equal(calls, 1);
});

test("checkString and checkCount take null as left out and refuse other types", () => {
  assert.equal(checkString("Cannot x", "label", "a"), "a");
  assert.equal(checkString("Cannot x", "label", null), undefined);
  assert.throws(() => checkString("Cannot x", "label", 5), {
    name: "TypeError",
    message:
      "Cannot x as 'label' must be a string (or left out): current value is the number 5",
  });
  assert.equal(checkCount("Cannot x", "offset", 0), 0);
  assert.equal(checkCount("Cannot x", "offset", null), undefined);
  assert.throws(() => checkCount("Cannot x", "offset", 1.5), {
    name: "RangeError",
    message:
      "Cannot x as 'offset' must be a non-negative integer (or left out): current value is the number 1.5",
  });
  assert.throws(() => checkCount("Cannot x", "offset", "3"), {
    name: "TypeError",
    message:
      `Cannot x as 'offset' must be a non-negative integer (or left out): current value is the string "3"; write offset: Number(…)`,
  });
});

test("checkMax takes whole numbers from 0 and Infinity; null (Python's None) and undefined are no limit", () => {
  assert.equal(checkMax("Cannot x", "max", 0), 0);
  assert.equal(checkMax("Cannot x", "max", 7), 7);
  assert.equal(checkMax("Cannot x", "max", Infinity), Infinity);
  assert.equal(checkMax("Cannot x", "max", null), Infinity);
  assert.equal(checkMax("Cannot x", "max", undefined), Infinity);
  for (const bad of [-1, 2.5, NaN, -Infinity]) {
    assert.throws(() => checkMax("Cannot x", "max", bad), RangeError);
  }
  assert.throws(
    () => checkMax("Cannot call toArray()", "max", "10", "toArray(Number(…))"),
    {
      name: "TypeError",
      message:
        `Cannot call toArray() as 'max' must be a whole number of items, at least 0 (or left out for every item): current value is the string "10"; write toArray(Number(…))`,
    },
  );
  assert.throws(() => checkMax("Cannot x", "maxResults", {}), {
    name: "TypeError",
    message:
      "Cannot x as 'maxResults' must be a whole number of items, at least 0 (or left out for every item): current value is an object",
  });
});
