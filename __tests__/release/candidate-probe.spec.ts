import { createServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { join } from "node:path";
import { CandidateProber } from "../../lib/features/release/candidate-probe";
import { spawnCollect, tempDir } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/example-config";
import { createTestCa, issueLeaf } from "../helpers/test-ca";

const ca = createTestCa("golive candidate probe CA");
const leaf = issueLeaf(ca, { hosts: ["app.example.com"] });

/** Probes in a process of their own (node's warnings go to its stderr, as in bin/golive.js): one, then 15 at once. */
const SCRIPT = `
const { createServer } = require("node:https");
const { CandidateProber } = require(process.env.PROBE_MODULE);
const server = createServer({ key: process.env.KEY, cert: process.env.CERT }, (q, s) => s.writeHead(200).end("ok"));
server.listen(0, "127.0.0.1", async () => {
  const prober = new CandidateProber({ hostname: "app.example.com", path: "/", port: server.address().port, ca: [process.env.CA], timeoutMs: 2000 });
  await prober.probe("o", "127.0.0.1");
  const samples = await Promise.all(Array.from({ length: 15 }, () => prober.probe("o", "127.0.0.1")));
  process.stdout.write(samples.map((s) => s.status).join(","));
  prober.close();
  server.close();
});
`;

describe("CandidateProber on its kept-alive connection", () => {
  test("probes queued behind the connection leave no listener on it: no MaxListenersExceededWarning on stderr", async () => {
    // The audit's spawned watch printed "11 secureConnect listeners added to [TLSSocket]" under load.
    const r = await spawnCollect(process.execPath, ["-r", join(REPO_ROOT, "lib", "runtime", "register-ts.js"), "-e", SCRIPT], {
      cwd: tempDir("golive-probe-"),
      env: {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        PROBE_MODULE: join(REPO_ROOT, "lib", "features", "release", "candidate-probe.ts"),
        KEY: leaf.keyPem,
        CERT: leaf.certPem,
        CA: ca.certPem,
      },
    });
    expect(r).toEqual({ code: 0, stdout: Array(15).fill(200).join(","), stderr: "" });
  });
});

describe("CandidateProber when the origin closes a kept-alive connection as it is reused", () => {
  test("the request goes once more on a new connection: the healthy origin's sample is its 200, not ECONNRESET", async () => {
    // The origin answers the first request of each connection and closes the connection at its second, as
    // an origin's idle timeout firing just as the next probe reuses the connection does.
    const requestsOn = new Map<Socket, number>();
    const server = createServer({ key: leaf.keyPem, cert: leaf.certPem }, (req, res) => {
      const n = (requestsOn.get(req.socket) ?? 0) + 1;
      requestsOn.set(req.socket, n);
      if (n > 1) req.socket.destroy();
      else res.writeHead(200).end("ok");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    const prober = new CandidateProber({ hostname: "app.example.com", path: "/", port, ca: [ca.certPem], timeoutMs: 5000 });
    try {
      const first = await prober.probe("o", "127.0.0.1");
      const second = await prober.probe("o", "127.0.0.1");
      expect([first.status, second.status, second.error]).toEqual([200, 200, undefined]);
      // The second probe's reset connection and the new one it was sent again on.
      expect(requestsOn.size).toBe(2);
    } finally {
      prober.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  test("a connection closed unanswered on a new connection is the origin's failure, reported once, not retried", async () => {
    let requests = 0;
    const server = createServer({ key: leaf.keyPem, cert: leaf.certPem }, (req) => {
      requests += 1;
      req.socket.destroy();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    const prober = new CandidateProber({ hostname: "app.example.com", path: "/", port, ca: [ca.certPem], timeoutMs: 5000 });
    try {
      const sample = await prober.probe("o", "127.0.0.1");
      expect([sample.status, sample.error, requests]).toEqual([undefined, "ECONNRESET", 1]);
    } finally {
      prober.close();
      await new Promise((r) => server.close(r));
    }
  });
});
