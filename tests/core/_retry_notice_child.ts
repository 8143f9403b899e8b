/**
 * A user's program for the out-of-process retry-notice test: a Transfer
 * call to a port where nothing listens, with quick retries. Prints
 * `FAILED <name>` at the end.
 *
 * Usage: _retry_notice_child.{ts,js} [open-line] <port>
 */
import process from "node:process";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { writeStderr } from "../../src/core/runtime.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";

const tc = new TransferClient({
  authorizer: new AccessTokenAuthorizer("retry-notice-token-value"),
  baseUrl: `http://127.0.0.1:${
    process.argv[process.argv.length - 1]
  }/transfer/`,
  retry: { maxRetries: 2, maxBackoffMs: 20 },
});
// `open-line`: a progress line is open when the request fails (taskWait's).
if (process.argv.includes("open-line")) writeStderr("progress 0%");
try {
  await tc.getTask("00000000-0000-4000-8000-000000000000");
} catch (e) {
  process.stdout.write(`FAILED ${(e as Error).name}\n`);
}
