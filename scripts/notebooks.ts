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
 * Usage: deno task notebooks [--port N] [--auto-approve] [--no-server]
 *
 * @module
 */
import { parseArgs } from "node:util";
import { startEmulator } from "../testing.ts";

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
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      port: { type: "string" },
      "auto-approve": { type: "boolean", default: false },
      "no-server": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(
      "Usage: deno task notebooks [--port N] [--auto-approve] [--no-server]\n\n" +
        "  --port N        the emulator's port (default: a free one)\n" +
        "  --auto-approve  skip the emulator's consent page\n" +
        "  --no-server     only run the emulator and print the variables",
    );
    return 0;
  }
  const port = values.port === undefined ? 0 : Number(values.port);

  const realHome = Deno.env.get("HOME") ?? "";
  const sandboxHome = await Deno.makeTempDir({
    prefix: "globus-deno-notebooks-",
  });
  const emulator = await startEmulator({
    port,
    autoApprove: values["auto-approve"],
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

    const server = values["no-server"] ? undefined : await findServer();
    if (!server) {
      if (!values["no-server"]) {
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
    console.log(
      "Open the URL it prints below; Ctrl-C stops the server and the emulator.\n",
    );
    child = new Deno.Command("jupyter", {
      args: [server],
      cwd: notebooksDir,
      env,
      stdin: "inherit",
      stdout: "inherit",
      stderr: "inherit",
    }).spawn();
    const onSignal = () => {
      // Ctrl-C reaches the server too (same terminal); SIGTERM may not.
      try {
        child?.kill("SIGTERM");
      } catch {
        // already gone
      }
    };
    Deno.addSignalListener("SIGINT", onSignal);
    Deno.addSignalListener("SIGTERM", onSignal);
    const { code } = await child.status;
    return code;
  } finally {
    await stop();
  }
}

if (import.meta.main) Deno.exit(await main());
