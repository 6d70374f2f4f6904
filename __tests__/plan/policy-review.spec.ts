import { parsePlanJson, renderPlanReport } from "../../lib/engines/plan";
import { golive, tempDir } from "../helpers/cli";
import { fixtureText, flags, policyPlan, rc } from "./fixtures";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

// Policies as a real plan holds them: __tests__/fixtures/plans/tf-policies.sh (terraform_data inputs
// holding jsonencode()d documents), read as the AWS resources they stand for.
const AWS_TYPES = { key: "aws_kms_key", bucket: "aws_s3_bucket_policy", role: "aws_iam_role", role_policy: "aws_iam_role_policy" };

function review(plan: unknown): ReturnType<typeof renderPlanReport> {
  const parsed = parsePlanJson("p.json", JSON.stringify(plan));
  return renderPlanReport([{ stack: "access-production", file: "p.json", plan: parsed }], "`r.md`");
}

let real: ReturnType<typeof renderPlanReport> | undefined;
let aws: ReturnType<typeof renderPlanReport> | undefined;
/** The fixture as Terraform wrote it (terraform_data), and as the AWS resources (both rendered once). */
const rawReview = () => (real ??= review(JSON.parse(fixtureText("tf-policies.json"))));
const awsReview = () => (aws ??= review(policyPlan(AWS_TYPES)));
const flagsOf = (address: string) =>
  awsReview()
    .report.stacks.flatMap((s) => s.risks)
    .filter((r) => r.address === address)
    .map((r) => `${r.rule}: ${r.detail}`);

const KEY_APP = '"Allow kms:Decrypt on * for AWS:arn:aws:iam::111111111111:role/app"';

describe("policy statements without a Sid, on a real plan", () => {
  test("a KMS key policy: the app statement's lost condition is shown, the ops statement alike in all but principal is not", () => {
    const md = rawReview().comment;
    expect(md).toContain(
      `input.policy{}.Statement.${KEY_APP}.Condition.StringEquals."kms:ViaService"."secretsmanager.us-east-1.amazonaws.com": listed -> absent`,
    );
    expect(md).not.toContain("role/ops");
  });

  test("a bucket policy: of two Deny statements alike but for their condition, the removed one is shown whole", () => {
    const lines = rawReview()
      .comment.split("\n")
      .filter((l) => l.includes('Statement."Deny s3:*'));
    expect(lines).toContainEqual(expect.stringMatching(/\.Condition\.Bool\."aws:SecureTransport"\.false: listed -> absent$/));
    expect(lines.join("\n")).not.toContain("TlsVersion");
  });
});

function diffLines(before: unknown, after: unknown): string[] {
  const change = rc("aws_s3_bucket_policy", ["update"], { policy: JSON.stringify(before) }, { policy: JSON.stringify(after) });
  return review({ format_version: "1.2", resource_changes: [change] })
    .report.stacks.flatMap((s) => s.changes)
    .flatMap((c) => c.attributes.map((a) => `${a.path}: ${a.before} -> ${a.after}`));
}

const deny = (condition: unknown) => ({
  Effect: "Deny",
  Principal: "*",
  Action: "s3:*",
  Resource: "arn:aws:s3:::b/*",
  Condition: condition,
});
const TLS = { Bool: { "aws:SecureTransport": "false" } };
const OLD_TLS = (v: string) => ({ NumericLessThan: { "s3:TlsVersion": v } });

