import { test } from "node:test";
import assert from "node:assert/strict";
import { isDeno } from "../../src/core/runtime.ts";
import * as sources from "../../src/mod.ts";
import * as sdk from "../../mod.ts";

// The scripts run under Deno only; the specifiers are computed so the npm
// build's compiler does not follow them.
const scripts = (name: string) =>
  new URL(`../../scripts/${name}`, import.meta.url).href;
const denoOnly = { skip: isDeno ? false : "the scripts run under Deno" };

test(
  "dist/ is what src/ builds now (after changing src/, run `deno task bundle`)",
  denoOnly,
  async () => {
    const { staleFiles } = await import(scripts("bundle.ts"));
    const problems: string[] = await staleFiles();
    assert.deepEqual(
      problems,
      [],
      `mod.ts runs dist/mod.js, which is not what src/ builds:\n  ${
        problems.join("\n  ")
      }\nRun \`deno task bundle\` and commit dist/.`,
    );
  },
);

test("mod.ts exports every name src/mod.ts does, and nothing else", () => {
  assert.deepEqual(Object.keys(sdk).sort(), Object.keys(sources).sort());
  for (const [name, value] of Object.entries(sources)) {
    const exported = (sdk as Record<string, unknown>)[name];
    assert.equal(typeof exported, typeof value, name);
    if (typeof value === "function") {
      assert.equal((exported as { name: string }).name, value.name, name);
    }
  }
});

test(
  "under Deno, mod.ts runs the bundle, and its stack traces name the sources",
  denoOnly,
  async () => {
    // In its own process, as a user's script would: a refusal thrown inside
    // the SDK, and where its stack says it came from.
    const script = `
      import { TransferData } from ${JSON.stringify(sdkUrl())};
      try {
        new TransferData({}, "x", 3);
      } catch (e) {
        console.log(JSON.stringify({ name: e.name, stack: e.stack }));
      }
    `;
    // deno-lint-ignore no-explicit-any
    const D = (globalThis as any).Deno;
    const cmd = new D.Command(D.execPath(), {
      args: ["eval", "--ext=js", script],
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    });
    const { code, stdout, stderr } = await cmd.output();
    const out = new TextDecoder().decode(stdout);
    assert.equal(code, 0, new TextDecoder().decode(stderr));
    const thrown = JSON.parse(out.trim());
    assert.equal(thrown.name, "TypeError");
    assert.match(thrown.stack, /src\/transfer\/_validate\.ts:\d+:\d+/);
    assert.match(thrown.stack, /src\/transfer\/transfer_data\.ts:\d+:\d+/);
    assert.doesNotMatch(thrown.stack, /dist\/mod\.js/);
    assert.notEqual(
      sdk.TransferClient,
      sources.TransferClient,
      "mod.ts should run dist/mod.js, not the TypeScript sources",
    );
  },
);

function sdkUrl(): string {
  return new URL("../../mod.ts", import.meta.url).href;
}
