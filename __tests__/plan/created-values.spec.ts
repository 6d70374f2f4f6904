import { REDACTED_VALUE } from "../../lib/core/plan/redacted-value";
import { reviewFlags, reviewOf } from "./provider-plan";

// A new SNS subscription, secret or IAM access key shows what a reviewer judges, as a new role or DNS
// record does: the audit found only their addresses. A new access key is also flagged; its secret is
// never shown. Key-shaped values are built at run time: the secret scan reads this file.
const j = (...parts: string[]) => parts.join("");
const AWS_KEY = j("Zq3k9Yv1XbT7", "mN2pQ8rS4uW6", "yA0cE5gH7jL9nP1r");
const KEY_SECRET = j("Qx7pLmRvNaTz", "9WbYcHdJe3fG", "sUoIiKyBnVwXq4Da");
const SLACK_HOOK = j("https://hooks.slack.com/services/", "T0000/B0000/", "abcdefghijklmnopqrstuvwx");
const TOPIC = "arn:aws:sns:eu-west-1:111111111111:alerts";

const created = (address: string, after: Record<string, unknown>, unknown: Record<string, unknown> = {}) => ({
  address,
  actions: ["create"],
  before: null,
  after,
  afterUnknown: unknown,
});

describe("created resources: subscriptions, secrets and access keys show their values", () => {
  const r = reviewOf(
    created("aws_sns_topic_subscription.hook", {
      topic_arn: TOPIC,
      protocol: "https",
      endpoint: `https://alerts.example.com/hook?x=${AWS_KEY}`,
      raw_message_delivery: false,
    }),
    created("aws_sns_topic_subscription.slack", { topic_arn: TOPIC, protocol: "https", endpoint: SLACK_HOOK }),
    created("aws_secretsmanager_secret.db", {
      name: "app/db",
      kms_key_id: "arn:aws:kms:eu-west-1:111111111111:key/0a1b2c3d-1111-2222-3333-444455556666",
      recovery_window_in_days: 7,
      description: "the database URL",
    }),
    {
      ...created(
        "aws_iam_access_key.ci",
        // A plan never knows a new key's secret; one that did must still not show it.
        { user: "ci-bot", status: "Active", pgp_key: null, secret: KEY_SECRET },
        { id: true, encrypted_secret: true, ses_smtp_password_v4: true },
      ),
      afterSensitive: { secret: true },
    },
  );
  const lines = r.comment.split("\n");

  test("a new subscription shows its topic, protocol and endpoint, a key in its URL and a webhook redacted", () => {
    const hook = lines.indexOf("+ aws_sns_topic_subscription.hook");
    expect(lines.slice(hook, hook + 4)).toEqual([
      "+ aws_sns_topic_subscription.hook",
      `    endpoint: null -> "https://alerts.example.com/hook?x=${REDACTED_VALUE}"`,
      '    protocol: null -> "https"',
      `    topic_arn: null -> "${TOPIC}"`,
    ]);
    expect(lines).toContain(`    endpoint: null -> "${REDACTED_VALUE}"`);
    for (const [where, text] of Object.entries({ comment: r.comment, full: r.fullMarkdown, json: r.json }))
      expect({ where, leaked: text.includes(AWS_KEY) || text.includes(SLACK_HOOK) }).toEqual({ where, leaked: false });
  });

  test("a new secret shows its name, KMS key and recovery window", () => {
    const secret = lines.indexOf("+ aws_secretsmanager_secret.db");
    expect(lines.slice(secret, secret + 4)).toEqual([
      "+ aws_secretsmanager_secret.db",
      '    kms_key_id: null -> "arn:aws:kms:eu-west-1:111111111111:key/0a1b2c3d-1111-2222-3333-444455556666"',
      '    name: null -> "app/db"',
      "    recovery_window_in_days: null -> 7",
    ]);
  });

  test("a new access key shows its user and status, never its secret, and is flagged naming its user", () => {
    expect(lines).toContain('    user: null -> "ci-bot"');
    expect(lines).toContain('    status: null -> "Active"');
    expect(r.comment).not.toMatch(/^ {4}(?:secret: null -> "|pgp_key)/m);
    for (const text of [r.comment, r.fullMarkdown, r.json]) expect(text).not.toContain(KEY_SECRET);
    expect(lines).toContain(
      '- **Long-lived access key created** · `access-production` · `aws_iam_access_key.ci`: long-lived access key created for user "ci-bot": its secret is written to Terraform state and works until deleted; prefer a role',
    );
    expect(r.report.stacks[0]?.risks.map((f) => f.rule)).toEqual(["iam-access-key-created"]);
  });

  test("a replaced access key is flagged as a new one", () => {
    const replaced = reviewOf({
      address: "aws_iam_access_key.ci",
      actions: ["delete", "create"],
      before: { user: "ci-bot", status: "Active", pgp_key: "keybase:old" },
      after: { user: "ci-bot", status: "Active", pgp_key: "keybase:new" },
      replacePaths: [["pgp_key"]],
    });
    expect(replaced.report.stacks[0]?.risks.map((f) => f.detail)).toEqual([
      "replaced: a new long-lived access key is created for its user: its secret is written to Terraform state and works until deleted; prefer a role",
    ]);
  });
});

describe("secret rotation: what a new rotation shows, and a rotation function in another account", () => {
  const SECRET = "arn:aws:secretsmanager:eu-west-1:111111111111:secret:app/db-AbCdEf";
  const OWN = "arn:aws:lambda:eu-west-1:111111111111:function:rotate-db";
  const OTHER = "arn:aws:lambda:eu-west-1:222222222222:function:rotate-db";
  const rotation = (lambda: string, secretId: string | null) => ({
    secret_id: secretId,
    rotation_lambda_arn: lambda,
    rotate_immediately: false,
    rotation_rules: [{ automatically_after_days: 30, duration: null, schedule_expression: null }],
  });
  const newSecret = created(
    "aws_secretsmanager_secret.db",
    { name: "app/db", kms_key_id: "arn:aws:kms:eu-west-1:111111111111:key/k", recovery_window_in_days: 30, policy: null },
    { arn: true, id: true },
  );

  test("a new rotation shows its function and rules, as Terraform's plan does", () => {
    const lines = reviewOf(created("aws_secretsmanager_secret_rotation.db", rotation(OWN, null), { secret_id: true })).comment.split("\n");
    expect(lines).toContain(`    rotation_lambda_arn: null -> "${OWN}"`);
    expect(lines).toContain("    secret_id: null -> (known after apply)");
    expect(lines).toContain('    rotation_rules: null -> [{"automatically_after_days":30,"duration":null,"schedule_expression":null}]');
  });

  test("a new secret shows its inline policy, not only a flag", () => {
    const policy = JSON.stringify({
      Statement: [
        { Effect: "Allow", Principal: { AWS: "arn:aws:iam::222222222222:root" }, Action: "secretsmanager:GetSecretValue", Resource: "*" },
      ],
    });
    const r = reviewOf(created("aws_secretsmanager_secret.db", { name: "app/db", recovery_window_in_days: 30, policy }));
    expect(r.comment).toMatch(/^ {4}policy.*arn:aws:iam::222222222222:root/m);
  });

  test("fails a rotation created with another account's function, read against the plan's accounts when its secret is new", () => {
    expect(reviewFlags(newSecret, created("aws_secretsmanager_secret_rotation.db", rotation(OTHER, null), { secret_id: true }))).toEqual([
      `rotation-lambda-other-account aws_secretsmanager_secret_rotation.db: rotation function ${OTHER} is in account 222222222222, but this plan's ARNs are in account 111111111111: that account's function reads and writes every version of the secret`,
    ]);
    expect(reviewFlags(newSecret, created("aws_secretsmanager_secret_rotation.db", rotation(OWN, null), { secret_id: true }))).toEqual([]);
  });

  test("fails a rotation updated to another account's function than its secret's", () => {
    const update = {
      address: "aws_secretsmanager_secret_rotation.db",
      actions: ["update"],
      before: rotation(OWN, SECRET),
      after: rotation(OTHER, SECRET),
    };
    expect(reviewFlags(update)).toEqual([
      `rotation-lambda-other-account aws_secretsmanager_secret_rotation.db: rotation function ${OTHER} is in account 222222222222, but the secret ${SECRET} is in account 111111111111: that account's function reads and writes every version of the secret`,
    ]);
    expect(reviewFlags({ ...update, after: rotation(OWN, SECRET), before: rotation(OTHER, SECRET) })).toEqual([]);
  });

  test("fails a secret created with a recovery window of 0", () => {
    const zero = created("aws_secretsmanager_secret.db", { name: "app/db", recovery_window_in_days: 0 });
    expect(reviewFlags(zero)).toEqual([
      "recovery-window-shortened aws_secretsmanager_secret.db: secret app/db: created with recovery_window_in_days 0 (a deletion would be immediate and final)",
    ]);
    expect(reviewFlags(created("aws_secretsmanager_secret.db", { name: "app/db", recovery_window_in_days: 7 }))).toEqual([]);
  });
});
