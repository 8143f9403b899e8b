/**
 * The Globus Python SDK's "Minimal File Transfer Script", in TypeScript:
 * log in with the tutorial native app, copy `/share/godata/file1.txt` from
 * Globus Tutorial Collection 1 to Collection 2, wait for the task, and
 * print it.
 *
 * Run against real Globus:
 *
 *     deno run --allow-net --allow-env examples/minimal_transfer.ts
 *
 * Run against the emulator (`deno task emulator` prints the variables):
 *
 *     export GLOBUS_SDK_SERVICE_URL_AUTH=http://127.0.0.1:PORT/auth/
 *     export GLOBUS_SDK_SERVICE_URL_TRANSFER=http://127.0.0.1:PORT/transfer/
 *     GLOBUS_DEMO_AUTOAPPROVE=1 deno run --allow-net --allow-env examples/minimal_transfer.ts
 *
 * With `GLOBUS_DEMO_AUTOAPPROVE=1`, the code is not asked for: the script
 * approves its own login through the emulator's `POST /_emulator/approve`.
 *
 * @module
 */
import {
  AccessTokenAuthorizer,
  NativeAppAuthClient,
  TransferClient,
  TransferData,
} from "@globus-deno/sdk";

/** The tutorial native app's client id. */
const CLIENT_ID = "61338d24-54d5-408f-a10d-66c06b59f6d2";
/** Access to the Transfer API, and nothing else. */
const TRANSFER_SCOPE = "urn:globus:auth:scope:transfer.api.globus.org:all";
/** Globus Tutorial Collection 1. */
const SOURCE_COLLECTION_ID = "6c54cade-bde5-45c1-bdea-f4bd71dba2cc";
/** Globus Tutorial Collection 2. */
const DEST_COLLECTION_ID = "31ce9ba0-176d-45a5-add3-f37d233ba47d";

/**
 * Gets the authorization code: asks the user, or (demo mode) approves the
 * login through the emulator's control endpoint.
 */
async function getCode(
  authorizeUrl: string,
  authBaseUrl: string,
): Promise<string> {
  if (Deno.env.get("GLOBUS_DEMO_AUTOAPPROVE") === "1") {
    const res = await fetch(new URL("/_emulator/approve", authBaseUrl), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ authorize_url: authorizeUrl }),
    });
    if (!res.ok) throw new Error(`auto-approve failed: HTTP ${res.status}`);
    const { code } = await res.json() as { code: string };
    return code;
  }
  return (prompt("Please enter the code here:") ?? "").trim();
}

const authClient = new NativeAppAuthClient(CLIENT_ID);

// requestedScopes: only ask for access to the Transfer API
authClient.oauth2StartFlow({ requestedScopes: TRANSFER_SCOPE });
const authorizeUrl = authClient.oauth2GetAuthorizeUrl();
console.log(`Please go to this URL and login:\n\n${authorizeUrl}\n`);

const authCode = await getCode(authorizeUrl, authClient.baseUrl);
const tokens = await authClient.oauth2ExchangeCodeForTokens(authCode);
const transferTokens = tokens.byResourceServer["transfer.api.globus.org"];
if (!transferTokens) throw new Error("no Transfer token in the response");

// construct an AccessTokenAuthorizer and use it to construct the TransferClient
const transferClient = new TransferClient({
  authorizer: new AccessTokenAuthorizer(transferTokens.access_token),
});

// create a Transfer task consisting of one or more items
const taskData = new TransferData({
  sourceEndpoint: SOURCE_COLLECTION_ID,
  destinationEndpoint: DEST_COLLECTION_ID,
});
taskData.addItem(
  "/share/godata/file1.txt", // source
  "/~/example-transfer-script-destination.txt", // destination
);

// submit, getting back the task id
const taskDoc = await transferClient.submitTransfer(taskData);
const taskId = taskDoc.task_id;
console.log(`submitted transfer, task_id=${taskId}`);

// wait for it (up to a minute), then show it
const done = await transferClient.taskWait(taskId, {
  timeoutS: 60,
  pollingIntervalS: 2,
});
const task = await transferClient.getTask(taskId);
console.log(done ? "task finished:" : "task still running:");
console.log({
  task_id: task.task_id,
  status: task.status,
  label: task.label,
  files_transferred: task.files_transferred,
  bytes_transferred: task.bytes_transferred,
  source: task.source_endpoint_display_name,
  destination: task.destination_endpoint_display_name,
});
