/**
 * Credential redaction shared by errors, token responses and inspect output.
 *
 * @module
 */

/** The text that replaces a credential wherever one would be shown. */
export const REDACTED = "[REDACTED]";

/**
 * Credential field names, compared without case and without `_`, `-`, `.`
 * or spaces: `access_token`, `accessToken`, `Refresh-Token` and
 * `CLIENT_SECRET` all match.
 */
const SECRET_KEYS = new Set([
  "accesstoken",
  "refreshtoken",
  "idtoken",
  "token",
  "tokens",
  "bearertoken",
  "clientsecret",
  "codeverifier",
  "password",
  "passwd",
  "authorization",
  "proxyauthorization",
  "assertion",
  "secret",
  "apikey",
  "privatekey",
  "cookie",
  "setcookie",
]);

/** How deep {@linkcode redactDeep} looks before it redacts a whole subtree. */
export const MAX_REDACT_DEPTH = 32;

/**
 * Whether a field name holds a credential. Case and separators do not
 * matter (`access_token`, `accessToken`, `Access-Token`).
 *
 * @param key A JSON field, header or query parameter name.
 * @returns `true` when values under this key must never be shown.
 */
export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(key.toLowerCase().replace(/[-_.\s]/g, ""));
}

/**
 * `JSON.stringify(value)` with every non-empty string under a credential's
 * name (`access_token`, `secret`, …) as `[REDACTED]`, for quoting a value an
 * argument check refused (a token record given where an id belongs).
 *
 * @param value The value.
 * @returns Its JSON, or `undefined` where JSON has none.
 * @throws {TypeError} For a value JSON cannot write (a cycle, a BigInt).
 */
export function redactedJson(value: unknown): string | undefined {
  return JSON.stringify(
    value,
    (key, v) =>
      key !== "" && isSecretKey(key) && typeof v === "string" && v !== ""
        ? REDACTED
        : v,
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * The own data fields of a plain object, including the credential fields
 * that {@linkcode hideFromInspect} made non-enumerable, in creation order
 * (methods such as its `toJSON` are left out).
 */
function dataEntries(obj: object): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const key of Object.getOwnPropertyNames(obj)) {
    const desc = Object.getOwnPropertyDescriptor(obj, key);
    if (!desc || !("value" in desc)) continue;
    if (!desc.enumerable && !isSecretKey(key)) continue;
    if (typeof desc.value === "function") continue;
    out.push([key, desc.value]);
  }
  return out;
}

/**
 * A deep copy of `value` with every credential-bearing field replaced by
 * {@linkcode REDACTED}: any value (string, number, array or object) under a
 * credential field name ({@linkcode isSecretKey}), in objects at any depth,
 * including inside arrays. A subtree deeper than
 * {@linkcode MAX_REDACT_DEPTH} is replaced whole. Non-plain objects (class
 * instances) are returned as they are: they print themselves.
 *
 * @param value Any JSON-like value.
 * @param depth The current depth (used by the recursion).
 * @returns The redacted copy.
 */
export function redactDeep(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== "object") return value;
  if (!Array.isArray(value) && !isPlainObject(value)) return value;
  if (depth >= MAX_REDACT_DEPTH) return REDACTED;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of dataEntries(value)) {
    out[k] = isSecretKey(k) && v !== null && v !== undefined && v !== ""
      ? REDACTED
      : redactDeep(v, depth + 1);
  }
  return out;
}

/** The shortest string {@linkcode scrubSecrets} removes (shorter ones would garble text). */
export const MIN_SCRUBBED_LENGTH = 6;

/**
 * Every form in which `secret` may be echoed back in a response: as sent,
 * percent-encoded (`encodeURIComponent` and form encoding with `+`, escapes
 * in either case), and JSON-escaped.
 */
function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret]);
  forms.add(encodeURIComponent(secret));
  forms.add(new URLSearchParams({ s: secret }).toString().slice(2));
  forms.add(JSON.stringify(secret).slice(1, -1));
  // Percent escapes in lower case (`%2f`), as some servers and proxies
  // write them.
  for (const f of [...forms]) {
    forms.add(f.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()));
  }
  return [...forms].filter((f) => f.length >= MIN_SCRUBBED_LENGTH);
}

/**
 * Replaces every occurrence of each known secret (and its URL-encoded and
 * JSON-escaped forms) in `text` with {@linkcode REDACTED}. Secrets shorter
 * than {@linkcode MIN_SCRUBBED_LENGTH} characters are not looked for.
 *
 * @param text The text to clean.
 * @param secrets The exact credential strings that were sent.
 * @returns The text without them.
 */
