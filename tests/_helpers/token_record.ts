/**
 * A made-up stored token record, for the token storage and lock tests.
 */
import type { StoredTokenData } from "../../src/tokens/token_storage.ts";

/**
 * A record for `rs` with tokens `${tokenPrefix}AT-${rs}` and
 * `${tokenPrefix}RT-${rs}` (each followed by `-${n}` when `n` is given,
 * which also adds `n` seconds to the expiry), and `extraBytes` bytes of
 * `extra` padding when that is above 0.
 */
export function tokenRecord(
  rs: string,
  opts: { tokenPrefix?: string; n?: number; extraBytes?: number } = {},
): StoredTokenData {
  const { tokenPrefix = "", n, extraBytes = 0 } = opts;
  const suffix = n === undefined ? "" : `-${n}`;
  return {
    resource_server: rs,
    identity_id: "d0f5cfe6-db59-4bfd-9044-ef9bec8e335f",
    scope: `scope:${rs}`,
    access_token: `${tokenPrefix}AT-${rs}${suffix}`,
    refresh_token: `${tokenPrefix}RT-${rs}${suffix}`,
    expires_at_seconds: 1_900_000_000 + (n ?? 0),
    token_type: "Bearer",
    ...(extraBytes > 0 ? { extra: { padding: "x".repeat(extraBytes) } } : {}),
  };
}
