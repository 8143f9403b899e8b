/**
 * Auth developer API: projects.
 *
 * @module
 */
import { checkOptions } from "../../core/_options.ts";
import {
  AUTH_CALL_OPTIONS,
  CREATE_PROJECT_OPTIONS,
  UPDATE_PROJECT_OPTIONS,
} from "./_option_names.ts";
import {
  attachIterator,
  type IterableResponse,
} from "../../core/iterable_response.ts";
import type {
  GetProjectsResponse,
  Project,
  ProjectResponse,
} from "../auth_developer_types.ts";
import {
  ProjectResponseSchema,
  ProjectsSchema,
} from "../_developer_schemas.ts";
import { pathId, requireString, toList } from "./_args.ts";
import type {
  AuthCallOptions,
  CreateProjectOptions,
  UpdateProjectOptions,
} from "./options.ts";
import { AuthAPIClientCore } from "./base.ts";

/** Projects. Part of `AuthClient`; use that class. */
export abstract class AuthProjectsApi extends AuthAPIClientCore {
  /**
   * One project (`GET {auth}/v2/api/projects/{projectId}`).
   *
   * @param projectId The project id.
   * @param options `queryParams`, `signal`.
   * @returns `{ project }`.
   * @throws {AuthAPIError} For an error response (404 when unknown).
   */
  async getProject(
    projectId: string,
    options: AuthCallOptions = {},
  ): Promise<ProjectResponse> {
    checkOptions("AuthClient.getProject()", options, AUTH_CALL_OPTIONS);
    const id = pathId(projectId, "projectId", "getProject");
    return await this.json(
      "GET",
      `v2/api/projects/${id}`,
      ProjectResponseSchema,
      "project",
      options,
    );
  }

  /**
   * The projects the caller administers (`GET {auth}/v2/api/projects`).
   *
   * @param options `queryParams`, `signal`.
   * @returns `{ projects }`; `for…of` walks the projects (as Python's).
   * @throws {AuthAPIError} For an error response.
   */
  getProjects(
    options?: AuthCallOptions,
  ):
    & Promise<IterableResponse<GetProjectsResponse, Project>>
    & AsyncIterable<Project>;
  async getProjects(
    options: AuthCallOptions = {},
  ): Promise<IterableResponse<GetProjectsResponse, Project>> {
    checkOptions("AuthClient.getProjects()", options, AUTH_CALL_OPTIONS);
    const res = await this.json(
      "GET",
      "v2/api/projects",
      ProjectsSchema,
      "project list",
      options,
    );
    return attachIterator(res, (r) => r.projects);
  }

  /**
   * Creates a project (`POST {auth}/v2/api/projects`). Give at least one
   * of `adminIds` and `adminGroupIds` (Globus Auth refuses a project
   * without admins); the caller is not added as an admin by itself.
   *
   * @param displayName The project's name.
   * @param contactEmail The point of contact's email address.
   * @param options `adminIds`, `adminGroupIds`, `signal`.
   * @returns `{ project }`.
   * @throws {AuthAPIError} For an error response.
   */
  async createProject(
    displayName: string,
    contactEmail: string,
    options: CreateProjectOptions = {},
  ): Promise<ProjectResponse> {
    checkOptions("AuthClient.createProject()", options, CREATE_PROJECT_OPTIONS);
    requireString(displayName, "displayName", "createProject");
    requireString(contactEmail, "contactEmail", "createProject");
    return await this.json(
      "POST",
      "v2/api/projects",
      ProjectResponseSchema,
      "project",
      {
        ...options,
        body: {
          project: {
            display_name: displayName,
            contact_email: contactEmail,
            admin_ids: toList(options.adminIds),
            admin_group_ids: toList(options.adminGroupIds),
          },
        },
      },
    );
  }

  /**
   * Updates a project (`PUT {auth}/v2/api/projects/{projectId}`); only the
   * fields given change.
   *
   * @param projectId The project id.
   * @param options `displayName`, `contactEmail`, `adminIds`, `adminGroupIds`.
   * @returns `{ project }`.
   * @throws {AuthAPIError} For an error response.
   */
  async updateProject(
    projectId: string,
    options: UpdateProjectOptions = {},
  ): Promise<ProjectResponse> {
    checkOptions("AuthClient.updateProject()", options, UPDATE_PROJECT_OPTIONS);
    const id = pathId(projectId, "projectId", "updateProject");
    return await this.json(
      "PUT",
      `v2/api/projects/${id}`,
      ProjectResponseSchema,
      "project",
      {
        ...options,
        body: {
          project: {
            display_name: options.displayName,
            contact_email: options.contactEmail,
            admin_ids: toList(options.adminIds),
            admin_group_ids: toList(options.adminGroupIds),
          },
        },
      },
    );
  }

  /**
   * Deletes a project (`DELETE {auth}/v2/api/projects/{projectId}`).
   *
   * @param projectId The project id.
   * @param options `queryParams`, `signal`.
   * @returns `{ project }`: the deleted project.
   * @throws {AuthAPIError} For an error response (e.g. it still has clients).
   */
  async deleteProject(
    projectId: string,
    options: AuthCallOptions = {},
  ): Promise<ProjectResponse> {
    checkOptions("AuthClient.deleteProject()", options, AUTH_CALL_OPTIONS);
    const id = pathId(projectId, "projectId", "deleteProject");
    return await this.json(
      "DELETE",
      `v2/api/projects/${id}`,
      ProjectResponseSchema,
      "project",
      options,
    );
  }
}
