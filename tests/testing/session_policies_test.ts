/**
 * The emulator's authentication policies: a collection that requires a
 * recent login or a domain answers Transfer calls with Globus's
 * `AuthPolicyFailed` GARE until a login meets the policy; logins that
 * cannot meet it are refused with a clear page.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NativeAppAuthClient } from "../../src/auth/native_client.ts";
import { AuthClient } from "../../src/auth/auth_client.ts";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import type { AuthorizeUrlOptions } from "../../src/auth/flow.ts";
import { startEmulator } from "../../src/testing/emulator.ts";

const TRANSFER_SCOPE = "urn:globus:auth:scope:transfer.api.globus.org:all";
const TRANSFER_RS = "transfer.api.globus.org";
const MANAGE_PROJECTS = "urn:globus:auth:scope:auth.globus.org:manage_projects";

type Emu = Awaited<ReturnType<typeof startEmulator>>;

/** A mutable emulator clock (ms). */
function testClock(start = 1_800_000_000_000) {
  let now = start;
  return {
    now: () => now,
    advanceS(s: number) {
      now += s * 1000;
    },
  };
}

/** Logs in through the authorize URL (with session parameters) and the code exchange. */
async function login(
  emu: Emu,
  params: AuthorizeUrlOptions = {},
  as?: string,
): Promise<{ access: string; refresh: string; client: NativeAppAuthClient }> {
  const client = new NativeAppAuthClient(emu.nativeClientId, {
    baseUrl: emu.authUrl,
  });
  client.oauth2StartFlow({
    requestedScopes: TRANSFER_SCOPE,
    refreshTokens: true,
  });
  const url = client.oauth2GetAuthorizeUrl(params);
  const code = await emu.approve(url, as === undefined ? {} : { as });
  const tokens = await client.oauth2ExchangeCodeForTokens(code);
  const t = tokens.byResourceServer[TRANSFER_RS];
  assert.ok(t?.access_token && t.refresh_token);
  return { access: t.access_token, refresh: t.refresh_token, client };
}

async function ls(
  emu: Emu,
  token: string,
  collection: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(
    `${emu.transferUrl}v0.10/operation/endpoint/${collection}/ls?path=/`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  return { status: res.status, body: await res.json() };
}

function assertPolicyFailed(
  r: { status: number; body: Record<string, unknown> },
  policyId: string,
): void {
  assert.equal(r.status, 403);
  assert.equal(r.body.code, "AuthPolicyFailed");
  assert.equal(r.body.message, "Failing collection authentication policy");
  assert.equal(typeof r.body.request_id, "string");
  assert.deepEqual(r.body.authorization_parameters, {
    session_message: "Failing collection authentication policy",
    session_required_policies: policyId,
  });
}

test("a recent-login policy: a fresh login lists; once the login is older than the timeout ls, stat and submits get 403 AuthPolicyFailed (a refresh does not help); a new login with session_required_policies meets it", async () => {
  const clock = testClock();
  const emu = await startEmulator({ clock });
  try {
    const c = emu.collections.tutorial1;
    const policy = emu.setCollectionPolicy(c, {
      display_name: "Recent login",
      high_assurance: true,
      authentication_assurance_timeout: 600,
    });
    assert.ok(policy);
    const first = await login(emu);
    assert.equal((await ls(emu, first.access, c)).status, 200);
    // The other collection has no policy.
    const other = emu.collections.tutorial2;

    clock.advanceS(601);
    assertPolicyFailed(await ls(emu, first.access, c), policy);
    assert.equal((await ls(emu, first.access, other)).status, 200);
    const stat = await fetch(
      `${emu.transferUrl}v0.10/operation/endpoint/${c}/stat?path=/share/`,
      { headers: { authorization: `Bearer ${first.access}` } },
    );
    assert.equal(stat.status, 403);
    assert.equal((await stat.json()).code, "AuthPolicyFailed");
    const submit = await fetch(`${emu.transferUrl}v0.10/transfer`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${first.access}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({
        DATA_TYPE: "transfer",
        submission_id: crypto.randomUUID(),
        source_endpoint: other,
        destination_endpoint: c,
        DATA: [{
          DATA_TYPE: "transfer_item",
          source_path: "/share/godata/file1.txt",
          destination_path: "/~/file1.txt",
        }],
      }),
    });
    assert.equal(submit.status, 403);
    assert.equal((await submit.json()).code, "AuthPolicyFailed");

    // A refresh keeps the old login's time.
    const refreshed = await first.client.oauth2RefreshToken(first.refresh);
    const again = refreshed.byResourceServer[TRANSFER_RS]?.access_token;
    assert.ok(again);
    assertPolicyFailed(await ls(emu, again, c), policy);

    // Logging in again, as the GARE asks, meets it.
    const second = await login(emu, { sessionRequiredPolicies: [policy] });
    assert.equal((await ls(emu, second.access, c)).status, 200);
    const last = emu.authorizations.at(-1);
    assert.equal(last?.session.session_required_policies, policy);

    // Its refreshes are fine until that login is too old as well.
    const r2 = await second.client.oauth2RefreshToken(second.refresh);
    const t2 = r2.byResourceServer[TRANSFER_RS]?.access_token as string;
    assert.equal((await ls(emu, t2, c)).status, 200);
    clock.advanceS(601);
    assertPolicyFailed(await ls(emu, t2, c), policy);

    // Removing the policy lifts the requirement.
    assert.equal(emu.setCollectionPolicy(c, null), null);
    assert.equal((await ls(emu, t2, c)).status, 200);
  } finally {
    await emu.close();
  }
});

