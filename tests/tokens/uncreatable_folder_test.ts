/**
 * A token file in a folder that exists but cannot hold files (`/proc`, a
 * virtual file system, answers a creation with ENOENT): the error said to
 * check permissions and free space, which were fine.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { TokenStorageError } from "../../src/core/errors.ts";
import { createProblemHint } from "../../src/tokens/_fs_problem.ts";
import { JSONTokenStorage } from "../../src/tokens/json_storage.ts";

const RECORD = {
  "transfer.api.globus.org": {
    resource_server: "transfer.api.globus.org",
    identity_id: "ae341a98-d274-11e5-b888-dbae3a8ba545",
    scope: "urn:globus:auth:scope:transfer.api.globus.org:all",
    access_token: "test-access-token",
    refresh_token: null,
    expires_at_seconds: 2_000_000_000,
    token_type: "Bearer",
  },
};

const noProc = process.platform !== "linux" || !existsSync("/proc/self")
  ? "needs Linux's /proc"
  : false;

test(
  "new JSONTokenStorage('/proc/tokens.json'): saving says the folder cannot hold files (a virtual file system), not to check permissions and free space",
  {
    skip: noProc,
  },
  async () => {
    for (const dir of ["/proc", "/proc/self"]) {
      const storage = new JSONTokenStorage(`${dir}/tokens.json`);
      const err = await storage.storeTokenDataByResourceServer(RECORD).then(
        () => assert.fail("stored"),
        (e: unknown) => e,
      );
      assert.ok(err instanceof TokenStorageError, String(err));
      assert.match(
        err.message,
        new RegExp(
          `ENOENT \\(the folder ${dir} exists, but no file can be created in it: it is on a virtual file system, such as /proc or /sys.*Choose a token file path in an ordinary folder`,
        ),
      );
      assert.doesNotMatch(err.message, /permission|free space/);
      assert.doesNotMatch(err.message, /test-access-token/);
    }
  },
);

test("createProblemHint: ENOENT in a folder that is gone says so; other codes keep their hints", async () => {
  const dir = await mkdtemp(join(tmpdir(), "gone-"));
  await rm(dir, { recursive: true });
  assert.match(
    await createProblemHint("ENOENT", dir),
    new RegExp(`^ \\(the folder ${dir} does not exist: it was removed`),
  );
  assert.match(
    await createProblemHint("EACCES", dir),
    /no write permission/,
  );
  assert.equal(await createProblemHint("EIO", dir), "");
});
