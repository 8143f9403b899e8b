/**
 * A display name where an endpoint id belongs: the request is sent (as the
 * Python SDK does), and the emulator's 404 comes back with the decoded name
 * and a hint that names endpointSearch.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Emulator } from "../../src/testing/emulator.ts";
import type { TransferClient } from "../../src/transfer/transfer_client.ts";
import { TransferData } from "../../src/transfer/transfer_data.ts";
import { TransferAPIError } from "../../src/core/errors.ts";
import { emulatorClient } from "./client/_emulator.ts";

const NAME = "Globus Tutorial Collection 1";

/** Runs `fn` with a TransferClient (no retries) on a new emulator. */
async function withClient(
  fn: (tc: TransferClient, emu: Emulator) => Promise<void>,
): Promise<void> {
  const { emu, tc } = await emulatorClient();
  try {
    await fn(tc, emu);
  } finally {
    await emu.close();
  }
}

test("a display name where an endpoint id belongs says an id is needed and how to find it", async () => {
  await withClient(async (tc, emu) => {
    const hinted = (err: unknown) => {
      assert.ok(err instanceof TransferAPIError, String(err));
      assert.equal(err.httpStatus, 404);
      assert.equal(err.code, "EndpointNotFound");
      const afterUrl = err.message.slice(err.message.indexOf(" → "));
      assert.doesNotMatch(afterUrl, /%20/, err.message);
      assert.match(
        err.message,
        /No such endpoint 'Globus Tutorial Collection 1'/,
      );
      // The service's own text names the id as given, decoded, so
      // Python's err.messages reads the same (it read Globus%20Tutorial…).
      assert.deepEqual(err.messages, [
        "No such endpoint 'Globus Tutorial Collection 1'",
      ]);
      assert.match(
        err.message,
        /'Globus Tutorial Collection 1' is not an endpoint or collection id: Transfer needs the id, a UUID/,
      );
      assert.ok(
        err.message.includes(
          `tc.endpointSearch("Globus Tutorial Collection 1").toArray(1))[0]?.id`,
        ),
        err.message,
      );
      // The stack a runtime (or the Jupyter kernel) prints for an uncaught
      // error starts with the message as it is: the hint once.
      const stack = String(err.stack);
      assert.ok(
        stack.startsWith(`TransferAPIError: ${err.message}\n`),
        stack,
      );
      assert.equal(
        stack.split("is not an endpoint or collection id").length,
        2,
        stack,
      );
      return true;
    };
    await assert.rejects(tc.operationLs(NAME, { path: "/~/" }), hinted);
    await assert.rejects(tc.getEndpoint(NAME), hinted);

    // The hint's recipe finds the id, and the id works.
    const found = (await tc.endpointSearch(NAME).toArray(1))[0]?.id;
    assert.equal(found, emu.collections.tutorial1);
    const ls = await tc.operationLs(found!, { path: "/share/godata/" });
    assert.ok(ls.DATA.length > 0);

    // A UUID that does not exist gets the service's message and no hint.
    await assert.rejects(
      tc.operationLs("00000000-0000-4000-8000-000000000000", { path: "/~/" }),
      (err: unknown) => {
        assert.ok(err instanceof TransferAPIError);
        assert.equal(err.httpStatus, 404);
        assert.doesNotMatch(err.message, /endpointSearch/);
        return true;
      },
    );
  });
});

test("a display name in a transfer document gets the same hint", async () => {
  await withClient(async (tc, emu) => {
    const data = new TransferData({
      sourceEndpoint: NAME,
      destinationEndpoint: emu.collections.tutorial2,
    });
    data.addItem("/~/file1.txt", "/~/file1.txt");
    await assert.rejects(tc.submitTransfer(data), (err: unknown) => {
      assert.ok(err instanceof TransferAPIError, String(err));
      assert.match(
        err.message,
        /'Globus Tutorial Collection 1' is not an endpoint or collection id/,
      );
      return true;
    });
  });
});

