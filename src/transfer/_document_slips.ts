/**
 * What `TransferData` and `DeleteData` say in the Deno kernel when read as
 * the Python SDK's dicts (`tdata["DATA"]`, `tdata["label"]`): the reads
 * gave `undefined` with no word why.
 *
 * @module
 */
import { camelCase } from "../core/_options.ts";
import { exampleVariable, type MissHint } from "../notebook/_slip_hints.ts";

/**
 * The hint for reads of a document's wire fields or options.
 *
 * @param name The class: `"TransferData"`.
 * @param options The class's option names (camelCase).
 * @returns A {@linkcode MissHint}.
 */
export function documentMiss(
  name: string,
  options: readonly string[],
): MissHint {
  const variable = exampleVariable(name);
  const notADict =
    `${name} is not a dict as in the Python SDK: its document is ${variable}.toJSON()`;
  return (key, receiver) => {
    if (key === "DATA" || key === "DATA_TYPE") {
      return `${notADict} (${variable}.toJSON().${key}); items are added with ${variable}.addItem(…)`;
    }
    const option = camelCase(key);
    if (option === "additionalFields" || !options.includes(option)) {
      return undefined;
    }
    if (option in receiver) {
      // The submission id, read after a submit (Python 3 filled it when
      // the document was made): the hint said to set it, not to read it.
      return `${notADict}; its ${key} is ${variable}.${option}${
        option === "submissionId"
          ? " (given when it is made, or set by submitTransfer())"
          : ""
      }`;
    }
    return `${notADict}, and ${key} is set when it is made: new ${name}(…, { ${option}: … })`;
  };
}
