/**
 * The base of the Transfer emulator's {@linkcode TransferService}: its
 * state, bearer-token authentication, the collection, consent and policy
 * checks and task ownership; plus the error type and the parameter checks
 * every area uses.
 *
 * @module
 */
import type { AuthStore, TokenRecord } from "./auth_store.ts";
import type { Collection } from "./collections.ts";
import {
  bearerToken,
  type EmulatorRequest,
  header,
  pathSegmentText,
} from "./http.ts";
import { dataAccessScope, TRANSFER_RS, TRANSFER_SCOPE } from "./scopes.ts";
import {
  collectionPolicyError,
  type PolicyLookup,
} from "./session_policies.ts";
import { TransferSharing } from "./transfer_sharing.ts";
import { Task, type TaskEngine, type TaskOwner } from "./tasks.ts";

/** A Transfer API error, answered with `{code, message, request_id, resource}`. */
export class TransferError extends Error {
  /**
   * Creates an instance.
   *
   * @param status HTTP status.
   * @param code Transfer error code.
   * @param message Message.
   * @param extra Extra body fields.
   */
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/**
 * Transfer's 404 for a task id it does not know, as the real service
 * answers it: `ClientError.NotFound`, "No task found with id '…'" (a
 * recorded Globus answer; the emulator said `TaskNotFound`).
 */
export const taskNotFound = (id: string): TransferError =>
  new TransferError(
    404,
    "ClientError.NotFound",
    `No task found with id '${pathSegmentText(id)}'`,
  );

export const bad = (
  message: string,
  code = "ClientError.BadRequest",
): TransferError => new TransferError(400, code, message);

export function intParam(
  q: URLSearchParams,
  name: string,
  def: number,
  min: number,
  max: number,
): number {
  const raw = q.get(name);
  if (raw === null || raw === "") return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw bad(
      `Invalid '${name}' value '${raw}': must be an integer from ${min} to ${max}`,
    );
  }
  return n;
}

export function boolValue(v: unknown, name: string, def: boolean): boolean {
  if (v === undefined || v === null) return def;
  if (typeof v === "boolean") return v;
  throw bad(`'${name}' must be a boolean`);
}

export function strValue(v: unknown, name: string): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === "string") return v;
  throw bad(`'${name}' must be a string`);
}

export type Item = Record<string, unknown>;

/** The state and checks every area of the Transfer emulator shares. */
export class TransferServiceCore {
  /** Guest collections, access rules and roles (`transfer_sharing.ts`). */
  readonly sharing: TransferSharing;
  /**
   * Finds Auth policies, for collections with an `authentication_policy_id`
   * (session_policies.ts); none by default.
   */
  policyLookup: PolicyLookup = () => undefined;
  /**
   * Creates an instance.
   *
   * @param auth The Auth state (tokens, identities).
   * @param collections Served collections by id.
   * @param tasks The task engine.
   */
  constructor(
    readonly auth: AuthStore,
    readonly collections: Map<string, Collection>,
    readonly tasks: TaskEngine,
  ) {
    this.sharing = new TransferSharing(
      auth,
      collections,
      (c, token) => this.requireConsent(c, token),
    );
    // Tasks ask the access rules again at each path (a rule deleted after
    // submission refuses the task's later paths).
    tasks.accessDenial = (c, owner, virtual, need) =>
      this.sharing.accessDenial(c, owner, virtual, need);
  }

  protected authenticate(
    req: EmulatorRequest,
  ): { token: TokenRecord; owner: TaskOwner } {
    const t = bearerToken(req);
    if (t === null) {
      throw new TransferError(
        401,
        "AuthenticationFailed",
        header(req, "authorization") === undefined
          ? "No Authorization header"
          : "The Authorization header is not 'Bearer <access token>'",
      );
    }
    const rec = this.auth.tokens.get(t);
    if (!rec || rec.kind !== "access") {
      throw new TransferError(
        401,
        "AuthenticationFailed",
        "Token is not valid",
      );
    }
    if (rec.revoked) {
      throw new TransferError(
        401,
        "AuthenticationFailed",
        "Token has been revoked",
      );
    }
    if (rec.expiresAt <= this.auth.nowS()) {
      throw new TransferError(401, "AuthenticationFailed", "Token is expired");
    }
    if (rec.resourceServer !== TRANSFER_RS) {
      throw new TransferError(
        401,
        "AuthenticationFailed",
        `Token is for resource server '${rec.resourceServer}', not '${TRANSFER_RS}'`,
      );
    }
    const who = this.auth.identities.get(rec.identityId);
    return {
      token: rec,
      owner: { id: rec.identityId, username: who?.username ?? rec.identityId },
    };
  }

  protected collection(id: string): Collection {
    const c = this.collections.get(id);
    if (!c) {
      throw new TransferError(
        404,
        "EndpointNotFound",
        `No such endpoint '${pathSegmentText(id)}'`,
      );
    }
    return c;
  }

  /**
   * Throws Globus's 403 `ConsentRequired` when the collection needs a
   * data_access consent that neither the token carries nor the user gave
   * the token's client (consents outlive tokens), then checks the
   * collection's authentication policy.
   */
  protected requireConsent(c: Collection, token: TokenRecord): void {
    if (
      c.requiresDataAccessConsent && !token.consents.includes(c.id) &&
      !this.auth.hasDependentConsent(
        token.identityId,
        token.clientId,
        TRANSFER_SCOPE,
        dataAccessScope(c.id),
      )
    ) {
      const scope = `${TRANSFER_SCOPE}[*${dataAccessScope(c.id)}]`;
      throw new TransferError(
        403,
        "ConsentRequired",
        `Missing required data_access consent for collection ${c.id} (${c.displayName})`,
        {
          required_scopes: [scope],
          authorization_parameters: {
            session_message:
              `The collection '${c.displayName}' requires a data_access consent.`,
            required_scopes: [scope],
          },
        },
      );
    }
    // Then the collection's authentication policy (session_policies.ts).
    const policy = collectionPolicyError(
      c,
      token,
      this.auth,
      this.collections,
      this.policyLookup,
    );
    if (policy) {
      throw new TransferError(
        403,
        "AuthPolicyFailed",
        policy.message,
        policy.extra,
      );
    }
  }

  protected task(id: string, owner: TaskOwner) {
    const t = this.tasks.get(id);
    if (!t) {
      throw taskNotFound(id);
    }
    const ownerId = t instanceof Task ? t.owner.id : t.range.owner.id;
    if (ownerId !== owner.id) {
      throw new TransferError(
        403,
        "PermissionDenied",
        `You do not own task ${id}`,
      );
    }
    return t;
  }
}
