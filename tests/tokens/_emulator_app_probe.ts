// Run by emulator_token_file_test.ts with the emulator's `env`, HOME set to a
// temporary folder and GLOBUS_EMULATOR_URL: a UserApp with the default
// token storage logs in (the command-line flow, the code fetched from the
// emulator's approve endpoint) and lists a collection.
import process from "node:process";
import { UserApp } from "../../src/app/user_app.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";

const emulatorUrl = process.env.GLOBUS_EMULATOR_URL;
const [clientId, collection] = process.argv.slice(-2);
let authorizeUrl = "";
const app = new UserApp({
  appName: "Emulator Token Probe",
  clientId: clientId!,
  config: {
    loginFlowManager: "command-line",
    write: (text) => {
      authorizeUrl = /https?:\/\/\S+\/v2\/oauth2\/authorize\?\S+/.exec(text)
        ?.[0] ?? authorizeUrl;
    },
    prompt: async () => {
      const res = await fetch(`${emulatorUrl}/_emulator/approve`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ authorize_url: authorizeUrl }),
      });
      return ((await res.json()) as { code: string }).code;
    },
  },
});
const tc = new TransferClient({ app });
const ls = await tc.operationLs(collection!, { path: "/share/godata/" });
console.log(JSON.stringify({
  environment: app.environment,
  entries: ls.DATA.length,
}));
