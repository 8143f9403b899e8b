// Run by environments_permission_test.ts with --allow-env=HOME only: the
// exported GLOBUS_SDK_* variables cannot be read. Two clients, one warning.
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { UserApp } from "../../src/app/user_app.ts";

const app = new UserApp({
  appName: "probe",
  clientId: "61338d24-54d5-408f-a10d-66c06b59f6d2",
  config: { tokenStorage: "memory" },
});
console.log(new TransferClient({ app }).baseUrl);
console.log(new TransferClient().baseUrl);
