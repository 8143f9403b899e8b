/**
 * Recording UI seams for the login-flow tests: a display sink, a scripted
 * prompt and an output writer that remember everything shown, so tests can
 * answer with the code for the URL that was displayed and check that no
 * token was ever printed.
 */
import type { UserAppConfig } from "../../src/app/user_app.ts";
import type { DisplaySink, MimeBundle } from "../../src/notebook/display.ts";

export interface RecordingUI {
  display: DisplaySink;
  prompt: (message: string) => Promise<string | null>;
  write: (text: string) => void;
  /** Everything shown, prompted or written, in order. */
  shown: string[];
  /** Bundles passed to the display. */
  bundles: MimeBundle[];
  /** Prompt messages. */
  prompts: string[];
  /** The last authorize URL that was shown or written. */
  lastUrl(): string;
  /** Throws when any of `secrets` appears in what was shown. */
  assertNoSecrets(secrets: Iterable<string>): void;
}

/**
 * @param answer Answers the n-th prompt (0-based), given the UI.
 */
export function recordingUI(
  answer: (
    n: number,
    ui: RecordingUI,
  ) => Promise<string | null> | string | null,
): RecordingUI {
  const shown: string[] = [];
  const bundles: MimeBundle[] = [];
  const prompts: string[] = [];
  const ui: RecordingUI = {
    shown,
    bundles,
    prompts,
    display: {
      rich: true,
      show(bundle) {
        bundles.push(bundle);
        for (const v of Object.values(bundle)) shown.push(String(v));
        return Promise.resolve();
      },
    },
    async prompt(message) {
      prompts.push(message);
      shown.push(message);
      return await answer(prompts.length - 1, ui);
    },
    write(text) {
      shown.push(text);
    },
    lastUrl() {
      for (let i = shown.length - 1; i >= 0; i--) {
        const m = (shown[i] as string).match(
          /https?:\/\/\S+\/v2\/oauth2\/authorize\?\S+/,
        );
        if (m) return m[0].replace(/&amp;/g, "&");
      }
      throw new Error("no authorize URL was shown");
    },
    assertNoSecrets(secrets) {
      const all = shown.join("\n");
      for (const s of secrets) {
        if (s && all.includes(s)) {
          throw new Error(`a token was printed: …${s.slice(-6)}`);
        }
      }
    },
  };
  return ui;
}

/**
 * App config for a login through `ui`: the "notebook" flow shows the link
 * on its display, the "command-line" flow writes it; both read the code
 * from its prompt.
 */
export function uiLogin(
  flow: "notebook" | "command-line",
  ui: RecordingUI,
): UserAppConfig {
  return flow === "notebook"
    ? { loginFlowManager: "notebook", display: ui.display, prompt: ui.prompt }
    : { loginFlowManager: "command-line", write: ui.write, prompt: ui.prompt };
}
