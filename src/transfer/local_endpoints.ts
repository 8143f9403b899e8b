/**
 * The Globus endpoints installed on this machine, found from their local
 * files, as the Python SDK's `LocalGlobusConnectPersonal` and
 * `LocalGlobusConnectServer`: no request is made, and nothing is checked
 * with Globus.
 *
 * @module
 */
import type { AuthClient, Identity } from "../auth/auth_client.ts";
import { checkOptions } from "../core/_options.ts";
import { pathFns } from "../core/_path.ts";
import { GlobusError } from "../core/errors.ts";
import { getEnv, homeDir, platform, readTextFile } from "../core/runtime.ts";
import { isPermissionError } from "../core/retry.ts";
import { kernelStack } from "../core/_kernel_stack.ts";

/**
 * Who owns the local Globus Connect Personal endpoint, as its `gridmap` file
 * names them: an identity id or a username (one is set, the other `null`).
 * Python's `GlobusConnectPersonalOwnerInfo`.
 */
export interface GlobusConnectPersonalOwnerInfo {
  /** The owner's Globus Auth identity id, or `null` when the file names a username. */
  readonly id: string | null;
  /** The owner's username (`name@globusid.org`), or `null` when the file names an id. */
  readonly username: string | null;
}

/** Options of {@linkcode LocalGlobusConnectPersonal}. */
export interface LocalGlobusConnectPersonalOptions {
  /**
   * Globus Connect Personal's configuration folder: what its `-dir` option
   * names on Linux and macOS. Default (also for `null`, Python's `None`):
   * `~/.globusonline`, or `%LOCALAPPDATA%\Globus Connect` on Windows.
   */
  configDir?: string | null | undefined;
}

/** Options of {@linkcode LocalGlobusConnectServer}. */
export interface LocalGlobusConnectServerOptions {
  /** The node's info file. Default: `/var/lib/globus-connect-server/info.json`. */
  infoPath?: string | undefined;
}

/** What starts the owner's line in Globus Connect Personal's `gridmap`. */
const GRIDMAP_DN_START =
  '"/C=US/O=Globus Consortium/OU=Globus Connect User/CN=';

/**
 * Reads a text file, or `null` when it (or a folder on its path) is not
 * there. Any other failure names the file and the fix.
 */
async function readIfThere(path: string, what: string): Promise<string | null> {
  try {
    return await readTextFile(path);
  } catch (e) {
    const code = (e as { code?: unknown })?.code;
    const name = (e as { name?: unknown })?.name;
    if (code === "ENOENT" || code === "ENOTDIR" || name === "NotFound") {
      return null;
    }
    let fix: string;
    if (isPermissionError(e)) {
      fix = `allow reading it (deno run --allow-read=${path})`;
    } else if (code === "EACCES" || code === "EPERM") {
      fix = "it is not readable by this user: check its permissions";
    } else if (code === "EISDIR" || name === "IsADirectory") {
      fix = "it is a folder, not a file: check the path";
    } else {
      fix = String((e as Error)?.message ?? e);
    }
    throw new GlobusError(`Cannot read ${what} ${path}: ${fix}`, {
      cause: e,
    });
  }
}

/**
 * Splits a `gridmap` line into words as a POSIX shell would (quotes and
 * backslashes), or `null` when a quote is left open.
 */
function shellWords(line: string): string[] | null {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === " " || c === "\t") {
      if (word !== null) words.push(word);
      word = null;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return null;
      word = (word ?? "") + line.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      word ??= "";
      for (i++;; i++) {
        if (i >= line.length) return null;
        const d = line[i]!;
        if (d === '"') break;
        if (
          d === "\\" && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)
        ) {
          word += line[++i];
        } else word += d;
      }
    } else if (c === "\\" && i + 1 < line.length) {
      word = (word ?? "") + line[++i];
    } else {
      word = (word ?? "") + c;
    }
  }
  if (word !== null) words.push(word);
  return words;
}

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/**
 * The identity id a `u_…` name encodes (the id's 16 bytes in unpadded
 * base32, lower case), or `null` when the name is not one.
 */
