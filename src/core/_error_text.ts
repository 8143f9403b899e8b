/**
 * What inspect (Deno and Node) shows of the SDK's errors.
 *
 * @module
 */
import { inJupyter } from "./runtime.ts";

/**
 * What inspect shows of one of our errors: `Name: message`, the frames of
 * its stack (the lines after the stack's own header, which may hold an
 * older message), and `fields` as indented JSON. In a notebook, where the
 * cell is the place, without the frames. The stack is scrubbed of the
 * request's credentials when the error is made.
 *
 * @param error The error.
 * @param fields Its data to show (already redacted).
 * @returns The text.
 */
export function errorText(error: Error, fields: object): string {
  const frames = inJupyter()
    ? []
    : (error.stack ?? "").split("\n").filter((line) => /^\s+at /.test(line));
  return [
    `${error.name}: ${error.message}`,
    ...frames,
    JSON.stringify(fields, null, 2),
  ].join("\n");
}
