/**
 * The command-line login in Node's REPL (`node -i` on a terminal), which
 * holds the terminal in raw mode: Ctrl-C at the code question stops the
 * login, not the REPL (it ended the REPL); Ctrl-D there cancels the login
 * and leaves the REPL's input open (it ended the REPL too); a pasted code
 * logs in; and each time the REPL's next line runs.
 *
 * The keys are sent as soon as the question shows: the SDK takes the
 * terminal before it writes the question, so no key can reach the REPL in
 * between.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, request, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { isDeno } from "../../src/core/runtime.ts";
import { type Emulator, startEmulator } from "../../src/testing/emulator.ts";
import { drive, type Driven, skipWithoutPty } from "./_spawn.ts";

const SKIP = isDeno
  ? "Node-only: it drives Node's REPL, which holds the terminal in raw mode"
  : false;

const QUESTION = /Enter the resulting Authorization Code here: /;
const QUESTION_ALL = new RegExp(QUESTION.source, "g");
const LINK =
  /Please authenticate with Globus here:\r?\n-+\r?\n(https?:\/\/\S+\/v2\/oauth2\/authorize\?\S+)\r?\n/;
/** How a login typed into the REPL ended (printed by {@linkcode LOGIN}). */
const OUTCOME = /LOGIN (OK|FAILED [^\r\n]*)/;

/** The source module, compiled next to this test on Node. */
function source(path: string): string {
  return JSON.stringify(
    fileURLToPath(new URL(`../../src/${path}.js`, import.meta.url)),
  );
}

// Markers are built from pieces, so the REPL's echo of the typed line
// never matches what the line prints.
const SETUP = [
  `const { UserApp } = await import(${source("app/user_app")});`,
  `const { TUTORIAL_CLIENT_ID } = await import(${source("auth/constants")});`,
  `const app = new UserApp({ appName: "repl-login", clientId: TUTORIAL_CLIENT_ID, config: { loginFlowManager: "command-line", tokenStorage: "memory" } });`,
  `const stdinState = () => JSON.stringify({ data: process.stdin.listenerCount("data"), end: process.stdin.listenerCount("end"), keypress: process.stdin.listenerCount("keypress"), flowing: process.stdin.readableFlowing });`,
  `const before = stdinState();`,
  `console.log("SET" + "UP", typeof UserApp, before);`,
];
const LOGIN =
  `await app.login().then(() => console.log("LOG" + "IN OK"), (e) => console.log("LOG" + "IN FAILED " + e.name + ": " + e.message));`;
/** The REPL's next line: it runs, and the terminal is as before. */
const AFTER =
  `console.log("after", 40 + 2, stdinState() === before ? "same" : "changed " + stdinState() + " " + before);`;

/** Starts `node -i` on a terminal, with the emulator's services. */
function repl(
  emu: Emulator,
  home: string,
  env: Record<string, string> = {},
): Driven {
  // `drive` runs `node <program>`: here the program is the REPL's flag.
  return drive("-i", [], {
    ...emu.env,
    ...env,
    HOME: home,
    // The REPL in raw mode (a `dumb` terminal would make it line-based),
    // and no history file.
    TERM: "xterm",
    NODE_REPL_HISTORY: "",
  }, "pty");
}

async function type(p: Driven, line: string): Promise<void> {
  await p.write(line + "\r");
}

