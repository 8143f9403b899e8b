import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import {
  AuthAPIError,
  GlobusAPIError,
  NetworkError,
  ResponseTooLargeError,
  TimeoutError,
  TokenStorageError,
  TransferAPIError,
} from "../../src/core/errors.ts";
import { ResponseValidationError } from "../../src/core/response_validation_error.ts";

const SECRET = "AgXyZsecretTOKENvalue1234567890";

test("GlobusAPIError reads like 'METHOD URL → status code: message (request_id …)'", () => {
  const e = new GlobusAPIError({
    method: "get",
    url: "https://transfer.api.globus.org/v0.10/task/123",
    httpStatus: 404,
    rawJson: {
      code: "ClientError.NotFound",
      message: "Task 123 not found",
      request_id: "abc",
      resource: "/task/123",
    },
  });
  assert.equal(
    e.message,
    "GET https://transfer.api.globus.org/v0.10/task/123 → 404 ClientError.NotFound: Task 123 not found (request_id abc)",
  );
  assert.equal(e.httpStatus, 404);
  assert.equal(e.code, "ClientError.NotFound");
  assert.equal(e.requestId, "abc");
  assert.equal(e.name, "GlobusAPIError");
  assert.equal(e.authorizationParameters, null);
  assert.deepEqual(e.messages, ["Task 123 not found"]);
  // As in Python: a body without an errors array is its own sub-error.
  assert.equal(e.errors.length, 1);
  assert.equal(e.errors[0]!.code, "ClientError.NotFound");
  assert.equal(e.errors[0]!.get("resource"), "/task/123");
});

test("GlobusAPIError reads Auth's error shapes", () => {
  const grant = new GlobusAPIError({
    method: "POST",
    url: "https://auth.globus.org/v2/oauth2/token",
    httpStatus: 400,
    rawJson: { error: "invalid_grant", error_description: "Invalid grant" },
  });
  assert.equal(grant.code, "invalid_grant");
  assert.match(grant.message, /→ 400 invalid_grant: Invalid grant$/);
  const unauth = new GlobusAPIError({
    method: "GET",
    url: "https://auth.globus.org/v2/oauth2/userinfo",
    httpStatus: 401,
    rawJson: {
      errors: [{
        status: "401",
        id: "e1",
        code: "UNAUTHORIZED",
        detail: "Call must be authenticated",
        title: "Unauthorized",
      }],
      error: "unauthorized",
      error_description: "Unauthorized",
    },
  });
  // The code of errors[0], as the Python SDK reads it (not the OAuth
  // 'error'); the request id from errors[0].id is Globus Auth's rule.
  assert.equal(unauth.code, "UNAUTHORIZED");
  assert.equal(unauth.requestId, null);
  assert.deepEqual(unauth.messages, ["Call must be authenticated"]);
  assert.equal(unauth.errors.length, 1);
  assert.equal(unauth.errors[0]!.code, "UNAUTHORIZED");
  const auth = new AuthAPIError({
    method: "GET",
    url: "https://auth.globus.org/v2/oauth2/userinfo",
    httpStatus: 401,
    rawJson: unauth.rawJson,
  });
  assert.equal(auth.code, "UNAUTHORIZED");
  assert.equal(auth.requestId, "e1");
});

test("GlobusAPIError exposes consent requirements as authorizationParameters", () => {
  const consent = new GlobusAPIError({
    method: "GET",
    url: "https://transfer.api.globus.org/v0.10/operation/endpoint/x/ls",
    httpStatus: 403,
    rawJson: {
      code: "ConsentRequired",
      message: "Missing required data_access consent",
      required_scopes: ["a[b]"],
    },
  });
  assert.deepEqual(consent.authorizationParameters, {
    required_scopes: ["a[b]"],
  });
  const gare = new GlobusAPIError({
    method: "GET",
    url: "https://x/y",
    httpStatus: 403,
    rawJson: {
      code: "AuthorizationRequired",
      authorization_parameters: {
        session_required_single_domain: ["uchicago.edu"],
        session_message: "need uchicago",
      },
    },
  });
  assert.deepEqual(gare.authorizationParameters, {
    session_required_single_domain: ["uchicago.edu"],
    session_message: "need uchicago",
  });
});

