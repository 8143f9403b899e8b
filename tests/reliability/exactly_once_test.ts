/**
 * Exactly-once task submission under faults: 300 transfers submitted
 * through an emulator that answers 30% of requests with 503, 10% with 429
 * (Retry-After) and drops 5% of connections, plus a client-side fault that
 * loses 5% of the POST /transfer responses *after* the server processed
 * them (the duplicate risk that submission ids exist for). Afterwards the
 * task list holds exactly the 300 tasks, one per submission id and label.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import type { FetchLike } from "../../src/core/transport.ts";
import { startEmulator } from "../../src/testing/emulator.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { TransferData } from "../../src/transfer/transfer_data.ts";
import { fakeClock } from "../_helpers/fake_clock.ts";
import { mulberry32 } from "../_helpers/prng.ts";

const TRANSFER_SCOPE = "urn:globus:auth:scope:transfer.api.globus.org:all";
const N = 300;
const CONCURRENCY = 10;

test("300 transfers submitted under 503/429/dropped connections and lost responses create exactly 300 tasks", async () => {
  const emu = await startEmulator();
  try {
    const tokens = await emu.mintTokens(TRANSFER_SCOPE);
    // Client side: a response lost after the server processed the POST.
    const random = mulberry32(20240601);
    let lostResponses = 0;
    const postedSubmissionIds: string[] = [];
    const lossyFetch: FetchLike = async (input, init) => {
      const res = await fetch(input, init);
      const url = String(input instanceof Request ? input.url : input);
      if (init?.method === "POST" && url.endsWith("/v0.10/transfer")) {
        const body = JSON.parse(String(init.body));
        postedSubmissionIds.push(body.submission_id);
        if (res.ok && random() < 0.05) {
          lostResponses++;
          await res.body?.cancel();
          throw new TypeError("connection reset by peer (injected)");
        }
      }
      return res;
    };
    const clock = fakeClock(); // Retry-After and backoff sleeps are instant
    const tc = new TransferClient({
      authorizer: new AccessTokenAuthorizer(tokens.access_token),
      baseUrl: emu.transferUrl,
      fetch: lossyFetch,
      clock,
      retry: { maxRetries: 25, random: mulberry32(7) },
      // No overall deadline: the fake clock is shared by the 10 workers, so
      // one call's elapsed time on it includes every other worker's backoff
      // sleeps, and an unlucky interleaving read as 120 s and a
      // TimeoutError (Node 20, once, in CI).
      totalTimeoutMs: Infinity,
    });
    emu.setFaults({
      rate: { status503: 0.3, status429: 0.1, drop: 0.05 },
      retryAfterS: 1,
      seed: 42,
      pathPrefixes: ["/transfer/"],
    });

    const results: { label: string; taskId: string; submissionId: string }[] =
      [];
    let next = 0;
    const worker = async () => {
      while (next < N) {
        const i = next++;
        const label = `exactly-once ${String(i).padStart(3, "0")}`;
        const td = new TransferData({
          sourceEndpoint: emu.collections.tutorial1,
          destinationEndpoint: emu.collections.tutorial2,
          label,
        }).addItem("/share/godata/file1.txt", `/~/eo/${i}.txt`);
        const r = await tc.submitTransfer(td);
        assert.equal(r.submission_id, td.submissionId);
        results.push({
          label,
          taskId: r.task_id,
          submissionId: String(r.submission_id),
        });
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const injected = emu.requestCount;
    emu.setFaults(undefined);

    // The faults really happened.
    assert.ok(lostResponses > 0, "some POST responses were lost");
    assert.ok(injected > 2 * N, `faults caused retries (${injected} requests)`);
    assert.ok(clock.sleeps.length > 0, "the client retried");
    assert.ok(
      postedSubmissionIds.length > N,
      "some POSTs were sent more than once",
    );

    const tasks = await tc.taskList({ filter: { label: "~exactly-once" } })
      .toArray();
    assert.equal(tasks.length, N, "exactly one task per submission");
    const byLabel = new Map(tasks.map((t) => [t.label, t]));
    assert.equal(byLabel.size, N, "no duplicate labels");
    assert.equal(new Set(tasks.map((t) => t.task_id)).size, N);
    assert.equal(new Set(results.map((r) => r.submissionId)).size, N);
    for (const r of results) {
      const t = byLabel.get(r.label);
      assert.ok(t, `task for ${r.label} exists`);
      assert.equal(t.task_id, r.taskId, `${r.label}: the id we were given`);
    }
    // Every POST carried one of the 300 submission ids.
    const known = new Set(results.map((r) => r.submissionId));
    for (const id of postedSubmissionIds) assert.ok(known.has(id));
  } finally {
    await emu.close();
  }
});