async function withRepl(
  fn: (p: Driven, emu: Emulator) => Promise<void>,
  env: (emu: Emulator) => Promise<Record<string, string>> = () =>
    Promise.resolve({}),
): Promise<void> {
  const emu = await startEmulator();
  const home = await mkdtemp(join(tmpdir(), "repl-login-"));
  const p = repl(emu, home, await env(emu));
  try {
    for (const line of SETUP) await type(p, line);
    await p.expect(/SETUP function \{/);
    await fn(p, emu);
    await type(p, ".exit");
    assert.equal(await p.exit(), 0, p.output);
    for (const t of emu.issuedTokens()) {
      assert.ok(!p.output.includes(t), "a token was printed");
    }
  } finally {
    p.kill();
    await emu.close();
    await rm(home, { recursive: true, force: true });
  }
}

test(
  "Node's REPL: Ctrl-C at the code question stops the login with the interrupted-login error, and the REPL runs its next line",
  { skip: SKIP },
  async (t) => {
    if (await skipWithoutPty(t)) return;
    await withRepl(async (p) => {
      await type(p, LOGIN);
      await p.expect(QUESTION);
      // At once: the key is the login's however soon it comes.
      await p.write("\x03");
      const m = await p.expect(OUTCOME);
      assert.match(
        m[1]!,
        /^FAILED AbortError: Interrupted: the login stopped, and no tokens were stored/,
        p.output,
      );
      // The question's line was ended.
      assert.match(p.output, /Code here: \^C\r?\n/);
      await type(p, AFTER);
      await p.expect(/after 42 same/);
      await type(p, `console.log("required", await app.loginRequired())`);
      await p.expect(/required true/);
    });
  },
);

test(
  "Node's REPL: Ctrl-D at the code question cancels the login and the REPL goes on; a pasted code then logs in, and the terminal is the REPL's again",
  { skip: SKIP },
  async (t) => {
    if (await skipWithoutPty(t)) return;
    await withRepl(async (p, emu) => {
      await type(p, LOGIN);
      await p.expect(QUESTION);
      await p.write("\x04");
      const cancelled = await p.expect(OUTCOME);
      assert.match(
        cancelled[1]!,
        /^FAILED LoginRequiredError: Login cancelled: Ctrl-D was pressed at the code prompt before a code was entered\. Nothing was stored; run the login again \(app\.login\(\)\)/,
        p.output,
      );
      await type(p, AFTER);
      await p.expect(/after 42 same/);

      await type(p, LOGIN);
      const [, url] = await p.expect(LINK);
      await p.expect(QUESTION);
      const code = await emu.approve(url!);
      // Typed, with a slip mended by Backspace, then Enter.
      await p.write(`${code}x\x7f\r`);
      const done = await p.expect(OUTCOME);
      assert.equal(done[1], "OK", p.output);
      // The code was echoed where it was typed, and the line ended.
      assert.ok(p.output.includes(`Code here: ${code}x\b \b\r\n`), p.output);
      await type(p, AFTER);
      await p.expect(/after 42 same/);
      await type(p, `console.log("required", await app.loginRequired())`);
      await p.expect(/required false/);
    });
  },
);

/**
 * Globus Auth behind a gate: token requests (a code's exchange) wait until
 * {@linkcode AuthGate.open}, and {@linkcode AuthGate.held} resolves when one
 * waits, so a key can be sent while the SDK is known to be checking a code.
 */
interface AuthGate {
  /** The Auth URL to give the REPL (`GLOBUS_SDK_SERVICE_URL_AUTH`). */
  url: string;
  /** Resolves when a token request is waiting at the gate. */
  held(): Promise<void>;
  /** Lets the waiting requests (and later ones) through. */
  open(): void;
  close(): Promise<void>;
}

async function authGate(emu: Emulator): Promise<AuthGate> {
  let isOpen = false;
  const waiting: (() => void)[] = [];
  const responses = new Set<ServerResponse>();
  let onHeld: () => void = () => {};
  const server = createServer((req, res) => {
    responses.add(res);
    res.on("close", () => responses.delete(res));
    const chunks: Uint8Array[] = [];
    req.on("data", (c: Uint8Array) => chunks.push(c));
    req.on("end", () => {
      const forward = () => {
        const up = request(
          new URL(req.url ?? "/", emu.url),
          { method: req.method, headers: req.headers },
          (r) => {
            res.writeHead(r.statusCode ?? 502, r.headers);
            r.pipe(res);
          },
        );
        up.on("error", () => res.destroy());
        up.end(Buffer.concat(chunks));
      };
      if (!isOpen && /\/v2\/oauth2\/token\b/.test(req.url ?? "")) {
        waiting.push(forward);
        onHeld();
      } else {
        forward();
      }
    });
  });
  await new Promise<void>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve())
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/auth/`,
    held: () =>
      waiting.length > 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => onHeld = resolve),
    open() {
      isOpen = true;
      for (const f of waiting.splice(0)) f();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of responses) res.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * The login's outcome, or the REPL's own interruption (the Ctrl-C reached
 * the REPL, which stopped waiting for the login, and the login went on).
 */
const OUTCOME_OR_REPL =
  /LOGIN (OK|FAILED [^\r\n]*)|(ERR_SCRIPT_EXECUTION_INTERRUPTED)/;

function assertInterrupted(m: RegExpMatchArray, output: string): void {
  assert.equal(
    m[2],
    undefined,
    `the Ctrl-C reached the REPL, and the login went on:\n${output}`,
  );
  assert.match(
    m[1]!,
    /^FAILED AbortError: Interrupted: the login stopped, and no tokens were stored/,
    output,
  );
}

test(
  "Node's REPL: Ctrl-C while a wrong code is being checked (between two questions) stops the login, not the REPL; the REPL's next line runs",
  { skip: SKIP },
  async (t) => {
    if (await skipWithoutPty(t)) return;
    let gate: AuthGate | undefined;
    try {
      await withRepl(async (p) => {
        await type(p, LOGIN);
        await p.expect(QUESTION);
        const held = gate!.held();
        await p.write("wrong-code\r");
        // The SDK is exchanging the code: its request waits at the gate.
        await held;
        await p.write("\x03");
        const m = await p.expect(OUTCOME_OR_REPL);
        assertInterrupted(m, p.output);
        // Shown as a terminal shows it, and no second question.
        assert.match(p.output, /Code here: wrong-code\r?\n\^C\r?\n/);
        assert.equal(p.output.match(QUESTION_ALL)?.length, 1, p.output);
        gate!.open();
        await type(p, AFTER);
        await p.expect(/after 42 same/);
        await type(p, `console.log("required", await app.loginRequired())`);
        await p.expect(/required true/);
      }, async (emu) => {
        gate = await authGate(emu);
        return { GLOBUS_SDK_SERVICE_URL_AUTH: gate.url };
      });
    } finally {
      await gate?.close();
    }
  },
);

test(
  "Node's REPL: Ctrl-C typed right after Enter on a wrong code stops the login while the code is checked; what is typed after it is the REPL's",
  { skip: SKIP },
  async (t) => {
    if (await skipWithoutPty(t)) return;
    await withRepl(async (p) => {
      await type(p, LOGIN);
      await p.expect(QUESTION);
      // One write: the code, Enter, Ctrl-C and the REPL's next line.
      await p.write(`wrong-code\r\x03${AFTER}\r`);
      const m = await p.expect(OUTCOME_OR_REPL);
      assertInterrupted(m, p.output);
      await p.expect(/after 42 same/);
      assert.equal(p.output.match(QUESTION_ALL)?.length, 1, p.output);
      // The line typed after the Ctrl-C ran once (not lost, not doubled).
      assert.equal(p.output.match(/after 42 same/g)?.length, 1, p.output);
      await type(p, `console.log("required", await app.loginRequired())`);
      await p.expect(/required true/);
    });
  },
);

/**
 * A gate on the token storage's reads, for `app.login()`'s first step (its
 * check of the cached tokens): each read of the REPL's {@linkcode HELD_APP}
 * fetches this server's URL first, and the server holds the request until
 * {@linkcode ReadGate.open}, so a key can be sent while the login is known
 * to be reading its tokens.
 */
interface ReadGate {
  /** The URL the storage's reads fetch first. */
  url: string;
  /** Resolves when a read is waiting at the gate. */
  held(): Promise<void>;
  /** Lets the waiting reads (and later ones) through. */
  open(): void;
  close(): Promise<void>;
}

async function readGate(): Promise<ReadGate> {
  let isOpen = false;
  const waiting: ServerResponse[] = [];
  const all = new Set<ServerResponse>();
  let onHeld: () => void = () => {};
  const server = createServer((_req, res) => {
    all.add(res);
    res.on("close", () => all.delete(res));
    if (isOpen) {
      res.end("ok");
    } else {
      waiting.push(res);
      onHeld();
    }
  });
  await new Promise<void>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve())
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/read`,
    held: () =>
      waiting.length > 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => onHeld = resolve),
    open() {
      isOpen = true;
      for (const res of waiting.splice(0)) res.end("ok");
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of all) res.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * `held`: an app whose token storage waits at the {@linkcode ReadGate}
 * before each read while `globalThis.holdReads` is true, and says when its
 * login ran its flow step (`runLogin`) and how that ended.
 */