describe("matching statements without a Sid", () => {
  test("one of two look-alike statements changed: only its changed leaf is shown", () => {
    expect(diffLines({ Statement: [deny(TLS), deny(OLD_TLS("1.2"))] }, { Statement: [deny(OLD_TLS("1.3")), deny(TLS)] })).toEqual([
      'policy{}.Statement."Deny s3:* on arn:aws:s3:::b/* for *".Condition.NumericLessThan."s3:TlsVersion"."1.2": listed -> absent',
      'policy{}.Statement."Deny s3:* on arn:aws:s3:::b/* for *".Condition.NumericLessThan."s3:TlsVersion"."1.3": absent -> listed',
    ]);
  });

  test("reordering look-alike statements is no change; when two changed, each is shown removed and added whole", () => {
    expect(diffLines({ Statement: [deny(TLS), deny(OLD_TLS("1.2"))] }, { Statement: [deny(OLD_TLS("1.2")), deny(TLS)] })).toEqual([]);
    const both = diffLines({ Statement: [deny(TLS), deny(OLD_TLS("1.2"))] }, { Statement: [deny(OLD_TLS("1.1")), deny(OLD_TLS("1.0"))] });
    expect(both.filter((l) => l.endsWith('Effect: "Deny" -> absent'))).toHaveLength(2);
    expect(both.filter((l) => l.endsWith('Effect: absent -> "Deny"'))).toHaveLength(2);
  });

  test("statements differing only in Action or NotAction are two statements", () => {
    const allow = (key: string) => ({ Effect: "Allow", [key]: "s3:*", Resource: "*" });
    expect(diffLines({ Statement: [allow("Action")] }, { Statement: [allow("NotAction")] })).toEqual(
      expect.arrayContaining([expect.stringContaining('Statement."Allow not(s3:*) on *".NotAction."s3:*": absent -> listed')]),
    );
  });
});

describe("policy widenings on a real plan", () => {
  test("a KMS key policy statement that lost its condition is flagged", () => {
    expect(flagsOf("aws_kms_key.key")).toEqual([
      `secret-grant-widened: KMS key opsbot production secrets policy: statement ${KEY_APP} lost its whole Condition (StringEquals kms:ViaService)`,
    ]);
  });

  test("a bucket policy Deny removed is flagged, naming its condition", () => {
    expect(flagsOf("aws_s3_bucket_policy.bucket")).toEqual([
      'state-bucket-weakened: bucket opsbot-tfstate policy: statement "Deny s3:* on arn:aws:s3:::opsbot-tfstate,arn:aws:s3:::opsbot-tfstate/* for *" (when Bool aws:SecureTransport false) removed',
    ]);
  });

  test("a GitHub OIDC trust that lost its sub condition is flagged: any repository could assume the role", () => {
    expect(flagsOf("aws_iam_role.role")).toEqual([
      'trust-widened: role opsbot-production-deploy trust: statement "Allow sts:AssumeRoleWithWebIdentity for Federated:arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com": no token.actions.githubusercontent.com:sub condition: a workflow in any repository can assume it',
    ]);
  });

  test("a role policy changed to iam:* on every resource is flagged", () => {
    expect(flagsOf("aws_iam_role_policy.role_policy")).toEqual([
      "permissions-widened: policy deploy: now allows iam:*",
      'permissions-widened: policy deploy: statement "Deploy": iam:* now on every resource (*)',
    ]);
  });

  test("the flags lead the comment, and plan-report --fail-on-risk exits 1 on them", async () => {
    const md = awsReview().comment;
    expect(md).toContain("### 🚨 Risk flags (5)");
    expect(md).toContain(
      "- **IAM permissions widened** · `access-production` · `aws_iam_role_policy.role_policy`: policy deploy: now allows iam:*",
    );
    const dir = tempDir("golive-policy-risks-");
    writeFileSync(join(dir, "access-production.json"), JSON.stringify(policyPlan(AWS_TYPES)));
    const run = await golive(["plan-report", "access-production.json", "--fail-on-risk"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("**Role trust widened**");
  });
});

const GITHUB = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com";
const trust = (condition?: Record<string, unknown>) =>
  JSON.stringify({
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: GITHUB },
        Action: "sts:AssumeRoleWithWebIdentity",
        ...(condition ? { Condition: condition } : {}),
      },
    ],
  });
