/**
 * Checks a client class's "Its methods, by area" doc section against its
 * prototype chain: `deno doc --filter X` shows only the members a class
 * declares, so a client whose methods live on the classes it extends lists
 * them in its own doc.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";

/**
 * Asserts that the doc of `cls` in `file` lists every method of its
 * prototype chain (public and protected; `extra` for other members such
 * as getters) and no name that is not one.
 *
 * @param file The source file, relative to the checkout's root.
 * @param cls The class.
 * @param extra Other members the list names (e.g. `paginated`).
 */
export async function assertMethodIndex(
  file: string,
  cls: { prototype: object; name: string },
  extra: readonly string[] = [],
): Promise<void> {
  const source = await readFile(
    new URL(`../../${file}`, import.meta.url),
    "utf8",
  );
  const head = source.indexOf(`export class ${cls.name} `);
  const docStart = source.lastIndexOf("/**", head);
  const doc = source.slice(docStart, head);
  const start = doc.indexOf("Its methods, by ");
  assert.ok(start >= 0, `${file}: ${cls.name}'s doc has no method index`);
  const section = doc.slice(start, doc.indexOf("@example", start));
  const listed = new Set([...section.matchAll(/`(\w+)`/g)].map((m) => m[1]!));
  const methods = new Set<string>(extra);
  for (
    let proto = cls.prototype;
    proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto)
  ) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const d = Object.getOwnPropertyDescriptor(proto, name)!;
      if (name === "constructor" || typeof d.value !== "function") continue;
      methods.add(name);
    }
  }
  assert.deepEqual(
    [...methods].filter((m) => !listed.has(m)),
    [],
    `${cls.name}: methods its doc does not list`,
  );
  assert.deepEqual(
    [...listed].filter((m) => !methods.has(m)),
    [],
    `${cls.name}: names its doc lists that are no methods`,
  );
}
