/**
 * The Auth clients' own documentation lists their methods by area: `deno
 * doc --filter AuthClient` shows only the members a class declares, and
 * most of their methods live on the classes they extend.
 */
import { test } from "node:test";
import { AuthClient } from "../../src/auth/auth_client.ts";
import { ConfidentialAppAuthClient } from "../../src/auth/confidential_client.ts";
import { NativeAppAuthClient } from "../../src/auth/native_client.ts";
import { assertMethodIndex } from "../_helpers/method_index.ts";
import { isDeno } from "../../src/core/runtime.ts";

// The docs are read from the sources, which the npm build's tests do not have.
const sources = { skip: isDeno ? false : "reads the TypeScript sources" };

test(
  "each Auth client's doc lists every method of the classes it extends, and only those",
  sources,
  async () => {
    await assertMethodIndex("src/auth/auth_client.ts", AuthClient);
    await assertMethodIndex(
      "src/auth/confidential_client.ts",
      ConfidentialAppAuthClient,
    );
    await assertMethodIndex("src/auth/native_client.ts", NativeAppAuthClient);
  },
);