test("a domain policy: users from other domains are refused at login with a clear message, the consent page refuses them with a 403 page, a user from the domain gets in", async () => {
  const emu = await startEmulator({
    users: [{ username: "carol@example.org", name: "Carol" }],
  });
  try {
    const c = emu.collections.tutorial2;
    const policy = emu.setCollectionPolicy(c, {
      display_name: "example.org only",
      domain_constraints_include: ["example.org"],
    }) as string;

    // demo@globus-emulator.org: refused by Transfer, then at the login.
    const demo = await login(emu);
    assertPolicyFailed(await ls(emu, demo.access, c), policy);
    const client = new NativeAppAuthClient(emu.nativeClientId, {
      baseUrl: emu.authUrl,
    });
    client.oauth2StartFlow({ requestedScopes: TRANSFER_SCOPE });
    const url = client.oauth2GetAuthorizeUrl({
      sessionRequiredPolicies: policy,
    });
    for (const as of [undefined, "alice"]) {
      await assert.rejects(
        () => emu.approve(url, as === undefined ? {} : { as }),
        (e: unknown) => {
          assert.ok(e instanceof Error);
          assert.match(
            e.message,
            /authentication policy 'example\.org only' \([0-9a-f-]+\) needs an identity from example\.org, but (demo|alice)@globus-emulator\.org is from globus-emulator\.org/,
          );
          return true;
        },
      );
    }

    // The consent page: Allow as alice is answered with a 403 page.
    const page = await (await fetch(url)).text();
    const requestId = page.match(/name="request_id" value="([^"]+)"/)?.[1];
    assert.ok(requestId, "the consent page carries its request id");
    const decided = await fetch(`${emu.authUrl}v2/oauth2/authorize`, {
      method: "POST",
      body: new URLSearchParams({
        request_id: requestId,
        decision: "allow",
        identity: "alice",
      }),
      redirect: "manual",
    });
    assert.equal(decided.status, 403);
    assert.match(await decided.text(), /Policy not met[\s\S]*example\.org/);

    // carol@example.org meets it, with or without session_required_policies.
    const carol = await login(
      emu,
      { sessionRequiredPolicies: policy },
      "carol",
    );
    assert.equal((await ls(emu, carol.access, c)).status, 200);
    const carol2 = await login(emu, {}, "carol");
    assert.equal((await ls(emu, carol2.access, c)).status, 200);

    // session_required_single_domain is honoured at the login too.
    const single = new NativeAppAuthClient(emu.nativeClientId, {
      baseUrl: emu.authUrl,
    });
    single.oauth2StartFlow({ requestedScopes: TRANSFER_SCOPE });
    await assert.rejects(
      () =>
        emu.approve(
          single.oauth2GetAuthorizeUrl({
            sessionRequiredSingleDomain: ["example.org"],
          }),
        ),
      /needs an identity from example\.org \(session_required_single_domain\), but demo@globus-emulator\.org is from globus-emulator\.org/,
    );

    // An excluding policy refuses the whole domain.
    emu.setCollectionPolicy(c, {
      display_name: "no emulator ids",
      domain_constraints_exclude: ["*.org"],
    });
    const r = await ls(emu, carol.access, c);
    assert.equal(r.status, 403);
    assert.equal(r.body.code, "AuthPolicyFailed");
  } finally {
    await emu.close();
  }
});

