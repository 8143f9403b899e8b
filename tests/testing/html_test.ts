import { test } from "node:test";
import assert from "node:assert/strict";
import {
  authCodePage,
  consentPage,
  errorPage,
  escapeHtml,
} from "../../src/testing/html.ts";
import { fnmatch } from "../../src/testing/fnmatch.ts";

test("escapeHtml neutralises markup and attribute breakouts", () => {
  assert.equal(
    escapeHtml(`<a href="x" onclick='y'>&`),
    "&#60;a href&#61;&#34;x&#34; onclick&#61;&#39;y&#39;&#62;&#38;",
  );
});

test("pages escape every request-derived value", () => {
  const evil = `"><script>alert(1)</script>`;
  const html = consentPage({
    requestId: evil,
    clientName: evil,
    clientId: evil,
    scopes: [evil],
    username: evil,
    session: { [evil]: evil },
  });
  assert.ok(!html.includes("<script>"));
  assert.ok(!html.includes(`"><script`));
  assert.ok(html.includes("&#34;&#62;&#60;script&#62;"));
  assert.ok(!authCodePage(evil).includes("<script>"));
  assert.ok(authCodePage("abc").includes('<code id="auth-code">abc</code>'));
  assert.ok(!errorPage(evil, evil).includes("<script>"));
});

test("fnmatch supports *, ? and character classes", () => {
  assert.ok(fnmatch("a.txt", "*.txt"));
  assert.ok(!fnmatch("a.txt.bak", "*.txt"));
  assert.ok(fnmatch("file1.txt", "file?.txt"));
  assert.ok(fnmatch("file1.txt", "file[0-9].txt"));
  assert.ok(!fnmatch("filex.txt", "file[!a-z].txt"));
  assert.ok(fnmatch("a+b(c).txt", "a+b(c).*"));
});
