/**
 * Shared setup for the local-server login tests: a connection probe and a
 * wrapper that hides SSH variables (the local-server flow refuses to open a
 * browser over SSH).
 */
import { connect } from "node:net";
import { isDeno } from "../../src/core/runtime.ts";

/** Whether a TCP connection to `host:port` is accepted. */
export function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}

/** Runs `fn` with SSH_TTY and SSH_CONNECTION unset (Deno), then restores them. */
export async function withoutSsh<T>(fn: () => Promise<T>): Promise<T> {
  if (!isDeno) return await fn();
  // deno-lint-ignore no-explicit-any
  const env = (globalThis as any).Deno.env;
  const saved = ["SSH_TTY", "SSH_CONNECTION"].map((k) => [k, env.get(k)]);
  for (const [k] of saved) env.delete(k);
  try {
    return await fn();
  } finally {
    for (const [k, v] of saved) if (v !== undefined) env.set(k, v);
  }
}