test("a pasted id with whitespace around it (a trailing newline) is sent trimmed and works", async () => {
  await withClient(async (tc, emu) => {
    const pasted = ` ${emu.collections.tutorial1}\n`;
    const ls = await tc.operationLs(pasted, { path: "/share/godata/" });
    assert.ok(ls.DATA.some((e) => e.name === "file1.txt"));
    assert.equal((await tc.getEndpoint(pasted)).id, emu.collections.tutorial1);

    // a TransferData and a raw document both go out with the ids trimmed
    const data = new TransferData({
      sourceEndpoint: pasted,
      destinationEndpoint: `${emu.collections.tutorial2}\r\n`,
    }).addItem("/share/godata/file1.txt", "/~/pasted_file1.txt");
    assert.equal(data.sourceEndpoint, emu.collections.tutorial1);
    const { task_id } = await tc.submitTransfer(data);
    assert.ok(
      await tc.taskWait(task_id, { timeoutS: 60, pollingIntervalS: 1 }),
    );
    assert.equal((await tc.getTask(`${task_id}\n`)).status, "SUCCEEDED");
    const doc: Record<string, unknown> = {
      DATA_TYPE: "transfer",
      source_endpoint: pasted,
      destination_endpoint: ` ${emu.collections.tutorial2}`,
      DATA: [{
        DATA_TYPE: "transfer_item",
        source_path: "/share/godata/file2.txt",
        destination_path: "/~/pasted_file2.txt",
      }],
    };
    const raw = await tc.submitTransfer(doc);
    assert.equal(doc.source_endpoint, emu.collections.tutorial1);
    assert.equal(doc.destination_endpoint, emu.collections.tutorial2);
    assert.ok(
      await tc.taskWait(raw.task_id, { timeoutS: 60, pollingIntervalS: 1 }),
    );
  });
});

test("a generic call with a padded id in its path gets a hint naming the whitespace", async () => {
  await withClient(async (tc, emu) => {
    const id = emu.collections.tutorial1;
    await assert.rejects(
      tc.get(`/v0.10/endpoint/${encodeURIComponent(`${id}\n`)}`),
      (err: unknown) => {
        assert.ok(err instanceof TransferAPIError, String(err));
        assert.equal(err.httpStatus, 404);
        assert.ok(
          err.message.includes(
            `${
              JSON.stringify(`${id}\n`)
            } is an id with whitespace around it (a pasted line end or space), which is not part of it: send ${
              JSON.stringify(id)
            }`,
          ),
          err.message,
        );
        assert.doesNotMatch(err.message, /endpointSearch/);
        return true;
      },
    );
  });
});

