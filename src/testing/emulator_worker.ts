/**
 * The emulator's worker thread: runs one in-process emulator (its HTTP
 * server and all its state) and answers the {@linkcode WorkerEmulator}
 * proxy in the thread that started it — asynchronous calls by message,
 * synchronous ones through a {@linkcode SyncAnswerer}. Because the server
 * lives here, it keeps answering while the starting thread is blocked (in
 * `prompt()`, say).
 *
 * Started by `startEmulator()`; not meant to be imported.
 *
 * @module
 */
import { type Emulator, type SeededTasks, startEmulator } from "./emulator.ts";
import { adoptSigningKeys, type PortableSigningKeys } from "./keys.ts";
import {
  isSyncFetchRequest,
  isSyncRequest,
  serializeError,
  SyncAnswerer,
} from "./sync_channel.ts";
import { parentThread } from "./thread.ts";
import type {
  EmulatorInfo,
  FinalState,
  WorkerCall,
  WorkerReply,
} from "./worker_emulator.ts";

const parent = parentThread();
const answerer = new SyncAnswerer();
let emulator: Emulator | undefined;
const seeded: SeededTasks[] = [];

function running(): Emulator {
  if (!emulator) throw new Error("The emulator has not started");
  return emulator;
}

function info(e: Emulator): EmulatorInfo {
  return {
    url: e.url,
    authUrl: e.authUrl,
    transferUrl: e.transferUrl,
    port: e.port,
    env: { ...e.env },
    root: e.root,
    user: e.user,
    users: e.users.map((u) => ({ ...u })),
    confidentialClient: e.confidentialClient,
    nativeClientId: e.nativeClientId,
    collections: e.collections,
  };
}

function finalState(e: Emulator): FinalState {
  return {
    authorizations: [...e.authorizations],
    issuedTokens: e.issuedTokens(),
    requestCount: e.requestCount,
  };
}

/**
 * The members the proxy forwards as they are: a method is called with the
 * arguments, a getter is read.
 */
const FORWARDED = new Set([
  "authorizations",
  "requestCount",
  "issuedTokens",
  "registerClient",
  "setCollectionPolicy",
  "setFaults",
  "approve",
  "mintTokens",
]);

/** Reads or calls the emulator's member `op` (`null` for no result). */
function forward(e: Emulator, op: string, args: unknown[]): unknown {
  const m = (e as unknown as Record<string, unknown>)[op];
  return typeof m === "function" ? m.apply(e, args) ?? null : m;
}

/** The synchronous members. */
function syncOp(op: string, args: unknown[]): unknown {
  const e = running();
  if (FORWARDED.has(op)) return forward(e, op, args);
  switch (op) {
    case "seedTasks": {
      const s = e.seedTasks(
        args[0] as number,
        args[1] as Parameters<Emulator["seedTasks"]>[1],
      );
      seeded.push(s);
      return {
        count: s.count,
        firstTaskId: s.firstTaskId,
        ref: seeded.length - 1,
      };
    }
    case "seedTaskId": {
      const s = seeded[args[0] as number];
      if (!s) throw new RangeError("Unknown seeded task range");
      return s.taskId(args[1] as number);
    }
  }
  throw new TypeError(`Unknown emulator operation '${op}'`);
}

/** The asynchronous members, and start. */
async function asyncOp(op: string, args: unknown[]): Promise<unknown> {
  if (op === "mintTokens") {
    // Its tokens are not enumerable (they print [REDACTED]), which a
    // message would drop: sent as their JSON, which holds them.
    return JSON.parse(JSON.stringify(await forward(running(), op, args)));
  }
  if (FORWARDED.has(op)) return await forward(running(), op, args);
  switch (op) {
    case "start": {
      if (emulator) throw new Error("The emulator has already started");
      if (args[1]) adoptSigningKeys(args[1] as PortableSigningKeys);
      emulator = await startEmulator({
        ...(args[0] as Parameters<typeof startEmulator>[0]),
        inProcess: true,
      });
      return info(emulator);
    }
    case "close": {
      const e = running();
      const state = finalState(e);
      await e.close();
      return state;
    }
  }
  throw new TypeError(`Unknown emulator operation '${op}'`);
}

parent.onMessage((m) => {
  if (isSyncRequest(m)) {
    answerer.answer(m, syncOp);
    return;
  }
  if (isSyncFetchRequest(m)) {
    answerer.fetch(m);
    return;
  }
  const call = m as WorkerCall;
  asyncOp(call.op, call.args).then(
    (value) => parent.post({ id: call.id, ok: true, value } as WorkerReply),
    (e) =>
      parent.post(
        { id: call.id, ok: false, error: serializeError(e) } as WorkerReply,
      ),
  );
});
