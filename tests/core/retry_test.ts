/**
 * The `retry` option as a user writes it: a misspelt or Python-spelt
 * setting, or a number, was taken as no setting at all, and the client
 * kept its 5 retries without a word.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { resolveRetry } from "../../src/core/retry.ts";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import type { RetryOptions } from "../../src/core/retry.ts";

const client = (retry: unknown) =>
  new TransferClient({
    authorizer: new AccessTokenAuthorizer("tok"),
    retry: retry as RetryOptions,
  });

test("a retry setting under Python's name or a misspelt one is refused, naming the right one", () => {
  assert.throws(() => client({ max_retries: 0 }), {
    name: "TypeError",
    message:
      "retry: unknown option 'max_retries'; did you mean 'maxRetries'? Options are camelCase here, not the Python SDK's snake_case.",
  });
  assert.throws(
    () => client({ maxRetry: 2 }),
    /retry: unknown option 'maxRetry'\. Its options are: maxRetries, maxBackoffMs/,
  );
});

test("a number or true as the retry option says to write { maxRetries: n }", () => {
  assert.throws(() => client(2), {
    name: "TypeError",
    message:
      "Cannot retry as 'retry' must be an object such as { maxRetries: 2 }, or false for no retries: current value is the number 2 (for 2 retries, retry: { maxRetries: 2 })",
  });
  assert.throws(() => client(true), /current value is the boolean true$/);
});

test("the retry options as documented are taken as they are", () => {
  assert.equal(resolveRetry({ maxRetries: 2 }).maxRetries, 2);
  assert.equal(resolveRetry(false).maxRetries, 0);
  assert.equal(resolveRetry(undefined).maxRetries, 5);
  const r = resolveRetry({
    maxRetries: 1,
    maxBackoffMs: 5,
    maxRetryAfterMs: 6,
    statusCodes: [503],
    random: () => 0,
    checks: [],
  });
  assert.deepEqual(
    [r.maxRetries, r.maxBackoffMs, r.maxRetryAfterMs, r.statusCodes],
    [1, 5, 6, [503]],
  );
  assert.equal(client({ maxRetries: 0 }).transport instanceof Object, true);
});

test("retry: null is Python's retry_config=None: the default retries, as left out", () => {
  client(null);
  assert.deepEqual(resolveRetry(null), resolveRetry(undefined));
  assert.equal(resolveRetry(null).maxRetries, 5);
});
