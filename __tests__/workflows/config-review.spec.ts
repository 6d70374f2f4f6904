import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CONFIG_REVIEWED_KINDS } from "../../lib/engines/plan/config-diff";
import { STACK_KINDS } from "../../lib/features";
import { configDigest } from "../../lib/engines/plan/config-digest";
import { DIGEST_VERSION, recordLine } from "../../lib/engines/plan/review-record";
import { verifiedDigest } from "../../scripts/ci/signature";
import { fixtureText } from "../plan/fixtures";
import { writeSynthOutput } from "../helpers/synth-output";
import { closeGoliveServer } from "./golive-server";
import { kindsSelectedBy, planEnvironmentsFlags } from "./stack-selection";
import { HEAD, isRecord, jobsOf, reviewWorkspace, stepNamed, stepsIn, stepSandbox, workflow, SIGN_STEP_ENV } from "./support";

// The in-process golive behind the steps' `golive` (support.ts).
afterAll(closeGoliveServer);

const KEY = "0123456789abcdef".repeat(4);
const TF = { backend: { s3: { bucket: "b", key: "k" } }, required_providers: { cloudflare: { source: "cloudflare/cloudflare" } } };

/** A small edge stack as cdktf writes it: an Access policy for a group, a custom WAF rule. */
function edgeStack(opts: { everyone?: boolean; wafOff?: boolean } = {}): Record<string, unknown> {
  return {
    "//": { metadata: { stackName: "edge-production", version: "0.21.0" } },
    terraform: TF,
    resource: {
      cloudflare_zero_trust_access_policy: {
        Access_policy_users: {
          "//": { metadata: { path: "edge-production/Access/policy-users" } },
          name: "app-production-allow-users",
          decision: "allow",
          include: [opts.everyone ? { everyone: {} } : { group: { id: "${cloudflare_zero_trust_access_group.users.id}" } }],
        },
      },
      cloudflare_ruleset: {
        WafCustom: {
          phase: "http_request_firewall_custom",
          rules: [{ description: "Admin paths only from configured networks", action: "block", enabled: !opts.wafOff, expression: "true" }],
        },
      },
    },
  };
}

const monitoringStack = { terraform: TF, resource: { aws_sns_topic: { Alerts: { name: "app-production-alerts" } } } };

