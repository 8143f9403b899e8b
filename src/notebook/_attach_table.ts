/**
 * Internal: the one way a result is made to render as a table, shared by
 * the Transfer and Auth responses.
 *
 * @module
 */
import { attachDisplay, type RenderedTable } from "./tables.ts";

/** The `toString` of a rendered table (anonymous: see `displayOf`). */
function textOf(render: () => RenderedTable): () => string {
  return function (): string {
    return render().text;
  };
}

/**
 * Renders `target` as a table in a notebook, and as the same table in plain
 * text with `String(target)` or a template literal (instead of
 * `[object Object]`). Both are non-enumerable: JSON, equality and key
 * listings are unchanged.
 *
 * @param target The object to render.
 * @param render Renders it.
 * @returns The same object.
 */
export function attachTable<T extends object>(
  target: T,
  render: () => RenderedTable,
): T {
  attachDisplay(target, render);
  Object.defineProperty(target, "toString", {
    value: textOf(render),
    enumerable: false,
    configurable: true,
    writable: true,
  });
  return target;
}