test("GlobusAPIError keeps a non-JSON body as rawText", () => {
  const e = new GlobusAPIError({
    method: "GET",
    url: "https://x/y",
    httpStatus: 502,
    rawText: "<html><body>Bad Gateway</body></html>",
  });
  assert.equal(e.rawJson, null);
  // Python 4.x: no code when the body names none.
  assert.equal(e.code, null);
  assert.match(
    e.message,
    /→ 502 Bad Gateway: an HTML page, not the service's JSON \(from a proxy or gateway in front of it\?\)$/,
  );
  assert.match(e.rawText!, /Bad Gateway/);
  // A proxy's page is named by its title, not by 200 characters of
  // markup cut mid-tag.
  const page =
    `<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n${
      "<!-- padding -->\r\n".repeat(20)
    }</body>\r\n</html>`;
  const proxied = new GlobusAPIError({
    method: "GET",
    url: "https://x/y",
    httpStatus: 400,
    rawText: page,
  });
  assert.match(
    proxied.message,
    /→ 400 Bad Request: an HTML page \("502 Bad Gateway"\), not the service's JSON \(from a proxy or gateway in front of it\?\)$/,
  );
  assert.equal(proxied.rawText, page);
  // Its title as a browser shows it: references decoded, a long one cut
  // with "…".
  const titled = (title: string) =>
    new GlobusAPIError({
      method: "GET",
      url: "https://x/y",
      httpStatus: 503,
      rawText:
        `<!DOCTYPE html><html><head><title>${title}</title></head></html>`,
    }).message;
  assert.match(
    titled("Service Unavailable &amp; Maintenance &#8211; back soon"),
    /an HTML page \("Service Unavailable & Maintenance – back soon"\)/,
  );
  assert.match(
    titled("x".repeat(300)),
    new RegExp(`\\("${"x".repeat(119)}…"\\)`),
  );
  // Other text is cut at 200 characters, and says so.
  const long = new GlobusAPIError({
    method: "GET",
    url: "https://x/y",
    httpStatus: 500,
    rawText: "x".repeat(300),
  });
  assert.ok(long.message.endsWith(`${"x".repeat(200)}…`), long.message);
});

test("errors redact credentials in URL, body fields and inspect output", () => {
  const e = new GlobusAPIError({
    method: "POST",
    url:
      `https://u:${SECRET}@auth.globus.org/v2/oauth2/token?access_token=${SECRET}&x=1`,
    httpStatus: 400,
    rawJson: {
      error: "invalid_request",
      refresh_token: SECRET,
      nested: [{ access_token: SECRET }],
    },
  });
  for (
    const text of [
      e.message,
      e.url,
      JSON.stringify(e),
      inspect(e),
      String(e),
      e.stack ?? "",
    ]
  ) {
    assert.ok(!text.includes(SECRET), `leaked in: ${text}`);
  }
  // deno-lint-ignore no-explicit-any
  const D = (globalThis as any).Deno;
  if (D) assert.ok(!D.inspect(e).includes(SECRET));
  assert.match(e.url, /access_token=%5BREDACTED%5D/);
  const net = new NetworkError(
    "GET",
    `https://x/?token=${SECRET}`,
    new Error("reset"),
  );
  const tmo = new TimeoutError("GET", `https://x/?code=${SECRET}`, 1000);
  assert.ok(!net.message.includes(SECRET) && !tmo.message.includes(SECRET));
});

test("a caught error logged with console.log shows where it was thrown, its fields, and no credentials", () => {
  function loadTasks(): never {
    throw new GlobusAPIError({
      method: "GET",
      url:
        `https://transfer.api.globus.org/v0.10/task/1?access_token=${SECRET}`,
      httpStatus: 404,
      rawJson: { code: "ClientError.NotFound", message: "Task 1 not found" },
    });
  }
  function checkTasks(): never {
    throw new ResponseValidationError("task", [
      { path: ["DATA", 0, "size"], message: "Invalid input" },
    ]);
  }
  for (const thrower of [loadTasks, checkTasks]) {
    let caught: unknown;
    try {
      thrower();
    } catch (e) {
      caught = e;
    }
    // deno-lint-ignore no-explicit-any
    const D = (globalThis as any).Deno;
    const shown: string[] = [
      inspect(caught),
      ...(D ? [D.inspect(caught)] : []),
    ];
    for (const text of shown) {
      const lines = text.split("\n");
      assert.match(lines[0]!, /^(GlobusAPIError|ResponseValidationError): /);
      // The frame of the function that threw, as for any error.
      assert.ok(
        lines.some((l) => /^\s+at /.test(l) && l.includes(thrower.name)),
        `no frame naming ${thrower.name} in:\n${text}`,
      );
      assert.match(text, /"(httpStatus|issues)"/);
      assert.ok(!text.includes(SECRET), text);
    }
  }
});

