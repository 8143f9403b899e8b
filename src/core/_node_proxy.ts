/**
 * Internal: proxies from the environment for the `node:http` path on Node.
 * `HTTPS_PROXY` for `https:` URLs, `HTTP_PROXY` for `http:` ones, and
 * `NO_PROXY`, each in either case (the lower-case one first), as Python's
 * `requests` and Deno's `fetch` read them. Node's own `fetch` ignores them
 * unless `NODE_USE_ENV_PROXY` is set (Node 22.21+ and 24.5+; never on Node
 * 20), so requests went around a proxy without a word.
 *
 * An `https:` request goes through a `CONNECT` tunnel (TLS end to end, the
 * proxy sees only the host and port); an `http:` one is sent to the proxy
 * with the absolute URL. One keep-alive agent per proxy.
 *
 * @module
 */
import type { Agent, ClientRequestArgs, IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { nodeBuiltin } from "./runtime.ts";
import { proxyUrl, proxyVariable } from "./_proxy_env.ts";
import { kernelStack } from "./_kernel_stack.ts";

/** Where a request goes through a proxy: the agent, and the proxy. */
export interface ProxyRoute {
  /** The proxy (`http:` only). */
  proxy: URL;
  /** Its keep-alive agent for the request's scheme. */
  agent: Agent;
  /** `Proxy-Authorization`, from the proxy URL's user and password. */
  authorization: string | undefined;
}

const agents = new Map<string, Agent>();

/**
 * The proxy route for `url`, or `undefined` to connect directly.
 *
 * @param url The request's URL.
 * @returns The route.
 * @throws {TypeError} For a proxy variable that is not an `http://` URL.
 */
export function proxyRoute(url: URL): ProxyRoute | undefined {
  const secure = url.protocol === "https:";
  const set = proxyVariable(url);
  if (set === undefined) return undefined;
  const [name, value] = set;
  let proxy: URL;
  try {
    proxy = proxyUrl(value);
  } catch {
    throw kernelStack(
      new TypeError(
        `${name} is not a URL: set it to http://host:port (or unset it to connect directly)`,
      ),
    );
  }
  if (proxy.protocol !== "http:") {
    throw kernelStack(
      new TypeError(
        `${name} is ${proxy.protocol}//…: only http:// proxies are supported here (an https:// URL still goes through an http:// proxy's encrypted tunnel); set it to http://${proxy.host}`,
      ),
    );
  }
  const authorization = proxy.username || proxy.password
    ? `Basic ${
      btoa(
        `${decodeURIComponent(proxy.username)}:${
          decodeURIComponent(proxy.password)
        }`,
      )
    }`
    : undefined;
  const key = `${secure ? "https" : "http"} ${proxy.href}`;
  let agent = agents.get(key);
  if (!agent) {
    agent = secure
      ? tunnelAgent(proxy, authorization)
      : new (nodeBuiltin("node:http").Agent)(AGENT_OPTIONS);
    agents.set(key, agent);
  }
  return { proxy, agent, authorization };
}

/** An agent's `createConnection`, as Node calls it. */
type CreateConnection = (
  options: ClientRequestArgs & { servername?: string },
  callback?: (err: Error | null, socket?: Duplex) => void,
) => Duplex | undefined;

/**
 * The agents' options, direct or through a proxy: keep-alive, and an idle connection closed after 4 s (undici's
 * `keepAliveTimeout`; sooner when the server's `Keep-Alive: timeout=…` says
 * so), so that a connection a firewall dropped silently is not reused. The
 * timeout closes only idle connections: on one in use, Node emits a
 * `timeout` event nobody listens to (the transport's deadline ends a slow
 * request).
 */
export const AGENT_OPTIONS = { keepAlive: true, timeout: 4000 };

/**
 * An `https` agent whose connections are `CONNECT` tunnels through `proxy`,
 * with TLS to the target inside (certificates checked as for a direct
 * connection).
 */
function tunnelAgent(proxy: URL, authorization: string | undefined): Agent {
  const http = nodeBuiltin("node:http");
  const https = nodeBuiltin("node:https");
  const tls = nodeBuiltin("node:tls");
  const net = nodeBuiltin("node:net");
  const agent = new https.Agent(AGENT_OPTIONS);
  // Node's agent takes a connection made later, through the callback, when
  // createConnection returns nothing.
  (agent as unknown as { createConnection: CreateConnection })
    .createConnection = (options, callback) => {
      const host = options.host ?? options.hostname ?? "localhost";
      const target = `${net.isIPv6(host) ? `[${host}]` : host}:${
        options.port ?? 443
      }`;
      const headers: Record<string, string> = { host: target };
      if (authorization) headers["proxy-authorization"] = authorization;
      const connect = http.request({
        host: proxy.hostname.replace(/^\[(.*)\]$/, "$1"),
        port: proxy.port || 80,
        method: "CONNECT",
        path: target,
        headers,
        agent: false,
      });
      let done = false;
      const finish = (err: Error | null, socket?: Duplex) => {
        if (done) return;
        done = true;
        callback?.(err, socket);
      };
      connect.once("connect", (res: IncomingMessage, socket) => {
        if (res.statusCode !== 200) {
          socket.destroy();
          finish(
            Object.assign(
              new Error(
                `the proxy at ${proxy.host} refused to open a tunnel to ${target}: ${res.statusCode} ${
                  res.statusMessage ?? ""
                }`.trim(),
              ),
              { code: "ERR_PROXY_TUNNEL" },
            ),
          );
          return;
        }
        const servername = options.servername ??
          (net.isIP(host) ? undefined : host);
        finish(
          null,
          tls.connect({
            ...options as Record<string, unknown>,
            socket,
            ...(servername === undefined ? {} : { servername }),
          }),
        );
      });
      // A proxy that answers CONNECT with anything but a tunnel (an HTTP
      // response to a plain request) ends here too.
      connect.once("response", (res: IncomingMessage) => {
        res.resume();
        finish(
          Object.assign(
            new Error(
              `the proxy at ${proxy.host} answered the tunnel request to ${target} with ${res.statusCode} ${
                res.statusMessage ?? ""
              }`.trim(),
            ),
            { code: "ERR_PROXY_TUNNEL" },
          ),
        );
      });
      connect.once("error", (err) => finish(err));
      connect.end();
      return undefined;
    };
  return agent;
}
