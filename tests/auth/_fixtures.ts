/** Loads files from ../shared/fixtures/globus (relative to the project root). */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(
  new URL("../../../shared/fixtures/globus/", import.meta.url),
);

/** Whether the fixtures folder is present. */
export const FIXTURES_PRESENT: boolean = existsSync(ROOT);

/** Why fixture tests are skipped, or `false` when they run. */
export const SKIP_FIXTURES: string | false = FIXTURES_PRESENT
  ? false
  : `fixtures absent at ${ROOT}`;

if (!FIXTURES_PRESENT) console.log(`skipping fixture tests: ${SKIP_FIXTURES}`);

/** Reads and parses one fixture file. */
export function fixture(path: string): unknown {
  return JSON.parse(readFileSync(ROOT + path, "utf8"));
}
