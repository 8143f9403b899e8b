/**
 * What `TransferData` and `DeleteData` say in the Deno kernel when read as
 * the Python SDK's dicts (`tdata["DATA"]`, `tdata["label"]`): the reads
 * gave `undefined` with no word why.
 *
 * @module
 */
import type { MissHint } from "../notebook/_slip_hints.ts";

/** `sync_level` → `syncLevel`. */
function camel(key: string): string {
  return key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/**
 * The hint for reads of a document's wire fields or options.
 *
 * @param name The class: `"TransferData"`.
 * @param variable The conventional variable: `"tdata"`.
 * @param options The class's option names (camelCase).
 * @returns A {@linkcode MissHint}.
 */
export function documentMiss(
  name: string,
  variable: string,
  options: readonly string[],
): MissHint {
  const notADict =
    `${name} is not a dict as in the Python SDK: its document is ${variable}.toJSON()`;
  return (key) => {
    if (key === "DATA" || key === "DATA_TYPE") {
      return `${notADict} (${variable}.toJSON().${key}); items are added with ${variable}.addItem(…)`;
    }
    const option = camel(key);
    if (option === "additionalFields" || !options.includes(option)) {
      return undefined;
    }
    return `${notADict}, and ${key} is set when it is made: new ${name}(…, { ${option}: … })`;
  };
}