test("an SDK error's stack reaches the caller's code beyond V8's default 10 frames, and the limit is left as it was", () => {
  const before = Error.stackTraceLimit;
  // The SDK's own frames between the user's call and the error: more than
  // V8's default limit.
  const deep = (n: number): never => {
    if (n === 0) {
      throw new NetworkError("GET", "https://x/", new Error("reset"));
    }
    return deep(n - 1);
  };
  function usersScript(): never {
    return deep(20);
  }
  let caught: unknown;
  try {
    usersScript();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof NetworkError);
  assert.match(String(caught.stack), /at usersScript /);
  assert.equal(Error.stackTraceLimit, before);
  // Other errors keep the runtime's limit.
  let plain: unknown;
  try {
    (function usersOther(): never {
      const d = (n: number): never => {
        if (n === 0) throw new Error("x");
        return d(n - 1);
      };
      return d(20);
    })();
  } catch (e) {
    plain = e;
  }
  if (before <= 20) {
    assert.doesNotMatch(String((plain as Error).stack), /usersOther/);
  }
});

test("ResponseValidationError names the field paths", () => {
  const e = new ResponseValidationError("file list", [
    { path: ["DATA", 0, "size"], message: "expected number, received string" },
  ], "GET https://x/ls");
  assert.equal(
    e.message,
    "GET https://x/ls: response is not a valid file list: DATA[0].size: expected number, received string",
  );
  assert.equal(e.issues.length, 1);
});

test("TokenStorageError carries the path", () => {
  const e = new TokenStorageError("/tmp/t.json", "bad");
  assert.equal(e.path, "/tmp/t.json");
  assert.equal(e.name, "TokenStorageError");
});

