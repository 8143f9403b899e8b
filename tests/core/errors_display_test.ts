/**
 * A caught GlobusAPIError ending a notebook cell shows a short table of
 * what to act on (status, code, message, request id, request, what a new
 * login needs), not the inspect dump of every field; no credential shows.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { TransferAPIError } from "../../src/core/errors.ts";
import { kernelText, kernelView } from "../_helpers/kernel_view.ts";

function rows(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split("\n").slice(3)) {
    const [field, ...rest] = line.split(" | ");
    out.set(field!.trim(), rest.join(" | ").trim());
  }
  return out;
}

test("an API error renders as a table of status, code, message, request id and request", async () => {
  const e = new TransferAPIError({
    method: "get",
    url: "https://transfer.api.globus.org/v0.10/task/0000",
    httpStatus: 404,
    rawJson: {
      code: "TaskNotFound",
      message: "Task 0000 not found",
      request_id: "req-42",
      resource: "/v0.10/task/0000",
    },
  });
  const view = await kernelView(e);
  const text = view["text/plain"] ?? "";
  assert.equal(text.split("\n")[0], "TransferAPIError: 404 TaskNotFound");
  const r = rows(text);
  assert.equal(r.get("HTTP status"), "404 Not Found");
  assert.equal(r.get("Code"), "TaskNotFound");
  assert.equal(r.get("Message"), "Task 0000 not found");
  assert.equal(r.get("Request ID"), "req-42");
  assert.equal(
    r.get("Request"),
    "GET https://transfer.api.globus.org/v0.10/task/0000",
  );
  assert.equal(r.size, 5);
  assert.ok(
    view["text/html"]?.startsWith(
      '<div class="text-muted globus-caption">TransferAPIError: 404 TaskNotFound</div><div style="overflow-x:auto;max-width:100%"><table>',
    ),
  );
});

test("a consent error shows what the new login needs; no echoed credential shows", async () => {
  const TOKEN = "Ag-secret-bearer-token-1234567890";
  const e = new TransferAPIError({
    method: "GET",
    url: "https://transfer.api.globus.org/v0.10/operation/endpoint/abc/ls",
    httpStatus: 403,
    secrets: [TOKEN],
    rawJson: {
      code: "ConsentRequired",
      message: `Missing required data_access consent (token ${TOKEN})`,
      request_id: "req-7",
      required_scopes: [
        "urn:globus:auth:scope:transfer.api.globus.org:all[*https://auth.globus.org/scopes/abc/data_access]",
      ],
      authorization_parameters: {
        session_message: "<b>log in</b>",
        required_scopes: [
          "urn:globus:auth:scope:transfer.api.globus.org:all[*https://auth.globus.org/scopes/abc/data_access]",
        ],
      },
    },
  });
  const view = await kernelView(e);
  const r = rows(view["text/plain"] ?? "");
  assert.equal(
    r.get("required_scopes"),
    "urn:globus:auth:scope:transfer.api.globus.org:all[*https://auth.globus.org/scopes/abc/data_access]",
  );
  assert.equal(r.get("session_message"), "<b>log in</b>");
  assert.ok(view["text/html"]?.includes("&lt;b&gt;log in&lt;/b&gt;"));
  assert.ok(!view["text/html"]?.includes("<b>log in"));
  assert.ok(!(await kernelText(e)).includes(TOKEN));
  assert.match(r.get("Message") ?? "", /\[REDACTED\]/);
});
