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

/**
 * The columns of an access rule table, with headers as the other tables
 * have them ("Display Name", not `display_name`). What a person scans for
 * first (the path, its permissions, who has them), the ids last: a wide
 * table scrolls sideways in a narrow notebook, and with the rule's id and
 * the principal's first, a 600 px window showed two ids and hid the path.
 */
export const ACCESS_RULE_COLUMNS: readonly ColumnSpec[] = [
  { key: "path", header: "Path" },
  { key: "permissions", header: "Permissions" },
  { key: "principal_type", header: "Principal Type" },
  { key: "principal", header: "Principal" },
  { key: "role_type", header: "Role Type" },
  { key: "expiration_date", header: "Expires" },
  { key: "create_time", header: "Created" },
  { key: "id", header: "Rule ID" },
];

/** The columns of a role table: the role and who has it, then its id. */
export const ROLE_COLUMNS: readonly ColumnSpec[] = [
  { key: "role", header: "Role" },
  { key: "principal_type", header: "Principal Type" },
  { key: "principal", header: "Principal" },
  { key: "id", header: "Role ID" },
];

/** The columns of a server table: where it is, then its id. */
const SERVER_COLUMNS: readonly ColumnSpec[] = [
  { key: "hostname", header: "Hostname" },
  { key: "port", header: "Port" },
  { key: "scheme", header: "Scheme" },
  { key: "uri", header: "URI" },
  { key: "is_connected", header: "Connected" },
  { key: "is_paused", header: "Paused" },
  { key: "id", header: "Server ID" },
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
