import type { AppConfig } from "../../config/schema";
import { unique } from "../../core/iam";
import { stateKeyAlias } from "../../platform/backend-model";
import { type GolivePrincipals, secretsKeyAlias, webhookSecretNames } from "../secrets/model";
import type { CiRoleKind } from "../../core/ci-roles";
import type { StackDeclaration } from "../../platform/feature";
import { stateAccess, stateKindsOf } from "../state/bucket-policy";
import { configurationSetArn, feedbackKeyAlias, feedbackTopicName } from "../email/feedback";
import { sendingDomain } from "../email/model";
import { alarmNamePrefix } from "../release/alarm-query";
import { awsAccountOf } from "../../platform/aws-account";
import { namePrefix } from "../../core/names";
import { alertKeyAlias, alertTopicName } from "../monitoring/alert-encryption";
import { type PlanRole, plannedServices } from "./plan-reads";
import { type ApplyingRole, appliedServices } from "./applied-services";

// What the CI roles' policies and the boundary refer to, from config and the registry's stacks: ARNs
// and aliases of golive's secrets, keys, topics and state, the services the plan roles read. The action
// lists they deny are kept by theme beside it (iam-write-actions.ts, run-as-other-roles.ts,
// other-secret-reads.ts, kms-actions.ts, plan-reads.ts).

/** What the CI role and boundary policies refer to, from config. */
export interface CiScope {
  readonly principals: GolivePrincipals;
  /** The four CI roles' ARNs. */
  readonly ciRoles: readonly string[];
  /** `arn:aws:secretsmanager:<region>:<account>:secret:<app>/<env>/*` */
  readonly secrets: string;
  /** Aliases of golive's keys (secrets; state with S3 state). */
  readonly keyAliases: readonly string[];
  readonly aliasArns: readonly string[];
  /** `arn:aws:kms:*:<account>:alias/<app>-<env>-secrets` */
  readonly secretsAliasArn: string;
  /** `arn:aws:secretsmanager:*:<account>:secret:<name>-??????` of each alert webhook's secret. */
  readonly webhookSecrets: readonly string[];
  readonly rotationFunctions: readonly string[];
  /** The AWS services of the stacks a plan role plans, which it reads (plan-reads.ts). */
  readonly plannedServices: (role: PlanRole) => readonly string[];
  /** The AWS services of the stacks a deploying role applies, the only ones it may call (applied-services.ts). */
  readonly appliedServices: (role: ApplyingRole) => readonly string[];
  /**
   * `arn:aws:sns:*:<account>:<name>` of the topics golive subscribes to: the alert topic
   * (`monitoring-<env>`, webhook subscriptions) and the SES feedback topic (`email-<env>`, addresses
   * from config), when their stacks exist.
   */
  readonly topics: { readonly alerts?: string; readonly feedback?: string };
  /** Aliases of those topics' keys (`alias/<topic name>`), which the deploy role administers but never uses. */
  readonly topicKeyAliases: readonly string[];
  /** `arn:aws:cloudwatch:*:<account>:alarm:<app>-<env> *`: the monitoring stack's alarms, by name (alarmNamePrefix). */
  readonly alarms: string;
  /** The email stack's SES domain identity and configuration set (`<app>-<env>`), in any region; none without email. */
  readonly mail: readonly string[];
  readonly app: string;
  readonly environment: string;
  readonly state?: {
    readonly bucketArn: string;
    readonly keyAlias: string;
    readonly aliasArn: string;
    /** State object ARN of a stack kind; its lock file adds `.tflock`. */
    readonly objectArn: (kind: string) => string;
    /** The stack kinds whose state each CI role plans or applies (stateKindsOf, from the registry's stacks). */
    readonly kindsOf: (role: CiRoleKind) => readonly string[];
  };
}

/** `stacks`: every stack the registry declares, passed down by the access stack's builder. */
export function ciScope(cfg: AppConfig, principals: GolivePrincipals, stacks: readonly StackDeclaration[]): CiScope {
  const secrets = cfg.secrets;
  const account = principals.accountId;
  const region = secrets?.region ?? "*";
  const aliasArn = (alias: string) => `arn:aws:kms:*:${account}:${alias}`;
  const s3 = cfg.state?.backend === "s3" ? cfg.state : undefined;
  const access = s3 ? stateAccess(cfg, s3, stacks) : undefined;
  const state =
    s3 && access
      ? {
          bucketArn: access.bucketArn,
          keyAlias: stateKeyAlias(s3.bucket),
          aliasArn: aliasArn(stateKeyAlias(s3.bucket)),
          objectArn: access.objectArn,
          kindsOf: (role: CiRoleKind) => stateKindsOf(role, stacks),
        }
      : undefined;
  const keyAliases = [secretsKeyAlias(cfg), ...(state ? [state.keyAlias] : [])];
  return {
    principals,
    ciRoles: principals.ci ? Object.values(principals.ci) : [],
    secrets: `arn:aws:secretsmanager:${region}:${account}:secret:${cfg.app}/${cfg.environment}/*`,
    keyAliases,
    aliasArns: keyAliases.map(aliasArn),
    secretsAliasArn: aliasArn(secretsKeyAlias(cfg)),
    // Secrets Manager appends `-` and six random characters to a secret's name in its ARN.
    webhookSecrets: [...webhookSecretNames(cfg)].map((name) => `arn:aws:secretsmanager:*:${account}:secret:${name}-??????`),
    // Each function once: secrets rotated by one function would repeat its ARN (IAM reads a list as a set).
    rotationFunctions: unique((secrets?.items ?? []).flatMap((i) => (i.rotation.lambda ? [i.rotation.lambda.functionArn] : []))),
    plannedServices: (role) => plannedServices(role, stacks),
    appliedServices: (role) => appliedServices(role, stacks),
    topics: goliveTopics(cfg, account),
    topicKeyAliases: [...(cfg.monitoring ? [alertKeyAlias(cfg)] : []), ...(cfg.email ? [feedbackKeyAlias(cfg)] : [])],
    alarms: `arn:aws:cloudwatch:*:${awsAccountOf(cfg, cfg.monitoring?.awsAccountId) ?? account}:alarm:${alarmNamePrefix(cfg)}*`,
    mail: goliveMail(cfg),
    app: cfg.app,
    environment: cfg.environment,
    ...(state ? { state } : {}),
  };
}

/** The SES resources the email stack declares (ses-sending.ts), by the names the email feature gives them. */
function goliveMail(cfg: AppConfig): string[] {
  const email = cfg.email;
  const account = email && awsAccountOf(cfg, email.awsAccountId);
  if (!email || !account) return [];
  return [
    `arn:aws:ses:*:${account}:identity/${sendingDomain(cfg, email)}`,
    configurationSetArn("*", account, namePrefix(cfg.app, cfg.environment)),
  ];
}

/** The topics the monitoring and email stacks declare, by the names those features give them. */
function goliveTopics(cfg: AppConfig, account: string): CiScope["topics"] {
  const topic = (name: string) => `arn:aws:sns:*:${account}:${name}`;
  return {
    ...(cfg.monitoring ? { alerts: topic(alertTopicName(cfg)) } : {}),
    ...(cfg.email ? { feedback: topic(feedbackTopicName(cfg)) } : {}),
  };
}
