import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MemoryTokenStorage } from "../../src/tokens/memory_storage.ts";
import { JSONTokenStorage } from "../../src/tokens/json_storage.ts";
import { SQLiteTokenStorage } from "../../src/tokens/sqlite_storage.ts";
import { OAuthTokenResponse } from "../../src/auth/token_response.ts";
import {
  decodeJwtSub,
  hideTokensFromInspect,
  identityFromResponse,
  mergeTokenResponse,
  parseStoredTokenData,
  type StoredTokenData,
  tokenDataToJson,
} from "../../src/tokens/token_storage.ts";

function jwt(claims: Record<string, unknown>): string {
  const b64 = (o: unknown) =>
    btoa(JSON.stringify(o)).replaceAll("+", "-").replaceAll("/", "_").replace(
      /=+$/,
      "",
    );
  return `${b64({ alg: "RS512" })}.${b64(claims)}.sig`;
}

function entry(rs: string, n = 0) {
  return {
    access_token: `AT-${rs}-${n}`,
    scope: `s:${rs}`,
    token_type: "Bearer",
    expires_at_seconds: 100 + n,
    refresh_token: `RT-${rs}-${n}`,
    resource_server: rs,
  };
}

function stored(rs: string, identity: string | null): StoredTokenData {
  return { ...entry(rs), identity_id: identity };
}

test("decodeJwtSub reads sub without verifying, and returns null for junk", () => {
  assert.equal(decodeJwtSub(jwt({ sub: "user-1", name: "é" })), "user-1");
  assert.equal(decodeJwtSub("not-a-jwt"), null);
  assert.equal(decodeJwtSub("a.!!!.c"), null);
  assert.equal(decodeJwtSub(jwt({ name: "x" })), null);
});

test("identityFromResponse takes sub from the id_token in data", () => {
  assert.equal(
    identityFromResponse({
      byResourceServer: {},
      data: { id_token: jwt({ sub: "u" }) },
    }),
    "u",
  );
  assert.equal(identityFromResponse({ byResourceServer: {}, data: [] }), null);
  assert.equal(identityFromResponse({ byResourceServer: {} }), null);
});

test("mergeTokenResponse keeps the stored identity for refresh responses (no id_token)", () => {
  const current = {
    "a.org": stored("a.org", "u1"),
    "b.org": stored("b.org", "u1"),
  };
  const next = mergeTokenResponse(current, {
    byResourceServer: { "a.org": entry("a.org", 1) },
  }, null);
  assert.equal(next["a.org"]?.identity_id, "u1");
  assert.equal(next["a.org"]?.access_token, "AT-a.org-1");
  assert.equal(next["b.org"]?.access_token, "AT-b.org-0");
  // A new resource server without id_token gets the known identity.
  const more = mergeTokenResponse(current, {
    byResourceServer: { "c.org": entry("c.org") },
  }, null);
  assert.equal(more["c.org"]?.identity_id, "u1");
});

test("mergeTokenResponse drops another identity's tokens, so a namespace never mixes users", () => {
  const current = {
    "a.org": stored("a.org", "u1"),
    "b.org": stored("b.org", "u1"),
    "n.org": stored("n.org", null),
  };
  const next = mergeTokenResponse(current, {
    byResourceServer: { "a.org": entry("a.org", 2) },
  }, "u2");
  assert.deepEqual(Object.keys(next).sort(), ["a.org", "n.org"]);
  assert.equal(next["a.org"]?.identity_id, "u2");
});

test("parseStoredTokenData validates fields and keeps unknown ones in extra", () => {
  const ok = parseStoredTokenData({
    resource_server: "a",
    scope: "s",
    access_token: "t",
    expires_at_seconds: 1,
    x: 1,
  });
  assert.ok(typeof ok !== "string");
  assert.equal(ok.refresh_token, null);
  assert.equal(ok.identity_id, null);
  assert.deepEqual(ok.extra, { x: 1 });
  assert.match(
    parseStoredTokenData({
      resource_server: "a",
      scope: "s",
      access_token: 5,
      expires_at_seconds: 1,
    }) as string,
    /access_token/,
  );
  assert.match(
    parseStoredTokenData({
      resource_server: "a",
      scope: "s",
      access_token: "t",
      expires_at_seconds: 1,
      refresh_token: 3,
    }) as string,
    /refresh_token/,
  );
  assert.match(parseStoredTokenData([]) as string, /not an object/);
});

test("tokenDataToJson writes Python's field order and leaves out nulls", () => {
  const d: StoredTokenData = {
    ...stored("a.org", null),
    refresh_token: null,
    extra: { z: 1 },
  };
  assert.deepEqual(Object.keys(tokenDataToJson(d)), [
    "resource_server",
    "scope",
    "access_token",
    "expires_at_seconds",
    "token_type",
    "z",
  ]);
});

