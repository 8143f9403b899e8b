/**
 * Runs a test program in a child process of the runtime under test (Deno:
 * `deno run -A x.ts`; Node, after the npm build: `node x.js`), driven like
 * a person at the keyboard: write to its standard input, wait until its
 * output shows something, and so on. Waiting is event-driven (no timers):
 * `expect` resolves when the text appears and rejects when the program
 * exits without printing it. A program that neither prints nor exits for
 * {@linkcode STALL_MS} is a hang: `expect` and `exit` then reject with what
 * it printed (and `exit` kills it), so a hang fails the test instead of
 * stalling the whole run. This is a safety net, not a time assertion.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

// deno-lint-ignore no-explicit-any
const D = (globalThis as any).Deno;

/** How long a driven program may go quiet before it counts as hung. */
export const STALL_MS = 180_000;

/** The program's file next to the calling test (`.ts` on Deno, `.js` on Node). */
export function siblingProgram(name: string, testUrl: string): string {
  const ext = testUrl.endsWith(".ts") ? ".ts" : ".js";
  return fileURLToPath(new URL(`./${name}${ext}`, testUrl));
}

/** How the program's standard input is connected. */
export type StdinKind = "pipe" | "null" | "pty";

export interface Driven {
  /** Everything printed so far (stdout and stderr, or the terminal). */
  readonly output: string;
  /** Standard output alone (empty with `pty`). */
  readonly stdout: string;
  /** Writes to standard input (the terminal with `pty`). */
  write(text: string): Promise<void>;
  /** Closes standard input (end of input). */
  closeStdin(): Promise<void>;
  /**
   * Waits until the output after the previous match matches `re`.
   *
   * @returns The match.
   * @throws When the program exits first.
   */
  expect(re: RegExp): Promise<RegExpMatchArray>;
  /** Waits for the exit; resolves the exit code. */
  exit(): Promise<number>;
  /** Kills the program (cleanup after a failed assertion). */
  kill(): void;
  /** Sends SIGINT (`kill -INT`; not for `pty`, where Ctrl-C is written). */
  interrupt(): void;
}

/** Whether util-linux `script` can give a child a terminal here. */
export async function havePty(): Promise<boolean> {
  const p = spawn("script", ["--version"], { stdio: "ignore" });
  return await new Promise((resolve) => {
    p.on("error", () => resolve(false));
    p.on("exit", (code) => resolve(code === 0));
  });
}

/**
 * Skips a test that needs a terminal where util-linux `script` (which
 * gives the program one) is missing, saying so.
 *
 * @param t The test's context.
 * @returns `true` when the test was skipped (return from it).
 */
export async function skipWithoutPty(
  t: { skip(message?: string): void },
): Promise<boolean> {
  if (await havePty()) return false;
  t.skip(
    "util-linux `script` is not installed (it gives the program a terminal)",
  );
  return true;
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Starts `program` with `args` under the current runtime.
 *
 * @param program The program file (from {@linkcode siblingProgram}).
 * @param args Its arguments.
 * @param env Extra environment variables.
 * @param stdin A pipe, `/dev/null`, or a terminal (util-linux `script`).
 * @param denoFlags Deno's permission flags (Deno only; default: all
 *   permissions and no prompt). Without `--no-prompt`, in a terminal, Deno
 *   asks for what they leave out.
 * @param options `stdoutFile`, `stderrFile` (with `pty` only): the
 *   program's standard output (error) goes to this file, as with
 *   `program > file` (`2> file`) typed in a terminal; the other streams
 *   stay on the terminal.
 */
