/**
 * Auth developer API: policies.
 *
 * @module
 */
import { checkOptions } from "../../core/_options.ts";
import { AUTH_CALL_OPTIONS, POLICY_OPTIONS } from "./_option_names.ts";
import {
  attachIterator,
  type IterableResponse,
} from "../../core/iterable_response.ts";
import type {
  GetPoliciesResponse,
  Policy,
  PolicyResponse,
} from "../auth_developer_types.ts";
import { PoliciesSchema, PolicyResponseSchema } from "../_developer_schemas.ts";
import { pathId, policyBody, requireString } from "./_args.ts";
import type {
  AuthCallOptions,
  CreatePolicyOptions,
  UpdatePolicyOptions,
} from "./options.ts";
import { AuthProjectsApi } from "./projects.ts";

/** Policies. Part of `AuthClient`; use that class. */
export abstract class AuthPoliciesApi extends AuthProjectsApi {
  /**
   * One policy (`GET {auth}/v2/api/policies/{policyId}`).
   *
   * @param policyId The policy id.
   * @param options `queryParams`, `signal`.
   * @returns `{ policy }`.
   * @throws {AuthAPIError} For an error response.
   */
  async getPolicy(
    policyId: string,
    options: AuthCallOptions = {},
  ): Promise<PolicyResponse> {
    checkOptions("AuthClient.getPolicy()", options, AUTH_CALL_OPTIONS);
    const id = pathId(policyId, "policyId", "getPolicy");
    return await this.json(
      "GET",
      `v2/api/policies/${id}`,
      PolicyResponseSchema,
      "policy",
      options,
    );
  }

  /**
   * The policies of the projects the caller administers
   * (`GET {auth}/v2/api/policies`).
   *
   * @param options `queryParams`, `signal`.
   * @returns `{ policies }`; `for…of` walks the policies (as Python's).
   * @throws {AuthAPIError} For an error response.
   */
  getPolicies(
    options?: AuthCallOptions,
  ):
    & Promise<IterableResponse<GetPoliciesResponse, Policy>>
    & AsyncIterable<Policy>;
  async getPolicies(
    options: AuthCallOptions = {},
  ): Promise<IterableResponse<GetPoliciesResponse, Policy>> {
    checkOptions("AuthClient.getPolicies()", options, AUTH_CALL_OPTIONS);
    const res = await this.json(
      "GET",
      "v2/api/policies",
      PoliciesSchema,
      "policy list",
      options,
    );
    return attachIterator(res, (r) => r.policies);
  }

  /**
   * Creates a policy (`POST {auth}/v2/api/policies`).
   *
   * @param options `projectId`, `displayName`, `description` (required),
   *   `highAssurance`, `requiredMfa`, `authenticationAssuranceTimeout`,
   *   `domainConstraintsInclude`, `domainConstraintsExclude`.
   * @returns `{ policy }`.
   * @throws {TypeError} When a required option is missing.
   * @throws {AuthAPIError} For an error response.
   */
  async createPolicy(options: CreatePolicyOptions): Promise<PolicyResponse> {
    checkOptions("AuthClient.createPolicy()", options, POLICY_OPTIONS);
    const o = options ?? ({} as CreatePolicyOptions);
    pathId(o.projectId, "projectId", "createPolicy");
    requireString(o.displayName, "displayName", "createPolicy");
    requireString(o.description, "description", "createPolicy");
    return await this.json(
      "POST",
      "v2/api/policies",
      PolicyResponseSchema,
      "policy",
      {
        ...o,
        body: {
          policy: {
            project_id: o.projectId,
            display_name: o.displayName,
            description: o.description,
            ...policyBody(o, "createPolicy"),
          },
        },
      },
    );
  }

  /**
   * Updates a policy (`PUT {auth}/v2/api/policies/{policyId}`); only the
   * fields given change.
   *
   * @param policyId The policy id.
   * @param options The fields to change.
   * @returns `{ policy }`.
   * @throws {AuthAPIError} For an error response.
   */
  async updatePolicy(
    policyId: string,
    options: UpdatePolicyOptions = {},
  ): Promise<PolicyResponse> {
    checkOptions("AuthClient.updatePolicy()", options, POLICY_OPTIONS);
    const id = pathId(policyId, "policyId", "updatePolicy");
    return await this.json(
      "PUT",
      `v2/api/policies/${id}`,
      PolicyResponseSchema,
      "policy",
      {
        ...options,
        body: {
          policy: {
            project_id: options.projectId,
            display_name: options.displayName,
            description: options.description,
            ...policyBody(options, "updatePolicy"),
          },
        },
      },
    );
  }

  /**
   * Deletes a policy (`DELETE {auth}/v2/api/policies/{policyId}`).
   *
   * @param policyId The policy id.
   * @param options `queryParams`, `signal`.
   * @returns `{ policy }`: the deleted policy.
   * @throws {AuthAPIError} For an error response.
   */
  async deletePolicy(
    policyId: string,
    options: AuthCallOptions = {},
  ): Promise<PolicyResponse> {
    checkOptions("AuthClient.deletePolicy()", options, AUTH_CALL_OPTIONS);
    const id = pathId(policyId, "policyId", "deletePolicy");
    return await this.json(
      "DELETE",
      `v2/api/policies/${id}`,
      PolicyResponseSchema,
      "policy",
      options,
    );
  }
}
