/**
 * Checks of options objects at the public boundary: an options object that
 * is not an object (a Python-style positional argument), and option names
 * this call does not know (a snake_case name from the Python SDK, a
 * misspelling), which would otherwise be ignored without a word.
 *
 * Messages never echo an option's value, and show a name only when it
 * reads as one: a token pasted where a name belongs stays out of them.
 *
 * @module
 */
import { classLabel } from "./_class_label.ts";
import { kernelStack } from "./_kernel_stack.ts";

/** What to say when the options are not an object. */
export interface OptionsHint {
  /**
   * How to write the call with an options object, e.g.
   * `new TransferData({ sourceEndpoint: "…", destinationEndpoint: "…" })`.
   */
  example?: string;
  /**
   * The option a lone string (or number) most likely meant, e.g. `"path"`
   * for `operationLs(id, "/~/")`: the message then suggests `{ path: … }`.
   */
  positional?: string;
  /** The options cannot be left out (they hold required values). */
  required?: boolean;
  /**
   * Options that belong in a nested object, by its name: `{ config:
   * ["tokenStorage", …] }` turns `{ tokenStorage }` into a hint to write
   * `{ config: { tokenStorage } }`.
   */
  nested?: Readonly<Record<string, readonly string[]>>;
}

/** Longest option name quoted in a message; longer ones are described. */
const NAME_LIMIT = 40;
const NAME_PATTERN = /^[A-Za-z_$][\w$-]*$/;

/**
 * Quotes an option name, or describes it when it does not read as one (it
 * might be a token or secret used as a key).
 *
 * @param key The name.
 * @returns `'label'`, or e.g. `(a 73-character name, not shown)`.
 */
function quoteName(key: string): string {
  return key.length <= NAME_LIMIT && NAME_PATTERN.test(key)
    ? `'${key}'`
    : `(a ${key.length}-character name, not shown)`;
}

/**
 * Whether `text` looks like a path (shown in messages): it starts with `/`
 * or `~`, and is no base64 credential that happens to (a client secret is
 * base64, and 1 in 64 starts with `/`: `new ConfidentialAppAuthClient(id,
 * secret, secret)` showed it).
 */
function looksLikePath(text: string): boolean {
  if (!/^[/~][^\s]{0,79}$/.test(text)) return false;
  if (/[+=]/.test(text) && /^[A-Za-z0-9+/=]+$/.test(text)) return false;
  return !text.split("/").some((part) =>
    part.length >= 20 && /[a-z]/.test(part) && /[A-Z]/.test(part) &&
    /\d/.test(part)
  );
}

/**
 * Describes a value that is not an options object, without echoing text
 * that could be a credential: a string is shown only when it looks like a
 * path.
 *
 * @param value The value.
 * @returns e.g. `a string ("/~/data/")`, `a string (73 characters)`, `the number 5`.
 */
export function describeNonObject(value: unknown): string {
  if (value === undefined) return "left out";
  if (value === null) return "null";
  if (typeof value === "string") {
    // A path, or a word no credential is (a boolean or None as text).
    return looksLikePath(value) ||
        /^(?:true|false|yes|no|on|off|none|null|undefined)$/i.test(value) ||
        /^\s*-?[\d.]{1,20}\s*$/.test(value)
      ? `a string (${JSON.stringify(value)})`
      : `a string (${value.length} character${value.length === 1 ? "" : "s"})`;
  }
  if (typeof value === "number" || typeof value === "boolean") {
    return `the ${typeof value} ${String(value)}`;
  }
  if (Array.isArray(value)) return `an array`;
  if (typeof value === "function") return `a function`;
  const name = className(value as object);
  return name
    ? `${article(name)} ${name}`
    : typeof value === "object"
    ? "an object"
    : typeof value;
}

/**
 * "a" or "an" before a class name, by its sound: `an Array`, `an
 * Uint…`-style names read "you", so `a UserApp`, `a URL`, `a Uint8Array`.
 */
function article(word: string): string {
  return /^(?:[AEIO]|U(?!s|r|int|ni))/i.test(word) ? "an" : "a";
}

/**
 * The class of an object that is not a plain object, or `undefined`.
 *
 * @param value The object.
 * @returns The class name, e.g. `"TransferClient"`.
 */
