import { GITHUB_COMMENT_LIMIT, parsePlanJson, type PlanInput, renderPlanReport } from "../../lib/engines/plan";
import { planDigest } from "../../lib/core/plan/digest";
import { compareWithReview } from "../../lib/engines/plan/compare";
import { reviewRecord } from "../../lib/engines/plan/review-record";
import { buildReport } from "../../lib/engines/plan/report";
import { fixtureText } from "./fixtures";

/** A plan of __tests__/fixtures/plans/aws-provider (README there), as stack `aws-main` or `stack`. */
function input(file: string, stack = "aws-main"): PlanInput {
  return { stack, file, plan: parsePlanJson(file, fixtureText("aws-provider", file)) };
}
const cache = new Map<string, ReturnType<typeof renderPlanReport>>();
function rendered(file: string): ReturnType<typeof renderPlanReport> {
  let r = cache.get(file);
  if (!r) cache.set(file, (r = renderPlanReport([input(file)], "full.md")));
  return r;
}
const changeOf = (file: string, address: string) => rendered(file).report.stacks[0]?.changes.find((c) => c.address === address);
const flagsOf = (file: string) => rendered(file).report.stacks[0]?.risks.map((r) => `${r.rule}: ${r.detail}`) ?? [];
const lines = (file: string, address: string) => changeOf(file, address)?.attributes.map((a) => `${a.path}: ${a.before} -> ${a.after}`);
const READ = "data.aws_iam_policy_document.d[0]";

describe("a data source read during apply (terraform show: `<= read`) is reviewed and in the digest", () => {
  test("the review lists it with what is known of it now, the policy document's statements leaf by leaf", () => {
    expect(changeOf("read-during-apply-3.json", READ)?.kind).toBe("read");
    expect(lines("read-during-apply-3.json", READ)).toEqual(
      expect.arrayContaining([
        'statement[0].actions[0]: null -> "s3:GetObject"',
        'statement[0].principals[0].identifiers[0]: null -> "*"',
        "statement[0].resources[0]: null -> (known after apply)",
        "json: null -> (known after apply)",
      ]),
    );
    const md = rendered("read-during-apply-3.json").fullMarkdown;
    expect(md).toContain("🔵 **Read during apply**");
    expect(md).toContain("<= data.aws_iam_policy_document.d[0]");
    expect(md).toContain("### `aws-main`: 1 to update, 3 to create, 1 to read during apply");
  });

  test("a flag says the policy it gives is known only after apply, naming who uses it and what its statements grant", () => {
    expect(flagsOf("read-during-apply-3.json")).toContain(
      `policy-known-after-apply: ${READ} is read during apply: the policy it gives to aws_s3_bucket_policy.nbp (policy) is known only after apply; its statements now: Allow s3:GetObject on (known after apply) for *`,
    );
    expect(flagsOf("read-during-apply-4.json")).toContain(`policy-known-after-apply: ${READ} (read during apply): now allows s3:*`);
    expect(flagsOf("read-during-apply-3.json")).not.toContain(`policy-known-after-apply: ${READ} (read during apply): now allows s3:*`);
  });

  test("plan-compare refuses a plan whose apply-time policy document differs from the reviewed one", () => {
    const [reviewed, applied] = [input("read-during-apply-3.json"), input("read-during-apply-4.json")];
    expect(planDigest(applied.plan).digest).not.toBe(planDigest(reviewed.plan).digest);
    const verdict = compareWithReview(reviewRecord([reviewed]), [applied]);
    expect(verdict.ok).toBe(false);
    expect(verdict.stacks[0]).toMatchObject({ status: "differs", added: [], gone: [] });
    expect(verdict.stacks[0]?.status === "differs" && verdict.stacks[0].changed.map((c) => c.address)).toEqual([READ]);
    expect(compareWithReview(reviewRecord([reviewed]), [input("read-during-apply-3.json")]).ok).toBe(true);
  });

  test("a read at plan time (no-op) stays out of the review and the digest; reads alone are nothing to apply only under a review", () => {
    const plan = JSON.parse(fixtureText("aws-provider", "read-during-apply-3.json"));
    const withoutRead = { ...plan, resource_changes: plan.resource_changes.filter((rc: { mode: string }) => rc.mode !== "data") };
    const refreshed = {
      ...plan,
      resource_changes: plan.resource_changes.map((rc: { mode: string; change: object }) =>
        rc.mode === "data" ? { ...rc, change: { ...rc.change, actions: ["no-op"] } } : rc,
      ),
    };
    const parse = (p: unknown, name: string) => parsePlanJson(name, JSON.stringify(p));
    expect(planDigest(parse(refreshed, "r.json")).digest).toBe(planDigest(parse(withoutRead, "w.json")).digest);
    const report = buildReport([{ stack: "s", file: "r.json", plan: parse(refreshed, "r.json") }]);
    expect(report.stacks[0]?.changes.map((c) => c.address)).not.toContain(READ);
    const readsOnly = parse(
      { ...plan, resource_changes: plan.resource_changes.filter((rc: { mode: string }) => rc.mode === "data") },
      "o.json",
    );
    const readsInput = { stack: "s", file: "o.json", plan: readsOnly };
    // applying the plan performs the read: without a review it is a change no review covers
    expect(compareWithReview(undefined, [readsInput]).stacks[0]?.status).toBe("not-reviewed");
    const reviewedStack = { stack: "s", file: "r.json", plan: parse(plan, "r.json") };
    expect(compareWithReview(reviewRecord([reviewedStack]), [readsInput]).stacks[0]).toEqual({
      stack: "s",
      status: "no-changes",
      reviewedChanges: 5,
    });
  });
});

