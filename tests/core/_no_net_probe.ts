// Run by transport_permission_test.ts with --allow-read --allow-env and no
// --allow-net: the first attempt is refused, and there is no second.
import process from "node:process";
import { NetworkError } from "../../src/core/errors.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";

let attempts = 0;
const tc = new TransferClient({
  baseUrl: `http://127.0.0.1:${process.argv.at(-1)}/transfer/`,
  // Counts the attempts the transport makes, then does the real fetch.
  fetch: (input, init) => {
    attempts++;
    return fetch(input, init);
  },
});
try {
  await tc.operationLs("6c54cade-bde5-45c1-bdea-f4bd71dba2cc");
  console.log("no error");
} catch (err) {
  console.log(JSON.stringify({
    networkError: err instanceof NetworkError,
    message: String((err as Error).message),
  }));
}
console.log(JSON.stringify({ attempts }));
