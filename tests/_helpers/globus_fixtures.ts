/**
 * Reads the Globus response fixtures from ../shared/fixtures/globus (relative
 * to the project root) at run time; nothing in that folder is copied into the
 * project. Tests that use them pass `{ skip: SKIP_FIXTURES }`, so they are
 * skipped, with the reason printed, when the folder is absent.
 *
 * `GLOBUS_FIXTURES_DIR` names another folder to read instead (a folder that
 * does not exist shows the skip path without touching ../shared).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

function override(): string | undefined {
  try {
    return process.env.GLOBUS_FIXTURES_DIR || undefined;
  } catch {
    return undefined; // no permission to read the environment
  }
}

/** The fixtures folder. */
export const FIXTURES_DIR: string = override() ??
  fileURLToPath(new URL("../../../shared/fixtures/globus/", import.meta.url));

/** Whether the fixtures folder is present. */
export const FIXTURES_PRESENT: boolean = existsSync(FIXTURES_DIR);

/** Why fixture tests are skipped, or `false` when they run. */
export const SKIP_FIXTURES: string | false = FIXTURES_PRESENT
  ? false
  : `fixtures absent: ${FIXTURES_DIR} does not exist`;

if (!FIXTURES_PRESENT) {
  console.log(`globus fixture tests skipped: ${SKIP_FIXTURES}`);
}

/** Reads and parses one fixture file (a path inside the fixtures folder). */
export function fixture(path: string): unknown {
  return JSON.parse(readFileSync(join(FIXTURES_DIR, path), "utf8"));
}

/** One body of the Python SDK's testing data, with the route it answers. */
export interface SdkTestingRoute {
  /** The file, inside the fixtures folder. */
  file: string;
  /** The HTTP method of the route. */
  method: string;
  /** The path of the route (ids included), e.g. `/v2/tunnels/<id>`. */
  path: string;
  /** The HTTP status of the response. */
  status: number;
  /** The parsed response body. */
  body: unknown;
}

/**
 * The body that raw/INDEX.sdk_testing.json lists for a service's module and
 * case (Python's `load_response(client.<module>, case=<case>)`), with its
 * method, path and status.
 */
export function sdkTestingRoute(
  service: string,
  module: string,
  caseName = "default",
): SdkTestingRoute {
  const index = fixture("raw/INDEX.sdk_testing.json") as Record<
    string,
    unknown
  >[];
  const entry = index.find((e) =>
    e.service === service && e.module === module && e.case === caseName
  );
  if (!entry) {
    throw new Error(
      `raw/INDEX.sdk_testing.json lists no ${service} ${module} (${caseName})`,
    );
  }
  const file = `raw/${entry.file}`;
  return {
    file,
    method: String(entry.method),
    path: String(entry.path),
    status: Number(entry.status),
    body: fixture(file),
  };
}
