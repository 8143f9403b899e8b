import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { makeCollection } from "../../src/testing/collections.ts";
import {
  homeOf,
  isReadOnly,
  PathError,
  resolvePath,
} from "../../src/testing/paths.ts";

const c = makeCollection(
  { id: "c1", displayName: "C", readOnlyPaths: ["/share/"] },
  "/srv/root",
  { id: "u", username: "demo@globus-emulator.org" },
);

test("resolvePath expands ~ and stays inside the collection", () => {
  const home = homeOf("demo@globus-emulator.org");
  assert.equal(home, "/home/demo");
  assert.equal(resolvePath(c, home, "/~/x/y").virtual, "/home/demo/x/y");
  assert.equal(resolvePath(c, home, "~").virtual, "/home/demo");
  assert.equal(resolvePath(c, home, "rel/../z").virtual, "/home/demo/z");
  assert.equal(resolvePath(c, home, "/a/./b/../c/").virtual, "/a/c");
  assert.equal(resolvePath(c, home, "/").real, join("/srv/root", "c1"));
  assert.throws(() => resolvePath(c, home, "/../etc"), PathError);
  assert.throws(() => resolvePath(c, home, "~/../../.."), PathError);
  assert.throws(() => resolvePath(c, home, "/a\0b"), PathError);
});

test("read-only prefixes", () => {
  assert.ok(isReadOnly(c, "/share/godata/file1.txt"));
  assert.ok(isReadOnly(c, "/share"));
  assert.ok(!isReadOnly(c, "/shared"));
  assert.ok(!isReadOnly(c, "/home/demo"));
});
