/**
 * A display name where an endpoint or collection id belongs is the most
 * common first mistake with Transfer. The request is still sent (as the
 * Python SDK does), but when the service answers 404 or 400 for a value that
 * is not a UUID, the error says that an id is needed and how to find it.
 * The typed methods send ids trimmed; a UUID with whitespace around it that
 * still reaches the service (a generic call's path, say) gets a hint that
 * names the whitespace.
 *
 * @module
 */
import { TransferAPIError } from "../core/errors.ts";
import { replaceMessage } from "../core/_replace_message.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `v0.10/endpoint/{id}…` and `v0.10/operation/endpoint/{id}/…`. */
const ENDPOINT_PATH = /^\/?v0\.10\/(?:operation\/)?endpoint\/([^/?#]+)/;

/** `v0.10/task/{id}…` and `v0.10/endpoint_manager/task/{id}…`. */
const TASK_PATH = /^\/?v0\.10\/(?:endpoint_manager\/)?task\/([^/?#]+)/;

/** The document fields that hold endpoint or collection ids. */
const BODY_FIELDS = ["source_endpoint", "destination_endpoint", "endpoint"];

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The GCS v4 "Globus Tutorial Endpoint 1" and "2" (`go#ep1`, `go#ep2`),
 * retired with GCS v4, and the collections that replace them. The Python
 * SDK's older examples (the "Minimal File Transfer Script") still name them.
 */
const RETIRED_TUTORIAL_ENDPOINTS: ReadonlyMap<string, [string, string]> =
  new Map([
    ["ddb59aef-6d04-11e5-ba46-22000b92c6ec", [
      "Globus Tutorial Endpoint 1",
      "6c54cade-bde5-45c1-bdea-f4bd71dba2cc",
    ]],
    ["ddb59af0-6d04-11e5-ba46-22000b92c6ec", [
      "Globus Tutorial Endpoint 2",
      "31ce9ba0-176d-45a5-add3-f37d233ba47d",
    ]],
  ]);

/** The hint for the retired tutorial endpoints a request names, or "". */
function retiredTutorialHint(path: string, json: unknown): string {
  const ids: string[] = [];
  const segment = ENDPOINT_PATH.exec(path)?.[1];
  if (segment !== undefined) ids.push(decode(segment));
  if (json && typeof json === "object" && !Array.isArray(json)) {
    for (const field of BODY_FIELDS) {
      const value = (json as Record<string, unknown>)[field];
      if (typeof value === "string") ids.push(value);
    }
  }
  let hint = "";
  for (const id of new Set(ids.map((i) => i.trim().toLowerCase()))) {
    // A Map: an id such as "constructor" is no key of it.
    const retired = RETIRED_TUTORIAL_ENDPOINTS.get(id);
    if (retired === undefined) continue;
    const n = retired[0].slice(-1);
    hint += `. ${id} is the retired GCS v4 "${
      retired[0]
    }" (older Globus examples name it): use "Globus Tutorial Collection ${n}", ${
      retired[1]
    }`;
  }
  return hint;
}

/** The endpoint values of a request that are not UUIDs: [as sent, decoded]. */
function nonUuidIds(path: string, json: unknown): [string, string][] {
  const found: [string, string][] = [];
  const segment = ENDPOINT_PATH.exec(path)?.[1];
  if (segment !== undefined) found.push([segment, decode(segment)]);
  if (json && typeof json === "object" && !Array.isArray(json)) {
    for (const field of BODY_FIELDS) {
      const value = (json as Record<string, unknown>)[field];
      if (typeof value === "string") found.push([value, value]);
    }
  }
  return found.filter(([, id]) => !UUID.test(id));
}

/** The letters of `id` that are not hex digits (an `o` typed for a `0`). */
function nonHexLetters(id: string): string[] {
  return id.match(/[g-z]/gi) ?? [];
}

/**
 * Whether `id` is almost a UUID (about 36 characters with at least three
 * dashes, hex digits but for at most two characters, but not one): a typo
 * or a partial copy, not a name.
 */
function isMangledUuid(id: string): boolean {
  return /^[0-9a-z-]+$/i.test(id) && id.length >= 30 && id.length <= 42 &&
    (id.match(/-/g)?.length ?? 0) >= 3 && nonHexLetters(id).length <= 2 &&
    !UUID.test(id);
}

/**
 * A UUID among other text: not next to a letter, digit or `-` (an id with
 * a character extra is a typo, told apart by {@linkcode isMangledUuid}).
 */
const UUID_INSIDE =
  /(?<![0-9a-z-])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-z-])/i;

/**
 * The id `id` is once the whitespace inside it is taken out or read as the
 * `-` it replaced (`"6c54cade bde5-…"`, an id broken over two lines), or
 * `undefined`.
 */
function spacedUuid(id: string): string | undefined {
  const t = id.trim();
  if (!/\s/.test(t)) return undefined;
  for (const fixed of [t.replace(/\s+/g, ""), t.replace(/\s+/g, "-")]) {
    if (UUID.test(fixed)) return fixed;
  }
  return undefined;
}

/**
 * The id inside `id` when it holds one among other text (a web app link's
 * `origin_id=…`, `{…}`, `"Name (6c54…)"`), or `undefined`.
 */
function embeddedUuid(id: string): string | undefined {
  if (UUID.test(id.trim())) return undefined;
  return UUID_INSIDE.exec(id)?.[0];
}

/** Whether `id` reads as a path (`/share/godata/`, `~/data`), not a name. */
function isPathLike(id: string): boolean {
  return /^\s*[~/]/.test(id);
}

/** Whether `id` is a UUID with whitespace around it (a pasted line end). */
function isPaddedUuid(id: string): boolean {
  return id !== id.trim() && UUID.test(id.trim());
}

/**
 * Adds the "an id is needed" hint to a 404/400 Transfer error caused by a
 * value that is not a UUID; returns any other error unchanged.
 *
 * @param err The error the request failed with.
 * @param path The request path (relative to the Transfer base URL).
 * @param json The request's JSON body, if any.
 * @returns The same error object, its message extended when it applies.
 */
export function withEndpointIdHint(
  err: unknown,
  path: string,
  json: unknown,
): unknown {
  if (
    !(err instanceof TransferAPIError) ||
    (err.httpStatus !== 404 && err.httpStatus !== 400)
  ) return err;
  const taskSegment = TASK_PATH.exec(path)?.[1];
  if (taskSegment !== undefined && !UUID.test(decode(taskSegment).trim())) {
    return withTaskIdHint(err, taskSegment);
  }
  const retired = retiredTutorialHint(path, json);
  if (retired !== "") {
    return replaceMessage(err, err.message, err.message + retired);
  }
  const found = nonUuidIds(path, json);
  if (found.length === 0) return err;
  const padded = [
    ...new Set(found.map(([, id]) => id).filter(isPaddedUuid)),
  ];
  const ids = found.filter(([, id]) => !isPaddedUuid(id));
  const old = err.message;
  // The service quotes the id as it was sent in the URL (%20 for spaces);
  // show the name as the user typed it. The URL itself stays encoded.
  const urlEnd = old.indexOf(" → ");
  let message = urlEnd < 0 ? old : old.slice(urlEnd);
  for (const [sent, name] of ids) {
    if (sent !== name) message = message.replaceAll(sent, name);
  }
  message = (urlEnd < 0 ? "" : old.slice(0, urlEnd)) + message;
  for (const id of padded) {
    message += `. ${
      JSON.stringify(id)
    } is an id with whitespace around it (a pasted line end or space), which is not part of it: send ${
      JSON.stringify(id.trim())
    } (id.trim())`;
  }
  const named = [...new Set(ids.map(([, name]) => name))];
  // An id with a space inside, or among other text: it is that id, not a
  // name to search for (the hint said endpointSearch("6c54cade bde5-…")).
  const all: string[] = [];
  for (const id of named) {
    const spaced = spacedUuid(id);
    const inside = spaced === undefined ? embeddedUuid(id) : undefined;
    if (spaced !== undefined) {
      message +=
        `. '${id}' is an id with whitespace inside it (a space or line break where the id has a '-' or nothing), which is not part of it: send ${
          JSON.stringify(spaced)
        }`;
    } else if (inside !== undefined) {
      message +=
        `. '${id}' holds the id ${inside} among other text: send the id alone, ${
          JSON.stringify(inside)
        }`;
    } else all.push(id);
  }
  for (const id of all.filter(isMangledUuid)) {
    const groups = id.split("-").map((g) => g.length).join("-");
    const letters = [...new Set(nonHexLetters(id))].map((c) => `'${c}'`);
    const notHex = letters.length === 0
      ? ""
      : `${letters.join(" and ")} ${
        letters.length === 1 ? "is not a hex digit" : "are not hex digits"
      } (0-9, a-f)`;
    // The shape is only worth telling when it is wrong; a letter typed for
    // a digit leaves it right.
    const wrong = id.length === 36 && groups === "8-4-4-4-12"
      ? `this one has that shape, but ${notHex}`
      : `this one has ${id.length} in groups of ${groups}${
        notHex === "" ? "" : `, and ${notHex}`
      }`;
    message +=
      `. '${id}' looks like an endpoint or collection id copied with a character missing, extra or changed: an id has 36 characters in groups of 8-4-4-4-12 hex digits, ${wrong}. Copy it again whole (from the collection's page in the Globus web app, or endpointSearch's results)`;
  }
  // A path where the id belongs: the arguments were swapped, or a path was
  // given in the id's place (TransferData's endpoints).
  for (const path of all.filter(isPathLike)) {
    message +=
      `. '${path}' is a path, not an endpoint or collection id: the collection's id comes first and the path after it, as in tc.operationLs(collectionId, ${
        JSON.stringify(path)
      }); a TransferData takes the two collection ids, and its addItem the paths`;
  }
  const names = all.filter((n) => !isMangledUuid(n) && !isPathLike(n));
  if (names.length === 0) return replaceMessage(err, old, message);
  const shown = names.map((n) => `'${n}'`).join(" and ");
  const search = JSON.stringify(names[0]);
  message += `. ${shown} ${
    names.length === 1 ? "is not an endpoint or collection id" : "are not ids"
  }: Transfer needs the id, a UUID such as 6c54cade-bde5-45c1-bdea-f4bd71dba2cc. Find it by name with (await tc.endpointSearch(${search}).toArray(1))[0]?.id, or copy it from the collection's page in the Globus web app`;
  return replaceMessage(err, old, message);
}

/**
 * The hint for a task id that is not a UUID (a collection's name or a
 * label where `getTask(taskId)` wants an id): the name as typed, not
 * percent-encoded, and where task ids come from.
 */
function withTaskIdHint(err: TransferAPIError, sent: string): unknown {
  const name = decode(sent);
  const old = err.message;
  const urlEnd = old.indexOf(" → ");
  const message = urlEnd < 0
    ? old.replaceAll(sent, name)
    : old.slice(0, urlEnd) + old.slice(urlEnd).replaceAll(sent, name);
  return replaceMessage(
    err,
    old,
    `${message}. '${name}' is not a task id: a task id is a UUID, as submitTransfer() returns it (task_id); find a task by its label with (await tc.taskList({ filter: { label: ${
      JSON.stringify(name)
    } } }).toArray(1))[0]?.task_id`,
  );
}