export function drive(
  program: string,
  args: string[],
  env: Record<string, string>,
  stdin: StdinKind,
  denoFlags: string[] = ["-A", "--no-prompt"],
  options: { stdoutFile?: string; stderrFile?: string } = {},
): Driven {
  const runtime: string[] = D
    ? [D.execPath(), "run", ...denoFlags, program, ...args]
    : [process.execPath, program, ...args];
  const { stdoutFile, stderrFile } = options;
  if ((stdoutFile ?? stderrFile) !== undefined && stdin !== "pty") {
    throw new TypeError("drive(): stdoutFile and stderrFile need stdin 'pty'");
  }
  const redirect =
    (stdoutFile === undefined ? "" : ` > ${shellQuote(stdoutFile)}`) +
    (stderrFile === undefined ? "" : ` 2> ${shellQuote(stderrFile)}`);
  // `script -c` hands the command to $SHELL. `exec` makes that shell
  // become the program, whichever shell it is: else dash (/bin/sh) waits
  // in the terminal's process group, dies of the Ctrl-C a test types, and
  // `script` reports 130 for a program that exited 0.
  const cmd = stdin === "pty"
    ? [
      "script",
      "-qfec",
      "exec " + runtime.map(shellQuote).join(" ") + redirect,
      "/dev/null",
    ]
    : runtime;
  let output = "";
  let stdout = "";
  let cursor = 0;
  let exited = false;
  const waiters = new Set<() => void>();
  const changed = () => {
    for (const w of [...waiters]) w();
  };
  let write: (text: string) => Promise<void>;
  let closeStdin: () => Promise<void>;
  let kill: () => void;
  let interrupt: () => void = () => {
    throw new Error("interrupt() is for pipes: write \x03 to a pty");
  };
  let exitCode: Promise<number>;
  const fullEnv: Record<string, string> = { ...env, NO_COLOR: "1" };
  // An empty or missing $SHELL: `script` would fail or pick its own.
  if (stdin === "pty") fullEnv.SHELL = "/bin/sh";
  if (D) {
    // Deno.Command: node:child_process in Deno hands its permissions down.
    const child = new D.Command(cmd[0], {
      args: cmd.slice(1),
      env: fullEnv,
      stdin: stdin === "null" ? "null" : "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const writer = stdin === "null" ? null : child.stdin.getWriter();
    const enc = new TextEncoder();
    write = async (text) => {
      await writer!.write(enc.encode(text));
    };
    closeStdin = async () => {
      await writer?.close().catch(() => undefined);
    };
    kill = () => {
      try {
        child.kill("SIGKILL");
      } catch { /* already gone */ }
    };
    if (stdin !== "pty") {
      interrupt = () => {
        try {
          child.kill("SIGINT");
        } catch { /* already gone */ }
      };
    }
    const pump = async (s: ReadableStream<Uint8Array>, isStdout: boolean) => {
      const dec = new TextDecoder();
      const reader = s.getReader();
      for (;;) {
        const { value: c, done } = await reader.read();
        if (done) break;
        const t = dec.decode(c, { stream: true });
        output += t;
        if (isStdout) stdout += t;
        changed();
      }
    };
    const pumps = Promise.all([
      pump(child.stdout, true),
      pump(child.stderr, false),
    ]);
    exitCode = (async () => {
      const status = await child.status;
      await pumps;
      exited = true;
      changed();
      return status.code as number;
    })();
  } else {
    const child = spawn(cmd[0]!, cmd.slice(1), {
      env: { ...process.env, ...fullEnv },
      stdio: [stdin === "null" ? "ignore" : "pipe", "pipe", "pipe"],
    });
    write = (text) =>
      new Promise((resolve, reject) =>
        child.stdin!.write(text, (e) => e ? reject(e) : resolve())
      );
    closeStdin = () =>
      new Promise((resolve) => {
        if (!child.stdin) return resolve();
        child.stdin.end(() => resolve());
      });
    kill = () => child.kill("SIGKILL");
    interrupt = () => child.kill("SIGINT");
    child.stdout!.setEncoding("utf8");
    child.stderr!.setEncoding("utf8");
    child.stdout!.on("data", (t: string) => {
      output += t;
      stdout += t;
      changed();
    });
    child.stderr!.on("data", (t: string) => {
      output += t;
      changed();
    });
    exitCode = new Promise((resolve) => {
      child.on("close", (code) => {
        exited = true;
        changed();
        resolve(code ?? -1);
      });
    });
  }
  return {
    get output() {
      return output;
    },
    get stdout() {
      return stdout;
    },
    write: (t) => write(t),
    closeStdin: () => closeStdin(),
    kill: () => kill(),
    interrupt: () => interrupt(),
    exit: () =>
      new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => {
          kill();
          reject(
            new Error(
              `the program did not exit within ${
                STALL_MS / 1000
              } s (hung; killed); it printed:\n${output}`,
            ),
          );
        }, STALL_MS);
        exitCode.then((code) => {
          clearTimeout(timer);
          resolve(code);
        });
      }),
    expect(re) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `the program printed no ${re} within ${
                STALL_MS / 1000
              } s (hung); it printed:\n${output}`,
            ),
          );
        }, STALL_MS);
        const check = () => {
          const m = output.slice(cursor).match(re);
          if (m) {
            waiters.delete(check);
            clearTimeout(timer);
            cursor += (m.index ?? 0) + m[0].length;
            resolve(m);
          } else if (exited) {
            waiters.delete(check);
            clearTimeout(timer);
            reject(
              new Error(
                `the program exited without printing ${re}; it printed:\n${output}`,
              ),
            );
          }
        };
        waiters.add(check);
        check();
      });
    },
  };
}