const AUD = { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" };
const SUB = { "token.actions.githubusercontent.com:sub": "repo:example-org/opsbot:environment:production" };
const role = (policy: string) => ({ name: "deploy", assume_role_policy: policy });
const TRUST_LABEL = `role deploy trust: statement "Allow sts:AssumeRoleWithWebIdentity for Federated:${GITHUB}"`;

describe("role trust widenings", () => {
  test("a trust that lost its whole Condition is flagged for sub and aud, once each", () => {
    expect(flags(rc("aws_iam_role", ["update"], role(trust({ StringEquals: { ...AUD, ...SUB } })), role(trust())))).toEqual([
      `trust-widened: ${TRUST_LABEL}: no token.actions.githubusercontent.com:sub condition: a workflow in any repository can assume it`,
      `trust-widened: ${TRUST_LABEL}: no token.actions.githubusercontent.com:aud condition: a token minted for any audience is accepted`,
    ]);
  });

  test("a trust that lost its aud is flagged; a new role trusting GitHub without sub is flagged too", () => {
    expect(
      flags(rc("aws_iam_role", ["update"], role(trust({ StringEquals: { ...AUD, ...SUB } })), role(trust({ StringEquals: SUB })))),
    ).toEqual([
      `trust-widened: ${TRUST_LABEL}: no token.actions.githubusercontent.com:aud condition: a token minted for any audience is accepted`,
    ]);
    expect(flags(rc("aws_iam_role", ["create"], null, role(trust({ StringEquals: AUD }))))).toContain(
      `trust-widened: ${TRUST_LABEL}: no token.actions.githubusercontent.com:sub condition: a workflow in any repository can assume it`,
    );
  });

  test("a sub moved from StringEquals to a StringLike wildcard is flagged; an unchanged trust is not", () => {
    const like = role(trust({ StringEquals: AUD, StringLike: { "token.actions.githubusercontent.com:sub": "repo:example-org/*" } }));
    expect(flags(rc("aws_iam_role", ["update"], role(trust({ StringEquals: { ...AUD, ...SUB } })), like))).toEqual([
      "trust-widened: role deploy trust: new OIDC subject repo:example-org/* (wildcard)",
      `trust-widened: ${TRUST_LABEL} no longer requires StringEquals token.actions.githubusercontent.com:sub`,
    ]);
    const same = role(trust({ StringEquals: { ...AUD, ...SUB } }));
    expect(flags(rc("aws_iam_role", ["update"], same, { ...same, description: "deploys opsbot" }))).toEqual([]);
  });
});

const policy = (...statements: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const allow = (extra: Record<string, unknown>) => ({ Effect: "Allow", ...extra });
const READ = allow({ Sid: "Read", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::b/*" });

describe("identity policy widenings", () => {
  const inline = (doc: string) => ({ name: "deploy", role: "opsbot-production-deploy", policy: doc });
  const widened = (doc: string) => flags(rc("aws_iam_role_policy", ["update"], inline(policy(READ)), inline(doc)));

  test.each([
    ['Action "*"', policy(allow({ Sid: "Read", Action: "*", Resource: "arn:aws:s3:::b/*" })), ["now allows *"]],
    [
      "NotAction",
      policy(allow({ NotAction: "iam:*", Resource: "arn:aws:s3:::b/*" })),
      ['statement "Allow not(iam:*) on arn:aws:s3:::b/*" allows every action except iam:*'],
    ],
    [
      'Resource "*" on a sensitive action',
      policy(allow({ Sid: "Read", Action: ["s3:GetObject"], Resource: "*" })),
      ['statement "Read": s3:GetObject now on every resource (*)'],
    ],
  ])("%s is flagged", (_, doc, details) => {
    expect(widened(doc)).toEqual(details.map((d) => `permissions-widened: role opsbot-production-deploy policy deploy: ${d}`));
  });

  test('Resource "*" on metadata reads, and a narrower policy, raise nothing', () => {
    expect(widened(policy(READ, allow({ Action: ["s3:ListAllMyBuckets", "kms:DescribeKey"], Resource: "*" })))).toEqual([]);
    expect(
      flags(
        rc(
          "aws_iam_policy",
          ["update"],
          { name: "p", policy: policy(allow({ Action: "s3:*", Resource: "*" })) },
          { name: "p", policy: policy(READ) },
        ),
      ),
    ).toEqual([]);
  });

  test("a role's inline policy and an administrator policy attached are flagged; Principal * on a key policy too", () => {
    const roleWith = (doc: string) => ({ name: "app", inline_policy: [{ name: "inline", policy: doc }] });
    expect(
      flags(rc("aws_iam_role", ["update"], roleWith(policy(READ)), roleWith(policy(allow({ Action: "iam:*", Resource: "*" }))))),
    ).toEqual([
      "permissions-widened: role app inline policy inline: now allows iam:*",
      'permissions-widened: role app inline policy inline: statement "Allow iam:* on *": iam:* now on every resource (*)',
    ]);
    expect(
      flags(
        rc("aws_iam_role_policy_attachment", ["create"], null, { role: "app", policy_arn: "arn:aws:iam::aws:policy/AdministratorAccess" }),
      ),
    ).toEqual(["permissions-widened: role app: AWS managed policy AdministratorAccess attached"]);
    const key = (principal: unknown) => ({
      key_id: "1234abcd-12ab-34cd-56ef-1234567890ab",
      policy: policy(allow({ Sid: "Use", Principal: principal, Action: "kms:Decrypt", Resource: "*" })),
    });
    expect(flags(rc("aws_kms_key_policy", ["update"], key({ AWS: "arn:aws:iam::111111111111:role/app" }), key("*")))).toEqual([
      "secret-grant-widened: KMS key 1234abcd-12ab-34cd-56ef-1234567890ab policy: now allows any principal (*)",
    ]);
  });

  test("a policy far larger than IAM accepts is flagged as too large to compare, not compared pair by pair", () => {
    const many = (n: number) =>
      policy(...Array.from({ length: n }, (_, i) => allow({ Action: `s3:GetObject${i}`, Resource: `arn:aws:s3:::b${i}/*` })));
    expect(flags(rc("aws_iam_policy", ["update"], { name: "p", policy: many(600) }, { name: "p", policy: many(601) }))).toEqual([
      "permissions-widened: policy p: 601 statements, too many to compare one by one: read the whole policy",
    ]);
  });
});

describe("Bool, Numeric and Date condition values", () => {
  /** The flags of an update of one policy statement, on a resource of `type` named by `identity`. */
  const policyFlags =
    (type: string, identity: Record<string, string>) =>
    (before: unknown, after: unknown): string[] =>
      flags(
        rc(
          type,
          ["update"],
          { ...identity, policy: JSON.stringify({ Statement: [before] }) },
          { ...identity, policy: JSON.stringify({ Statement: [after] }) },
        ),
      );
  const bucketFlags = policyFlags("aws_s3_bucket_policy", { bucket: "opsbot-tfstate" });
  const roleFlags = policyFlags("aws_iam_role_policy", { name: "ops" });
  const allow = (condition: unknown) => ({ Effect: "Allow", Action: "ec2:TerminateInstances", Resource: "*", Condition: condition });
  const mfaAge = (v: string) => ({ NumericLessThan: { "aws:MultiFactorAuthAge": v } });

  test("a TLS-only Deny whose Bool flips is flagged: plain HTTP is no longer denied", () => {
    expect(bucketFlags(deny(TLS), deny({ Bool: { "aws:SecureTransport": "true" } }))).toEqual([
      expect.stringMatching(/Bool aws:SecureTransport false -> true: matches other requests than before$/),
    ]);
  });

  test("a Deny of old TLS versions lowered to fewer versions is flagged; raised, it is not", () => {
    expect(bucketFlags(deny(OLD_TLS("1.2")), deny(OLD_TLS("1.0")))).toEqual([
      expect.stringMatching(/NumericLessThan s3:TlsVersion 1\.2 -> 1\.0: denies fewer requests$/),
    ]);
    expect(bucketFlags(deny(OLD_TLS("1.2")), deny(OLD_TLS("1.3")))).toEqual([]);
  });

  test("an Allow whose MFA age bound is raised is flagged; lowered, it is not", () => {
    expect(roleFlags(allow(mfaAge("3600")), allow(mfaAge("999999999")))).toEqual([
      expect.stringMatching(/NumericLessThan aws:MultiFactorAuthAge 3600 -> 999999999: lets more requests in$/),
    ]);
    expect(roleFlags(allow(mfaAge("3600")), allow(mfaAge("600")))).toEqual([]);
  });
});
