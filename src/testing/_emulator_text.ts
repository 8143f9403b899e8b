/**
 * Internal: how an emulator prints (`console.log(emulator)`, a notebook
 * cell ending in it, `String(emulator)`): its URLs, user, collections,
 * clients and environment in a few lines, instead of its internals (its
 * whole state, and the confidential client's secret).
 *
 * @module
 */
import { DENO_INSPECT, NODE_INSPECT } from "../core/redact.ts";
import { escapeHtml, JUPYTER_DISPLAY } from "../notebook/display.ts";

/** What the summary reads from an emulator. */
export interface EmulatorFacts {
  readonly url: string;
  readonly authUrl: string;
  readonly transferUrl: string;
  readonly root: string;
  readonly user: { readonly username: string; readonly id: string };
  readonly nativeClientId: string;
  readonly confidentialClient: { readonly clientId: string };
  readonly collections: object;
  readonly env: Readonly<Record<string, string>>;
}

/** Emulators whose `close()` was called. */
const closedEmulators = new WeakSet<object>();

/**
 * Records that `close()` was called, so that the summary says so (a closed
 * emulator printed as running, with a files folder already removed).
 *
 * @param emu The emulator.
 */
export function markClosed(emu: object): void {
  closedEmulators.add(emu);
}

/**
 * The emulator in a few lines (the client secret is not among them).
 *
 * @param emu The emulator.
 * @returns The text.
 */
export function emulatorText(emu: EmulatorFacts): string {
  const collections = Object.entries(emu.collections as Record<string, string>)
    .map(([k, v]) => `${k} ${v}`).join(", ");
  if (closedEmulators.has(emu)) {
    return `Globus emulator at ${emu.url}: closed (close() was called; it no longer answers, and its requests fail: start another with startEmulator())`;
  }
  const env = Object.entries(emu.env).map(([k, v]) => `${k}=${v}`).join(" ");
  return [
    `Globus emulator at ${emu.url}`,
    `  Auth:        ${emu.authUrl}`,
    `  Transfer:    ${emu.transferUrl}`,
    `  user:        ${emu.user.username} (${emu.user.id})`,
    `  collections: ${collections}`,
    `  clients:     native ${emu.nativeClientId}; confidential ${emu.confidentialClient.clientId} (its secret: emulator.confidentialClient.clientSecret)`,
    `  files:       ${emu.root}`,
    `  env:         ${env}`,
    `  (an app in this process uses it after Object.assign(process.env, emulator.env); a client also takes baseUrl: emulator.transferUrl)`,
  ].join("\n");
}

/**
 * The notebook rendering of {@linkcode emulatorText}.
 *
 * @param emu The emulator.
 * @returns `text/plain` and `text/html`.
 */
export function emulatorBundle(emu: EmulatorFacts): Record<string, string> {
  const text = emulatorText(emu);
  return {
    "text/plain": text,
    "text/html": `<pre>${escapeHtml(text)}</pre>`,
  };
}

/**
 * Gives an emulator class its printed forms: `toString()`, Deno's and
 * Node's inspect hooks and the notebook display, all the summary
 * (non-enumerable, as methods are).
 *
 * @param cls The class (its instances are emulators).
 */
export function printsAsSummary(
  cls: { prototype: EmulatorFacts },
): void {
  const text = function (this: EmulatorFacts): string {
    return emulatorText(this);
  };
  const hidden = { enumerable: false, configurable: true, writable: true };
  Object.defineProperties(cls.prototype, {
    toString: { ...hidden, value: text },
    [DENO_INSPECT]: { ...hidden, value: text },
    [NODE_INSPECT]: { ...hidden, value: text },
    [JUPYTER_DISPLAY]: {
      ...hidden,
      value: function (this: EmulatorFacts): Record<string, string> {
        return emulatorBundle(this);
      },
    },
  });
}
