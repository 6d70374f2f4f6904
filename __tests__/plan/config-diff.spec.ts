import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { compareConfig, configDigest } from "../../lib/engines/plan/config-digest";
import { configDiff, isConfigReviewed } from "../../lib/engines/plan/config-diff";
import { findReviewRecord } from "../../lib/engines/plan/review-record";
import { golive, tempDir } from "../helpers/cli";
import { exampleConfig } from "../helpers/example-config";
import { type SynthJson, synthKind } from "../helpers/synth";
import { writeSynthOutput } from "../helpers/synth-output";
import { renderConfigReview } from "./config-review";

// Synthesized once per folder (synthKind memoizes): each call below is a parsed copy to change.
const edge = (): SynthJson => synthKind(exampleConfig(), "edge");
const monitoring = (): SynthJson => synthKind(exampleConfig(), "monitoring");
const COMMIT = "0123456789abcdef0123456789abcdef01234567";

function block(json: SynthJson, type: string, prefix: string): Record<string, unknown> {
  const found = Object.entries(json.resource[type] ?? {}).find(([name]) => name.startsWith(prefix));
  if (!found) throw new Error(`no ${type} ${prefix}* in the synthesized stack`);
  return found[1];
}

/** The production edge stack with an Access policy opened to everyone, an Access app removed and a WAF rule disabled. */
function weakenedEdge(): SynthJson {
  const head = edge();
  block(head, "cloudflare_zero_trust_access_policy", "Access_policy-users").include = [{ everyone: {} }];
  const apps = head.resource.cloudflare_zero_trust_access_application ?? {};
  const admin = Object.keys(apps).find((n) => n.startsWith("Access_app-admin"));
  if (admin) delete apps[admin];
  const waf = block(head, "cloudflare_ruleset", "WafCustom");
  waf.rules = (waf.rules as Record<string, unknown>[]).map((r, i) => (i === 1 ? { ...r, enabled: false } : r));
  return head;
}

function report(stack: string, base: unknown, head: unknown) {
  return renderConfigReview(stack, base, head, COMMIT);
}

