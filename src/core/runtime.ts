/**
 * The runtime adapter: the only file that touches `Deno.*` or Node's
 * `process`. Everything else asks here, so the same sources run on Deno and
 * on Node (the npm build).
 *
 * @module
 */

// No static `node:` import here or anywhere on mod.ts's import path: Deno's
// Node layer costs 5–20 ms the first time a module of it (or the global
// `process`) is touched, so built-ins are loaded where they are used.

import { holdRawTerminal, readHeldLine } from "./_raw_terminal.ts";

// deno-lint-ignore no-explicit-any
const g = globalThis as any;

/** `true` when running under Deno. */
export const isDeno: boolean = typeof g.Deno?.version?.deno === "string";

/**
 * `true` on Node with `process.getBuiltinModule` (≥ 20.16), where requests
 * go through `node:http` by default. Never read on Deno: its first read of
 * `process` loads Deno's Node layer.
 */
export const hasNodeBuiltins: boolean = !isDeno &&
  typeof g.process?.getBuiltinModule === "function";

/** The Node built-ins used synchronously, by name. */
interface SyncBuiltins {
  "node:fs": typeof import("node:fs");
  "node:os": typeof import("node:os");
  "node:path": typeof import("node:path");
  "node:url": typeof import("node:url");
  "node:http": typeof import("node:http");
  "node:https": typeof import("node:https");
  "node:net": typeof import("node:net");
  "node:tls": typeof import("node:tls");
  "node:zlib": typeof import("node:zlib");
  "node:stream": typeof import("node:stream");
  "node:process": typeof import("node:process");
}

/**
 * A Node built-in, loaded synchronously on first use through
 * `process.getBuiltinModule` (Node ≥ 20.16, Deno 2). There is no top-level
 * `await` anywhere on mod.ts's import path, so CommonJS code can
 * `require()` the npm build (Node ≥ 20.19 and ≥ 22.12 load ES modules
 * that way only when their graph has none).
 *
 * @param name The module.
 * @returns The module's namespace.
 * @throws {Error} On a runtime without `process.getBuiltinModule`, naming
 *   the versions that have it.
 */
export function nodeBuiltin<K extends keyof SyncBuiltins>(
  name: K,
): SyncBuiltins[K] {
  const m = g.process?.getBuiltinModule?.(name);
  if (!m) {
    throw new Error(
      `Cannot load ${name}: this runtime has no process.getBuiltinModule (use Node ≥ 20.16 or Deno ≥ 2.1)`,
    );
  }
  return m;
}

let fsPromises: Promise<typeof import("node:fs/promises")> | undefined;

/**
 * `node:fs/promises`, loaded on first use.
 *
 * @returns The module's namespace.
 */
export function nodeFs(): Promise<typeof import("node:fs/promises")> {
  return fsPromises ??= import("node:fs/promises");
}

/** The fields of Node's `fs.Stats` that the token file reads. */
export interface FileStat {
  isFile(): boolean;
  isSymbolicLink(): boolean;
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  mode: number;
}

/**
 * `lstat`: `Deno.lstat` on Deno (Node's layer would cost Deno ~20 ms on a
 * cold start; the times have the same millisecond precision there), Node's
 * own elsewhere. Errors carry the same `code` (`ENOENT`, `ENOTDIR`, …).
 *
 * @param path The path.
 * @returns What it is.
 */
export async function lstatFile(path: string): Promise<FileStat> {
  if (!isDeno) return await (await nodeFs()).lstat(path);
  return fromDenoStat(await g.Deno.lstat(path));
}

/**
 * `lstat`, synchronously (`Deno.lstatSync`, Node's `lstatSync`): for the
 * token file's reads, so that a cold start does not start the runtime's
 * blocking thread pool for a few kilobytes (see `tokens/json_storage.ts`).
 * Errors carry the same `code` as {@linkcode lstatFile}'s.
 *
 * @param path The path.
 * @returns What it is.
 */
export function lstatFileSync(path: string): FileStat {
  if (!isDeno) return nodeBuiltin("node:fs").lstatSync(path);
  return fromDenoStat(g.Deno.lstatSync(path));
}

