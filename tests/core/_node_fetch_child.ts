/**
 * A Node child for node_fetch_test.ts: runs requests through the transport's
 * default path (node:http on Node) and, for comparison, through
 * `globalThis.fetch`, and prints what each gave as JSON. The first argument
 * is the mode, the second a JSON object of arguments.
 *
 * @module
 */
import process from "node:process";

// deno-lint-ignore no-explicit-any
type Any = any;

const [mode = "", argText = "{}"] = process.argv.slice(2);
const args = JSON.parse(argText) as {
  scenarios?: Scenario[];
  url?: string;
  headers?: Record<string, string>;
};

/** One request of a comparison. */
export interface Scenario {
  name: string;
  method: string;
  url: string;
  json?: unknown;
  form?: Record<string, string>;
  headers?: Record<string, string>;
  timeoutMs?: number;
  maxResponseBytes?: number;
  /** Abort the caller's signal after this many milliseconds. */
  abortAfterMs?: number;
}

const undiciLoaded = () =>
  (process as Any).moduleLoadList.some((m: string) => m.includes("undici"));

// A mock installed before the SDK is imported.
const original = globalThis.fetch;
if (mode === "mock-before") globalThis.fetch = duckMock as Any;

const { HttpTransport } = await import("../../src/core/transport.ts");

/** A fetch mock that loads nothing (no Response, no Headers). */
function duckMock(): Promise<unknown> {
  const headers = new Map([["content-type", "application/json"]]);
  return Promise.resolve({
    ok: true,
    status: 200,
    statusText: "OK",
    headers: {
      get: (k: string) => headers.get(k.toLowerCase()) ?? null,
      getSetCookie: () => [],
      [Symbol.iterator]: () => headers.entries(),
    },
    body: null,
    text: () => Promise.resolve('{"mocked":true}'),
  });
}

/** What a request gave: its status, body and headers, or its error. */
async function outcome(
  s: Scenario,
  fetch: Any,
): Promise<Record<string, unknown>> {
  const transport = new HttpTransport({
    retry: false,
    ...(fetch ? { fetch } : {}),
    ...(s.timeoutMs ? { timeoutMs: s.timeoutMs } : {}),
    ...(s.maxResponseBytes ? { maxResponseBytes: s.maxResponseBytes } : {}),
  });
  const controller = new AbortController();
  const timer = s.abortAfterMs === undefined
    ? undefined
    : setTimeout(() => controller.abort(), s.abortAfterMs);
  try {
    const res = await transport.request({
      method: s.method,
      url: s.url,
      ...(s.json === undefined ? {} : { json: s.json }),
      ...(s.form ? { form: s.form } : {}),
      ...(s.headers ? { headers: s.headers } : {}),
      signal: controller.signal,
    });
    return {
      // Which path answered (not compared): NodeHeaders or Headers.
      via: Object.getPrototypeOf(res.headers).constructor.name,
      status: res.status,
      text: res.text,
      headers: [...(res.headers as Any)].filter(([k]: string[]) =>
        k !== "date" && k !== "keep-alive"
      ),
      cookies: res.headers.getSetCookie(),
      type: res.headers.get("Content-Type"),
    };
  } catch (e) {
    const err = e as Any;
    return {
      error: err?.name,
      // Times and elapsed milliseconds differ from run to run.
      message: String(err?.message).replace(/\d+(\.\d+)? ?(ms|s)\b/g, "N"),
      status: err?.httpStatus,
    };
  } finally {
    clearTimeout(timer);
  }
}

const out: Record<string, unknown> = {};
if (mode === "compare") {
  // Every scenario through the default path first (nothing here has used
  // fetch, so it is node:http), then through globalThis.fetch.
  // (A failure's error loads undici, whose plain Agent does not change
  // the path.)
  const ours: unknown[] = [];
  for (const s of args.scenarios ?? []) ours.push(await outcome(s, undefined));
  const theirs: unknown[] = [];
  const viaFetch = (i: Any, n: Any) => globalThis.fetch(i, n);
  for (const s of args.scenarios ?? []) theirs.push(await outcome(s, viaFetch));
  out.ours = ours;
  out.fetch = theirs;
} else {
  const s: Scenario = {
    name: mode,
    method: "GET",
    url: args.url as string,
    ...(args.headers ? { headers: args.headers } : {}),
  };
  if (mode === "mock-after") globalThis.fetch = duckMock as Any;
  if (mode === "restored") {
    globalThis.fetch = duckMock as Any;
    out.mocked = await outcome(s, undefined);
    globalThis.fetch = original;
  }
  if (mode === "dispatcher") {
    (globalThis as Any)[Symbol.for("undici.globalDispatcher.1")] = {
      dispatch() {
        throw new Error("the user's dispatcher was asked");
      },
    };
  }
  out.result = await outcome(s, undefined);
}
out.undici = undiciLoaded();
process.stdout.write(JSON.stringify(out));
