import { kmsStep, readStateSteps, secretStep } from "../../lib/engines/check/access/steps";
import type { PLANNED_SERVICE_DATA_READS } from "../../lib/features/ci-access/plan-reads";
import { keyOf, type Step, type World } from "./iam-world";
import type { CheckName } from "./matrix-checks";
import { ownNames } from "./own-names";
import { callsIn } from "./role-limit-checks";

/**
 * What the plan roles read, now an allow list of the services their stacks declare: application data
 * of services no golive stack declares (items, messages, records, images, commits, executions,
 * documents), which ReadOnlyAccess handed a pull request; people's data of the services they do read
 * (PLANNED_SERVICE_DATA_READS); and what Terraform reads to refresh golive's resources, which must stay
 * allowed for the roles that plan those stacks.
 */
export function planReadChecks(world: World): ReadonlyMap<CheckName, readonly Step[]> {
  const { at, call } = callsIn(world);
  const account = world.accountId;
  const prefix = `${world.cfg.app}-${world.cfg.environment}-`;
  const email = world.cfg.email?.region ?? world.region;
  const table = at("dynamodb", "table/orders");
  const data: [action: string, resource: string][] = [
    ["dynamodb:Scan", table],
    ["dynamodb:GetItem", table],
    // Not even a read: a received message is hidden from the queue's consumers for its visibility timeout.
    ["sqs:ReceiveMessage", at("sqs", "jobs")],
    ["kinesis:GetRecords", at("kinesis", "stream/events")],
    ["ecr:BatchGetImage", at("ecr", "repository/worker")],
    ["ecr:GetDownloadUrlForLayer", at("ecr", "repository/worker")],
    ["codecommit:GitPull", at("codecommit", "app")],
    ["states:DescribeExecution", at("states", "execution:jobs:0d1e2f3a")],
    ["es:ESHttpGet", at("es", "domain/search")],
    // Inside services the plan roles do read (the re-audit's): SES Mail Manager's archived mail and
    // address lists, an export job's pre-signed URL of message insights, CloudWatch's logs and traces.
    ["ses:GetArchiveMessageContent", at("ses", "mailmanager-archive/a-1234", email)],
    ["ses:ListMembersOfAddressList", at("ses", "mailmanager-address-list/al-1", email)],
    ["ses:GetExportJob", at("ses", "export-job/ej-1", email)],
    ["cloudwatch:GetRecords", "*"],
    ["cloudwatch:GetInsightRuleReport", at("cloudwatch", "insight-rule/top-ips", "us-east-1")],
  ];
  const people: Readonly<Record<(typeof PLANNED_SERVICE_DATA_READS)[number], string>> = {
    "ses:ListContacts": at("ses", "contact-list/newsletter", email),
    "ses:GetContact": at("ses", "contact-list/newsletter", email),
    "ses:ListSuppressedDestinations": "*",
    "ses:GetSuppressedDestination": "*",
    "ses:GetMessageInsights": "*",
    "sns:ListPhoneNumbersOptedOut": "*",
    "sns:ListSMSSandboxPhoneNumbers": "*",
    "sns:GetEndpointAttributes": "*",
    "sns:ListEndpointsByPlatformApplication": "*",
  };
  const checks = new Map<CheckName, readonly Step[]>(
    [...data, ...Object.entries(people)].map(([action, resource]) => [`${action} (data)`, [call(action, resource)]]),
  );
  // Terraform's refresh of what golive's stacks declare, one representative read per service.
  const role = `arn:aws:iam::${account}:role/${prefix}app`;
  const key = keyOf(world, "secrets");
  const own = ownNames(world);
  const refresh: [check: string, steps: Step[]][] = [
    ["refresh of a role: iam:GetRole, iam:ListRolePolicies", [call("iam:GetRole", role), call("iam:ListRolePolicies", role)]],
    [
      "refresh of a key: kms:DescribeKey, kms:GetKeyPolicy, kms:GetKeyRotationStatus",
      ["kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus"].map((action) => kmsStep(world, key, action)),
    ],
    [
      "refresh of a secret: secretsmanager:DescribeSecret, secretsmanager:GetResourcePolicy",
      ["secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy"].map((action) =>
        secretStep(world, `${world.cfg.app}/${world.cfg.environment}/database-url`, action),
      ),
    ],
    ["refresh of a topic: sns:GetTopicAttributes", [call("sns:GetTopicAttributes", at("sns", `${prefix}ses-feedback`, email))]],
    ["refresh of an SES identity: ses:GetEmailIdentity", [call("ses:GetEmailIdentity", own.identity)]],
    [
      "refresh of an SES configuration set: ses:GetConfigurationSet, ses:GetConfigurationSetEventDestinations, ses:ListTagsForResource",
      ["ses:GetConfigurationSet", "ses:GetConfigurationSetEventDestinations", "ses:ListTagsForResource"].map((action) =>
        call(action, own.configurationSet),
      ),
    ],
    [
      "refresh of an alarm: cloudwatch:DescribeAlarms, cloudwatch:ListTagsForResource",
      ["cloudwatch:DescribeAlarms", "cloudwatch:ListTagsForResource"].map((action) => call(action, own.alarms[0] ?? "")),
    ],
    ["refresh of a health check: route53:GetHealthCheck", [call("route53:GetHealthCheck", own.healthCheck)]],
    ["the provider's account check: sts:GetCallerIdentity", [call("sts:GetCallerIdentity", "*")]],
  ];
  for (const [check, steps] of refresh) checks.set(check, steps);
  const bucket = world.bucket;
  if (bucket) {
    const onBucket = (action: string): Step => ({ ...call(action, bucket.arn), resourcePolicy: bucket.policy });
    checks.set("S3 backend: list the state bucket, read email state", [onBucket("s3:ListBucket"), ...readStateSteps(world, "email")]);
    // The bootstrap stack keeps its state locally and no CI role plans it (createsStateBackend).
    checks.set("refresh of the state bucket: s3:GetBucketPolicy, s3:GetBucketVersioning", [
      onBucket("s3:GetBucketPolicy"),
      onBucket("s3:GetBucketVersioning"),
    ]);
  }
  return checks;
}
