/**
 * A nearly full disk (the lock fits, the new token file does not): the
 * refresh is refused before it is made, so the saved refresh token stays
 * usable; and a write that still finds no room says the new tokens were
 * lost. The full disk is a deterministic fake
 * (`_setWriteFaultForTesting`): writes of token data fail with `ENOSPC`.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  mkdir,
  mkdtemp,
  open,
  readdir,
  readFile,
  rm,
  truncate,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { RefreshTokenAuthorizer } from "../../src/authorizers/refresh_token.ts";
import { NativeAppAuthClient } from "../../src/auth/native_client.ts";
import { TransferScopes } from "../../src/auth/scopes.ts";
import { TokenStorageError } from "../../src/core/errors.ts";
import { _setWriteFaultForTesting } from "../../src/tokens/_fs_problem.ts";
import { JSONTokenStorage } from "../../src/tokens/json_storage.ts";
import { fakeClock } from "../_helpers/fake_clock.ts";
import { fakeFetch, json } from "../_helpers/fake_fetch.ts";

const START_S = 1_700_000_000;
const RS = "transfer.api.globus.org";

/** A saved token that is expired, and an authorizer that renews it. */
async function expiredSetup(dir: string) {
  const path = join(dir, "tokens.json");
  const storage = new JSONTokenStorage(path);
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
  return { path, storage, ff, authorizer };
}

/**
 * A disk with `free` bytes left, as far as token data goes (the lock's
 * small owner file is not counted: it fits).
 */
function diskWithRoom(free: number): void {
  _setWriteFaultForTesting((_path, bytes) =>
    bytes > free ? "ENOSPC" : undefined
  );
}

test("a nearly full disk (room for the lock, not for the new token file) refuses the refresh before it is made: nothing is asked of Globus Auth, and the saved refresh token renews once there is room", async () => {
  const dir = await mkdtemp(join(tmpdir(), "globus-room-"));
  try {
    const { path, storage, ff, authorizer } = await expiredSetup(dir);
    const before = await readFile(path, "utf-8");
    diskWithRoom(1000);
    try {
      await assert.rejects(authorizer.getAuthorizationHeader(), (e) => {
        assert.ok(e instanceof TokenStorageError, String(e));
        assert.equal(e.path, path);
        assert.match(
          e.message,
          new RegExp(
            `^Cannot save tokens in ${path}: the disk holding ${path} is full \\(ENOSPC: no room for \\d+ bytes there\\), so no refresh or login was made and nothing was asked of Globus Auth; the saved tokens still work once there is room`,
          ),
        );
        return true;
      });
    } finally {
      _setWriteFaultForTesting(undefined);
    }
    // With rotating refresh tokens a refresh now would have used RT-1 up.
    assert.equal(ff.requests.length, 0, "nothing was asked of Globus Auth");
    assert.equal(await readFile(path, "utf-8"), before);
    assert.deepEqual(
      (await readdir(dir)).sort(),
      ["tokens.json"],
      "no probe left behind",
    );
    // Room again: the same refresh token renews.
    assert.equal(await authorizer.getAuthorizationHeader(), "Bearer AT-2");
    assert.equal((await storage.getTokenData(RS))?.refresh_token, "RT-2");
  } finally {
    _setWriteFaultForTesting(undefined);
    await rm(dir, { recursive: true, force: true });
  }
});

