/**
 * Internal: the network permission a login needs, checked before its link
 * is shown (not after the person has logged in and pasted the code).
 *
 * @module
 */
import { NetworkError } from "../core/errors.ts";
import { requestPermission } from "../core/runtime.ts";

/**
 * Throws when Deno may not reach Globus Auth to exchange the code. In a
 * terminal Deno asks now, for what is undecided; elsewhere (Node, `-A`)
 * it passes.
 *
 * @param tokenUrl Globus Auth's token endpoint, where the code goes.
 * @throws {NetworkError} Naming the `--allow-net` flag to add; its cause is
 *   what Deno would throw (`NotCapable`), so no caller retries it.
 */
export function checkLoginNetwork(tokenUrl: string): void {
  const auth = new URL(tokenUrl);
  if (requestPermission({ name: "net", host: auth.host })) return;
  const denied = Object.assign(
    new Error(
      `Requires net access to "${auth.host}", run again with the --allow-net flag`,
    ),
    { name: "NotCapable" },
  );
  throw new NetworkError(
    "POST",
    auth.href,
    denied,
    `no network permission for ${auth.host}, which the login needs to exchange the code (checked before showing the login link): run with --allow-net=${auth.host} (or --allow-net)`,
  );
}