describe("what the audit of real AWS provider plans found", () => {
  test("a created user policy shows its statements (as a role policy does)", () => {
    expect(lines("read-during-apply-3.json", "aws_iam_user_policy.up[0]")).toEqual(
      expect.arrayContaining(['policy{}.Statement."Allow * on *".Action."*": absent -> listed', 'user: null -> "ci"']),
    );
  });

  test("a security group's rules are matched by content: one removed, one added, the unchanged https rule hidden", () => {
    expect(lines("read-during-apply-4.json", "aws_security_group.sg")).toEqual([
      'ingress[1]: {"cidr_blocks":["10.1.0.0/16"],"description":"ssh","from_port":22,"protocol":"tcp","self":false,"to_port":22} -> null',
      'ingress[0]: null -> {"cidr_blocks":["0.0.0.0/0"],"description":"ssh","from_port":22,"protocol":"tcp","self":false,"to_port":22}',
    ]);
  });

  test("security group rules that all changed read as removed and added, as Terraform shows them, not https turned into ssh", () => {
    const rule = (cidrs: string[], description: string, port: number) =>
      JSON.stringify({ cidr_blocks: cidrs, description, from_port: port, protocol: "tcp", self: false, to_port: port });
    expect(lines("security-group-rules-replaced.json", "aws_security_group.web")).toEqual([
      `ingress[0]: ${rule(["10.0.0.0/8", "192.168.0.0/16"], "https", 443)} -> null`,
      `ingress[1]: ${rule(["10.0.0.0/8"], "http", 80)} -> null`,
      `ingress[0]: null -> ${rule(["0.0.0.0/0"], "ssh", 22)}`,
      `ingress[1]: null -> ${rule(["192.168.0.0/16", "10.0.0.0/8"], "https", 443)}`,
    ]);
  });

  test("of list blocks that all changed, one alike the one in its place is compared in place, the other removed and added", () => {
    const shown = lines("lifecycle-rules-edited.json", "aws_s3_bucket_lifecycle_configuration.b") ?? [];
    expect(shown.slice(0, 2)).toEqual(["rule[0].expiration[0].days: 30 -> 365", 'rule[0].status: "Enabled" -> "Disabled"']);
    expect(shown.slice(2)).toEqual([
      expect.stringMatching(/^rule\[1\]: \{"expiration":\[\{"date":null,"days":1,.* -> null$/),
      expect.stringMatching(/^rule\[1\]: null -> \{"filter":.*"id":"noncurrent"/),
    ]);
  });

  test("renaming an IAM user (no risk rule reads the type) is flagged as a probable construct rename", () => {
    expect(flagsOf("iam-user-renamed.json")).toEqual([
      expect.stringMatching(/^construct-renamed: aws_iam_user\.u destroyed and aws_iam_user\.u2 created with the same name=ci: /),
    ]);
  });

  test("weaker alarms: more datapoints to alarm, a comparison the other way, missing data no longer breaching, a later statistic", () => {
    expect(flagsOf("alarm-weakened.json")).toEqual([
      "alerting-loosened: alarm errors: comparison GreaterThanOrEqualToThreshold -> LessThanThreshold: no longer fires when the metric goes up",
      "alerting-loosened: alarm errors: needs 5 breaching datapoints instead of 1 (datapoints_to_alarm, of 5)",
      "alerting-loosened: alarm errors: treat_missing_data breaching -> notBreaching: missing data no longer fires it",
      "alerting-loosened: alarm latency: statistic Maximum -> Minimum (GreaterThanThreshold): a rise shows later or not at all",
    ]);
  });

  test("a name/value pair's value under a secret name is redacted, in the diff and in the known -> unknown line", () => {
    const r = rendered("ecs-env-pairs.json");
    for (const text of [r.fullMarkdown, r.json]) expect(text).not.toContain("Hunter2Hunter2Zz9");
    expect(lines("ecs-env-pairs.json", "terraform_data.task")).toEqual(
      expect.arrayContaining([
        "input{}[0].environment[0].value: (redacted) -> (redacted)",
        'input{}[0].image: "app:1" -> "app:2"',
        expect.stringMatching(/^output: ".*\\"name\\":\\"DB_PASSWORD\\",\\"value\\":\\"\(redacted\)\\".* -> \(known after apply\)$/),
      ]),
    );
  });
});

describe("JSON inside JSON strings and command-line flags are redacted too", () => {
  const planted = "Hunter2Hunter2Zz9";
  const output = (value: string) => ({
    actions: ["create"],
    before: null,
    after: value,
    after_unknown: false,
    before_sensitive: false,
    after_sensitive: false,
  });
  const plan = parsePlanJson(
    "o.json",
    JSON.stringify({
      format_version: "1.2",
      output_changes: {
        double: output(JSON.stringify({ env: JSON.stringify({ DB_PASSWORD: planted }) })),
        triple: output(JSON.stringify({ a: JSON.stringify({ b: JSON.stringify([{ name: "API_TOKEN", value: planted }]) }) })),
        pair: output(JSON.stringify([{ Name: "db_password", Value: planted }])),
        flag: output(`app --password ${planted}`),
        mysql: output(`mysqldump -h db.internal -u app -p${planted} appdb`),
        port: output("ssh -p2222 host; mkdir -p /srv/app"),
        plain: output(JSON.stringify({ name: "greeting", value: "hello" })),
      },
    }),
  );
  const r = renderPlanReport([{ stack: "o", file: "o.json", plan }], "full.md");

  test("no copy of the value reaches the comment or the JSON report; other pairs stay readable", () => {
    for (const text of [r.fullMarkdown, r.json]) expect(text).not.toContain(planted);
    const after = Object.fromEntries(r.report.stacks[0]?.outputs.map((o) => [o.name, o.after]) ?? []);
    expect(after.pair).toBe('"[{\\"Name\\":\\"db_password\\",\\"Value\\":\\"(redacted)\\"}]"');
    expect(after.flag).toBe('"app --password (redacted)"');
    expect(after.mysql).toBe('"mysqldump -h db.internal -u app -p(redacted) appdb"');
    expect(after.port).toBe('"ssh -p2222 host; mkdir -p /srv/app"');
    expect(after.plain).toBe('"{\\"name\\":\\"greeting\\",\\"value\\":\\"hello\\"}"');
  });
});

describe("a comment over GitHub's limit fills it, flags and flagged attributes cut last", () => {
  const role = (i: number) => ({
    address: `aws_iam_role.r${i}`,
    mode: "managed",
    type: "aws_iam_role",
    name: `r${i}`,
    change: {
      actions: ["update"],
      before: { name: `role-${i}`, assume_role_policy: trust("arn:aws:iam::123456789012:root") },
      after: { name: `role-${i}`, assume_role_policy: trust("*") },
      before_sensitive: {},
      after_sensitive: {},
      after_unknown: {},
    },
  });
  const trust = (aws: string) =>
    JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: aws }, Action: "sts:AssumeRole" }] });
  const param = (i: number) => ({
    address: `aws_ssm_parameter.p${i}`,
    mode: "managed",
    type: "aws_ssm_parameter",
    name: `p${i}`,
    change: {
      actions: ["update"],
      before: { name: `/app/p${i}`, insecure_value: `old-${i}` },
      after: { name: `/app/p${i}`, insecure_value: `new-value-number-${i}-${"x".repeat(60)}` },
      before_sensitive: {},
      after_sensitive: {},
      after_unknown: {},
    },
  });
  const plan = parsePlanJson(
    "big.json",
    JSON.stringify({
      format_version: "1.2",
      resource_changes: [...Array.from({ length: 60 }, (_, i) => role(i)), ...Array.from({ length: 1500 }, (_, i) => param(i))],
    }),
  );
  const r = renderPlanReport([{ stack: "big", file: "big.json", plan }], "full.md");

  test("every flag, the flagged roles' attributes, then as many list lines as fit: near the limit, not a fraction of it", () => {
    expect(r.summarized).toBe(true);
    expect(r.comment.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    expect(r.comment.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT * 0.9);
    const flags = r.report.stacks[0]?.risks.length ?? 0;
    expect(flags).toBeGreaterThanOrEqual(60);
    expect(r.comment).toContain(`### 🚨 Risk flags (${flags})`);
    expect(r.comment.split("\n").filter((l) => l.startsWith("- **Role trust widened**")).length).toBe(flags);
    for (const i of [0, 30, 59]) expect(r.comment).toContain(`~ aws_iam_role.r${i}\n`);
    expect(r.comment).toMatch(/<summary>Attribute changes \(60 resources; 1500 more left out to fit the comment\)<\/summary>/);
    expect(r.comment).toMatch(/- `aws_ssm_parameter\.p\d+` \(1 attribute\)/);
  });
});
