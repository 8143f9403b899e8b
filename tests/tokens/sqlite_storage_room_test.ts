/**
 * A nearly full disk under a token database: a refresh is refused before
 * it is made (deterministic fake: `_setWriteFaultForTesting`).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RefreshTokenAuthorizer } from "../../src/authorizers/refresh_token.ts";
import { NativeAppAuthClient } from "../../src/auth/native_client.ts";
import { TransferScopes } from "../../src/auth/scopes.ts";
import { TokenStorageError } from "../../src/core/errors.ts";
import { _setWriteFaultForTesting } from "../../src/tokens/_fs_problem.ts";
import { SQLiteTokenStorage } from "../../src/tokens/sqlite_storage.ts";
import { fakeClock } from "../_helpers/fake_clock.ts";
import { fakeFetch, json } from "../_helpers/fake_fetch.ts";

const START_S = 1_700_000_000;
const RS = "transfer.api.globus.org";

// Node 20 has no node:sqlite (SQLiteTokenStorage says so; tested elsewhere).
const specifier: string = "node:sqlite";
const noSqlite = await import(specifier).then(
  () => false,
  () => `this runtime has no node:sqlite (${process.version})`,
);

test(
  "SQLite: a disk with no room for the database's next write (its size plus 16 KiB) refuses the refresh before it is made, and the saved refresh token renews once there is room",
  {
    skip: noSqlite,
  },
  async () => {
    const dir = await mkdtemp(join(tmpdir(), "globus-room-sqlite-"));
    const path = join(dir, "tokens.db");
    const storage = new SQLiteTokenStorage(path);
    try {
      await storage.storeTokenDataByResourceServer({
        [RS]: {
          resource_server: RS,
          identity_id: "id-1",
          scope: TransferScopes.all,
          access_token: "AT-old",
          refresh_token: "RT-1",
          expires_at_seconds: START_S - 10,
          token_type: "Bearer",
        },
      });
      const size = (await readFile(path)).length;
      const clock = fakeClock({ startMs: START_S * 1000 });
      const ff = fakeFetch([
        json({
          access_token: "AT-2",
          scope: TransferScopes.all,
          expires_in: 3600,
          token_type: "Bearer",
          resource_server: RS,
          refresh_token: "RT-2",
          other_tokens: [],
        }),
      ]);
      const client = new NativeAppAuthClient("cid", { fetch: ff.fetch, clock });
      const authorizer = new RefreshTokenAuthorizer("RT-1", client, {
        clock,
        accessToken: "AT-old",
        expiresAt: START_S - 10,
        tokenStorage: storage,
        resourceServer: RS,
      });
      const asked: number[] = [];
      _setWriteFaultForTesting((_p, bytes) => {
        asked.push(bytes);
        return bytes > size ? "ENOSPC" : undefined;
      });
      try {
        await assert.rejects(authorizer.getAuthorizationHeader(), (e) => {
          assert.ok(e instanceof TokenStorageError, String(e));
          assert.match(
            e.message,
            new RegExp(
              `^Cannot save tokens in ${path}: the disk holding ${path} is full \\(ENOSPC: no room for ${
                size + 16 * 1024
              } bytes there\\), so no refresh or login was made`,
            ),
          );
          return true;
        });
      } finally {
        _setWriteFaultForTesting(undefined);
      }
      assert.deepEqual(asked, [size + 16 * 1024]);
      assert.equal(ff.requests.length, 0, "nothing was asked of Globus Auth");
      assert.deepEqual((await readdir(dir)).sort(), ["tokens.db"]);
      assert.equal(await authorizer.getAuthorizationHeader(), "Bearer AT-2");
      assert.equal((await storage.getTokenData(RS))?.refresh_token, "RT-2");
    } finally {
      _setWriteFaultForTesting(undefined);
      await storage.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
);
