import { kmsStep } from "../../lib/engines/check/access/steps";
import type { KeyInfo } from "../../lib/engines/check/access/world";
import { SCOPE_TAG, scopeTagValue } from "../../lib/core/scope-tag";
import { keyOf, type Step, type World } from "./iam-world";
import type { CheckName } from "./matrix-checks";
import { ownNames } from "./own-names";
import { callsIn } from "./role-limit-checks";

/**
 * Another team's key in this account: the default key policy (the account decides through IAM), tagged
 * `tags` (none: not golive's), aliased `alias`.
 */
export function foreignKey(world: World, alias: string, tags: Record<string, string> = {}): KeyInfo {
  return {
    arn: `arn:aws:kms:${world.region}:${world.accountId}:key/0b7c1a52-3f0e-4d5b-9c36-2b8f1f0e9a11`,
    alias,
    region: world.region,
    policy: {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${world.accountId}:root` }, Action: "kms:*", Resource: "*" }],
    },
    tags,
  };
}

/** The calls an audit (iam-simulate 0.1.173) found PowerUserAccess left the deploy role on another team's resources. */
const FOREIGN_KEY_CALLS = ["kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:PutKeyPolicy", "kms:CreateGrant", "kms:Decrypt"];
const FOREIGN_ZONE_CALLS = ["route53:ChangeResourceRecordSets", "route53:DeleteHostedZone", "route53:DisableHostedZoneDNSSEC"];
const FOREIGN_ALARM_CALLS = ["cloudwatch:DeleteAlarms", "cloudwatch:DisableAlarmActions"];
const FOREIGN_IDENTITY_CALLS = ["ses:DeleteEmailIdentity", "ses:SendEmail"];

/**
 * Other teams' KMS keys, hosted zones, alarms and SES identities in the account, which none of the
 * deploy role's stacks touch and PowerUserAccess handed it (untagged, so no golive:scope deny bound
 * them): one row per call, each denied; and what the stacks do with their own (by their synthesized
 * names), which stays allowed.
 */
export function foreignResourceChecks(world: World): ReadonlyMap<CheckName, readonly Step[]> {
  const { at, call } = callsIn(world);
  const own = ownNames(world);
  const email = world.cfg.email?.region ?? world.region;
  const payments = foreignKey(world, "alias/payments-data");
  const zone = `arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ`;
  const alarm = at("cloudwatch", "alarm:payments-api-5xx", "us-east-1");
  const identity = at("ses", "identity/payments.example.org", email);
  const checks = new Map<CheckName, readonly Step[]>([
    ...FOREIGN_KEY_CALLS.map((a): [string, Step[]] => [`another team's key (alias/payments-data): ${a}`, [kmsStep(world, payments, a)]]),
    ...FOREIGN_ZONE_CALLS.map((a): [string, Step[]] => [`another team's hosted zone: ${a}`, [call(a, zone)]]),
    ...FOREIGN_ALARM_CALLS.map((a): [string, Step[]] => [`another team's alarm (payments-api-5xx): ${a}`, [call(a, alarm)]]),
    ...FOREIGN_IDENTITY_CALLS.map((a): [string, Step[]] => [
      `another team's SES identity (payments.example.org): ${a}`,
      [call(a, identity)],
    ]),
  ]);
  // The topic keys the deploy role administers (topic-key-policy.ts), found by alias; a new one, before
  // Terraform creates its alias (CreateKey, then EnableKeyRotation and the reads of its wait), by the
  // golive:scope tag its provider gave it.
  const topicKeys = [keyOf(world, "alerts"), keyOf(world, "feedback")];
  const administer = ["kms:PutKeyPolicy", "kms:EnableKeyRotation", "kms:UpdateKeyDescription", "kms:TagResource", "kms:CreateAlias"];
  checks.set(
    "own topic keys: policy, rotation, description, tags, alias",
    topicKeys.flatMap((key) => administer.map((a) => kmsStep(world, key, a))),
  );
  const scope = { [`aws:ResourceTag/${SCOPE_TAG}`]: scopeTagValue(world.cfg.app, world.cfg.environment), "kms:ResourceAliases": [] };
  checks.set(
    "a new topic key before its alias: rotation on, read back, aliased",
    ["kms:EnableKeyRotation", "kms:DescribeKey", "kms:GetKeyPolicy", "kms:ListResourceTags", "kms:CreateAlias"].map((a) =>
      kmsStep(world, { ...keyOf(world, "alerts"), alias: "" }, a, undefined, scope),
    ),
  );
  // An alert webhook's secret under another key, through Secrets Manager: webhook-secret.spec.ts.
  checks.set("monitoring stack: its health checks tagged, updated, read, deleted", [
    call("route53:CreateHealthCheck", "*"),
    ...["ChangeTagsForResource", "UpdateHealthCheck", "GetHealthCheck", "ListTagsForResource", "DeleteHealthCheck"].map((a) =>
      call(`route53:${a}`, own.healthCheck),
    ),
  ]);
  checks.set(
    "monitoring stack: its alarms (synthesized names) put, tagged, read, deleted",
    own.alarms.flatMap((arn) =>
      ["PutMetricAlarm", "TagResource", "UntagResource", "DescribeAlarms", "ListTagsForResource", "DeleteAlarms"].map((a) =>
        call(`cloudwatch:${a}`, arn),
      ),
    ),
  );
  checks.set("email stack: its SES identity and configuration set (synthesized names), as Terraform applies them", [
    ...[
      "CreateEmailIdentity",
      "GetEmailIdentity",
      "PutEmailIdentityMailFromAttributes",
      "PutEmailIdentityDkimSigningAttributes",
      "PutEmailIdentityConfigurationSetAttributes",
      "TagResource",
      "ListTagsForResource",
      "DeleteEmailIdentity",
    ].map((a) => call(`ses:${a}`, own.identity)),
    ...[
      "CreateConfigurationSet",
      "GetConfigurationSet",
      "PutConfigurationSetReputationOptions",
      "PutConfigurationSetSendingOptions",
      "PutConfigurationSetDeliveryOptions",
      "PutConfigurationSetSuppressionOptions",
      "CreateConfigurationSetEventDestination",
      "GetConfigurationSetEventDestinations",
      "UpdateConfigurationSetEventDestination",
      "TagResource",
      "ListTagsForResource",
    ].map((a) => call(`ses:${a}`, own.configurationSet)),
  ]);
  return checks;
}
