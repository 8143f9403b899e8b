// Request benchmark child (plain JavaScript, so that Deno and Node run the
// same file). One variant per process: `sdk` (our TransferClient, from the
// module given), `raw` (fetch + res.json()), `careful` (fetch written by hand
// with the SDK's headers, a timeout and a size cap), `peer` (@globus/sdk). Prints
// {wallUsPerReq, cpuUsPerReq, concurrentMs} as JSON.
//
// Usage: requests_child.mjs <variant> <module> <transferUrl> <tokenFile> <collectionId> <n> <concurrency> <rounds>
import { readFileSync } from "node:fs";
import process from "node:process";

const [variant, modulePath, transferUrl, tokenFile, id, nText, cText, rText] =
  process.argv.slice(process.argv.length - 8);
const n = Number(nText);
const concurrency = Number(cText);
const rounds = Number(rText);
const token = readFileSync(tokenFile, "utf8").trim();
const path = "/share/godata/";
const url = `${transferUrl}v0.10/operation/endpoint/${id}/ls?path=${
  encodeURIComponent(path)
}`;

let ls;
if (variant === "sdk") {
  const { AccessTokenAuthorizer, TransferClient } = await import(modulePath);
  const tc = new TransferClient({
    authorizer: new AccessTokenAuthorizer(token),
    baseUrl: transferUrl,
  });
  ls = () => tc.operationLs(id, { path });
} else if (variant === "raw") {
  const headers = {
    Accept: "application/json",
    Authorization: `Bearer ${token}`,
  };
  ls = async () => {
    const res = await fetch(url, { headers });
    if (!res.ok) throw new Error(`raw ls: ${res.status}`);
    return await res.json();
  };
} else if (variant === "careful") {
  // The floor for a client that keeps the SDK's guarantees, written by hand:
  // the same four headers, a timeout per request (an AbortController and a
  // timer cleared when the request ends) and a body read within a size cap
  // (a BYOB reader into one buffer; the emulator answers chunked, so the
  // length is unknown). No retries, validation or result objects.
  const headers = {
    Accept: "application/json",
    "User-Agent": `globus-deno-sdk/0.1.0 (${
      globalThis.Deno ? `Deno ${Deno.version.deno}` : `Node ${process.version}`
    }; ${process.platform} ${process.arch})`,
    "X-Globus-Client-Info": "product=globus-deno,version=0.1.0",
    Authorization: `Bearer ${token}`,
  };
  const cap = 64 * 1024 * 1024;
  const decoder = new TextDecoder();
  const readCapped = async (res) => {
    let reader;
    try {
      reader = res.body.getReader({ mode: "byob" });
    } catch {
      // not a byte stream: chunk by chunk
      const chunks = res.body.getReader();
      let text = "";
      let total = 0;
      for (;;) {
        const { done, value } = await chunks.read();
        if (done) return text + decoder.decode();
        total += value.byteLength;
        if (total > cap) throw new Error("careful ls: body too large");
        text += decoder.decode(value, { stream: true });
      }
    }
    let buf = new Uint8Array(16 * 1024);
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        if (n > cap) throw new Error("careful ls: body too large");
        const bigger = new Uint8Array(Math.min(n * 2, cap + 1));
        bigger.set(buf);
        buf = bigger;
      }
      const { done, value } = await reader.read(buf.subarray(n));
      if (value) buf = new Uint8Array(value.buffer);
      if (done) break;
      n += value.byteLength;
    }
    if (n > cap) throw new Error("careful ls: body too large");
    return decoder.decode(buf.subarray(0, n));
  };
  ls = async () => {
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new DOMException("timed out", "TimeoutError")),
      60_000,
    );
    try {
      const res = await fetch(url, { headers, signal: controller.signal });
      const text = await readCapped(res);
      if (!res.ok) throw new Error(`careful ls: ${res.status}`);
      return JSON.parse(text);
    } finally {
      clearTimeout(timer);
    }
  };
} else {
  // @globus/sdk joins absolute paths onto its service URL, dropping the
  // emulator's /transfer/ prefix: its fetch seam re-roots the request.
  const origin = new URL(transferUrl).origin;
  process.env.GLOBUS_SDK_SERVICE_URL_TRANSFER = origin;
  const { transfer } = await import(modulePath);
  const __callable = (u, init) =>
    fetch(String(u).replace(origin + "/v0.10/", transferUrl + "v0.10/"), init);
  ls = async () => {
    const res = await transfer.fileOperations.ls(id, {
      query: { path },
      headers: { Authorization: `Bearer ${token}` },
    }, { fetch: { options: { __callable } } });
    if (!res.ok) throw new Error(`peer ls: ${res.status}`);
    return await res.json();
  };
}

const first = await ls();
if (!first.DATA || first.DATA.length !== 3) throw new Error("bad ls");
for (let i = 0; i < Math.min(n, 300); i++) await ls(); // warm up
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const c0 = cpu();
let t0 = performance.now();
for (let i = 0; i < n; i++) await ls();
const wall = performance.now() - t0;
const cpuMs = cpu() - c0;
t0 = performance.now();
for (let r = 0; r < rounds; r++) {
  await Promise.all(Array.from({ length: concurrency }, () => ls()));
}
const concurrentMs = performance.now() - t0;
console.log(JSON.stringify({
  wallUsPerReq: (wall / n) * 1000,
  cpuUsPerReq: (cpuMs / n) * 1000,
  concurrentMs,
}));
