import { plain } from "../../lib/engines/plan/markdown-text";
import { reviewOf } from "./provider-plan";

// A value GitHub would act on (a URL, an ARN holding `:secret:`, which reads as an emoji shortcode) is
// shown as a code span holding exactly the value: the `:`, `"`, `,` or `)` golive writes after it stays
// outside, an ARN's own colons inside. The audit found `s3://opsbot-production-tfstate:` in the span.
const SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:111111111111:secret:opsbot/staging/database-url-yvcDVR";
const statement = (vpc: unknown) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: "secretsmanager:GetSecretValue",
        Resource: "arn:aws:secretsmanager:*:*:secret:*",
        Condition: { StringEquals: { "aws:SourceVpc": vpc } },
      },
    ],
  });

describe("risk flags: a code span holds exactly the value, golive's punctuation outside it", () => {
  const r = reviewOf(
    {
      address: "aws_kms_key.state",
      actions: ["update"],
      before: { description: "Terraform state in s3://opsbot-production-tfstate", enable_key_rotation: true },
      after: { description: "Terraform state in s3://opsbot-production-tfstate", enable_key_rotation: false },
    },
    {
      address: "aws_secretsmanager_secret_policy.db",
      actions: ["update"],
      before: { secret_arn: SECRET_ARN, block_public_policy: true, policy: "{}" },
      after: { secret_arn: SECRET_ARN, block_public_policy: false, policy: "{}" },
    },
    {
      address: "aws_iam_role_policy.app",
      actions: ["update"],
      before: { name: "app", role: "app", policy: statement("vpc-1") },
      after: { name: "app", role: "app", policy: statement(["vpc-1", "vpc-2"]) },
    },
  );
  const lines = r.comment.split("\n").filter((l) => l.startsWith("- **"));

  test("a KMS key's description with an s3:// URL: the span ends before golive's `:`", () => {
    expect(lines).toContain(
      "- **Key or secret policy grants more** · `access-production` · `aws_kms_key.state`: KMS key Terraform state in `s3://opsbot-production-tfstate`: enable_key_rotation true -> false: the key material is never rotated",
    );
  });

  test("a secret's ARN: its own colons inside the span, golive's `:` after it", () => {
    expect(lines).toContain(
      `- **Key or secret policy grants more** · \`access-production\` · \`aws_secretsmanager_secret_policy.db\`: secret \`${SECRET_ARN}\`: block_public_policy true -> false: a policy opening the secret to anyone is accepted`,
    );
  });

  test("a statement named by what it does: the closing quote and `:` outside the ARN's span", () => {
    expect(lines).toContain(
      '- **IAM permissions widened** · `access-production` · `aws_iam_role_policy.app`: role app policy app: statement "Allow secretsmanager:GetSecretValue on `arn:aws:secretsmanager:*:*:secret:*`": StringEquals aws:SourceVpc adds vpc-2',
    );
  });

  test("plain keeps a value's own closing quote or bracket and a whole shortcode's colons in its span", () => {
    expect(plain('AWS."arn:aws:iam::1:role/x": absent')).toBe('`AWS."arn:aws:iam::1:role/x"`: absent');
    expect(plain("see (https://x.example/a_(b)), then")).toBe("see (`https://x.example/a_(b)`), then");
    expect(plain("alarm :ok: fired.")).toBe("alarm `:ok:` fired.");
    expect(plain("alarm :ok:: fired")).toBe("alarm `:ok:`: fired");
    expect(plain("at s3://bucket.")).toBe("at `s3://bucket`.");
  });

  // Untimed: that it is read in one pass (<= 2000 ms) is npm run bench's (bench/plan-values.bench.ts).
  test("a hostile word of 200,000 closing brackets or colons keeps them all outside the span", () => {
    expect(plain(`@${")".repeat(200_000)}`)).toBe(`\`@\`${")".repeat(200_000)}`);
    expect(plain(`@${":".repeat(200_000)}`)).toBe(`\`@\`${":".repeat(200_000)}`);
  });
});
