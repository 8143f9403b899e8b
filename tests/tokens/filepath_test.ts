/**
 * Python's `FileTokenStorage.filepath` (one word, so not caught as a
 * snake_case slip): it read `undefined`.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { JSONTokenStorage } from "../../src/tokens/json_storage.ts";
import { SQLiteTokenStorage } from "../../src/tokens/sqlite_storage.ts";

test("storage.filepath is the token file's path, as Python's JSONTokenStorage(…).filepath and SQLiteTokenStorage(…).filepath", () => {
  const json = new JSONTokenStorage(join(tmpdir(), "fp", "tokens.json"));
  assert.equal(json.filepath, json.path);
  assert.equal(json.filepath, join(tmpdir(), "fp", "tokens.json"));
  const db = new SQLiteTokenStorage(join(tmpdir(), "fp", "tokens.db"));
  assert.equal(db.filepath, db.path);
});
