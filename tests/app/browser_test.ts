import { test } from "node:test";
import assert from "node:assert/strict";
import { openBrowser } from "../../src/app/browser.ts";

test("openBrowser refuses anything but an http(s) URL", async () => {
  assert.equal(await openBrowser("file:///etc/passwd"), false);
  assert.equal(await openBrowser("javascript:alert(1)"), false);
});
