/**
 * Auth developer API: clients and client credentials.
 *
 * @module
 */
import { checkOptions } from "../../core/_options.ts";
import {
  AUTH_CALL_OPTIONS,
  CREATE_CLIENT_OPTIONS,
  GET_CLIENT_OPTIONS,
  UPDATE_CLIENT_OPTIONS,
} from "./_option_names.ts";
import {
  attachIterator,
  type IterableResponse,
} from "../../core/iterable_response.ts";
import type {
  ClientCredential,
  ClientCredentialResponse,
  ClientResponse,
  GetClientCredentialsResponse,
  GetClientsResponse,
  NewClientCredentialResponse,
  RegisteredClient,
} from "../auth_developer_types.ts";
import {
  ClientResponseSchema,
  ClientsSchema,
  CredentialResponseSchema,
  CredentialsSchema,
  NewCredentialResponseSchema,
} from "../_developer_schemas.ts";
import { hideSecrets, newClientBody, pathId, requireString } from "./_args.ts";
import type {
  AuthCallOptions,
  CreateClientOptions,
  GetClientOptions,
  UpdateClientOptions,
} from "./options.ts";
import { AuthPoliciesApi } from "./policies.ts";
import { kernelStack } from "../../core/_kernel_stack.ts";

/** Clients and client credentials. Part of `AuthClient`; use that class. */
export abstract class AuthClientsApi extends AuthPoliciesApi {
  /**
   * One client, by id (`GET {auth}/v2/api/clients/{clientId}`) or by domain
   * name (`GET {auth}/v2/api/clients?fqdn=…`).
   *
   * @param options Exactly one of `clientId` and `fqdn`; `signal`.
   * @returns `{ client }`.
   * @throws {TypeError} When neither or both are given.
   * @throws {AuthAPIError} For an error response.
   */
  async getClient(options: GetClientOptions): Promise<ClientResponse> {
    if (typeof options === "string") {
      throw kernelStack(
        new TypeError(
          `Cannot call getClient() with a string: pass { clientId: ${
            JSON.stringify(options)
          } } or { fqdn }`,
        ),
      );
    }
    checkOptions("AuthClient.getClient()", options, GET_CLIENT_OPTIONS);
    const o = options ?? {};
    if ((o.clientId === undefined) === (o.fqdn === undefined)) {
      throw kernelStack(
        new TypeError(
          `Cannot call getClient() as exactly one of 'clientId' and 'fqdn' must be given: ${
            o.clientId === undefined ? "neither was" : "both were"
          }`,
        ),
      );
    }
    if (o.clientId !== undefined) {
      const id = pathId(o.clientId, "clientId", "getClient");
      return await this.json(
        "GET",
        `v2/api/clients/${id}`,
        ClientResponseSchema,
        "client",
        o,
      );
    }
    return await this.json(
      "GET",
      "v2/api/clients",
      ClientResponseSchema,
      "client",
      { ...o, query: { fqdn: o.fqdn } },
    );
  }

  /**
   * The clients of the projects the caller administers
   * (`GET {auth}/v2/api/clients`).
   *
   * @param options `queryParams`, `signal`.
   * @returns `{ clients }`; `for…of` walks the clients (as Python's).
   * @throws {AuthAPIError} For an error response.
   */
  getClients(
    options?: AuthCallOptions,
  ):
    & Promise<IterableResponse<GetClientsResponse, RegisteredClient>>
    & AsyncIterable<RegisteredClient>;
  async getClients(
    options: AuthCallOptions = {},
  ): Promise<IterableResponse<GetClientsResponse, RegisteredClient>> {
    checkOptions("AuthClient.getClients()", options, AUTH_CALL_OPTIONS);
    const res = await this.json(
      "GET",
      "v2/api/clients",
      ClientsSchema,
      "client list",
      options,
    );
    return attachIterator(res, (r) => r.clients);
  }

  /**
   * Registers a client in a project (`POST {auth}/v2/api/clients`).
   *
   * @param name The name shown on consent pages (no line breaks).
   * @param project The project id.
   * @param options Exactly one of `publicClient` and `clientType`; and
   *   `visibility`, `redirectUris`, `termsAndConditions` with
   *   `privacyPolicy`, `requiredIdp`, `preselectIdp`, `additionalFields`.
   * @returns `{ client }`.
   * @throws {TypeError} For the argument combinations the Python SDK refuses.
   * @throws {AuthAPIError} For an error response.
   */
  async createClient(
    name: string,
    project: string,
    options: CreateClientOptions = {},
  ): Promise<ClientResponse> {
    checkOptions("AuthClient.createClient()", options, CREATE_CLIENT_OPTIONS);
    requireString(name, "name", "createClient");
    pathId(project, "project", "createClient");
    const client = newClientBody("createClient", { ...options, name, project });
    return hideSecrets(
      await this.json(
        "POST",
        "v2/api/clients",
        ClientResponseSchema,
        "client",
        { ...options, body: { client } },
      ),
      "ClientResponse",
    );
  }

