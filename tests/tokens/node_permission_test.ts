/**
 * Node's permission model (`node --permission`; `--experimental-permission`
 * on Node 20) refuses some file calls to every program: fchmod, and on
 * Node 24 fsync. A token file in a folder the program may write could not
 * be saved, so every run asked to log in again; and a folder it may not
 * write was reported with Deno's flags. Node only: the child is Node.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeno } from "../../src/core/runtime.ts";

/** Runs `code` (an ES module) in `node <flags>`; resolves its output. */
function node(flags: string[], code: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...flags, "--input-type=module", "-e", code],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    child.stdout.on("data", (d) => out += d);
    child.stderr.on("data", (d) => out += d);
    child.on("error", reject);
    child.on("close", () => resolve(out));
  });
}

test(
  "under node --permission, a token file is saved where writing is allowed, and a refusal names Node's flags",
  {
    skip: isDeno ? "Node's permission model (the child is Node)" : false,
  },
  async () => {
    const major = Number(process.versions.node.split(".")[0]);
    const permission = major >= 22
      ? "--permission"
      : "--experimental-permission";
    const dir = await mkdtemp(join(tmpdir(), "globus-deno-nodeperm-"));
    try {
      const sdk = new URL("../../mod.js", import.meta.url).href;
      const store = (path: string) =>
        `import { JSONTokenStorage } from ${JSON.stringify(sdk)};
try {
  await new JSONTokenStorage(${
          JSON.stringify(path)
        }).storeTokenDataByResourceServer({
    "transfer.api.globus.org": { resource_server: "transfer.api.globus.org", identity_id: null, scope: "x", access_token: "a", refresh_token: null, expires_at_seconds: 2000000000, token_type: "Bearer" },
  });
  console.log("STORED");
} catch (e) { console.log("FAILED " + e.message); }`;
      // A folder not made yet, granted as the message says (<folder>/*).
      const allowed = join(dir, "allowed");
      const path = join(allowed, "app", "tokens.json");
      const ok = await node([
        permission,
        "--allow-fs-read=*",
        `--allow-fs-write=${allowed}/*`,
      ], store(path));
      assert.match(ok, /STORED/, ok);
      assert.equal(
        JSON.parse(await readFile(path, "utf-8")).data.DEFAULT[
          "transfer.api.globus.org"
        ].access_token,
        "a",
      );
      assert.equal((await stat(path)).mode & 0o777, 0o600);
      // A folder it may not write: Node's flags, not Deno's.
      const denied = join(dir, "denied", "tokens.json");
      const refused = await node(
        [permission, "--allow-fs-read=*"],
        store(denied),
      );
      // Node 20's flag is --experimental-permission (it refuses
      // --permission): the message names the one this Node takes.
      assert.ok(
        refused.includes(
          `Node's permission model (${permission}) gives no write access`,
        ),
        refused,
      );
      assert.match(
        refused,
        /FAILED Cannot save tokens in \S+: Node's permission model \(\S+\) gives no write access to \S+\. Run node with --allow-fs-read='\S+\/\*' --allow-fs-write='\S+\/\*'/,
        refused,
      );
      assert.doesNotMatch(refused, /Deno/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
);
