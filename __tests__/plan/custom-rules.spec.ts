import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../../lib/config/errors";
import { parsePlanJson, renderPlanReport } from "../../lib/engines/plan";
import { parseRiskRules } from "../../lib/engines/plan/custom-rules";
import { typeMatcher } from "../../lib/engines/plan/risks";
import { golive, tempDir } from "../helpers/cli";
import { fixtureInput, PLANS, policyPlan } from "./fixtures";

const RULES = {
  rules: [
    {
      id: "team-tls-floor",
      label: "Minimum TLS below 1.2",
      severity: "high",
      explanation: "Our PCI scope requires TLS 1.2 or later.",
      match: { type: "cloudflare_zone_setting", change: ["update"], attribute: "value", from: "1.2", to: "1.0" },
    },
    { id: "team-no-dns-deletes", label: "DNS record deleted", severity: "medium", match: { type: "cloudflare_dns_*", change: ["delete"] } },
    {
      id: "team-hsts",
      label: "HSTS setting changed",
      severity: "low",
      match: { type: ["cloudflare_zone_setting"], attribute: "value.strict_transport_security.*" },
    },
  ],
};

const edge = () => fixtureInput("cdktf/edge-production.json");

function errorsOf(text: string, file = "risk-rules.json"): string[] {
  try {
    parseRiskRules(file, text);
    return [];
  } catch (err) {
    return err instanceof ConfigError ? err.message.split("\n") : [String(err)];
  }
}

describe("a repository's own risk rules", () => {
  const rules = parseRiskRules("risk-rules.json", JSON.stringify(RULES));
  const report = renderPlanReport([edge()], "r.md", undefined, [], undefined, { customRules: rules });
  const flags = (id: string) => report.report.stacks[0]?.risks.filter((r) => r.rule === id) ?? [];

  test("a rule on an attribute's old and new values flags only that change", () => {
    expect(flags("team-tls-floor")).toEqual([
      expect.objectContaining({
        title: "Minimum TLS below 1.2 (high)",
        address: "cloudflare_zone_setting.Settings_min_tls_version_47771879",
        detail: 'value: "1.2" -> "1.0"',
      }),
    ]);
  });

  test("types with *, change kinds and wildcard paths match as documented", () => {
    expect(flags("team-no-dns-deletes").map((f) => f.address)).toEqual(["cloudflare_dns_record.Email_dkim-golive1_0E1F2A3B"]);
    expect(flags("team-hsts").map((f) => f.detail)).toEqual(["value.strict_transport_security.enabled: true -> false"]);
  });

  test("custom flags come on top of golive's own, in the comment, the count the gate reads, and the JSON rule list", () => {
    const plain = renderPlanReport([edge()], "r.md");
    expect(report.report.riskCount).toBe(plain.report.riskCount + 3);
    expect(report.comment).toContain("**Minimum TLS below 1.2 (high)**");
    const json = JSON.parse(report.json);
    expect(json.rules).toEqual(
      expect.arrayContaining([
        { id: "team-tls-floor", title: "Minimum TLS below 1.2 (high)", explanation: "Our PCI scope requires TLS 1.2 or later." },
      ]),
    );
  });

  test("YAML rules read the same as JSON", () => {
    const yaml = [
      "rules:",
      "  - id: team-no-dns-deletes",
      "    label: DNS record deleted",
      "    severity: medium",
      "    match: { type: cloudflare_dns_*, change: [delete] }",
    ].join("\n");
    const [rule] = parseRiskRules("risk-rules.yaml", yaml);
    expect(rule?.types).toEqual(["cloudflare_dns_*"]);
  });

  test("fails on every invalid field at once, naming each", () => {
    const bad = {
      rules: [
        { id: "Bad Id", label: "x", severity: "critical", match: { type: "aws_s3_bucket", change: ["destroy"] }, extra: 1 },
        { id: "dmarc-weakened", label: "Shadowing golive", severity: "low", match: { type: "AWS S3", attribute: "a..b" } },
        { id: "team-a", label: "one", severity: "low", match: { type: "aws_s3_bucket", to: false } },
        { id: "team-a", label: "two", severity: "low", match: { type: "aws_s3_bucket" } },
      ],
    };
    const errors = errorsOf(JSON.stringify(bad));
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^risk-rules\.json: rules\[0\]\.id: must be 2-63 lower-case letters/),
        expect.stringMatching(/^risk-rules\.json: rules\[0\]\.label: /),
        expect.stringMatching(/^risk-rules\.json: rules\[0\]\.severity: .*got "critical"/),
        expect.stringMatching(/^risk-rules\.json: rules\[0\]\.match\.change\[0\]: .*got "destroy"/),
        "risk-rules.json: rules[0].extra: unknown key (check spelling; see docs/plan-review.md)",
        expect.stringMatching(/^risk-rules\.json: rules\[1\]\.match\.attribute: must be a path like/),
      ]),
    );
    const crossField = errorsOf(
      JSON.stringify({ rules: bad.rules.slice(1).map((r) => ({ ...r, match: { ...r.match, attribute: undefined } })) }),
    );
    expect(crossField).toEqual([
      'risk-rules.json: rules[0].id: "dmarc-weakened" is one of golive\'s rule ids; choose another',
      'risk-rules.json: rules[0].match.type: got "AWS S3"; allowed: a resource type like aws_s3_bucket, with * for any characters',
      "risk-rules.json: rules[1].match.to: needs match.attribute: to is the attribute's value",
      'risk-rules.json: rules[2].id: "team-a" is also rules[1].id; ids must be unique',
    ]);
    expect(errorsOf("rules:\n  - id: a\n    id: b\n", "r.yaml")[0]).toMatch(/^r\.yaml: rules\[0\]\.id: duplicate key/);
  });
});

