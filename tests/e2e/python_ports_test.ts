/**
 * The Globus Python SDK's documented examples, ported line by line to this
 * package and run against the local emulator. Each test names the Python
 * example and links the page it ports; the port keeps the Python lines'
 * order and names (camelCase), so a reader can hold the two side by side.
 * The harness (emulator, exported variables, the person at the terminal)
 * is `_python_ports.ts`.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  AccessTokenAuthorizer,
  AuthClient,
  ClientApp,
  ClientCredentialsAuthorizer,
  ConfidentialAppAuthClient,
  DeleteData,
  GCSCollectionScopes,
  GlobusAPIError,
  JSONTokenStorage,
  NativeAppAuthClient,
  NetworkError,
  RefreshTokenAuthorizer,
  TransferAPIError,
  TransferClient,
  TransferData,
  TransferScopes,
  TUTORIAL_CLIENT_ID,
  UserApp,
} from "../../mod.ts";
import { port, skip } from "./_python_ports.ts";

// Globus Tutorial Collection 1 and 2, as the current Python docs use them.
const SRC_COLLECTION = "6c54cade-bde5-45c1-bdea-f4bd71dba2cc";
const DST_COLLECTION = "31ce9ba0-176d-45a5-add3-f37d233ba47d";

test(
  "Python example 'Minimal File Transfer Script' (transfer_minimal.py) copies file1.txt",
  { skip },
  async () => {
    // https://globus-sdk-python.readthedocs.io/en/stable/examples/minimal_transfer_script/index.html
    await port(async ({ input, print, lines, homeFile }) => {
      const CLIENT_ID = "61338d24-54d5-408f-a10d-66c06b59f6d2";
      const authClient = new NativeAppAuthClient(CLIENT_ID);

      // requested_scopes specifies a list of scopes to request
      authClient.oauth2StartFlow({ requestedScopes: TransferScopes.all });
      const authorizeUrl = authClient.oauth2GetAuthorizeUrl();
      print(`Please go to this URL and login:\n\n${authorizeUrl}\n`);

      const authCode = (await input("Please enter the code here: ")).trim();
      const tokens = await authClient.oauth2ExchangeCodeForTokens(authCode);
      const transferTokens = tokens
        .byResourceServer["transfer.api.globus.org"]!;

      const transferClient = new TransferClient({
        authorizer: new AccessTokenAuthorizer(transferTokens["access_token"]),
      });

      const sourceEndpointId = SRC_COLLECTION;
      const destEndpointId = DST_COLLECTION;

      const taskData = new TransferData({
        sourceEndpoint: sourceEndpointId,
        destinationEndpoint: destEndpointId,
      });
      taskData.addItem(
        "/share/godata/file1.txt", // source
        "/~/minimal-example-transfer-script-destination.txt", // dest
      );

      const taskDoc = await transferClient.submitTransfer(taskData);
      const taskId = taskDoc["task_id"];
      print(`submitted transfer, task_id=${taskId}`);

      // what the user sees: the task runs to completion and the file arrives
      assert.match(
        lines.join("\n"),
        /submitted transfer, task_id=[0-9a-f-]{36}/,
      );
      assert.equal(
        await transferClient.taskWait(taskId, {
          timeoutS: 300,
          pollingIntervalS: 1,
        }),
        true,
      );
      assert.equal((await transferClient.getTask(taskId)).status, "SUCCEEDED");
      assert.equal(
        await readFile(
          homeFile(
            DST_COLLECTION,
            "minimal-example-transfer-script-destination.txt",
          ),
          "utf8",
        ),
        "abc\n",
      );
    });
  },
);

test(
  "Python example 'Transferring data where at least one collection is unknown' (auto_redrive_gares) logs in again for the mapped collection's consent",
  { skip },
  async () => {
    // https://globus-sdk-python.readthedocs.io/en/stable/user_guide/usage_patterns/data_transfer/submit_transfer/index.html
    await port(async ({ emulator, print, lines, loginFlow, homeFile }) => {
      const NATIVE_CLIENT_ID = "61338d24-54d5-408f-a10d-66c06b59f6d2";
      const SRC_PATH = "/share/godata/file1.txt";
      // the mapped collection needs a data_access consent (ConsentRequired)
      const DST = emulator.collections.mapped;
      const DST_PATH = "/~/example-transfer-script-destination.txt";

      async function submitTransfer(transferClient: TransferClient) {
        const transferRequest = new TransferData(SRC_COLLECTION, DST);
        transferRequest.addItem(SRC_PATH, DST_PATH);

        const task = await transferClient.submitTransfer(transferRequest);
        print(`Submitted transfer. Task ID: ${task["task_id"]}.`);
        return task["task_id"];
      }

      let taskId: string;
      {
        await using app = new UserApp({
          appName: "my-simple-transfer",
          clientId: NATIVE_CLIENT_ID,
          config: { autoRedriveGares: true, loginFlowManager: loginFlow },
        });
        const client = new TransferClient({ app });
        taskId = await submitTransfer(client);
        assert.equal(
          await client.taskWait(taskId, { timeoutS: 300, pollingIntervalS: 1 }),
          true,
        );
        assert.equal((await client.getTask(taskId)).status, "SUCCEEDED");
      }
      assert.match(
        lines.join("\n"),
        /Submitted transfer\. Task ID: [0-9a-f-]{36}\./,
      );
      // one login for Transfer, one more for the data_access consent
      assert.equal(loginFlow.logins.length, 2);
      assert.equal(
        await readFile(
          homeFile(DST, "example-transfer-script-destination.txt"),
          "utf8",
        ),
        "abc\n",
      );
    });
  },
);

test(
  "Python example 'Best-Effort Proactive Handling of ConsentRequired' (transfer_consent_required_proactive.py) probes with ls, logs in once more, then submits",
  { skip },
  async () => {
    // https://globus-sdk-python.readthedocs.io/en/stable/examples/minimal_transfer_script/index.html#best-effort-proactive-handling-of-consentrequired
    await port(async ({ emulator, print, lines, loginFlow, home }) => {
      const args = { SRC: SRC_COLLECTION, DST: emulator.collections.mapped };
      const CLIENT_ID = "61338d24-54d5-408f-a10d-66c06b59f6d2";
      const APP_NAME = "proactive-transfer-consent-example";
      const config = { loginFlowManager: loginFlow };

      async function probeForConsentRequired(
        transferClient: TransferClient,
        targets: string[],
      ): Promise<string[]> {
        const consentRequiredScopes: string[] = [];
        for (const target of targets) {
          try {
            await transferClient.operationLs(target, { path: "/" });
          } catch (err) {
            // catch all errors and discard those other than ConsentRequired
            if (!(err instanceof TransferAPIError)) throw err;
            if (err.info.consentRequired) {
              consentRequiredScopes.push(
                ...err.info.consentRequired.requiredScopes,
              );
            }
          }
        }
        return consentRequiredScopes;
      }

      let consentRequiredScopes: string[];
      {
        await using app = new UserApp({
          appName: APP_NAME,
          clientId: CLIENT_ID,
          config,
        });
        const transferClient = new TransferClient({ app });
        consentRequiredScopes = await probeForConsentRequired(
          transferClient,
          [args.SRC, args.DST],
        );
      }

      if (consentRequiredScopes.length) {
        print(
          "One of your endpoints requires consent in order to be used.\n" +
            "You must login a second time to grant consents.\n\n",
        );
        await using app = new UserApp({
          appName: APP_NAME,
          clientId: CLIENT_ID,
          scopeRequirements: {
            [TransferScopes.resourceServer]: [
              ...consentRequiredScopes,
              TransferScopes.all,
            ],
          },
          config,
        });
        // As in Python, the app checks the dependent scope against the
        // user's consents (the cached tokens' scope string already covers
        // Transfer's `all`) and logs in.
        await app.login();
      }

      const taskData = new TransferData({
        sourceEndpoint: args.SRC,
        destinationEndpoint: args.DST,
      });
      taskData.addItem(
        "/share/godata/file1.txt", // source
        "/~/example-transfer-script-destination.txt", // dest
      );

      let taskDoc;
      {
        await using app = new UserApp({
          appName: APP_NAME,
          clientId: CLIENT_ID,
          config,
        });
        const transferClient = new TransferClient({ app });
        taskDoc = await transferClient.submitTransfer(taskData);
        assert.equal(
          await transferClient.taskWait(taskDoc.task_id, {
            timeoutS: 300,
            pollingIntervalS: 1,
          }),
          true,
        );
      }
      const taskId = taskDoc["task_id"];
      print(`submitted transfer, task_id=${taskId}`);

      assert.match(lines.join("\n"), /requires consent/);
      assert.match(lines.join("\n"), /submitted transfer, task_id=/);
      // the first login, the consent login; the submit needed none
      assert.equal(loginFlow.logins.length, 2);
      // the tokens are cached where Python's UserApp keeps them
      const cached = JSON.parse(
        await readFile(
          join(
            home,
            ".globus",
            "app",
            CLIENT_ID,
            APP_NAME,
            "emulator-tokens.json",
          ),
          "utf8",
        ),
      );
      assert.ok(cached.data.DEFAULT["transfer.api.globus.org"]);
    });
  },
);

test(
  "Python example 'Recursive ls via TransferClient' walks a tree breadth-first with relative names",
  { skip },
  async () => {
    // https://globus-sdk-python.readthedocs.io/en/stable/examples/recursive_ls.html
    await port(async ({ emulator }) => {
      const tokens = await emulator.mintTokens(TransferScopes.all);
      const tc = new TransferClient({
        authorizer: new AccessTokenAuthorizer(tokens.access_token),
      });
      const ep = DST_COLLECTION;
      await tc.operationMkdir(ep, "/~/tree/");
      await tc.operationMkdir(ep, "/~/tree/a/");
      await tc.operationMkdir(ep, "/~/tree/a/b/");
      const tdata = new TransferData(SRC_COLLECTION, ep);
      tdata.addItem("/share/godata/file1.txt", "/~/tree/a/b/deep.txt");
      tdata.addItem("/share/godata/file2.txt", "/~/tree/top.txt");
      const { task_id } = await tc.submitTransfer(tdata);
      await tc.taskWait(task_id, { timeoutS: 300, pollingIntervalS: 1 });

      type Entry = { name: string; type: string };
      type QueueItem = [string, string, number];

      async function* recursiveLsHelper(
        tc: TransferClient,
        ep: string,
        queue: QueueItem[],
        maxDepth: number,
      ): AsyncGenerator<Entry> {
        while (queue.length) {
          const [absPath, relPath, depth] = queue.pop()!;
          const pathPrefix = relPath ? relPath + "/" : "";

          const res = await tc.operationLs(ep, { path: absPath });

          if (depth < maxDepth) {
            queue.push(
              ...res["DATA"].filter((item) => item["type"] === "dir").map(
                (item): QueueItem => [
                  res["path"] + item["name"],
                  pathPrefix + item["name"],
                  depth + 1,
                ],
              ),
            );
          }
          for (const item of res["DATA"]) {
            item["name"] = pathPrefix + item["name"];
            yield item;
          }
        }
      }

      function recursiveLs(
        tc: TransferClient,
        ep: string,
        path: string,
        maxDepth = 3,
      ) {
        const queue: QueueItem[] = [];
        queue.push([path, "", 0]);
        return recursiveLsHelper(tc, ep, queue, maxDepth);
      }

      const names: string[] = [];
      for await (const item of recursiveLs(tc, ep, "/~/tree/")) {
        names.push(`${item.type} ${item.name}`);
      }
      assert.deepEqual(names.sort(), [
        "dir a",
        "dir a/b",
        "file a/b/deep.txt",
        "file top.txt",
      ]);
      // max_depth=0 lists the top level only
      const top = [];
      for await (const item of recursiveLs(tc, ep, "/~/tree/", 0)) {
        top.push(item.name);
      }
      assert.deepEqual(top.sort(), ["a", "top.txt"]);
    });
  },
);

test(
  "Python example 'Client Credentials Authentication' lists the client's endpoints, with tokens and with ClientCredentialsAuthorizer",
  { skip },
  async () => {
    // https://globus-sdk-python.readthedocs.io/en/stable/examples/client_credentials.html
    await port(async ({ emulator, print, lines }) => {
      const CLIENT_ID = emulator.confidentialClient.clientId;
      const CLIENT_SECRET = emulator.confidentialClient.clientSecret;

      const client = new ConfidentialAppAuthClient(CLIENT_ID, CLIENT_SECRET);
      const tokenResponse = await client.oauth2ClientCredentialsTokens();

      // the useful values that you want at the end of this
      const globusAuthData = tokenResponse.byResourceServer["auth.globus.org"]!;
      const globusTransferData = tokenResponse
        .byResourceServer["transfer.api.globus.org"]!;
      const globusAuthToken = globusAuthData["access_token"];
      const globusTransferToken = globusTransferData["access_token"];
      assert.ok(globusAuthToken && globusTransferToken);
      assert.equal(globusTransferData.refresh_token, null);

      const authorizer = new AccessTokenAuthorizer(globusTransferToken);
      const tc = new TransferClient({ authorizer });
      print(`Endpoints Belonging to ${CLIENT_ID}@clients.auth.globus.org:`);
      for await (
        const ep of tc.endpointSearch(undefined, {
          filterScope: "my-endpoints",
        })
      ) {
        print(`[${ep["id"]}] ${ep["display_name"]}`);
      }

      // Using ClientCredentialsAuthorizer
      const confidentialClient = new ConfidentialAppAuthClient(
        CLIENT_ID,
        CLIENT_SECRET,
      );
      const scopes = "urn:globus:auth:scope:transfer.api.globus.org:all";
      const ccAuthorizer = new ClientCredentialsAuthorizer(
        confidentialClient,
        scopes,
      );
      const transferClient = new TransferClient({ authorizer: ccAuthorizer });
      const ls = await transferClient.operationLs(SRC_COLLECTION, {
        path: "/share/godata/",
      });
      assert.deepEqual(
        [...ls].map((e) => e.name),
        ["file1.txt", "file2.txt", "file3.txt"],
      );
      assert.match(
        lines[0]!,
        /^Endpoints Belonging to .*@clients\.auth\.globus\.org:$/,
      );
    });
  },
);

test(
  "Python example 'Using a ClientApp' (client_app_ls.py) lists the tutorial collection",
  { skip },
  async () => {
    // https://globus-sdk-python.readthedocs.io/en/stable/user_guide/usage_patterns/client_identities/using_client_app/index.html
    await port(async ({ emulator, print, lines }) => {
      const CLIENT_ID = emulator.confidentialClient.clientId;
      const CLIENT_SECRET = emulator.confidentialClient.clientSecret;
      const TUTORIAL_COLLECTION = SRC_COLLECTION;

      {
        await using app = new ClientApp({
          appName: "sample-app",
          clientId: CLIENT_ID,
          clientSecret: CLIENT_SECRET,
          config: { tokenStorage: "memory" },
        });
        const tc = new TransferClient({ app });
        tc.addAppDataAccessScope(TUTORIAL_COLLECTION);

        for (
          const entry of await tc.operationLs(TUTORIAL_COLLECTION, {
            path: "/share/godata",
          })
        ) {
          print(entry["name"]);
        }
      }
      assert.deepEqual(lines, ["file1.txt", "file2.txt", "file3.txt"]);
    });
  },
);

test(
  "Python example 'Native App Login' with refresh tokens, stored in a JSONTokenStorage and reused by a RefreshTokenAuthorizer",
  { skip },
  async () => {
    // https://globus-sdk-python.readthedocs.io/en/stable/examples/native_app.html
    // https://globus-sdk-python.readthedocs.io/en/stable/authorization/token_caching/token_storages.html
    await port(async ({ input, print, home }) => {
      const CLIENT_ID = TUTORIAL_CLIENT_ID;

      const client = new NativeAppAuthClient(CLIENT_ID);
      client.oauth2StartFlow({ refreshTokens: true });

      const authorizeUrl = client.oauth2GetAuthorizeUrl();
      print(`Please go to this URL and login: ${authorizeUrl}`);

      const authCode = (await input(
        "Please enter the code you get after login here: ",
      )).trim();
      const tokenResponse = await client.oauth2ExchangeCodeForTokens(authCode);

      const globusAuthData = tokenResponse.byResourceServer["auth.globus.org"]!;
      const globusTransferData = tokenResponse
        .byResourceServer["transfer.api.globus.org"]!;
      assert.ok(globusAuthData["access_token"]);
      assert.ok(globusTransferData["refresh_token"]);

      // the token storage
      const path = join(home, "tokens.json");
      const storage = new JSONTokenStorage(path);
      await storage.storeTokenResponse(tokenResponse);
      const data = (await storage.getTokenData("transfer.api.globus.org"))!;
      const authorizer = new RefreshTokenAuthorizer(
        data.refresh_token!,
        client,
        {
          accessToken: data.access_token,
          expiresAt: data.expires_at_seconds,
          onRefresh: (r) => storage.storeTokenResponse(r),
        },
      );
      const tc = new TransferClient({ authorizer });
      const ls = await tc.operationLs(SRC_COLLECTION, {
        path: "/share/godata/",
      });
      assert.equal(ls.DATA.length, 3);

      const file = JSON.parse(await readFile(path, "utf8"));
      assert.equal(file.format_version, "2.0");
      assert.deepEqual(Object.keys(file.data.DEFAULT).sort(), [
        "auth.globus.org",
        "transfer.api.globus.org",
      ]);
    });
  },
);

test(
  "Python example 'Transfer Relative Task Deadlines' sends a deadline one minute ahead",
  { skip },
  async () => {
    // https://globus-sdk-python.readthedocs.io/en/stable/examples/transfer_relative_deadlines.html
    await port(async ({ emulator }) => {
      const tokens = await emulator.mintTokens(TransferScopes.all);
      const transferClient = new TransferClient({
        authorizer: new AccessTokenAuthorizer(tokens.access_token),
      });
      const sourceEndpointUuid = SRC_COLLECTION;
      const destEndpointUuid = DST_COLLECTION;

      const now = new Date();
      const future1minute = new Date(now.getTime() + 60_000);

      const submissionData = new TransferData(
        sourceEndpointUuid,
        destEndpointUuid,
        { deadline: future1minute },
      );
      submissionData.addItem("/share/godata/file3.txt", "/~/deadline.txt");
      assert.equal(
        submissionData.toJSON().deadline,
        future1minute.toISOString(),
      );
      const { task_id } = await transferClient.submitTransfer(submissionData);
      const task = await transferClient.getTask(task_id);
      assert.equal(
        Date.parse(String(task.deadline)),
        Date.parse(future1minute.toISOString().slice(0, 19) + "Z"),
      );
    });
  },
);

test(
  "Python example 'Retrying Task Submission' (advanced_transfer) submits once with get_submission_id and a retry wrapper",
  { skip },
  async () => {
    // https://globus-sdk-python.readthedocs.io/en/stable/examples/advanced_transfer.html#retrying-task-submission
    await port(async ({ emulator }) => {
      const tokens = await emulator.mintTokens(TransferScopes.all);
      const transferClient = new TransferClient({
        authorizer: new AccessTokenAuthorizer(tokens.access_token),
        retry: false, // so the example's own retries are the ones that run
      });
      const logged: string[] = [];
      const logger = {
        debug: (m: string) => logged.push(`debug ${m}`),
        warn: (m: string) => logged.push(`warn ${m}`),
        error: (m: string) => logged.push(`error ${m}`),
      };

      async function retryGlobusFunction<T>(
        func: () => Promise<T>,
        retries = 5,
        funcName = "<func>",
      ): Promise<T> {
        const actuallyRetry = () =>
          retryGlobusFunction(func, retries - 1, funcName);
        const checkForReraise = (e: unknown) => {
          if (retries < 1) {
            logger.error(`Retried ${funcName} too many times.`);
            throw e;
          }
        };
        try {
          return await func();
        } catch (e) {
          if (e instanceof NetworkError) {
            logger.debug(`Globus func ${funcName} experienced a network error`);
            checkForReraise(e);
          } else if (e instanceof GlobusAPIError) {
            logger.warn(`Globus func ${funcName} experienced a network error`);
            checkForReraise(e);
          } else throw e;
        }
        return await actuallyRetry();
      }

      function submitTransferWithRetries(
        transferClient: TransferClient,
        transferData: TransferData,
      ) {
        const locallyBoundFunc = () =>
          transferClient.submitTransfer(transferData);
        return retryGlobusFunction(locallyBoundFunc, 5, "submit_transfer");
      }

      const submissionData = new TransferData(SRC_COLLECTION, DST_COLLECTION, {
        submissionId: (await transferClient.getSubmissionId())["value"],
      });
      submissionData.addItem("/share/godata/file1.txt", "/~/retried.txt");

      // the first two submits get a 503 (a GlobusAPIError); the third goes through
      emulator.setFaults({
        byRequest: { 1: "503", 2: "503" },
        pathPrefixes: ["/transfer/v0.10/transfer"],
      });
      const result = await submitTransferWithRetries(
        transferClient,
        submissionData,
      );
      emulator.setFaults(undefined);
      assert.equal(result.code, "Accepted");
      assert.deepEqual(logged, [
        "warn Globus func submit_transfer experienced a network error",
        "warn Globus func submit_transfer experienced a network error",
      ]);
      // once and only once: the same submission id again makes no second task
      const again = await transferClient.submitTransfer(submissionData);
      assert.equal(again.task_id, result.task_id);
      const tasks = await transferClient.taskList({
        filter: { type: "TRANSFER" },
      })
        .toArray();
      assert.equal(tasks.length, 1);
    });
  },
);

test(
  "Python example 'Transfer Endpoint Type Enum' classifies the emulator's collections",
  { skip },
  async () => {
    // https://globus-sdk-python.readthedocs.io/en/stable/examples/endpoint_type_enum.html
    await port(async ({ emulator }) => {
      const tokens = await emulator.mintTokens(
        `${TransferScopes.all}[*${
          GCSCollectionScopes(emulator.collections.mapped).dataAccess
        }]`,
      );
      const tc = new TransferClient({
        authorizer: new AccessTokenAuthorizer(tokens.access_token),
      });

      enum TransferEndpointType {
        GCP = "GCP",
        GCSV5_ENDPOINT = "GCSV5_ENDPOINT",
        GUEST_COLLECTION = "GUEST_COLLECTION",
        MAPPED_COLLECTION = "MAPPED_COLLECTION",
        SHARE = "SHARE",
        NON_GCSV5_ENDPOINT = "NON_GCSV5_ENDPOINT",
      }

      function determineEndpointType(
        epDoc: Record<string, unknown>,
      ): TransferEndpointType {
        if (epDoc["is_globus_connect"] === true) {
          return TransferEndpointType.GCP;
        }
        if (epDoc["non_functional"] === true) {
          return TransferEndpointType.GCSV5_ENDPOINT;
        }
        const hasHost = epDoc["host_endpoint_id"] != null;
        let gcsv5 = false;
        if (epDoc["gcs_version"]) {
          const parts = String(epDoc["gcs_version"]).split(".");
          gcsv5 = parts.length === 3 && parts[0] === "5";
        }
        if (gcsv5) {
          return hasHost
            ? TransferEndpointType.GUEST_COLLECTION
            : TransferEndpointType.MAPPED_COLLECTION;
        } else if (hasHost) return TransferEndpointType.SHARE;
        return TransferEndpointType.NON_GCSV5_ENDPOINT;
      }

      const mapped = await tc.getEndpoint(emulator.collections.mapped);
      assert.equal(
        determineEndpointType(mapped),
        TransferEndpointType.MAPPED_COLLECTION,
      );
      // The tutorial collections are mapped collections, as Globus's are.
      assert.equal(
        determineEndpointType(
          await tc.getEndpoint(emulator.collections.tutorial1),
        ),
        TransferEndpointType.MAPPED_COLLECTION,
      );
      await tc.operationMkdir(emulator.collections.mapped, "/~/shared/");
      const { id: guest } = await tc.createSharedEndpoint({
        DATA_TYPE: "shared_endpoint",
        host_endpoint: emulator.collections.mapped,
        host_path: "/~/shared/",
        display_name: "a share",
      });
      assert.equal(
        determineEndpointType(await tc.getEndpoint(guest)),
        TransferEndpointType.GUEST_COLLECTION,
      );
    });
  },
);

test(
  "Python docs 'task_list', 'task_wait' and 'submit_delete' examples: list with filters, wait in a loop, delete a folder",
  { skip },
  async () => {
    // https://globus-sdk-python.readthedocs.io/en/stable/services/transfer.html (TransferClient.task_list, task_wait, submit_delete)
    await port(async ({ emulator, print, lines, homeFile }) => {
      const tokens = await emulator.mintTokens(TransferScopes.all);
      const tc = new TransferClient({
        authorizer: new AccessTokenAuthorizer(tokens.access_token),
      });
      const tdata = new TransferData(SRC_COLLECTION, DST_COLLECTION, {
        label: "godata copy",
      });
      tdata.addItem("/share/godata/", "/~/godata/", { recursive: true });
      const taskId = (await tc.submitTransfer(tdata))["task_id"];

      // while not tc.task_wait(task_id, timeout=60): print(...)
      while (
        !(await tc.taskWait(taskId, { timeoutS: 60, pollingIntervalS: 1 }))
      ) {
        print(`Another minute went by without ${taskId} terminating`);
      }

      // for task in tc.task_list(limit=10, filter="type:TRANSFER/status:SUCCEEDED"):
      for await (
        const task of tc.taskList({
          maxResults: 10,
          filter: "type:TRANSFER/status:SUCCEEDED",
        })
      ) {
        print(
          `Task(${task["task_id"]}): ${task["source_endpoint_id"]} -> ${
            task["destination_endpoint_id"]
          }`,
        );
      }
      // the dict form of the same filter
      const byDict = await tc.taskList({
        filter: { type: "TRANSFER", status: ["SUCCEEDED", "FAILED"] },
      }).toArray();
      assert.deepEqual(byDict.map((t) => t.label), ["godata copy"]);

      // ddata = DeleteData(endpoint_id, recursive=True); ddata.add_item("/~/godata/")
      const ddata = new DeleteData(DST_COLLECTION, { recursive: true });
      ddata.addItem("/~/godata/");
      const deleteResult = await tc.submitDelete(ddata);
      print("task_id =", deleteResult["task_id"]);
      await tc.taskWait(deleteResult["task_id"], {
        timeoutS: 300,
        pollingIntervalS: 1,
      });

      assert.match(
        lines.join("\n"),
        new RegExp(
          `Task\\(${taskId}\\): ${SRC_COLLECTION} -> ${DST_COLLECTION}`,
        ),
      );
      assert.match(lines.join("\n"), /task_id = [0-9a-f-]{36}/);
      await assert.rejects(
        readFile(homeFile(DST_COLLECTION, "godata/file1.txt")),
      );
      const del = await tc.getTask(deleteResult["task_id"]);
      assert.equal(del.status, "SUCCEEDED");
      assert.equal(del.type, "DELETE");
    });
  },
);

test(
  "Python docs 'endpoint_search' and 'get_endpoint' examples: a full-text search and a name",
  { skip },
  async () => {
    // https://globus-sdk-python.readthedocs.io/en/stable/services/transfer.html (TransferClient.endpoint_search, get_endpoint)
    await port(async ({ emulator, print, lines }) => {
      const tokens = await emulator.mintTokens(TransferScopes.all);
      const tc = new TransferClient({
        authorizer: new AccessTokenAuthorizer(tokens.access_token),
      });
      for await (const ep of tc.endpointSearch("Tutorial")) {
        print(ep["display_name"]);
      }
      for await (
        const ep of tc.endpointSearch("Tutorial", { filterScope: "all" })
      ) {
        print(`${ep["display_name"]} has ID ${ep["id"]}`);
      }
      // the paginated version: for page in tc.paginated.endpoint_search(...): for x in page
      for await (const page of tc.endpointSearch("Tutorial").pages()) {
        for (const x of page) print(`Endpoint ID: ${x["id"]}`);
      }
      const endpoint = await tc.getEndpoint(SRC_COLLECTION);
      print(
        "Endpoint name:",
        endpoint["display_name"] || endpoint["canonical_name"],
      );
      assert.ok(lines.includes("Globus Tutorial Collection 1"));
      assert.ok(
        lines.includes(`Globus Tutorial Collection 2 has ID ${DST_COLLECTION}`),
      );
      assert.ok(lines.includes(`Endpoint ID: ${SRC_COLLECTION}`));
      assert.ok(lines.includes("Endpoint name: Globus Tutorial Collection 1"));
    });
  },
);

test(
  "Python docs 'create_shared_endpoint' and 'add_endpoint_acl_rule' examples: a guest collection shared with a colleague",
  { skip },
  async () => {
    // https://globus-sdk-python.readthedocs.io/en/stable/services/transfer.html (TransferClient.create_shared_endpoint, add_endpoint_acl_rule)
    await port(async ({ emulator }) => {
      const tokens = await emulator.mintTokens(
        `${TransferScopes.all}[*${
          GCSCollectionScopes(emulator.collections.mapped).dataAccess
        }] urn:globus:auth:scope:auth.globus.org:view_identities`,
      );
      const byRs = tokens as unknown as {
        other_tokens?: { resource_server: string; access_token: string }[];
      };
      const authToken = byRs.other_tokens?.find((t) =>
        t.resource_server === "auth.globus.org"
      )?.access_token;
      assert.ok(authToken, "no Auth token minted");
      const tc = new TransferClient({
        authorizer: new AccessTokenAuthorizer(tokens.access_token),
      });
      const ac = new AuthClient({
        authorizer: new AccessTokenAuthorizer(authToken),
      });
      const hostEndpointId = emulator.collections.mapped;
      await tc.operationMkdir(hostEndpointId, "/~/project/");
      await tc.operationMkdir(hostEndpointId, "/~/project/dataset1/");

      const sharedEpData = {
        DATA_TYPE: "shared_endpoint",
        host_endpoint: hostEndpointId,
        host_path: "/~/project/",
        display_name: "My Share",
        // optionally specify additional endpoint fields
        description: "my test share",
      };
      const createResult = await tc.createSharedEndpoint(sharedEpData);
      const endpointId = createResult["id"];

      const identityId = (await ac.getIdentities({
        usernames: "alice@globus-emulator.org",
      }))["identities"][0]!["id"];
      const ruleData = {
        DATA_TYPE: "access",
        principal_type: "identity",
        principal: identityId,
        path: "/dataset1/",
        permissions: "rw",
      };
      const result = await tc.addEndpointAclRule(endpointId, ruleData);
      const ruleId = result["access_id"];

      // alice can now list the shared folder, and nothing above it
      const alice = await emulator.mintTokens(TransferScopes.all, {
        identity: "alice",
      });
      const aliceTc = new TransferClient({
        authorizer: new AccessTokenAuthorizer(alice.access_token),
      });
      await aliceTc.operationLs(endpointId, { path: "/dataset1/" });
      await assert.rejects(
        aliceTc.operationLs(endpointId, { path: "/" }),
        (e: unknown) => e instanceof TransferAPIError && e.httpStatus === 403,
      );
      await tc.deleteEndpointAclRule(endpointId, ruleId);
      await assert.rejects(
        aliceTc.operationLs(endpointId, { path: "/dataset1/" }),
        (e: unknown) => e instanceof TransferAPIError && e.httpStatus === 403,
      );
    });
  },
);
