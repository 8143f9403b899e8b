/**
 * Internal: a document submitted again after it changed.
 *
 * A submit sets a submission id on the document (or keeps the one it has),
 * so that a retried POST never makes two tasks: Globus answers a second
 * submit with that id `Duplicate`, with the first task's id, and ignores
 * what the second one holds. A document that was changed after its
 * submit (items added in a notebook cell run again, an option set) would
 * so be submitted for nothing, and the change lost without a word. Such a
 * submit is refused before anything is sent; the same document unchanged
 * is sent as before (Globus answers `Duplicate`, as in the Python SDK).
 *
 * @module
 */
import { kernelStack } from "../core/_kernel_stack.ts";

/** What a document held when it was last submitted. */
interface Submitted {
  submissionId: string;
  fingerprint: string;
  taskId: string | undefined;
  items: number;
}

const submitted = new WeakMap<object, Submitted>();

/**
 * A fingerprint of a document's JSON text: its length and a 53-bit
 * FNV-1a-style hash (two 32-bit halves). Not for security: it tells one
 * version of a document from the next.
 */
export function fingerprint(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return `${text.length}:${(h1 >>> 0).toString(36)}:${(h2 >>> 0).toString(36)}`;
}

function itemCount(json: unknown): number {
  const data = (json as { DATA?: unknown } | null)?.DATA;
  return Array.isArray(data) ? data.length : 0;
}

/**
 * Refuses to submit `doc` again with the submission id of an earlier
 * submit when it has changed since; returns the fingerprint to record
 * once the submit succeeds.
 *
 * @param doc The object the caller passed (a builder or a raw document).
 * @param json The document as it is sent.
 * @param kind `"transfer"` or `"delete"`.
 * @param isBuilder Whether `doc` is a `TransferData` or `DeleteData`.
 * @returns The document's fingerprint.
 * @throws {TypeError} When it changed since a submit with the same id.
 */
export function checkResubmit(
  doc: object,
  json: unknown,
  kind: "transfer" | "delete",
  isBuilder: boolean,
): string {
  const print = fingerprint(JSON.stringify(json));
  const before = submitted.get(doc);
  const id = (json as { submission_id?: unknown }).submission_id;
  if (before && before.submissionId === id && before.fingerprint !== print) {
    const builder = kind === "transfer" ? "TransferData" : "DeleteData";
    const now = itemCount(json);
    const clear = isBuilder
      ? `clear its submission id first (${
        kind === "transfer" ? "tdata" : "ddata"
      }.submissionId = undefined; a new one is fetched), or build a new ${builder}`
      : `delete its submission_id first (a new one is fetched), or build a new document`;
    throw kernelStack(
      new TypeError(
        `Cannot submit this ${
          isBuilder ? builder : `${kind} document`
        } again: it was submitted as task ${
          before.taskId ?? "(unknown)"
        } with submission id ${id}, and it has changed since (${before.items} item${
          before.items === 1 ? "" : "s"
        } then, ${now} now). Globus would answer Duplicate with that task and leave the change out. To submit it as a new task (every item again), ${clear}`,
      ),
    );
  }
  return print;
}

/**
 * Records a successful submit of `doc`.
 *
 * @param doc The object the caller passed.
 * @param json The document as it was sent.
 * @param print Its fingerprint ({@linkcode checkResubmit}'s).
 * @param taskId The task id Globus answered with.
 */
export function recordSubmit(
  doc: object,
  json: unknown,
  print: string,
  taskId: string | undefined,
): void {
  const id = (json as { submission_id?: unknown }).submission_id;
  if (typeof id !== "string") return;
  submitted.set(doc, {
    submissionId: id,
    fingerprint: print,
    taskId,
    items: itemCount(json),
  });
}