describe("workflows: edge-* and monitoring-* are reviewed as a configuration diff, and the deploy holds to it", () => {
  test("pr.yml does not plan exactly the config-reviewed kinds (and bootstrap), and uploads their synthesized stacks", () => {
    const planned = kindsSelectedBy(planEnvironmentsFlags(String(stepNamed("pr.yml", "golive plan").run)));
    const notPlanned = STACK_KINDS.filter((k) => !planned.includes(k));
    expect(notPlanned.filter((k) => k !== "bootstrap").sort()).toEqual([...CONFIG_REVIEWED_KINDS].sort());
    const upload = stepNamed("pr.yml", "upload the data for the review");
    const paths = String(isRecord(upload.with) ? upload.with.path : "").split("\n");
    expect(paths).toContain("cdktf.out/");
    expect(paths.filter((p) => p.startsWith("!cdktf.out"))).toEqual(["!cdktf.out/**/.terraform/", "!cdktf.out/**/*.tfplan"]);
  });

  test("pr-review.yml synthesizes the default branch with its own code, offline, before the report that diffs it", () => {
    const steps = stepsIn(Object.fromEntries(jobsOf(workflow("pr-review.yml"))).review);
    const names = steps.map((s) => String(s.name ?? s.uses));
    const at = (prefix: string) => names.findIndex((n) => n.startsWith(prefix));
    const synth = steps[at("synthesize the default branch")];
    expect(synth).toMatchObject({ id: "base-synth", "working-directory": "base" });
    // Into the checkout's own cdktf.out, as the pr run synthesized the head: a local backend's state path
    // is relative to the checkout, and another folder would show the backend as changed.
    expect(synth?.run).toBe("node bin/golive.js synth > /dev/null");
    expect(synth?.env).toBeUndefined(); // no secret, no token: synth is offline
    expect(at("npm ci (default branch)")).toBeLessThan(at("synthesize the default branch"));
    expect(at("synthesize the default branch")).toBeLessThan(at("golive plan-report"));
    const report = stepNamed("pr-review.yml", "golive plan-report");
    expect(report.env).toMatchObject({
      BASE_SYNTH_OUTCOME: "${{ steps.base-synth.outcome }}",
      HEAD_SYNTH: "${{ steps.unpack.outputs.synth }}",
    });
    expect(String(report.run)).toContain("config=(--config-diff cdktf.out)");
  });

  describe("pr-review.yml, run: the report and signature steps with both synth outputs", () => {
    const ws = reviewWorkspace("golive-config-review-");
    let comment = "";
    beforeAll(async () => {
      writeSynthOutput(join(ws.base, "cdktf.out"), { "edge-production": edgeStack(), "monitoring-production": monitoringStack });
      writeSynthOutput(join(ws.temp, "pr-data", "cdktf.out"), {
        "edge-production": edgeStack({ everyone: true, wafOff: true }),
        "monitoring-production": monitoringStack,
      });
      // pr.yml planned the other stacks (none here): its plans folder, without edge or monitoring
      mkdirSync(join(ws.temp, "pr-data", "plans"), { recursive: true });
      mkdirSync(join(ws.root, "review"), { recursive: true });
      writeFileSync(join(ws.root, "review", "failed-steps.txt"), "");
      const job = { HEAD_SHA: HEAD, REVIEW_RUN_URL: "https://github.com/o/r/actions/runs/42" };
      const steps = [
        [
          "golive plan-report",
          { HEAD_OUTCOME: "success", SCAN_OUTCOME: "success", CHECK_OUTCOME: "success", BASE_SYNTH_OUTCOME: "success", HEAD_SYNTH: "true" },
        ],
        ["sign the plan digest", { PLAN_REVIEW_HMAC_KEY: KEY, ...SIGN_STEP_ENV }],
      ] as const;
      for (const [name, env] of steps) {
        const result = await ws.run(String(stepNamed("pr-review.yml", name).run), { ...job, ...env });
        expect({ name, status: result.status, stderr: result.status === 0 ? "" : result.stderr }).toEqual({ name, status: 0, stderr: "" });
      }
      comment = readFileSync(join(ws.root, "review", "plan-comment.md"), "utf8");
    });

    test("the comment shows the configuration diff with its risk flags, signed and complete like a plan's", () => {
      expect(comment).toContain("Configuration diff, not a plan");
      expect(comment).toContain("| `edge-production` | **2** |");
      const { flags, digestLine } = verifiedDigest([comment], HEAD, KEY);
      expect(flags).toMatchObject({ count: 2, complete: true, stacks: { "edge-production": { "access-widened": 1, "waf-loosened": 1 } } });
      // the configuration digest of each head stack, next to the plan digests, in the signed line
      expect(digestLine).toContain(`"config":{"edge-production":"${configDigest(edgeStack({ everyone: true, wafOff: true }))}"`);
    });
  });

  describe("deploy-environment.yml, run: edge and monitoring are applied only with the reviewed configuration", () => {
    const stacks = ["edge-production", "monitoring-production"];
    const box = stepSandbox("golive-config-apply-", stacks);
    writeSynthOutput(join(box.dir, "cdktf.out"), { "edge-production": edgeStack(), "monitoring-production": monitoringStack });
    for (const s of stacks) writeFileSync(join(box.fixtures, `${s}.json`), fixtureText("tf-changes.json"));
    const script = String(stepNamed("deploy-environment.yml", "plan, compare with the review").run);
    // edge: the reviewed configuration (cdktf metadata aside); monitoring: another one than reviewed
    const reviewed = recordLine({
      v: DIGEST_VERSION,
      commit: HEAD,
      stacks: {},
      config: { "edge-production": configDigest({ ...edgeStack(), "//": { other: true } }), "monitoring-production": "0".repeat(64) },
    });
    let result: { status: number | null; stdout: string; stderr: string };
    beforeAll(async () => {
      await box.writeStacksJson();
      result = await box.run(script, { ENVIRONMENT: "production", REVIEWED_DIGEST: reviewed, REVIEWED_COMMIT: HEAD });
    });

    test("the reviewed configuration is applied from its saved plan", () => {
      expect(result.stdout).toContain(`edge-production: configuration same as the review of ${HEAD}`);
      expect(box.applied()).toEqual(["edge-production"]);
    });

    test("another configuration is refused with one ::error:: naming the stack and what to do; nothing of it is applied", () => {
      expect(result.status).toBe(1);
      expect(result.stdout).toMatch(/^monitoring-production: REFUSED: its synthesized configuration \(sha256 \w{12}\) differs/m);
      expect(result.stdout).toMatch(
        /^::error::monitoring-production: its synthesized configuration is not the one the merged pull request's signed review covers .*open a pull request that shows this configuration in its review/m,
      );
    });
  });
});