function className(value: object): string | undefined {
  const proto = Object.getPrototypeOf(value);
  if (proto === null) return undefined;
  const ctor = (proto as { constructor?: unknown }).constructor;
  if (typeof ctor !== "function") return undefined;
  // A plain object from this or another realm (a notebook, a worker).
  if (ctor === Object || ctor.name === "Object") return undefined;
  return ctor.name || "object of a class";
}

/** `source_endpoint` → `sourceEndpoint`; `refresh-tokens` → `refreshTokens`. */
export function camelCase(key: string): string {
  return key.replace(/[_-]+([A-Za-z0-9])/g, (_, c: string) => c.toUpperCase())
    .replace(/^[_-]+|[_-]+$/g, "");
}

/** Letters and digits only, lower case: for loose comparison. */
function squash(key: string): string {
  return key.replace(/[_\-$]/g, "").toLowerCase();
}

/** The edit distance of two short strings (with transpositions). */
function distance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push([i]);
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        (rows[0] as number[])[j] = j;
        continue;
      }
      const row = rows[i] as number[];
      const prev = rows[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(
        (prev[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (prev[j - 1] as number) + cost,
      );
      if (
        i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]
      ) {
        d = Math.min(d, (rows[i - 2] as number[])[j - 2] as number + 1);
      }
      row[j] = d;
    }
  }
  return (rows[a.length] as number[])[b.length] as number;
}

/**
 * The known option an unknown name most likely meant.
 *
 * @param key The unknown name.
 * @param known The known names.
 * @returns The suggestion, or `undefined`.
 */
export function suggestOption(
  key: string,
  known: readonly string[],
): string | undefined {
  const camel = camelCase(key);
  if (known.includes(camel)) return camel;
  const loose = squash(key);
  const same = known.find((k) => squash(k) === loose);
  if (same) return same;
  // Python's names that differ by more than case: `timeout` (seconds) is
  // timeoutMs or timeoutS here, `polling_interval` is pollingIntervalS.
  const prefixed = known.filter((k) =>
    squash(k).startsWith(loose) && squash(k).length - loose.length <= 2
  );
  if (prefixed.length === 1) return prefixed[0];
  // A known name whose last words are the key: `name` is displayName.
  const tail = camel.charAt(0).toUpperCase() + camel.slice(1);
  const suffixed = known.filter((k) => k.endsWith(tail));
  if (suffixed.length === 1) return suffixed[0];
  let best: string | undefined;
  let bestDistance = Infinity;
  let tie = false;
  for (const k of known) {
    const d = distance(loose, squash(k));
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
      tie = false;
    } else if (d === bestDistance) {
      tie = true;
    }
  }
  const allowed = loose.length <= 4 ? 1 : loose.length <= 8 ? 2 : 3;
  return best !== undefined && !tie && bestDistance <= allowed
    ? best
    : undefined;
}

/**
 * Checks an options object: it must be a plain object (or left out), and
 * every name in it must be one the call knows.
 *
 * @param where The call, for the message: `"TransferData"`,
 *   `"TransferClient.operationLs()"`.
 * @param options The options as given (`undefined` passes).
 * @param known The option names the call reads.
 * @param hint How to write the call, for a value that is not an object.
 * @throws {TypeError} Naming the problem and the fix.
 */
export function checkOptions(
  where: string,
  options: unknown,
  known: readonly string[],
  hint?: OptionsHint,
): void {
  if (options === undefined && !hint?.required) return;
  if (
    options === null || typeof options !== "object" ||
    Array.isArray(options) || className(options) !== undefined
  ) {
    throw kernelStack(new TypeError(notAnObject(where, options, hint)));
  }
  let unknown: string[] | undefined;
  for (const key in options) {
    if (!Object.hasOwn(options, key)) continue;
    if (key === "signal" || key === "queryParams") {
      checkSharedOption(where, key, (options as Record<string, unknown>)[key]);
    }
    if (known.includes(key)) continue;
    (unknown ??= []).push(key);
  }
  if (unknown === undefined) return;
  throw kernelStack(
    new TypeError(unknownMessage(where, unknown, known, hint?.nested)),
  );
}