test("policies made with the developer API attach by id (through the worker thread and POST /_emulator/collection_policy); guest collections inherit their host's; bad input is named", async () => {
  const emu = await startEmulator();
  try {
    const tokens = await emu.mintTokens(`openid ${MANAGE_PROJECTS}`);
    const auth = new AuthClient({
      authorizer: new AccessTokenAuthorizer(tokens.access_token),
      baseUrl: emu.authUrl,
      retry: false,
    });
    const projectId = (await auth.createProject("Policies", "p@example.org", {
      adminIds: [emu.user.id],
    })).project.id;
    const policyId = (await auth.createPolicy({
      projectId,
      displayName: "Recent",
      description: "A login in the last minute",
      authenticationAssuranceTimeout: 60,
      highAssurance: true,
    })).policy.id;

    const c = emu.collections.mapped;
    assert.equal(emu.setCollectionPolicy(c, policyId), policyId);
    const doc = await (await fetch(`${emu.transferUrl}v0.10/endpoint/${c}`, {
      headers: {
        authorization: `Bearer ${
          (await emu.mintTokens(TRANSFER_SCOPE)).access_token
        }`,
      },
    })).json();
    assert.equal(doc.authentication_policy_id, policyId);

    // The control route, for drivers in another process.
    const post = (body: unknown) =>
      fetch(`${emu.url}/_emulator/collection_policy`, {
        method: "POST",
        body: JSON.stringify(body),
      });
    const made = await post({
      collection_id: emu.collections.tutorial1,
      policy: { domain_constraints_include: ["example.org"] },
    });
    assert.equal(made.status, 200);
    const madeBody = await made.json();
    assert.match(madeBody.policy_id, /^[0-9a-f-]{36}$/);
    const mine = await login(emu);
    assertPolicyFailed(
      await ls(emu, mine.access, emu.collections.tutorial1),
      madeBody.policy_id,
    );
    const cleared = await post({
      collection_id: emu.collections.tutorial1,
      policy_id: null,
    });
    assert.deepEqual(await cleared.json(), {
      collection_id: emu.collections.tutorial1,
      policy_id: null,
    });
    assert.equal(
      (await ls(emu, mine.access, emu.collections.tutorial1)).status,
      200,
    );

    const unknownCollection = await post({
      collection_id: "nope",
      policy_id: policyId,
    });
    assert.equal(unknownCollection.status, 400);
    assert.match(
      (await unknownCollection.json()).error_description,
      /no such collection/,
    );
    assert.throws(
      () => emu.setCollectionPolicy(emu.collections.tutorial1, "0000"),
      /no policy '0000' \(make one with AuthClient\.createPolicy/,
    );
    assert.throws(
      () =>
        emu.setCollectionPolicy(emu.collections.tutorial1, {
          authentication_assurance_timeout: -5,
        }),
      /'authentication_assurance_timeout' must be a whole number of seconds/,
    );

    // A guest collection on the mapped collection inherits its policy.
    const consented = await emu.mintTokens(
      `${TRANSFER_SCOPE}[*https://auth.globus.org/scopes/${c}/data_access]`,
    );
    const headers = {
      authorization: `Bearer ${consented.access_token}`,
      "content-type": "application/json",
    };
    await fetch(`${emu.transferUrl}v0.10/operation/endpoint/${c}/mkdir`, {
      method: "POST",
      headers,
      body: JSON.stringify({ DATA_TYPE: "mkdir", path: "/~/shared/" }),
    });
    const guest = await fetch(`${emu.transferUrl}v0.10/shared_endpoint`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        DATA_TYPE: "shared_endpoint",
        display_name: "Guest",
        host_endpoint: c,
        host_path: "/~/shared/",
      }),
    });
    const guestBody = await guest.json();
    assert.equal(guest.status, 201, JSON.stringify(guestBody));
    const guestId = guestBody.id as string;
    // A minted token counts as a login when it was issued: within the minute.
    assert.equal((await ls(emu, consented.access_token, guestId)).status, 200);
    // The host's new policy applies to the guest collection.
    const hostPolicy = emu.setCollectionPolicy(c, {
      domain_constraints_include: ["example.org"],
    }) as string;
    assertPolicyFailed(
      await ls(emu, consented.access_token, guestId),
      hostPolicy,
    );
  } finally {
    await emu.close();
  }
});

test("session_required_identities: a login as another emulator user is refused (it issued the other user's tokens); the named user, or an id no emulator user has, logs in", async () => {
  const emu = await startEmulator({ inProcess: true });
  try {
    const alice = emu.users.find((u) => u.username.startsWith("alice@"));
    assert.ok(alice);
    // The approve() helper and the consent page both refuse demo.
    await assert.rejects(
      login(emu, { sessionRequiredIdentities: alice.id }, "demo"),
      /This login needs alice@globus-emulator\.org \(session_required_identities\), but demo@globus-emulator\.org was chosen\. Log in as alice@globus-emulator\.org\./,
    );
    const client = new NativeAppAuthClient(emu.nativeClientId, {
      baseUrl: emu.authUrl,
    });
    client.oauth2StartFlow({ requestedScopes: TRANSFER_SCOPE });
    const url = client.oauth2GetAuthorizeUrl({
      sessionRequiredIdentities: [alice.id],
    });
    const page = await (await fetch(url)).text();
    const requestId = page.match(/name="request_id" value="([^"]+)"/)?.[1];
    assert.ok(requestId);
    const decided = await fetch(`${emu.authUrl}v2/oauth2/authorize`, {
      method: "POST",
      body: new URLSearchParams({
        request_id: requestId,
        decision: "allow",
        identity: "demo",
      }),
      redirect: "manual",
    });
    assert.equal(decided.status, 403);
    assert.match(await decided.text(), /Another identity is required/);
    // Alice herself, by default (the page preselects her) or by name.
    await login(emu, { sessionRequiredIdentities: alice.id });
    await login(emu, { sessionRequiredIdentities: alice.id }, "alice");
    // An identity no emulator user has cannot be logged in as here: not
    // checked, as before.
    await login(emu, {
      sessionRequiredIdentities: "00000000-0000-4000-8000-0000000000aa",
    });
  } finally {
    await emu.close();
  }
});
