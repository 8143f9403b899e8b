/**
 * A scope requirement keyed by another name than its scopes' resource
 * server (`"transfer"` for Transfer's scope): Globus Auth gives its tokens
 * under the scopes' resource server, so every login would leave the
 * requirement without tokens. The error that says so.
 *
 * @module
 */
import { LoginRequiredError } from "../core/errors.ts";
import type { TokenStorage } from "../tokens/token_storage.ts";

/**
 * The error for a requirement keyed by another name than its scopes'
 * resource server (`"transfer"` for Transfer's scope), once a login gave
 * their tokens under that resource server: another login would leave it
 * without tokens again.
 *
 * @param resourceServer The requirement's key, with no cached tokens.
 * @param scopeRequirements The app's scope requirements.
 * @param tokenStorage The app's token storage.
 * @returns The error, or `undefined` when no cached tokens carry its scopes.
 */
export async function keyedElsewhereError(
  resourceServer: string,
  scopeRequirements: Record<string, string[]>,
  tokenStorage: TokenStorage,
): Promise<LoginRequiredError | undefined> {
  const required = scopeRequirements[resourceServer] ?? [];
  const keyedElsewhere = await grantedUnder(
    resourceServer,
    required,
    tokenStorage,
  );
  if (keyedElsewhere === undefined) return undefined;
  return new LoginRequiredError(
    `The login did not give tokens for '${resourceServer}': its required scopes (${
      required.join(" ")
    }) belong to the resource server '${keyedElsewhere}', and Globus Auth gave their tokens under that name, so each login leaves '${resourceServer}' without tokens. A scope requirement is keyed by the resource server of its scopes: write app.addScopeRequirements({ "${keyedElsewhere}": [...] }) (or the scopeRequirements option so), and ask for app.getAuthorizer("${keyedElsewhere}"); a client made with the app (new TransferClient({ app })) adds its own.`,
  );
}

/**
 * The resource server whose cached tokens were granted the scopes
 * required under `resourceServer` (a requirement keyed by another name,
 * e.g. `"transfer"` for Transfer's scope), if any.
 */
async function grantedUnder(
  resourceServer: string,
  required: readonly string[],
  tokenStorage: TokenStorage,
): Promise<string | undefined> {
  if (required.length === 0) return undefined;
  const all = await tokenStorage.getTokenDataByResourceServer().catch(
    () => ({}),
  );
  for (const [rs, record] of Object.entries(all)) {
    if (rs === resourceServer) continue;
    const granted = new Set(String(record?.scope ?? "").split(/\s+/));
    if (required.every((scope) => granted.has(scope.split("[")[0]!))) {
      return rs;
    }
  }
  return undefined;
}