export function scrubSecrets(
  text: string,
  secrets: readonly string[] | undefined,
): string {
  if (!secrets || secrets.length === 0 || text === "") return text;
  const forms = secrets.flatMap(secretForms).sort((a, b) =>
    b.length - a.length
  );
  let out = text;
  for (const form of forms) {
    if (out.includes(form)) out = out.split(form).join(REDACTED);
  }
  return out;
}

/**
 * A deep copy of `value` with every string scrubbed by
 * {@linkcode scrubSecrets} (object keys included).
 *
 * @param value Any JSON-like value.
 * @param secrets The exact credential strings that were sent.
 * @param depth The current depth (used by the recursion).
 * @returns The scrubbed copy.
 */
export function scrubSecretsDeep(
  value: unknown,
  secrets: readonly string[] | undefined,
  depth = 0,
): unknown {
  if (!secrets || secrets.length === 0) return value;
  if (typeof value === "string") return scrubSecrets(value, secrets);
  if (value === null || typeof value !== "object") return value;
  if (!Array.isArray(value) && !isPlainObject(value)) return value;
  if (depth >= MAX_REDACT_DEPTH) return REDACTED;
  if (Array.isArray(value)) {
    return value.map((v) => scrubSecretsDeep(v, secrets, depth + 1));
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of dataEntries(value)) {
    out[scrubSecrets(k, secrets)] = scrubSecretsDeep(v, secrets, depth + 1);
  }
  return out;
}

