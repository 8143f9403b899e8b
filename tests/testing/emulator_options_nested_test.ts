import { test } from "node:test";
import assert from "node:assert/strict";
import { startEmulator, TUTORIAL_COLLECTION_1 } from "../../testing.ts";
import { rejection, untyped } from "../_helpers/argument_errors.ts";

// The option bags inside startEmulator()'s options — collection, user and
// client specs — used to be taken as they came: a collection's `name`
// (Transfer's `display_name`) was ignored, leaving it without a name; a
// list of files made files named "0" and "1"; a made-up id or a built-in
// collection's id was served (the built-in one silently replaced). Each is
// refused, the same way in process and with the emulator in its thread.

const ID = "5a0c6f1e-3b2d-4e8f-9a7c-1d2e3f4a5b6c";

for (const inProcess of [true, false]) {
  const mode = inProcess ? "in process" : "in its thread";
  const start = (options: unknown) =>
    startEmulator({ ...untyped(options), inProcess });

  test(`unknown names in a collection spec are refused with a did-you-mean (${mode})`, async () => {
    assert.equal(
      await rejection(() =>
        start({ collections: [{ id: ID, name: "My collection" }] })
      ),
      "startEmulator() collections[0]: unknown option 'name'; did you mean 'displayName'?",
    );
    assert.equal(
      await rejection(() =>
        start({ collections: [{ id: ID, display_name: "My collection" }] })
      ),
      "startEmulator() collections[0]: unknown option 'display_name'; did you mean 'displayName'? Options are camelCase here, not the Python SDK's snake_case.",
    );
    assert.equal(
      await rejection(() => start({ collections: [{ id: ID }] })),
      "Cannot start the emulator as collections[0].displayName must be a non-empty string (the name Transfer shows): current value is undefined",
    );
    assert.match(
      await rejection(() =>
        start({ collections: { id: ID, displayName: "x" } })
      ),
      /^Cannot start the emulator as 'collections' must be an array, e\.g\. \[\{ id: crypto\.randomUUID\(\), displayName: "My collection" \}\]: current value is an object$/,
    );
  });

  test(`a collection's files must be an object of path → content, not a list (${mode})`, async () => {
    assert.equal(
      await rejection(() =>
        start({
          collections: [{
            id: ID,
            displayName: "x",
            files: ["/x.txt", "/y.txt"],
          }],
        })
      ),
      'Cannot start the emulator as collections[0].files must be an object of path → content, e.g. { "/data/a.txt": "text" }: current value is an array',
    );
    assert.equal(
      await rejection(() =>
        start({
          collections: [{ id: ID, displayName: "x", files: { "/x.txt": 5 } }],
        })
      ),
      `Cannot start the emulator as collections[0].files["/x.txt"] must be a string (the file's content): current value is number 5`,
    );
  });

  test(`a collection id must be a UUID of its own, not a built-in collection's or another spec's (${mode})`, async () => {
    assert.equal(
      await rejection(() =>
        start({ collections: [{ id: "my-coll", displayName: "x" }] })
      ),
      'Cannot start the emulator as collections[0].id must be a UUID, as Globus collection ids are (make one with crypto.randomUUID()): current value is "my-coll"',
    );
    assert.equal(
      await rejection(() =>
        start({
          collections: [{ id: TUTORIAL_COLLECTION_1, displayName: "Mine" }],
        })
      ),
      `Cannot start the emulator as collections[0].id ${TUTORIAL_COLLECTION_1} is the id of "Globus Tutorial Collection 1", which the emulator serves already: give your collection its own id (crypto.randomUUID())`,
    );
    assert.equal(
      await rejection(() =>
        start({
          collections: [
            { id: ID, displayName: "One" },
            { id: ID.toUpperCase(), displayName: "Two" },
          ],
        })
      ),
      `Cannot start the emulator as collections[1].id ${ID.toUpperCase()} is also the id of collections[0]: give each collection its own id (crypto.randomUUID())`,
    );
  });

  test(`unknown names in user and client specs are refused with a did-you-mean (${mode})`, async () => {
    assert.equal(
      await rejection(() => start({ users: [{ user_name: "bob" }] })),
      "startEmulator() users[0]: unknown option 'user_name'; did you mean 'username'? Options are camelCase here, not the Python SDK's snake_case.",
    );
    assert.match(
      await rejection(() => start({ users: ["bob"] })),
      /^startEmulator\(\) users\[0\]: the options must be an object of named options, not a string \(3 characters\); write \{ username: … \}/,
    );
    assert.equal(
      await rejection(() => start({ clients: [{ client_id: ID }] })),
      "startEmulator() clients[0]: unknown option 'client_id'; did you mean 'clientId'? Options are camelCase here, not the Python SDK's snake_case.",
    );
    assert.equal(
      await rejection(() =>
        start({ confidentialClient: { clientId: ID, secret: "s" } })
      ),
      "startEmulator() confidentialClient: unknown option 'secret'; did you mean 'clientSecret'?",
    );
  });
}

test("right collection, user and client specs still start, and the collection is served under its name", async () => {
  const emu = await startEmulator({
    collections: [{
      id: ID,
      displayName: "My collection",
      files: { "/data/a.txt": "a" },
    }],
    users: [{ username: "bob" }],
    clients: [{ clientId: crypto.randomUUID() }],
  });
  try {
    const token = (await emu.mintTokens(
      "urn:globus:auth:scope:transfer.api.globus.org:all",
    )).access_token;
    const r = await fetch(`${emu.transferUrl}v0.10/endpoint/${ID}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal((await r.json()).display_name, "My collection");
    assert.ok(emu.users.some((u) => u.username === "bob@globus-emulator.org"));
  } finally {
    await emu.close();
  }
});
