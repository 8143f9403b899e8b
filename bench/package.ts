/**
 * Benchmark section 7, `package`: the npm package's size and import time.
 *
 * @module
 */
import {
  dirSize,
  exists,
  fmt,
  mib,
  note,
  NPM,
  OUT,
  quick,
  report,
  run,
  RUNS,
  signedMs,
  timeInterleaved,
} from "./common.ts";
import { buildNpm, peerDir } from "./npm.ts";

export async function benchPackage(): Promise<void> {
  const npmDir = NPM;
  if (!(await buildNpm())) {
    note("package: skipped: deno task build:npm failed");
    return;
  }
  const pack = await run("npm", ["pack", "--dry-run", "--json"], {
    cwd: npmDir,
  });
  let size = 0;
  let unpacked = 0;
  let files = 0;
  let paths: string[] = [];
  try {
    const info = JSON.parse(pack.stdout)[0];
    size = info.size;
    unpacked = info.unpackedSize;
    files = info.entryCount;
    paths = info.files.map((f: { path: string }) => f.path);
  } catch {
    note(`package: npm pack --dry-run failed: ${pack.stderr.slice(0, 200)}`);
  }
  if (paths.length) {
    const parts = await packedParts(npmDir, paths);
    report({
      section: "7. Package",
      what: "npm tarball by part (each file gzipped alone)",
      value: [...parts].map(([part, bytes]) =>
        `${part} ${(bytes / 1024).toFixed(1)} KiB`
      ).join(", "),
      baseline: "",
      ratio: "",
      target: "",
      met: "",
    });
    const docs = await declarationDocs(
      npmDir,
      paths.filter((p) => p.endsWith(".d.ts")),
    );
    report({
      section: "7. Package",
      what: "declarations: what the doc comments cost (gzipped)",
      value: `all ${kib(docs.all)}; without @example blocks ${
        kib(docs.noExamples)
      }; without any doc comment ${kib(docs.noDocs)}`,
      baseline: "",
      ratio: "",
      target: "",
      met: "",
    });
  }
  // What a user's npm install adds: the package's own dependencies.
  const deps = Object.keys(
    JSON.parse(await Deno.readTextFile(`${npmDir}/package.json`))
      .dependencies ?? {},
  );
  let depBytes = 0;
  for (const d of deps) {
    const p = `${npmDir}/node_modules/${d}`;
    if (await exists(p)) depBytes += await dirSize(p);
  }
  const peer = await peerDir();
  let peerBytes = 0;
  let peerAll = 0;
  if (peer) {
    peerBytes = await dirSize(`${peer}/node_modules/@globus/sdk`);
    peerAll = await dirSize(`${peer}/node_modules`);
  }
  // @globus/sdk's tarball, repacked from its installed folder.
  let peerPacked = NaN;
  if (peer) {
    const p = await run("npm", ["pack", "--dry-run", "--json"], {
      cwd: `${peer}/node_modules/@globus/sdk`,
    });
    try {
      peerPacked = JSON.parse(p.stdout)[0].size;
    } catch {
      note(`package: could not pack @globus/sdk: ${p.stderr.slice(0, 200)}`);
    }
  }
  report({
    issue: 10,
    section: "7. Package",
    what: "npm tarball, packed",
    value: `${(size / 1024).toFixed(1)} KiB`,
    baseline: Number.isFinite(peerPacked)
      ? `@globus/sdk ${(peerPacked / 1024).toFixed(1)} KiB (repacked)`
      : "@globus/sdk not installed",
    ratio: Number.isFinite(peerPacked) ? `${fmt(size / peerPacked)}×` : "",
    target: "≤120 KiB",
    met: size / 1024 <= 120 ? "met" : "NOT met",
  });
  report({
    section: "7. Package",
    what: "npm tarball (npm pack --dry-run)",
    value: `${(size / 1024).toFixed(1)} KiB packed, ${
      (unpacked / 1024).toFixed(1)
    } KiB unpacked, ${files} files; + deps (${deps.join(", ")}) ${
      mib(depBytes)
    } on disk`,
    baseline: peer
      ? `@globus/sdk ${mib(peerBytes)} on disk (${
        mib(peerAll)
      } with its dependencies)`
      : "@globus/sdk not installed",
    ratio: peer ? `${fmt((unpacked + depBytes) / peerAll)}× (with deps)` : "",
    target: "",
    met: "",
  });
  const dir = `${OUT}/cold`;
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(
    `${dir}/import_ours.mjs`,
    `await import("${npmDir}/esm/mod.js");\n`,
  );
  const imports: [string, string[], string?][] = [
    ["node", [`${dir}/empty.mjs`]],
    ["node", [`${dir}/import_ours.mjs`]],
  ];
  await Deno.writeTextFile(`${dir}/empty.mjs`, "// empty\n");
  if (peer) {
    await Deno.writeTextFile(
      `${peer}/import_peer.mjs`,
      `await import("@globus/sdk");\n`,
    );
    imports.push(["node", [`${peer}/import_peer.mjs`], peer]);
  }
  // Interleaved, run by run: load that comes and goes moves all alike.
  const [empty = NaN, ours = NaN, peerMs = NaN] = await timeInterleaved(
    imports,
    quick ? RUNS + 2 : 3 * RUNS,
  );
  report({
    issue: 6,
    section: "2. Start-up",
    what: "node: import the npm build, over empty node",
    value: signedMs(ours - empty),
    baseline: peer
      ? `@globus/sdk ${signedMs(peerMs - empty)}; empty node ${
        fmt(empty, 0)
      } ms`
      : `empty node ${fmt(empty, 0)} ms`,
    ratio: peer ? `${fmt((ours - empty) / (peerMs - empty))}× peer` : "",
    target: "≤0.5× peer",
    met: peer
      ? ((ours - empty) / (peerMs - empty) <= 0.5 ? "met" : "NOT met")
      : "n/a",
  });
  report({
    section: "7. Package",
    what: "node cold import (process start to exit)",
    value: `${fmt(ours, 0)} ms (${signedMs(ours - empty)} over empty node)`,
    baseline: peer
      ? `@globus/sdk ${fmt(peerMs, 0)} ms (${
        signedMs(peerMs - empty)
      }); empty node ${fmt(empty, 0)} ms`
      : `empty node ${fmt(empty, 0)} ms`,
    ratio: peer ? `${fmt((ours - empty) / (peerMs - empty))}× import cost` : "",
    target: "",
    met: "",
  });
}

