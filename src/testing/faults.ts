/**
 * Fault injection for the emulator: by rate (deterministic with a seed) or
 * by request number. Control routes (`/_emulator/*`) are never faulted.
 *
 * @module
 */
import { checkOptions } from "../core/_options.ts";

/** The names of `FaultOptions`. */
const FAULT_OPTIONS: readonly string[] = [
  "rate",
  "byRequest",
  "retryAfterS",
  "seed",
  "pathPrefixes",
];
/** The names of `FaultRates`. */
const FAULT_RATES: readonly string[] = [
  "status503",
  "status429",
  "status502",
  "status500",
  "drop",
  "lost",
  "latencyMs",
];
/** A rate's name given beside `rate` (`{ latencyMs: 200 }`) names `rate: { … }`. */
const FAULT_HINT = Object.freeze({
  example: "{ rate: { status503: 0.1 }, seed: 7 }",
  nested: Object.freeze({ rate: FAULT_RATES }),
});

/**
 * One injected fault: an HTTP error status from 400 to 599 (`"429"`, with
 * `Retry-After`; `"503"`, also with it; `"500"`, `"502"`, or any other such
 * as `"404"`), answered without processing the request, with a Transfer-style
 * error body; `"drop"`, which destroys the connection without a response
 * (the request is not processed); or `"lost"`, which processes the request,
 * then destroys the connection instead of answering (the work is done, the
 * client never hears of it). For a slow answer use `rate.latencyMs`; a
 * Globus error code (`ConsentRequired`) is not a fault kind.
 */
export type FaultKind =
  | "429"
  | "500"
  | "502"
  | "503"
  | "drop"
  | "lost"
  | `${number}`;

/** What `FaultKind` allows, for messages. */
const FAULT_KINDS =
  `"drop", "lost" or an HTTP error status from 400 to 599 as a string ("503", "429", "500", "502", "404", …)`;

/**
 * The HTTP status a fault kind answers with.
 *
 * @param kind The kind.
 * @returns The status, or `null` for `"drop"` and `"lost"` (or a kind
 *   that is none).
 */
export function faultStatus(kind: FaultKind | string | number): number | null {
  const status = typeof kind === "number"
    ? kind
    : /^\s*\d{3}\s*$/.test(kind)
    ? Number(kind)
    : NaN;
  return Number.isInteger(status) && status >= 400 && status <= 599
    ? status
    : null;
}

/** Shows a value in a message, shortened. */
function shown(value: unknown): string {
  if (typeof value === "string") {
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  }
  if (value === null || typeof value !== "object") return String(value);
  return Array.isArray(value) ? "an array" : "an object";
}

/**
 * Checks `byRequest`: request numbers from 1, each with a fault kind the
 * emulator can inject.
 */
function checkByRequest(byRequest: unknown): void {
  if (byRequest === undefined) return;
  if (
    byRequest === null || typeof byRequest !== "object" ||
    Array.isArray(byRequest)
  ) {
    throw new TypeError(
      `Cannot set faults as 'byRequest' must be an object of request number → fault kind, e.g. { 1: "503", 2: "drop" }: current value is ${
        shown(byRequest)
      }`,
    );
  }
  for (const [key, kind] of Object.entries(byRequest)) {
    if (!/^[1-9]\d*$/.test(key)) {
      throw new TypeError(
        `Cannot set faults as the keys of 'byRequest' must be request numbers from 1 (the first request after the faults are set), e.g. { 1: "503" }: current key is ${
          shown(key)
        }`,
      );
    }
    const ok = kind === "drop" || kind === "lost" ||
      ((typeof kind === "string" || typeof kind === "number") &&
        faultStatus(kind) !== null);
    if (!ok) {
      const hint = kind === "timeout"
        ? ' (for a slow answer use rate: { latencyMs }; for one that never comes, "lost" or "drop")'
        : typeof kind === "string" && /^[A-Z][A-Za-z.]+$/.test(kind)
        ? ' (a Globus error code is not a fault kind: a fault gives its status, e.g. "403", with a generic code)'
        : "";
      throw new TypeError(
        `Cannot set faults as 'byRequest[${key}]' must be ${FAULT_KINDS}: current value is ${
          shown(kind)
        }${hint}`,
      );
    }
  }
}

