/**
 * Internal: an error whose `stack` reads as a rewrite of the text V8
 * renders, worked out when `stack` is read, not when the rewrite is set up:
 * V8 renders an error's stack at its first read, so a message changed
 * before then still shows, and nothing is rendered for an error no one
 * reads (an older V8, as Node 20's, renders it when its descriptor is read
 * too, as it is here). Used for a shared work's per-caller copies
 * (`_shared_work.ts`) and the kernel's trimmed stacks (`_kernel_stack.ts`).
 *
 * @module
 */

/**
 * When {@linkcode lazyStack}'s rewrite runs:
 * - `"once"`: at the first read, on the text V8 renders; that result is kept
 *   (the rewrite may read other state, which may change later), and a text
 *   written to `stack` replaces it, read back as written;
 * - `"each read"`: at every read, on the current text: V8's, or the last one
 *   written to `stack`.
 */
export type LazyStackMode = "once" | "each read";

/**
 * Makes `err.stack` read as `rewrite` of its text (see
 * {@linkcode LazyStackMode} for when it runs), keeping it what V8 makes it:
 * not enumerable, configurable, and writable (through a setter). Where
 * `stack` is not an own configurable property (a frozen error, one without
 * a stack), nothing changes.
 *
 * @param err The error.
 * @param rewrite Makes the text read from the text it is given (V8's, or
 *   one written; not always a string).
 * @param mode When it runs.
 */
export function lazyStack(
  err: object,
  rewrite: (stack: unknown) => unknown,
  mode: LazyStackMode,
): void {
  const d = Object.getOwnPropertyDescriptor(err, "stack");
  if (!d?.configurable) return;
  const read = d.get ? () => d.get!.call(err) : () => d.value;
  /** The text last written to `stack`. */
  let written: { value: unknown } | undefined;
  /** In "once" mode, the text the first read made. */
  let made: { value: unknown } | undefined;
  Object.defineProperty(err, "stack", {
    configurable: true,
    enumerable: false,
    get() {
      if (mode === "each read") {
        return rewrite(written ? written.value : read());
      }
      return (written ?? (made ??= { value: rewrite(read()) })).value;
    },
    set(value: unknown) {
      written = { value };
    },
  });
}