/** A `Deno.FileInfo` as the fields of Node's `fs.Stats` used here. */
function fromDenoStat(
  // deno-lint-ignore no-explicit-any
  s: any,
): FileStat {
  return {
    isFile: () => s.isFile,
    isSymbolicLink: () => s.isSymlink,
    dev: s.dev ?? 0,
    ino: s.ino ?? 0,
    size: s.size,
    mtimeMs: s.mtime?.getTime() ?? 0,
    ctimeMs: s.ctime?.getTime() ?? 0,
    mode: s.mode ?? 0,
  };
}

/**
 * Reads a UTF-8 text file (`Deno.readTextFile` on Deno, see
 * {@linkcode lstatFile}).
 *
 * @param path The file.
 * @returns Its text.
 */
export async function readTextFile(path: string): Promise<string> {
  if (isDeno) return await g.Deno.readTextFile(path);
  return await (await nodeFs()).readFile(path, { encoding: "utf-8" });
}

/**
 * Reads a UTF-8 text file synchronously (see {@linkcode lstatFileSync}).
 *
 * @param path The file.
 * @returns Its text.
 */
export function readTextFileSync(path: string): string {
  if (isDeno) return g.Deno.readTextFileSync(path);
  return nodeBuiltin("node:fs").readFileSync(path, { encoding: "utf-8" });
}

/**
 * The platform as Node names it (`"linux"`, `"darwin"`, `"win32"`, …), read
 * without touching Node's `process` on Deno.
 *
 * @returns The platform.
 */
export function platform(): string {
  if (isDeno) {
    const os = g.Deno.build.os as string;
    return os === "windows" ? "win32" : os;
  }
  return g.process?.platform ?? "unknown";
}

/**
 * This process's id.
 *
 * @returns The pid.
 */
export function pid(): number {
  return isDeno ? g.Deno.pid : g.process.pid;
}

/**
 * The host name (on Deno this needs `--allow-sys=hostname`).
 *
 * @returns The host name.
 * @throws {Error} When it cannot be read.
 */
export function hostName(): string {
  return isDeno ? g.Deno.hostname() : nodeBuiltin("node:os").hostname();
}

/**
 * Sends a signal to a process (`process.kill`): `0` asks whether it exists.
 *
 * @param target The process id.
 * @param signal The signal.
 * @throws {Error} With `code` `ESRCH` (no such process), `EPERM`, …
 */
export function killProcess(target: number, signal: number | string): void {
  g.process.kill(target, signal);
}

/**
 * Listens for SIGINT (Ctrl-C): Deno's `Deno.addSignalListener`, Node's
 * `process.on`. While a listener is installed, an interrupt no longer ends
 * the program by itself.
 *
 * @param handler Called on each interrupt.
 * @returns Removes the listener (the default comes back once none is
 *   left), or `undefined` where SIGINT cannot be listened for.
 */
export function listenForSigint(
  handler: () => void,
): (() => void) | undefined {
  try {
    if (isDeno) {
      if (typeof g.Deno.addSignalListener !== "function") return undefined;
      g.Deno.addSignalListener("SIGINT", handler);
      return () => g.Deno.removeSignalListener("SIGINT", handler);
    }
    const proc = g.process;
    if (typeof proc?.on !== "function") return undefined;
    proc.on("SIGINT", handler);
    return () => proc.off("SIGINT", handler);
  } catch {
    // No SIGINT here (Windows without a console, a sandbox): the default
    // stays.
    return undefined;
  }
}

/**
 * Node's major and minor version (`[0, 0]` outside Node).
 *
 * @returns The version's first two numbers.
 */
export function nodeVersion(): readonly [number, number] {
  const v = isDeno ? undefined : g.process?.versions?.node;
  if (typeof v !== "string") return [0, 0];
  const [major = 0, minor = 0] = v.split(".").map(Number);
  return [major, minor];
}

/** The runtime name and version, for the User-Agent header. */
export function runtimeDescription(): string {
  if (isDeno) return `deno/${g.Deno.version.deno}`;
  const v = g.process?.versions?.node;
  return v ? `node/${v}` : "unknown";
}

/**
 * Reads an environment variable. Returns `undefined` when it is unset, or
 * when Deno runs without `--allow-env` for it (no permission prompt is
 * shown).
 *
 * @param name The variable's name.
 * @returns Its value, or `undefined`.
 */