/**
 * Checks the value of an option that means the same in every call: a
 * `signal` that is no AbortSignal failed inside with "….throwIfAborted is
 * not a function" (an `AbortController` given for its `.signal`), and a
 * `queryParams` string was spread into the URL a character at a time
 * (`"x=1"` went as `0=x&1=%3D&2=1`). `undefined` and `null` pass.
 */
function checkSharedOption(where: string, key: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (key === "signal") {
    const signal = value as Partial<AbortSignal>;
    if (
      typeof value === "object" && typeof signal.aborted === "boolean" &&
      typeof signal.throwIfAborted === "function" &&
      typeof signal.addEventListener === "function"
    ) return;
    const controller = typeof value === "object" &&
      typeof (value as { abort?: unknown }).abort === "function" &&
      typeof (value as { signal?: unknown }).signal === "object";
    throw kernelStack(
      new TypeError(
        `${where}: 'signal' must be an AbortSignal, not ${
          describeObjectOption(value)
        }; ${
          controller
            ? "give the controller's signal: { signal: controller.signal }"
            : "write { signal: controller.signal } (const controller = new AbortController()) or { signal: AbortSignal.timeout(60_000) }"
        }`,
      ),
    );
  }
  if (
    typeof value === "object" && !Array.isArray(value) &&
    className(value) === undefined
  ) return;
  const text = typeof value === "string" ||
    (typeof value === "object" && value instanceof URLSearchParams);
  throw kernelStack(
    new TypeError(
      `${where}: 'queryParams' must be an object of parameter names and values, such as { queryParams: { limit: 10 } }, not ${
        describeObjectOption(value)
      }${
        text
          ? "; for query text write { queryParams: Object.fromEntries(new URLSearchParams(text)) }"
          : ""
      }`,
    ),
  );
}

function notAnObject(
  where: string,
  value: unknown,
  hint: OptionsHint | undefined,
): string {
  let message = `${where}: the options must be an object of named options, ${
    value === undefined ? "not left out" : `not ${describeNonObject(value)}`
  }`;
  // A number only where the positional one is a number (`timeoutS`): a
  // path of 42 was suggested as `{ path: 42 }`.
  if (
    hint?.positional &&
    (typeof value === "string" ||
      (typeof value === "number" && /S$/.test(hint.positional)))
  ) {
    const shown = typeof value === "number" || looksLikePath(value)
      ? JSON.stringify(value)
      : "…";
    message += `; write { ${hint.positional}: ${shown} }`;
  }
  if (hint?.example) message += `, as in ${hint.example}`;
  return `${message} (the Python SDK's keyword arguments, and its positional ones after the first, are named options here)`;
}

/**
 * A note on units when a name without them maps to one with them:
 * Python's `timeout` is in seconds, `timeoutMs` in milliseconds.
 */
function units(key: string, suggestion: string): string {
  if (/Ms$/.test(suggestion) && !/ms$/i.test(key)) {
    return ` (in milliseconds: the Python SDK's seconds times 1000)`;
  }
  if (/S$/.test(suggestion) && !/s$/i.test(key)) return " (in seconds)";
  return "";
}

/**
 * The Python SDK's client options that are other options here (keyed by
 * their squashed name), for the calls that have the option named first.
 */
