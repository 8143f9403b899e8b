import { test } from "node:test";
import assert from "node:assert/strict";
import { posix, resolve } from "node:path";
import { pathFns, posixPath } from "../../src/core/_path.ts";
import { mulberry32 } from "../_helpers/prng.ts";

const CWD = "/home/user/work";
const ours = posixPath(() => CWD);

/** What node:path.posix gives with CWD as the working directory. */
function nodeResolve(...paths: string[]): string {
  return posix.resolve(CWD, ...paths);
}

const PIECES = [
  "",
  "/",
  "//",
  ".",
  "..",
  "a",
  "b.json",
  "...",
  ".x",
  "tok ens",
];

function randomPath(rand: () => number): string {
  const n = Math.floor(rand() * 7);
  let s = "";
  for (let i = 0; i < n; i++) {
    s += PIECES[Math.floor(rand() * PIECES.length)];
    if (rand() < 0.7) s += "/";
  }
  return s;
}

test("the token file's path functions match node:path.posix", () => {
  const rand = mulberry32(16016); // seeded, so failures reproduce
  for (let i = 0; i < 5000; i++) {
    const a = randomPath(rand);
    const b = randomPath(rand);
    assert.equal(ours.resolve(a), nodeResolve(a), `resolve(${a})`);
    assert.equal(ours.resolve(a, b), nodeResolve(a, b), `resolve(${a}, ${b})`);
    assert.equal(ours.join(a, b), posix.join(a, b), `join(${a}, ${b})`);
    assert.equal(ours.dirname(a), posix.dirname(a), `dirname(${a})`);
    assert.equal(ours.basename(a), posix.basename(a), `basename(${a})`);
  }
});

test("a relative token file path resolves against the working directory", () => {
  assert.equal(
    pathFns().resolve("x/../tokens.json"),
    resolve("tokens.json"),
  );
});
