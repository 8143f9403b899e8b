/**
 * The Transfer emulator's task submission: `POST transfer` and
 * `POST delete` documents checked as the real service does, then handed to
 * the task engine.
 *
 * @module
 */
import { randomUUID } from "node:crypto";
import type { TokenRecord } from "./auth_store.ts";
import {
  type EmulatorRequest,
  type EmulatorResponse,
  jsonBody,
  jsonResponse,
  requestId,
} from "./http.ts";
import { homeOf, resolvePath } from "./paths.ts";
import type { FilterRule, TaskOwner, TransferItem } from "./tasks.ts";
import { bad, boolValue, strValue } from "./transfer_service_core.ts";
import { TransferOperations } from "./transfer_operations.ts";
import { CHECKSUM_NAMES, knownChecksum } from "./_checksums.ts";

/** Transfer and delete submission. Part of {@linkcode TransferService}. */
export class TransferSubmission extends TransferOperations {
  #submitResult(
    kind: "transfer" | "delete",
    taskId: string,
    submissionId: string,
    resource: string,
    duplicate: boolean,
  ): EmulatorResponse {
    return jsonResponse(duplicate ? 200 : 202, {
      DATA_TYPE: `${kind}_result`,
      code: duplicate ? "Duplicate" : "Accepted",
      message: duplicate
        ? `A ${kind} with submission_id ${submissionId} was already submitted`
        : `The ${kind} has been accepted and a task has been created and queued for execution`,
      request_id: requestId(),
      resource,
      submission_id: submissionId,
      task_id: taskId,
      task_link: {
        DATA_TYPE: "link",
        href: `/v0.10/task/${taskId}?format=json`,
        rel: "related",
        resource: "task",
        title: "related task",
      },
    });
  }

  /**
   * The parts of a transfer or delete submission both share, and the
   * `Duplicate` answer when its `submission_id` was already submitted.
   */
  #common(req: EmulatorRequest, kind: "transfer" | "delete", resource: string) {
    const json = jsonBody(req);
    if (!json || typeof json !== "object" || Array.isArray(json)) {
      throw bad("The request body must be a JSON object");
    }
    const body = json as Record<string, unknown>;
    const dt = body.DATA_TYPE;
    if (dt !== undefined && dt !== kind) {
      throw bad(`DATA_TYPE must be '${kind}', not '${String(dt)}'`);
    }
    const submissionId = strValue(body.submission_id, "submission_id") ??
      randomUUID();
    const label = strValue(body.label, "label");
    const deadlineRaw = strValue(body.deadline, "deadline");
    let deadline = this.auth.clock.now() + 86400000;
    if (deadlineRaw !== null) {
      const d = Date.parse(deadlineRaw);
      if (Number.isNaN(d)) throw bad(`Invalid deadline '${deadlineRaw}'`);
      deadline = d;
    }
    const data = body.DATA;
    if (data !== undefined && !Array.isArray(data)) {
      throw bad("'DATA' must be a list");
    }
    const existing = this.tasks.bySubmission(submissionId);
    return {
      duplicate: existing
        ? this.#submitResult(kind, existing, submissionId, resource, true)
        : null,
      b: body,
      submissionId,
      label,
      deadline,
      data: (data ?? []) as unknown[],
    };
  }

  protected submitTransfer(
    req: EmulatorRequest,
    token: TokenRecord,
    owner: TaskOwner,
    resource: string,
  ): EmulatorResponse {
    const { duplicate, b, submissionId, label, deadline, data } = this
      .#common(req, "transfer", resource);
    if (duplicate) return duplicate;
    const source = this.collection(
      strValue(b.source_endpoint, "source_endpoint") ?? "",
    );
    const destination = this.collection(
      strValue(b.destination_endpoint, "destination_endpoint") ?? "",
    );
    this.requireConsent(source, token);
    this.requireConsent(destination, token);
    if (data.length === 0) {
      throw bad(
        "A transfer requires at least one item",
        "ClientError.BadRequest.NoTransferItems",
      );
    }
    const home = homeOf(owner.username);
    const items: TransferItem[] = data.map((raw, i) => {
      if (!raw || typeof raw !== "object") {
        throw bad(`DATA[${i}] must be an object`);
      }
      const it = raw as Record<string, unknown>;
      if (it.DATA_TYPE !== undefined && it.DATA_TYPE !== "transfer_item") {
        throw bad(`DATA[${i}].DATA_TYPE must be 'transfer_item'`);
      }
      const s = strValue(it.source_path, "source_path");
      const d = strValue(it.destination_path, "destination_path");
      if (!s || !d) {
        throw bad(`DATA[${i}] needs source_path and destination_path`);
      }
      const sv = resolvePath(source, home, s).virtual;
      const dv = resolvePath(destination, home, d).virtual;
      this.sharing.checkAccess(source, owner, sv, "r", s);
      this.sharing.checkAccess(destination, owner, dv, "rw", d);
      const algorithm = strValue(it.checksum_algorithm, "checksum_algorithm");
      if (algorithm && !knownChecksum(algorithm)) {
        throw bad(
          `DATA[${i}].checksum_algorithm '${algorithm}' is not supported: use one of ${CHECKSUM_NAMES}`,
        );
      }
      return {
        source_path: s,
        destination_path: d,
        recursive: boolValue(it.recursive, "recursive", false),
        external_checksum: strValue(it.external_checksum, "external_checksum"),
        checksum_algorithm: algorithm,
      };
    });
    let syncLevel: number | null = null;
    const sl = b.sync_level;
    if (sl !== undefined && sl !== null) {
      const names: Record<string, number> = {
        exists: 0,
        size: 1,
        mtime: 2,
        checksum: 3,
      };
      syncLevel = typeof sl === "string" ? names[sl] ?? Number(sl) : Number(sl);
      if (!Number.isInteger(syncLevel) || syncLevel < 0 || syncLevel > 3) {
        throw bad(`Invalid sync_level '${String(sl)}'`);
      }
    }
    let filterRules: FilterRule[] | null = null;
    if (b.filter_rules !== undefined && b.filter_rules !== null) {
      if (!Array.isArray(b.filter_rules)) {
        throw bad("'filter_rules' must be a list");
      }
      filterRules = b.filter_rules.map((raw, i) => {
        const r = (raw ?? {}) as Record<string, unknown>;
        const method = r.method ?? "exclude";
        const type = r.type ?? null;
        const name = strValue(r.name, "name");
        if (method !== "include" && method !== "exclude") {
          throw bad(`filter_rules[${i}].method must be 'include' or 'exclude'`);
        }
        if (type !== null && type !== "file" && type !== "dir") {
          throw bad(`filter_rules[${i}].type must be 'file' or 'dir'`);
        }
        if (!name) throw bad(`filter_rules[${i}].name is required`);
        return { method, type, name };
      });
    }
    const links = b.recursive_symlinks ?? "ignore";
    if (links !== "ignore" && links !== "keep" && links !== "copy") {
      throw bad(
        `Invalid recursive_symlinks '${
          String(links)
        }': use 'ignore', 'keep' or 'copy'`,
      );
    }
    const task = this.tasks.submitTransfer(
      {
        source,
        destination,
        items,
        label,
        syncLevel,
        verifyChecksum: boolValue(b.verify_checksum, "verify_checksum", false),
        preserveTimestamp: boolValue(
          b.preserve_timestamp,
          "preserve_timestamp",
          false,
        ),
        encryptData: boolValue(b.encrypt_data, "encrypt_data", false),
        skipSourceErrors: boolValue(
          b.skip_source_errors,
          "skip_source_errors",
          false,
        ),
        failOnQuotaErrors: boolValue(
          b.fail_on_quota_errors,
          "fail_on_quota_errors",
          false,
        ),
        deleteDestinationExtra: boolValue(
          b.delete_destination_extra,
          "delete_destination_extra",
          false,
        ),
        filterRules,
        recursiveSymlinks: links,
        deadline,
        sourceLocalUser: strValue(b.source_local_user, "source_local_user"),
        destinationLocalUser: strValue(
          b.destination_local_user,
          "destination_local_user",
        ),
      },
      owner,
      submissionId,
    );
    return this.#submitResult(
      "transfer",
      task.id,
      submissionId,
      resource,
      false,
    );
  }

  protected submitDelete(
    req: EmulatorRequest,
    token: TokenRecord,
    owner: TaskOwner,
    resource: string,
  ): EmulatorResponse {
    const { duplicate, b, submissionId, label, deadline, data } = this
      .#common(req, "delete", resource);
    if (duplicate) return duplicate;
    const endpoint = this.collection(strValue(b.endpoint, "endpoint") ?? "");
    this.requireConsent(endpoint, token);
    if (data.length === 0) {
      throw bad(
        "A delete requires at least one item",
        "ClientError.BadRequest.NoTransferItems",
      );
    }
    const home = homeOf(owner.username);
    const paths = data.map((raw, i) => {
      const it = (raw ?? {}) as Record<string, unknown>;
      if (it.DATA_TYPE !== undefined && it.DATA_TYPE !== "delete_item") {
        throw bad(`DATA[${i}].DATA_TYPE must be 'delete_item'`);
      }
      const p = strValue(it.path, "path");
      if (!p) throw bad(`DATA[${i}].path is required`);
      const pv = resolvePath(endpoint, home, p).virtual;
      this.sharing.checkAccess(endpoint, owner, pv, "rw", p);
      return p;
    });
    const task = this.tasks.submitDelete(
      {
        endpoint,
        paths,
        recursive: boolValue(b.recursive, "recursive", false),
        ignoreMissing: boolValue(b.ignore_missing, "ignore_missing", false),
        interpretGlobs: boolValue(b.interpret_globs, "interpret_globs", false),
        label,
        deadline,
        localUser: strValue(b.local_user, "local_user"),
      },
      owner,
      submissionId,
    );
    return this.#submitResult("delete", task.id, submissionId, resource, false);
  }
}