/** Fault probabilities per request (each 0–1; they are tried in this order). */
export interface FaultRates {
  /** Probability of a 503 Service Unavailable. */
  status503?: number;
  /** Probability of a 429 Too Many Requests (with `Retry-After`). */
  status429?: number;
  /** Probability of a 502 Bad Gateway. */
  status502?: number;
  /** Probability of a 500 Internal Server Error. */
  status500?: number;
  /** Probability of a dropped connection. */
  drop?: number;
  /** Probability of a lost response (processed, then the connection dropped). */
  lost?: number;
  /** Added latency for every (faulted or not) request, in milliseconds. */
  latencyMs?: number;
}

/** Fault injection settings. */
export interface FaultOptions {
  /** Random faults by rate. */
  rate?: FaultRates | undefined;
  /**
   * Faults for given request numbers (1 = the first non-control request
   * after the faults were set). Wins over `rate`.
   */
  byRequest?: Record<number, FaultKind> | undefined;
  /**
   * The `Retry-After` header value (seconds) sent with 429 and 503.
   * @default 1
   */
  retryAfterS?: number | undefined;
  /**
   * Seed of the random generator, so a run is reproducible.
   * @default 1
   */
  seed?: number | undefined;
  /**
   * Only requests whose path (e.g. `/transfer/v0.10/task_list`) starts
   * with one of these are counted and faulted. All by default.
   */
  pathPrefixes?: string[] | undefined;
}

/** What to do with one request. */
export interface FaultDecision {
  /** The fault, or `null` to serve normally. */
  kind: FaultKind | null;
  /** Latency to add first, in milliseconds. */
  latencyMs: number;
  /** The request number (1-based) among faultable requests. */
  requestNumber: number;
}

/**
 * A small seeded PRNG (mulberry32), so a fault sequence is reproducible;
 * the tests' fuzzers use it too.
 *
 * @param seed The seed.
 * @returns A generator of numbers in [0, 1).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function checkRate(name: string, v: number | undefined): void {
  if (v === undefined) return;
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || v > 1) {
    throw new (typeof v === "number" ? RangeError : TypeError)(
      `Cannot set faults as 'rate.${name}' must be a number from 0 to 1: current value is ${
        shown(v)
      }`,
    );
  }
}

/**
 * Checks `retryAfterS` (whole seconds, as a `Retry-After` header holds
 * them), `seed` and `pathPrefixes`.
 */
function checkSettings(options: FaultOptions | undefined): void {
  const retry = options?.retryAfterS as unknown;
  if (
    retry !== undefined &&
    !(typeof retry === "number" && Number.isInteger(retry) && retry >= 0)
  ) {
    throw new (typeof retry === "number" ? RangeError : TypeError)(
      `Cannot set faults as 'retryAfterS' must be a whole number of seconds from 0 (a Retry-After header holds whole seconds): current value is ${
        shown(retry)
      }`,
    );
  }
  const seed = options?.seed as unknown;
  if (
    seed !== undefined && !(typeof seed === "number" && Number.isFinite(seed))
  ) {
    throw new TypeError(
      `Cannot set faults as 'seed' must be a number, e.g. { seed: 7 }: current value is ${
        shown(seed)
      }`,
    );
  }
  const prefixes = options?.pathPrefixes as unknown;
  if (
    prefixes !== undefined &&
    !(Array.isArray(prefixes) &&
      prefixes.every((p) => typeof p === "string" && p.startsWith("/")))
  ) {
    throw new TypeError(
      `Cannot set faults as 'pathPrefixes' must be an array of path prefixes starting with "/", e.g. { pathPrefixes: ["/transfer/"] }: current value is ${
        Array.isArray(prefixes)
          ? `[${prefixes.map(shown).join(", ")}]`
          : shown(prefixes)
      }`,
    );
  }
}

/** Decides, request by request, which fault (if any) to inject. */
export class FaultInjector {
  #options: FaultOptions | undefined;
  #random: () => number = mulberry32(1);
  #count = 0;
  #injected = 0;

