/**
 * Bad-input fuzzing with a seeded PRNG and bounded iterations: every case
 * ends in a typed, documented error (a GlobusError subclass for bad
 * responses and bad pasted codes; TypeError/RangeError for bad arguments),
 * never an untyped crash or a hang, and errors never carry the token.
 *
 * Scope.parse on random strings is fuzzed in tests/auth/scopes_test.ts;
 * here it gets grammar-aware mutations of valid scope strings and
 * non-string inputs.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { AuthClient } from "../../src/auth/auth_client.ts";
import { NativeAppAuthClient } from "../../src/auth/native_client.ts";
import {
  AuthCodeInputError,
  parseAuthCode,
} from "../../src/auth/paste_code.ts";
import { Scope, ScopeParseError } from "../../src/auth/scopes.ts";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { GlobusError } from "../../src/core/errors.ts";
import type { FetchLike } from "../../src/core/transport.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { TransferData } from "../../src/transfer/transfer_data.ts";
import { fakeClock } from "../_helpers/fake_clock.ts";
import { mulberry32, pick, randInt } from "../_helpers/prng.ts";

const TOKEN = "FUZZ-SECRET-ACCESS-TOKEN-0123456789abcdef";
const ENDPOINT = "6c54cade-bde5-45c1-bdea-f4bd71dba2cc";

function randomString(random: () => number, max: number, alphabet?: string) {
  const len = randInt(random, max + 1);
  let s = "";
  for (let i = 0; i < len; i++) {
    s += alphabet
      ? alphabet[randInt(random, alphabet.length)]
      : String.fromCharCode(randInt(random, 0x3000));
  }
  return s;
}

/** Fails (instead of hanging) when `p` does not settle within `ms`. */
async function settles<T>(p: Promise<T>, what: string, ms = 10_000) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hang: ${what}`)), ms);
  });
  try {
    return await Promise.race([
      p.then(
        (v) => ({ ok: true as const, v }),
        (e: unknown) => ({ ok: false as const, e }),
      ),
      guard,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

// ------------------------------------------------------------ Scope.parse

const SCOPE_SEEDS = [
  "openid",
  "urn:globus:auth:scope:transfer.api.globus.org:all",
  "urn:globus:auth:scope:transfer.api.globus.org:all[*https://auth.globus.org/scopes/6c54cade-bde5-45c1-bdea-f4bd71dba2cc/data_access]",
  "a[b[c *d] e] f[*g]",
  "https://auth.globus.org/scopes/x/y[z]",
];

test("fuzz: mutated valid scope strings parse and round-trip, or raise ScopeParseError", () => {
  const random = mulberry32(9001);
  const inserts = ["[", "]", "*", " ", "[]", "**", "\u0000", "\n", "é", "[*"];
  let parsed = 0;
  for (let n = 0; n < 4000; n++) {
    let text = pick(random, SCOPE_SEEDS);
    for (let m = 1 + randInt(random, 4); m > 0; m--) {
      const at = randInt(random, text.length + 1);
      switch (randInt(random, 4)) {
        case 0: // insert
          text = text.slice(0, at) + pick(random, inserts) + text.slice(at);
          break;
        case 1: // delete
          text = text.slice(0, at) + text.slice(at + 1 + randInt(random, 3));
          break;
        case 2: // duplicate a slice
          text = text.slice(0, at) + text.slice(at, at + 8) + text.slice(at);
          break;
        default: // join with another seed
          text = text + pick(random, [" ", "[", ""]) +
            pick(random, SCOPE_SEEDS);
      }
    }
    try {
      const scopes = Scope.parse(text);
      parsed++;
      const again = Scope.serialize(scopes);
      assert.equal(Scope.serialize(Scope.parse(again)), again);
    } catch (e) {
      assert.ok(
        e instanceof ScopeParseError,
        `${e} for ${JSON.stringify(text)}`,
      );
    }
  }
  assert.ok(parsed > 200 && parsed < 4000, `parsed ${parsed}`);
});

test("Scope.parse on non-strings and huge strings throws a typed error", () => {
  for (const bad of [null, undefined, 42, {}, [], Symbol("x")]) {
    assert.throws(
      () => Scope.parse(bad as unknown as string),
      (e: unknown) => e instanceof TypeError || e instanceof ScopeParseError,
    );
  }
  const huge = "a ".repeat(200_000);
  assert.equal(Scope.parse(huge).length > 0, true);
  assert.throws(() => Scope.parse("[".repeat(100_000)), ScopeParseError);
});

// ----------------------------------------------------------- parseAuthCode

test("fuzz: parseAuthCode returns a code-like string or throws AuthCodeInputError without echoing the input", () => {
  const random = mulberry32(77);
  const codeChars =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
  const shapes: (() => string)[] = [
    () => randomString(random, 60, codeChars),
    () =>
      `https://app.example/cb?code=${
        randomString(random, 40, codeChars)
      }&state=_default`,
    () => `https://app.example/cb#code=${randomString(random, 40, codeChars)}`,
    () => `?code=${randomString(random, 40)}`,
    () =>
      `code=${encodeURIComponent(randomString(random, 40))}&error=${
        randomString(random, 5, "xyz")
      }`,
    () => `  "${randomString(random, 40, codeChars)}"  `,
    () => randomString(random, 200),
    () => randomString(random, 200, " \t\n<>\"'`=&?#:/%"),
    () => `http://[${randomString(random, 20)}`,
    () => "x".repeat(8000 + randInt(random, 20_000)),
    () => `https://a.example/?code=${"y".repeat(2000)}`,
    () => `${randomString(random, 10, "abc")}://${randomString(random, 30)}`,
  ];
  let ok = 0;
  for (let n = 0; n < 3000; n++) {
    const input = pick(random, shapes)();
    try {
      const code = parseAuthCode(input);
      assert.match(code, /^[A-Za-z0-9._~-]{1,1024}$/);
      ok++;
    } catch (e) {
      assert.ok(
        e instanceof AuthCodeInputError,
        `${e} for ${JSON.stringify(input.slice(0, 80))}`,
      );
      const trimmed = input.trim();
      if (trimmed.length >= 24 && /^[\x20-\x7e]+$/.test(trimmed)) {
        assert.ok(
          !e.message.includes(trimmed),
          `the input is echoed: ${e.message.slice(0, 120)}`,
        );
      }
    }
  }
  assert.ok(ok > 300, `only ${ok} inputs were accepted`);
  for (const bad of [null, undefined, 5, {}, ["code"]]) {
    assert.throws(
      () => parseAuthCode(bad as unknown as string),
      AuthCodeInputError,
    );
  }
});

