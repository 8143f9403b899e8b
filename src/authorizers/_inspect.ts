/**
 * Redacted printing shared by the authorizers (internal).
 *
 * @module
 */
import { REDACTED } from "../core/redact.ts";

/**
 * Renders an authorizer as `Name { field: value }` with secrets replaced.
 *
 * @param name The class name.
 * @param fields Fields to show; pass secrets as {@linkcode REDACTED} or `null`.
 * @returns The text.
 */
export function describe(
  name: string,
  fields: Record<string, unknown>,
): string {
  return `${name} ${JSON.stringify(fields)}`;
}

/**
 * {@linkcode REDACTED} for a present secret, `null` for an absent one.
 *
 * @param value The secret.
 * @returns The placeholder.
 */
export function mask(value: string | null | undefined): string | null {
  return value === undefined || value === null ? null : REDACTED;
}
