/**
 * A 403 `ConsentRequired` from Transfer (most often a mapped collection's
 * missing `data_access` consent) names what is missing but not what to do
 * about it; this adds the fix to the error's message: with an app,
 * `tc.addAppDataAccessScope(id)` and a new `app.login()` (or
 * `autoRedriveGares`); with a login of your own, the scopes to ask for.
 * Other authorization requirements (`AuthPolicyFailed`: a session, policy or
 * MFA requirement) get the login that meets them.
 *
 * @module
 */
import { TransferAPIError } from "../core/errors.ts";
import { replaceMessage } from "../core/_replace_message.ts";

const DATA_ACCESS =
  /^https:\/\/auth\.globus\.org\/scopes\/([0-9a-f-]{36})\/data_access$/i;

/** The collection ids whose data_access scopes appear in `scopes`. */
function dataAccessCollections(scopes: readonly string[]): string[] {
  const ids = new Set<string>();
  const visit = (text: string) => {
    // A required scope may be Transfer's with the consent as a dependency:
    // `…:all[*https://auth.globus.org/scopes/{id}/data_access]`.
    for (const part of text.split(/[\s[\]]+/)) {
      const m = DATA_ACCESS.exec(part.replace(/^\*/, ""));
      if (m) ids.add(m[1]!.toLowerCase());
    }
  };
  for (const s of scopes) visit(s);
  return [...ids];
}

/**
 * Adds the fix to a Transfer `ConsentRequired` error; returns any other
 * error unchanged.
 *
 * @param err The error the request failed with.
 * @param app The app the client was built with (`{ app }`), if any.
 * @returns The same error object, its message extended when it applies.
 */
export function withConsentHint(
  err: unknown,
  app: object | undefined,
): unknown {
  const withApp = app !== undefined;
  // An app without a person to log in (a ClientApp: no loginFlowManager)
  // may hold tokens a run before got without the consent, and nothing
  // tells it so: only a forced login gets new ones.
  const login = app !== undefined && !("loginFlowManager" in app)
    ? "await app.login({ force: true })"
    : "await app.login()";
  if (!(err instanceof TransferAPIError) || err.httpStatus !== 403) {
    return err;
  }
  if (err.code !== "ConsentRequired") return withSessionHint(err, withApp);
  const scopes = err.info.consentRequired?.requiredScopes ?? [];
  if (scopes.length === 0) return err;
  const ids = dataAccessCollections(scopes);
  const old = err.message;
  let fix: string;
  if (withApp && ids.length > 0) {
    const arg = ids.length === 1 ? JSON.stringify(ids[0]) : JSON.stringify(ids);
    fix =
      `. To give it, add the scope to the app and log in again: tc.addAppDataAccessScope(${arg}), then ${login} (or build the app with config: { autoRedriveGares: true }, which does both when this error comes)`;
  } else if (withApp) {
    fix =
      `. To give it, log in again with the scopes in error.info.consentRequired.requiredScopes (${
        scopes.join(" ")
      }): app.addScopeRequirements({ "transfer.api.globus.org": error.info.consentRequired.requiredScopes }), then await app.login()`;
  } else {
    fix =
      `. To give it, log in again asking for the scopes in error.info.consentRequired.requiredScopes (${
        scopes.join(" ")
      }) and use the new Transfer token${
        ids.length > 0
          ? " (a UserApp does this with tc.addAppDataAccessScope(id))"
          : ""
      }`;
  }
  return replaceMessage(err, old, old + fix);
}

/** The session parameters of an error, as `oauth2GetAuthorizeUrl` options. */
function sessionOptions(err: TransferAPIError): string[] {
  const p = err.info.authorizationParameters;
  if (!p) return [];
  const out: string[] = [];
  const list = (name: string, v: string[] | null) => {
    if (v && v.length > 0) out.push(`${name}: ${JSON.stringify(v)}`);
  };
  list("sessionRequiredPolicies", p.sessionRequiredPolicies);
  list("sessionRequiredIdentities", p.sessionRequiredIdentities);
  list("sessionRequiredSingleDomain", p.sessionRequiredSingleDomain);
  if (p.sessionRequiredMfa) out.push("sessionRequiredMfa: true");
  return out;
}

function withSessionHint(err: TransferAPIError, withApp: boolean): unknown {
  const options = sessionOptions(err);
  if (options.length === 0) return err;
  const old = err.message;
  const fix = withApp
    ? `. To meet it, log in again with the error's parameters and repeat the call: await app.login({ authParams: toGare(error)!.authorizationParameters }) (or build the app with config: { autoRedriveGares: true }, which does both when this error comes)`
    : `. To meet it, log in again with these session parameters and use the new Transfer token: oauth2GetAuthorizeUrl({ ${
      options.join(", ")
    } }) (toGare(error)!.authorizationParameters holds them)`;
  return replaceMessage(err, old, old + fix);
}
