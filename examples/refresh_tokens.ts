/**
 * The tutorial's refresh-token step: log in once asking for refresh tokens,
 * keep the tokens in a token file (the Python SDK's format), and let a
 * `RefreshTokenAuthorizer` renew the access token whenever it expires,
 * saving the new tokens to the file with `onRefresh`. Run it twice: the
 * second run needs no login.
 *
 * Run it against real Globus:
 *
 *     deno run -A examples/refresh_tokens.ts
 *
 * or against the emulator, approving the login automatically. The emulator
 * runs until you stop it, so either start `deno task emulator` in a terminal
 * of its own and copy the `export GLOBUS_SDK_…` lines it prints into this
 * shell, or, in one shell:
 *
 *     deno task emulator > emulator.env &   # runs until stopped: fg, Ctrl-C
 *     . ./emulator.env                       # once it has printed its address
 *     GLOBUS_DEMO_AUTOAPPROVE=1 deno run -A examples/refresh_tokens.ts
 *
 * The token file is `GLOBUS_DEMO_TOKEN_FILE` when set, else the default
 * location for this example under `~/.globus/app/`.
 *
 * @module
 */
import {
  defaultTokenFilePath,
  JSONTokenStorage,
  NativeAppAuthClient,
  RefreshTokenAuthorizer,
  TransferClient,
  TransferScopes,
  TUTORIAL_CLIENT_ID,
} from "@globus-deno/sdk";
// Not part of the package: reads one line from a terminal or a pipe (Deno's
// prompt() reads only a terminal). Your own script can use prompt().
import { promptLine } from "../src/core/runtime.ts";

/** Asks the emulator to approve the login, like clicking "Allow". */
async function autoApprove(authorizeUrl: string): Promise<string> {
  const authBase = Deno.env.get("GLOBUS_SDK_SERVICE_URL_AUTH");
  if (!authBase) {
    throw new Error(
      "GLOBUS_DEMO_AUTOAPPROVE=1 needs GLOBUS_SDK_SERVICE_URL_AUTH pointing at the emulator",
    );
  }
  const res = await fetch(new URL("/_emulator/approve", authBase), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ authorize_url: authorizeUrl }),
  });
  if (!res.ok) {
    throw new Error(
      `The emulator refused to approve the login: ${res.status} ${await res
        .text()}`,
    );
  }
  const { code } = await res.json() as { code: string };
  return code;
}

const client = new NativeAppAuthClient(TUTORIAL_CLIENT_ID);
const storage = new JSONTokenStorage(
  Deno.env.get("GLOBUS_DEMO_TOKEN_FILE") ??
    defaultTokenFilePath(TUTORIAL_CLIENT_ID, "refresh-tokens-example"),
);
console.log(`Token file: ${storage.path}`);

// 1. Reuse saved tokens when there are any; otherwise log in once, asking
//    for refresh tokens (access_type=offline), and save the response.
let saved = await storage.getTokenData(TransferScopes.resourceServer);
if (!saved?.refresh_token) {
  client.oauth2StartFlow({
    requestedScopes: TransferScopes.all,
    refreshTokens: true,
  });
  const authorizeUrl = client.oauth2GetAuthorizeUrl();
  console.log(`Please go to this URL and login:\n\n${authorizeUrl}\n`);
  const code = Deno.env.get("GLOBUS_DEMO_AUTOAPPROVE") === "1"
    ? await autoApprove(authorizeUrl)
    : await promptLine("Please enter the code you get after login here:");
  if (!code) {
    throw new Error("No code was entered: run the script again and paste it");
  }
  const tokens = await client.oauth2ExchangeCodeForTokens(code);
  await storage.storeTokenResponse(tokens);
  saved = await storage.getTokenData(TransferScopes.resourceServer);
  console.log("Logged in; the tokens are saved for the next run.");
} else {
  console.log("Using the saved tokens (no login needed).");
}
if (!saved?.refresh_token) {
  throw new Error("No refresh token was issued for Transfer");
}

// 2. The authorizer sends the saved access token while it is valid, renews
//    it with the refresh token when it expires, and onRefresh writes the
//    new tokens back to the file.
const authorizer = new RefreshTokenAuthorizer(saved.refresh_token, client, {
  accessToken: saved.access_token,
  expiresAt: saved.expires_at_seconds,
  onRefresh: async (response) => {
    await storage.storeTokenResponse(response);
    console.log("The access token was refreshed and saved.");
  },
});

// 3. Use Transfer: list the endpoints you own.
const tc = new TransferClient({ authorizer });
console.log("My endpoints:");
let count = 0;
for await (
  const ep of tc.endpointSearch(undefined, { filterScope: "my-endpoints" })
) {
  console.log(`  [${ep.id}] ${ep.display_name ?? "(no name)"}`);
  count++;
}
if (count === 0) console.log("  (none)");
console.log(
  `Access token valid until ${
    new Date((authorizer.expiresAt ?? 0) * 1000).toISOString()
  }`,
);