// ------------------------------------------------------- TransferData options

test("fuzz: TransferData with random options and items builds valid JSON or throws TypeError/RangeError", () => {
  const random = mulberry32(4242);
  const values: unknown[] = [
    undefined,
    null,
    "",
    " ",
    "x",
    "checksum",
    "size",
    0,
    1,
    3,
    4,
    -1,
    1.5,
    NaN,
    Infinity,
    true,
    false,
    {},
    [],
    ["a"],
    new Date(NaN),
    new Date(1_900_000_000_000),
    "2030-01-01T00:00:00Z",
    "not a date",
    ENDPOINT,
    "/~/path",
    "\u0000",
    "x".repeat(5000),
    Symbol.for("s"),
    10n,
  ];
  const keys = [
    "sourceEndpoint",
    "destinationEndpoint",
    "label",
    "syncLevel",
    "verifyChecksum",
    "preserveTimestamp",
    "encryptData",
    "deadline",
    "skipSourceErrors",
    "failOnQuotaErrors",
    "deleteDestinationExtra",
    "notifyOnSucceeded",
    "recursiveSymlinks",
    "sourceLocalUser",
    "submissionId",
    "additionalFields",
  ];
  const flags = [true, false, undefined];
  const texts = ["x", "label ü", undefined, " "];
  const typical: Record<string, unknown[]> = {
    sourceEndpoint: [ENDPOINT],
    destinationEndpoint: [ENDPOINT],
    label: texts,
    syncLevel: ["exists", "size", "mtime", "checksum", 0, 1, 2, 3],
    deadline: [new Date(1_900_000_000_000), "2030-01-01T00:00:00Z"],
    recursiveSymlinks: ["ignore", "keep", "copy"],
    sourceLocalUser: texts,
    submissionId: ["00000000-0000-0000-0000-000000000000"],
    additionalFields: [{}, { extra: 1 }],
  };
  for (const k of keys) typical[k] ??= flags;
  const paths: unknown[] = [
    "/~/a.txt",
    "/share/godata/",
    "/~/dir/",
    "relative",
    "/x y/ü",
    ...values,
  ];
  const validPaths = paths.slice(0, 5);
  let built = 0;
  for (let n = 0; n < 3000; n++) {
    const options: Record<string, unknown> = {
      sourceEndpoint: ENDPOINT,
      destinationEndpoint: ENDPOINT,
    };
    for (let k = randInt(random, 4); k >= 0; k--) {
      const key = pick(random, keys);
      // Mostly values of the right type, so that many documents build.
      options[key] = random() < 0.7
        ? pick(random, typical[key] ?? values)
        : pick(random, values);
    }
    try {
      const td = new TransferData(options as never);
      for (let i = randInt(random, 3); i >= 0; i--) {
        td.addItem(
          pick(random, random() < 0.8 ? validPaths : paths) as string,
          pick(random, random() < 0.8 ? validPaths : paths) as string,
          random() < 0.3
            ? { recursive: pick(random, values) as boolean }
            : undefined,
        );
      }
      if (random() < 0.3) {
        td.addFilterRule(
          pick(random, values) as string,
          {
            method: pick(random, [
              "include",
              "exclude",
              "x",
              undefined,
            ]) as "include",
          },
        );
      }
      td.validate();
      const text = JSON.stringify(td);
      const doc = JSON.parse(text);
      assert.equal(doc.DATA_TYPE, "transfer");
      assert.ok(Array.isArray(doc.DATA) && doc.DATA.length > 0);
      built++;
    } catch (e) {
      assert.ok(
        e instanceof TypeError || e instanceof RangeError ||
          e instanceof GlobusError,
        `untyped ${inspect(e)} for ${inspect(options)}`,
      );
      assert.ok(
        !/Cannot read propert|is not a function|undefined is not/.test(
          String((e as Error).message),
        ),
        `an internal error leaked: ${(e as Error).message}`,
      );
    }
  }
  assert.ok(built > 100, `only ${built} built`);
});

