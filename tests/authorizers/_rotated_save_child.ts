/**
 * Child process for rotated_refresh_interrupt_test.ts: a program whose
 * access token expired refreshes it (Globus Auth rotating the refresh
 * token) and saves the new tokens in the token file. The save is held at
 * its start: the program writes `<dir>/saving` (its pid) and waits until
 * the interrupt the test then sends has been heard, so Ctrl-C lands inside
 * the save, whatever the timing. Without the SDK holding the interrupt,
 * the program ends there and the file keeps the used-up refresh token.
 *
 * With `exit` the save is not held and the program then ends by itself
 * (nothing the SDK left keeps it running); with `wait` it then waits for
 * standard input (Ctrl-C must end it as usual).
 *
 * Usage: _rotated_save_child.ts <token file> <auth URL> <client id> <dir>
 *   [gate|exit|wait]
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import process from "node:process";
import { NativeAppAuthClient } from "../../src/auth/native_client.ts";
import { RefreshTokenAuthorizer } from "../../src/authorizers/refresh_token.ts";
import { interruptIsHeld } from "../../src/core/_interrupt.ts";
import { JSONTokenStorage } from "../../src/tokens/json_storage.ts";
import type { LockedTokenStorage } from "../../src/tokens/token_storage.ts";

const [path, authUrl, clientId, dir, mode = "gate"] = process.argv.slice(2);
if (!path || !authUrl || !clientId || !dir) {
  throw new Error(
    "usage: _rotated_save_child.ts <token file> <auth URL> <client id> <dir>",
  );
}
const RS = "transfer.api.globus.org";

/** How long the save waits for the interrupt (a hang, not a timing). */
const BOUND_MS = 120_000;

async function gate(): Promise<void> {
  await writeFile(join(dir!, "saving"), String(process.pid));
  const until = Date.now() + BOUND_MS;
  while (!interruptIsHeld()) {
    if (Date.now() > until) {
      throw new Error("no interrupt was heard during the save");
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The token file, whose next store waits at its start (see above). */
class GatedStorage extends JSONTokenStorage {
  override withLock<T>(
    fn: (locked: LockedTokenStorage) => Promise<T>,
  ): Promise<T> {
    return super.withLock((locked) =>
      fn({
        ...locked,
        storeTokenResponse: async (response) => {
          if (mode === "gate") await gate();
          await locked.storeTokenResponse(response);
        },
      })
    );
  }
}

const stored = await new JSONTokenStorage(path).getTokenData(RS);
if (!stored?.refresh_token) throw new Error("no refresh token in the file");
const authorizer = new RefreshTokenAuthorizer(
  stored.refresh_token,
  new NativeAppAuthClient(clientId, { baseUrl: authUrl }),
  { tokenStorage: new GatedStorage(path), resourceServer: RS },
);
await authorizer.getAuthorizationHeader();
// Not reached with `gate`: the held interrupt ends the program once the
// tokens are saved.
process.stdout.write("REFRESHED\n");
if (mode === "wait") process.stdin.resume();