test("an id with a character missing says it was copied wrong, not to search for it by name", async () => {
  await withClient(async (tc, emu) => {
    const whole = emu.collections.tutorial1;
    const cases: [string, string][] = [
      [whole.slice(0, -1), "this one has 35 in groups of 8-4-4-4-11"],
      [whole + "0", "this one has 37 in groups of 8-4-4-4-13"],
      [whole.replace("-", ""), "this one has 35 in groups of 12-4-4-12"],
      // a letter typed for a digit (the shape is right, a character is not)
      [
        whole.slice(0, -1) + "x",
        "this one has that shape, but 'x' is not a hex digit (0-9, a-f)",
      ],
      [
        whole.replace("1", "l"),
        "this one has that shape, but 'l' is not a hex digit (0-9, a-f)",
      ],
    ];
    for (const [typo, groups] of cases) {
      await assert.rejects(tc.operationLs(typo, { path: "/~/" }), (err) => {
        assert.ok(err instanceof TransferAPIError, String(err));
        assert.equal(err.httpStatus, 404);
        assert.ok(
          err.message.includes(
            `'${typo}' looks like an endpoint or collection id copied with a character missing, extra or changed: an id has 36 characters in groups of 8-4-4-4-12 hex digits, ${groups}`,
          ),
          err.message,
        );
        assert.doesNotMatch(err.message, /endpointSearch\(/);
        return true;
      });
    }
  });
});

test("an id with a space inside it, or among other text (a web app link, braces), says which id to send, not to search for it by name", async () => {
  await withClient(async (tc, emu) => {
    const id = emu.collections.tutorial1;
    const cases: [string, string][] = [
      [
        id.replace("-", " "),
        `. '${
          id.replace("-", " ")
        }' is an id with whitespace inside it (a space or line break where the id has a '-' or nothing), which is not part of it: send "${id}"`,
      ],
      [
        id.slice(0, 20) + "\n" + id.slice(20),
        `is an id with whitespace inside it (a space or line break where the id has a '-' or nothing), which is not part of it: send "${id}"`,
      ],
      [
        `https://app.globus.org/file-manager?origin_id=${id}`,
        `. 'https://app.globus.org/file-manager?origin_id=${id}' holds the id ${id} among other text: send the id alone, "${id}"`,
      ],
      [
        `{${id}}`,
        `. '{${id}}' holds the id ${id} among other text: send the id alone, "${id}"`,
      ],
    ];
    for (const [given, hint] of cases) {
      await assert.rejects(tc.operationLs(given, { path: "/~/" }), (err) => {
        assert.ok(err instanceof TransferAPIError, String(err));
        assert.equal(err.httpStatus, 404);
        assert.ok(err.message.includes(hint), err.message);
        assert.doesNotMatch(err.message, /endpointSearch\(|copied with/);
        return true;
      });
    }
    // In a transfer document too.
    const tdata = new TransferData(
      id.replace("-", " "),
      emu.collections.tutorial2,
    )
      .addItem("/share/godata/file1.txt", "/~/file1.txt");
    await assert.rejects(tc.submitTransfer(tdata), (err) => {
      assert.ok(err instanceof TransferAPIError, String(err));
      assert.ok(err.message.includes(`send "${id}"`), err.message);
      assert.doesNotMatch(err.message, /endpointSearch\(/);
      return true;
    });
  });
});

test("a dashed name as long as an id is still a name: the hint says to search for it", async () => {
  await withClient(async (tc) => {
    const name = "my-lab-data-share-for-the-tutorial";
    await assert.rejects(tc.operationLs(name, { path: "/~/" }), (err) => {
      assert.ok(err instanceof TransferAPIError, String(err));
      assert.match(
        err.message,
        /endpointSearch\("my-lab-data-share-for-the-tutorial"\)/,
      );
      assert.doesNotMatch(err.message, /copied with a character missing/);
      return true;
    });
  });
});

test("an uncaught error's stack shows the hint once, as its message does", async () => {
  // A name the URL does not encode: the new message extends the old one,
  // and the stack (rendered on first read) must not get the hint twice.
  await withClient(async (tc) => {
    for (const name of ["my-collection", "6c54cade-bde5-45c1-bdea"]) {
      await assert.rejects(tc.operationLs(name), (err) => {
        assert.ok(err instanceof TransferAPIError, String(err));
        const stack = String(err.stack);
        assert.ok(
          stack.startsWith(`TransferAPIError: ${err.message}\n`),
          stack,
        );
        assert.equal(stack.split(`. '${name}' `).length, 2, stack);
        return true;
      });
    }
  });
});

test("a name where a task id belongs says a task id is a UUID and how to find a task by label", async () => {
  await withClient(async (tc) => {
    const err = await tc.getTask(NAME).then(() => null, (e: unknown) => e);
    assert.ok(err instanceof TransferAPIError, String(err));
    assert.equal(err.httpStatus, 404);
    const afterUrl = err.message.slice(err.message.indexOf(" → "));
    // As typed, not Globus%20Tutorial%20Collection%201.
    assert.doesNotMatch(afterUrl, /%20/, err.message);
    assert.match(afterUrl, /Globus Tutorial Collection 1/);
    assert.ok(
      err.message.endsWith(
        `. 'Globus Tutorial Collection 1' is not a task id: a task id is a UUID, as submitTransfer() returns it (task_id); find a task by its label with (await tc.taskList({ filter: { label: "Globus Tutorial Collection 1" } }).toArray(1))[0]?.task_id`,
      ),
      err.message,
    );
    // A UUID that is no task keeps the service's message alone.
    const missing = await tc.getTask("00000000-0000-4000-8000-000000000000")
      .then(() => null, (e: unknown) => e);
    assert.ok(missing instanceof TransferAPIError);
    assert.doesNotMatch(missing.message, /is not a task id/);
  });
});

test("a path where the collection id belongs (the two arguments swapped) says so, not 'find it by name'", async () => {
  await withClient(async (tc, emu) => {
    const swapped = (path: string) => (err: unknown) => {
      assert.ok(err instanceof TransferAPIError, String(err));
      assert.ok(
        err.message.includes(
          `'${path}' is a path, not an endpoint or collection id: the collection's id comes first and the path after it, as in tc.operationLs(collectionId, ${
            JSON.stringify(path)
          })`,
        ),
        err.message,
      );
      assert.doesNotMatch(err.message, /endpointSearch/);
      return true;
    };
    const id = emu.collections.tutorial1;
    await assert.rejects(
      tc.operationLs("/share/godata/", id),
      swapped("/share/godata/"),
    );
    await assert.rejects(
      tc.operationMkdir("~/newdir", id),
      swapped("~/newdir"),
    );
    const tdata = new TransferData({
      sourceEndpoint: "/share/godata/",
      destinationEndpoint: emu.collections.tutorial2,
    });
    tdata.addItem("/share/godata/file1.txt", "/~/file1.txt");
    await assert.rejects(tc.submitTransfer(tdata), swapped("/share/godata/"));
  });
});

test("the retired GCS v4 tutorial endpoints (the Python SDK's minimal transfer script) name the collections that replace them", async () => {
  await withClient(async (tc) => {
    const tdata = new TransferData({
      sourceEndpoint: "ddb59aef-6d04-11e5-ba46-22000b92c6ec",
      destinationEndpoint: "ddb59af0-6d04-11e5-ba46-22000b92c6ec",
    });
    tdata.addItem("/share/godata/file1.txt", "/~/file1.txt");
    await assert.rejects(tc.submitTransfer(tdata), (err: unknown) => {
      assert.ok(err instanceof TransferAPIError, String(err));
      assert.equal(err.code, "EndpointNotFound");
      assert.match(
        err.message,
        /ddb59aef-6d04-11e5-ba46-22000b92c6ec is the retired GCS v4 "Globus Tutorial Endpoint 1" \(older Globus examples name it\): use "Globus Tutorial Collection 1", 6c54cade-bde5-45c1-bdea-f4bd71dba2cc/,
      );
      assert.match(
        err.message,
        /ddb59af0-6d04-11e5-ba46-22000b92c6ec is the retired GCS v4 "Globus Tutorial Endpoint 2" .*31ce9ba0-176d-45a5-add3-f37d233ba47d/,
      );
      return true;
    });
    await assert.rejects(
      tc.operationLs("DDB59AEF-6d04-11e5-ba46-22000b92c6ec", { path: "/" }),
      /retired GCS v4 "Globus Tutorial Endpoint 1"/,
    );
  });
});

test("a name that is also an Object.prototype key ('constructor', 'toString') where an endpoint id belongs gets the find-it-by-name hint (the retired-endpoint lookup failed with 'Cannot read properties of undefined')", async () => {
  await withClient(async (tc) => {
    for (const name of ["constructor", "toString", "__proto__"]) {
      await assert.rejects(
        tc.operationLs(name, { path: "/" }),
        (err: unknown) => {
          assert.ok(err instanceof TransferAPIError, String(err));
          assert.equal(err.httpStatus, 404);
          assert.match(err.message, /endpointSearch/);
          assert.doesNotMatch(err.message, /retired/);
          return true;
        },
      );
    }
  });
});