  /**
   * Updates a client (`PUT {auth}/v2/api/clients/{clientId}`); only the
   * fields given change.
   *
   * @param clientId The client id.
   * @param options `name`, `visibility`, `redirectUris`,
   *   `termsAndConditions` with `privacyPolicy` (both `null` removes them),
   *   `requiredIdp`, `preselectIdp`, `additionalFields`.
   * @returns `{ client }`.
   * @throws {TypeError} When only one of the two links is given.
   * @throws {AuthAPIError} For an error response.
   */
  async updateClient(
    clientId: string,
    options: UpdateClientOptions = {},
  ): Promise<ClientResponse> {
    checkOptions("AuthClient.updateClient()", options, UPDATE_CLIENT_OPTIONS);
    const id = pathId(clientId, "clientId", "updateClient");
    const t = options.termsAndConditions;
    const p = options.privacyPolicy;
    const kind = (v: unknown) => v === undefined ? "u" : v === null ? "n" : "s";
    if (kind(t) !== kind(p)) {
      throw kernelStack(
        new TypeError(
          "Cannot call updateClient() as 'termsAndConditions' and 'privacyPolicy' must be given together (both strings, or both null to remove them)",
        ),
      );
    }
    const body: Record<string, unknown> = {
      name: options.name,
      visibility: options.visibility,
      redirect_uris: options.redirectUris
        ? [...options.redirectUris]
        : undefined,
      required_idp: options.requiredIdp,
      preselect_idp: options.preselectIdp,
    };
    if (t !== undefined) {
      body["links"] = { terms_and_conditions: t, privacy_policy: p };
    }
    return await this.json(
      "PUT",
      `v2/api/clients/${id}`,
      ClientResponseSchema,
      "client",
      {
        ...options,
        body: { client: { ...body, ...options.additionalFields } },
      },
    );
  }

  /**
   * Deletes a client (`DELETE {auth}/v2/api/clients/{clientId}`); its
   * tokens stop working.
   *
   * @param clientId The client id.
   * @param options `queryParams`, `signal`.
   * @returns `{ client }`: the deleted client.
   * @throws {AuthAPIError} For an error response.
   */
  async deleteClient(
    clientId: string,
    options: AuthCallOptions = {},
  ): Promise<ClientResponse> {
    checkOptions("AuthClient.deleteClient()", options, AUTH_CALL_OPTIONS);
    const id = pathId(clientId, "clientId", "deleteClient");
    return await this.json(
      "DELETE",
      `v2/api/clients/${id}`,
      ClientResponseSchema,
      "client",
      options,
    );
  }

  // ------------------------------------------------- client credentials

  /**
   * A client's credentials, without their secrets
   * (`GET {auth}/v2/api/clients/{clientId}/credentials`).
   *
   * @param clientId The client id.
   * @param options `queryParams`, `signal`.
   * @returns `{ credentials }` (each `secret` is `null`); `for…of` walks
   *   them.
   * @throws {AuthAPIError} For an error response.
   */
  getClientCredentials(
    clientId: string,
    options?: AuthCallOptions,
  ):
    & Promise<
      IterableResponse<GetClientCredentialsResponse, ClientCredential>
    >
    & AsyncIterable<ClientCredential>;
  async getClientCredentials(
    clientId: string,
    options: AuthCallOptions = {},
  ): Promise<
    IterableResponse<GetClientCredentialsResponse, ClientCredential>
  > {
    checkOptions(
      "AuthClient.getClientCredentials()",
      options,
      AUTH_CALL_OPTIONS,
    );
    const id = pathId(clientId, "clientId", "getClientCredentials");
    // `for…of` walks the credentials, as Python's
    // GetClientCredentialsResponse.
    return attachIterator(
      await this.json(
        "GET",
        `v2/api/clients/${id}/credentials`,
        CredentialsSchema,
        "client credential list",
        options,
      ),
      (r) => r.credentials,
    );
  }

  /**
   * Creates a credential (secret) for a client
   * (`POST {auth}/v2/api/clients/{clientId}/credentials`). The secret is in
   * this response only: store it now. It prints as `[REDACTED]`; read it
   * as `res.credential.secret`.
   *
   * @param clientId The client id.
   * @param name The credential's name.
   * @param options `queryParams`, `signal`.
   * @returns `{ credential }` with its `secret`.
   * @throws {AuthAPIError} For an error response.
   */
  async createClientCredential(
    clientId: string,
    name: string,
    options: AuthCallOptions = {},
  ): Promise<NewClientCredentialResponse> {
    checkOptions(
      "AuthClient.createClientCredential()",
      options,
      AUTH_CALL_OPTIONS,
    );
    const id = pathId(clientId, "clientId", "createClientCredential");
    requireString(name, "name", "createClientCredential");
    return hideSecrets(
      await this.json(
        "POST",
        `v2/api/clients/${id}/credentials`,
        NewCredentialResponseSchema,
        "client credential",
        { ...options, body: { credential: { name } } },
      ),
      "ClientCredentialResponse",
    );
  }

  /**
   * Deletes a client credential
   * (`DELETE {auth}/v2/api/clients/{clientId}/credentials/{credentialId}`);
   * its secret stops working.
   *
   * @param clientId The client id.
   * @param credentialId The credential id.
   * @param options `queryParams`, `signal`.
   * @returns `{ credential }`: the deleted credential.
   * @throws {AuthAPIError} For an error response.
   */
  async deleteClientCredential(
    clientId: string,
    credentialId: string,
    options: AuthCallOptions = {},
  ): Promise<ClientCredentialResponse> {
    checkOptions(
      "AuthClient.deleteClientCredential()",
      options,
      AUTH_CALL_OPTIONS,
    );
    const id = pathId(clientId, "clientId", "deleteClientCredential");
    const cred = pathId(credentialId, "credentialId", "deleteClientCredential");
    return await this.json(
      "DELETE",
      `v2/api/clients/${id}/credentials/${cred}`,
      CredentialResponseSchema,
      "client credential",
      options,
    );
  }
}
