/**
 * `deno task demo`: the Globus tutorial end to end, against a freshly
 * started local emulator.
 *
 * 1. the client; 2. the authorize link; 3. the code (approved as the demo
 * user, or pasted by you with `--interactive`); 4. the token response
 * (tokens redacted); 5. the endpoint search for "my-endpoints"; 6. an ls;
 * 7. a TransferData submission with a progress line; 8. the task result.
 *
 * Tokens are cached in `.demo/tokens.json` and the emulator keeps its state in
 * `.demo/`, so a second `deno task demo` needs no login. `--fresh` starts over.
 *
 * The emulator runs in its own thread, so it keeps answering the link while
 * this one waits for the code you paste.
 *
 * Usage: deno task demo [--interactive] [--fresh]
 * (`GLOBUS_DEMO_DIR` moves `.demo/` elsewhere.)
 *
 * @module
 */
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  CommandLineLoginFlowManager,
  JSONTokenStorage,
  type LoginFlowContext,
  type LoginFlowManager,
  LoginRequiredError,
  type OAuthTokenResponse,
  renderTable,
  type Task,
  TransferClient,
  TransferData,
  TransferScopes,
  TUTORIAL_CLIENT_ID,
  UserApp,
} from "../mod.ts";
import { startEmulator } from "../testing.ts";

/** What `--help` prints. */
const USAGE = `Usage: deno task demo [--interactive] [--fresh]

Runs the Globus tutorial end to end against a local emulator: log in,
search endpoints, list a collection, transfer a folder, show the result.

  --interactive  print the authorize link and wait for you to open it,
                 click Allow and paste the code (by default the emulator
                 approves it as the demo user)
  --fresh        forget the cached tokens and the emulator's state first
  -h, --help     show this help

GLOBUS_DEMO_DIR=<folder> keeps the tokens and emulator state there instead
of .demo/ in the checkout.`;

/**
 * Reads the demo's flags.
 *
 * @param args The command-line arguments.
 * @returns The flags, or the text to print and the exit code.
 */
function parseDemoArgs(
  args: string[],
):
  | { interactive: boolean; fresh: boolean }
  | { exit: number; text: string } {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        interactive: { type: "boolean", default: false },
        fresh: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { exit: 2, text: `deno task demo: ${why}\n\n${USAGE}` };
  }
  if (values.help) return { exit: 0, text: USAGE };
  return { interactive: values.interactive, fresh: values.fresh };
}

const parsed = parseDemoArgs(Deno.args);
if ("exit" in parsed) {
  (parsed.exit === 0 ? console.log : console.error)(parsed.text);
  Deno.exit(parsed.exit);
}
const { interactive, fresh } = parsed;
const dir = Deno.env.get("GLOBUS_DEMO_DIR") ??
  new URL("../.demo/", import.meta.url).pathname;
if (fresh) await rm(dir, { recursive: true, force: true });
await mkdir(dir, { recursive: true, mode: 0o700 });

const step = (n: number, title: string) => console.log(`\n── ${n}. ${title}`);

const emulator = await startEmulator({
  root: join(dir, "collections"),
  statePath: join(dir, "emulator-state.json"),
});
// Point every client at the emulator, as a user would with these variables.
for (const [key, value] of Object.entries(emulator.env)) {
  Deno.env.set(key, value);
}
console.log(
  `Local Globus emulator at ${emulator.url} (Auth ${emulator.authUrl}, Transfer ${emulator.transferUrl})`,
);