test("hideTokensFromInspect redacts inspect output but keeps the data", () => {
  const d = hideTokensFromInspect(stored("a.org", "u"));
  assert.ok(!inspect(d).includes("AT-a.org"));
  assert.ok(!inspect({ d }, { depth: 4 }).includes("RT-a.org"));
  assert.equal(d.access_token, "AT-a.org-0");
  assert.ok(JSON.stringify(d).includes("AT-a.org-0"));
});

async function hasSqlite(): Promise<boolean> {
  const specifier: string = "node:sqlite";
  return await import(specifier).then(() => true, () => false);
}

test("a storage's records end a notebook cell as a table of resource servers, scopes and expiry, never a token", async () => {
  const dir = await mkdtemp(join(tmpdir(), "gd-table-"));
  try {
    const storages = [
      new MemoryTokenStorage(),
      new JSONTokenStorage(join(dir, "tokens.json")),
      // Node 20 has no node:sqlite.
      ...(await hasSqlite()
        ? [new SQLiteTokenStorage(join(dir, "tokens.db"))]
        : []),
    ];
    for (const storage of storages) {
      await storage.storeTokenDataByResourceServer({
        "auth.globus.org": stored("auth.globus.org", "u"),
        "transfer.api.globus.org": {
          ...stored("transfer.api.globus.org", "u"),
          refresh_token: null,
        },
      });
      const all = await storage.getTokenDataByResourceServer();
      const one = await storage.getTokenData("transfer.api.globus.org");
      for (
        const [value, rows] of [[all, 2], [one, 1]] as [object, number][]
      ) {
        const display = (value as Record<symbol, () => Record<string, string>>)[
          Symbol.for("Jupyter.display")
        ];
        assert.equal(typeof display, "function", storage.constructor.name);
        const bundle = display!.call(value);
        const html = bundle["text/html"]!;
        const text = bundle["text/plain"]!;
        assert.match(
          text,
          new RegExp(`StoredTokenData: ${rows} resource server`),
        );
        for (const shown of [html, text]) {
          assert.ok(shown.includes("transfer.api.globus.org"));
          assert.ok(shown.includes("s:transfer.api.globus.org"));
          assert.ok(shown.includes("1970-01-01 00:01:40 UTC"), shown);
          assert.ok(shown.includes("[REDACTED]"));
          assert.ok(!/AT-|RT-/.test(shown), shown);
        }
        assert.equal(html.split("<tr").length - 2, rows, html); // + header
      }
      // The table is not data: keys, copies and JSON are the records.
      assert.deepEqual(Object.keys(all).sort(), [
        "auth.globus.org",
        "transfer.api.globus.org",
      ]);
      assert.ok(JSON.stringify(all).includes("AT-auth.globus.org-0"));
      assert.deepEqual(
        { ...all }["auth.globus.org"]?.access_token,
        "AT-auth.globus.org-0",
      );
      storage.close?.();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a storage's methods work detached, as Python's bound methods (on_refresh=token_storage.store_token_response)", async () => {
  const dir = await mkdtemp(join(tmpdir(), "globus-deno-bound-"));
  try {
    for (
      const storage of [
        new MemoryTokenStorage(),
        new JSONTokenStorage(join(dir, "tokens.json")),
      ]
    ) {
      const {
        storeTokenResponse,
        storeTokenDataByResourceServer,
        getTokenData,
        getTokenDataByResourceServer,
        removeTokenData,
      } = storage;
      await storeTokenResponse(
        new OAuthTokenResponse({
          ...entry("transfer.api.globus.org"),
          expires_in: 3600,
        }),
      );
      await storeTokenDataByResourceServer({
        "x.example.org": stored("x.example.org", null),
      });
      assert.equal(
        (await getTokenData("transfer.api.globus.org"))?.refresh_token,
        "RT-transfer.api.globus.org-0",
      );
      assert.deepEqual(
        Object.keys(await getTokenDataByResourceServer()).sort(),
        [
          "transfer.api.globus.org",
          "x.example.org",
        ],
      );
      assert.equal(await removeTokenData("x.example.org"), true);
      assert.ok(
        !inspect(storage).includes("storeTokenResponse"),
        "the bound methods are not shown",
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a Python 3 storage adapter's method names throw naming ours", () => {
  const storage = new MemoryTokenStorage();
  const s = storage as unknown as Record<string, unknown>;
  assert.throws(
    () => s.store,
    /MemoryTokenStorage has no store: .*storage\.storeTokenResponse\(response\)/,
  );
  assert.throws(() => s.on_refresh, /onRefresh: storage\.storeTokenResponse/);
  assert.throws(
    () => s.get_by_resource_server,
    /storage\.getTokenDataByResourceServer\(\)/,
  );
  assert.equal(s.somethingElse, undefined);
});
