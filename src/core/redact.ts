/**
 * Credential redaction shared by errors, token responses and inspect output.
 *
 * @module
 */

/** The text that replaces a credential wherever one would be shown. */
export const REDACTED = "[REDACTED]";

const SECRET_KEY =
  /^(access_token|refresh_token|id_token|token|client_secret|code_verifier|password|authorization|assertion|secret)$/i;

/**
 * Whether a field name holds a credential.
 *
 * @param key A JSON field, header or query parameter name.
 * @returns `true` when values under this key must never be shown.
 */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/**
 * A deep copy of `value` with every credential-bearing field replaced by
 * {@linkcode REDACTED}. Non-plain objects are returned as they are.
 *
 * @param value Any JSON-like value.
 * @returns The redacted copy.
 */
export function redactDeep(value: unknown, depth = 0): unknown {
  if (depth > 20) return value;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1));
  if (value !== null && typeof value === "object") {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] =
        isSecretKey(k) && (typeof v === "string" || typeof v === "number")
          ? REDACTED
          : redactDeep(v, depth + 1);
    }
    return out;
  }
  return value;
}

/**
 * A URL string with credential-bearing query parameters (including an
 * authorization `code`) and any userinfo redacted.
 *
 * @param url An absolute URL.
 * @returns The URL, safe to print.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.username || parsed.password) {
    parsed.username = "";
    parsed.password = "";
  }
  let changed = false;
  for (const key of [...parsed.searchParams.keys()]) {
    if (isSecretKey(key) || key === "code") {
      parsed.searchParams.set(key, REDACTED);
      changed = true;
    }
  }
  return changed || url !== parsed.href ? parsed.href : url;
}

/**
 * Redacts credentials in a header map: `Authorization: Bearer [REDACTED]`.
 *
 * @param headers The headers to copy.
 * @returns A plain object of header names to (redacted) values.
 */
export function redactHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, key) => {
    if (key.toLowerCase() === "authorization") {
      const scheme = value.split(" ", 1)[0] ?? "";
      out[key] = `${scheme} ${REDACTED}`;
    } else {
      out[key] = isSecretKey(key) ? REDACTED : value;
    }
  });
  return out;
}

/** The Deno custom-inspect symbol. */
export const DENO_INSPECT: unique symbol = Symbol.for("Deno.customInspect");
/** The Node custom-inspect symbol. */
export const NODE_INSPECT: unique symbol = Symbol.for(
  "nodejs.util.inspect.custom",
);

/**
 * Makes Deno's and Node's inspect (and so `console.log`) show `obj` with its
 * credentials redacted; property access and `JSON.stringify` are unchanged.
 * The hooks are non-enumerable.
 *
 * @param obj A plain object holding credentials.
 * @param label A name shown before the redacted JSON.
 * @returns The same object.
 */
export function hideFromInspect<T extends object>(obj: T, label: string): T {
  const show = () => `${label} ${JSON.stringify(redactDeep(obj), null, 2)}`;
  for (const sym of [DENO_INSPECT, NODE_INSPECT]) {
    Object.defineProperty(obj, sym, {
      value: show,
      enumerable: false,
      configurable: true,
    });
  }
  return obj;
}