const HELD_APP = [
  `const { MemoryTokenStorage } = await import(${
    source("tokens/memory_storage")
  });`,
  `globalThis.holdReads = true;`,
  `class HeldStorage extends MemoryTokenStorage { async getTokenDataByResourceServer() { if (globalThis.holdReads) await fetch(process.env.READ_GATE).then((r) => r.text()); return await super.getTokenDataByResourceServer(); } }`,
  `const held = new UserApp({ appName: "repl-held", clientId: TUTORIAL_CLIENT_ID, config: { loginFlowManager: "command-line", tokenStorage: new HeldStorage() } });`,
  `const runLogin = held.runLogin.bind(held); held.runLogin = (...a) => runLogin(...a).finally(() => console.log("RUN" + "LOGIN ENDED"));`,
  `console.log("HE" + "LD", typeof held);`,
];
const HELD_LOGIN = LOGIN.replace("app.login()", "held.login()");

async function withHeldApp(
  fn: (p: Driven, gate: ReadGate, emu: Emulator) => Promise<void>,
): Promise<void> {
  const gate = await readGate();
  try {
    await withRepl(async (p, emu) => {
      for (const line of HELD_APP) await type(p, line);
      // The REPL printed the line's value: its terminal is raw again (it
      // is not while a line's synchronous part runs, and a Ctrl-C typed
      // then is the terminal's SIGINT).
      await p.expect(/HELD object\r?\nundefined\r?\n/);
      await fn(p, gate, emu);
    }, (emu) =>
      Promise.resolve({
        READ_GATE: gate.url,
        TUTORIAL1: emu.collections.tutorial1,
      }));
  } finally {
    await gate.close();
  }
}

