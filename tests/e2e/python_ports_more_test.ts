/**
 * More of the Globus Python SDK's documented examples, ported line by line
 * and run against the local emulator (see python_ports_test.ts for the
 * first ones). Each port keeps the Python lines' order and names
 * (camelCase); the harness (`_python_ports.ts`) only exports the emulator's
 * variables and a temporary HOME, and stands in for the person at the
 * terminal.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import * as globus_sdk from "../../mod.ts";
import { port, skip } from "./_python_ports.ts";

// deno-lint-ignore no-explicit-any
const D = (globalThis as any).Deno;

test(
  "Python example 'ls_with_session_handling.py': a caught GARE's parameters, with prompt=login, go to USER_APP.login(auth_params=...) and the listing is run again",
  { skip },
  async () => {
    // docs/user_guide/usage_patterns/sessions_and_consents/handling_transfer_auth_params
    await port(async ({ emulator, print, lines, loginFlow }) => {
      const NATIVE_CLIENT_ID = "61338d24-54d5-408f-a10d-66c06b59f6d2";
      const COLLECTION_ID = emulator.collections.tutorial1;
      // (the harness: the collection has an MFA policy a first login misses)
      emulator.setCollectionPolicy(COLLECTION_ID, { required_mfa: true });
      await using USER_APP = new globus_sdk.UserApp({
        appName: "ls-session",
        clientId: NATIVE_CLIENT_ID,
        config: { loginFlowManager: loginFlow },
      });
      const client = new globus_sdk.TransferClient({ app: USER_APP });

      async function printLsData() {
        const lsResult = await client.operationLs(COLLECTION_ID, {
          path: "/share/godata/",
        });
        for (const item of lsResult) {
          let name = item["name"];
          if (item["type"] === "dir") name += "/";
          print(name);
        }
      }

      try {
        await printLsData();
      } catch (err) {
        if (!(err instanceof globus_sdk.TransferAPIError)) throw err;
        if (err.info.authorizationParameters) {
          print(
            "An authorization requirement was not met. Logging in again...",
          );
          const gare = globus_sdk.toGare(err)!;
          const params = gare.authorizationParameters;
          params.prompt = "login";
          await USER_APP.login({ authParams: params });
          await printLsData();
        } else {
          throw err;
        }
      }

      assert.equal(loginFlow.logins.length, 2);
      const again = new URL(loginFlow.logins[1]!);
      assert.equal(again.searchParams.get("prompt"), "login");
      assert.ok(again.searchParams.get("session_required_policies"));
      assert.deepEqual(lines.slice(-3), [
        "file1.txt",
        "file2.txt",
        "file3.txt",
      ]);
      assert.ok(lines.includes(
        "An authorization requirement was not met. Logging in again...",
      ));
    });
  },
);

test(
  "Python example 'list_projects.py': AuthClient(app_scopes=[AuthClient.scopes.manage_projects], app=app)",
  { skip },
  async () => {
    // docs/examples/auth_manage_projects/list_projects.py
    await port(async ({ emulator, print, lines, loginFlow }) => {
      const CLIENT_ID = "61338d24-54d5-408f-a10d-66c06b59f6d2";
      // (the harness: one project of the demo user's)
      const tokens = await emulator.mintTokens(
        `openid ${globus_sdk.AuthScopes.manageProjects}`,
      );
      const admin = new globus_sdk.AuthClient({
        authorizer: new globus_sdk.AccessTokenAuthorizer(tokens.access_token),
      });
      const me = await admin.userinfo();
      await admin.createProject("Ported project", "demo@globus-emulator.org", {
        adminIds: me.sub,
      });

      {
        await using app = new globus_sdk.UserApp({
          appName: "list-projects-example",
          clientId: CLIENT_ID,
          config: { loginFlowManager: loginFlow },
        });
        const authClient = new globus_sdk.AuthClient({
          appScopes: [globus_sdk.AuthClient.scopes.manageProjects],
          app,
        });
        for (const project of await authClient.getProjects()) {
          print(`name: ${project["display_name"]}`);
          print(`id: ${project["id"]}`);
          print();
        }
      }
      assert.ok(lines.includes("name: Ported project"), lines.join("\n"));
      const scopes = new URL(loginFlow.logins[0]!).searchParams.get(
        "scope",
      )!.split(" ");
      assert.ok(
        scopes.includes(
          "urn:globus:auth:scope:auth.globus.org:manage_projects",
        ),
      );
      assert.ok(!scopes.includes("profile"), "not AuthClient's defaults");
    });
  },
);

test(
  "Python example 'list_groups_noapp_with_storage.py' (with Transfer for Groups): file_exists(), and on_refresh=token_storage.store_token_response saves the refreshed tokens",
  { skip },
  async () => {
    // docs/user_guide/getting_started/list_groups_noapp_with_storage.py
    await port(async ({ print, lines, input }) => {
      const run = async () => {
        const CLIENT_ID = "61338d24-54d5-408f-a10d-66c06b59f6d2";
        const authClient = new globus_sdk.NativeAppAuthClient(CLIENT_ID);
        const tokenStorage = new globus_sdk.JSONTokenStorage(
          join(homedir(), ".list-my-globus-endpoints-tokens.json"),
        );

        if (!(await tokenStorage.fileExists())) {
          authClient.oauth2StartFlow({
            requestedScopes: globus_sdk.TransferClient.scopes.all,
            refreshTokens: true,
          });
          const authorizeUrl = authClient.oauth2GetAuthorizeUrl();
          print(`Please go to this URL and login:\n\n${authorizeUrl}\n`);
          const authCode = (await input("Please enter the code here: "))
            .trim();
          const tokenResponse = await authClient.oauth2ExchangeCodeForTokens(
            authCode,
          );
          await tokenStorage.storeTokenResponse(tokenResponse);
        }

        const tokenData = (await tokenStorage.getTokenData(
          globus_sdk.TransferClient.resourceServer,
        ))!;

        const authorizer = new globus_sdk.RefreshTokenAuthorizer(
          tokenData.refresh_token!,
          authClient,
          {
            accessToken: tokenData.access_token,
            expiresAt: tokenData.expires_at_seconds,
            onRefresh: tokenStorage.storeTokenResponse,
          },
        );
        const transferClient = new globus_sdk.TransferClient({ authorizer });
        print("ID,Name");
        for await (
          const ep of transferClient.endpointSearch(undefined, {
            filterScope: "my-endpoints",
          })
        ) {
          print([ep["id"], `"${ep["display_name"]}"`].join(","));
        }
      };
      const file = join(homedir(), ".list-my-globus-endpoints-tokens.json");
      await run();
      assert.equal(
        lines.filter((l) => l.startsWith("Please go to")).length,
        1,
      );
      // a day later: the stored access token has expired
      const doc = JSON.parse(await readFile(file, "utf8"));
      const rec = doc.data.DEFAULT["transfer.api.globus.org"];
      const expired = "expired-access-token";
      rec.access_token = expired;
      rec.expires_at_seconds = 1000;
      await writeFile(file, JSON.stringify(doc));
      lines.length = 0;
      await run();
      assert.ok(lines.includes(
        '6c54cade-bde5-45c1-bdea-f4bd71dba2cc,"Globus Tutorial Collection 1"',
      ));
      assert.ok(!lines.some((l) => l.startsWith("Please go to")), "no login");
      const after = JSON.parse(await readFile(file, "utf8")).data
        .DEFAULT["transfer.api.globus.org"];
      assert.notEqual(after.access_token, expired, "the refresh was saved");
      assert.ok(after.expires_at_seconds > 1000);
    });
  },
);

test(
  "Python example 'manage_projects.py': AuthClient.scopes.manage_projects, file_exists() and the stored tokens reused",
  { skip },
  async () => {
    // docs/examples/auth_manage_projects/manage_projects.py (create, then list)
    await port(async ({ print, lines, input }) => {
      const MY_FILE_ADAPTER = new globus_sdk.JSONTokenStorage(
        join(homedir(), ".sdk-manage-projects.json"),
      );
      const SCOPES = [
        globus_sdk.AuthClient.scopes.manageProjects,
        "openid",
        "email",
      ];
      const RESOURCE_SERVER = globus_sdk.AuthClient.resourceServer;
      const CLIENT_ID = "61338d24-54d5-408f-a10d-66c06b59f6d2";
      const NATIVE_CLIENT = new globus_sdk.NativeAppAuthClient(CLIENT_ID);

      async function doLoginFlow() {
        NATIVE_CLIENT.oauth2StartFlow({ requestedScopes: SCOPES });
        const authorizeUrl = NATIVE_CLIENT.oauth2GetAuthorizeUrl();
        print(`Please go to this URL and login:\n\n${authorizeUrl}\n`);
        const authCode = (await input("Please enter the code here: ")).trim();
        return await NATIVE_CLIENT.oauth2ExchangeCodeForTokens(authCode);
      }

      async function getTokens() {
        if (!(await MY_FILE_ADAPTER.fileExists())) {
          const response = await doLoginFlow();
          await MY_FILE_ADAPTER.storeTokenResponse(response);
          return response.byResourceServer[RESOURCE_SERVER]!;
        }
        return (await MY_FILE_ADAPTER.getTokenData(RESOURCE_SERVER))!;
      }

      async function getAuthClient() {
        const tokens = await getTokens();
        return new globus_sdk.AuthClient({
          authorizer: new globus_sdk.AccessTokenAuthorizer(
            tokens["access_token"],
          ),
        });
      }

      async function createProject(name: string) {
        const authClient = await getAuthClient();
        const userinfo = await authClient.userinfo();
        print(
          String(
            await authClient.createProject(name, userinfo["email"]!, {
              adminIds: userinfo["sub"],
            }),
          ),
        );
      }

      async function listProjects() {
        const authClient = await getAuthClient();
        for (const project of await authClient.getProjects()) {
          print(`name: ${project["display_name"]}`);
          print(`id: ${project["id"]}`);
          print();
        }
      }

      await createProject("my project");
      await listProjects();
      assert.equal(
        lines.filter((l) => l.startsWith("Please go to")).length,
        1,
        "the second run used the stored tokens",
      );
      assert.ok(lines.includes("name: my project"), lines.join("\n"));
    });
  },
);

test(
  "Python example 'submit_transfer_detect_data_access.py': entity_type and high_assurance decide the data_access scope",
  { skip },
  async () => {
    // docs/user_guide/usage_patterns/data_transfer/detecting_data_access
    await port(async ({ emulator, print, lines, loginFlow }) => {
      async function usesDataAccess(
        transferClient: globus_sdk.TransferClient,
        collectionId: string,
      ): Promise<boolean> {
        const doc = await transferClient.getEndpoint(collectionId);
        if (doc["entity_type"] !== "GCSv5_mapped_collection") return false;
        if (doc["high_assurance"]) return false;
        return true;
      }

      const NATIVE_CLIENT_ID = "61338d24-54d5-408f-a10d-66c06b59f6d2";
      const SRC_COLLECTION = emulator.collections.tutorial1;
      const DST_COLLECTION = emulator.collections.mapped;
      const SRC_PATH = "/share/godata/file1.txt";
      const DST_PATH = "/~/example-transfer-script-destination.txt";

      let taskId: string;
      {
        await using app = new globus_sdk.UserApp({
          appName: "detect-data-access-example",
          clientId: NATIVE_CLIENT_ID,
          config: { loginFlowManager: loginFlow },
        });
        const transferClient = new globus_sdk.TransferClient({ app });
        if (await usesDataAccess(transferClient, SRC_COLLECTION)) {
          transferClient.addAppDataAccessScope(SRC_COLLECTION);
        }
        if (await usesDataAccess(transferClient, DST_COLLECTION)) {
          transferClient.addAppDataAccessScope(DST_COLLECTION);
        }
        const transferRequest = new globus_sdk.TransferData(
          SRC_COLLECTION,
          DST_COLLECTION,
        );
        transferRequest.addItem(SRC_PATH, DST_PATH);
        const task = await transferClient.submitTransfer(transferRequest);
        print(`Submitted transfer. Task ID: ${task["task_id"]}.`);
        taskId = task["task_id"];
        assert.equal(
          await transferClient.taskWait(taskId, {
            timeoutS: 300,
            pollingIntervalS: 1,
          }),
          true,
        );
        assert.equal(
          (await transferClient.getTask(taskId)).status,
          "SUCCEEDED",
        );
      }
      // One login for Transfer, then one more as each data_access scope is
      // added: the tutorial collection is a (non high assurance) mapped
      // collection too, as on Globus, so the source's comes first.
      assert.equal(loginFlow.logins.length, 3);
      assert.ok(
        decodeURIComponent(loginFlow.logins[1]!).includes(
          `${SRC_COLLECTION}/data_access`,
        ),
      );
      assert.ok(
        decodeURIComponent(loginFlow.logins[2]!).includes(
          `${DST_COLLECTION}/data_access`,
        ),
      );
      assert.match(lines.join("\n"), /Submitted transfer\. Task ID: /);
    });
  },
);

test(
  "Python example 'Three Legged OAuth with Flask' (a Deno.serve port): ConfidentialAppAuthClient.oauth2_start_flow(redirect_uri), the code from the redirect, then logout revokes",
  { skip },
  async () => {
    // docs/examples/three_legged_oauth.rst
    await port(async ({ emulator, print, lines }) => {
      const session = new Map<string, unknown>();
      const server = D.serve(
        { port: 0, hostname: "127.0.0.1", onListen() {} },
        async (req: Request) => {
          const url = new URL(req.url);
          if (url.pathname === "/") return await index();
          if (url.pathname === "/login") return await login(url);
          return new Response("not found", { status: 404 });
        },
      );
      const urlFor = (route: string) =>
        `http://127.0.0.1:${server.addr.port}/${route}`;
      const config = {
        APP_CLIENT_ID: emulator.confidentialClient.clientId,
        APP_CLIENT_SECRET: emulator.confidentialClient.clientSecret,
      };
      function loadAppClient() {
        return new globus_sdk.ConfidentialAppAuthClient(
          config.APP_CLIENT_ID,
          config.APP_CLIENT_SECRET,
        );
      }
      function index(): Response {
        if (!session.get("is_authenticated")) {
          return Response.redirect(urlFor("login"));
        }
        return new Response("You are successfully logged in!");
      }
      async function login(request: URL): Promise<Response> {
        const redirectUri = urlFor("login");
        const client = loadAppClient();
        client.oauth2StartFlow({ redirectUri });
        if (!request.searchParams.has("code")) {
          const authUri = client.oauth2GetAuthorizeUrl();
          return Response.redirect(authUri);
        }
        const code = request.searchParams.get("code")!;
        const tokens = await client.oauth2ExchangeCodeForTokens(code);
        session.set("tokens", tokens.byResourceServer);
        session.set("is_authenticated", true);
        return Response.redirect(urlFor(""));
      }
      async function logout() {
        const client = loadAppClient();
        const tokens = session.get("tokens") as Record<
          string,
          globus_sdk.TokenData
        >;
        for (const token of Object.values(tokens).map((t) => t.access_token)) {
          await client.oauth2RevokeToken(token);
        }
        session.clear();
      }
      try {
        // the browser: index → login → Globus Auth → login?code → index
        let r = await fetch(urlFor(""), { redirect: "manual" });
        await r.body?.cancel();
        r = await fetch(r.headers.get("location")!, { redirect: "manual" });
        await r.body?.cancel();
        const code = await emulator.approve(r.headers.get("location")!);
        r = await fetch(`${urlFor("login")}?code=${code}`, {
          redirect: "manual",
        });
        await r.body?.cancel();
        print(await (await fetch(urlFor(""))).text());

        // Using the Tokens
        const tokens = session.get("tokens") as Record<
          string,
          globus_sdk.TokenData
        >;
        const authorizer = new globus_sdk.AccessTokenAuthorizer(
          tokens["transfer.api.globus.org"]!["access_token"],
        );
        const transferClient = new globus_sdk.TransferClient({ authorizer });
        print("Endpoints belonging to the current logged-in user:");
        for await (
          const ep of transferClient.endpointSearch(undefined, {
            filterScope: "my-endpoints",
          })
        ) {
          print(`[${ep["id"]}] ${ep["display_name"]}`);
        }
        await logout();
        await assert.rejects(
          () => transferClient.operationLs(emulator.collections.tutorial1),
          (e: unknown) =>
            e instanceof globus_sdk.TransferAPIError && e.httpStatus === 401,
        );
      } finally {
        await server.shutdown();
      }
      assert.equal(lines[0], "You are successfully logged in!");
      assert.ok(lines.some((l) => l.includes("] Globus Tutorial Collection")));
    });
  },
);