// ---------------------------------------------------------- response parsing

const VALID_TASK = JSON.stringify({
  DATA_TYPE: "task",
  task_id: "11111111-2222-3333-4444-555555555555",
  status: "SUCCEEDED",
  type: "TRANSFER",
});

function badResponse(random: () => number): Response | Error {
  const statuses = [
    200,
    200,
    200,
    201,
    400,
    401,
    403,
    404,
    409,
    429,
    500,
    502,
    503,
    504,
  ];
  const status = pick(random, statuses);
  const html = (s: number) =>
    `<html><head><title>${s} Bad Gateway</title></head><body><center><h1>${s}</h1></center><hr><center>nginx</center></body></html>`;
  const bodies: [string, string | null][] = [
    ["", "application/json"],
    ["", null],
    [
      VALID_TASK.slice(0, randInt(random, VALID_TASK.length)),
      "application/json",
    ],
    [html(status), "text/html"],
    [html(status), "application/json"],
    ["null", "application/json"],
    ["[]", "application/json"],
    ["42", "application/json"],
    ['"just a string"', "application/json"],
    ['{"DATA": "not a list", "DATA_TYPE": 7}', "application/json"],
    [
      '{"code": 5, "message": {"nested": true}, "request_id": []}',
      "application/json",
    ],
    [
      '{"access_token": 12, "expires_in": "soon", "resource_server": null}',
      "application/json",
    ],
    [
      '{"other_tokens": "x", "access_token": "a", "scope": "s", "expires_in": 1, "resource_server": "r", "token_type": "Bearer"}',
      "application/json",
    ],
    ["[".repeat(5000), "application/json"],
    [
      randomString(random, 300),
      pick(random, ["application/json", "text/plain", null]),
    ],
    [
      `{"errors": [${'{"code": null},'.repeat(50)}{}], "code": "X"}`,
      "application/json",
    ],
  ];
  if (random() < 0.05) return new TypeError("fetch failed (injected)");
  const [body, type] = pick(random, bodies);
  const headers: Record<string, string> = {};
  if (type) headers["content-type"] = type;
  if (status === 429 || status === 503) {
    headers["retry-after"] = pick(random, ["0", "1", "abc", "-5", "99999999"]);
  }
  return new Response(status === 204 ? null : body, { status, headers });
}