  /**
   * Creates an instance.
   *
   * @param options The initial settings (none: no faults).
   */
  constructor(options?: FaultOptions) {
    this.set(options);
  }

  /**
   * Replaces the settings and resets the request counter and the random
   * generator.
   *
   * @param options The new settings, or `undefined` for no faults.
   * @throws {RangeError} When a rate is outside 0–1.
   * @throws {TypeError} For a setting or rate name it does not know
   *   (`retry_after_s`, `status_503`), or a `byRequest` entry that is no
   *   request number and {@linkcode FaultKind} (`"timeout"`).
   */
  set(options: FaultOptions | undefined): void {
    checkOptions("faults", options, FAULT_OPTIONS, FAULT_HINT);
    checkByRequest(options?.byRequest);
    checkSettings(options);
    const r = options?.rate;
    if (
      r !== undefined &&
      (r === null || typeof r !== "object" || Array.isArray(r))
    ) {
      throw new TypeError(
        `Cannot set faults as 'rate' must be an object of probabilities (0 to 1) by fault, e.g. { rate: { status503: 0.1, drop: 0.05 } }: current value is ${
          shown(r)
        }`,
      );
    }
    checkOptions("faults rate", r, FAULT_RATES);
    if (r) {
      checkRate("status503", r.status503);
      checkRate("status429", r.status429);
      checkRate("status502", r.status502);
      checkRate("status500", r.status500);
      checkRate("drop", r.drop);
      checkRate("lost", r.lost);
      const ms = r.latencyMs as unknown;
      if (
        ms !== undefined &&
        !(typeof ms === "number" && Number.isFinite(ms) && ms >= 0)
      ) {
        throw new (typeof ms === "number" ? RangeError : TypeError)(
          `Cannot set faults as 'rate.latencyMs' must be a number of milliseconds from 0: current value is ${
            shown(ms)
          }`,
        );
      }
    }
    this.#options = options;
    this.#random = mulberry32(options?.seed ?? 1);
    this.#count = 0;
    this.#injected = 0;
  }

  /** The current settings. */
  get options(): FaultOptions | undefined {
    return this.#options;
  }

  /** How many faultable requests were seen since the last `set`. */
  get requestCount(): number {
    return this.#count;
  }

  /** How many faults were injected since the last `set`. */
  get injectedCount(): number {
    return this.#injected;
  }

  /**
   * Whether connections may be dropped; the emulator then answers with
   * `Connection: close`, so clients never reuse a pooled connection (which
   * some clients transparently retry, hiding the drop).
   */
  get mayDrop(): boolean {
    const o = this.#options;
    if (!o) return false;
    return (o.rate?.drop ?? 0) > 0 || (o.rate?.lost ?? 0) > 0 ||
      Object.values(o.byRequest ?? {}).some((k) =>
        k === "drop" || k === "lost"
      );
  }

  /** The `Retry-After` value in seconds. */
  get retryAfterS(): number {
    return this.#options?.retryAfterS ?? 1;
  }

  /**
   * Decides the fate of one request.
   *
   * @param path The request path.
   * @returns The decision.
   */
  decide(path: string): FaultDecision {
    const o = this.#options;
    if (!o) return { kind: null, latencyMs: 0, requestNumber: 0 };
    if (o.pathPrefixes && !o.pathPrefixes.some((p) => path.startsWith(p))) {
      return { kind: null, latencyMs: 0, requestNumber: 0 };
    }
    const n = ++this.#count;
    const latencyMs = o.rate?.latencyMs ?? 0;
    let kind: FaultKind | null = o.byRequest?.[n] ?? null;
    if (kind === null && o.rate) {
      const u = this.#random();
      const order: [FaultKind, number | undefined][] = [
        ["503", o.rate.status503],
        ["429", o.rate.status429],
        ["502", o.rate.status502],
        ["500", o.rate.status500],
        ["drop", o.rate.drop],
        ["lost", o.rate.lost],
      ];
      let acc = 0;
      for (const [k, p] of order) {
        acc += p ?? 0;
        if (u < acc) {
          kind = k;
          break;
        }
      }
    }
    if (kind !== null) this.#injected++;
    return { kind, latencyMs, requestNumber: n };
  }
}
