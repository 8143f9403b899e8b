/**
 * An SVG drawing as an `<img>` with a `data:image/svg+xml;base64,…` source,
 * for `text/html` outputs. A notebook someone did not run themselves is
 * "Not Trusted": Jupyter sanitizes its HTML outputs, dropping `<svg>`
 * elements (their texts stay, run together) and every `style` attribute,
 * but it keeps an `<img>` with its `src`, `width`, `height`, `alt` and
 * `class`. An SVG shown through `<img>` runs no scripts either.
 *
 * @module
 */

/**
 * Base64 of a string's UTF-8 bytes, with `btoa` (Deno, Node 20+ and
 * browsers; no `Buffer`), so characters beyond Latin-1 (e.g. "━") work.
 *
 * @param text The text.
 * @returns The base64 text.
 */
export function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  // In chunks: String.fromCharCode with too many arguments overflows the
  // stack.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/**
 * A `data:` URI of an SVG document.
 *
 * @param svg The `<svg …>…</svg>` markup.
 * @returns `data:image/svg+xml;base64,…`.
 */
export function svgDataUri(svg: string): string {
  return `data:image/svg+xml;base64,${base64Utf8(svg)}`;
}

/** The value of one attribute of the root `<svg>` tag, as written. */
function rootAttribute(svg: string, name: string): string | undefined {
  const tag = /^\s*<svg\b[^>]*>/.exec(svg)?.[0] ?? "";
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
}

/**
 * An SVG drawing as one `<img>` element: its `width`, `height` and
 * `data-points` come from the root `<svg>` tag, its `alt` text from the
 * drawing's `<title>` (already escaped there, so it is escaped here too).
 *
 * @param svg The `<svg …>…</svg>` markup (its texts escaped).
 * @param className The `class` of the `<img>` (a fixed, safe name).
 * @returns `<img class="…" … src="data:image/svg+xml;base64,…">`.
 */
export function svgImageHtml(svg: string, className: string): string {
  const attrs = [`class="${className}"`];
  for (const name of ["data-points", "width", "height"]) {
    const value = rootAttribute(svg, name);
    if (value !== undefined) attrs.push(`${name}="${value}"`);
  }
  const title = /<title>([^<]*)<\/title>/.exec(svg)?.[1];
  attrs.push(`alt="${title ?? "chart"}"`);
  return `<img ${attrs.join(" ")} src="${svgDataUri(svg)}">`;
}
