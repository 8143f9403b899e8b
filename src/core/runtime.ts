/**
 * The runtime adapter: the only file that touches `Deno.*` or Node's
 * `process`. Everything else asks here, so the same sources run on Deno and
 * on Node (the npm build).
 *
 * @module
 */

// deno-lint-ignore no-explicit-any
const g = globalThis as any;

/** `true` when running under Deno. */
export const isDeno: boolean = typeof g.Deno?.version?.deno === "string";

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
  if (isDeno) {
    try {
      const status = g.Deno.permissions.querySync?.({
        name: "env",
        variable: name,
      });
      if (status && status.state !== "granted") return undefined;
      return g.Deno.env.get(name) ?? undefined;
    } catch {
      return undefined;
    }
  }
  return g.process?.env?.[name] ?? undefined;
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
  return getEnv("HOME") ?? getEnv("USERPROFILE");
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

/** Whether standard input is an interactive terminal. */
export function stdinIsTerminal(): boolean {
  try {
    if (isDeno) return g.Deno.stdin.isTerminal();
    return Boolean(g.process?.stdin?.isTTY);
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
  const bytes = new TextEncoder().encode(text);
  if (isDeno) {
    g.Deno.stderr.writeSync(bytes);
  } else {
    g.process?.stderr?.write(text);
  }
}

/**
 * Whether the code runs inside the Deno Jupyter kernel.
 *
 * @returns `true` in a Deno notebook.
 */
export function inJupyter(): boolean {
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

/**
 * Asks a question and reads one line: `prompt()` on Deno (a Jupyter input box
 * in the Deno kernel), a readline prompt on Node. Resolves to `null` when no
 * input can be read (closed stdin, nbconvert).
 *
 * @param message The question.
 * @returns The answer, or `null`.
 */
export async function promptLine(message: string): Promise<string | null> {
  if (isDeno || typeof g.prompt === "function" && !g.process?.versions?.node) {
    return g.prompt(message) ?? null;
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

/** The package version, sent in `User-Agent` and `X-Globus-Client-Info`. */
export const VERSION = "0.1.0";

/** A Deno permission that can be checked without prompting. */
export type SilentPermission =
  | { name: "sys"; kind: "hostname" }
  | { name: "run" };

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
