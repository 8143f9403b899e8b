/** A TransferClientV2 on a fake fetch (no retries, as Python's tests' `max_retries=0`). */
import { fakeFetch } from "../../_helpers/fake_fetch.ts";
import { fakeClock } from "../../_helpers/fake_clock.ts";
import type { RetryOptions } from "../../../src/core/retry.ts";
import { TransferClientV2 } from "../../../src/transfer/v2/transfer_client_v2.ts";

export { body, url } from "../client/_setup.ts";

export function setupV2(
  answers: Parameters<typeof fakeFetch>[0],
  retry: false | RetryOptions = false,
) {
  const ff = fakeFetch(answers);
  const clock = fakeClock();
  const tc = new TransferClientV2({
    authorizer: {
      getAuthorizationHeader: () => Promise.resolve("Bearer tok-v2"),
    },
    fetch: ff.fetch,
    clock,
    retry,
    baseUrl: "https://transfer.api.globus.org/",
  });
  return { tc, ff, clock };
}