// `"access_token": "…"`, `access_token=…`, `refresh-token: …` and
// `Bearer …` in free text (HTML, form bodies, logs).
const SECRET_IN_TEXT =
  /((?:["']?)(?:access|refresh|id|bearer)[-_ ]?token|["']?client[-_ ]?secret|["']?code[-_ ]?verifier|["']?password)(["']?\s*[:=]\s*["']?)([^\s"'&<>,;}]+)/gi;
const BEARER_IN_TEXT = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/g;

/**
 * Free text (an HTML page, a form body, a log line) with the values of
 * credential-looking fields (`access_token=…`, `"refresh_token": "…"`,
 * `Bearer …`) replaced by {@linkcode REDACTED}.
 *
 * @param text The text.
 * @returns The text, safe to show.
 */
export function redactText(text: string): string {
  return text.replace(
    SECRET_IN_TEXT,
    (_m, key, sep) => `${key}${sep}${REDACTED}`,
  )
    .replace(BEARER_IN_TEXT, (_m, scheme) => `${scheme} ${REDACTED}`);
}

// A run of 24 or more token characters with digits, capitals and small
// letters mixed: what Globus tokens, client secrets and JWTs look like, and
// what words, host names, paths and (lower-case) UUIDs do not.
const OPAQUE_WORD = /[A-Za-z0-9_~+=.-]{24,}/g;

/**
 * Free text with every opaque, token-like word (24 or more characters
 * mixing digits, capitals and small letters) replaced by
 * {@linkcode REDACTED}: for text from a place that hands out credentials
 * (a token endpoint's body that is not JSON) where a token may stand
 * without a field name before it.
 *
 * @param text The text.
 * @returns The text, safe to show.
 */
export function redactOpaqueWords(text: string): string {
  return text.replace(
    OPAQUE_WORD,
    (w) => /\d/.test(w) && /[A-Z]/.test(w) && /[a-z]/.test(w) ? REDACTED : w,
  );
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
 * Inspect hooks (Deno's and Node's) that print an object as the plain
 * object of its own fields: for a prototype that is a proxy of hints (a
 * scope object, an app config), whose inspection would otherwise show the
 * proxy. Spread into that prototype's target.
 */
export const OWN_FIELDS_INSPECT = {
  [DENO_INSPECT](
    this: object,
    inspect: (v: unknown, o: unknown) => string,
    options: unknown,
  ): string {
    return inspect({ ...this }, options);
  },
  [NODE_INSPECT](
    this: object,
    _depth: number,
    options: unknown,
    inspect: (v: unknown, o: unknown) => string,
  ): string {
    return inspect({ ...this }, options);
  },
};

/** The `inspect` function Deno hands to a `Deno.customInspect` hook. */
type DenoInspect = (value: unknown, options?: unknown) => string;

/**
 * `label value` for a `Deno.customInspect` hook: `value` rendered by Deno's
 * own inspect with the options the hook was given, so that where the object
 * is nested (a client's app, a dict of token records) its lines are
 * indented with the rest; without them (a direct call), as indented JSON.
 *
 * @param label The class name shown first.
 * @param value Plain, already redacted data.
 * @param inspect The hook's first argument.
 * @param options The hook's second argument.
 * @returns The text.
 */
export function labeledInspect(
  label: string,
  value: unknown,
  inspect?: unknown,
  options?: unknown,
): string {
  return typeof inspect === "function"
    ? `${label} ${(inspect as DenoInspect)(value, options)}`
    : `${label} ${JSON.stringify(value, null, 2)}`;
}

/**
 * Makes `obj` print without its credentials, while its fields still hold
 * them:
 *
 * - Deno's and Node's inspect (so `console.log`, `console.dir`) show the
 *   object with every credential as {@linkcode REDACTED};
 * - credential fields ({@linkcode isSecretKey}) become non-enumerable, so
 *   `console.table`, `Object.keys` and `{ ...obj }` leave them out — read
 *   them by name (`obj.access_token`);
 * - `JSON.stringify(obj)` still writes every field, credentials included,
 *   in their original order (a non-enumerable `toJSON`): it is data, not a
 *   display;
 * - `String(obj)` and a template string (`${obj}`) give the label and the
 *   redacted JSON, as Python's `str(dict)` prints the dict (it was
 *   `[object Object]`), through a non-enumerable `toString`.
 *
 * Nested plain objects and arrays of them are treated the same way, unless
 * `deep` is `false`.
 *
 * @param obj A plain object holding credentials.
 * @param label A name shown before the redacted JSON.
 * @param deep Whether nested objects' credential fields are hidden too
 *   (inspect output is redacted at every depth either way).
 * @returns The same object.
 */
export function hideFromInspect<T extends object>(
  obj: T,
  label: string,
  deep = true,
): T {
  hideSecrets(obj, deep ? 0 : MAX_REDACT_DEPTH - 1);
  // Node indents a hook's lines where the object is nested; Deno does not,
  // so its hook renders with the inspect and options it is given.
  const hooks: [string | symbol, (...args: unknown[]) => string][] = [
    [
      DENO_INSPECT,
      (inspect, options) =>
        labeledInspect(label, redactDeep(obj), inspect, options),
    ],
    [NODE_INSPECT, () => labeledInspect(label, redactDeep(obj))],
  ];
  // Not over a body's own field of that name, nor over a result's own
  // String() (a created client's or credential's table, attached before).
  if (!Object.hasOwn(obj, "toString")) {
    hooks.push(["toString", () => labeledInspect(label, redactDeep(obj))]);
  }
  for (const [sym, value] of hooks) {
    Object.defineProperty(obj, sym, {
      value,
      enumerable: false,
      configurable: true,
      writable: true,
    });
  }
  return obj;
}

/**
 * A deep copy of a JSON-like value in which the credential fields that
 * {@linkcode hideFromInspect} made non-enumerable are ordinary fields
 * again (what `structuredClone` or a spread would leave out). Plain
 * objects and arrays are copied; anything else (and a subtree deeper than
 * {@linkcode MAX_REDACT_DEPTH}) is kept as it is.
 *
 * @param value The value, e.g. a token body from `emulator.mintTokens()` or
 *   a token response's `data`.
 * @param depth The current depth (used by the recursion).
 * @returns The copy.
 */
export function revealDeep(value: unknown, depth = 0): unknown {
  if (depth >= MAX_REDACT_DEPTH) return value;
  if (Array.isArray(value)) return value.map((v) => revealDeep(v, depth + 1));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of dataEntries(value)) out[k] = revealDeep(v, depth + 1);
  return out;
}

/**
 * A plain copy of an object made by {@linkcode hideFromInspect}: every data
 * field, credentials included, enumerable again.
 *
 * @param obj The object.
 * @returns A shallow plain copy.
 */
export function revealFields<T extends object>(obj: T): T {
  return Object.fromEntries(dataEntries(obj)) as T;
}

function hideSecrets(value: unknown, depth: number): void {
  if (depth >= MAX_REDACT_DEPTH) return;
  if (Array.isArray(value)) {
    for (const v of value) hideSecrets(v, depth + 1);
    return;
  }
  if (!isPlainObject(value)) return;
  let hid = false;
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (isSecretKey(key) && v !== null && v !== undefined) {
      Object.defineProperty(value, key, {
        value: v,
        enumerable: false,
        configurable: true,
        writable: true,
      });
      hid = true;
    } else {
      hideSecrets(v, depth + 1);
    }
  }
  if (hid && !Object.hasOwn(value, "toJSON")) {
    Object.defineProperty(value, "toJSON", {
      value(this: object) {
        return revealFields(this);
      },
      enumerable: false,
      configurable: true,
      writable: true,
    });
  }
}
