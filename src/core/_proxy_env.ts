/**
 * Internal: which proxy variable applies to a URL — `HTTPS_PROXY` for
 * `https:` URLs, `HTTP_PROXY` for `http:` ones, each in either case (the
 * lower-case one first), unless `NO_PROXY` exempts the host — as Python's
 * `requests`, Deno's `fetch` and the Node transport (`_node_proxy.ts`) read
 * them. Error messages use it to name a proxy that could not be reached.
 *
 * @module
 */
import { getEnv } from "./runtime.ts";

/** The first set variable of `names`, and its name. */
function firstSet(names: readonly string[]): [string, string] | undefined {
  for (const name of names) {
    const value = getEnv(name)?.trim();
    if (value) return [name, value];
  }
  return undefined;
}

/**
 * Whether `NO_PROXY` exempts `url`: `*`; a host name, which also matches
 * its subdomains (`example.org` and `.example.org` match
 * `transfer.example.org`); an IP address; any of them with `:port`.
 */
function exempt(url: URL): boolean {
  const list = firstSet(["no_proxy", "NO_PROXY"])?.[1];
  if (!list) return false;
  const host = url.hostname.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  for (const raw of list.split(/[\s,]+/)) {
    let entry = raw.toLowerCase();
    if (entry === "") continue;
    if (entry === "*") return true;
    let entryPort: string | undefined;
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
    if (bracketed) {
      entry = bracketed[1] as string;
      entryPort = bracketed[2];
    } else if (entry.split(":").length === 2) {
      const i = entry.lastIndexOf(":");
      entryPort = entry.slice(i + 1);
      entry = entry.slice(0, i);
    }
    if (entryPort !== undefined && entryPort !== port) continue;
    entry = entry.replace(/^\*?\./, "");
    if (host === entry || host.endsWith(`.${entry}`)) return true;
  }
  return false;
}

/**
 * The proxy variable that applies to `url`, if any: its name and value.
 *
 * @param url The request's URL.
 * @returns `[name, value]`, or `undefined` for a direct connection.
 */
export function proxyVariable(url: URL): [string, string] | undefined {
  const set = firstSet(
    url.protocol === "https:"
      ? ["https_proxy", "HTTPS_PROXY"]
      : ["http_proxy", "HTTP_PROXY"],
  );
  return set === undefined || exempt(url) ? undefined : set;
}

/**
 * A proxy variable's value as a URL: `proxy.example.org:3128` (no scheme)
 * is read as `http://…`, as `requests` and curl take it.
 *
 * @param value The variable's value.
 * @returns The URL.
 * @throws {TypeError} When it is not a URL.
 */
export function proxyUrl(value: string): URL {
  return new URL(
    /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`,
  );
}
