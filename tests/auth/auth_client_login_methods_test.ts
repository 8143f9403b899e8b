/**
 * A login client's method read on an `AuthClient` (Python 3's AuthClient
 * had several; a port easily takes one client for the other) names the
 * client that has it, where it said only "is not a function".
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { AuthClient } from "../../src/auth/auth_client.ts";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { RefreshTokenAuthorizer } from "../../src/authorizers/refresh_token.ts";
import { ClientCredentialsAuthorizer } from "../../src/authorizers/client_credentials.ts";
import { messageOf, untyped } from "../_helpers/argument_errors.ts";

const auth = () =>
  new AuthClient({
    authorizer: new AccessTokenAuthorizer("TOKEN"),
    baseUrl: "https://auth.example.org/",
  });

test("ac.oauth2_token_introspect(t), ac.oauth2_start_flow(…), ac.oauth2_validate_token(t) name the login client that has the method", () => {
  const ac = untyped(auth());
  assert.equal(
    messageOf(() => ac.oauth2_token_introspect),
    "AuthClient has no oauth2_token_introspect: oauth2TokenIntrospect is a login client's method (an AuthClient calls the Auth API with a user's or app's token): new ConfidentialAppAuthClient(clientId, clientSecret).oauth2TokenIntrospect(token)",
  );
  assert.equal(
    messageOf(() => ac.oauth2GetDependentTokens),
    "AuthClient has no oauth2GetDependentTokens: oauth2GetDependentTokens is a login client's method (an AuthClient calls the Auth API with a user's or app's token): new ConfidentialAppAuthClient(clientId, clientSecret).oauth2GetDependentTokens(token)",
  );
  assert.equal(
    messageOf(() => ac.oauth2_start_flow),
    "AuthClient has no oauth2_start_flow: oauth2StartFlow is a login client's method (an AuthClient calls the Auth API with a user's or app's token): new NativeAppAuthClient(clientId).oauth2StartFlow({ requestedScopes }) (a ConfidentialAppAuthClient has it too)",
  );
  assert.match(
    messageOf(() => ac.oauth2_validate_token),
    /^AuthClient has no oauth2_validate_token: oauth2TokenIntrospect is a login client's method .*new ConfidentialAppAuthClient\(clientId, clientSecret\)\.oauth2TokenIntrospect\(token\)$/,
  );
  assert.match(
    messageOf(() => ac.create_native_app_instance),
    /new NativeAppAuthClient\(clientId\)\.createNativeAppInstance\(templateId, name\)$/,
  );
  // Python 3's oauth2_userinfo keeps its own hint; other misses read undefined.
  assert.match(messageOf(() => ac.oauth2_userinfo), /is userinfo/);
  assert.equal(ac.somethingElse, undefined);
  assert.equal(typeof ac.userinfo, "function");
});

test("an AuthClient given to RefreshTokenAuthorizer or ClientCredentialsAuthorizer still gets their own messages", () => {
  assert.match(
    messageOf(() => new RefreshTokenAuthorizer("RT", untyped(auth()))),
    /^Cannot create a RefreshTokenAuthorizer as 'authClient' \(the second argument\) has no oauth2RefreshToken\(\) method/,
  );
  assert.equal(
    messageOf(() => new ClientCredentialsAuthorizer(untyped(auth()), "openid")),
    "Cannot create a ClientCredentialsAuthorizer as 'confidentialClient' has no oauth2ClientCredentialsTokens() method",
  );
});
