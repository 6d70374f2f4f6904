import type { PolicyStatement } from "../../core/iam";
import { scopeTagValue } from "../../core/scope-tag";
import { SECRETS_MANAGER_SERVICE } from "./kms-actions";
import { existingKeys } from "./kms-guards";
import { SCOPE_RESOURCE_TAG } from "./other-environments";
import type { CiScope } from "./scope";

// Other teams share the account. PowerUserAccess lets the deploy role at their KMS keys, hosted zones,
// alarms and SES identities, which carry no golive:scope tag, so the tag denies of other-environments.ts
// never bind them (an audit with iam-simulate 0.1.173: a foreign key's deletion, policy, grants and
// decrypt; a zone's records, deletion and DNSSEC; an alarm's deletion and silencing; mail sent as another
// identity, or the identity deleted). The deploy role's stacks touch only their own of each, by alias,
// tag or name, so everything else of these services is denied, whatever a managed policy grants.

/**
 * No key but golive's: the state key (S3 state), the secrets key and the topic keys, by alias (the
 * boundary keeps those aliases on their keys, GoliveKeyAliasesStay and StateKeyAliasStays), or by the
 * golive:scope tag its provider gives a key it creates, which a new topic key carries before Terraform
 * creates its alias (CreateKey, then EnableKeyRotation). An alert webhook's secret may be kept under any
 * key (aws/secretsmanager, another team's), which Secrets Manager decrypts for the deploy; the role
 * calls Secrets Manager on those secrets only, and reads them only (NoSecretsButWebhookUrls,
 * WebhookUrlsReadOnly). CreateKey asks on `*`, not on an existing key (existingKeys).
 */
export function noKeysButGolives(scope: CiScope): PolicyStatement {
  return {
    Sid: "NoKeysButGolives",
    Effect: "Deny",
    Action: "kms:*",
    Resource: existingKeys(scope.principals.accountId),
    Condition: {
      "ForAllValues:StringNotEquals": { "kms:ResourceAliases": [...scope.keyAliases, ...scope.topicKeyAliases] },
      StringNotEquals: { [SCOPE_RESOURCE_TAG]: scopeTagValue(scope.app, scope.environment) },
      StringNotLike: { "kms:ViaService": SECRETS_MANAGER_SERVICE },
    },
  };
}

/**
 * Route 53 for health checks only (the monitoring stack's uptime checks; DNS is Cloudflare's): no
 * hosted zone, its records or DNSSEC, no traffic policy, delegation set, query log or CIDR collection.
 * Denied by resource, as NotResource `healthcheck/*` would deny CreateHealthCheck too (asked on `*`).
 */
const ROUTE53_NOT_HEALTH_CHECKS = [
  "arn:aws:route53:::hostedzone/*",
  "arn:aws:route53:::trafficpolicy*",
  "arn:aws:route53:::delegationset/*",
  "arn:aws:route53:::queryloggingconfig/*",
  "arn:aws:route53:::cidrcollection/*",
] as const;

function noHostedZones(): PolicyStatement {
  return { Sid: "NoRoute53ButHealthChecks", Effect: "Deny", Action: "route53:*", Resource: [...ROUTE53_NOT_HEALTH_CHECKS] };
}

/** What creates, changes, silences, mutes or deletes an alarm. */
const ALARM_WRITES = [
  "cloudwatch:Put*Alarm",
  "cloudwatch:DeleteAlarms",
  "cloudwatch:DisableAlarmActions",
  "cloudwatch:EnableAlarmActions",
  "cloudwatch:SetAlarmState",
  "cloudwatch:PutAlarmMuteRule",
  "cloudwatch:DeleteAlarmMuteRule",
  "cloudwatch:TagResource",
  "cloudwatch:UntagResource",
] as const;

/**
 * No alarm written but this environment's, named `<app>-<env> …` (desiredAlarms; the release watch
 * reads them by that prefix): another team's, untagged, is neither deleted nor silenced.
 */
function noAlarmsButOwn(scope: CiScope): PolicyStatement {
  return { Sid: "NoAlarmsButOwn", Effect: "Deny", Action: [...ALARM_WRITES], NotResource: scope.alarms };
}

/**
 * No SES resource but the email stack's domain identity and configuration set: no mail sent as another
 * identity, no identity deleted; nothing of SES at all without an email stack. SES calls that name no
 * resource (the account's settings, SES v1's identity calls) fall under it too.
 */
function noMailButOwn(scope: CiScope): PolicyStatement {
  const own = scope.mail;
  return { Sid: "NoMailButOwn", Effect: "Deny", Action: "ses:*", ...(own.length > 0 ? { NotResource: [...own] } : { Resource: "*" }) };
}

/** The deploy role's denies of other teams' keys, zones, alarms and mail (DEPLOY_REACH). */
export function notOtherTeamsResources(scope: CiScope): PolicyStatement[] {
  return [noKeysButGolives(scope), noHostedZones(), noAlarmsButOwn(scope), noMailButOwn(scope)];
}
