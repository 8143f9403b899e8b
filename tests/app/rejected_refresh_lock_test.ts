/**
 * A refresh token that Globus Auth rejects, while another process shares
 * the token file: the app drops the dead tokens only if the file still
 * holds them, under the file's lock. Tokens the other process stores are
 * never removed: stored before the app looks, they are used at once; stored
 * while the app drops the dead ones, they land after the drop and the next
 * call uses them without a login.
 *
 * The other process is a real one (_store_tokens_child.ts), storing through
 * the lock as every writer does. It is started at the moment the app has
 * read the dead record (before it removes it); no step waits on a time.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import type { Authorizer } from "../../src/core/authorizer.ts";
import { UserApp } from "../../src/app/user_app.ts";
import { LoginRequiredError } from "../../src/core/errors.ts";
import { startEmulator } from "../../src/testing/emulator.ts";
import { JSONTokenStorage } from "../../src/tokens/json_storage.ts";
import type {
  LockedTokenStorage,
  StoredTokenData,
} from "../../src/tokens/token_storage.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { approvingFlow } from "./_setup.ts";
import { drive, siblingProgram } from "./_spawn.ts";

const TRANSFER_RS = "transfer.api.globus.org";

/** A UserApp that says when it starts recovering from a rejected refresh. */
class ObservedApp extends UserApp {
  onRecovery: () => Promise<void> = () => Promise.resolve();

  protected override async recoverFromFailedRenewal(
    resourceServer: string,
    authorizer: Authorizer,
    error: unknown,
  ): Promise<boolean> {
    await this.onRecovery();
    return await super.recoverFromFailedRenewal(
      resourceServer,
      authorizer,
      error,
    );
  }
}

/**
 * The token file, with a hook run right after the next read of a record
 * (once armed): `held` says whether this process holds the file's lock
 * there.
 */
class HookedStorage extends JSONTokenStorage {
  afterRead: ((held: boolean) => Promise<void>) | undefined;

  async #hook(held: boolean): Promise<void> {
    const hook = this.afterRead;
    this.afterRead = undefined;
    await hook?.(held);
  }

  override async getTokenData(rs: string): Promise<StoredTokenData | null> {
    const data = await super.getTokenData(rs);
    await this.#hook(false);
    return data;
  }

  override withLock<T>(
    fn: (locked: LockedTokenStorage) => Promise<T>,
  ): Promise<T> {
    return super.withLock((locked) =>
      fn({
        ...locked,
        getTokenData: async (rs) => {
          const data = await locked.getTokenData(rs);
          await this.#hook(true);
          return data;
        },
      })
    );
  }
}

