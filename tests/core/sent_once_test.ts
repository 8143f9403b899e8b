/**
 * A change the transport would not send again is sent once, also when the
 * runtime's connection pool is involved: Deno's `fetch` sends a request
 * again by itself when a kept-alive connection is lost before the answer,
 * so with `retry: false` a `mkdir` whose answer was lost was made, sent
 * again, and refused as `Path already exists`, and a guest collection was
 * created twice. Driven through the emulator's "lost" fault (the request
 * is processed, then the connection is dropped), after a request that
 * leaves a connection in the pool.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { NetworkError } from "../../src/core/errors.ts";
import { startEmulator } from "../../src/testing/emulator.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";

test("with retry: false, a change whose answer was lost is sent once (Deno's fetch sent it again on a pooled connection)", async () => {
  const emu = await startEmulator();
  try {
    const tokens = await emu.mintTokens(TransferClient.scopes.all);
    const tc = new TransferClient({
      authorizer: new AccessTokenAuthorizer(tokens.access_token),
      baseUrl: emu.transferUrl,
      retry: false,
    });
    const collection = emu.collections.tutorial2;
    for (const name of ["a", "b", "c"]) {
      // A request that leaves its connection in the pool.
      await tc.operationLs(collection, { path: "/~/" });
      // Counting starts again with the faults.
      emu.setFaults({ byRequest: { 1: "lost" } });
      const err = await tc.operationMkdir(collection, `/~/made_${name}/`)
        .then(
          () => assert.fail("the answer was lost: the call should fail"),
          (e: unknown) => e,
        );
      const sent = emu.requestCount;
      emu.setFaults(undefined);
      assert.ok(err instanceof NetworkError, String(err));
      assert.equal(sent, 1, "sent once");
      // The first (and only) attempt took effect.
      const listed = await tc.operationLs(collection, { path: "/~/" });
      assert.ok(
        listed.DATA.some((f) => f.name === `made_${name}` && f.type === "dir"),
      );
    }
  } finally {
    await emu.close();
  }
});