describe("hostile rules files cost little and fail by name", () => {
  const rule = (match: Record<string, unknown>) =>
    JSON.stringify({ rules: [{ id: "team-x", label: "Some label", severity: "high", match }] });
  const flagged = (text: string) =>
    renderPlanReport([edge()], "r.md", undefined, [], undefined, { customRules: parseRiskRules("r.json", text) })
      .report.stacks[0]?.risks.filter((r) => r.rule === "team-x")
      .map((r) => r.address);

  test("a type pattern of many stars matches as one star (a regular expression backtracked for seconds at 14)", () => {
    for (const stars of [18, 10_000]) {
      const x = typeMatcher(`${"*".repeat(stars)}x`);
      expect([x("x"), x("aws_x"), x("aws_s3_bucket"), x("x_y")]).toEqual([true, true, false, false]);
      expect(flagged(rule({ type: `${"*".repeat(stars)}_dnssec` }))).toEqual(["cloudflare_zone_dnssec.Zone_Dnssec_077988C6"]);
      expect(flagged(rule({ type: `cloudflare${"*".repeat(stars)}x` }))).toEqual([]);
    }
    const manyPieces = typeMatcher(`${"a*".repeat(30)}b`);
    expect([manyPieces("a".repeat(60)), manyPieces(`${"a".repeat(30)}b`), manyPieces(`${"a".repeat(29)}b`)]).toEqual([false, true, false]);
    const pieces = typeMatcher("aws_*_bucket*policy");
    expect(["aws_s3_bucket_policy", "aws_s3_bucket_bucket_policy", "aws_bucketpolicy", "aws__bucketpolicy"].map(pieces)).toEqual([
      true,
      true,
      false,
      true,
    ]);
  });

  test("fails on an attribute path of more than 64 names and indexes (each is a step of a recursive walk)", () => {
    expect(errorsOf(rule({ type: "*", attribute: `zone_id${".a".repeat(200_000)}` }))).toEqual([
      "risk-rules.json: rules[0].match.attribute: has 200001 names and indexes; allowed: at most 64",
    ]);
    expect(flagged(rule({ type: "cloudflare_zone_dnssec", attribute: `status${"[0]".repeat(63)}` }))).toEqual([]);
  });

  test("fails in one line naming the file on JSON nested deeper than a YAML file may be", () => {
    const deep = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;
    expect(errorsOf(`{"rules":[],"x":${deep(3000)}}`)).toEqual([
      "risk-rules.json: x[0][0][0]: nests [ or { more than 64 deep; allowed: at most 64",
    ]);
    expect(errorsOf(rule({ type: "*", attribute: "a" }).replace('"attribute":"a"', `"attribute":"a","from":${deep(300_000)}`))).toEqual([
      "risk-rules.json: rules[0].match.from: nests [ or { more than 64 deep; allowed: at most 64",
    ]);
    // 64 levels is allowed (and refused by the schema, as before)
    expect(errorsOf(`{"rules":[],"x":${deep(63)}}`)).toEqual(["risk-rules.json: x: unknown key (check spelling; see docs/plan-review.md)"]);
  });

  test("plan-report stops on a deeply nested rules file with that one line and writes nothing", async () => {
    const dir = tempDir("golive-risk-rules-");
    mkdirSync(join(dir, ".golive"));
    writeFileSync(join(dir, ".golive", "risk-rules.json"), `{"rules":[],"x":${"[".repeat(3000)}${"]".repeat(3000)}}`);
    const run = await golive(["plan-report", join(PLANS, "cdktf", "edge-production.json"), "--output", "out.md"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      ".golive/risk-rules.json: x[0][0][0]: nests [ or { more than 64 deep; allowed: at most 64\nNo report was written.\n",
    );
    expect(existsSync(join(dir, "out.md"))).toBe(false);
  });
});

describe("a rule on a long value that changes after the first 160 characters", () => {
  test("the flag shows both sides from their first difference, never two cut strings that read alike", () => {
    const pad = "include:_spf.example.net ".repeat(8);
    const record = (all: string) => ({ name: "example.com", type: "TXT", content: `v=spf1 ${pad}${all}` });
    const plan = parsePlanJson(
      "p.json",
      JSON.stringify({
        format_version: "1.2",
        resource_changes: [
          {
            address: "cloudflare_dns_record.Spf",
            mode: "managed",
            type: "cloudflare_dns_record",
            name: "Spf",
            change: {
              actions: ["update"],
              before: record("-all"),
              after: record("+all"),
              after_unknown: {},
              before_sensitive: {},
              after_sensitive: {},
            },
          },
        ],
      }),
    );
    const rules = parseRiskRules(
      "r.json",
      JSON.stringify({
        rules: [{ id: "team-spf", label: "SPF changed", severity: "high", match: { type: "cloudflare_dns_record", attribute: "content" } }],
      }),
    );
    const out = renderPlanReport([{ stack: "edge-production", file: "p.json", plan }], "r.md", undefined, [], undefined, {
      customRules: rules,
    });
    const [flag] = out.report.stacks[0]?.risks.filter((r) => r.rule === "team-spf") ?? [];
    expect(flag?.detail).toMatch(/^content: \[\d+ characters alike\]…\S* -all" -> \[\d+ characters alike\]…\S* \+all"$/);
  });
});

describe("plan-report with .golive/risk-rules.json", () => {
  function repo(rules: string): string {
    const dir = tempDir("golive-risk-rules-");
    mkdirSync(join(dir, ".golive"));
    writeFileSync(join(dir, ".golive", "risk-rules.json"), rules);
    return dir;
  }
  const plan = join(PLANS, "cdktf", "edge-production.json");

  test("reads the repository's rules by default, or the file --risk-rules names", async () => {
    const dir = repo(JSON.stringify(RULES));
    const run = await golive(["plan-report", plan, "--json"], { cwd: dir });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).stacks[0].risks.map((r: { rule: string }) => r.rule)).toContain("team-tls-floor");
    writeFileSync(join(dir, "other.json"), JSON.stringify({ rules: [RULES.rules[1]] }));
    const other = await golive(["plan-report", plan, "--json", "--risk-rules", "other.json"], { cwd: dir });
    const rules = JSON.parse(other.stdout).stacks[0].risks.map((r: { rule: string }) => r.rule);
    expect(rules).toContain("team-no-dns-deletes");
    expect(rules).not.toContain("team-tls-floor");
  });

  test("fails with exit 1 on an invalid rules file and writes nothing; usage (2) for a missing --risk-rules file", async () => {
    const dir = repo(JSON.stringify({ rules: [{ id: "team-x", label: "x", severity: "urgent", match: { type: "a" } }] }));
    const run = await golive(["plan-report", plan, "--output", "comment.md"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(".golive/risk-rules.json: rules[0].label:");
    expect(run.stderr).toContain(
      '.golive/risk-rules.json: rules[0].severity: Invalid option: expected one of "high"|"medium"|"low"; got "urgent"',
    );
    expect(run.stderr).toContain("No report was written.");
    expect(existsSync(join(dir, "comment.md"))).toBe(false);
    expect((await golive(["plan-report", plan, "--risk-rules", "nope.json"], { cwd: dir })).code).toBe(2);
  });
});

describe("a rule on an attribute that holds a JSON document (a policy)", () => {
  const POLICY_RULES = {
    rules: [
      { id: "team-kms-policy", label: "KMS policy principal", severity: "high", match: { type: "aws_kms_key", attribute: "policy" } },
      { id: "team-role-policy", label: "Role policy", severity: "high", match: { type: "aws_iam_role_policy", attribute: "policy" } },
    ],
  };
  const rules = parseRiskRules("risk-rules.json", JSON.stringify(POLICY_RULES));
  const CONTRACTOR = "arn:aws:iam::111111111111:role/contractor-tools";
  /** A key policy as Terraform's jsonencode() writes it (keys sorted): the new principal lies past the 160 characters shown. */
  const keyPolicy = (...principals: string[]) =>
    JSON.stringify({
      Statement: [
        {
          Action: "kms:*",
          Effect: "Allow",
          Principal: { AWS: ["arn:aws:iam::111111111111:root", ...principals] },
          Resource: "*",
          Sid: "Root",
        },
      ],
      Version: "2012-10-17",
    });
  const keyUpdate = (before: string, after: string) => ({
    format_version: "1.2",
    resource_changes: [
      {
        address: "aws_kms_key.secrets",
        mode: "managed",
        type: "aws_kms_key",
        name: "secrets",
        change: {
          actions: ["update"],
          before: { description: "opsbot production secrets", policy: before },
          after: { description: "opsbot production secrets", policy: after },
          before_sensitive: {},
          after_sensitive: {},
          after_unknown: {},
        },
      },
    ],
  });
  const flagsOf = (plan: unknown, rule: string) => {
    const input = { stack: "secrets-production", file: "p.json", plan: parsePlanJson("p.json", JSON.stringify(plan)) };
    const report = renderPlanReport([input], "r.md", undefined, [], undefined, { customRules: rules });
    return (report.report.stacks[0]?.risks ?? []).filter((f) => f.rule === rule).map((f) => f.detail);
  };

  test("the flag names the changed leaf, as the attribute block does, not two cut strings that read alike", () => {
    expect(flagsOf(keyUpdate(keyPolicy(), keyPolicy(CONTRACTOR)), "team-kms-policy")).toEqual([
      `policy{}.Statement.Root.Principal.AWS."${CONTRACTOR}": absent -> listed`,
    ]);
  });

  test("on Terraform's own plan of a key and a role policy, each flag names what changed, one flag per attribute", () => {
    const plan = policyPlan({ key: "aws_kms_key", role_policy: "aws_iam_role_policy" });
    expect(flagsOf(plan, "team-kms-policy")).toEqual([
      'policy{}.Statement."Allow kms:Decrypt on * for AWS:arn:aws:iam::111111111111:role/app".Condition.StringEquals."kms:ViaService"."secretsmanager.us-east-1.amazonaws.com": listed -> absent',
    ]);
    expect(flagsOf(plan, "team-role-policy")).toEqual([
      [
        'policy{}.Statement.Deploy.Action."iam:*": absent -> listed',
        'policy{}.Statement.Deploy.Action."s3:GetObject": listed -> absent',
        'policy{}.Statement.Deploy.Resource."*": absent -> listed',
        'policy{}.Statement.Deploy.Resource."arn:aws:s3:::opsbot-tfstate/*": listed -> absent',
      ].join("; "),
    ]);
  });

  test("a document rewritten in another order says the same and raises no flag", () => {
    const reordered = JSON.stringify({ Version: "2012-10-17", Statement: JSON.parse(keyPolicy()).Statement });
    expect(flagsOf(keyUpdate(keyPolicy(), reordered), "team-kms-policy")).toEqual([]);
  });

  test("golive plan-report shows the new principal in the team's flag", async () => {
    const dir = tempDir("golive-risk-rules-");
    mkdirSync(join(dir, ".golive"));
    writeFileSync(join(dir, ".golive", "risk-rules.json"), JSON.stringify(POLICY_RULES));
    writeFileSync(join(dir, "plan.json"), JSON.stringify(keyUpdate(keyPolicy(), keyPolicy(CONTRACTOR))));
    const run = await golive(["plan-report", "plan.json"], { cwd: dir });
    expect(run.code).toBe(0);
    const line = run.stdout.split("\n").find((l) => l.startsWith("- **KMS policy principal (high)**"));
    // The path's own closing quote inside the code span, golive's `:` after it.
    expect(line).toContain(`\`policy{}.Statement.Root.Principal.AWS."${CONTRACTOR}"\`: absent -> listed`);
  });
});
