/**
 * The emulator's option checks: the names each option bag takes (a Python
 * name or a misspelling is refused, not ignored) and the values
 * `startEmulator()` accepts, checked before any thread, server or
 * folder is made.
 *
 * @module
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import { checkOptions as checkOptionNames } from "../core/_options.ts";
import { kernelStack } from "../core/_kernel_stack.ts";
import { FaultInjector } from "./faults.ts";
import { isBlockedPort } from "../core/_blocked_port.ts";
import { defaultCollectionSpecs } from "./collections.ts";
import { homeOf, pathSegments } from "./paths.ts";
import type {
  ApproveOptions,
  EmulatorOptions,
  MintTokensOptions,
} from "./emulator.ts";
import type { SeedTasksOptions } from "./tasks.ts";

/** The option names of `startEmulator()` (`EmulatorOptions`). */
const EMULATOR_OPTIONS: readonly string[] = [
  "port",
  "root",
  "autoApprove",
  "faults",
  "tokenLifetimeS",
  "rotateRefreshTokens",
  "clock",
  "inProcess",
  "clients",
  "users",
  "confidentialClient",
  "collections",
  "taskDelayMs",
  "throttleBytesPerSecond",
  "statePath",
];
const EMULATOR_HINT = Object.freeze({
  example: "startEmulator({ autoApprove: true })",
});
const APPROVE_OPTIONS: readonly string[] = ["as"];
const APPROVE_HINT = Object.freeze({
  positional: "as",
  example: 'emulator.approve(url, { as: "alice" })',
});
const MINT_TOKENS_OPTIONS: readonly string[] = [
  "clientId",
  "refreshTokens",
  "identity",
];
const SEED_TASKS_OPTIONS: readonly string[] = ["successfulTransfers", "label"];
/** The names of a `CollectionSpec`. */
const COLLECTION_OPTIONS: readonly string[] = [
  "id",
  "displayName",
  "entityType",
  "description",
  "requiresDataAccessConsent",
  "ownerId",
  "readOnlyPaths",
  "files",
  "keywords",
];
const COLLECTION_EXAMPLE =
  'collections: [{ id: crypto.randomUUID(), displayName: "My collection" }]';
/** The names of an `EmulatorUserSpec`. */
const USER_OPTIONS: readonly string[] = ["username", "name", "id", "email"];
const USER_HINT = Object.freeze({
  positional: "username",
  example: 'users: [{ username: "bob@globus-emulator.org" }]',
});
/** The names of a `ClientRegistration`. */
const CLIENT_OPTIONS: readonly string[] = [
  "clientId",
  "clientSecret",
  "name",
  "redirectUris",
];
const CLIENT_HINT = Object.freeze({
  example: "clients: [{ clientId: crypto.randomUUID() }]",
});
const CONFIDENTIAL_CLIENT_OPTIONS: readonly string[] = [
  "clientId",
  "clientSecret",
];
/** A UUID, as Globus ids are. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Throws on a bad option of `startEmulator()`: an unknown name, a
 * value out of range, a fault setting, or a clock for a worker thread.
 */
