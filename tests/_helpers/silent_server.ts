/**
 * A server that accepts connections and never answers: a hung Globus Auth.
 *
 * @module
 */

/**
 * Starts the server on a free local port.
 *
 * @returns Its `/auth/` URL, promises for the first connection and for the
 *   client closing one, the number of connections, and `close()`.
 */
export async function silentServer(): Promise<{
  url: string;
  connected: Promise<void>;
  closedByClient: Promise<void>;
  connections: () => number;
  close: () => Promise<void>;
}> {
  const { createServer } = await import("node:net");
  const sockets = new Set<import("node:net").Socket>();
  let count = 0;
  let onConnect!: () => void;
  let onClientClose!: () => void;
  const connected = new Promise<void>((r) => onConnect = r);
  const closedByClient = new Promise<void>((r) => onClientClose = r);
  const server = createServer((socket) => {
    count++;
    sockets.add(socket);
    socket.on("close", () => {
      sockets.delete(socket);
      onClientClose();
    });
    socket.on("error", () => undefined);
    onConnect();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/auth/`,
    connected,
    closedByClient,
    connections: () => count,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
