/**
 * Every error body in the shared fixtures, read through the transport as the
 * Python SDK (4.x) reads it: `code`, `requestId`, `messages`, the Python
 * `message` (messages joined), `errors`, `info`. Expected values are what
 * Python's rules give for each body shape.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  AuthAPIError,
  GlobusAPIError,
  type GlobusAPIErrorInit,
  TransferAPIError,
} from "../../src/core/errors.ts";
import { HttpTransport } from "../../src/core/transport.ts";
import {
  fixture,
  FIXTURES_PRESENT,
  SKIP_FIXTURES,
} from "../_helpers/globus_fixtures.ts";

type ErrorClass = new (init: GlobusAPIErrorInit) => GlobusAPIError;

/** Serves one body with a status and content type; returns the thrown error. */
async function failWith(
  body: unknown,
  status: number,
  errorClass: ErrorClass,
  contentType = "application/json",
  extraHeaders: Record<string, string> = {},
): Promise<GlobusAPIError> {
  const transport = new HttpTransport({
    retry: false,
    fetch: () =>
      Promise.resolve(
        new Response(JSON.stringify(body), {
          status,
          headers: { "content-type": contentType, ...extraHeaders },
        }),
      ),
  });
  const e = await transport.request({
    method: "GET",
    url: "https://service.example.org/v0/thing",
    errorClass,
  }).then(() => undefined, (x: unknown) => x);
  assert.ok(e instanceof errorClass, `expected ${errorClass.name}, got ${e}`);
  return e as GlobusAPIError;
}

/** Python's `err.message`: the messages joined with "; ", or None. */
function pythonMessage(e: GlobusAPIError): string | null {
  return e.messages.length > 0 ? e.messages.join("; ") : null;
}

const AUTH_401_ID = "0fedbdf2-ebcd-11f1-b8e9-02fc00000001";

test(
  "Auth's error body (errors[] + error/error_description): code and requestId from errors[0], message from detail",
  {
    skip: SKIP_FIXTURES,
  },
  async () => {
    for (
      const file of [
        "auth.get_identities.error_401.json",
        "auth.userinfo.error_401.json",
        "raw/sdk_testing/auth.get_identities.unauthorized.json",
        "raw/sdk_testing/auth.userinfo.unauthorized.json",
      ]
    ) {
      const body = fixture(file) as { errors: Record<string, unknown>[] };
      // Globus Auth sends it as application/json (Python: the "undefined"
      // format) or as JSON:API; both read the same.
      for (const ct of ["application/json", "application/vnd.api+json"]) {
        const e = await failWith(body, 401, AuthAPIError, ct);
        assert.equal(e.code, "UNAUTHORIZED", `${file} ${ct}`);
        assert.equal(e.requestId, AUTH_401_ID);
        assert.deepEqual(e.messages, ["Call must be authenticated"]);
        assert.equal(pythonMessage(e), "Call must be authenticated");
        assert.equal(e.serviceMessage, "Call must be authenticated");
        assert.equal(e.errors.length, 1);
        assert.deepEqual(e.errors[0]!.raw, body.errors[0]);
        assert.equal(e.errors[0]!.code, "UNAUTHORIZED");
        assert.equal(e.errors[0]!.get("status"), "401");
        assert.deepEqual(e.info, {
          authorizationParameters: null,
          consentRequired: null,
        });
        assert.equal(e.httpStatus, 401);
        assert.equal(e.httpReason, "Unauthorized");
        assert.equal(e.contentType, ct);
        assert.match(
          e.message,
          new RegExp(
            `→ 401 UNAUTHORIZED: Call must be authenticated \\(request_id ${AUTH_401_ID}\\)$`,
          ),
        );
      }
      // The request id comes from the sub-errors only for Globus Auth, as in
      // Python (GlobusAPIError has no such rule).
      const plain = await failWith(body, 401, GlobusAPIError);
      assert.equal(plain.code, "UNAUTHORIZED");
      assert.equal(plain.requestId, null);
    }
    const forbidden = await failWith(
      fixture("raw/sdk_testing/auth.userinfo.forbidden.json"),
      403,
      AuthAPIError,
    );
    assert.equal(forbidden.code, "FORBIDDEN");
    assert.equal(forbidden.requestId, "0fedbf78-ebcd-11f1-b8e9-02fc00000001");
    assert.deepEqual(forbidden.messages, ["Call must be authenticated"]);
  },
);

