import type { Server as HttpServer } from "node:http";
import type { Server as HttpsServer } from "node:https";

/** A test server listening on 127.0.0.1. */
export interface Listening {
  readonly port: number;
  /** Drops every open connection (a request the test left hanging included), then stops listening. */
  close(): Promise<void>;
}

/** Starts `server` on a free port of 127.0.0.1: local stand-ins never listen beyond this machine. */
export async function listenOnLoopback(server: HttpServer | HttpsServer): Promise<Listening> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("a test server is not listening on a TCP port");
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
