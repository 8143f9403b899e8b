/**
 * A fake `fetch` that records requests and answers from a script.
 */
import type { FetchLike } from "../../src/core/transport.ts";

/** One recorded request. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** A scripted answer: a Response, a function of the request, or an error to throw. */
export type Answer =
  | Response
  | Error
  | ((req: RecordedRequest) => Response | Promise<Response>);

/** A recording fake fetch. */
export interface FakeFetch {
  fetch: FetchLike;
  requests: RecordedRequest[];
  /** Answers still queued. */
  remaining(): number;
}

/**
 * Creates a fake fetch that answers with `answers` in order; after the list
 * runs out it answers with `fallback` (or throws).
 */
export function fakeFetch(
  answers: Answer[],
  fallback?: (req: RecordedRequest) => Response | Promise<Response>,
): FakeFetch {
  const queue = [...answers];
  const requests: RecordedRequest[] = [];
  const fetch: FetchLike = async (input, init) => {
    const req = new Request(input, init);
    const headers: Record<string, string> = {};
    req.headers.forEach((v, k) => headers[k] = v);
    const rec: RecordedRequest = {
      method: req.method,
      url: req.url,
      headers,
      body: init?.body === undefined ? undefined : await req.text(),
    };
    requests.push(rec);
    const next = queue.shift();
    if (next === undefined) {
      if (fallback) return await fallback(rec);
      throw new Error(`fakeFetch: unexpected request ${rec.method} ${rec.url}`);
    }
    if (next instanceof Error) throw next;
    if (typeof next === "function") return await next(rec);
    return next;
  };
  return { fetch, requests, remaining: () => queue.length };
}

/** A JSON response with a status and optional headers. */
export function json(
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}