test(
  "an OAuth error body ({error: invalid_grant}): Python finds no code or message; ours keeps the OAuth error as code",
  {
    skip: SKIP_FIXTURES,
  },
  async () => {
    for (
      const file of [
        "auth.token.error_401_invalid_grant.json",
        "raw/sdk_testing/auth.oauth2_exchange_code_for_tokens.invalid_grant.json",
      ]
    ) {
      const body = fixture(file);
      const e = await failWith(body, 401, AuthAPIError);
      // Python 4.x: code None. Ours: the OAuth error (see docs/decisions.md).
      assert.equal(e.code, "invalid_grant");
      assert.equal(e.requestId, null);
      assert.deepEqual(e.messages, []);
      assert.equal(pythonMessage(e), null);
      // Python's errors: the body itself, as the one sub-error.
      assert.equal(e.errors.length, 1);
      assert.deepEqual(e.errors[0]!.raw, body);
      assert.equal(e.errors[0]!.code, null);
      assert.equal(e.errors[0]!.message, null);
      assert.deepEqual(e.info, {
        authorizationParameters: null,
        consentRequired: null,
      });
    }
  },
);

test(
  "Transfer's error bodies (code, message, request_id: Python's Type Zero)",
  {
    skip: SKIP_FIXTURES,
  },
  async () => {
    const index = JSON.parse(
      readFileSync(
        fileURLToPath(
          new URL(
            "../../../shared/fixtures/globus/raw/INDEX.sdk_testing.json",
            import.meta.url,
          ),
        ),
        "utf8",
      ),
    ) as { file: string; service: string; status: number }[];
    const files = [
      ...index.filter((x) => x.service === "transfer" && x.status >= 400).map((
        x,
      ) => ({ file: `raw/${x.file}`, status: x.status })),
      { file: "transfer.operation_stat.error_403.json", status: 403 },
      { file: "transfer.operation_stat.error_404.json", status: 404 },
      { file: "transfer.submit_transfer.error_400_no_items.json", status: 400 },
    ];
    assert.ok(files.length >= 10, `only ${files.length} Transfer error bodies`);
    for (const { file, status } of files) {
      const body = fixture(file) as Record<string, string>;
      const e = await failWith(body, status, TransferAPIError);
      assert.equal(e.code, body["code"], file);
      assert.equal(e.requestId, body["request_id"], file);
      assert.deepEqual(e.messages, [body["message"]], file);
      assert.equal(pythonMessage(e), body["message"]);
      assert.equal(e.errors.length, 1, file);
      assert.deepEqual(e.errors[0]!.raw, body, file);
      assert.equal(e.errors[0]!.message, body["message"]);
      assert.deepEqual(e.info, {
        authorizationParameters: null,
        consentRequired: null,
      });
    }
    const stat = await failWith(
      fixture("transfer.operation_stat.error_403.json"),
      403,
      TransferAPIError,
    );
    assert.equal(stat.code, "EndpointPermissionDenied");
    assert.equal(stat.requestId, "aaabbbccc");
    assert.match(stat.messages[0]!, /^Denied by endpoint, Error \(list\)/);
  },
);

if (!FIXTURES_PRESENT) console.log("fixture error bodies not checked");

test("a JSON:API body: code only when every sub-error shares it, messages from detail else title, never 'message'", async () => {
  const jsonapi = "application/vnd.api+json";
  const mixed = await failWith(
    {
      code: "TopLevelIgnored",
      errors: [
        { code: "A", id: "r1", detail: "first", message: "not read" },
        { code: "B", id: "r1", title: "second" },
        { id: "r1", message: "only a message" },
      ],
    },
    400,
    AuthAPIError,
    `${jsonapi}; charset=utf-8`,
  );
  assert.equal(mixed.code, null);
  assert.deepEqual(mixed.messages, ["first", "second"]);
  assert.equal(mixed.requestId, "r1");
  assert.equal(mixed.errors.length, 3);
  assert.match(
    mixed.message,
    /→ 400 Bad Request: first; second \(request_id r1\)$/,
  );
  const same = await failWith(
    {
      errors: [{ code: "X", id: "a" }, { code: "X", id: "b" }, { code: "X" }],
    },
    409,
    AuthAPIError,
    jsonapi,
  );
  assert.equal(same.code, "X");
  // Two different ids: no request id (Python's rule).
  assert.equal(same.requestId, null);
  // An empty errors array is not JSON:API: the body is read as "undefined".
  const empty = await failWith(
    { errors: [], code: "C", detail: "d" },
    400,
    AuthAPIError,
    jsonapi,
  );
  assert.equal(empty.code, "C");
  assert.deepEqual(empty.errors, []);
  assert.deepEqual(empty.messages, ["d"]);
});

