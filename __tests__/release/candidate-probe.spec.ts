import { join } from "node:path";
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
