/**
 * Internal: how an emulator prints (`console.log(emulator)`, a notebook
 * cell ending in it, `String(emulator)`): its URLs, user, collections,
 * clients and environment in a few lines, instead of its internals (its
 * whole state, and the confidential client's secret).
 *
 * @module
 */
import { escapeHtml } from "../notebook/display.ts";

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

/**
 * The emulator in a few lines (the client secret is not among them).
 *
 * @param emu The emulator.
 * @returns The text.
 */
export function emulatorText(emu: EmulatorFacts): string {
  const collections = Object.entries(emu.collections as Record<string, string>)
    .map(([k, v]) => `${k} ${v}`).join(", ");
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
