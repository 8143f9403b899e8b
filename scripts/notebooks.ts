/**
 * `deno task notebooks`: open the tutorial notebooks against a local Globus
 * emulator, no account needed.
 *
 * Starts the emulator, then a Jupyter server (JupyterLab, Notebook or
 * Jupyter Server, whichever is installed) in `notebooks/` with
 * `GLOBUS_SDK_SERVICE_URL_AUTH` / `GLOBUS_SDK_SERVICE_URL_TRANSFER` (read by
 * the library itself), `GLOBUS_EMULATOR_URL`, `GLOBUS_EMULATOR_ROOT` and
 * `GLOBUS_EMULATOR_MAPPED_COLLECTION` set. The server prints the URL to
 * open. Without a Jupyter server it prints the variables to export and
 * keeps the emulator running until Ctrl-C.
 *
 * The kernels get their own HOME (a temporary folder), so the emulator's
 * tokens never mix with your real Globus tokens in `~/.globus`. Jupyter's
 * config, kernelspecs and Deno's cache stay the real ones.
 *
 * Every argument it does not know goes to Jupyter (`--no-browser`,
 * `--port 9999`, …), and so does everything after `--`. As root it adds
 * Jupyter's `--allow-root`. Ctrl-C stops Jupyter and the emulator.
 *
 * Usage: deno task notebooks [--emulator-port N] [--auto-approve]
 *          [--no-server] [JUPYTER ARGS…] [-- JUPYTER ARGS…]
 *
 * @module
 */
import { startEmulator } from "../testing.ts";

/** What `--help` prints. */
export const USAGE =
  `Usage: deno task notebooks [--emulator-port N] [--auto-approve] [--no-server]
                            [JUPYTER ARGS...] [-- JUPYTER ARGS...]

Starts a local Globus emulator and a Jupyter server on the tutorial
notebooks. Ctrl-C stops both.

  --emulator-port N  the emulator's port (default: a free one)
  --auto-approve     skip the emulator's consent page
  --no-server        only run the emulator and print the variables
  -h, --help         show this help

Anything else, and everything after --, goes to Jupyter, e.g.
  deno task notebooks --no-browser
  deno task notebooks -- --port 9999 --ip 0.0.0.0
As root, --allow-root is passed to Jupyter for you.`;

/** The script's own settings, and the arguments meant for Jupyter. */
export interface NotebooksArgs {
  /** The emulator's port (0: a free one). */
  emulatorPort: number;
  /** Skip the consent page. */
  autoApprove: boolean;
  /** Do not start Jupyter. */
  noServer: boolean;
  /** Print the usage. */
  help: boolean;
  /** Passed to Jupyter as they are, in order. */
  jupyter: string[];
}

/**
 * Splits the command line into the script's options and Jupyter's.
 *
 * @param args The arguments after `deno task notebooks`.
 * @returns The settings.
 * @throws {TypeError} When `--emulator-port` has no valid port.
 */
export function parseNotebooksArgs(args: string[]): NotebooksArgs {
  const r: NotebooksArgs = {
    emulatorPort: 0,
    autoApprove: false,
    noServer: false,
    help: false,
    jupyter: [],
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") {
      r.jupyter.push(...args.slice(i + 1));
      break;
    }
    if (a === "-h" || a === "--help") r.help = true;
    else if (a === "--auto-approve") r.autoApprove = true;
    else if (a === "--no-server") r.noServer = true;
    else if (a === "--emulator-port" || a.startsWith("--emulator-port=")) {
      const v = a.includes("=") ? a.slice(a.indexOf("=") + 1) : args[++i];
      const port = Number(v);
      if (
        v === undefined || v === "" || !Number.isInteger(port) || port < 0 ||
        port > 65535
      ) {
        throw new TypeError(
          `--emulator-port needs a port from 0 to 65535 (0: a free one): got ${
            v === undefined ? "nothing" : `'${v}'`
          }`,
        );
      }
      r.emulatorPort = port;
    } else r.jupyter.push(a);
  }
  return r;
}

/**
 * The arguments for `jupyter`: the server, `--allow-root` when running as
 * root (Jupyter refuses to start as root without it), then the user's.
 *
 * @param server `lab`, `notebook` or `server`.
 * @param extra The user's arguments for Jupyter.
 * @param uid This process's user id (`null` where there is none).
 * @returns The argument list.
 */
export function jupyterArgs(
  server: string,
  extra: string[],
  uid: number | null,
): string[] {
  const root = uid === 0 && !extra.includes("--allow-root");
  return [server, ...(root ? ["--allow-root"] : []), ...extra];
}

const root = new URL("..", import.meta.url).pathname;
const notebooksDir = `${root}notebooks`;

/** Exit code of `cmd args` (127 when it can't start), output discarded. */
async function status(cmd: string, args: string[]): Promise<number> {
  try {
    const out = await new Deno.Command(cmd, {
      args,
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).output();
    return out.code;
  } catch {
    return 127;
  }
}

/** The first installed Jupyter server front end, as `jupyter <sub>`. */
async function findServer(): Promise<string | undefined> {
  for (const sub of ["lab", "notebook", "server"]) {
    if (await status("jupyter", [sub, "--version"]) === 0) return sub;
  }
  return undefined;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

async function denoDir(): Promise<string | undefined> {
  const fromEnv = Deno.env.get("DENO_DIR");
  if (fromEnv) return fromEnv;
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["info", "--json"],
      stdout: "piped",
      stderr: "null",
    }).output();
    const info = JSON.parse(new TextDecoder().decode(out.stdout)) as {
      denoDir?: string;
    };
    return info.denoDir;
  } catch {
    return undefined;
  }
}

