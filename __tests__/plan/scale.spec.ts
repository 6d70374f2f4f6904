import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { golive, tempDir } from "../helpers/cli";
import { parsePlanJson } from "../../lib/engines/plan";
import type { ChangeView } from "../../lib/core/plan/changes";
import { zeroCounts, type PlanReport } from "../../lib/engines/plan/report";
import { renderMarkdown } from "../../lib/engines/plan/render-markdown";

/** `n` creates of one type, as the report holds them (no plan parsing: this tests rendering only). */
function report(n: number): PlanReport {
  const changes: ChangeView[] = Array.from({ length: n }, (_, i) => ({
    address: `cloudflare_dns_record.r${i}`,
    type: "cloudflare_dns_record",
    mode: "managed",
    kind: "create",
    actions: ["create"],
    replacePaths: [],
    importing: false,
    attributes: [],
    attributesOmitted: 0,
    attributesKey: "",
    before: null,
    after: null,
  }));
  const counts = { ...zeroCounts(), create: n };
  return {
    stacks: [
      {
        stack: "edge-production",
        file: "p.json",
        errored: false,
        partial: false,
        deferred: [],
        constructPathsKnown: false,
        counts,
        changes,
        likelyDrift: new Set(),
        risks: [],
        outputs: [],
        drift: [],
      },
    ],
    failures: [],
    totals: counts,
    riskCount: 0,
  };
}

// 150,000: past the ~120,000 arguments a spread into push() overflows at (60,000 crashed it once).
test("a plan of 150,000 changes of one kind renders without overflowing the stack", () => {
  const md = renderMarkdown(report(150_000));
  expect(md).toContain("`cloudflare_dns_record.r149999`");
  expect(md).toContain("🟢 **Create** (150000)");
});

test("fails on a Terraform state given as a plan, instead of reporting no changes", () => {
  const state = JSON.stringify({ format_version: "1.0", terraform_version: "1.11.4", values: { root_module: { resources: [] } } });
  expect(() => parsePlanJson("state.json", state)).toThrow(/this is a Terraform state .* not a plan/);
});

test("fails on a FIFO given as a plan file, at once, instead of hanging", async () => {
  const dir = tempDir("golive-fifo-");
  execFileSync("mkfifo", [join(dir, "edge-production.json")]);
  const run = await golive(["plan-report", join(dir, "edge-production.json")], { cwd: dir });
  expect(run.code).toBe(1);
  expect(run.stderr).toContain("is a FIFO (named pipe), not a regular file");
});
