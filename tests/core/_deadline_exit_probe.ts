// Run by deadlines_test.ts: one request with a 60 s timeout that is answered
// at once (`quick`), or never (`hang`, with a 300 ms timeout). The process
// must exit as soon as the answer is in, and stay alive until a timeout
// fires.
import process from "node:process";
import { HttpTransport } from "../../src/core/transport.ts";

const mode = process.argv.at(-1);
const t = new HttpTransport({
  fetch: mode === "quick"
    ? () => Promise.resolve(Response.json({ ok: true }))
    : (_input, init) =>
      new Promise<Response>((_resolve, reject) =>
        init?.signal?.addEventListener(
          "abort",
          () => reject(init.signal!.reason),
        )
      ),
  timeoutMs: mode === "quick" ? 60_000 : 300,
  retry: false,
});
try {
  const res = await t.request({ method: "GET", url: "https://example.org/" });
  console.log(JSON.stringify(res.data));
} catch (err) {
  console.log((err as Error).name);
}
