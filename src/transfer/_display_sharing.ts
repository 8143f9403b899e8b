/**
 * Internal: notebook tables (and `String()` text) for access rules, roles,
 * servers and guest collection lists. Both are non-enumerable, so JSON and
 * key listings are unaffected.
 *
 * @module
 */
import {
  type ColumnSpec,
  renderRecord,
  renderTable,
} from "../notebook/tables.ts";
import { attachIterator } from "../core/iterable_response.ts";
import { attachTable } from "./_display.ts";
import type { IterableTransferResponse } from "./results.ts";
import type {
  AccessRule,
  AccessRuleList,
  EndpointRole,
  EndpointRoleList,
  EndpointServer,
  EndpointServerList,
} from "./sharing.ts";

/** The columns of an access rule table. */
export const ACCESS_RULE_COLUMNS: readonly ColumnSpec[] = [
  "id",
  "principal_type",
  "principal",
  "path",
  "permissions",
  "role_type",
  "expiration_date",
  "create_time",
];

/** The columns of a role table. */
export const ROLE_COLUMNS: readonly ColumnSpec[] = [
  "id",
  "principal_type",
  "principal",
  "role",
];

const SERVER_COLUMNS: readonly ColumnSpec[] = [
  "id",
  "hostname",
  "port",
  "scheme",
  "uri",
  "is_connected",
  "is_paused",
];

/** An access rule list renders as a table of its rules, and iterates them. */
export function displayAccessRuleList(
  list: AccessRuleList,
): IterableTransferResponse<AccessRuleList, AccessRule> {
  return attachIterator(
    attachTable(list, () =>
      renderTable(list.DATA, {
        columns: ACCESS_RULE_COLUMNS,
        caption: `Access rules on ${
          list.endpoint ?? "?"
        } (${list.DATA.length})`,
      })),
    (l) => l.DATA,
  );
}

/** An access rule renders as a field/value table. */
export function displayAccessRule(rule: AccessRule): AccessRule {
  return attachTable(
    rule,
    () => renderRecord(rule, undefined, `Access rule ${rule.id ?? ""}`),
  );
}

/** A role list renders as a table of its roles, and iterates them. */
export function displayRoleList(
  list: EndpointRoleList,
): IterableTransferResponse<EndpointRoleList, EndpointRole> {
  return attachIterator(
    attachTable(
      list,
      () =>
        renderTable(list.DATA, {
          columns: ROLE_COLUMNS,
          caption: `Roles (${list.DATA.length})`,
        }),
    ),
    (l) => l.DATA,
  );
}

/** A role renders as a field/value table. */
export function displayRole(role: EndpointRole): EndpointRole {
  return attachTable(
    role,
    () => renderRecord(role, undefined, `Role ${role.id ?? ""}`),
  );
}

/** A server list renders as a table of its servers, and iterates them. */
export function displayServerList(
  list: EndpointServerList,
): IterableTransferResponse<EndpointServerList, EndpointServer> {
  return attachIterator(
    attachTable(
      list,
      () =>
        renderTable(list.DATA, {
          columns: SERVER_COLUMNS,
          caption: `Servers of ${list.endpoint ?? "?"}`,
        }),
    ),
    (l) => l.DATA,
  );
}

/** A server renders as a field/value table. */
export function displayServer(server: EndpointServer): EndpointServer {
  return attachTable(
    server,
    () => renderRecord(server, undefined, `Server ${server.id}`),
  );
}
