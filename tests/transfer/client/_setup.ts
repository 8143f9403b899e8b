/** A TransferClient on a fake fetch, and readers of its recorded requests. */
import assert from "node:assert/strict";
import { fakeFetch, type RecordedRequest } from "../../_helpers/fake_fetch.ts";
import { fakeClock } from "../../_helpers/fake_clock.ts";
import { TransferClient } from "../../../src/transfer/transfer_client.ts";

export const TOKEN = "tok-SECRET-abc123";

export function setup(
  answers: Parameters<typeof fakeFetch>[0],
  fallback?: Parameters<typeof fakeFetch>[1],
) {
  const ff = fakeFetch(answers, fallback);
  const clock = fakeClock();
  const tc = new TransferClient({
    authorizer: {
      getAuthorizationHeader: () => Promise.resolve(`Bearer ${TOKEN}`),
    },
    fetch: ff.fetch,
    clock,
    retry: false,
    baseUrl: "https://transfer.api.globus.org/",
  });
  return { tc, ff, clock };
}

export function body(req: RecordedRequest | undefined): unknown {
  assert.ok(req, "a request was sent");
  return req.body === undefined ? undefined : JSON.parse(req.body);
}

export function url(req: RecordedRequest | undefined): string {
  assert.ok(req, "a request was sent");
  return req.url;
}
