/**
 * The display seam: rich output in the Deno Jupyter kernel, plain text
 * elsewhere. Every value put into HTML goes through {@linkcode escapeHtml}.
 *
 * @module
 */
import { inJupyter, jupyterDisplay, type MimeBundle } from "../core/runtime.ts";

export type { MimeBundle };

/**
 * Escapes text for HTML element content and attribute values.
 *
 * @param value Any value; it is converted with `String()`.
 * @returns The escaped text.
 *
 * @example Escape a hostile name
 * ```ts
 * import { escapeHtml } from "@globus-deno/sdk";
 * console.log(escapeHtml("<img src=x onerror=alert(1)>"));
 * ```
 */
export function escapeHtml(value: unknown): string {
  return String(value ?? "")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** Options for one {@linkcode DisplaySink.show} call. */
export interface ShowOptions {
  /** A display id, so later calls can update this display in place. */
  id?: string | undefined;
  /** `true` to replace the display with this id. */
  update?: boolean | undefined;
}

/**
 * Where rich output goes. Tests pass a recording sink; the default shows
 * HTML in Jupyter and prints `text/plain` elsewhere.
 */
export interface DisplaySink {
  /**
   * Shows a MIME bundle (`text/html`, `text/plain`, …).
   *
   * @param bundle MIME type → data.
   * @param options A display id and whether to update in place.
   */
  show(bundle: MimeBundle, options?: ShowOptions): Promise<void>;
  /** `true` when HTML is rendered (inside Jupyter). */
  readonly rich: boolean;
}

/**
 * The default sink: Jupyter display messages inside the Deno kernel,
 * `console.log` of the `text/plain` part elsewhere (updates are skipped
 * outside Jupyter).
 *
 * @returns The sink.
 *
 * @example Show rich output where possible
 * ```ts
 * import { defaultDisplay } from "@globus-deno/sdk";
 * const display = defaultDisplay();
 * // HTML inside the Deno Jupyter kernel; prints the text elsewhere.
 * await display.show({ "text/html": "<b>Transfer done</b>", "text/plain": "Transfer done" });
 * console.log(display.rich); // false outside Jupyter
 * ```
 */
export function defaultDisplay(): DisplaySink {
  const rich = inJupyter();
  return {
    rich,
    async show(bundle: MimeBundle, options: ShowOptions = {}): Promise<void> {
      if (rich) {
        await jupyterDisplay(bundle, options.id, options.update ?? false);
        return;
      }
      if (options.update) return;
      const text = bundle["text/plain"];
      if (typeof text === "string") console.log(text);
    },
  };
}

/** The symbol the Deno kernel calls to render an object richly. */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for("Jupyter.display");
