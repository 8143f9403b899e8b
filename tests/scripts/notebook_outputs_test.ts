import { test } from "node:test";
import assert from "node:assert/strict";
import { isDeno } from "../../src/core/runtime.ts";

// The scripts run under Deno only; the specifier is computed so the npm
// build's compiler does not follow it.
const script = new URL("../../scripts/notebook_outputs.ts", import.meta.url)
  .href;
const denoOnly = { skip: isDeno ? false : "the scripts run under Deno" };

test(
  "stored outputs compare equal when only a temporary path in a caption differs, though the caption may wrap after its slashes (<wbr>)",
  denoOnly,
  async () => {
    const { normalizeOutputText } = await import(script);
    const caption = (home: string) =>
      `<div class="text-muted globus-caption">/<wbr>tmp/<wbr>globus-browser-home-${home}/<wbr>.globus/<wbr>app/<nobr>61338d24-54d5-408f-a10d-66c06b59f6d2</nobr>/<wbr>emulator-tokens.json</div>`;
    assert.equal(
      normalizeOutputText(caption("5d9d4e3478e39e23")),
      normalizeOutputText(caption("172cc1b76b609def")),
    );
  },
);

test(
  "a task list's short HTML time (no seconds) reads as a time",
  denoOnly,
  async () => {
    const { normalizeOutputText } = await import(script);
    const cell = (t: string) => `<div align="left">${t}</div>`;
    assert.equal(
      normalizeOutputText(
        cell("<nobr>2026-12-05</nobr> <nobr>06:10 UTC</nobr>"),
      ),
      normalizeOutputText(
        cell("<nobr>2026-12-06</nobr> <nobr>23:59 UTC</nobr>"),
      ),
    );
  },
);
