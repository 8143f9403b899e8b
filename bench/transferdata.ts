/**
 * Benchmark section 4, `transferdata`: building TransferData documents,
 * against the Python SDK.
 *
 * @module
 */
import { TransferData } from "../mod.ts";
import { fmt, median, report, run, RUNS } from "./common.ts";

/**
 * The Python SDK's TransferData for the same document, when `python3` can
 * import `globus_sdk` (it is not installable on this machine).
 */
async function pythonTransferData(
  n: number,
): Promise<{ ms: number | null; why: string; version: string }> {
  const script = `
import json, sys, time
import globus_sdk
best = []
for _ in range(${RUNS}):
    t = time.perf_counter()
    td = globus_sdk.TransferData(source_endpoint="6c54cade-bde5-45c1-bdea-f4bd71dba2cc",
        destination_endpoint="31ce9ba0-176d-45a5-add3-f37d233ba47d", label="bench",
        verify_checksum=True, sync_level="checksum")
    for i in range(${n}):
        td.add_item(f"/share/data/file{i}.dat", f"/~/data/file{i}.dat")
    len(json.dumps(dict(td)))
    best.append((time.perf_counter() - t) * 1000)
best.sort()
print(json.dumps({"ms": best[len(best) // 2], "version": globus_sdk.__version__}))
`;
  try {
    const r = await run("python3", ["-c", script]);
    if (r.code !== 0) {
      return {
        ms: null,
        why: /No module named/.test(r.stderr)
          ? "skipped: not installable here (python3 has no globus_sdk)"
          : `skipped: ${r.stderr.trim().split("\n").at(-1)}`,
        version: "",
      };
    }
    const out = JSON.parse(r.stdout.trim());
    return { ms: out.ms, why: "", version: out.version };
  } catch {
    return { ms: null, why: "skipped: python3 not found", version: "" };
  }
}

export async function benchTransferData(): Promise<void> {
  const N = 100_000;
  const src = "6c54cade-bde5-45c1-bdea-f4bd71dba2cc";
  const dst = "31ce9ba0-176d-45a5-add3-f37d233ba47d";
  const sdk = () => {
    const td = new TransferData({
      sourceEndpoint: src,
      destinationEndpoint: dst,
      label: "bench",
      verifyChecksum: true,
      syncLevel: "checksum",
      submissionId: "00000000-0000-0000-0000-000000000000",
    });
    for (let i = 0; i < N; i++) {
      td.addItem(`/share/data/file${i}.dat`, `/~/data/file${i}.dat`);
    }
    td.validate();
    return JSON.stringify(td).length;
  };
  const raw = () => {
    const DATA = [];
    for (let i = 0; i < N; i++) {
      DATA.push({
        DATA_TYPE: "transfer_item",
        source_path: `/share/data/file${i}.dat`,
        destination_path: `/~/data/file${i}.dat`,
      });
    }
    return JSON.stringify({
      DATA_TYPE: "transfer",
      submission_id: "00000000-0000-0000-0000-000000000000",
      source_endpoint: src,
      destination_endpoint: dst,
      label: "bench",
      verify_checksum: true,
      sync_level: 3,
      DATA,
    }).length;
  };
  sdk();
  raw();
  const a: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < RUNS + 2; r++) {
    let t = performance.now();
    sdk();
    a.push(performance.now() - t);
    t = performance.now();
    raw();
    b.push(performance.now() - t);
  }
  const ms = median(a);
  const base = median(b);
  const python = await pythonTransferData(N);
  report({
    issue: 11,
    section: "4. TransferData",
    what: `TransferData ${N} items: build + encode (JSON)`,
    value: `${fmt(ms)} ms`,
    baseline: python.ms === null
      ? `Python SDK ${python.why}`
      : `Python SDK (globus_sdk ${python.version}) ${fmt(python.ms, 0)} ms`,
    ratio: python.ms === null ? "" : `${fmt(python.ms / ms, 1)}× faster`,
    target: "≥12× faster",
    met: python.ms === null
      ? "skipped"
      : python.ms / ms >= 12
      ? "met"
      : "NOT met",
  });
  report({
    section: "4. TransferData",
    what: `build + validate + serialize ${N} items`,
    value: `${fmt(ms)} ms (${fmt((ms / N) * 1000, 3)} µs/item)`,
    baseline: `plain object + JSON.stringify ${fmt(base)} ms (${
      fmt((base / N) * 1000, 3)
    } µs/item)`,
    ratio: `${fmt(ms / base)}×`,
    target: "",
    met: "",
  });
}