export function getEnv(name: string): string | undefined {
  if (!isDeno) return g.process?.env?.[name] ?? undefined;
  if (!envReadable(name)) return undefined;
  try {
    return g.Deno.env.get(name) ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether an environment variable may be read: always on Node; on Deno only
 * with `--allow-env` for it (asking never shows a permission prompt).
 *
 * @param name The variable's name.
 * @returns `false` when Deno's permissions hide the variable.
 */
export function envReadable(name: string): boolean {
  if (!isDeno) return true;
  try {
    const status = g.Deno.permissions.querySync?.({
      name: "env",
      variable: name,
    });
    return !status || status.state === "granted";
  } catch {
    return false;
  }
}

/**
 * The user's home directory, or `undefined` when unknown or not permitted.
 *
 * @returns An absolute path.
 */
export function homeDir(): string | undefined {
  const fromEnv = getEnv("HOME") ?? getEnv("USERPROFILE");
  if (fromEnv) return fromEnv;
  // Python's `expanduser("~")` falls back to the password database where
  // HOME is not set (a systemd service without User=, `env -i`); so does
  // `os.homedir()`. Only where HOME was readable and unset (not hidden by
  // Deno's permissions), and on Deno only with `--allow-sys=homedir`
  // (asked without a prompt).
  if (
    isDeno &&
    (!envReadable("HOME") || !permitted({ name: "sys", kind: "homedir" }))
  ) {
    return undefined;
  }
  try {
    const os = g.process?.getBuiltinModule?.("node:os") as
      | { homedir?: () => string }
      | undefined;
    const home = os?.homedir?.();
    return typeof home === "string" && home !== "" ? home : undefined;
  } catch {
    return undefined;
  }
}

/** Whether standard error is an interactive terminal. */
export function stderrIsTerminal(): boolean {
  try {
    if (isDeno) return g.Deno.stderr.isTerminal();
    return Boolean(g.process?.stderr?.isTTY);
  } catch {
    return false;
  }
}

/**
 * How many columns the terminal has, or `undefined` when standard error is
 * not a terminal (or its size is unknown).
 *
 * @returns The width in characters.
 */
export function terminalColumns(): number | undefined {
  try {
    const cols = isDeno
      ? g.Deno.consoleSize?.().columns
      : g.process?.stderr?.columns;
    return typeof cols === "number" && cols > 0 ? cols : undefined;
  } catch {
    return undefined;
  }
}

/** Whether standard input is an interactive terminal. */
export function stdinIsTerminal(): boolean {
  try {
    if (isDeno) return g.Deno.stdin.isTerminal();
    return Boolean(g.process?.stdin?.isTTY);
  } catch {
    return false;
  }
}

/** Whether standard output is an interactive terminal. */
export function stdoutIsTerminal(): boolean {
  try {
    if (isDeno) return g.Deno.stdout.isTerminal();
    return Boolean(g.process?.stdout?.isTTY);
  } catch {
    return false;
  }
}

/**
 * Writes text to standard error without a newline.
 *
 * @param text The text.
 */
export function writeStderr(text: string): void {
  if (text === "") return;
  if (isDeno) writeAllSync(g.Deno.stderr, text);
  else g.process?.stderr?.write(text);
  stderrLineOpen = !text.endsWith("\n");
}

/** Whether the SDK's last write to standard error left its line open. */
let stderrLineOpen = false;

/**
 * Whether the SDK's last write to standard error left a line open (a
 * progress line, redrawn in place): a line of its own written now would
 * run on from it.
 *
 * @returns `true` when the last text written did not end with a newline.
 */
export function stderrLineIsOpen(): boolean {
  return stderrLineOpen;
}

/**
 * Writes text to standard output without a newline.
 *
 * @param text The text.
 */
export function writeStdout(text: string): void {
  if (isDeno) writeAllSync(g.Deno.stdout, text);
  else g.process?.stdout?.write(text);
}

/** Writes all of `text` to a Deno stream: `writeSync` may write only part. */
function writeAllSync(
  stream: { writeSync(p: Uint8Array): number },
  text: string,
): void {
  const bytes = new TextEncoder().encode(text);
  for (let done = 0; done < bytes.length;) {
    done += stream.writeSync(bytes.subarray(done));
  }
}

/**
 * Whether the code runs inside the Deno Jupyter kernel.
 *
 * @returns `true` in a Deno notebook.
 */
export function inJupyter(): boolean {
  // A process is in the kernel or not for its whole life; asked once, as
  // the answer costs a thrown exception outside it (~5 µs).
  return jupyter ??= detectJupyter();
}

let jupyter: boolean | undefined;

function detectJupyter(): boolean {
  if (!isDeno) return false;
  try {
    // Deno 2.9: reading `Deno.jupyter` outside `deno jupyter` throws.
    return typeof g.Deno.jupyter?.broadcast === "function";
  } catch {
    return false;
  }
}

/** What a rich display bundle looks like (MIME type → data). */
export type MimeBundle = Record<string, unknown>;

/**
 * Sends a display message to the notebook (no-op outside Jupyter).
 *
 * @param bundle MIME type → data.
 * @param displayId A display id; with `update`, replaces that display.
 * @param update `true` to update an existing display in place.
 */
export async function jupyterDisplay(
  bundle: MimeBundle,
  displayId?: string,
  update = false,
): Promise<void> {
  if (!inJupyter()) return;
  const transient = displayId ? { display_id: displayId } : {};
  await g.Deno.jupyter.broadcast(
    update ? "update_display_data" : "display_data",
    { data: bundle, metadata: {}, transient },
  );
}

/** The longest line kept, in bytes; a longer one is returned in pieces. */
const MAX_LINE_BYTES = 64 * 1024;

/** Standard input, one chunk at a time. */
interface ChunkSource {
  /** The next chunk; `null` at the end of input. */
  read(): Promise<Uint8Array | null>;
  /**
   * Called with what is left once a line was taken: gives it back to
   * standard input where the runtime can (so that whatever reads standard
   * input next, e.g. the program's own `readline`, gets it) and returns
   * what the line reader must keep.
   */
  release(rest: Uint8Array): Uint8Array;
}

/**
 * Deno's stdin, read a byte at a time up to the end of a line (a code, an
 * answer: tens of bytes), so nothing after the line is taken from it: the
 * program's own `Deno.stdin` reads after a login get the rest (a 16 KiB
 * read took every line piped after the code). Deno has no unread.
 */
function denoChunks(): ChunkSource {
  const one = new Uint8Array(1);
  const buf = new Uint8Array(16 * 1024);
  return {
    async read() {
      let n = 0;
      while (n < buf.length) {
        let got: number | null;
        try {
          got = await g.Deno.stdin.read(one);
        } catch {
          got = null; // closed or unreadable: end of input
        }
        if (got === null) break;
        if (got === 0) continue;
        buf[n++] = one[0] as number;
        if (one[0] === 10) break;
      }
      return n === 0 ? null : buf.slice(0, n);
    },
    release: (rest) => rest,
  };
}

/**
 * Node's `process.stdin`, listened to only while a line is awaited. Once
 * it has come, the listeners are gone, the bytes after the line are put
 * back with `unshift`, and the stream is left as the program had it:
 * paused, its flowing state unset (a later `on("data")` starts it, as on an
 * untouched stdin; an explicit `pause()` would keep it stopped), and
 * unref'd so that the program can end while a writer keeps a pipe open,
 * until something else reads it (a `data`, `readable` or `keypress`
 * listener, or a `resume()`, as `readline` and `for await` do), which refs
 * it again. Listeners left behind took every later line from the program's
 * own `readline`, and a stdin left unref'd let the program end while it
 * waited for an answer.
 */
function nodeChunks(): ChunkSource {
  const stdin = g.process?.stdin;
  if (!stdin) return { read: () => Promise.resolve(null), release: (r) => r };
  let ended = Boolean(stdin.readableEnded);
  let unhook: (() => void) | undefined;
  const refOnNextReader = () => {
    const onNew = (event: unknown) => {
      if (event === "data" || event === "readable" || event === "keypress") {
        wake();
      }
    };
    const wake = () => {
      unhook?.();
      stdin.ref?.();
    };
    stdin.on("newListener", onNew);
    stdin.on("resume", wake);
    unhook = () => {
      stdin.off("newListener", onNew);
      stdin.off("resume", wake);
      unhook = undefined;
    };
  };
  return {
    read() {
      unhook?.();
      // The stream may have ended while no read was waiting: a pipe's last
      // line and its end arrive together, and Node emits "end" right after
      // the "data" this read took (a listener added now would never fire).
      if (stdin.readableEnded || stdin.destroyed) ended = true;
      if (ended) return Promise.resolve(null);
      return new Promise<Uint8Array | null>((resolve) => {
        const settle = (chunk: Uint8Array | null) => {
          stdin.off("data", onData);
          stdin.off("end", onEnd);
          stdin.off("error", onEnd);
          stdin.pause();
          stdin.unref?.();
          const state = stdin._readableState;
          if (state && typeof state === "object") state.flowing = null;
          refOnNextReader();
          resolve(chunk);
        };
        const onData = (chunk: Uint8Array | string) =>
          settle(
            typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk,
          );
        const onEnd = () => {
          ended = true;
          settle(null);
        };
        stdin.ref?.();
        stdin.on("data", onData);
        stdin.on("end", onEnd);
        stdin.on("error", onEnd);
        stdin.resume();
      });
    },
    release(rest) {
      if (rest.length === 0 || ended) return rest;
      stdin.unshift(g.Buffer ? g.Buffer.from(rest) : rest);
      return new Uint8Array(0);
    },
  };
}

/**
 * One buffered reader of standard input for the whole process, so that
 * consecutive questions read consecutive lines and nothing after the first
 * newline is lost.
 */
class StdinLines {
  #pending: Uint8Array = new Uint8Array(0);
  #ended = false;
  #source: ChunkSource | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  /** `true` once the end of input was reached (and nothing is buffered). */
  get exhausted(): boolean {
    return this.#ended && this.#pending.length === 0;
  }

  /**
   * The next line without its `\n` or `\r\n`; the last line may lack a
   * newline; `null` at the end of input. Calls are served in order.
   */
  next(): Promise<string | null> {
    const p = this.#queue.then(() => this.#read());
    this.#queue = p.catch(() => undefined);
    return p;
  }

  async #read(): Promise<string | null> {
    for (;;) {
      const nl = this.#pending.indexOf(10);
      if (nl >= 0 || this.#pending.length >= MAX_LINE_BYTES) {
        const cut = nl >= 0 ? nl : MAX_LINE_BYTES;
        const line = this.#pending.subarray(0, cut);
        const rest = this.#pending.slice(nl >= 0 ? cut + 1 : cut);
        this.#pending = this.#source ? this.#source.release(rest) : rest;
        return decodeLine(line);
      }
      if (this.#ended) {
        if (this.#pending.length === 0) return null;
        const line = this.#pending;
        this.#pending = new Uint8Array(0);
        return decodeLine(line);
      }
      this.#source ??= isDeno ? denoChunks() : nodeChunks();
      const chunk = await this.#source.read();
      if (chunk === null) {
        this.#ended = true;
      } else {
        const joined = new Uint8Array(this.#pending.length + chunk.length);
        joined.set(this.#pending);
        joined.set(chunk, this.#pending.length);
        this.#pending = joined;
      }
    }
  }
}

function decodeLine(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes).replace(/\r$/, "");
}

let stdinLines: StdinLines | undefined;

/**
 * Reads the next line of standard input (not a terminal, or on Node a
 * terminal that the REPL or the program's `readline` holds in raw mode,
 * where the SDK edits and echoes the line itself and Ctrl-C rejects with
 * an `AbortError`): one shared, buffered reader per process.
 *
 * @returns The line without its newline (`\n` or `\r\n`), or `null` at the
 *   end of input.
 */
export function readStdinLine(): Promise<string | null> {
  // The REPL's (or the program's readline's) raw terminal, taken now: the
  // SDK edits the line itself (src/core/_raw_terminal.ts).
  if (!isDeno) {
    const hold = holdRawTerminal();
    if (hold) return readHeldLine(hold);
  }
  stdinLines ??= new StdinLines();
  return stdinLines.next();
}

/**
 * Whether standard input may still give a line: `true` for a terminal, a
 * pipe, a file or a socket; `false` for `/dev/null` (and other character
 * devices that are not terminals, e.g. a closed stdin reopened there by the
 * runtime) and once the end of input was read. `true` when unknown.
 *
 * @returns Whether asking could get an answer.
 */
export function stdinMayHaveInput(): boolean {
  if (stdinLines?.exhausted) return false;
  if (stdinIsTerminal()) return true;
  try {
    return !nodeBuiltin("node:fs").fstatSync(0).isCharacterDevice();
  } catch {
    return true;
  }
}

/**
 * Asks a question and reads one line of standard input, whatever it is: on
 * a terminal with line editing (`prompt()` on Deno, readline on Node); from
 * a pipe, a file or a FIFO through one shared buffered reader (the question
 * goes to standard error), so a second question reads the next line. Inside
 * the Deno Jupyter kernel it is `prompt()`, which the kernel shows as an
 * input box (and which gives `null` where nobody can answer, e.g. under
 * nbconvert). An empty line gives `""`.
 *
 * @param message The question.
 * @returns The answer without its newline, or `null` when no input can be
 *   read (end of input, closed stdin, nbconvert).
 */
export async function promptLine(message: string): Promise<string | null> {
  if (isDeno) {
    // Deno's prompt() adds a space after the question in a terminal, not in
    // the kernel, where Jupyter then shows the answer right after it.
    if (inJupyter()) return g.prompt(message + " ") ?? null;
    if (stdinIsTerminal()) return g.prompt(message) ?? null;
    writeStderr(message + " ");
    return await readStdinLine();
  }
  if (!g.process?.stdin?.isTTY) {
    writeStderr(message + " ");
    return await readStdinLine();
  }
  const readline = await import("node:readline");
  return await new Promise((resolve) => {
    const rl = readline.createInterface({
      input: g.process.stdin,
      output: g.process.stderr,
    });
    let answered = false;
    rl.question(message + " ", (answer: string) => {
      answered = true;
      rl.close();
      resolve(answer);
    });
    rl.on("close", () => {
      if (!answered) resolve(null);
    });
  });
}

/**
 * The package's version (Python's `globus_sdk.__version__`), sent in
 * `User-Agent` and `X-Globus-Client-Info`.
 *
 * @example
 * ```ts
 * import { VERSION } from "@globus-deno/sdk";
 * console.log(VERSION); // e.g. "0.1.0"
 * ```
 */
export const VERSION: string = "0.1.0";

/** A Deno permission that can be checked without prompting. */
export type SilentPermission =
  | { name: "sys"; kind: "hostname" | "homedir" }
  | { name: "run" }
  | { name: "read" | "write"; path: string };

/**
 * Whether an optional capability is allowed, asked without a prompt: always
 * `true` on Node; on Deno, only when already granted (so a terminal never
 * shows a permission prompt for something globus-deno can do without).
 *
 * @param desc The permission.
 * @returns `true` when it is granted.
 */
export function permitted(desc: SilentPermission): boolean {
  if (!isDeno) return true;
  try {
    return g.Deno.permissions.querySync?.(desc)?.state === "granted";
  } catch {
    return false;
  }
}

/** A Deno permission that a step needs and may ask the user for. */
export type NeededPermission =
  | { name: "read" | "write"; path: string }
  | { name: "net"; host: string };

/**
 * Whether a permission that a coming step needs is granted, asking for it
 * now if Deno has not decided yet: in a terminal Deno shows its prompt
 * (so the user answers before, say, a login, not after it); with
 * `--no-prompt` or without a terminal the answer is "no". Always `true` on
 * Node, and where the permission cannot be asked.
 *
 * @param desc The permission.
 * @returns `false` when it is (or was just) denied.
 */
export function requestPermission(desc: NeededPermission): boolean {
  if (!isDeno) return true;
  const perms = g.Deno.permissions;
  try {
    const state = perms.querySync?.(desc)?.state;
    if (state === undefined || state === "granted") return true;
    if (state === "denied") return false;
    return perms.requestSync?.(desc)?.state !== "denied";
  } catch {
    return true;
  }
}

/**
 * Makes a new temporary directory. On Deno through `Deno.makeTempDir`,
 * which finds the system's temporary folder (`TMPDIR`) without needing
 * `--allow-env`, as Node's `os.tmpdir()` would.
 *
 * @param prefix The start of its name.
 * @returns Its absolute path.
 */
export async function makeTempDir(prefix: string): Promise<string> {
  if (isDeno) return await g.Deno.makeTempDir({ prefix });
  const [{ mkdtemp }, { tmpdir }, { join }] = await Promise.all([
    import("node:fs/promises"),
    import("node:os"),
    import("node:path"),
  ]);
  return await mkdtemp(join(tmpdir(), prefix));
}

/**
 * The flag that turns Node's permission model on: `--permission` from Node
 * 22.13 and 23.5, `--experimental-permission` before (Node 20 refuses
 * `--permission` as a bad option).
 *
 * @returns The flag.
 */
export function nodePermissionFlag(): string {
  const [major, minor] = nodeVersion();
  const stable = major > 23 || (major === 23 && minor >= 5) ||
    (major === 22 && minor >= 13);
  return stable ? "--permission" : "--experimental-permission";
}