const PYTHON_OPTIONS: Readonly<Record<string, readonly [string, string]>> = {
  transportparams: [
    "retry",
    "the Python SDK's transport_params are options of their own here: retry: { maxRetries } for max_retries (retry: false for none), timeoutMs for http_timeout (its seconds times 1000); for verify_ssl, see GLOBUS_SDK_VERIFY_SSL in the README",
  ],
  retryconfig: [
    "retry",
    "the Python SDK's RetryConfig is the retry option here: retry: { maxRetries, maxBackoffMs, statusCodes, checks }",
  ],
  maxretries: ["retry", "did you mean 'retry: { maxRetries }'?"],
  jwtparams: [
    "clockToleranceSeconds",
    "the Python SDK's jwt_params={\"leeway\": n} is clockToleranceSeconds: n here (jwt_params' other keys have no counterpart)",
  ],
  loginclient: [
    "clientId",
    "the Python SDK's login_client is not taken here: give its clientId (and clientSecret, for a confidential client), and the app makes its own Auth client (app.authClient), at config.authBaseUrl (e.g. emulator.authUrl) and with config.fetch when set",
  ],
  // SQLiteTokenStorage(path, connect_params={"timeout": 5}): the
  // database's busy timeout.
  connectparams: [
    "lockTimeoutMs",
    "the Python SDK's connect_params (sqlite3.connect's keyword arguments) are not taken here: its timeout (seconds to wait for another program's lock) is lockTimeoutMs (in milliseconds: the seconds times 1000); the others have no counterpart",
  ],
  httptimeout: [
    "timeoutMs",
    "did you mean 'timeoutMs' (in milliseconds: the Python SDK's seconds times 1000)?",
  ],
  // Python SDK 3's AuthClient(client_id=…, authorizer=…) (deprecated there,
  // removed in 4): only a service client has an authorizer option.
  clientid: [
    "authorizer",
    "a service client takes no client id (Python SDK 3 deprecated AuthClient(client_id=…) and 4 removed it): it calls the API with its authorizer or app, so leave it out; a client id goes to NativeAppAuthClient(clientId), ConfidentialAppAuthClient(clientId, clientSecret) or new UserApp({ appName, clientId })",
  ],
  // Python SDK 3's TransferData/DeleteData(…, skip_activation_check=True)
  // (removed in 4): only a task document has notifyOnSucceeded.
  skipactivationcheck: [
    "notifyOnSucceeded",
    "Python SDK 3's skip_activation_check is not taken here (Python SDK 4 removed it): Globus Connect Server v5 collections need no activation, so leave it out (additionalFields: { skip_activation_check: true } still sends it)",
  ],
};

/** A hint for a Python SDK option that is another option here. */
function pythonOption(
  key: string,
  known: readonly string[],
): string | undefined {
  const entry = PYTHON_OPTIONS[squash(key)];
  return entry && known.includes(entry[0]) ? entry[1] : undefined;
}

function unknownMessage(
  where: string,
  unknown: readonly string[],
  known: readonly string[],
  nested: Readonly<Record<string, readonly string[]>> = {},
): string {
  let guessedAll = true;
  const guesses = unknown.map((key) => {
    let suggestion = suggestOption(key, known);
    if (suggestion === undefined) {
      for (const [parent, names] of Object.entries(nested)) {
        const inner = suggestOption(key, names);
        if (inner !== undefined) {
          suggestion = `${parent}: { ${inner} }`;
          break;
        }
      }
    }
    if (suggestion === undefined) guessedAll = false;
    return [quoteName(key), suggestion] as const;
  });
  const python = unknown.map((key) => pythonOption(key, known));
  if (python.every((hint) => hint !== undefined)) {
    return `${where}: ${
      unknown.map((key, i) => `unknown option ${quoteName(key)}; ${python[i]}`)
        .join(". ")
    }${python[python.length - 1]?.endsWith("?") ? "" : "."}`;
  }
  const [first] = guesses;
  const head = guesses.length === 1 && first
    ? `unknown option ${first[0]}${
      first[1] === undefined
        ? ""
        : `; did you mean '${first[1]}'${
          units(unknown[0] as string, first[1])
        }?`
    }`
    : `unknown options ${
      guesses.map(([name, s]) =>
        s === undefined ? name : `${name} (did you mean '${s}'?)`
      ).join(", ")
    }`;
  const snake = unknown.some((k) => k.includes("_"));
  const list = guessedAll
    ? ""
    : known.length > 0
    ? ` Its options are: ${known.join(", ")}.`
    : " It takes no options.";
  return `${where}: ${head}${head.endsWith("?") ? "" : "."}${
    snake ? " Options are camelCase here, not the Python SDK's snake_case." : ""
  }${list}`;
}

/** The options of every service client (`BaseClientOptions`). */
export const BASE_CLIENT_OPTIONS: readonly string[] = [
  "authorizer",
  "app",
  "environment",
  "baseUrl",
  "validateResponses",
  "fetch",
  "clock",
  "retry",
  "timeoutMs",
  "totalTimeoutMs",
  "headers",
  "clientInfo",
  "appName",
  "maxResponseBytes",
];

