import { test } from "node:test";
import assert from "node:assert/strict";
import { BasicAuthorizer } from "../../src/authorizers/basic.ts";
import { renderings } from "../auth/_inspect.ts";

test("BasicAuthorizer sends base64(username:password)", async () => {
  const a = new BasicAuthorizer("client", "pa+ss/w=rd");
  assert.equal(
    await a.getAuthorizationHeader(),
    `Basic ${btoa("client:pa+ss/w=rd")}`,
  );
  const u = new BasicAuthorizer("ü", "é");
  assert.equal(await u.getAuthorizationHeader(), "Basic w7w6w6k=");
  assert.throws(() => new BasicAuthorizer("a:b", "c"), TypeError);
});

test("BasicAuthorizer never prints the password or the header", () => {
  const a = new BasicAuthorizer("client", "PASSWORD-SECRET");
  for (const text of renderings(a)) {
    assert.ok(!text.includes("PASSWORD-SECRET"), text);
    assert.ok(!text.includes(btoa("client:PASSWORD-SECRET")), text);
  }
  assert.match(String(a), /"username":"client"/);
});