async function main(): Promise<number> {
  let opts: NotebooksArgs;
  try {
    opts = parseNotebooksArgs(Deno.args);
  } catch (e) {
    console.error(
      `deno task notebooks: ${e instanceof Error ? e.message : e}\n\n${USAGE}`,
    );
    return 2;
  }
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }

  const realHome = Deno.env.get("HOME") ?? "";
  const sandboxHome = await Deno.makeTempDir({
    prefix: "globus-deno-notebooks-",
  });
  const emulator = await startEmulator({
    port: opts.emulatorPort,
    autoApprove: opts.autoApprove,
  });
  const globusEnv: Record<string, string> = {
    ...emulator.env,
    GLOBUS_EMULATOR_URL: emulator.url,
    GLOBUS_EMULATOR_ROOT: emulator.root,
    GLOBUS_EMULATOR_MAPPED_COLLECTION: emulator.collections.mapped,
  };
  let child: Deno.ChildProcess | undefined;
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await emulator.close();
    await Deno.remove(sandboxHome, { recursive: true }).catch(() => {});
  };

  try {
    console.log(`Globus emulator running at ${emulator.url}/`);
    console.log(`  Auth:     ${emulator.authUrl}`);
    console.log(`  Transfer: ${emulator.transferUrl}`);
    console.log(`  Files:    ${emulator.root}`);

    const server = opts.noServer ? undefined : await findServer();
    if (!server) {
      if (!opts.noServer) {
        console.log(
          "\nNo Jupyter server found (`jupyter lab`, `jupyter notebook` or `jupyter server`).\n" +
            "Install one to open the notebooks in a browser:\n" +
            "  apt-get install jupyter-notebook     # Debian/Ubuntu\n" +
            "  pip install jupyterlab               # anywhere\n" +
            "and register the Deno kernel: deno jupyter --install",
        );
      }
      console.log(
        "\nPoint clients (notebooks, scripts, VS Code's kernel) at the emulator:\n",
      );
      for (const [k, v] of Object.entries(globusEnv)) {
        console.log(`export ${k}=${v}`);
      }
      console.log(
        `# optional: keep the emulator's tokens out of your real ~/.globus\n# export HOME=${sandboxHome}`,
      );
      console.log("\nPress Ctrl-C to stop the emulator.");
      await new Promise<void>((resolve) => {
        Deno.addSignalListener("SIGINT", () => resolve());
        Deno.addSignalListener("SIGTERM", () => resolve());
      });
      return 0;
    }

    const jupyterData = Deno.env.get("JUPYTER_DATA_DIR") ??
      `${realHome}/.local/share/jupyter`;
    if (!(await exists(`${jupyterData}/kernels/deno/kernel.json`))) {
      console.log(
        "Registering the Deno Jupyter kernel (deno jupyter --install)",
      );
      await status(Deno.execPath(), ["jupyter", "--install"]);
    }
    const env: Record<string, string> = {
      ...globusEnv,
      HOME: sandboxHome,
      JUPYTER_DATA_DIR: jupyterData,
      JUPYTER_CONFIG_DIR: Deno.env.get("JUPYTER_CONFIG_DIR") ??
        `${realHome}/.jupyter`,
      JUPYTER_RUNTIME_DIR: `${sandboxHome}/.jupyter-runtime`,
    };
    const dd = await denoDir();
    if (dd) env.DENO_DIR = dd;
    console.log(
      `\nStarting 'jupyter ${server}' in ${notebooksDir} (token files go to ${sandboxHome}/.globus)`,
    );
    const args = jupyterArgs(server, opts.jupyter, Deno.uid());
    console.log(`jupyter ${args.join(" ")}`);
    console.log(
      "Open the URL it prints below. Press Ctrl-C to stop Jupyter and the emulator.\n",
    );
    child = new Deno.Command("jupyter", {
      args,
      cwd: notebooksDir,
      env,
      stdin: "inherit",
      stdout: "inherit",
      stderr: "inherit",
    }).spawn();
    let signalled = false;
    const onSignal = () => {
      // Jupyter asks "Shutdown this notebook server?" on a terminal's
      // Ctrl-C; SIGTERM stops it at once (and reaches it when only this
      // process got the signal).
      signalled = true;
      try {
        child?.kill("SIGTERM");
      } catch {
        // already gone
      }
    };
    Deno.addSignalListener("SIGINT", onSignal);
    Deno.addSignalListener("SIGTERM", onSignal);
    const { code } = await child.status;
    Deno.removeSignalListener("SIGINT", onSignal);
    Deno.removeSignalListener("SIGTERM", onSignal);
    console.log("\nJupyter stopped; stopping the emulator.");
    return signalled ? 0 : code;
  } finally {
    await stop();
  }
}

if (import.meta.main) Deno.exit(await main());