export function checkStartOptions(options: EmulatorOptions): void {
  checkOptionNames("startEmulator()", options, EMULATOR_OPTIONS, EMULATOR_HINT);
  const { port = 0, tokenLifetimeS = 172800 } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw badNumber(
      port,
      `Cannot start the emulator as 'port' must be an integer from 0 to 65535: current value is ${
        numText(port)
      }`,
    );
  }
  if (isBlockedPort(port)) {
    throw new RangeError(
      `Cannot start the emulator on port ${port}: fetch refuses it (a "bad port" of the Fetch standard, blocked by browsers, Deno and Node alike), so no client or login page could reach it. Choose another port, e.g. 8000, or 0 for a free one`,
    );
  }
  if (
    typeof tokenLifetimeS !== "number" || !Number.isFinite(tokenLifetimeS) ||
    tokenLifetimeS <= 0
  ) {
    throw badNumber(
      tokenLifetimeS,
      `Cannot start the emulator as 'tokenLifetimeS' must be a positive number: current value is ${
        numText(tokenLifetimeS)
      }`,
    );
  }
  const throttle = options.throttleBytesPerSecond ?? null;
  if (throttle !== null && !(typeof throttle === "number" && throttle > 0)) {
    throw badNumber(
      throttle,
      `Cannot start the emulator as 'throttleBytesPerSecond' must be positive: current value is ${
        numText(throttle)
      }`,
    );
  }
  const delay = options.taskDelayMs;
  if (
    delay !== undefined &&
    !(typeof delay === "number" && Number.isFinite(delay) && delay >= 0)
  ) {
    throw badNumber(
      delay,
      `Cannot start the emulator as 'taskDelayMs' must be a number of milliseconds from 0: current value is ${
        numText(delay)
      }`,
    );
  }
  for (const name of ["autoApprove", "rotateRefreshTokens", "inProcess"]) {
    const v = options[name as keyof EmulatorOptions];
    if (v !== undefined && typeof v !== "boolean") {
      throw new TypeError(
        `Cannot start the emulator as '${name}' must be true or false: current value is ${
          shown(v)
        }`,
      );
    }
  }
  checkFolderOptions(options);
  const clock = options.clock as unknown;
  if (
    clock !== undefined &&
    typeof (clock as { now?: unknown } | null)?.now !== "function"
  ) {
    throw new TypeError(
      `Cannot start the emulator as 'clock' must have a now() method giving milliseconds since the epoch, e.g. { now: () => Date.now() + 3_600_000 }: current value is ${
        shown(clock)
      }`,
    );
  }
  new FaultInjector(options.faults);
  checkUsers(options.users);
  checkClients(options.clients);
  const ccExample =
    'confidentialClient: { clientId: crypto.randomUUID(), clientSecret: "…" }';
  checkOptionNames(
    "startEmulator() confidentialClient",
    options.confidentialClient,
    CONFIDENTIAL_CLIENT_OPTIONS,
    { example: ccExample },
  );
  if (options.confidentialClient !== undefined) {
    for (const name of CONFIDENTIAL_CLIENT_OPTIONS) {
      const v = (options.confidentialClient as Record<string, unknown>)[name];
      if (typeof v !== "string" || v === "") {
        throw new TypeError(
          `Cannot start the emulator as confidentialClient.${name} must be a non-empty string (a confidential client has both an id and a secret), e.g. ${ccExample}: current value is ${
            shown(v)
          }`,
        );
      }
    }
  }
  checkCollections(options.collections);
  if (options.inProcess === false && options.clock !== undefined) {
    throw new TypeError(
      "Cannot start the emulator as 'clock' cannot cross to a worker thread: drop 'inProcess: false' (a clock runs the emulator in the caller's thread) or the clock",
    );
  }
}

/**
 * Checks `root` and `statePath`: strings, `root` no file and `statePath`
 * no folder (where they exist and can be looked at; a path that cannot is
 * left to the start, which says why).
 */
function checkFolderOptions(options: EmulatorOptions): void {
  const wants = {
    root: 'a folder (made if missing), e.g. root: "./emulator-files"',
    statePath:
      'a file (made if missing), e.g. statePath: "emulator-state.json"',
  } as const;
  for (const name of ["root", "statePath"] as const) {
    const v = options[name] as unknown;
    if (v === undefined) continue;
    if (typeof v !== "string" || v.trim() === "") {
      throw new TypeError(
        `Cannot start the emulator as '${name}' must be the path of ${
          wants[name]
        }: current value is ${shown(v)}`,
      );
    }
    let isDir: boolean | undefined;
    try {
      isDir = statSync(v, { throwIfNoEntry: false })?.isDirectory();
    } catch {
      isDir = undefined;
    }
    if (name === "root" && isDir === false) {
      throw new TypeError(
        `Cannot start the emulator as 'root' ${v} is a file, not a folder: give ${wants.root}`,
      );
    }
    if (name === "statePath" && isDir === true) {
      throw new TypeError(
        `Cannot start the emulator as 'statePath' ${v} is a folder: give the path of a file (made if missing), e.g. statePath: ${
          JSON.stringify(join(v, "emulator-state.json"))
        }`,
      );
    }
  }
}

/**
 * The error for a bad numeric option: a `RangeError` for a number out of
 * range, a `TypeError` for a value that is no number (`"100"`).
 */
function badNumber(value: unknown, message: string): Error {
  return typeof value === "number"
    ? new RangeError(message)
    : new TypeError(message);
}

/** Shows a value meant to be a number: a number as it is, others described. */
function numText(value: unknown): string {
  return typeof value === "number" ? String(value) : shown(value);
}

/** Shows a value in a message: short strings quoted, others described. */
function shown(value: unknown): string {
  if (typeof value === "string") {
    return value.length <= 60
      ? JSON.stringify(value)
      : `a string (${value.length} characters)`;
  }
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return "an array";
  return typeof value === "object"
    ? "an object"
    : `${typeof value} ${String(value)}`;
}

/**
 * Throws unless `value` is an array (or left out).
 *
 * @param name The option.
 * @param value Its value.
 * @param example A right value.
 */
