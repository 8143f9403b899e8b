/**
 * Escape sequences and control characters from a server never reach the
 * terminal: not through a task's status on the progress line, not through
 * an OAuth error in an exception message, not through the local-server
 * flow's error.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { AuthAPIError } from "../../src/core/errors.ts";
import { terminalLine, terminalSafe } from "../../src/core/terminal_text.ts";
import { createProgress } from "../../src/notebook/progress.ts";

const HOSTILE = [
  "\x1b[2J\x1b[H", // clear screen, cursor home
  "\x1b]0;owned\x07", // set the window title
  "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\", // hyperlink
  "\x1bP+q\x1b\\", // DCS
  "\x9b31m", // 8-bit CSI
  "\r\b\x7f\x00\x07", // carriage return, backspace, DEL, NUL, BEL
];

function assertClean(text: string): void {
  assert.doesNotMatch(
    text,
    // deno-lint-ignore no-control-regex
    /[\x00-\x08\x0b-\x1f\x7f-\x9f]/,
    JSON.stringify(text),
  );
}

test("terminalSafe strips ESC sequences and C0/C1 controls but keeps text, newlines and tabs", () => {
  for (const h of HOSTILE) assertClean(terminalSafe(`a${h}b`));
  assert.equal(terminalSafe("\x1b[31mred\x1b[0m"), "red");
  assert.equal(terminalSafe("\x1b]0;title\x07after"), "after");
  assert.equal(
    terminalSafe("line1\nline2\tcol ünïcødé ✓"),
    "line1\nline2\tcol ünïcødé ✓",
  );
  assert.equal(terminalLine("a\nb\tc"), "a b c");
});

test("the progress line shows a task's status without the server's control codes", async () => {
  const written: string[] = [];
  const progress = createProgress(true, {
    display: { rich: false, show: () => Promise.resolve() },
    terminal: true,
    write: (t: string) => {
      written.push(t);
    },
  });
  for (const h of HOSTILE) {
    await progress.update({
      task_id: `t1${h}`,
      status: `ACTIVE${h}`,
      nice_status: `Queued\n${h}nice`,
    });
  }
  await progress.finish();
  assert.ok(written.length > HOSTILE.length);
  for (const w of written) {
    // The reporter's own "\r\x1b[2K" redraw prefix is the only control.
    const body = w.startsWith("\r\x1b[2K") ? w.slice(5) : w;
    if (body === "\n") continue;
    assertClean(body);
    assert.doesNotMatch(body, /\n/);
    assert.match(body, /ACTIVE/);
  }
});

test("an OAuth error with escape sequences gives a clean message", () => {
  for (const h of HOSTILE) {
    const e = new AuthAPIError({
      method: "POST",
      url: "https://auth.globus.org/v2/oauth2/token",
      httpStatus: 400,
      rawJson: {
        error: `invalid_grant${h}`,
        error_description: `see ${h}here`,
        request_id: `r${h}1`,
      },
    });
    assertClean(e.message);
    assertClean(e.code ?? "");
    assertClean(e.serviceMessage);
    assertClean(String(e.stack));
    assert.match(e.message, /invalid_grant/);
  }
  const html = new AuthAPIError({
    method: "GET",
    url: "https://auth.globus.org/x",
    httpStatus: 502,
    rawText: "\x1b[2J<html>bad gateway</html>",
  });
  assertClean(html.message);
});