test("the room a refresh must find is the token file's size plus 16 KiB (a big file with 'extra' data needs more than a small one)", async () => {
  const dir = await mkdtemp(join(tmpdir(), "globus-room-"));
  try {
    const path = join(dir, "tokens.json");
    const storage = new JSONTokenStorage(path);
    const asked: number[] = [];
    _setWriteFaultForTesting((_path, bytes) => {
      asked.push(bytes);
      return undefined;
    });
    try {
      await storage.checkWritable();
      await storage.storeTokenDataByResourceServer({
        [RS]: {
          resource_server: RS,
          identity_id: null,
          scope: TransferScopes.all,
          access_token: "AT",
          refresh_token: "RT",
          expires_at_seconds: START_S,
          token_type: "Bearer",
          extra: { padding: "x".repeat(40_000) },
        },
      });
      asked.length = 0;
      await storage.checkWritable();
    } finally {
      _setWriteFaultForTesting(undefined);
    }
    const size = (await readFile(path)).length;
    assert.deepEqual(asked, [size + 16 * 1024]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a write that still finds no room after a refresh says the new tokens could not be saved, that the saved refresh token may be used up, and that the next run may need a login (it said 'try again')", async () => {
  const dir = await mkdtemp(join(tmpdir(), "globus-room-"));
  try {
    const { path, ff, authorizer } = await expiredSetup(dir);
    const before = await readFile(path, "utf-8");
    // The probe found room; another program takes it before the write.
    _setWriteFaultForTesting((p) =>
      p.includes(".tmp-") && !p.includes("probe") ? "ENOSPC" : undefined
    );
    try {
      await assert.rejects(authorizer.getAuthorizationHeader(), (e) => {
        assert.ok(e instanceof TokenStorageError, String(e));
        assert.match(e.message, /^Cannot write token file .*: ENOSPC \(/);
        assert.match(e.message, /the disk is full/);
        assert.match(
          e.message,
          /If new tokens were just obtained \(a login or a refresh\), they could not be saved/,
        );
        assert.match(
          e.message,
          /with rotating refresh tokens the saved refresh token may already be used, so the next run may need a login/,
        );
        assert.doesNotMatch(e.message, /then try again/);
        return true;
      });
    } finally {
      _setWriteFaultForTesting(undefined);
    }
    assert.equal(ff.requests.length, 1, "the refresh was made");
    assert.equal(await readFile(path, "utf-8"), before, "left as it was");
    assert.deepEqual((await readdir(dir)).sort(), ["tokens.json"]);
  } finally {
    _setWriteFaultForTesting(undefined);
    await rm(dir, { recursive: true, force: true });
  }
});

test(
  "on a real nearly full disk (a tmpfs with room for the lock's file and no more), the refresh is refused before it is made",
  {
    skip: process.platform !== "linux" || process.getuid?.() !== 0
      ? "mounts a tmpfs: Linux, as root"
      : false,
  },
  async (t) => {
    const dir = await mkdtemp(join(tmpdir(), "globus-room-"));
    const mnt = join(dir, "mnt");
    await mkdir(mnt);
    const mount = spawnSync("mount", [
      "-t",
      "tmpfs",
      "-o",
      "size=256k",
      "tmpfs",
      mnt,
    ]);
    if (mount.status !== 0) {
      await rm(dir, { recursive: true, force: true });
      t.skip(`mount is not permitted here: ${String(mount.stderr).trim()}`);
      return;
    }
    try {
      const { path, ff, authorizer } = await expiredSetup(mnt);
      const before = await readFile(path, "utf-8");
      // Fill the disk, then free one page: the lock's owner file fits, the
      // new token file does not.
      const filler = join(mnt, "filler");
      const fh = await open(filler, "w");
      const chunk = new Uint8Array(4096);
      let size = 0;
      try {
        for (;;) {
          await fh.write(chunk);
          size += chunk.length;
        }
      } catch (e) {
        assert.equal((e as { code?: string }).code, "ENOSPC");
      } finally {
        await fh.close();
      }
      await truncate(filler, Math.max(0, size - 4096));
      await assert.rejects(
        authorizer.getAuthorizationHeader(),
        (e) =>
          e instanceof TokenStorageError &&
          e.message.includes(`the disk holding ${path} is full`) &&
          e.message.includes("no refresh or login was made"),
      );
      assert.equal(ff.requests.length, 0, "nothing was asked of Globus Auth");
      assert.equal(await readFile(path, "utf-8"), before);
      // Room again: the saved refresh token renews.
      await rm(filler);
      assert.equal(await authorizer.getAuthorizationHeader(), "Bearer AT-2");
    } finally {
      spawnSync("umount", [mnt]);
      await rm(dir, { recursive: true, force: true });
    }
  },
);