try {
  step(1, "The client");
  const tokenFile = join(dir, "tokens.json");
  let shownUrl = "";
  let tokenResponse: OAuthTokenResponse | undefined;
  const write = (text: string) => {
    const m = text.match(/https?:\/\/\S+\/v2\/oauth2\/authorize\?\S+/);
    if (m) {
      shownUrl = m[0];
      step(2, "The authorize link");
    }
    Deno.stdout.writeSync(new TextEncoder().encode(text));
    if (m && interactive) {
      step(3, "The code");
      console.log(
        `Open the link in a browser and click Allow (you are ${emulator.user.username}, no password); paste the code it shows.`,
      );
    }
  };
  // Interactive: the library's own prompt reads the code from standard input
  // (a terminal, or a pipe), as it would in your script.
  const cli = interactive
    ? new CommandLineLoginFlowManager({ write })
    : new CommandLineLoginFlowManager({
      write,
      prompt: async (message) => {
        step(3, "The code");
        const code = await emulator.approve(shownUrl);
        console.log(
          `${message} (approved as ${emulator.user.username} by the emulator)`,
        );
        return code;
      },
    });
  const loginFlowManager: LoginFlowManager = {
    handlesAuthorizationRequirements: false,
    async run(context: LoginFlowContext) {
      tokenResponse = await cli.run(context);
      return tokenResponse;
    },
  };
  const app = new UserApp({
    appName: "globus-deno demo",
    clientId: TUTORIAL_CLIENT_ID,
    scopeRequirements: {
      [TransferScopes.resourceServer]: [TransferScopes.all],
    },
    config: {
      loginFlowManager,
      tokenStorage: new JSONTokenStorage(tokenFile),
      environment: "production",
    },
  });
  console.log(
    `new UserApp({ appName: "globus-deno demo", clientId: TUTORIAL_CLIENT_ID })  // ${TUTORIAL_CLIENT_ID}`,
  );

  if (await app.loginRequired()) {
    await app.login();
    step(4, "The token response (tokens redacted)");
    console.log(JSON.stringify(tokenResponse, null, 2));
  } else {
    step(2, "The authorize link — skipped");
    console.log(`Cached tokens found in ${tokenFile}: no login needed.`);
    step(3, "The code — skipped (no login needed)");
    step(4, "The token response — from the cache");
    const cached = await new JSONTokenStorage(tokenFile)
      .getTokenDataByResourceServer();
    for (const [rs, data] of Object.entries(cached)) {
      console.log(
        `  ${rs}: scope "${data.scope}", expires ${
          new Date(data.expires_at_seconds * 1000).toISOString()
        }, refresh token ${data.refresh_token ? "yes" : "no"}`,
      );
    }
  }

  const tc = new TransferClient({ app });
  step(5, 'endpointSearch({ filterScope: "my-endpoints" })');
  const endpoints = await tc.endpointSearch(undefined, {
    filterScope: "my-endpoints",
  }).toArray();
  console.log(
    renderTable(endpoints, { columns: ["display_name", "id", "entity_type"] })
      .text,
  );

  const SRC = emulator.collections.tutorial1;
  const DST = emulator.collections.tutorial2;
  step(6, `operationLs("${SRC}", { path: "/share/godata/" })`);
  const ls = await tc.operationLs(SRC, { path: "/share/godata/" });
  console.log(
    renderTable(ls.DATA, { columns: ["name", "type", "size", "last_modified"] })
      .text,
  );

  step(7, "TransferData → submitTransfer → taskWait");
  const dest = `/~/demo-${new Date().toISOString().replace(/[:.]/g, "-")}/`;
  const tdata = new TransferData({
    sourceEndpoint: SRC,
    destinationEndpoint: DST,
    label: "globus-deno demo",
    syncLevel: "checksum",
    verifyChecksum: true,
  });
  tdata.addItem("/share/godata/", dest, { recursive: true });
  const submitted = await tc.submitTransfer(tdata);
  console.log(`submitted task ${submitted.task_id} (${submitted.code})`);
  // In a terminal, taskWait's own progress line shows the wait; through a
  // pipe (a log), one line per poll does. Both at once printed it twice.
  const done = await tc.taskWait(submitted.task_id, {
    timeoutS: 60,
    pollingIntervalS: 1,
    ...(Deno.stdout.isTerminal() ? {} : {
      onPoll: (task: Task) => {
        console.log(
          `  ${task.status} ${task.nice_status ?? ""} files ${
            task.files_transferred ?? 0
          }/${task.files ?? "?"}, ${task.bytes_transferred ?? 0} bytes`,
        );
      },
    }),
  });

  step(8, "The task result");
  const task = await tc.getTask(submitted.task_id);
  console.log(
    `status ${task.status}${
      done ? "" : " (still running after 60 s)"
    }; ${task.files_transferred} files, ${task.bytes_transferred} bytes, checksums verified: ${task.verify_checksum}`,
  );
  for await (const t of tc.taskSuccessfulTransfers(submitted.task_id)) {
    console.log(`  ${t.source_path} → ${t.destination_path}`);
  }
  if (task.status !== "SUCCEEDED") {
    throw new Error(`the transfer ended ${task.status}`);
  }
  console.log(
    `\nDone. Run the demo again: the cached tokens in ${tokenFile} mean no login.`,
  );
} catch (e) {
  // No code (Ctrl-C or Ctrl-D at the prompt, a closed standard input): say
  // so in a sentence, not with a stack trace.
  if (!(e instanceof LoginRequiredError)) throw e;
  console.error(
    `\ndeno task demo: the login did not finish. ${e.message}${
      interactive
        ? "\nRun `deno task demo --interactive` again to paste a code, or `deno task demo` to let the emulator approve the login."
        : ""
    }`,
  );
  Deno.exitCode = 1;
} finally {
  await emulator.close();
}