/** The options of each of the SDK's own client classes, by class. */
const CLIENT_OPTIONS = new WeakMap<object, readonly string[]>();

/**
 * Records the option names a client class of this SDK reads, so that
 * `new ThatClass({ … })` refuses names it does not know. A class that
 * extends it (one of the user's) is checked with the same names, as
 * Python's `BaseClient.__init__` refuses keyword arguments it does not take.
 *
 * @param cls The class.
 * @param names Its option names.
 */
export function registerClientOptions(
  cls: object,
  names: readonly string[],
): void {
  CLIENT_OPTIONS.set(cls, names);
}

/**
 * Whether `cls` itself (not a class extending it) is one of the SDK's
 * client classes that recorded its options.
 *
 * @param cls The class.
 * @returns `true` for such a class.
 */
export function isRegisteredClient(cls: object): boolean {
  return CLIENT_OPTIONS.has(cls);
}

/** The recorded class `cls` is or extends, and its option names. */
function registeredOptions(
  cls: object,
): readonly [object, readonly string[]] | undefined {
  for (
    let c: object | null = cls;
    c !== null && c !== Function.prototype;
    c = Object.getPrototypeOf(c)
  ) {
    const names = CLIENT_OPTIONS.get(c);
    if (names !== undefined) return [c, names];
  }
  return undefined;
}

/**
 * Checks the options of `new cls(options)` when `cls` is one of the SDK's
 * own client classes, or a class that extends one (`class GroupsClient
 * extends BaseClient`, `class MyTransferClient extends TransferClient`).
 *
 * @param cls `new.target` of the constructor.
 * @param options The options as given.
 * @param example How to write the call, e.g. `new TransferClient({ app })`.
 * @throws {TypeError} For options that are not an object or have an
 *   unknown name.
 */
export function checkClientOptions(
  cls: { readonly name: string },
  options: unknown,
  example?: string,
): void {
  const found = registeredOptions(cls);
  if (found === undefined) return;
  const [registered, names] = found;
  const label = classLabel(cls);
  try {
    checkOptions(
      label,
      options,
      names,
      {
        example: example ??
          `new ${label}({ authorizer }) or new ${label}({ app })`,
      },
    );
  } catch (err) {
    // A class of the user's may take options of its own, which its
    // constructor must not pass on (Python's **kwargs).
    // Said when the name was not recognized as a misspelling or a
    // Python name.
    if (
      registered === cls || !(err instanceof TypeError) ||
      !/unknown option/.test(err.message) ||
      /did you mean|Python SDK's/.test(err.message)
    ) throw err;
    throw kernelStack(
      new TypeError(
        `${err.message} An option of ${
          cls.name ? `${label}'s` : `your class's (it extends ${label})`
        } own must not reach super(): take it out first, e.g. constructor({ myOption, ...options }) { super(options); } (as Python's def __init__(self, my_option, **kwargs): super().__init__(**kwargs)).`,
      ),
    );
  }
}

/**
 * Describes a value given where an object of the SDK's was expected,
 * without showing a string's text (a token, a secret).
 */
function describeObjectOption(value: unknown): string {
  return typeof value === "string"
    ? `a string (${value.length} character${value.length === 1 ? "" : "s"})`
    : typeof value === "object" && value !== null && !Array.isArray(value) &&
        className(value) === undefined
    ? `an object with ${
      Object.keys(value).length === 0
        ? "no fields"
        : `the field(s) ${Object.keys(value).slice(0, 5).join(", ")}`
    }`
    : describeNonObject(value);
}

/**
 * Checks an `app` option: left out, `null`, or an app (a `UserApp`, a
 * `ClientApp`: an object with `getAuthorizer()` and
 * `addScopeRequirements()`). Anything else failed in the constructor with
 * "n.app.addScopeRequirements is not a function" (a minified name, in the
 * npm package), a Promise of an app too.
 *
 * @param where The class, for the message.
 * @param value The value.
 * @throws {TypeError} Naming the problem and the fix.
 */