function identityIdFromName(name: string): string | null {
  if (!name.startsWith("u_") || name.length !== 28) return null;
  let bits = 0;
  let value = 0;
  const bytes: number[] = [];
  for (const c of name.slice(2).toUpperCase()) {
    const v = BASE32.indexOf(c);
    if (v < 0) return null;
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((value >> bits) & 0xff);
    }
  }
  const hex = bytes.slice(0, 16).map((b) => b.toString(16).padStart(2, "0"))
    .join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${
    hex.slice(16, 20)
  }-${hex.slice(20)}`;
}

/**
 * The owner named by a `gridmap` file's text, or `null` when it names none
 * (no owner line, or one that is not `"<DN>" <local user>`).
 */
function ownerFromGridmap(text: string): GlobusConnectPersonalOwnerInfo | null {
  const line = text.split(/\r?\n/).find((l) => l.startsWith(GRIDMAP_DN_START));
  if (line === undefined) return null;
  const words = shellWords(line.trim());
  if (words === null || words.length !== 2) return null;
  // The CN's value: what follows the DN's fourth "=".
  const name = words[0]!.split("=").slice(4).join("=");
  const id = identityIdFromName(name);
  return id !== null
    ? { id, username: null }
    : { id: null, username: `${name}@globusid.org` };
}

/**
 * The Globus Connect Personal endpoint installed for this user, read from
 * its configuration folder (`~/.globusonline/lta/` on Linux and macOS): its
 * endpoint id and its owner. Python's `LocalGlobusConnectPersonal`, with
 * `endpoint_id` as {@linkcode LocalGlobusConnectPersonal.getEndpointId}.
 * Nothing here is checked with Globus: the files may have been edited.
 *
 * Deno needs `--allow-env=HOME` (to find the folder) and `--allow-read` for
 * it.
 *
 * @example List the local endpoint's home folder
 * ```ts ignore
 * import { LocalGlobusConnectPersonal, TransferClient, UserApp } from "@globus-deno/sdk";
 * const local = new LocalGlobusConnectPersonal();
 * const epId = await local.getEndpointId();
 * if (epId === null) throw new Error("Globus Connect Personal is not set up here");
 * const app = new UserApp({ appName: "my-app", clientId: "61338d24-54d5-408f-a10d-66c06b59f6d2" });
 * const tc = new TransferClient({ app });
 * for (const entry of (await tc.operationLs(epId)).DATA) console.log(entry.name);
 * ```
 */
export class LocalGlobusConnectPersonal {
  #configDir: string | undefined;
  #endpointId: string | null = null;

  /**
   * Finds the endpoint's files (nothing is read yet).
   *
   * @param options `{ configDir }` for a configuration folder of its own.
   * @throws {TypeError} When `configDir` is given and is not a non-empty string.
   */
  constructor(options: LocalGlobusConnectPersonalOptions = {}) {
    checkOptions("LocalGlobusConnectPersonal", options, ["configDir"], {
      example:
        'new LocalGlobusConnectPersonal({ configDir: "~/.globusonline" })',
    });
    // null is Python's config_dir=None: the default folder.
    const configDir = options?.configDir ?? undefined;
    if (
      configDir !== undefined &&
      (typeof configDir !== "string" || configDir === "")
    ) {
      throw kernelStack(
        new TypeError(
          `Cannot create LocalGlobusConnectPersonal as 'configDir' must be a non-empty string (Globus Connect Personal's -dir folder): current value is ${
            JSON.stringify(configDir)
          }`,
        ),
      );
    }
    this.#configDir = configDir;
  }

  /**
   * The configuration folder: as given, or `~/.globusonline`
   * (`%LOCALAPPDATA%\Globus Connect` on Windows).
   *
   * @throws {GlobusError} When the home folder (or `LOCALAPPDATA`) is not
   *   known, naming the fix.
   */
  get configDir(): string {
    if (this.#configDir !== undefined) return this.#configDir;
    const { join } = pathFns();
    if (platform() === "win32") {
      const appData = getEnv("LOCALAPPDATA");
      if (!appData) {
        throw new GlobusError(
          "Cannot find Globus Connect Personal's folder: LOCALAPPDATA is not set (or not readable: deno run --allow-env=LOCALAPPDATA). Set it, or pass new LocalGlobusConnectPersonal({ configDir })",
        );
      }
      return this.#configDir = join(appData, "Globus Connect");
    }
    const home = homeDir();
    if (!home) {
      throw new GlobusError(
        "Cannot find Globus Connect Personal's folder ~/.globusonline: the home folder is not known (HOME is not set, or not readable: deno run --allow-env=HOME). Set it, or pass new LocalGlobusConnectPersonal({ configDir })",
      );
    }
    return this.#configDir = join(home, ".globusonline");
  }

  /** Where the endpoint keeps its data: `lta/` in the folder (the folder itself on Windows). */
  #dataDir(): string {
    return platform() === "win32"
      ? this.configDir
      : pathFns().join(this.configDir, "lta");
  }

  /**
   * The local endpoint's id, from `client-id.txt`; read once, then kept.
   * Python's `endpoint_id`.
   *
   * @returns The id, or `null` when Globus Connect Personal is not set up
   *   here (the file is missing).
   * @throws {GlobusError} When the file is there but cannot be read, naming
   *   the fix.
   */
  async getEndpointId(): Promise<string | null> {
    if (this.#endpointId !== null) return this.#endpointId;
    const path = pathFns().join(this.#dataDir(), "client-id.txt");
    const text = await readIfThere(
      path,
      "the Globus Connect Personal endpoint id from",
    );
    if (text === null) return null;
    return this.#endpointId = text.trim();
  }

  /**
   * The local endpoint's owner, from its `gridmap` file: an identity id or
   * a username. Given an `AuthClient`, the owner's identity record from
   * Globus Auth instead (`getIdentities`). Python's `get_owner_info`.
   *
   * @param authClient An AuthClient to look the owner up with.
   * @returns The owner (or the identity record), or `null` when the file is
   *   missing, names no owner, or Globus Auth returns no identity.
   * @throws {GlobusError} When the file is there but cannot be read.
   */
  async getOwnerInfo(): Promise<GlobusConnectPersonalOwnerInfo | null>;
  /**
   * The local endpoint owner's identity record, looked up with `authClient`.
   *
   * @param authClient An AuthClient to look the owner up with.
   * @returns The identity, or `null` when there is none.
   */
  async getOwnerInfo(
    authClient: Pick<AuthClient, "getIdentities">,
  ): Promise<Identity | null>;
  async getOwnerInfo(
    authClient?: Pick<AuthClient, "getIdentities">,
  ): Promise<GlobusConnectPersonalOwnerInfo | Identity | null> {
    const path = pathFns().join(this.#dataDir(), "gridmap");
    const text = await readIfThere(
      path,
      "the Globus Connect Personal owner from",
    );
    const owner = text === null ? null : ownerFromGridmap(text);
    if (owner === null || authClient === undefined) return owner;
    const res = owner.id !== null
      ? await authClient.getIdentities({ ids: owner.id })
      : await authClient.getIdentities({ usernames: owner.username! });
    return res.identities[0] ?? null;
  }
}

/**
 * The Globus Connect Server node installed on this machine, read from its
 * info file (`/var/lib/globus-connect-server/info.json`). Python's
 * `LocalGlobusConnectServer`, with `info_dict`, `endpoint_id` and
 * `domain_name` as methods. Nothing here is checked with Globus.
 *
 * @example The local endpoint's id, if this is a Globus Connect Server node
 * ```ts ignore
 * import { LocalGlobusConnectServer } from "@globus-deno/sdk";
 * console.log(await new LocalGlobusConnectServer().getEndpointId()); // null elsewhere
 * ```
 */
export class LocalGlobusConnectServer {
  /** The info file. */
  readonly infoPath: string;
  #info: Record<string, unknown> | null = null;

  /**
   * Names the info file (nothing is read yet).
   *
   * @param options `{ infoPath }` for another info file.
   * @throws {TypeError} When `infoPath` is given and is not a non-empty string.
   */
  constructor(options: LocalGlobusConnectServerOptions = {}) {
    checkOptions("LocalGlobusConnectServer", options, ["infoPath"], {
      example:
        'new LocalGlobusConnectServer({ infoPath: "/var/lib/globus-connect-server/info.json" })',
    });
    const { infoPath = "/var/lib/globus-connect-server/info.json" } = options ??
      {};
    if (typeof infoPath !== "string" || infoPath === "") {
      throw kernelStack(
        new TypeError(
          `Cannot create LocalGlobusConnectServer as 'infoPath' must be a non-empty string: current value is ${
            JSON.stringify(infoPath)
          }`,
        ),
      );
    }
    this.infoPath = infoPath;
  }

  /**
   * The node's info file as data; read once, then kept. Python's
   * `info_dict`.
   *
   * @returns The data, or `null` when there is no file, or it is not a
   *   JSON object (no Globus Connect Server node that can be used here).
   * @throws {GlobusError} When the file is there but cannot be read.
   */
  async getInfo(): Promise<Record<string, unknown> | null> {
    if (this.#info !== null) return this.#info;
    const text = await readIfThere(
      this.infoPath,
      "the Globus Connect Server info file",
    );
    if (text === null) return null;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return null;
    }
    if (data === null || typeof data !== "object" || Array.isArray(data)) {
      return null;
    }
    return this.#info = data as Record<string, unknown>;
  }

  /**
   * The local endpoint's id (the info file's `endpoint_id`).
   *
   * @returns The id, or `null` when it is not known.
   */
  async getEndpointId(): Promise<string | null> {
    const v = (await this.getInfo())?.["endpoint_id"];
    return typeof v === "string" ? v : null;
  }

  /**
   * The local endpoint's domain name (the info file's `domain_name`).
   *
   * @returns The domain name, or `null` when it is not known.
   */
  async getDomainName(): Promise<string | null> {
    const v = (await this.getInfo())?.["domain_name"];
    return typeof v === "string" ? v : null;
  }
}
