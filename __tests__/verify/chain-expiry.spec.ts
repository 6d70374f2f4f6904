import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createTestCa, issueIntermediate, issueLeaf } from "../helpers/test-ca";
import { golive, HOSTS, liveArgs, LiveReport, TOKEN_ENV } from "./fixtures";
import { type LiveProject, startLiveProject } from "./live-project";

// A client verifies every certificate of the chain the server sends: an intermediate that expires
// first ends the chain, whatever the leaf's date.

let live: LiveProject;

beforeAll(async () => {
  live = await startLiveProject();
});

afterAll(() => live?.close());

test("fails tls.expiry naming the intermediate when it expires in 5 days beside a leaf valid for 90", async () => {
  const root = createTestCa("chain root");
  const intermediate = issueIntermediate(root, "short intermediate", 5);
  const leaf = issueLeaf(intermediate, { hosts: HOSTS, notAfterDays: 90 });
  writeFileSync(join(live.cwd, "ca.pem"), root.certPem);
  live.edge.setTls({ key: leaf.keyPem, cert: `${leaf.certPem}${intermediate.certPem}`, minVersion: "TLSv1.2" });
  const run = await golive(live.cwd, liveArgs(live.ports, "json", ["--p95-bar-ms", "5000"]), TOKEN_ENV);
  expect(run.code).toBe(1);
  const report = LiveReport.parse(JSON.parse(run.stdout));
  const failed = report.results.filter((r) => r.status === "fail");
  expect([...new Set(failed.map((r) => r.check))]).toEqual(["tls.expiry"]);
  expect(failed.map((r) => r.target).sort()).toEqual([...HOSTS].sort());
  expect(failed[0]?.detail).toMatch(
    /^intermediate certificate "short intermediate #\d+ \(\d+\)" of the chain expires on \d{4}-\d\d-\d\d, in [45] days; needs more than 21 \(the certificate itself is valid until \d{4}-\d\d-\d\d; clients verify the whole chain\)$/,
  );
  // The chain is trusted: only its expiry fails.
  expect(report.results.filter((r) => r.check === "tls.chain").every((r) => r.status === "pass")).toBe(true);
});