describe("configuration diff of the stacks pull requests cannot plan (edge, monitoring)", () => {
  test("only edge-* and monitoring-* are reviewed as a configuration diff", () => {
    expect(["edge-production", "monitoring-staging"].every(isConfigReviewed)).toBe(true);
    expect(["secrets-production", "traffic-production", "edge", "edgy-production"].some(isConfigReviewed)).toBe(false);
  });

  test("identical synth: every change is a no-op, no flag, and the same digest", () => {
    const rendered = report("edge-production", edge(), edge());
    const actions = new Set(rendered.report.stacks[0]?.changes.map((c) => c.kind));
    expect(actions.size).toBe(0);
    expect(rendered.report.stacks[0]?.counts["no-op"]).toBeGreaterThan(40);
    expect(rendered.report.riskCount).toBe(0);
    expect(configDigest(edge())).toBe(configDigest(edge()));
  });

  test("an Access policy opened to everyone, an Access app removed and a WAF rule disabled raise the flags a plan would", () => {
    // Testing.synth drops cdktf's `//` metadata; the base gets the construct path cdktf writes for the app.
    const base = edge();
    block(base, "cloudflare_zero_trust_access_application", "Access_app-admin")["//"] = {
      metadata: { path: "edge-production/Access/app-admin" },
    };
    const rendered = report("edge-production", base, weakenedEdge());
    const flags = rendered.report.stacks[0]?.risks.map((r) => `${r.rule} ${r.address} ${r.detail}`) ?? [];
    expect(flags).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^waf-loosened cloudflare_ruleset\.WafCustom_\w+ http_request_firewall_custom: ".+" disabled$/),
        expect.stringMatching(
          /^access-widened cloudflare_zero_trust_access_application\.Access_app-admin_\w+ Access application .+ deleted: the path is no longer behind Access$/,
        ),
        expect.stringMatching(/^access-widened cloudflare_zero_trust_access_policy\.Access_policy-users_\w+ .+: include now has everyone$/),
      ]),
    );
    expect(rendered.report.riskCount).toBe(3);
    const [stack] = rendered.report.stacks;
    expect(stack?.counts).toMatchObject({ delete: 1, update: 2, create: 0 });
    // construct paths from the synthesized stacks, the deleted app's from the base
    expect(stack?.changes.find((c) => c.kind === "delete")?.constructPath).toBe("edge-production/Access/app-admin");
    expect(rendered.comment).toContain("Configuration diff, not a plan");
    expect(rendered.comment).toContain("rules[1].enabled: true -> false");
  });

  test("a deleted alarm weakens alerting, as in a plan", () => {
    const head = monitoring();
    const alarms = head.resource.aws_cloudwatch_metric_alarm ?? {};
    const first = Object.keys(alarms)[0] ?? "";
    delete alarms[first];
    const rendered = report("monitoring-production", monitoring(), head);
    expect(rendered.report.stacks[0]?.risks.map((r) => [r.rule, r.address])).toEqual([
      ["alerting-loosened", `aws_cloudwatch_metric_alarm.${first}`],
    ]);
  });

  test("a renamed alert topic is planned as Terraform would: replaced, its subscriptions replaced, its alarms' actions unknown", () => {
    // REPLACING_ATTRIBUTES: name is ForceNew on aws_sns_topic, topic_arn on a subscription; the new topic's
    // ARN is known only after apply, so every alarm that notifies it is an update with unknown actions.
    const head = monitoring();
    const topic = block(head, "aws_sns_topic", "Alerts");
    topic.name = `${String(topic.name)}-v2`;
    const { plan } = configDiff(monitoring(), head);
    const of = (type: string) => (plan.resource_changes ?? []).filter((rc) => rc.type === type);
    const [replacedTopic] = of("aws_sns_topic");
    expect(replacedTopic?.change.actions).toEqual(["delete", "create"]);
    expect(replacedTopic?.change.replace_paths).toEqual([["name"]]);
    const subscriptions = of("aws_sns_topic_subscription");
    expect(subscriptions.length).toBeGreaterThan(0);
    for (const rc of subscriptions) {
      expect(rc.change.actions).toEqual(["delete", "create"]);
      expect(rc.change.replace_paths).toEqual([["topic_arn"]]);
      expect(rc.change.after_unknown).toEqual({ topic_arn: true });
    }
    const notifying = of("aws_cloudwatch_metric_alarm").filter((rc) => JSON.stringify(rc.change.before).includes("aws_sns_topic."));
    expect(notifying.length).toBeGreaterThan(0);
    for (const rc of notifying) {
      expect(rc.change.actions).toEqual(["update"]);
      expect(Object.values(rc.change.after_unknown as Record<string, unknown>).flat()).toContain(true);
    }
    // What reads only configured values (the health checks) stays a no-op.
    expect(new Set(of("aws_route53_health_check").map((rc) => rc.change.actions.join()))).toEqual(new Set(["no-op"]));
    const risks = report("monitoring-production", monitoring(), head).report.stacks[0]?.risks ?? [];
    const topicRisk = risks.find((r) => r.address === replacedTopic?.address);
    expect(JSON.stringify(topicRisk)).toContain("replaced: every subscriber must confirm again");
    expect(risks.filter((r) => r.address.startsWith("aws_sns_topic_subscription.")).length).toBe(subscriptions.length);
  });

  test("a chain of 8,000 references, each record's zone read from the one before, written last first: every record replaced", () => {
    // Each replacement revisits only its readers: re-scanning every update until nothing changed took
    // 26 s for 4,000 (one link a pass), so this would run past the test's timeout.
    const chain = (zone: string) => {
      const records: Record<string, unknown> = {};
      for (let i = 7999; i >= 0; i--)
        records[`r${i}`] = {
          name: `n${i}.example.com`,
          type: "A",
          content: "192.0.2.1",
          zone_id: i === 0 ? zone : `\${cloudflare_dns_record.r${i - 1}.id}`,
        };
      return { resource: { cloudflare_dns_record: records } };
    };
    const { plan } = configDiff(chain("z1"), chain("z2"));
    const changes = plan.resource_changes ?? [];
    expect(changes.length).toBe(8000);
    expect(changes.filter((rc) => rc.change.actions.join() === "delete,create").length).toBe(8000);
    expect(changes.find((rc) => rc.name === "r7999")?.change.replace_paths).toEqual([["zone_id"]]);
  });

  test("a changed stack changes the digest; cdktf metadata (`//` keys: construct paths, version, overrides) and key order do not", () => {
    const base = edge();
    expect(configDigest(weakenedEdge())).not.toBe(configDigest(base));
    const metadataOnly = edge() as unknown as Record<string, Record<string, unknown>>;
    metadataOnly["//"] = { metadata: { version: "9.9.9", stackName: "renamed" } };
    const zone = block(metadataOnly as unknown as SynthJson, "cloudflare_zone", "");
    zone["//"] = { metadata: { path: "edge-production/Moved/Zone", uniqueId: "x" } };
    const reordered = Object.fromEntries(Object.entries(metadataOnly).reverse());
    expect(configDigest(reordered)).toBe(configDigest(base));
    expect(report("edge-production", base, reordered).report.stacks[0]?.changes).toEqual([]);
    // a meta-argument counts: a lifecycle rule changes what Terraform does
    const ignored = edge();
    block(ignored, "cloudflare_zone", "").lifecycle = { ignore_changes: ["name"] };
    expect(configDigest(ignored)).not.toBe(configDigest(base));
  });

  test("a stack only in the head is all creates, only in the base all deletes; other blocks are named", () => {
    const created = configDiff(undefined, monitoring());
    expect(new Set(created.plan.resource_changes?.map((c) => c.change.actions.join()))).toEqual(new Set(["create"]));
    expect(created.note).toMatchObject({ base: false, head: true });
    const gone = configDiff(monitoring(), undefined);
    expect(new Set(gone.plan.resource_changes?.map((c) => c.change.actions.join()))).toEqual(new Set(["delete"]));
    const moved = monitoring();
    (moved.terraform as { backend: { s3: { key: string } } }).backend.s3.key = "elsewhere.tfstate";
    expect(configDiff(monitoring(), moved).note.otherBlocks).toEqual(["terraform.backend"]);
    const provider = created.plan.resource_changes?.find((c) => c.type === "aws_sns_topic")?.provider_name;
    expect(provider).toBe("registry.terraform.io/hashicorp/aws");
  });

  test("the digest line records the head's configuration digest; plan-compare's check follows it", () => {
    const head = weakenedEdge();
    const rendered = report("edge-production", edge(), head);
    const record = findReviewRecord("comment.md", rendered.comment);
    expect(record?.config).toEqual({ "edge-production": configDigest(head) });
    expect(compareConfig(record, "edge-production", configDigest(head), COMMIT).status).toBe("same");
    expect(compareConfig(record, "edge-production", configDigest(edge()), COMMIT)).toMatchObject({ status: "differs" });
    expect(compareConfig(record, "monitoring-production", configDigest(monitoring()), COMMIT)).toMatchObject({ status: "not-reviewed" });
    expect(compareConfig(record, "edge-production", configDigest(head), "f".repeat(40))).toMatchObject({ status: "not-reviewed" });
    expect(compareConfig(undefined, "edge-production", configDigest(head))).toMatchObject({ status: "not-reviewed" });
  });
});

