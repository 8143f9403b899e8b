/**
 * Internal: the one way tables and the progress display write a time and an
 * exact byte count. Transfer's times came in three styles (a task's
 * `2026-12-03T19:33:52+00:00`, a listing's `2026-12-02 22:48:41+00:00`, and
 * a notebook's own `toISOString()` `…T22:48:57.000Z`) beside the token
 * table's `2026-12-04 22:48:53 UTC`: all are shown in that last style.
 *
 * @module
 */
import type { TableColumn } from "./tables.ts";

/**
 * An ISO 8601 date and time with its offset (`Z`, `+00:00`, `+0000`), with a
 * `T` or a space between date and time. A time without an offset is left as
 * it is: which zone it is in is not known.
 */
const ISO_WITH_OFFSET =
  /^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d(?::\d\d(?:\.\d+)?)?)(Z|[+-]\d\d:?\d\d)$/i;

/**
 * `2026-12-03 19:33:52 UTC` for a time given as ms since the epoch.
 *
 * @param ms The time.
 * @returns The text, or `undefined` for a time that is not finite.
 */
export function utcText(ms: number): string | undefined {
  if (!Number.isFinite(ms)) return undefined;
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return undefined;
  return d.toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
}

/**
 * The time an ISO 8601 text with an offset stands for, in ms since the
 * epoch; `undefined` for any other text.
 *
 * @param text The text.
 * @returns The time, or `undefined`.
 */
export function parseIsoTime(text: string): number | undefined {
  const m = ISO_WITH_OFFSET.exec(text.trim());
  if (!m) return undefined;
  const zone = m[3]!.toUpperCase() === "Z"
    ? "Z"
    : m[3]!.replace(/^([+-]\d\d)(\d\d)$/, "$1:$2");
  const ms = Date.parse(`${m[1]}T${m[2]}${zone}`);
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * A cell's text in the tables' time style when it is an ISO 8601 time with
 * an offset (`2026-12-03T19:33:52+00:00` → `2026-12-03 19:33:52 UTC`),
 * else `undefined`.
 *
 * @param text The cell's text.
 * @returns The text to show, or `undefined`.
 */
export function timeCell(text: string): string | undefined {
  const ms = parseIsoTime(text);
  return ms === undefined ? undefined : utcText(ms);
}

/**
 * `1,234,567 bytes` (`1 byte`): the exact count behind a rounded size.
 *
 * @param bytes The count.
 * @returns The text.
 */
export function exactBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  const digits = String(Math.abs(Math.trunc(bytes))).replace(
    /\B(?=(\d{3})+(?!\d))/g,
    ",",
  );
  const sign = bytes < 0 ? "-" : "";
  return `${sign}${digits} byte${Math.abs(bytes) === 1 ? "" : "s"}`;
}

/**
 * A column of byte counts: `1.2 MB` (decimal units, as `formatBytes`), with
 * the exact count as the HTML cell's tooltip; what is not a number is shown
 * as it is.
 *
 * @param key The field.
 * @param header The header.
 * @param format Formats a count (`formatBytes`; passed in, as it lives in
 *   tables.ts, which imports this module).
 * @returns The column.
 */
export function bytesColumn(
  key: string,
  header: string,
  format: (bytes: number) => string,
): TableColumn {
  return {
    key,
    header,
    align: "right",
    format: (v) =>
      typeof v === "number" ? format(v) : v == null ? "" : String(v),
    title: (v) => typeof v === "number" ? exactBytes(v) : undefined,
  };
}

/**
 * A value as a cell's text: strings as they are, `null` and `undefined`
 * blank, objects as JSON.
 *
 * @param value The value.
 * @returns The text.
 */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "object") {
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  }
  return String(value);
}

/**
 * `1,234,567`: a count with its thousands marked, as the task list, an
 * event's details and a task's record show it; other values as
 * {@linkcode cellText}.
 *
 * @param value The value.
 * @returns The text.
 */
export function countText(value: unknown): string {
  return typeof value === "number" && Number.isInteger(value)
    ? value.toLocaleString("en-US")
    : cellText(value);
}
