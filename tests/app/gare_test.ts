/**
 * `toGare` and friends, Python's `globus_sdk.gare`: the GARE shape, the
 * legacy shapes, API errors, and the cases of the Python docs'
 * coalesce_gares.py example.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  GARE,
  type GareInit,
  GlobusAuthorizationParameters,
  hasGares,
  isGare,
  toGare,
  toGares,
} from "../../src/app/gare.ts";
import { AuthAPIError, TransferAPIError } from "../../src/core/errors.ts";

test("toGare reads a GARE body; unknown fields go to extra", () => {
  const g = toGare({
    code: "ConsentRequired",
    authorization_parameters: { required_scopes: ["foo"], color: "blue" },
    request_id: "r1",
  });
  assert.ok(g instanceof GARE);
  assert.equal(g.code, "ConsentRequired");
  assert.deepEqual(g.authorizationParameters.requiredScopes, ["foo"]);
  assert.equal(g.authorizationParameters.sessionMessage, null);
  assert.deepEqual(g.authorizationParameters.extra, { color: "blue" });
  assert.deepEqual(g.extra, { request_id: "r1" });
  assert.deepEqual(g.toDict(), {
    code: "ConsentRequired",
    authorization_parameters: { required_scopes: ["foo"] },
  });
  assert.equal(
    String(g),
    'GARE("ConsentRequired", {"required_scopes":["foo"]})',
  );
});

test("toGare reads the legacy shapes as Python does", () => {
  // Transfer's AuthPolicyFailed: a comma-separated string of policies.
  const policy = toGare({
    code: "AuthPolicyFailed",
    authorization_parameters: {
      session_required_policies: "p1,p2",
      session_message: "Failing collection authentication policy",
    },
  });
  assert.equal(policy?.code, "AuthPolicyFailed");
  assert.deepEqual(policy?.authorizationParameters.sessionRequiredPolicies, [
    "p1",
    "p2",
  ]);
  // No code: AuthorizationRequired.
  assert.equal(
    toGare({ authorization_parameters: { session_required_mfa: true } })?.code,
    "AuthorizationRequired",
  );
  // Transfer's ConsentRequired with top-level required_scopes.
  const consent = toGare({
    code: "ConsentRequired",
    required_scopes: ["s1"],
    message: "Missing required data_access consent",
  });
  assert.deepEqual(consent?.authorizationParameters.requiredScopes, ["s1"]);
  assert.equal(
    consent?.authorizationParameters.sessionMessage,
    "Missing required data_access consent",
  );
  // A legacy action provider's single required_scope.
  const ap = toGare({
    code: "ConsentRequired",
    required_scope: "s2",
    description: "needs s2",
  });
  assert.deepEqual(ap?.authorizationParameters.requiredScopes, ["s2"]);
  assert.equal(ap?.authorizationParameters.sessionMessage, "needs s2");
  // Not GAREs.
  assert.equal(toGare({ code: "NotFound", message: "no" }), null);
  assert.equal(toGare({ code: "ConsentRequired" }), null);
  assert.equal(
    toGare({
      code: "X",
      authorization_parameters: {
        prompt: "none",
        session_required_policies: "a,b",
      },
    }),
    null,
  );
  assert.equal(isGare({ code: "NotFound" }), false);
});

test("toGare on an API error takes the first sub-error that is a GARE", () => {
  const transfer = new TransferAPIError({
    method: "GET",
    url: "https://transfer.api.globus.org/v0.10/operation/endpoint/x/ls",
    httpStatus: 403,
    rawJson: {
      code: "ConsentRequired",
      message: "Missing required data_access consent",
      required_scopes: ["https://auth.globus.org/scopes/x/data_access"],
      request_id: "abc",
    },
  });
  assert.deepEqual(toGare(transfer)?.authorizationParameters.requiredScopes, [
    "https://auth.globus.org/scopes/x/data_access",
  ]);
  const auth = new AuthAPIError({
    method: "GET",
    url: "https://auth.globus.org/v2/api/projects",
    httpStatus: 403,
    rawJson: {
      errors: [
        { code: "FORBIDDEN", id: "e1", detail: "no" },
        {
          code: "AuthorizationRequired",
          id: "e1",
          authorization_parameters: { session_required_identities: ["i1"] },
        },
      ],
    },
  });
  assert.deepEqual(
    toGare(auth)?.authorizationParameters.sessionRequiredIdentities,
    ["i1"],
  );
  assert.equal(toGares([auth, transfer, { code: "nope" }]).length, 2);
  assert.equal(hasGares([{ code: "nope" }]), false);
  assert.equal(hasGares([{ code: "nope" }, transfer]), true);
});

test("toGare on an API error reads the whole body first: a GARE beside an errors array", () => {
  const err = new AuthAPIError({
    method: "GET",
    url: "https://auth.globus.org/v2/api/projects",
    httpStatus: 403,
    rawJson: {
      code: "AuthorizationRequired",
      authorization_parameters: {
        session_message: "log in with the policy",
        session_required_policies: ["pol-1"],
      },
      errors: [{ code: "AuthenticationFailed", detail: "a policy is needed" }],
    },
  });
  const g = toGare(err);
  assert.equal(g?.code, "AuthorizationRequired");
  assert.deepEqual(g?.authorizationParameters.sessionRequiredPolicies, [
    "pol-1",
  ]);
  assert.equal(isGare(err), true);
  // The sub-error is none; the body, which has an errors array, is one.
  assert.equal(toGares([err]).length, 1);
});

test("toGare reads Globus Auth's dependent_consent_required (its unapproved_scopes)", () => {
  const body = {
    error: "dependent_consent_required",
    errors: [{
      status: "400",
      code: "DEPENDENT_CONSENT_REQUIRED",
      title: "Dependent consent required",
      detail: "The user has not consented to the dependent scopes",
      id: "abc",
      unapproved_scopes: ["urn:globus:auth:scope:transfer.api.globus.org:all"],
    }],
  };
  const err = new AuthAPIError({
    method: "POST",
    url: "https://auth.globus.org/v2/oauth2/token",
    httpStatus: 400,
    rawJson: body,
  });
  for (const g of [toGare(err), toGare(body), toGares([err])[0]]) {
    assert.equal(g?.code, "ConsentRequired");
    assert.deepEqual(g?.authorizationParameters.requiredScopes, [
      "urn:globus:auth:scope:transfer.api.globus.org:all",
    ]);
  }
  // Without sub-errors it is not that shape.
  assert.equal(
    isGare({ error: "dependent_consent_required", errors: [] }),
    false,
  );
});

test("GlobusAuthorizationParameters: set fields, wire form, wrong types refused", () => {
  const p = new GlobusAuthorizationParameters({ requiredScopes: ["a"] });
  p.prompt = "login";
  assert.deepEqual(p.toDict(), { required_scopes: ["a"], prompt: "login" });
  assert.throws(
    () =>
      new GlobusAuthorizationParameters({
        sessionRequiredPolicies: "p1" as unknown as string[],
      }),
    /sessionRequiredPolicies' must be a list of strings/,
  );
  assert.throws(
    () => new GARE("X", { session_required_mfa: "yes" }),
    /session_required_mfa' must be a bool/,
  );
});

// The Python docs' coalesce_gares.py, ported: merge GAREs whose only
// parameters are policies and scopes.
function coalesce(
  gares: GARE[],
  { sessionMessage, prompt }: { sessionMessage?: string; prompt?: string } = {},
): GARE[] {
  const safe = ["sessionRequiredPolicies", "requiredScopes"];
  if (sessionMessage !== undefined) safe.push("sessionMessage");
  if (prompt !== undefined) safe.push("prompt");
  const fields = [
    "sessionMessage",
    "sessionRequiredIdentities",
    "sessionRequiredPolicies",
    "sessionRequiredSingleDomain",
    "sessionRequiredMfa",
    "requiredScopes",
    "prompt",
  ] as const;
  const isCandidate = (g: GARE) =>
    fields.every((f) =>
      safe.includes(f) || g.authorizationParameters[f] === null
    );
  const candidates = gares.filter(isCandidate);
  const others = gares.filter((g) => !isCandidate(g));
  if (candidates.length === 0) return others;
  const concat = (vs: (string[] | null)[]) =>
    vs.every((v) => v === null) ? null : vs.flatMap((v) => v ?? []);
  const combined = new GARE(
    candidates.every((g) => g.code === "ConsentRequired")
      ? "ConsentRequired"
      : "AuthorizationRequired",
    new GlobusAuthorizationParameters({
      sessionRequiredPolicies: concat(
        candidates.map((g) =>
          g.authorizationParameters.sessionRequiredPolicies
        ),
      ),
      requiredScopes: concat(
        candidates.map((g) => g.authorizationParameters.requiredScopes),
      ),
    }),
  );
  if (sessionMessage !== undefined) {
    combined.authorizationParameters.sessionMessage = sessionMessage;
  }
  if (prompt !== undefined) combined.authorizationParameters.prompt = prompt;
  return [combined, ...others];
}

test("the Python docs' coalesce_gares.py cases, ported", () => {
  const g = (code: string, params: Record<string, unknown>) =>
    toGare({ code, authorization_parameters: params })!;
  const case1 = g("ConsentRequired", { required_scopes: ["foo"] });
  const case2 = g("ConsentRequired", { required_scopes: ["bar"] });
  const case3 = g("AuthorizationRequired", { required_scopes: ["baz"] });
  const case4 = g("AuthorizationRequired", {
    session_required_policies: ["p1", "p2"],
  });
  const case5 = g("AuthorizationRequired", {
    session_required_policies: ["p1", "p2"],
    session_required_mfa: true,
  });
  const case6 = g("AuthorizationRequired", {
    session_required_policies: ["p3"],
    session_message: "needs a policy",
  });
  const show = (gs: GARE[]) => gs.map(String);
  assert.deepEqual(show(coalesce([case1, case2])), [
    'GARE("ConsentRequired", {"required_scopes":["foo","bar"]})',
  ]);
  assert.deepEqual(show(coalesce([case1, case2, case3, case4])), [
    'GARE("AuthorizationRequired", {"session_required_policies":["p1","p2"],"required_scopes":["foo","bar","baz"]})',
  ]);
  assert.equal(coalesce([case1, case5]).length, 2);
  assert.equal(coalesce([case2, case6]).length, 2);
  assert.deepEqual(
    show(coalesce([case1, case6], { sessionMessage: "explicit message" })),
    [
      'GARE("AuthorizationRequired", {"session_message":"explicit message","session_required_policies":["p3"],"required_scopes":["foo"]})',
    ],
  );
});

test("new GARE({ code, authorizationParameters }): Python's GARE(code=…, authorization_parameters=…)", () => {
  const params = new GlobusAuthorizationParameters({ requiredScopes: ["foo"] });
  const g = new GARE({
    code: "ConsentRequired",
    authorizationParameters: params,
    extra: { request_id: "r1" },
  });
  assert.equal(g.code, "ConsentRequired");
  assert.equal(g.authorizationParameters, params);
  assert.deepEqual(g.toDict(true), {
    code: "ConsentRequired",
    authorization_parameters: { required_scopes: ["foo"] },
    request_id: "r1",
  });
  // the wire form of the parameters works too, as in the positional form
  const w = new GARE({
    code: "AuthorizationRequired",
    authorizationParameters: { session_required_policies: ["p"] },
  });
  assert.deepEqual(w.authorizationParameters.sessionRequiredPolicies, ["p"]);
  assert.throws(
    () =>
      new GARE(
        { code: "X", authorization_parameters: {} } as unknown as GareInit,
      ),
    /unknown field 'authorization_parameters' \(camelCase here: authorizationParameters\)/,
  );
});

test("Python's field names on a GARE and its parameters throw naming ours, read or set", () => {
  const g = toGare({
    code: "ConsentRequired",
    authorization_parameters: {
      required_scopes: ["foo"],
      session_message: "m",
    },
  })!;
  const p = g.authorizationParameters as unknown as Record<string, unknown>;
  // getattr(params, "session_message") read undefined: an unset field to a
  // ported coalesce's "is it set?" check
  assert.throws(
    () => p["session_message"],
    /has no session_message: .*Python's session_message is sessionMessage \(params\.sessionMessage/,
  );
  assert.throws(() => p["required_scopes"], /requiredScopes/);
  assert.throws(() => {
    p["session_required_mfa"] = true;
  }, /sessionRequiredMfa/);
  assert.equal(g.authorizationParameters.sessionRequiredMfa, null);
  assert.throws(
    () => (g as unknown as Record<string, unknown>)["authorization_parameters"],
    /GARE has no authorization_parameters: .*gare\.authorizationParameters/,
  );
  // the camelCase names, and other misses, are as before
  assert.equal(p["sessionMessage"], "m");
  assert.equal(p["prompt"], null);
  assert.equal(p["somethingElse"], undefined);
});

test("a GARE object given where an error or body goes is none (false, null), as Python's is_gare(gare); it threw its own camelCase hint for authorization_parameters", () => {
  const gare = new GARE("ConsentRequired", { required_scopes: ["s"] });
  assert.equal(isGare(gare as never), false);
  assert.equal(toGare(gare as never), null);
  assert.equal(isGare(gare.authorizationParameters as never), false);
  assert.deepEqual(toGares([gare as never]), []);
  assert.equal(hasGares([gare as never]), false);
});

test("GlobusAuthorizationParameters.fromDict takes built parameters, err.info's and camelCase fields (it threw naming session_message, or gave empty parameters)", () => {
  const built = new GlobusAuthorizationParameters({
    sessionMessage: "again",
    requiredScopes: ["s1"],
    extra: { custom: 1 },
  });
  const copy = GlobusAuthorizationParameters.fromDict(built);
  assert.notEqual(copy, built);
  assert.deepEqual(copy.toDict(true), {
    custom: 1,
    session_message: "again",
    required_scopes: ["s1"],
  });
  copy.requiredScopes!.push("s2");
  assert.deepEqual(built.requiredScopes, ["s1"]);
  // camelCase fields, as the constructor takes them
  const camel = GlobusAuthorizationParameters.fromDict({
    sessionRequiredPolicies: ["p1"],
    sessionRequiredMfa: true,
    prompt: "login",
  });
  assert.deepEqual(camel.toDict(true), {
    session_required_policies: ["p1"],
    session_required_mfa: true,
    prompt: "login",
  });
  assert.deepEqual(camel.extra, {});
  // an error's info (frozen, throwing for Python's names)
  const err = new TransferAPIError({
    httpStatus: 403,
    method: "GET",
    url: "https://transfer.api.globus.org/v0.10/x",
    rawJson: {
      code: "AuthorizationRequired",
      authorization_parameters: {
        session_message: "need mfa",
        session_required_mfa: true,
      },
    },
  });
  const fromInfo = GlobusAuthorizationParameters.fromDict(
    err.info.authorizationParameters as unknown as Record<string, unknown>,
  );
  assert.equal(fromInfo.sessionMessage, "need mfa");
  assert.equal(fromInfo.sessionRequiredMfa, true);
  assert.deepEqual(fromInfo.extra, {});
  // wire names as before; unknown ones to extra
  assert.deepEqual(
    GlobusAuthorizationParameters.fromDict({ session_message: "m", x: 1 })
      .toDict(true),
    { x: 1, session_message: "m" },
  );
  // both spellings of one field, or no object at all: says so
  assert.throws(
    () =>
      GlobusAuthorizationParameters.fromDict({
        session_message: "a",
        sessionMessage: "b",
      }),
    /^TypeError: GlobusAuthorizationParameters\.fromDict\(\): both 'session_message' and 'sessionMessage' given; keep one$/,
  );
  assert.throws(
    () => GlobusAuthorizationParameters.fromDict(null as never),
    /^TypeError: GlobusAuthorizationParameters\.fromDict\(\) takes an object of the fields .*got null$/,
  );
  // a GARE too, and a body in camelCase; an error names toGare
  const gare = new GARE("ConsentRequired", built);
  const gCopy = GARE.fromDict(gare);
  assert.notEqual(gCopy, gare);
  assert.equal(String(gCopy), String(gare));
  assert.equal(
    GARE.fromDict({
      code: "ConsentRequired",
      authorizationParameters: { requiredScopes: ["s3"] },
    }).authorizationParameters.requiredScopes?.[0],
    "s3",
  );
  assert.throws(
    () => GARE.fromDict(err as never),
    /^TypeError: GARE\.fromDict\(\) reads a GARE's body, not an error: toGare\(err\)/,
  );
  // toGare still reads wire names only, as Python's is_gare
  assert.equal(
    toGare({ code: "X", authorizationParameters: { requiredScopes: ["s"] } }),
    null,
  );
});

test("new GlobusAuthorizationParameters({ session_message }) (Python's keyword names) and misspelt fields throw naming the field (they were dropped: empty parameters)", () => {
  assert.throws(
    () =>
      new GlobusAuthorizationParameters(
        { session_required_mfa: true } as never,
      ),
    /^TypeError: GlobusAuthorizationParameters: unknown field 'session_required_mfa': the fields are camelCase here, so Python's session_required_mfa is sessionRequiredMfa/,
  );
  assert.throws(
    () => new GlobusAuthorizationParameters({ requiredScope: ["s"] } as never),
    /^TypeError: GlobusAuthorizationParameters: unknown field 'requiredScope' \(the fields: sessionMessage, .*requiredScopes, prompt, extra; a field of your own goes in extra: \{ requiredScope: … \}\)$/,
  );
  // a built one, or err.info's, is taken as it is
  const p = new GlobusAuthorizationParameters({ prompt: "login" });
  assert.equal(new GlobusAuthorizationParameters(p).prompt, "login");
});
