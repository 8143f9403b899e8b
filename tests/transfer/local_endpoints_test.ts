import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import process from "node:process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AuthClient } from "../../src/auth/auth_client.ts";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { GlobusError } from "../../src/core/errors.ts";
import { isDeno } from "../../src/core/runtime.ts";
import { startEmulator } from "../../src/testing/emulator.ts";
import {
  LocalGlobusConnectPersonal,
  LocalGlobusConnectServer,
} from "../../src/transfer/local_endpoints.ts";

const DN = '"/C=US/O=Globus Consortium/OU=Globus Connect User/CN=';
// base64.b32encode(uuid.UUID("7deda7cc-077b-11ec-a137-67523ecffd4b").bytes),
// unpadded and lower-cased: how Globus Connect Personal names an identity.
const OWNER_ID = "7deda7cc-077b-11ec-a137-67523ecffd4b";
const OWNER_B32 = "u_pxw2ptahpmi6zijxm5jd5t75jm";

async function withConfigDir(
  files: Record<string, string>,
  fn: (dir: string) => Promise<void>,
): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "globus-deno-gcp-"));
  try {
    await mkdir(join(dir, "lta"));
    for (const [name, text] of Object.entries(files)) {
      await writeFile(join(dir, "lta", name), text);
    }
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test("LocalGlobusConnectPersonal reads the endpoint id from lta/client-id.txt, trimmed, and keeps it", async () => {
  const id = "0d9d3e7e-2a55-4f7c-9a4b-1c6b0ff1e0a1";
  await withConfigDir({ "client-id.txt": `  ${id}\n` }, async (dir) => {
    const gcp = new LocalGlobusConnectPersonal({ configDir: dir });
    assert.equal(gcp.configDir, dir);
    assert.equal(await gcp.getEndpointId(), id);
    await writeFile(join(dir, "lta", "client-id.txt"), "changed");
    assert.equal(await gcp.getEndpointId(), id, "read once, then kept");
    assert.equal(
      await new LocalGlobusConnectPersonal({ configDir: dir }).getEndpointId(),
      "changed",
      "a new object reads again (Python: del local_ep.endpoint_id)",
    );
  });
});

test("LocalGlobusConnectPersonal: no Globus Connect Personal here gives null, not an error", async () => {
  await withConfigDir({}, async (dir) => {
    const gcp = new LocalGlobusConnectPersonal({ configDir: dir });
    assert.equal(await gcp.getEndpointId(), null);
    assert.equal(await gcp.getOwnerInfo(), null);
    const missing = new LocalGlobusConnectPersonal({
      configDir: join(dir, "no-such-folder"),
    });
    assert.equal(await missing.getEndpointId(), null);
  });
});

test("LocalGlobusConnectPersonal's default folder is ~/.globusonline", () => {
  if (!isDeno && process.platform === "win32") return;
  const home = isDeno
    ? (globalThis as unknown as {
      Deno: { env: { get(k: string): string | undefined } };
    }).Deno.env.get("HOME")
    : process.env.HOME;
  assert.equal(
    new LocalGlobusConnectPersonal().configDir,
    join(home!, ".globusonline"),
  );
  // configDir: null is Python's config_dir=None: the default folder (it
  // was refused as "current value is null").
  assert.equal(
    new LocalGlobusConnectPersonal({ configDir: null }).configDir,
    join(home!, ".globusonline"),
  );
});

test("LocalGlobusConnectPersonal.getOwnerInfo reads a username or an identity id from gridmap", async () => {
  const cases: [
    string,
    { id: string | null; username: string | null } | null,
  ][] = [
    [`${DN}gcpowner" gcpowner\n`, {
      id: null,
      username: "gcpowner@globusid.org",
    }],
    [`# a comment\n${DN}${OWNER_B32}" localuser\n`, {
      id: OWNER_ID,
      username: null,
    }],
    // Upper case base32 is the same id; a u_ name that is not 26 base32
    // characters is a username.
    [`${DN}${OWNER_B32.toUpperCase().replace("U_", "u_")}" x\n`, {
      id: OWNER_ID,
      username: null,
    }],
    [`${DN}u_not-base32-at-all-but-long1" x\n`, {
      id: null,
      username: "u_not-base32-at-all-but-long1@globusid.org",
    }],
    [`${DN}u_short" x\n`, { id: null, username: "u_short@globusid.org" }],
    // Not "<DN>" <local user>: no owner.
    [`${DN}gcpowner" two words\n`, null],
    [`${DN}gcpowner\n`, null],
    ["some other line\n", null],
    ["", null],
  ];
  for (const [gridmap, expected] of cases) {
    await withConfigDir({ gridmap }, async (dir) => {
      const info = await new LocalGlobusConnectPersonal({ configDir: dir })
        .getOwnerInfo();
      assert.deepEqual(
        info === null ? null : { id: info.id, username: info.username },
        expected,
        `gridmap ${JSON.stringify(gridmap)}`,
      );
    });
  }
});

test("LocalGlobusConnectPersonal.getOwnerInfo(authClient) looks the owner up in Globus Auth (emulator)", async () => {
  const emu = await startEmulator({
    users: [{ username: "gcpowner@globusid.org", id: OWNER_ID }],
  });
  try {
    const token = await emu.mintTokens("openid profile email");
    const ac = new AuthClient({
      baseUrl: emu.authUrl,
      authorizer: new AccessTokenAuthorizer(token.access_token),
    });
    for (const name of ["gcpowner", OWNER_B32]) {
      await withConfigDir({ gridmap: `${DN}${name}" me\n` }, async (dir) => {
        const identity = await new LocalGlobusConnectPersonal({
          configDir: dir,
        }).getOwnerInfo(ac);
        assert.equal(identity?.id, OWNER_ID, name);
        assert.equal(identity?.username, "gcpowner@globusid.org", name);
      });
    }
    await withConfigDir({}, async (dir) => {
      assert.equal(
        await new LocalGlobusConnectPersonal({ configDir: dir }).getOwnerInfo(
          ac,
        ),
        null,
        "no gridmap: no lookup, null",
      );
    });
  } finally {
    await emu.close();
  }
});

test("LocalGlobusConnectPersonal: a file that is there but cannot be read is an error naming it", async () => {
  await withConfigDir({}, async (dir) => {
    await mkdir(join(dir, "lta", "client-id.txt"));
    await assert.rejects(
      new LocalGlobusConnectPersonal({ configDir: dir }).getEndpointId(),
      (err: unknown) =>
        err instanceof GlobusError &&
        err.message.includes(join(dir, "lta", "client-id.txt")) &&
        /folder, not a file/.test(err.message),
    );
  });
  assert.throws(
    () => new LocalGlobusConnectPersonal({ configDir: "" }),
    /'configDir' must be a non-empty string/,
  );
  // Python's keyword names get the camelCase one.
  assert.throws(
    () =>
      new LocalGlobusConnectPersonal(
        { config_dir: "x" } as unknown as { configDir: string },
      ),
    /config_dir.*configDir/,
  );
  assert.throws(
    () =>
      new LocalGlobusConnectServer(
        { info_path: "x" } as unknown as { infoPath: string },
      ),
    /info_path.*infoPath/,
  );
});

test("LocalGlobusConnectPersonal under deno run without --allow-read names the flag to add", async () => {
  if (!isDeno) return;
  await withConfigDir({ "client-id.txt": "x" }, async (dir) => {
    const script = join(dir, "script.ts");
    await writeFile(
      script,
      `import { LocalGlobusConnectPersonal } from ${
        JSON.stringify(
          new URL("../../src/transfer/local_endpoints.ts", import.meta.url)
            .href,
        )
      };
try {
  await new LocalGlobusConnectPersonal({ configDir: ${
        JSON.stringify(dir)
      } }).getEndpointId();
} catch (e) { console.log(e.message); }`,
    );
    const deno = (globalThis as unknown as { Deno: { execPath(): string } })
      .Deno.execPath();
    const res = spawnSync(deno, [
      "run",
      "--no-prompt",
      "--no-config",
      `--allow-read=${script}`,
      script,
    ], { encoding: "utf-8" });
    assert.match(
      res.stdout,
      new RegExp(
        `Cannot read the Globus Connect Personal endpoint id from .*client-id\\.txt: allow reading it \\(deno run --allow-read=`,
      ),
      res.stdout + res.stderr,
    );
  });
});

test("LocalGlobusConnectServer reads endpoint_id and domain_name from its info file", async () => {
  const dir = await mkdtemp(join(tmpdir(), "globus-deno-gcs-"));
  try {
    const infoPath = join(dir, "info.json");
    const gcs = new LocalGlobusConnectServer({ infoPath });
    assert.equal(await gcs.getInfo(), null, "no file: null");
    assert.equal(await gcs.getEndpointId(), null);
    for (const junk of ["not json", "[1, 2]", "null", '"text"']) {
      await writeFile(infoPath, junk);
      assert.equal(await gcs.getInfo(), null, junk);
    }
    await writeFile(
      infoPath,
      JSON.stringify({
        endpoint_id: "4b8ba7a5-4f2a-4c6e-a7a4-5e3f9a8c2d11",
        domain_name: "abc.def.data.globus.org",
      }),
    );
    assert.equal(
      await gcs.getEndpointId(),
      "4b8ba7a5-4f2a-4c6e-a7a4-5e3f9a8c2d11",
    );
    assert.equal(await gcs.getDomainName(), "abc.def.data.globus.org");
    await writeFile(infoPath, JSON.stringify({ endpoint_id: 7 }));
    assert.equal(
      await new LocalGlobusConnectServer({ infoPath }).getEndpointId(),
      null,
      "a non-string id is not an id",
    );
    assert.equal(
      new LocalGlobusConnectServer().infoPath,
      "/var/lib/globus-connect-server/info.json",
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
