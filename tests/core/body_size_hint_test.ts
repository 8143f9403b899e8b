/**
 * Bodies of unknown length are read into a buffer sized from the last body
 * of the same path: a longer, shorter or much longer body on that path is
 * still read whole, and the size cap still holds.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { ResponseTooLargeError } from "../../src/core/errors.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";

/** A chunked (no Content-Length) JSON body, in pieces of 7000 bytes. */
function chunked(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return new ReadableStream({
    type: "bytes",
    pull(c) {
      if (at >= bytes.length) {
        c.close();
        c.byobRequest?.respond(0); // a read waiting in its buffer ends
        return;
      }
      c.enqueue(bytes.slice(at, at + 7000));
      at += 7000;
    },
  });
}

test("bodies of changing sizes on one path are read whole, and the cap holds", async () => {
  let next = "";
  const tc = new TransferClient({
    authorizer: new AccessTokenAuthorizer("AT-0123456789"),
    baseUrl: "https://transfer.example.org/",
    retry: false,
    maxResponseBytes: 4_000_000,
    fetch: () =>
      Promise.resolve(
        new Response(chunked(next), {
          headers: { "content-type": "application/json" },
        }),
      ),
  });
  const sizes = [300_000, 20, 1_000_000, 5, 300_000, 300_001, 1_500_000];
  for (const [i, size] of sizes.entries()) {
    next = JSON.stringify({ i, s: "é".repeat(size) });
    const res = await tc.get("v0.10/page", { queryParams: { offset: i } });
    const data = res.data as { i: number; s: string };
    assert.equal(data.i, i);
    assert.equal(data.s.length, size, `body ${i}`);
    assert.equal(res.text, next);
  }
  next = JSON.stringify({ s: "x".repeat(4_000_001) });
  const e = await tc.get("v0.10/page").catch((x) => x);
  assert.ok(e instanceof ResponseTooLargeError, String(e));
});