/** Which part of the package a packed path is, for the size breakdown. */
function packagePart(path: string): string {
  if (path.endsWith(".d.ts")) return "declarations";
  if (path === "esm/mod.js") return "mod.js";
  if (/^esm\/(testing\.js$|_testing\/|src\/testing\/)/.test(path)) {
    return "./testing JavaScript";
  }
  if (path.endsWith(".js")) return "other JavaScript";
  return "README, LICENSE, package.json";
}

/** `n` bytes in KiB, one decimal. */
function kib(n: number): string {
  return `${(n / 1024).toFixed(1)} KiB`;
}

/** Gzipped bytes of `text`. */
async function gzipped(text: string): Promise<number> {
  const gz = new Response(
    new Blob([text]).stream().pipeThrough(new CompressionStream("gzip")),
  );
  return (await gz.arrayBuffer()).byteLength;
}

/**
 * The declaration files gzipped (each alone) as shipped, without their
 * `@example` blocks, and without any doc comment: what editors' hovers
 * cost, and what cutting them would save.
 */
async function declarationDocs(
  dir: string,
  paths: string[],
): Promise<{ all: number; noExamples: number; noDocs: number }> {
  const sum = { all: 0, noExamples: 0, noDocs: 0 };
  for (const path of paths) {
    const text = await Deno.readTextFile(`${dir}/${path}`);
    sum.all += await gzipped(text);
    sum.noExamples += await gzipped(
      text.replace(/\/\*\*[\s\S]*?\*\//g, (doc) =>
        doc.replace(
          /\n[ \t]*\*[ \t]*@example[\s\S]*?(?=\n[ \t]*\*[ \t]*@(?!example)|\n[ \t]*\*\/)/g,
          "",
        )),
    );
    sum.noDocs += await gzipped(
      text.replace(/[ \t]*\/\*\*[\s\S]*?\*\/\n?/g, ""),
    );
  }
  return sum;
}

/** Gzipped bytes of each part's files (each file compressed alone). */
async function packedParts(
  dir: string,
  paths: string[],
): Promise<Map<string, number>> {
  const parts = new Map<string, number>();
  for (const path of paths) {
    const gz = new Response(
      (await Deno.open(`${dir}/${path}`)).readable.pipeThrough(
        new CompressionStream("gzip"),
      ),
    );
    const bytes = (await gz.arrayBuffer()).byteLength;
    const part = packagePart(path);
    parts.set(part, (parts.get(part) ?? 0) + bytes);
  }
  return parts;
}