function checkArray(name: string, value: unknown, example: string): void {
  if (value === undefined || Array.isArray(value)) return;
  throw new TypeError(
    `Cannot start the emulator as '${name}' must be an array, e.g. ${example}: current value is ${
      shown(value)
    }`,
  );
}

/** Checks the `users` option: an array of user specs with known names. */
function checkUsers(users: unknown): void {
  checkArray("users", users, '[{ username: "bob@globus-emulator.org" }]');
  (users as unknown[] | undefined)?.forEach((u, i) =>
    checkOptionNames(`startEmulator() users[${i}]`, u, USER_OPTIONS, {
      ...USER_HINT,
      required: true,
    })
  );
}

/** Checks the `clients` option: an array of registrations with known names. */
function checkClients(clients: unknown): void {
  checkArray("clients", clients, "[{ clientId: crypto.randomUUID() }]");
  (clients as unknown[] | undefined)?.forEach((c, i) =>
    checkClientRegistration(`startEmulator() clients[${i}]`, c)
  );
}

/**
 * Checks the `collections` option: an array of specs with known names,
 * each with its own UUID (not a built-in collection's), a display name,
 * and files by path inside the collection.
 */
function checkCollections(collections: unknown): void {
  checkArray(
    "collections",
    collections,
    `[{ id: crypto.randomUUID(), displayName: "My collection" }]`,
  );
  if (collections === undefined) return;
  const builtIn = new Map(
    defaultCollectionSpecs().map((c) => [c.id.toLowerCase(), c.displayName]),
  );
  const seen = new Map<string, number>();
  (collections as unknown[]).forEach((spec, i) => {
    const where = `collections[${i}]`;
    checkOptionNames(`startEmulator() ${where}`, spec, COLLECTION_OPTIONS, {
      example: COLLECTION_EXAMPLE,
      required: true,
    });
    const s = spec as Record<string, unknown>;
    const id = s.id;
    if (typeof id !== "string" || !UUID.test(id)) {
      throw new TypeError(
        `Cannot start the emulator as ${where}.id must be a UUID, as Globus collection ids are (make one with crypto.randomUUID()): current value is ${
          shown(id)
        }`,
      );
    }
    const clash = builtIn.get(id.toLowerCase());
    if (clash !== undefined) {
      throw new TypeError(
        `Cannot start the emulator as ${where}.id ${id} is the id of "${clash}", which the emulator serves already: give your collection its own id (crypto.randomUUID())`,
      );
    }
    const earlier = seen.get(id.toLowerCase());
    if (earlier !== undefined) {
      throw new TypeError(
        `Cannot start the emulator as ${where}.id ${id} is also the id of collections[${earlier}]: give each collection its own id (crypto.randomUUID())`,
      );
    }
    seen.set(id.toLowerCase(), i);
    if (typeof s.displayName !== "string" || s.displayName.trim() === "") {
      throw new TypeError(
        `Cannot start the emulator as ${where}.displayName must be a non-empty string (the name Transfer shows): current value is ${
          shown(s.displayName)
        }`,
      );
    }
    checkTypes(where, s);
    checkFiles(where, s.files);
  });
}

/** The types of a collection spec's other fields. */
const COLLECTION_FIELD_TYPES: Readonly<Record<string, string>> = {
  entityType: "string",
  description: "string",
  requiresDataAccessConsent: "boolean",
  ownerId: "string",
  keywords: "string",
};

/** Checks the types of a collection spec's optional fields. */
function checkTypes(where: string, s: Record<string, unknown>): void {
  for (const [name, type] of Object.entries(COLLECTION_FIELD_TYPES)) {
    const v = s[name];
    if (v !== undefined && typeof v !== type) {
      throw new TypeError(
        `Cannot start the emulator as ${where}.${name} must be a ${type}: current value is ${
          shown(v)
        }`,
      );
    }
  }
  const ro = s.readOnlyPaths;
  if (
    ro !== undefined &&
    !(Array.isArray(ro) && ro.every((p) => typeof p === "string"))
  ) {
    throw new TypeError(
      `Cannot start the emulator as ${where}.readOnlyPaths must be an array of path prefixes, e.g. ["/share/"]: current value is ${
        shown(ro)
      }`,
    );
  }
}

/**
 * Checks a collection spec's `files`: an object of path → content, each
 * path naming a file inside the collection (`..` cannot climb above its
 * root; `/~/` is the owner's home, two folders down, as Transfer reads it).
 */
