/**
 * A table's HTML as Jupyter Notebook shows it in a notebook that is not
 * trusted (a committed notebook opened anew): its sanitizer drops every
 * `style` attribute, and its stylesheet right-aligns every cell
 * (`.rendered_html td, .rendered_html th { text-align: right }`) and lets
 * it wrap (`white-space: normal`); an `align` or `nowrap` on a `<td>` loses
 * to those rules.
 */

/** The HTML with its `style` attributes dropped, as Jupyter does. */
export function untrusted(html: string): string {
  return html.replace(/ style="[^"]*"/g, "");
}

/** How a cell reads in an untrusted notebook. */
export interface CellLook {
  /** The cell's text (tags removed, entities kept). */
  text: string;
  /** Where its text stands. */
  align: "left" | "right";
  /** Whether it stays on one line. */
  nowrap: boolean;
}

/**
 * Every header and data cell of the (untrusted) HTML, as Notebook 6 lays
 * it out: aligned by a `<div align>` around the cell's content, else
 * right; on one line when its content is one `<nobr>`.
 */
export function cellLooks(html: string): CellLook[] {
  const looks: CellLook[] = [];
  for (const m of untrusted(html).matchAll(/<(t[dh])\b[^>]*>(.*?)<\/\1>/gs)) {
    let inner = m[2] ?? "";
    let align: "left" | "right" = "right";
    const div = /^<div align="(left|right)">(.*)<\/div>$/s.exec(inner);
    if (div) {
      align = div[1] as "left" | "right";
      inner = div[2] ?? "";
    }
    const nowrap = /^<nobr>[^<]*<\/nobr>$/.test(inner);
    looks.push({ text: inner.replace(/<[^>]*>/g, ""), align, nowrap });
  }
  return looks;
}