test("the 'undefined' format: errors[] of objects or the body itself; code from the body, else shared by the sub-errors", async () => {
  const listed = await failWith(
    {
      errors: [{ code: "E1", message: "m1" }, { code: "E1", detail: "d2" }],
    },
    400,
    GlobusAPIError,
  );
  assert.equal(listed.code, "E1");
  assert.deepEqual(listed.messages, ["m1", "d2"]);
  const noCode = await failWith({ foo: "bar" }, 400, GlobusAPIError);
  assert.equal(noCode.code, null);
  assert.deepEqual(noCode.messages, []);
  assert.deepEqual(noCode.errors.map((s) => s.raw), [{ foo: "bar" }]);
  // Python shows the reason phrase when there is no code; the body's start
  // stands in for the missing message.
  assert.match(noCode.message, /→ 400 Bad Request: \{"foo":"bar"\}$/);
  // Type Zero needs a string message; a non-string request_id demotes it.
  const badId = await failWith(
    { code: "K", message: "m", request_id: 7 },
    400,
    TransferAPIError,
  );
  assert.equal(badId.code, "K");
  assert.equal(badId.requestId, null);
  assert.deepEqual(badId.messages, ["m"]);
  // A list body is not parsed at all.
  const list = await failWith(["a", "b"], 500, GlobusAPIError);
  assert.equal(list.code, null);
  assert.deepEqual(list.errors, []);
  assert.deepEqual(list.messages, []);
  assert.deepEqual(list.info, {
    authorizationParameters: null,
    consentRequired: null,
  });
});

test("info.consentRequired and info.authorizationParameters follow Python's rules", async () => {
  const cases: [Record<string, unknown>, string[] | null][] = [
    [{ code: "ConsentRequired", required_scopes: ["foo", "bar"] }, [
      "foo",
      "bar",
    ]],
    [{ code: "ConsentRequired", required_scope: "foo bar" }, ["foo bar"]],
    [{ code: "ConsentRequired" }, null],
    [{ code: "ConsentRequired", required_scopes: [] }, null],
    [{ code: "ConsentRequired", required_scopes: ["foo", 123] }, null],
    [{ code: "ConsentRequired", required_scope: 1 }, null],
    [{ code: "Other", required_scopes: ["foo"] }, null],
  ];
  for (const [body, scopes] of cases) {
    const e = await failWith(body, 403, TransferAPIError);
    assert.deepEqual(
      e.info.consentRequired,
      scopes === null ? null : { requiredScopes: scopes },
      JSON.stringify(body),
    );
  }
  const gare = await failWith(
    {
      code: "AuthorizationRequired",
      authorization_parameters: {
        session_message: "need a policy",
        session_required_policies: "p1,p2",
        session_required_identities: ["i1"],
        session_required_single_domain: "not-a-list",
        session_required_mfa: true,
      },
    },
    403,
    TransferAPIError,
  );
  assert.deepEqual(gare.info.authorizationParameters, {
    sessionMessage: "need a policy",
    sessionRequiredIdentities: ["i1"],
    sessionRequiredSingleDomain: null,
    sessionRequiredPolicies: ["p1", "p2"],
    sessionRequiredMfa: true,
  });
  assert.equal(gare.info.consentRequired, null);
  assert.equal(gare.code, "AuthorizationRequired");
  const listPolicies = await failWith(
    { authorization_parameters: { session_required_policies: ["p"] } },
    403,
    GlobusAPIError,
  );
  assert.deepEqual(
    listPolicies.info.authorizationParameters?.sessionRequiredPolicies,
    ["p"],
  );
  const notDict = await failWith(
    { authorization_parameters: "x" },
    403,
    GlobusAPIError,
  );
  assert.equal(notDict.info.authorizationParameters, null);
});

test("the error carries Python's response surface: httpReason, headers, contentType, text", async () => {
  const body = { code: "NotFound", message: "nope", request_id: "r" };
  const e = await failWith(body, 404, TransferAPIError, "application/json", {
    spam: "eggs",
  });
  assert.equal(e.httpReason, "Not Found");
  assert.equal(e.headers.get("Spam"), "eggs");
  assert.equal(e.contentType, "application/json");
  assert.equal(e.text, JSON.stringify(body));
  assert.ok(!Object.keys(e).includes("text"));
});

test("String() and a template string of an error's sub-errors show their fields, credentials redacted, as inspect does (they were [object Object])", () => {
  const err = new AuthAPIError({
    method: "POST",
    url: "https://auth.globus.org/v2/oauth2/token",
    httpStatus: 401,
    rawJson: {
      errors: [{
        code: "UNAUTHORIZED",
        detail: "Call must be authenticated",
        access_token: "SECRET-sub-token-31",
      }],
    },
  });
  const sub = err.errors[0]!;
  for (const text of [String(sub), `${sub}`, String(err.errors)]) {
    assert.match(
      text,
      /^ErrorSubdocument \{"code":"UNAUTHORIZED","detail":"Call must be authenticated",/,
    );
    assert.doesNotMatch(text, /SECRET-sub-token-31|object Object/);
  }
});