function checkFiles(where: string, files: unknown): void {
  if (files === undefined) return;
  const proto = files !== null && typeof files === "object"
    ? Object.getPrototypeOf(files)
    : undefined;
  // A plain object, from this realm or another (a notebook, a worker).
  if (
    proto === undefined ||
    proto !== null && proto.constructor?.name !== "Object"
  ) {
    throw new TypeError(
      `Cannot start the emulator as ${where}.files must be an object of path → content, e.g. { "/data/a.txt": "text" }: current value is ${
        shown(files)
      }`,
    );
  }
  for (
    const [path, content] of Object.entries(files as Record<string, unknown>)
  ) {
    const problem = seedPathProblem(path);
    if (problem) {
      throw new TypeError(
        `Cannot start the emulator as the path ${
          shown(path)
        } of ${where}.files ${problem}`,
      );
    }
    if (typeof content !== "string") {
      throw new TypeError(
        `Cannot start the emulator as ${where}.files[${
          shown(path)
        }] must be a string (the file's content): current value is ${
          shown(content)
        }`,
      );
    }
  }
}

/**
 * What is wrong with the path of a file to seed, or `undefined`.
 *
 * @param path The path as given.
 * @returns The rest of a sentence ("is relative: …"), or `undefined`.
 */
function seedPathProblem(path: string): string | undefined {
  const name =
    path.split("/").filter((x) => x && x !== ".." && x !== "." && x !== "~")
      .pop() ?? "file.txt";
  if (path.includes("\0")) {
    return "holds a NUL character, which no file name can: remove it";
  }
  const p = path.trim();
  if (!p.startsWith("/") && !/^~(?:\/|$)/.test(p)) {
    return `is relative: start it with "/" for the collection's root ("/${name}") or "/~/" for its owner's home ("/~/${name}")`;
  }
  // Every home is two folders down (`/home/demo`), so where `..` leads
  // does not depend on whose it is.
  const parts = pathSegments(p, homeOf("owner"));
  if (parts === undefined) {
    return `leads outside the collection ('..' above its root): give a path inside it, e.g. "/${name}"`;
  }
  if (p.endsWith("/") || parts.length === 0 || /\/~\/*$|^~\/*$/.test(p)) {
    return `names a folder, not a file: give a file's path, e.g. "${
      p.replace(/\/+$/, "")
    }/file.txt" (folders are made as needed)`;
  }
  return undefined;
}

/** Throws on an unknown option name of `Emulator.approve()`. */
export function checkApproveOptions(
  options: ApproveOptions,
  where = "Emulator.approve()",
): void {
  checkOptionNames(where, options, APPROVE_OPTIONS, APPROVE_HINT);
  checkValueTypes(where, options, { as: "user" });
}

/** What an option of a method's bag must be. */
type ValueKind = "boolean" | "user" | "clientId" | "count" | "string";

const VALUE_KINDS: Record<ValueKind, [(v: unknown) => boolean, string]> = {
  boolean: [(v) => typeof v === "boolean", "true or false"],
  user: [
    (v) => typeof v === "string" && v !== "",
    'a user: an id, a username or its part before "@" (e.g. "alice")',
  ],
  clientId: [
    (v) => typeof v === "string" && v !== "",
    "a client id (a string, e.g. emulator.nativeClientId)",
  ],
  count: [
    (v) => typeof v === "number" && Number.isInteger(v) && v >= 0,
    "a whole number from 0",
  ],
  string: [(v) => typeof v === "string", "a string"],
};

/**
 * Throws when a named option holds a value of the wrong kind (a string
 * "yes" for a boolean was taken as true).
 *
 * @param where The call, for the message.
 * @param options The bag (names already checked).
 * @param kinds What each option must be.
 */
function checkValueTypes(
  where: string,
  options: object | undefined,
  kinds: Record<string, ValueKind>,
): void {
  if (options === undefined || options === null) return;
  for (const [name, kind] of Object.entries(kinds)) {
    const v = (options as Record<string, unknown>)[name];
    if (v === undefined) continue;
    const [ok, want] = VALUE_KINDS[kind];
    if (!ok(v)) {
      throw kernelStack(
        new (typeof v === "number" && kind === "count"
          ? RangeError
          : TypeError)(
          `${where}: '${name}' must be ${want}: current value is ${shown(v)}`,
        ),
      );
    }
  }
}

/** Throws on an unknown option name of `Emulator.mintTokens()`. */
export function checkMintTokensOptions(options: MintTokensOptions): void {
  checkOptionNames("Emulator.mintTokens()", options, MINT_TOKENS_OPTIONS);
  checkValueTypes("Emulator.mintTokens()", options, {
    clientId: "clientId",
    refreshTokens: "boolean",
    identity: "user",
  });
}

/** What `Emulator.mintTokens()` takes as its scopes. */
export type MintScopes = string | object | Iterable<string | object>;

/**
 * `Emulator.mintTokens()`'s scopes as one space-separated string: a scope
 * string, a `Scope`, or a list (any iterable) of them, as the SDK's login
 * calls take them (a list was refused as "not object"). A `Scope` is read
 * by its text, not by class: the emulator may load its own copy of the SDK.
 *
 * @param scopes The caller's scopes.
 * @returns The scope string.
 * @throws {TypeError} For no scopes, or a value that is not a scope.
 */
export function mintScopesText(scopes: unknown): string {
  const what = (v: unknown) => v === null ? "null" : typeof v;
  const one = (v: unknown): string | undefined => {
    if (typeof v === "string") return v.trim();
    // A Scope (its toString() is its text), not a plain object.
    if (
      typeof v === "object" && v !== null &&
      typeof (v as { toString?: unknown }).toString === "function" &&
      (v as object).toString !== Object.prototype.toString &&
      !(Symbol.iterator in v)
    ) return String(v).trim();
    return undefined;
  };
  const single = one(scopes);
  let text: string;
  if (single !== undefined) {
    text = single;
  } else if (
    typeof scopes === "object" && scopes !== null && Symbol.iterator in scopes
  ) {
    text = [...scopes as Iterable<unknown>].map((s) => {
      const t = one(s);
      if (t === undefined) {
        throw kernelStack(
          new TypeError(
            `Emulator.mintTokens() takes scope strings or Scopes, and one of the scopes is ${
              what(s)
            }: e.g. emulator.mintTokens([TransferClient.scopes.all, "openid"])`,
          ),
        );
      }
      return t;
    }).filter((t) => t !== "").join(" ");
  } else {
    text = "";
  }
  if (text === "") {
    // A JavaScript caller's mintTokens() failed with "Cannot read
    // properties of undefined (reading 'match')".
    throw kernelStack(
      new TypeError(
        `Emulator.mintTokens() needs the scopes to mint tokens for (a scope string, a Scope or a list of them), not ${
          typeof scopes === "string" || single === ""
            ? "an empty string"
            : single === undefined && typeof scopes === "object" &&
                scopes !== null && Symbol.iterator in scopes
            ? "an empty list"
            : what(scopes)
        }: e.g. emulator.mintTokens(TransferClient.scopes.all)`,
      ),
    );
  }
  return text;
}

/** Throws on an unknown option name of `Emulator.seedTasks()`. */
export function checkSeedTasksOptions(options: SeedTasksOptions): void {
  checkOptionNames("Emulator.seedTasks()", options, SEED_TASKS_OPTIONS);
  checkValueTypes("Emulator.seedTasks()", options, {
    successfulTransfers: "count",
    label: "string",
  });
}

/**
 * Throws on a bad client registration (`registerClient()`, the `clients`
 * option): an id that is no non-empty string (`{}` registered a client
 * with the id `undefined`), or a secret, name or redirect URIs of the
 * wrong type.
 *
 * @param where The call, for the message.
 * @param client The registration.
 */
export function checkClientRegistration(where: string, client: unknown): void {
  checkOptionNames(where, client, CLIENT_OPTIONS, {
    ...CLIENT_HINT,
    required: true,
  });
  const c = client as Record<string, unknown>;
  if (typeof c.clientId !== "string" || c.clientId.trim() === "") {
    throw kernelStack(
      new TypeError(
        `${where}: 'clientId' must be the client's id (a non-empty string; Globus client ids are UUIDs), e.g. { clientId: crypto.randomUUID() }: current value is ${
          shown(c.clientId)
        }`,
      ),
    );
  }
  if (c.clientSecret !== undefined && c.clientSecret !== null) {
    if (typeof c.clientSecret !== "string" || c.clientSecret === "") {
      throw kernelStack(
        new TypeError(
          `${where}: 'clientSecret' must be a non-empty string (a confidential client's secret), or left out for a native app: current value is ${
            shown(c.clientSecret)
          }`,
        ),
      );
    }
  }
  checkValueTypes(where, c, { name: "string" });
  const uris = c.redirectUris;
  if (
    uris !== undefined &&
    !(Array.isArray(uris) && uris.every((u) => typeof u === "string"))
  ) {
    throw kernelStack(
      new TypeError(
        `${where}: 'redirectUris' must be an array of URLs, e.g. ["http://localhost:8080/callback"]: current value is ${
          shown(uris)
        }`,
      ),
    );
  }
}