describe("golive plan-report --config-diff, golive plan-compare --config-stack", () => {
  const dir = tempDir("golive-config-diff-");
  writeSynthOutput(join(dir, "base"), { "edge-production": edge(), "monitoring-production": monitoring(), "secrets-production": {} });
  writeSynthOutput(join(dir, "head"), {
    "edge-production": weakenedEdge(),
    "monitoring-production": monitoring(),
    "secrets-production": {},
  });
  // A plan file of a config-reviewed stack (as a forged pr artifact could hold) is left out.
  writeFileSync(join(dir, "edge-production.json"), JSON.stringify({ format_version: "1.2", resource_changes: [] }));

  test("reviews edge and monitoring from the two synth outputs, with flags and the configuration digests", async () => {
    const run = await golive(
      ["plan-report", "edge-production.json", "--config-diff", "base", "--synth-dir", "head", "--commit", COMMIT, "--json"],
      { cwd: dir },
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("edge-production: its plan file is left out: the stack is reviewed as a configuration diff");
    const json = JSON.parse(run.stdout) as { riskCount: number; stacks: { stack: string }[]; review: { config: Record<string, string> } };
    expect(json.stacks.map((s) => s.stack)).toEqual(["edge-production", "monitoring-production"]);
    expect(json.riskCount).toBe(3);
    expect(Object.keys(json.review.config)).toEqual(["edge-production", "monitoring-production"]);
  });

  test("usage errors exit 2: a base or head without synth output, a stack that is not config-reviewed", async () => {
    const noBase = await golive(["plan-report", "--config-diff", "nowhere", "--synth-dir", "head"], { cwd: dir });
    expect([noBase.code, noBase.stderr.split("\n")[0]]).toEqual([
      2,
      "golive plan-report: --config-diff: nowhere holds no synth output (no manifest.json); synthesize the base into it first",
    ]);
    const noHead = await golive(["plan-report", "--config-diff", "base", "--synth-dir", "nowhere"], { cwd: dir });
    expect(noHead.code).toBe(2);
    const wrongKind = await golive(["plan-compare", "d.json", "--config-stack", "secrets-production"], { cwd: dir });
    expect(wrongKind.code).toBe(2);
    expect(wrongKind.stderr).toContain('--config-stack: got "secrets-production", allowed: an edge-<env> or monitoring-<env> stack');
  });

  // In-process: plan-report and plan-compare run as processes of bin/golive.js in __tests__/cli/process.spec.ts and
  // plan-compare-cli.spec.ts; --config-diff and --config-stack load nothing lazily.
  test("the digest the review writes is the one plan-compare accepts, and another synth is refused", async () => {
    const review = await golive(
      [
        "plan-report",
        "--config-diff",
        "base",
        "--synth-dir",
        "head",
        "--commit",
        COMMIT,
        "--digest",
        "digest.json",
        "--output",
        "comment.md",
      ],
      { cwd: dir },
    );
    expect(review.code).toBe(0);
    const same = await golive(
      ["plan-compare", "comment.md", "--config-stack", "edge-production", "--synth-dir", "head", "--commit", COMMIT],
      {
        cwd: dir,
      },
    );
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(
      /^edge-production: configuration same as the review of 0123456789abcdef\w+ \(sha256 [0-9a-f]{12}\): may be applied\n$/,
    );
    const refused = await golive(
      [
        "plan-compare",
        "digest.json",
        "--config-stack",
        "edge-production",
        "--config-stack",
        "monitoring-production",
        "--synth-dir",
        "base",
        "--commit",
        COMMIT,
      ],
      { cwd: dir },
    );
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(
      /^edge-production: REFUSED: its synthesized configuration \(sha256 \w{12}\) differs from the one the review of \w+ covers/m,
    );
    expect(refused.stdout).toMatch(/^monitoring-production: configuration same as the review/m);
  });

  test("the audit's hidden change: a `\"//\"` key in every alarm's dimensions is reviewed as updates, and the deploy refuses it against a review without it", async () => {
    const hidden = monitoring();
    const alarms = Object.values(hidden.resource.aws_cloudwatch_metric_alarm ?? {});
    for (const alarm of alarms) alarm.dimensions = { ...(alarm.dimensions as Record<string, unknown>), "//": "none" };
    writeSynthOutput(join(dir, "hidden"), { "monitoring-production": hidden });
    const shown = await golive(["plan-report", "--config-diff", "base", "--synth-dir", "hidden", "--commit", COMMIT, "--json"], {
      cwd: dir,
    });
    const json = JSON.parse(shown.stdout) as { stacks: { stack: string; counts: { update: number } }[] };
    expect(json.stacks.find((s) => s.stack === "monitoring-production")?.counts.update).toBe(alarms.length);
    const unchanged = await golive(
      ["plan-report", "--config-diff", "base", "--synth-dir", "base", "--commit", COMMIT, "--digest", "base-digest.json"],
      { cwd: dir },
    );
    expect(unchanged.code).toBe(0);
    const deploy = await golive(
      ["plan-compare", "base-digest.json", "--config-stack", "monitoring-production", "--synth-dir", "hidden", "--commit", COMMIT],
      { cwd: dir },
    );
    expect([deploy.code, deploy.stdout]).toEqual([
      1,
      expect.stringMatching(/^monitoring-production: REFUSED: its synthesized configuration/),
    ]);
  });

  test("--help names the options", async () => {
    expect((await golive(["plan-report", "--help"], { cwd: dir })).stdout).toContain("--config-diff DIR");
    expect((await golive(["plan-compare", "--help"], { cwd: dir })).stdout).toContain("--config-stack STACK");
  });
});