async function setup(name: string) {
  const emu = await startEmulator();
  const dir = await mkdtemp(join(tmpdir(), "globus-rejected-lock-"));
  const path = join(dir, "tokens.json");
  const login = approvingFlow(emu);
  const flow = login.flow;
  const storage = new HookedStorage(path);
  const app = new ObservedApp({
    appName: name,
    clientId: emu.nativeClientId,
    config: {
      loginFlowManager: flow,
      tokenStorage: storage,
      authBaseUrl: emu.authUrl,
    },
  });
  const tc = new TransferClient({ app, baseUrl: emu.transferUrl });
  const ls = () =>
    tc.operationLs(emu.collections.tutorial1, { path: "/share/godata/" });
  await ls();

  // Fresh tokens of the same user, from a login elsewhere, for the other
  // process to store.
  const elsewhere = new UserApp({
    appName: `${name}-elsewhere`,
    clientId: emu.nativeClientId,
    config: {
      loginFlowManager: flow,
      tokenStorage: "memory",
      authBaseUrl: emu.authUrl,
    },
  });
  new TransferClient({ app: elsewhere, baseUrl: emu.transferUrl });
  await elsewhere.login();
  const fresh = await elsewhere.tokenStorage.getTokenDataByResourceServer();
  const recordsFile = join(dir, "fresh.json");
  await writeFile(recordsFile, JSON.stringify(fresh));
  const freshRefresh = fresh[TRANSFER_RS]?.refresh_token;
  assert.ok(freshRefresh);
  const otherProcess = () =>
    drive(
      siblingProgram("_store_tokens_child", import.meta.url),
      [path, recordsFile],
      {},
      "null",
    );

  const dead = await storage.getTokenData(TRANSFER_RS);
  assert.ok(dead?.refresh_token);
  assert.ok(dead.refresh_token !== freshRefresh, "two logins, two tokens");
  await app.authClient.oauth2RevokeToken(dead.refresh_token);
  login.interactive = false;
  login.logins = 0;
  return {
    emu,
    dir,
    path,
    app,
    storage,
    ls,
    freshRefresh,
    otherProcess,
    logins: () => login.logins,
    async close() {
      await emu.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

test("tokens another process stores while the app drops rejected ones are kept, and the next call uses them without a login", async () => {
  const t = await setup("dropping");
  try {
    let other: ReturnType<typeof t.otherProcess> | undefined;
    t.app.onRecovery = () => {
      // The app's next read is its look at the rejected record.
      t.storage.afterRead = async (held) => {
        other = t.otherProcess();
        // Holding the lock, the other process waits for it; otherwise it
        // stores now, between this read and the removal.
        if (!held) await other.expect(/stored/);
      };
      return Promise.resolve();
    };

    const err = await t.ls().then(
      () => assert.fail("the call should fail: the app saw the dead tokens"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof LoginRequiredError, inspect(err));
    assert.match(err.message, /rejected the saved refresh token/);
    assert.ok(other, "the other process was started");
    assert.equal(await other.exit(), 0, other.output);

    const stored = await new JSONTokenStorage(t.path).getTokenData(TRANSFER_RS);
    // (Compared, not printed: a failure must not show tokens.)
    assert.ok(
      stored?.refresh_token === t.freshRefresh,
      "the other process's tokens are in the file",
    );
    assert.equal(await t.app.loginRequired(), false);
    assert.equal((await t.ls()).DATA.length, 3);
    assert.equal(t.logins(), 0, "no login");
  } finally {
    await t.close();
  }
});

test("tokens another process stored before the app looks at the rejected ones are used: the call goes on", async () => {
  const t = await setup("replaced");
  try {
    t.app.onRecovery = async () => {
      const other = t.otherProcess();
      assert.equal(await other.exit(), 0, other.output);
    };
    assert.equal((await t.ls()).DATA.length, 3);
    assert.equal(t.logins(), 0, "no login");
    const stored = await new JSONTokenStorage(t.path).getTokenData(TRANSFER_RS);
    assert.ok(
      stored?.refresh_token === t.freshRefresh,
      "the other process's tokens are in the file",
    );
  } finally {
    await t.close();
  }
});

test("programs starting together on a token file whose refresh token was used present it once: the first refusal removes it under the lock, and the others log in without presenting it (each presented it: 20 jobs, 20 refusals)", async () => {
  const emu = await startEmulator({
    rotateRefreshTokens: true,
    tokenLifetimeS: 30, // under the 60 s margin: every call renews
  });
  const dir = await mkdtemp(join(tmpdir(), "globus-shared-refusal-"));
  try {
    const path = join(dir, "tokens.json");
    const login = approvingFlow(emu);
    const make = (name: string) => {
      const app = new UserApp({
        appName: "jobs",
        clientId: emu.nativeClientId,
        config: {
          loginFlowManager: login.flow,
          tokenStorage: new JSONTokenStorage(path),
          authBaseUrl: emu.authUrl,
        },
      });
      const tc = new TransferClient({ app, baseUrl: emu.transferUrl });
      return {
        name,
        app,
        ls: () =>
          tc.operationLs(emu.collections.tutorial1, { path: "/share/godata/" }),
      };
    };
    const first = make("first");
    await first.ls();
    // A copy of the file as it is now: its refresh token is used up by the
    // next call's renewal (rotating refresh tokens), as after a restore
    // from a backup or a run stopped after Globus Auth answered.
    const { readFile } = await import("node:fs/promises");
    const before = await readFile(path, "utf-8");
    await first.ls();
    await writeFile(path, before, { mode: 0o600 });

    const refusals = async () => {
      const s = await (await fetch(`${emu.url}/_emulator/stats`)).json();
      return (s.token_refusals?.refresh_token ?? 0) as number;
    };
    const start = await refusals();
    login.interactive = false; // unattended jobs: no login can happen
    login.logins = 0;
    const jobs = Array.from({ length: 6 }, (_, i) => make(`job${i}`));
    const results = await Promise.allSettled(jobs.map((j) => j.ls()));
    for (const r of results) {
      assert.equal(r.status, "rejected");
      assert.ok(
        r.reason instanceof LoginRequiredError,
        String((r as PromiseRejectedResult).reason),
      );
    }
    assert.equal(await refusals() - start, 1, "one refusal, not one per job");
    assert.equal(login.logins, 0);
    // The file holds no dead tokens for the next run to present.
    assert.equal(
      await new JSONTokenStorage(path).getTokenData(TRANSFER_RS),
      null,
    );
    for (const j of [first, ...jobs]) await j.app.close();
  } finally {
    await emu.close();
    await rm(dir, { recursive: true, force: true });
  }
});