/** Sets up the REPL (an app, or a client of it) with its token reads held. */
type HeldSetup = (
  fn: (p: Driven, gate: ReadGate, emu: Emulator) => Promise<void>,
) => Promise<void>;

/**
 * Ctrl-C while `line`'s login still reads the cached tokens (before the
 * flow starts): it stops the login, which asks nothing later, and the REPL
 * runs its next line.
 */
async function ctrlCWhileReading(
  setup: HeldSetup,
  line: string,
  outcome: RegExp,
): Promise<void> {
  await setup(async (p, gate) => {
    const reading = gate.held();
    await type(p, line);
    // The login is reading its tokens: its read waits at the gate.
    await reading;
    await p.write("\x03");
    const m = await p.expect(outcome);
    assertInterrupted(m, p.output);
    gate.open();
    // The login's next step ran and ended without asking.
    await p.expect(/RUNLOGIN ENDED/);
    assert.doesNotMatch(p.output, QUESTION, p.output);
    assert.doesNotMatch(p.output, /Please authenticate/, p.output);
    await type(p, AFTER);
    await p.expect(/after 42 same/);
    await type(p, `console.log("required", await held.loginRequired())`);
    await p.expect(/required true/);
    assert.doesNotMatch(p.output, QUESTION, p.output);
  });
}

/**
 * A Ctrl-C in the same terminal read as `line`'s Enter stops the login,
 * not the REPL; the line typed after it is the REPL's, run once.
 */
async function ctrlCWithEnter(
  setup: HeldSetup,
  line: string,
  outcome: RegExp,
): Promise<void> {
  await setup(async (p, gate) => {
    const reading = gate.held();
    // One write: the line, its Enter, Ctrl-C and the REPL's next line.
    await p.write(`${line}\r\x03${AFTER}\r`);
    const m = await p.expect(outcome);
    assertInterrupted(m, p.output);
    await p.expect(/after 42 same/);
    // The login's read still waits at the gate; let it go on.
    await reading;
    gate.open();
    await p.expect(/RUNLOGIN ENDED/);
    // The line typed after the Ctrl-C ran once (not lost, not doubled).
    assert.equal(p.output.match(/after 42 same/g)?.length, 1, p.output);
    assert.doesNotMatch(p.output, QUESTION, p.output);
    assert.doesNotMatch(p.output, /Please authenticate/, p.output);
  });
}

test(
  "Node's REPL: Ctrl-C while app.login() still reads its cached tokens (before the flow starts) stops the login, which asks nothing later; the REPL runs its next line",
  { skip: SKIP },
  async (t) => {
    if (await skipWithoutPty(t)) return;
    await ctrlCWhileReading(withHeldApp, HELD_LOGIN, OUTCOME_OR_REPL);
  },
);

test(
  "Node's REPL: a Ctrl-C in the same terminal read as the Enter of `await app.login()` stops the login, not the REPL; what is typed after it is the REPL's",
  { skip: SKIP },
  async (t) => {
    if (await skipWithoutPty(t)) return;
    await ctrlCWithEnter(withHeldApp, HELD_LOGIN, OUTCOME_OR_REPL);
  },
);

