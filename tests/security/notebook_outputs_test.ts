/**
 * The tutorial notebooks are committed with the outputs of a run against
 * the emulator (`deno task pictures`). What GitHub shows from them must hold
 * no credential: no token field with a value, no bearer header, no JWT, no
 * long opaque string that could be a token (the authorize link's PKCE
 * `code_challenge` is public by design). And they stay valid nbformat 4,
 * as scripts/run_notebooks.py and Jupyter read them.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The checkout's notebooks/ folder, found upwards from this file. */
function notebooksDir(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, "notebooks");
    if (existsSync(join(candidate, "00_quickstart.ipynb"))) return candidate;
    dir = dirname(dir);
  }
  return undefined;
}

const OUTPUT_TYPES = new Set([
  "stream",
  "display_data",
  "execute_result",
  "error",
]);

function texts(output: Record<string, unknown>): string[] {
  const join = (v: unknown) =>
    Array.isArray(v) ? v.join("") : typeof v === "string" ? v : "";
  const out = [join(output.text), join(output.evalue)];
  const data = output.data as Record<string, unknown> | undefined;
  for (const v of Object.values(data ?? {})) {
    out.push(
      typeof v === "object" && !Array.isArray(v) ? JSON.stringify(v) : join(v),
    );
  }
  for (const t of (output.traceback as string[] | undefined) ?? []) out.push(t);
  return out;
}

/**
 * The text with every `data:image/svg+xml;base64,…` URI (the transfer
 * chart's `<img>`) replaced by the SVG it encodes, so the SVG is scanned
 * and its base64 is not taken for an opaque token.
 */
function decodeSvgDataUris(text: string): string {
  return text.replace(
    /data:image\/svg\+xml;base64,([A-Za-z0-9+/]+={0,2})/g,
    (uri, b64: string) => {
      try {
        return new TextDecoder().decode(
          Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)),
        );
      } catch {
        return uri; // not base64: scanned as it is
      }
    },
  );
}

/** Why a text looks like it holds a credential, or `undefined`. */
export function credentialIn(raw: string): string | undefined {
  const text = decodeSvgDataUris(raw);
  const field =
    /["']?(access_token|refresh_token|id_token)["']?\s*[:=]\s*["']?(?!\[REDACTED\]|null\b|none\b|REDACTED)([A-Za-z0-9._~+/=-]{8,})/i
      .exec(text);
  if (field) return `a ${field[1]} value`;
  if (/Bearer\s+(?!\[REDACTED\])[A-Za-z0-9._~+/=-]{8,}/.test(text)) {
    return "a bearer token";
  }
  if (/eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\./.test(text)) return "a JWT";
  const withoutPkce = text.replace(/code_challenge=[A-Za-z0-9_-]+/g, "");
  // Long runs of letters and digits (a table's "-----" rule is not one).
  for (
    const m of withoutPkce.matchAll(
      /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{40,}(?![A-Za-z0-9_-])/g,
    )
  ) {
    if (/[A-Za-z]/.test(m[0])) {
      return `a ${m[0].length}-character opaque string`;
    }
  }
  return undefined;
}

test("the scan finds the credentials it looks for", () => {
  const token = "x".repeat(20) + "Y".repeat(44);
  assert.ok(credentialIn(`{"access_token": "${token}"}`));
  assert.ok(credentialIn(`Authorization: Bearer ${token}`));
  assert.ok(credentialIn(`the token ${token} leaked`));
  assert.ok(credentialIn("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0In0.sig"));
  assert.equal(credentialIn(`"access_token": "[REDACTED]"`), undefined);
  assert.equal(
    credentialIn(
      "authorize?code_challenge=kSGKmtri0kEtjwh4-5437om1hNiKeR1K956e392Srp0&x=1",
    ),
    undefined,
  );
  assert.equal(
    credentialIn("task 6c54cade-bde5-45c1-bdea-f4bd71dba2cc done"),
    undefined,
  );
  // The chart's <img> of its SVG: the base64 is no token, but a token in
  // the SVG it encodes is found.
  const svgUri = (svg: string) =>
    `<img src="data:image/svg+xml;base64,${
      btoa(String.fromCharCode(...new TextEncoder().encode(svg)))
    }">`;
  const chart = `<svg xmlns="http://www.w3.org/2000/svg"><title>${
    "Task t1 “x” SUCCEEDED ━ ╍ ".repeat(8)
  }</title></svg>`;
  assert.equal(credentialIn(svgUri(chart)), undefined);
  assert.ok(credentialIn(svgUri(`<svg><title>${token}</title></svg>`)));
});

test("committed notebook outputs are valid nbformat 4 and hold no credential", (t) => {
  const dir = notebooksDir();
  if (!dir) {
    t.skip("no notebooks/ folder next to these tests (the npm build's copy)");
    return;
  }
  const files = readdirSync(dir).filter((f) => f.endsWith(".ipynb")).sort();
  assert.ok(files.length > 0);
  for (const f of files) {
    const nb = JSON.parse(readFileSync(join(dir, f), "utf8"));
    assert.equal(nb.nbformat, 4, f);
    assert.ok(Array.isArray(nb.cells), f);
    for (const [i, cell] of nb.cells.entries()) {
      const where = `${f} cell ${i}`;
      assert.ok(["code", "markdown", "raw"].includes(cell.cell_type), where);
      assert.ok(typeof cell.metadata === "object", where);
      if (cell.cell_type !== "code") {
        assert.equal(cell.outputs, undefined, where);
        continue;
      }
      assert.ok(Array.isArray(cell.outputs), where);
      assert.ok(
        cell.execution_count === null ||
          Number.isInteger(cell.execution_count),
        where,
      );
      for (const output of cell.outputs) {
        assert.ok(OUTPUT_TYPES.has(output.output_type), where);
        for (const text of texts(output)) {
          const found = credentialIn(text);
          assert.equal(found, undefined, `${where}: ${found} in its output`);
        }
      }
    }
  }
});
