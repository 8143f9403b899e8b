/**
 * First steps with Globus, as in the Python SDK tutorial (steps 1–5):
 * create a native app client, log in, get tokens, look at the token
 * response, and use the Transfer token to list your endpoints.
 *
 * Run it against real Globus:
 *
 *     deno run -A examples/first_steps.ts
 *
 * or against the emulator, approving the login automatically. The emulator
 * runs until you stop it, so either start `deno task emulator` in a terminal
 * of its own and copy the `export GLOBUS_SDK_…` lines it prints into this
 * shell, or, in one shell:
 *
 *     deno task emulator > emulator.env &   # runs until stopped: fg, Ctrl-C
 *     . ./emulator.env                       # once it has printed its address
 *     GLOBUS_DEMO_AUTOAPPROVE=1 deno run -A examples/first_steps.ts
 *
 * @module
 */
import {
  AccessTokenAuthorizer,
  NativeAppAuthClient,
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

// 1. A client for the tutorial's native app.
const client = new NativeAppAuthClient(TUTORIAL_CLIENT_ID);

// 2. Start a login flow asking for Transfer access and refresh tokens.
client.oauth2StartFlow({
  requestedScopes: TransferScopes.all,
  refreshTokens: true,
});
const authorizeUrl = client.oauth2GetAuthorizeUrl();
console.log(`Please go to this URL and login:\n\n${authorizeUrl}\n`);

// 3. Get the code: the user pastes it (or the whole URL); the demo mode
//    asks the emulator instead.
const code = Deno.env.get("GLOBUS_DEMO_AUTOAPPROVE") === "1"
  ? await autoApprove(authorizeUrl)
  : await promptLine("Please enter the code you get after login here:");
if (!code) {
  throw new Error("No code was entered: run the script again and paste it");
}

// 4. Exchange it for tokens. Printing the response never shows the tokens.
const tokens = await client.oauth2ExchangeCodeForTokens(code);
console.log("Token response:", tokens);
const transferTokens = tokens.byResourceServer[TransferScopes.resourceServer];
if (!transferTokens) {
  throw new Error("The token response holds no Transfer token");
}
console.log(
  `Transfer token expires at ${
    new Date(transferTokens.expires_at_seconds * 1000).toISOString()
  } (refresh token: ${transferTokens.refresh_token ? "yes" : "no"})`,
);

// 5. Use the Transfer token: list the endpoints you own.
const tc = new TransferClient({
  authorizer: new AccessTokenAuthorizer(transferTokens.access_token),
});
console.log("My endpoints:");
let count = 0;
for await (
  const ep of tc.endpointSearch(undefined, { filterScope: "my-endpoints" })
) {
  console.log(`  [${ep.id}] ${ep.display_name ?? "(no name)"}`);
  count++;
}
if (count === 0) console.log("  (none)");
