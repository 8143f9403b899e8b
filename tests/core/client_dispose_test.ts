/**
 * A service client ends a `using` block (Python's `with TransferClient(app=app)
 * as tc:`, as in the Python docs' client_app_ls.py): `using tc = …` threw
 * "not disposable". It releases nothing and stays usable.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { AuthClient } from "../../src/auth/auth_client.ts";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { fakeFetch, json } from "../_helpers/fake_fetch.ts";

test("a service client can end a using block and is still usable after it", async () => {
  const ff = fakeFetch([
    json({ value: "0f3a2b1c-9d8e-4f70-8a61-7b8c9d0e1f23" }),
  ]);
  const tc = new TransferClient({
    authorizer: new AccessTokenAuthorizer("tok"),
    fetch: ff.fetch,
  });
  const dispose = (tc as unknown as Record<symbol, unknown>)[Symbol.dispose];
  assert.equal(typeof dispose, "function");
  (dispose as () => void).call(tc);
  const r = await tc.getSubmissionId();
  assert.equal(r.value, "0f3a2b1c-9d8e-4f70-8a61-7b8c9d0e1f23");
  assert.equal(
    typeof (new AuthClient() as unknown as Record<symbol, unknown>)[
      Symbol.dispose
    ],
    "function",
  );
});