test(
  "Node's REPL: a login with cached tokens asks nothing, and a line typed while it reads them runs once it is done; the terminal is the REPL's again",
  { skip: SKIP },
  async (t) => {
    if (await skipWithoutPty(t)) return;
    await withHeldApp(async (p, gate, emu) => {
      // A first login, reads not held, caches the tokens.
      await type(p, `globalThis.holdReads = false;`);
      await type(p, HELD_LOGIN);
      const [, url] = await p.expect(LINK);
      await p.expect(QUESTION);
      await p.write(`${await emu.approve(url!)}\r`);
      assert.equal((await p.expect(OUTCOME))[1], "OK", p.output);
      await type(p, `globalThis.holdReads = true;`);
      const reading = gate.held();
      await type(p, HELD_LOGIN);
      await reading;
      // Typed ahead while the tokens are read: the REPL's next line.
      await type(p, AFTER);
      gate.open();
      assert.equal((await p.expect(OUTCOME))[1], "OK", p.output);
      await p.expect(/after 42 same/);
      assert.equal(p.output.match(QUESTION_ALL)?.length, 1, p.output);
    });
  },
);

/**
 * A Transfer client of the REPL's {@linkcode HELD_APP}: its first request
 * asks the app for tokens, which reads them and logs in.
 */
const HELD_CLIENT = [
  `const { TransferClient } = await import(${
    source("transfer/transfer_client")
  });`,
  `const tc = new TransferClient({ app: held });`,
  `console.log("CLI" + "ENT", typeof tc);`,
];
/** A request with the held app's tokens, and how it ended. */
const HELD_LS =
  `await tc.operationLs(process.env.TUTORIAL1, { path: "/" }).then((r) => console.log("REQ" + "UEST OK", r.data.DATA_TYPE), (e) => console.log("REQ" + "UEST FAILED " + e.name + ": " + e.message));`;
/** How {@linkcode HELD_LS} ended, or the REPL's own interruption. */
const REQUEST_OR_REPL =
  /REQUEST ((?:OK|FAILED) [^\r\n]*)|(ERR_SCRIPT_EXECUTION_INTERRUPTED)/;

async function withHeldClient(
  fn: (p: Driven, gate: ReadGate, emu: Emulator) => Promise<void>,
): Promise<void> {
  await withHeldApp(async (p, gate, emu) => {
    for (const line of HELD_CLIENT) await type(p, line);
    await p.expect(/CLIENT object\r?\nundefined\r?\n/);
    await fn(p, gate, emu);
  });
}

test(
  "Node's REPL: Ctrl-C while a request's login still reads the cached tokens (tc.operationLs without tokens) stops the request and its login, which asks nothing later; the REPL runs its next line",
  { skip: SKIP },
  async (t) => {
    if (await skipWithoutPty(t)) return;
    await ctrlCWhileReading(withHeldClient, HELD_LS, REQUEST_OR_REPL);
  },
);

test(
  "Node's REPL: a Ctrl-C in the same terminal read as the Enter of a request that needs a login stops the request, not the REPL; what is typed after it is the REPL's",
  { skip: SKIP },
  async (t) => {
    if (await skipWithoutPty(t)) return;
    await ctrlCWithEnter(withHeldClient, HELD_LS, REQUEST_OR_REPL);
  },
);

test(
  "Node's REPL: a request that needs a login asks at the code question, logs in and is sent; the terminal is the REPL's again, and the next request asks nothing",
  { skip: SKIP },
  async (t) => {
    if (await skipWithoutPty(t)) return;
    await withHeldClient(async (p, gate, emu) => {
      const reading = gate.held();
      await type(p, HELD_LS);
      await reading;
      gate.open();
      const [, url] = await p.expect(LINK);
      await p.expect(QUESTION);
      await p.write(`${await emu.approve(url!)}\r`);
      const done = await p.expect(REQUEST_OR_REPL);
      assert.equal(done[1], "OK file_list", p.output);
      await type(p, AFTER);
      await p.expect(/after 42 same/);
      // Tokens in use: the request is sent at once, and a line typed
      // right after it is the REPL's.
      await p.write(`${HELD_LS}\r${AFTER}\r`);
      const again = await p.expect(REQUEST_OR_REPL);
      assert.equal(again[1], "OK file_list", p.output);
      await p.expect(/after 42 same/);
      assert.equal(p.output.match(QUESTION_ALL)?.length, 1, p.output);
    });
  },
);
