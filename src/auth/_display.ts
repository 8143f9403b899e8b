/**
 * Internal: notebook renderings and a readable `toString()` for Auth API
 * responses (non-enumerable, so JSON, equality and key listings are
 * unchanged). A list response (`identities`, `consents`, `projects`, …)
 * renders as a table of its entries, a one-entity response (`project`,
 * `client`, …) and userinfo as a field/value table. Everything is rendered
 * from a redacted copy: a credential's `secret` shows as `[REDACTED]`.
 *
 * @module
 */
import { redactDeep } from "../core/redact.ts";
import { attachTable } from "../notebook/_attach_table.ts";
import {
  type ColumnSpec,
  renderRecord,
  renderTable,
} from "../notebook/tables.ts";

interface ListShape {
  title: string;
  columns: readonly ColumnSpec[];
}

/** The columns of identities (`getIdentities`, an `IdentityMap`). */
export const IDENTITY_COLUMNS: readonly ColumnSpec[] = [
  { key: "username", header: "Username" },
  { key: "name", header: "Name" },
  { key: "id", header: "ID" },
  { key: "email", header: "Email" },
  { key: "organization", header: "Organization" },
  { key: "status", header: "Status" },
];

/** Lists keyed by the response field that holds them. */
const LISTS: Record<string, ListShape> = {
  identities: { title: "Identities", columns: IDENTITY_COLUMNS },
  consents: {
    title: "Consents",
    columns: [
      { key: "id", header: "ID", align: "left" },
      { key: "scope_name", header: "Scope" },
      {
        key: "dependency_path",
        header: "Dependency Path",
        format: (v) => Array.isArray(v) ? v.join(" > ") : "",
      },
      { key: "status", header: "Status" },
      { key: "client", header: "Client" },
      { key: "created", header: "Created" },
    ],
  },
  identity_providers: {
    title: "Identity providers",
    columns: [
      { key: "name", header: "Name" },
      { key: "short_name", header: "Short Name" },
      { key: "id", header: "ID" },
      {
        key: "domains",
        header: "Domains",
        format: (v) => Array.isArray(v) ? v.join(", ") : "",
      },
    ],
  },
  projects: {
    title: "Projects",
    columns: [
      { key: "display_name", header: "Display Name" },
      { key: "id", header: "ID" },
      { key: "contact_email", header: "Contact Email" },
    ],
  },
  clients: {
    title: "Clients",
    columns: [
      { key: "name", header: "Name" },
      { key: "id", header: "ID" },
      { key: "client_type", header: "Type" },
      { key: "project", header: "Project" },
    ],
  },
  credentials: {
    title: "Client credentials",
    columns: [
      { key: "name", header: "Name" },
      { key: "id", header: "ID" },
      { key: "client", header: "Client" },
      { key: "created", header: "Created" },
    ],
  },
  scopes: {
    title: "Scopes",
    columns: [
      { key: "scope_string", header: "Scope String" },
      { key: "name", header: "Name" },
      { key: "id", header: "ID" },
      { key: "client", header: "Client" },
    ],
  },
  policies: {
    title: "Policies",
    columns: [
      { key: "display_name", header: "Display Name" },
      { key: "id", header: "ID" },
      { key: "project_id", header: "Project" },
      { key: "high_assurance", header: "High Assurance" },
    ],
  },
};

/** One-entity responses keyed by their field, with the caption's noun. */
const SINGLES: Record<string, string> = {
  project: "Project",
  client: "Client",
  credential: "Client credential",
  scope: "Scope",
  policy: "Policy",
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function entityName(entity: Record<string, unknown>): string {
  for (const key of ["display_name", "name", "scope_string", "id"]) {
    const v = entity[key];
    if (typeof v === "string" && v !== "") return v;
  }
  return "";
}

/**
 * Makes an Auth response render as a table in a notebook (and as its text
 * with `String()`), when it is a known list, a one-entity response or
 * userinfo; anything else is returned as it is.
 *
 * @param value A checked response body.
 * @returns The same value.
 */
export function displayAuthResponse<T>(value: T): T {
  if (
    !isRecord(value) || Object.prototype.hasOwnProperty.call(value, "toString")
  ) return value;
  const keys = Object.keys(value);
  for (const key of keys) {
    const shape = Object.prototype.hasOwnProperty.call(LISTS, key)
      ? LISTS[key]
      : undefined;
    const list = value[key];
    if (shape && Array.isArray(list)) {
      return attachTable(
        value,
        () =>
          renderTable(redactDeep(list) as unknown[], {
            columns: shape.columns,
            caption: `${shape.title} (${list.length})`,
          }),
      ) as T;
    }
  }
  for (const key of keys) {
    const noun = Object.prototype.hasOwnProperty.call(SINGLES, key)
      ? SINGLES[key]
      : undefined;
    const entity = value[key];
    if (noun && isRecord(entity)) {
      return attachTable(value, () => {
        const name = entityName(entity);
        const hasSecret = typeof entity.secret === "string" &&
          entity.secret !== "";
        const hint = hasSecret ? ` (secret hidden: read .${key}.secret)` : "";
        return renderRecord(
          redactDeep(entity) as Record<string, unknown>,
          undefined,
          `${noun}${name ? ` ${name}` : ""}${hint}`,
        );
      }) as T;
    }
  }
  if (typeof value.sub === "string") {
    return attachTable(value, () =>
      renderRecord(
        redactDeep(value) as Record<string, unknown>,
        undefined,
        `userinfo: ${String(value.preferred_username ?? value.sub)}`,
      )) as T;
  }
  return value;
}
