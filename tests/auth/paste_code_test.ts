import { test } from "node:test";
import assert from "node:assert/strict";
import {
  AuthCodeInputError,
  parseAuthCode,
} from "../../src/auth/paste_code.ts";
import { GlobusError } from "../../src/core/errors.ts";

test("parseAuthCode accepts bare codes, trimmed and unquoted", () => {
  assert.equal(parseAuthCode("abc123XYZ"), "abc123XYZ");
  assert.equal(parseAuthCode("  abc123\n"), "abc123");
  assert.equal(parseAuthCode('"abc123"'), "abc123");
  assert.equal(parseAuthCode("'abc-1_2.3~'"), "abc-1_2.3~");
});

test("parseAuthCode reads code= from URLs and query strings", () => {
  assert.equal(
    parseAuthCode(
      "https://auth.globus.org/v2/web/auth-code?code=Zx9&state=_default",
    ),
    "Zx9",
  );
  assert.equal(
    parseAuthCode("http://localhost:8080/callback?state=s&code=abc"),
    "abc",
  );
  assert.equal(parseAuthCode("<https://x.org/cb?code=abc>"), "abc");
  assert.equal(parseAuthCode("?code=abc&state=x"), "abc");
  assert.equal(parseAuthCode("code=abc"), "abc");
  assert.equal(parseAuthCode("https://x.org/cb#code=abc"), "abc");
});

test("parseAuthCode rejects empty input", () => {
  for (const input of ["", "   ", '""', "\n\t"]) {
    assert.throws(() => parseAuthCode(input), (err: unknown) => {
      assert.ok(err instanceof AuthCodeInputError);
      assert.ok(err instanceof GlobusError);
      assert.match(err.message, /No authorization code/);
      return true;
    });
  }
});

test("parseAuthCode rejects junk without echoing it", () => {
  const junk = ["hello world secret-ish", "abc$def", "{}", "a,b"];
  for (const input of junk) {
    assert.throws(() => parseAuthCode(input), (err: unknown) => {
      assert.ok(err instanceof AuthCodeInputError, String(err));
      assert.match(err.message, /not an authorization code/);
      assert.ok(!err.message.includes(input));
      return true;
    });
  }
});

test("parseAuthCode rejects URLs without a code and reports Auth errors", () => {
  assert.throws(
    () => parseAuthCode("https://x.org/cb?state=_default"),
    /no 'code' parameter/,
  );
  assert.throws(
    () =>
      parseAuthCode(
        "https://x.org/cb?error=access_denied&error_description=User+said+no",
      ),
    (err: unknown) => {
      assert.ok(err instanceof AuthCodeInputError);
      assert.match(err.message, /access_denied/);
      assert.match(err.message, /User said no/);
      return true;
    },
  );
  assert.throws(() => parseAuthCode("https://x.org/cb?code="), /no 'code'/);
});

test("parseAuthCode rejects huge input quickly with its length", () => {
  const huge = "a".repeat(1_000_000);
  assert.throws(() => parseAuthCode(huge), /1000000 characters/);
  const longCode = "a".repeat(5000);
  assert.throws(() => parseAuthCode(longCode), /5000 characters long/);
  assert.throws(
    () => parseAuthCode(`https://x.org/?code=${"b".repeat(3000)}`),
    /not an authorization code/,
  );
});

test("parseAuthCode rejects non-strings with a clear error", () => {
  assert.throws(
    () => parseAuthCode(null as unknown as string),
    /No authorization code was given \(got null\)/,
  );
});

test('parseAuthCode on no code (prompt() gave null, or `?? ""` made it empty) says that Deno\'s prompt() reads a terminal only and what reads a pipe', () => {
  for (const input of [null, undefined, "", "   \n"]) {
    assert.throws(
      () => parseAuthCode(input as unknown as string),
      (err: unknown) => {
        assert.ok(err instanceof AuthCodeInputError);
        assert.match(err.message, /No authorization code was given/);
        assert.match(err.message, /prompt\(\) reads a terminal only/);
        assert.match(err.message, /gives null for a pipe/);
        assert.match(err.message, /UserApp, whose command-line login reads/);
        return true;
      },
    );
  }
});

test("parseAuthCode: a Deny's URL says to open the link again and choose Allow", () => {
  assert.throws(
    () =>
      parseAuthCode(
        "https://auth.globus.org/v2/web/auth-code?error=access_denied&state=_default",
      ),
    (err: unknown) =>
      err instanceof AuthCodeInputError &&
      /access_denied\. Open the login link again, choose Allow, and paste the new code$/
        .test(err.message) &&
      !/Start the login again/.test(err.message),
  );
});

test("parseAuthCode reads a URL copied without its scheme", () => {
  assert.equal(
    parseAuthCode("auth.globus.org/v2/web/auth-code?code=X1y&state=_default"),
    "X1y",
  );
  assert.equal(parseAuthCode("localhost:8080/cb#code=abc"), "abc");
  assert.throws(
    () => parseAuthCode("auth.globus.org/v2/web/auth-code?error=access_denied"),
    /access_denied\. Open the login link again/,
  );
});

test("parseAuthCode drops what a copy brings along unseen: a sentence's full stop, zero-width characters", () => {
  assert.equal(parseAuthCode("abc123."), "abc123");
  assert.equal(parseAuthCode("abc123,"), "abc123");
  assert.equal(parseAuthCode("\u200Babc\u200D123\uFEFF"), "abc123");
  assert.equal(parseAuthCode("\u2060 abc123 \n"), "abc123");
  // Inside a URL the code is taken as it is.
  assert.equal(parseAuthCode("https://x.org/cb?code=a.b"), "a.b");
});