export function checkApp(where: string, value: unknown): void {
  if (value === undefined || value === null) return;
  const has = (name: string) =>
    typeof (value as Record<string, unknown>)[name] === "function";
  if (
    (typeof value === "object" || typeof value === "function") &&
    has("getAuthorizer") && has("addScopeRequirements")
  ) return;
  const make =
    `const app = new UserApp({ appName: "my-app", clientId }); new ${where}({ app })`;
  const [what, fix] = typeof value === "object" && has("then")
    ? ["a Promise", "await it first: { app: await … }"]
    : typeof value === "string"
    ? [
      `a string (${value.length} character${value.length === 1 ? "" : "s"})`,
      `an app's name goes in the app: ${make}`,
    ]
    : [
      describeObjectOption(value),
      `make the app first and give it to the client: ${make}`,
    ];
  throw kernelStack(
    new TypeError(
      `${where}: 'app' must be an app (a UserApp, a ClientApp, or a ServiceApp: getAuthorizer() and addScopeRequirements()), not ${what}; ${fix}`,
    ),
  );
}

/**
 * Checks an `authorizer` option: left out, `null`, or an object with a
 * `getAuthorizationHeader()` method. A token string (or `{ accessToken }`)
 * was accepted and failed at the first request with "getAuthorizationHeader
 * is not a function". The message never shows the value (a token).
 *
 * @param where The class or call, for the message.
 * @param value The value.
 * @throws {TypeError} Naming the problem and the fix.
 */
export function checkAuthorizer(where: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (
    (typeof value === "object" || typeof value === "function") &&
    typeof (value as { getAuthorizationHeader?: unknown })
        .getAuthorizationHeader === "function"
  ) return;
  const what = describeObjectOption(value);
  throw kernelStack(
    new TypeError(
      `${where}: 'authorizer' must be an authorizer (an object with getAuthorizationHeader()), not ${what}; for an access token write { authorizer: new AccessTokenAuthorizer(token) }, as Python's AccessTokenAuthorizer(token), or give { app } to log in`,
    ),
  );
}

/**
 * Checks a base URL given as an option: an absolute `http(s)` URL, and
 * `https` for a Globus host (where an `http` URL would send the bearer
 * token in clear text).
 *
 * @param where The class, for the message.
 * @param value The value (`undefined` passes).
 * @throws {TypeError} Naming the problem and the fix.
 */
export function checkBaseUrl(where: string, value: unknown): void {
  if (value === undefined) return;
  let url: URL | undefined;
  if (typeof value === "string") {
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
  }
  if (
    url === undefined || (url.protocol !== "https:" && url.protocol !== "http:")
  ) {
    throw kernelStack(
      new TypeError(
        `${where}: 'baseUrl' must be an absolute http(s) URL such as "https://transfer.api.globus.org/" or an emulator's transferUrl/authUrl: current value is ${
          describeUrlInput(value)
        }`,
      ),
    );
  }
  if (
    url.protocol === "http:" &&
    (url.hostname === "globus.org" || url.hostname.endsWith(".globus.org"))
  ) {
    throw kernelStack(
      new TypeError(
        `${where}: 'baseUrl' ${url.origin} uses http://, which would send your token unencrypted; Globus services use https://${url.host}/`,
      ),
    );
  }
}

/**
 * Shows a would-be URL that is not one: a short string that looks like a
 * host or path is quoted; anything else (it might be a token pasted in the
 * wrong place) is only described.
 */
function describeUrlInput(value: unknown): string {
  // The emulator itself, for one of its URLs (it said "object").
  if (
    typeof value === "object" && value !== null &&
    typeof (value as { transferUrl?: unknown }).transferUrl === "string" &&
    typeof (value as { authUrl?: unknown }).authUrl === "string"
  ) {
    return "the emulator, not one of its URLs: give emulator.transferUrl to a TransferClient, emulator.authUrl to an Auth client";
  }
  if (typeof value === "object" && value !== null && value instanceof URL) {
    return "a URL object: give its text, baseUrl: url.href";
  }
  if (typeof value !== "string") return value === null ? "null" : typeof value;
  return value.length <= 80 && /[./]/.test(value) && !/\s/.test(value)
    ? JSON.stringify(value)
    : `a string (${value.length} characters)`;
}
