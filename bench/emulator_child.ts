/**
 * The benchmark's emulator, in its own process so that no measured client
 * pays for serving requests. Prints one JSON line with its URLs, collection
 * ids and root, then answers JSON-line commands on stdin, one JSON line
 * each on stdout:
 *
 * - `{"op":"mint","scopes":"…","refreshTokens":true}` → the token response
 * - `{"op":"seed","count":N,"successfulTransfers":M,"label":"…"}` →
 *   `{"firstTaskId":…}`
 * - `{"op":"close"}` → closes and exits
 *
 * Usage: emulator_child.ts <extra collection id> <its display name>
 *
 * @module
 */
import { startEmulator } from "../testing.ts";

const [collectionId, displayName] = Deno.args;
const emu = await startEmulator(
  collectionId
    ? { collections: [{ id: collectionId, displayName: displayName ?? "" }] }
    : {},
);
const encoder = new TextEncoder();
const say = (value: unknown) =>
  Deno.stdout.writeSync(encoder.encode(JSON.stringify(value) + "\n"));
say({
  url: emu.url,
  authUrl: emu.authUrl,
  transferUrl: emu.transferUrl,
  root: emu.root,
  user: emu.user,
  collections: emu.collections,
});

let buffered = "";
const decoder = new TextDecoder();
for await (const chunk of Deno.stdin.readable) {
  buffered += decoder.decode(chunk, { stream: true });
  let nl: number;
  while ((nl = buffered.indexOf("\n")) >= 0) {
    const line = buffered.slice(0, nl);
    buffered = buffered.slice(nl + 1);
    const cmd = JSON.parse(line) as {
      op: string;
      scopes?: string;
      refreshTokens?: boolean;
      count?: number;
      successfulTransfers?: number;
      label?: string;
    };
    try {
      if (cmd.op === "mint") {
        say(
          await emu.mintTokens(String(cmd.scopes), {
            refreshTokens: cmd.refreshTokens ?? false,
          }),
        );
      } else if (cmd.op === "seed") {
        const seeded = emu.seedTasks(Number(cmd.count), {
          ...(cmd.successfulTransfers === undefined
            ? {}
            : { successfulTransfers: cmd.successfulTransfers }),
          ...(cmd.label === undefined ? {} : { label: cmd.label }),
        });
        say({ firstTaskId: seeded.firstTaskId });
      } else if (cmd.op === "close") {
        await emu.close();
        say({ closed: true });
        Deno.exit(0);
      } else {
        say({ error: `unknown op ${cmd.op}` });
      }
    } catch (err) {
      say({ error: err instanceof Error ? err.message : String(err) });
    }
  }
}
await emu.close();
