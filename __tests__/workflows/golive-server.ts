import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { runCli } from "../../lib/cli/main";
import { isRecord } from "../../lib/core/json";

/** The client a step sandbox's `npx golive` runs (plain JS: no loader to start). */
export const GOLIVE_CLIENT = join(__dirname, "golive-client.js");

/** One frame per line: output of fd 1 or 2 (base64), or the exit code last. */
function frameWriter(socket: Socket, fd: 1 | 2): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      // done at once: the socket keeps the order, and every frame is queued before the exit code.
      socket.write(`${JSON.stringify({ fd, data: Buffer.from(chunk).toString("base64") })}\n`);
      done();
    },
  });
}

function stringRecord(value: unknown): Record<string, string> {
  return isRecord(value) ? Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === "string")) : {};
}

/** The request, once the client has half-closed (async iteration would destroy the socket's writable side). */
function requestOf(socket: Socket): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("error", reject);
    socket.on("end", () => resolve(JSON.parse(Buffer.concat(chunks).toString("utf8"))));
  });
}

async function serve(socket: Socket): Promise<void> {
  const request = await requestOf(socket);
  if (!isRecord(request) || !Array.isArray(request.argv) || typeof request.cwd !== "string") throw new Error("bad request");
  const code = await runCli(request.argv.map(String), {
    stdout: frameWriter(socket, 1),
    stderr: frameWriter(socket, 2),
    cwd: request.cwd,
    env: stringRecord(request.env),
    // No step pipes into golive; never the test runner's own stdin.
    stdin: Readable.from([]),
  });
  socket.end(`${JSON.stringify({ code })}\n`);
}

let listening: Promise<{ path: string; close: () => Promise<void> }> | undefined;

/**
 * A unix socket where golive runs in this process for golive-client.js: the CLI's modules are loaded
 * once per test file instead of once per call. Unref'd: it never keeps the test process alive, and
 * the steps talking to it are spawned asynchronously so this process can answer. A spec that starts it
 * closes it in afterAll (closeGoliveServer).
 */
export async function goliveSocket(): Promise<string> {
  listening ??= new Promise((resolve, reject) => {
    const dir = mkdtempSync(join(tmpdir(), "golive-sock-"));
    const path = join(dir, "golive.sock");
    const server = createServer({ allowHalfOpen: true }, (socket) => {
      serve(socket).catch((err: unknown) => {
        socket.end(`${JSON.stringify({ fd: 2, data: Buffer.from(`golive server: ${String(err)}\n`).toString("base64") })}\n{"code":70}\n`);
      });
    });
    server.on("error", reject);
    server.listen(path, () =>
      resolve({
        path,
        close: () => new Promise<void>((done) => server.close(() => done())).then(() => rmSync(dir, { recursive: true, force: true })),
      }),
    );
    server.unref();
  });
  return (await listening).path;
}

/** Stops the server (if started) and removes its socket; the next goliveSocket() starts another. */
export async function closeGoliveServer(): Promise<void> {
  const started = listening;
  listening = undefined;
  if (started) await (await started).close();
}
