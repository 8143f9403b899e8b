/**
 * The hint for a Python keyword call ported as one object: Python's
 * `ac.create_scope(client_id=…, name=…, …)` becomes
 * `ac.createScope(clientId, name, …, { … })` here, where the required
 * arguments come in order and only the optional ones go in an object.
 *
 * @module
 */

/** Each Auth method's required arguments, in order, and its options. */
const SIGNATURES: Readonly<Record<string, string>> = {
  getProject: "getProject(projectId)",
  createProject:
    "createProject(displayName, contactEmail, { adminIds, adminGroupIds })",
  updateProject:
    "updateProject(projectId, { displayName, contactEmail, adminIds, adminGroupIds })",
  deleteProject: "deleteProject(projectId)",
  getPolicy: "getPolicy(policyId)",
  updatePolicy: "updatePolicy(policyId, { displayName, description, … })",
  deletePolicy: "deletePolicy(policyId)",
  createClient:
    "createClient(name, project, { publicClient | clientType, visibility, redirectUris, … })",
  updateClient: "updateClient(clientId, { name, visibility, redirectUris, … })",
  deleteClient: "deleteClient(clientId)",
  getClientCredentials: "getClientCredentials(clientId)",
  createClientCredential: "createClientCredential(clientId, name)",
  deleteClientCredential: "deleteClientCredential(clientId, credentialId)",
  getScope: "getScope(scopeId)",
  createScope:
    "createScope(clientId, name, description, scopeSuffix, { requiredDomains, dependentScopes, advertised, allowsRefreshToken })",
  updateScope: "updateScope(scopeId, { name, description, scopeSuffix, … })",
  deleteScope: "deleteScope(scopeId)",
  getConsents: "getConsents(identityId, { all })",
  createChildClient:
    "createChildClient(name, { publicClient | clientType, visibility, redirectUris, … })",
  createNativeAppInstance: "createNativeAppInstance(templateId, name)",
  oauth2RefreshToken: "oauth2RefreshToken(refreshToken, { bodyParams })",
  oauth2RevokeToken: "oauth2RevokeToken(token, { bodyParams })",
  oauth2TokenIntrospect:
    "oauth2TokenIntrospect(token, { include, queryParams })",
  oauth2GetDependentTokens:
    "oauth2GetDependentTokens(token, { scope, refreshTokens, additionalParams })",
  oauth2ExchangeCodeForTokens: "oauth2ExchangeCodeForTokens(code)",
};

/**
 * The sentence to add to a "must be a string" error when the argument is a
 * plain object: the Python keyword arguments written as one object.
 *
 * @param value The argument given.
 * @param method The method's name (`createScope`).
 * @returns The sentence (starting with ". "), or `""` when `value` is not
 *   a plain object or the method takes no required arguments.
 */
export function keywordObjectHint(value: unknown, method: string): string {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return "";
  }
  const signature = SIGNATURES[method];
  if (signature === undefined) return "";
  return `. The required arguments come first, in order, not in one object of named arguments (Python's keyword arguments): ${signature}`;
}
