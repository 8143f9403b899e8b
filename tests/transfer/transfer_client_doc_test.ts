/**
 * The TransferClient's own documentation lists its methods by area: `deno
 * doc --filter TransferClient` shows only the members a class declares, and
 * the methods live on the area classes it extends.
 */
import { test } from "node:test";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { assertMethodIndex } from "../_helpers/method_index.ts";
import { isDeno } from "../../src/core/runtime.ts";

// The docs are read from the sources, which the npm build's tests do not have.
const sources = { skip: isDeno ? false : "reads the TypeScript sources" };

test(
  "TransferClient's doc lists every method of the classes it extends, and only those",
  sources,
  async () => {
    await assertMethodIndex("src/transfer/transfer_client.ts", TransferClient, [
      "paginated",
    ]);
  },
);
