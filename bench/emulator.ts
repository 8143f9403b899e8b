/**
 * The benchmarks' emulator, running in its own process
 * (bench/emulator_child.ts), and the stored token records its UserApps use.
 *
 * @module
 */
import type { StoredTokenData } from "../mod.ts";
import { OUT, ROOT, TRANSFER_SCOPE } from "./common.ts";

/** The emulator, running in its own process (bench/emulator_child.ts). */
export interface BenchEmulator {
  url: string;
  authUrl: string;
  transferUrl: string;
  root: string;
  user: { id: string };
  collections: { tutorial1: string; tutorial2: string; mapped: string };
  mintTokens(
    scopes: string,
    opts?: { refreshTokens?: boolean },
  ): Promise<
    Record<string, unknown> & { other_tokens?: Record<string, unknown>[] }
  >;
  seedTasks(
    count: number,
    opts?: { successfulTransfers?: number; label?: string },
  ): Promise<{ firstTaskId: string }>;
  close(): Promise<void>;
}

export let emulator: BenchEmulator | undefined;
export let transferToken = "";

/**
 * Starts the emulator in a child process, so that no measured client (and
 * not this process) pays for serving requests; commands go over its stdin.
 */
export async function startChildEmulator(): Promise<BenchEmulator> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      `${ROOT}/bench/emulator_child.ts`,
      DATA_COLLECTION,
      "Bench data",
    ],
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const writer = child.stdin.getWriter();
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  const nextLine = async (): Promise<string> => {
    for (;;) {
      const nl = buffered.indexOf("\n");
      if (nl >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        return line;
      }
      const { done, value } = await lines.read();
      if (done) throw new Error("the emulator process exited");
      buffered += value;
    }
  };
  // One command at a time.
  let queue: Promise<unknown> = Promise.resolve();
  const ask = <T>(cmd: unknown): Promise<T> => {
    const p = queue.then(async () => {
      await writer.write(new TextEncoder().encode(JSON.stringify(cmd) + "\n"));
      const answer = JSON.parse(await nextLine());
      if (answer.error) throw new Error(`emulator: ${answer.error}`);
      return answer as T;
    });
    queue = p.catch(() => {});
    return p;
  };
  const info = JSON.parse(await nextLine());
  return {
    ...info,
    mintTokens: (scopes, opts = {}) =>
      ask({ op: "mint", scopes, refreshTokens: opts.refreshTokens ?? false }),
    seedTasks: (count, opts = {}) => ask({ op: "seed", count, ...opts }),
    close: async () => {
      await ask({ op: "close" }).catch(() => {});
      await writer.close().catch(() => {});
      await child.status;
    },
  };
}

export async function emu(): Promise<BenchEmulator> {
  if (!emulator) {
    await Deno.mkdir(OUT, { recursive: true });
    emulator = await startChildEmulator();
    transferToken = String(
      (await emulator.mintTokens(TRANSFER_SCOPE)).access_token,
    );
  }
  return emulator;
}

export const DATA_COLLECTION = "b3e7c6a1-0d4f-4e2a-9a51-7c2d8e6f1b90";

/** Stored records for a UserApp: openid + transfer, valid, with refresh tokens. */
export async function appRecords(
  e: BenchEmulator,
): Promise<Record<string, StoredTokenData>> {
  const r = await e.mintTokens(`openid ${TRANSFER_SCOPE}`, {
    refreshTokens: true,
  });
  const now = Math.floor(Date.now() / 1000);
  const out: Record<string, StoredTokenData> = {};
  for (const t of [r, ...(r.other_tokens ?? [])]) {
    const rs = String(t.resource_server);
    out[rs] = {
      resource_server: rs,
      identity_id: e.user.id,
      scope: String(t.scope),
      access_token: String(t.access_token),
      refresh_token: t.refresh_token ? String(t.refresh_token) : null,
      expires_at_seconds: now + 86400,
      token_type: "Bearer",
    };
  }
  return out;
}