test("Python's names of an error's fields say the camelCase one (a ported err.http_status read undefined and took the other branch)", async () => {
  const err = new TransferAPIError({
    method: "GET",
    url: "https://transfer.api.globus.org/v0.10/task/t1",
    httpStatus: 404,
    rawJson: {
      code: "TaskNotFound",
      message: "No such task",
      request_id: "r1",
    },
  });
  // deno-lint-ignore no-explicit-any
  const loose = err as any;
  assert.throws(() => loose.http_status === 404, {
    name: "TypeError",
    message:
      "TransferAPIError has no http_status: the names here are camelCase, so Python's http_status is httpStatus (err.httpStatus)",
  });
  // Its cause is the error read from: printed in a `catch`, the API error
  // being handled is not lost behind the hint.
  assert.throws(
    () => loose.http_status,
    (e: unknown) => e instanceof TypeError && e.cause === err,
  );
  assert.throws(
    () => loose.request_id,
    /Python's request_id is requestId \(err\.requestId\)/,
  );
  assert.throws(() => loose.raw_json, /Python's raw_json is rawJson/);
  // raw_text is the whole body (err.text): rawText is only a non-JSON one.
  assert.throws(
    () => loose.raw_text,
    /Python's raw_text is text \(err\.text\)/,
  );
  // The SDK's other errors too (a network failure has no httpStatus, so
  // nothing to say for http_status there).
  const net = new NetworkError("GET", "https://x.example/", new Error("down"));
  assert.equal(
    (net as unknown as Record<string, unknown>).http_status,
    undefined,
  );
  // Every other name reads as before; the error is still an Error, awaits
  // and prints as one.
  assert.equal(loose.code, "TaskNotFound");
  assert.equal(loose.no_such_field, undefined);
  assert.equal(loose.then, undefined);
  assert.ok(err instanceof Error && err instanceof GlobusAPIError);
  assert.equal(await Promise.reject(err).catch((e) => e), err);
  assert.match(inspect(err), /TaskNotFound/);
  assert.doesNotMatch(inspect(err), /http_status/);
});

test("console.log of an API error shows each thing once: the message line, then the fields that add to it (a 404 printed the service's message four times in ~40 lines)", () => {
  const plain = new TransferAPIError({
    method: "GET",
    url: "https://transfer.api.globus.org/v0.10/operation/endpoint/e1/ls",
    httpStatus: 404,
    rawJson: {
      code: "ClientError.NotFound",
      message: "Directory '/share/nope/' not found",
      request_id: "r1",
      resource: "/v0.10/operation/endpoint/e1/ls",
    },
  });
  const text = inspect(plain);
  assert.equal(
    text.split("Directory '/share/nope/' not found").length - 1,
    1,
    text,
  );
  for (const gone of ["rawJson", '"errors"', '"info"', '"messages"']) {
    assert.ok(!text.includes(gone), `${gone} in ${text}`);
  }
  assert.match(text, /"requestId": "r1"/);
  assert.match(text, /"code": "ClientError\.NotFound"/);
  // What adds to the message stays: several sub-errors, a body of another
  // shape (Auth's), authorization parameters.
  const several = new GlobusAPIError({
    method: "POST",
    url: "https://auth.globus.org/v2/api/clients",
    httpStatus: 400,
    rawJson: {
      errors: [
        { code: "INVALID", detail: "name is required", id: "a", status: "400" },
        { code: "INVALID", detail: "bad redirect", id: "a", status: "400" },
      ],
    },
  });
  const many = inspect(several);
  assert.match(many, /"errors"/);
  assert.match(many, /bad redirect/);
  assert.match(many, /"rawJson"/);
  // toJSON() keeps every field.
  assert.deepEqual(
    Object.keys(plain.toJSON()).filter((k) =>
      ["rawJson", "errors", "info", "messages"].includes(k)
    ),
    ["messages", "errors", "info", "rawJson"],
  );
});

test("every camelCase field of the SDK's errors answers its Python name with the camelCase one, and an assignment of one is kept", () => {
  const samples: Error[] = [
    new TransferAPIError({
      method: "GET",
      url: "https://transfer.api.globus.org/v0.10/task/t1",
      httpStatus: 404,
      rawJson: {
        code: "TaskNotFound",
        message: "No such task",
        request_id: "r1",
      },
    }),
    new AuthAPIError({
      method: "POST",
      url: "https://auth.globus.org/v2/oauth2/token",
      httpStatus: 403,
      rawJson: {
        code: "ConsentRequired",
        message: "Missing consent",
        authorization_parameters: { required_scopes: ["s"] },
      },
    }),
    new NetworkError("GET", "https://x.example/", new Error("down")),
    new TimeoutError("GET", "https://x.example/", 1000),
    new ResponseTooLargeError("GET", "https://x.example/", 200, 10, 20),
    new TokenStorageError("/tmp/t.json", "bad"),
    new ResponseValidationError("task", [{ path: ["status"], message: "x" }]),
  ];
  const snake = (name: string) =>
    name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  for (const err of samples) {
    const names = new Set<string>();
    for (
      let o: object | null = err;
      o !== null && o !== Error.prototype;
      o = Object.getPrototypeOf(o)
    ) {
      for (const k of Object.getOwnPropertyNames(o)) names.add(k);
    }
    for (const name of names) {
      // Fields (not methods) with a Python spelling of their own.
      if (!/[A-Z]/.test(name)) continue;
      const value = (err as unknown as Record<string, unknown>)[name];
      if (typeof value === "function") continue;
      assert.throws(
        () => (err as unknown as Record<string, unknown>)[snake(name)],
        (e: unknown) =>
          e instanceof TypeError && e.cause === err &&
          e.message.includes(`Python's ${snake(name)} is `),
        `${err.name}.${snake(name)}`,
      );
    }
  }
  // A program's own field of that name is its own.
  const err = samples[0] as unknown as Record<string, unknown>;
  err.http_status = 404;
  assert.equal(err.http_status, 404);
});
