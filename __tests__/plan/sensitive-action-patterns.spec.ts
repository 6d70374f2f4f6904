import { type Actor, type Step, verdict } from "../../lib/engines/check/access/simulate";
import { flags, rc } from "./fixtures";

// IAM reads an Action's prefix and name ignoring case, and `*` / `?` match part of a name (IAM reference,
// Action element): a pattern that can match a data read is flagged on every resource, whatever its
// spelling. The IAM simulator golive check uses is the oracle for what a pattern grants, not our reading.

const ACCOUNT = "111111111111";
const policy = (...statements: unknown[]) => ({ Version: "2012-10-17", Statement: statements });
const wide = (actions: string | string[], key = "Action") => policy({ Sid: "Wide", Effect: "Allow", [key]: actions, Resource: "*" });
const READ = policy({ Sid: "Read", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" });

/** The flags of a role's inline policy changed from READ to `doc`, without the common prefix. */
function widened(doc: unknown, before: unknown = READ): string[] {
  const inline = (d: unknown) => ({ name: "deploy", role: "opsbot-production-deploy", policy: JSON.stringify(d) });
  const prefix = "permissions-widened: role opsbot-production-deploy policy deploy: ";
  return flags(rc("aws_iam_role_policy", ["update"], inline(before), inline(doc))).map((f) => f.replace(prefix, ""));
}

/** The data reads a pattern may grant, one resource each (the reads golive's secrets stack guards). */
const READS: Readonly<Record<string, Step>> = {
  "secretsmanager:GetSecretValue": {
    action: "secretsmanager:GetSecretValue",
    resource: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:opsbot/production/db-AbCdEf`,
    resourceAccount: ACCOUNT,
  },
  "s3:GetObject": { action: "s3:GetObject", resource: "arn:aws:s3:::opsbot-production-state/terraform.tfstate", resourceAccount: ACCOUNT },
  "ssm:GetParameter": {
    action: "ssm:GetParameter",
    resource: `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/opsbot/production/token`,
    resourceAccount: ACCOUNT,
  },
};

/** The reads of READS an identity policy lets a role make, as the simulator decides. */
async function granted(doc: unknown): Promise<string[]> {
  const actor: Actor = {
    label: `holder of ${JSON.stringify(doc)}`,
    principal: `arn:aws:sts::${ACCOUNT}:assumed-role/wide/golive`,
    principalArn: `arn:aws:iam::${ACCOUNT}:role/wide`,
    accountId: ACCOUNT,
    identity: [{ name: "wide", policy: doc }],
  };
  const out: string[] = [];
  for (const [read, step] of Object.entries(READS)) if ((await verdict([actor], [step])) === "allowed") out.push(read);
  return out;
}

/** Each pattern newly on `*`, and the reads of READS it grants (the simulator agrees: checked below). */
const FLAGGED: readonly (readonly [string, readonly string[]])[] = [
  ["secretsmanager:GetSecretValue", ["secretsmanager:GetSecretValue"]],
  ["secretsmanager:Getsecretvalue", ["secretsmanager:GetSecretValue"]],
  ["SecretsManager:GetSecretValue", ["secretsmanager:GetSecretValue"]],
  ["secretsmanager:Get*", ["secretsmanager:GetSecretValue"]],
  ["secretsmanager:G*", ["secretsmanager:GetSecretValue"]],
  ["secretsmanager:GetS*", ["secretsmanager:GetSecretValue"]],
  ["secretsmanager:GetS?cretValue", ["secretsmanager:GetSecretValue"]],
  ["secretsmanager:*Value", ["secretsmanager:GetSecretValue"]],
  ["secretsmanager:*", ["secretsmanager:GetSecretValue"]],
  ["s3:Get*", ["s3:GetObject"]],
  ["S3:getobject", ["s3:GetObject"]],
  ["s3:Get?bject", ["s3:GetObject"]],
  ["ssm:GetParam*", ["ssm:GetParameter"]],
  ["ssm:get*", ["ssm:GetParameter"]],
  ["*", ["secretsmanager:GetSecretValue", "s3:GetObject", "ssm:GetParameter"]],
];

/** Patterns on `*` that match only metadata reads: no flag, and no data read granted. */
const UNFLAGGED = [
  "secretsmanager:List*",
  "secretsmanager:Describe*",
  "secretsmanager:describesecret",
  "s3:GetBucket*",
  "S3:ListAllMyBuckets",
  "ssm:Describe*",
  "s3:GetB*",
];

describe("sensitive actions on every resource, as IAM matches them", () => {
  test("the auditor's statement: each Get pattern that can read a secret, object or parameter is flagged", () => {
    expect(widened(wide(["secretsmanager:Get*", "s3:Get*", "ssm:GetParam*"]))).toEqual([
      'statement "Wide": s3:Get* now on every resource (*)',
      'statement "Wide": secretsmanager:Get* now on every resource (*)',
      'statement "Wide": ssm:GetParam* now on every resource (*)',
    ]);
  });

  test.each(FLAGGED.map(([pattern]) => pattern))("%s newly on every resource is flagged", (pattern) => {
    expect(widened(wide(pattern))).toContain(`statement "Wide": ${pattern} now on every resource (*)`);
  });

  test.each(FLAGGED)("the simulator grants %s on every resource the reads it is flagged for", async (pattern, reads) => {
    expect(await granted(wide(pattern))).toEqual(reads);
  });

  test.each(UNFLAGGED)("%s on every resource raises nothing, and the simulator grants it no data read", async (pattern) => {
    expect(widened(wide(pattern))).toEqual([]);
    expect(await granted(wide(pattern))).toEqual([]);
  });

  test("a wildcard service prefix is flagged though IAM refuses it (the simulator's validator too): read as matching, never hidden", () => {
    expect(widened(wide(["*:*", "secrets*:GetSecretValue"]))).toEqual([
      "now allows *:*",
      'statement "Wide": *:* now on every resource (*)',
      'statement "Wide": secrets*:GetSecretValue now on every resource (*)',
    ]);
  });

  test("a pattern reached before in another letter case raises nothing: IAM:* where iam:* was", () => {
    const iam = (action: string) => policy({ Sid: "Iam", Effect: "Allow", Action: action, Resource: "*" });
    expect(widened(iam("IAM:*"), iam("iam:*"))).toEqual([]);
    expect(widened(wide("secretsmanager:getsecretvalue"), wide("SecretsManager:GetSecretValue"))).toEqual([]);
  });

  // A Resource naming only a kind (an ARN whose resource part is a wildcard) reaches every such resource, as "*" does.
  const onResource = (action: string, resource: string) => policy({ Sid: "Wide", Effect: "Allow", Action: action, Resource: resource });
  test.each([
    ["secretsmanager:GetSecretValue", "arn:aws:secretsmanager:*:*:secret:*", "secretsmanager:GetSecretValue"],
    ["secretsmanager:Get*", `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:*`, "secretsmanager:GetSecretValue"],
    ["s3:GetObject", "arn:aws:s3:::*/*", "s3:GetObject"],
    ["ssm:GetParam*", "arn:aws:ssm:*:*:parameter/*", "ssm:GetParameter"],
  ])("%s on %s is flagged as on every resource, and the simulator grants %s", async (action, resource, read) => {
    expect(widened(onResource(action, resource))).toEqual([`statement "Wide": ${action} now on every resource (${resource})`]);
    expect(await granted(onResource(action, resource))).toEqual([read]);
  });

  test.each([
    ["s3:GetObject", "arn:aws:s3:::other-bucket/*"],
    ["secretsmanager:GetSecretValue", `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:other/*`],
  ])(
    "%s on one named scope (%s) raises no every-resource flag, and the simulator grants none of the guarded reads",
    async (action, resource) => {
      expect(widened(onResource(action, resource))).toEqual([]);
      expect(await granted(onResource(action, resource))).toEqual([]);
    },
  );

  test("a ? covers one character of a name, never a * of the new pattern: s3:G? before does not hide s3:G* after", async () => {
    expect(widened(wide("s3:G*"), wide("s3:G?"))).toEqual(['statement "Wide": s3:G* now on every resource (*)']);
    // The oracle: s3:G? grants no read, s3:G* grants GetObject.
    expect([await granted(wide("s3:G?")), await granted(wide("s3:G*"))]).toEqual([[], ["s3:GetObject"]]);
  });

  test("an Allow with NotAction on every resource is flagged, and the simulator grants what it does not list", async () => {
    const doc = wide(["secretsmanager:List*", "s3:*", "ssm:*"], "NotAction");
    expect(widened(doc)).toEqual(['statement "Wide" allows every action except s3:*, secretsmanager:List*, ssm:*']);
    expect(await granted(doc)).toEqual(["secretsmanager:GetSecretValue"]);
  });
});