test("fuzz: malformed, truncated, wrong-typed and HTML responses end in GlobusError subclasses for Transfer and Auth calls", async () => {
  const random = mulberry32(123456);
  const serve: FetchLike = () => {
    const r = badResponse(random);
    return r instanceof Error ? Promise.reject(r) : Promise.resolve(r);
  };
  // Retry-After up to maxRetryAfterMs is honoured: let every sleep pass at
  // once, and keep the per-attempt timeout out of reach.
  const common = {
    fetch: serve,
    clock: fakeClock({ autoLimitMs: 1e9 }),
    timeoutMs: 1e12,
    retry: { maxRetries: 2, random: () => 0.5 },
  };
  const tc = new TransferClient({
    authorizer: new AccessTokenAuthorizer(TOKEN),
    baseUrl: "https://transfer.example.org/",
    ...common,
  });
  const auth = new AuthClient({
    authorizer: new AccessTokenAuthorizer(TOKEN),
    baseUrl: "https://auth.example.org/",
    ...common,
  });
  const native = new NativeAppAuthClient(
    "61338d24-54d5-408f-a10d-66c06b59f6d2",
    {
      baseUrl: "https://auth.example.org/",
      ...common,
    },
  );
  const calls: [string, () => Promise<unknown>][] = [
    ["operationLs", () => tc.operationLs(ENDPOINT, { path: "/~/" })],
    ["getTask", () => tc.getTask("11111111-2222-3333-4444-555555555555")],
    ["getEndpoint", () => tc.getEndpoint(ENDPOINT)],
    ["getSubmissionId", () => tc.getSubmissionId()],
    ["submitTransfer", () =>
      tc.submitTransfer(
        new TransferData({
          sourceEndpoint: ENDPOINT,
          destinationEndpoint: ENDPOINT,
        })
          .addItem("/a", "/b"),
      )],
    ["taskList", () => tc.taskList({ limit: 5 }).toArray(12)],
    ["endpointSearch", () => tc.endpointSearch("x").toArray(5)],
    [
      "taskSuccessfulTransfers",
      () =>
        tc.taskSuccessfulTransfers("11111111-2222-3333-4444-555555555555")
          .toArray(5),
    ],
    ["userinfo", () => auth.userinfo()],
    [
      "oauth2RefreshToken",
      () => native.oauth2RefreshToken("FUZZ-SECRET-REFRESH"),
    ],
    ["oauth2RevokeToken", () => native.oauth2RevokeToken("FUZZ-SECRET-REVOKE")],
    ["oauth2ExchangeCodeForTokens", () => {
      native.oauth2StartFlow();
      return native.oauth2ExchangeCodeForTokens("abc123");
    }],
  ];
  const kinds = new Map<string, number>();
  let resolved = 0;
  for (let n = 0; n < 600; n++) {
    const [name, call] = calls[n % calls.length] as (typeof calls)[number];
    const out = await settles(call(), name);
    if (out.ok) {
      resolved++;
      continue;
    }
    const e = out.e;
    assert.ok(
      e instanceof GlobusError,
      `${name}: not a GlobusError: ${inspect(e)}`,
    );
    kinds.set(e.constructor.name, (kinds.get(e.constructor.name) ?? 0) + 1);
    const shown = inspect(e, { depth: 6 }) + String(e) + JSON.stringify(e);
    for (const secret of [TOKEN, "FUZZ-SECRET-REFRESH", "FUZZ-SECRET-REVOKE"]) {
      assert.ok(!shown.includes(secret), `${name}: the token leaked`);
    }
  }
  // The fuzz reached every error path that matters.
  for (
    const k of [
      "TransferAPIError",
      "AuthAPIError",
      "ResponseValidationError",
      "NetworkError",
    ]
  ) {
    assert.ok((kinds.get(k) ?? 0) > 0, `no ${k} seen: ${inspect(kinds)}`);
  }
  assert.ok(resolved < 600);
});
