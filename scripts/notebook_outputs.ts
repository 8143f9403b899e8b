/**
 * The tutorial notebooks are committed with their outputs, so a reader on
 * GitHub sees what a run shows. `scripts/browser_e2e.ts` runs them in a
 * browser against the emulator; this module compares a fresh run's outputs
 * with the committed ones, and stores them (`--write-notebooks`, part of
 * `deno task pictures`).
 *
 * Outputs are compared after {@linkcode normalizeOutputText}: ids, times,
 * ports, temporary folders, PKCE values, rates and the transfer chart's
 * drawing differ from run to run and are masked; everything else must be
 * equal. Storing keeps a notebook's file untouched when nothing but those
 * changed, so regenerating does not churn the ids and times in git.
 *
 * @module
 */

/** One output of a code cell, as nbformat stores it. */
export interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  execution_count?: number | null;
  ename?: string;
  evalue?: string;
  traceback?: string[];
}

/** One cell. */
export interface Cell {
  cell_type: string;
  id?: string;
  source: string | string[];
  metadata?: Record<string, unknown>;
  outputs?: Output[];
  execution_count?: number | null;
}

/** A notebook (nbformat 4). */
export interface Notebook {
  cells: Cell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

const text = (v: unknown): string =>
  Array.isArray(v) ? v.join("") : typeof v === "string" ? v : JSON.stringify(v);

/**
 * Masks what differs between two runs against the emulator.
 *
 * @param s An output's text (any MIME type's data).
 * @returns The text with ids, times, ports, temporary paths, PKCE values,
 *   request ids, rates, durations and the chart's drawing replaced.
 */
export function normalizeOutputText(s: string): string {
  return s
    // Where a table's long word may wrap (a temporary path in a caption is
    // `/<wbr>tmp/<wbr>…`): no part of what it shows.
    .replace(/<wbr>/g, "")
    // The transfer chart's geometry and sample count depend on poll timing:
    // in HTML an <img> of the SVG (a data: URI), in image/svg+xml the SVG.
    .replace(
      /<img class="globus-task-chart" [^>]*src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]*">/g,
      "<img chart/>",
    )
    .replace(
      /<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="globus-task-chart"[\s\S]*?<\/svg>/g,
      "<svg chart/>",
    )
    .replace(
      /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi,
      "<uuid>",
    )
    .replace(
      /\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?/g,
      "<time>",
    )
    // A task list's HTML time, without its seconds.
    .replace(
      /<nobr>\d{4}-\d\d-\d\d<\/nobr> <nobr>\d\d:\d\d UTC<\/nobr>/g,
      "<time> UTC",
    )
    .replace(/(127\.0\.0\.1|localhost)(:|%3A)\d+/gi, "$1$2<port>")
    .replace(/(code_challenge|state)=[A-Za-z0-9_%-]+/g, "$1=<pkce>")
    .replace(/\/tmp\/[A-Za-z0-9._-]+/g, "<tmp>")
    .replace(/\/[^\s"'<>]*\/\.ci\/browser\/run-[A-Za-z0-9_]+/g, "<work>")
    // Request ids: `request_id X`, `"requestId": "X"`, a table cell after
    // `requestId`.
    .replace(
      /(request[_ ]?id(?:["':=\s|]|<[^>]*>)*)[A-Za-z0-9]{9}\b/gi,
      "$1<id>",
    )
    .replace(/(expires_at_seconds(?:["':=\s|]|<[^>]*>)*)\d{9,}/g, "$1<time>")
    .replace(
      /(effective_bytes_per_second(?:["':=\s|]|<[^>]*>)*)\d+(?:\.\d+)?/g,
      "$1<rate>",
    )
    // The code a person typed, echoed after the prompt.
    .replace(/(authorization code[^\n]*?: ?)[A-Za-z0-9_-]+/g, "$1<code>")
    .replace(/\d+(?:\.\d+)? [kMGTP]?B\/s/g, "<rate>")
    .replace(/\bin \d+(?:\.\d+)? (?:s|min|h)\b/g, "in <duration>")
    .replace(/\bexpires in -?\d+ hours\b/g, "expires in <n> hours");
}

/**
 * Whether a notebook was stored with outputs (any code cell ran).
 *
 * @param nb The notebook.
 * @returns `true` when some code cell has outputs or an execution count.
 */
export function hasOutputs(nb: Notebook): boolean {
  return nb.cells.some((c) =>
    c.cell_type === "code" &&
    ((c.outputs?.length ?? 0) > 0 || typeof c.execution_count === "number")
  );
}

function cellText(cell: Cell): string {
  return text(cell.source);
}

/** A code cell's outputs as compared: normalized, without metadata. */
function comparable(cell: Cell): unknown[] {
  return (cell.outputs ?? []).map((o) => {
    const out: Record<string, unknown> = { output_type: o.output_type };
    if (o.name !== undefined) out.name = o.name;
    if (o.text !== undefined) out.text = normalizeOutputText(text(o.text));
    if (o.data) {
      const data: Record<string, string> = {};
      for (const [k, v] of Object.entries(o.data).sort()) {
        data[k] = normalizeOutputText(text(v));
      }
      out.data = data;
    }
    if (o.ename !== undefined) out.ename = o.ename;
    if (o.evalue !== undefined) out.evalue = normalizeOutputText(o.evalue);
    return out;
  });
}

/**
 * Compares the outputs of two versions of a notebook (same cells).
 *
 * @param committed The notebook as committed.
 * @param ran The same notebook after a run.
 * @returns `null` when equal apart from what changes from run to run, else
 *   what differs first.
 */
export function compareOutputs(
  committed: Notebook,
  ran: Notebook,
): string | null {
  if (committed.cells.length !== ran.cells.length) {
    return `${committed.cells.length} cells committed, ${ran.cells.length} run`;
  }
  for (let i = 0; i < committed.cells.length; i++) {
    const a = committed.cells[i]!;
    const b = ran.cells[i]!;
    if (cellText(a) !== cellText(b)) return `cell ${i}'s source differs`;
    if (a.cell_type !== "code") continue;
    const x = JSON.stringify(comparable(a));
    const y = JSON.stringify(comparable(b));
    if (x !== y) {
      let at = 0;
      while (at < x.length && x[at] === y[at]) at++;
      const show = (s: string) =>
        JSON.stringify(s.slice(Math.max(0, at - 40), at + 60));
      return `cell ${i} (${a.id ?? "no id"}): committed ${show(x)}, run ${
        show(y)
      }`;
    }
    if ((a.execution_count ?? null) !== (b.execution_count ?? null)) {
      return `cell ${i}'s execution count: committed ${a.execution_count}, run ${b.execution_count}`;
    }
  }
  return null;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === "object") {
    return Object.fromEntries(
      Object.keys(v as Record<string, unknown>).sort().map((k) => [
        k,
        sortKeys((v as Record<string, unknown>)[k]),
      ]),
    );
  }
  return v;
}

/**
 * The notebook as nbformat writes it: keys sorted, one-space indent, a
 * final newline.
 *
 * @param nb The notebook.
 * @returns The file's text.
 */
export function serializeNotebook(nb: Notebook): string {
  return JSON.stringify(sortKeys(nb), null, 1) + "\n";
}

/**
 * Stores a run's outputs (and execution counts) in the committed notebook,
 * unless they equal the committed ones apart from ids and times. Sources and
 * notebook metadata stay as committed.
 *
 * @param path The committed notebook's path.
 * @param committed Its content.
 * @param ran The same notebook after a run.
 * @param tokens Token strings that must not be stored.
 * @returns Whether the file was written.
 * @throws {Error} When the cells differ, or a token is in the outputs.
 */
export async function storeOutputs(
  path: string,
  committed: Notebook,
  ran: Notebook,
  tokens: readonly string[] = [],
): Promise<boolean> {
  if (compareOutputs(committed, ran) === null) return false;
  if (committed.cells.length !== ran.cells.length) {
    throw new Error(`${path}: the run has other cells than the file`);
  }
  const out: Notebook = structuredClone(committed);
  for (let i = 0; i < out.cells.length; i++) {
    const cell = out.cells[i]!;
    const r = ran.cells[i]!;
    if (cellText(cell) !== cellText(r)) {
      throw new Error(`${path}: cell ${i}'s source changed during the run`);
    }
    if (cell.cell_type !== "code") continue;
    cell.outputs = (r.outputs ?? []).map((o) => ({ ...o }));
    cell.execution_count = r.execution_count ?? null;
  }
  const body = serializeNotebook(out);
  const leaked = tokens.filter((t) => body.includes(t)).length;
  if (leaked) {
    throw new Error(`${path}: ${leaked} token string(s) in the outputs`);
  }
  await Deno.writeTextFile(path, body);
  return true;
}
