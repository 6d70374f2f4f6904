import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { golive, tempDir } from "../helpers/cli";
import { parsePlanJson } from "../../lib/engines/plan";
import type { ChangeView } from "../../lib/core/plan/changes";
import { zeroCounts, type PlanReport } from "../../lib/engines/plan/report";
import { renderMarkdown } from "../../lib/engines/plan/render-markdown";
import { FULL } from "../../lib/engines/plan/render-options";
import { code } from "../../lib/engines/plan/markdown-text";

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

// 150,000 flags: every one is listed in full (maxRisks ALL), which a spread into push() overflowed at 250,000.
test("a report of 150,000 risk flags renders every flag without overflowing the stack", () => {
  const base = report(1);
  const [stack] = base.stacks;
  if (!stack) throw new Error("no stack");
  const risks = Array.from({ length: 150_000 }, (_, i) => ({
    rule: "state-public-access",
    title: "Public access block loosened",
    address: `aws_s3_bucket_public_access_block.b${i}`,
    detail: "block_public_policy true -> false",
  }));
  const md = renderMarkdown(
    { ...base, stacks: [{ ...stack, risks }], riskCount: risks.length },
    { ...FULL, maxRisks: Number.POSITIVE_INFINITY },
  );
  expect(md).toContain("### 🚨 Risk flags (150000)");
  expect(md).toContain("`aws_s3_bucket_public_access_block.b149999`");
});

test("the longest backtick run of a value with 150,000 runs sets the inline code fence", () => {
  // The last run is three backticks long: the fence is four.
  expect(code(["a`".repeat(150_000), "``b"].join("")).slice(0, 6)).toBe("```` a");
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
