import { parsePlanJson, renderPlanReport } from "../../lib/engines/plan";
import { fixtureText } from "./fixtures";
import { githubTrust } from "./github-trust";

function comment(resourceChanges: unknown[]): string {
  const plan = parsePlanJson("p.json", JSON.stringify({ format_version: "1.2", resource_changes: resourceChanges }));
  return renderPlanReport([{ stack: "access-production", file: "p.json", plan }], "`r.md`").comment;
}

const change = (address: string, actions: string[], before: unknown, after: unknown, extra: Record<string, unknown> = {}) => ({
  address,
  mode: "managed",
  type: address.split(".")[0],
  name: address.split(".")[1],
  change: { actions, before, after, after_unknown: {}, ...extra },
});

describe("attribute changes a reviewer can read", () => {
  test("a policy change shows the subject removed and the subject added, not two cut-off JSON strings", () => {
    const md = comment([
      change(
        "aws_iam_role.deploy",
        ["update"],
        { name: "d", assume_role_policy: githubTrust("repo:example-org/opsbot:environment:production") },
        { name: "d", assume_role_policy: githubTrust("repo:example-org/opsbot:ref:refs/heads/main") },
      ),
    ]);
    expect(md).toContain(
      'assume_role_policy{}.Statement.GitHubOIDC.Condition.StringEquals."token.actions.githubusercontent.com:sub"."repo:example-org/opsbot:environment:production": listed -> absent',
    );
    expect(md).toContain(
      'assume_role_policy{}.Statement.GitHubOIDC.Condition.StringEquals."token.actions.githubusercontent.com:sub"."repo:example-org/opsbot:ref:refs/heads/main": absent -> listed',
    );
  });

  test("reordered statements and list members are no change", () => {
    const a = JSON.stringify({
      Statement: [
        { Sid: "A", Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"] },
        { Sid: "B", Effect: "Deny", Action: "*" },
      ],
    });
    const b = JSON.stringify({
      Statement: [
        { Sid: "B", Effect: "Deny", Action: "*" },
        { Sid: "A", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetObject"] },
      ],
    });
    const md = comment([change("aws_iam_policy.p", ["update"], { policy: a, name: "p" }, { policy: b, name: "p-2" })]);
    expect(md).toContain('name: "p" -> "p-2"');
    expect(md).not.toContain("policy{}");
  });

  test("a created role shows its whole trust, leaf by leaf", () => {
    const md = comment([
      change("aws_iam_role.plan", ["create"], null, {
        name: "opsbot-production-plan",
        assume_role_policy: githubTrust("repo:o/r:pull_request"),
      }),
    ]);
    expect(md).toContain("+ aws_iam_role.plan");
    expect(md).toContain(
      'assume_role_policy{}.Statement.GitHubOIDC.Condition.StringEquals."token.actions.githubusercontent.com:sub"."repo:o/r:pull_request": absent -> listed',
    );
    expect(md).toContain('name: null -> "opsbot-production-plan"');
  });

  test("a replacement lists the attribute that forces it first and hides empty -> null noise", () => {
    const before = { name: "a.example.com", comment: "", priority: 0, tags: [], zone_id: "z1" };
    const after = { name: "b.example.com", comment: null, priority: null, tags: null, zone_id: "z1", id: null };
    const md = comment([
      change("cloudflare_dns_record.r", ["delete", "create"], before, after, { after_unknown: { id: true }, replace_paths: [["name"]] }),
    ]);
    const block = md.slice(md.indexOf("-/+ cloudflare_dns_record.r"));
    expect(block.split("\n")[1]).toBe('    name: "a.example.com" -> "b.example.com"');
    expect(block).not.toMatch(/comment: ""|priority: 0|tags: \[\]|id: null -> \(known after apply\)/);
  });
});

describe("a replacement's sign says its order, as Terraform's plan text does", () => {
  test("a real plan: create_before_destroy reads +/- (create, then destroy), the default -/+", () => {
    const file = "replace-orders.json";
    const plan = parsePlanJson(file, fixtureText("aws-provider", file));
    const md = renderPlanReport([{ stack: "s", file, plan }], "r.md").comment;
    expect(md).toMatch(/^\+\/- aws_iam_role\.r$/m);
    expect(md).toMatch(/^-\/\+ terraform_data\.x$/m);
    expect(md).not.toContain("-/+ aws_iam_role.r");
  });

  test("create then forget (the old object kept) reads +/., Terraform's DiffActionSymbol", () => {
    const before = { name: "a.example.com", zone_id: "z1" };
    const md = comment([
      change("cloudflare_dns_record.r", ["create", "forget"], before, { ...before, name: "b.example.com" }, { replace_paths: [["name"]] }),
    ]);
    expect(md).toMatch(/^\+\/\. cloudflare_dns_record\.r$/m);
  });
});

describe("renamed constructs", () => {
  test("a destroy and a create of the same secret are flagged as a probable rename, with the moved block that keeps it, one argument a line", () => {
    const secret = { name: "opsbot/production/db", kms_key_id: "k" };
    const md = comment([
      change("aws_secretsmanager_secret.Db_1A2B3C4D", ["delete"], secret, null),
      change("aws_secretsmanager_secret.Database_5E6F7A8B", ["create"], null, secret),
    ]);
    expect(md).toContain("**Probable construct rename: destroy and create of the same object**");
    // One argument a line: `moved { from = a to = b }` is invalid HCL (renames.spec.ts runs terraform validate on it).
    expect(md).not.toContain("moved { from");
    expect(md).toContain("moved {");
    expect(md).toContain("  from = aws_secretsmanager_secret.Db_1A2B3C4D");
    expect(md).toContain("  to   = aws_secretsmanager_secret.Database_5E6F7A8B");
    expect(md).toContain('resource.moveFromId("aws_secretsmanager_secret.Db_1A2B3C4D")');
  });

  test("different objects of one type are not a rename", () => {
    const md = comment([
      change("aws_secretsmanager_secret.A", ["delete"], { name: "opsbot/production/a" }, null),
      change("aws_secretsmanager_secret.B", ["create"], null, { name: "opsbot/production/b" }),
    ]);
    expect(md).not.toContain("Probable construct rename");
  });
});
