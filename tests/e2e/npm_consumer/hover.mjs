/**
 * What an editor shows a Node user: TypeScript's language service (the one
 * VS Code runs) over usage.ts, with the installed package's declarations.
 * Each name's hover must carry its doc comment, and TransferClient's its
 * examples; prints `hover OK: N names` or exits 1 naming what is missing.
 *
 * Run by scripts/build_npm.ts --test in the consumer project.
 */
import { resolve } from "node:path";
import process from "node:process";
import ts from "typescript";

const file = resolve("usage.ts");
const config = ts.getParsedCommandLineOfConfigFile(
  "tsconfig.nodenext.json",
  {},
  { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
);
if (!config) throw new Error("cannot read tsconfig.nodenext.json");
const service = ts.createLanguageService({
  getScriptFileNames: () => config.fileNames,
  getScriptVersion: () => "1",
  getScriptSnapshot: (f) => {
    const text = ts.sys.readFile(f);
    return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
  },
  getCurrentDirectory: () => process.cwd(),
  getCompilationSettings: () => config.options,
  getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
  fileExists: ts.sys.fileExists,
  readFile: ts.sys.readFile,
  readDirectory: ts.sys.readDirectory,
  directoryExists: ts.sys.directoryExists,
  getDirectories: ts.sys.getDirectories,
});
const text = ts.sys.readFile(file) ?? "";

/** [the text to hover (its first occurrence after `after`), tags it must have] */
const names = [
  ["startEmulator", []],
  ["NativeAppAuthClient", []],
  ["TransferAPIError", []],
  ["TransferClient", ["example"]],
  ["operationLs", ["param", "throws"]],
  ["approve", []],
];
const problems = [];
for (const [name, tags] of names) {
  // The use in the code, not the import line.
  const at = text.indexOf(name, text.indexOf("async function useEmulator"));
  const info = at < 0 ? undefined : service.getQuickInfoAtPosition(file, at);
  const doc = ts.displayPartsToString(info?.documentation ?? []).trim();
  const have = new Set((info?.tags ?? []).map((t) => t.name));
  if (!doc) problems.push(`${name}: no doc comment`);
  for (const tag of tags) {
    if (!have.has(tag)) problems.push(`${name}: no @${tag}`);
  }
  console.log(`${name}: ${doc.split("\n")[0]}`);
}
if (problems.length) {
  console.error(`hover: ${problems.join("; ")}`);
  process.exit(1);
}
console.log(`hover OK: ${names.length} names`);
