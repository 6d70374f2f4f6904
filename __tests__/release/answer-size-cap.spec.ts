import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { golive } from "../helpers/cli";
import { MAX_ANSWER_BYTES } from "../../lib/core/cloudflare-client";
import { releaseFixture, startedOnLoopback } from "./release-fixture";
import { TOKEN } from "./stand-in-constants";

// One Cloudflare API answer is read up to MAX_ANSWER_BYTES, never whole: a loopback server streaming
// a 200 answer without end (the audit's 1.3 GB, chunked) made `release status --live` hold it all in
// memory until the timeout; now the read stops at the cap and the step says so.

const MiB = 1024 * 1024;

/** A server answering every request with a JSON 200 that never ends; `sent` counts the bytes it got out. */
async function endlessAnswer(): Promise<{ server: Server; baseUrl: string; sent: () => number; closed: Promise<void> }> {
  let sent = 0;
  let closedNow: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => {
    closedNow = resolve;
  });
  const chunk = Buffer.from(`{"id":"${"0".repeat(32)}","name":"x.example.com"},`.repeat(1024));
  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.write('{"success":true,"errors":[],"messages":[],"result":[');
    let open = true;
    res.on("close", () => {
      open = false;
      closedNow();
    });
    const pump = (): void => {
      while (open && sent < 200 * MiB) {
        sent += chunk.length;
        if (!res.write(chunk)) {
          res.once("drain", pump);
          return;
        }
      }
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, baseUrl: `http://127.0.0.1:${port}/client/v4`, sent: () => sent, closed };
}

test("fails an answer larger than the cap at the cap: the step and the cap named, the download stopped, well before the timeout", async () => {
  const api = await endlessAnswer();
  try {
    const fx = releaseFixture();
    startedOnLoopback(fx);
    const started = Date.now();
    const r = await golive(
      ["release", "status", "production", "--live", "--api-base-url", api.baseUrl, "--max-retries", "0", "--timeout-ms", "20000"],
      { cwd: fx.dir, env: { CLOUDFLARE_API_TOKEN: TOKEN } },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `looking up zone example.com: the Cloudflare API answered HTTP 200 with a body over ${MAX_ANSWER_BYTES / MiB} MiB, the most golive reads of one answer; the rest was not read`,
    );
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(15_000);
    await api.closed; // the connection was given up, not drained
    // What left the server: the cap plus what the loopback socket buffers held, far from the 200 MiB it would send.
    expect(api.sent()).toBeLessThan(MAX_ANSWER_BYTES + 32 * MiB);
  } finally {
    api.server.closeAllConnections();
    await new Promise((resolve) => api.server.close(resolve));
  }
});
