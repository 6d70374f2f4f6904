import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { AppConfig } from "../../../config/schema";
import { isRecord, str } from "../../../core/json";
import { accountRootArn, managedPolicyArn, roleArn } from "../../../core/iam";
import { environmentOf, type SynthResource, type SynthStack } from "../../../core/readiness/model";
import { stateKeyAlias, stateObjectKey } from "../../../platform/backend-model";
import { githubOidcProviderArn } from "../../../features/ci-access/model";
import { feedbackKeyAlias } from "../../../features/email/feedback";
import { alertKeyAlias } from "../../../features/monitoring/alert-encryption";
import { secretsKeyAlias } from "../../../features/secrets/model";

/**
 * The synthesized IAM of one environment (every stack of it, whichever concern declares the IAM), with
 * every Terraform reference resolved to the ARN it will have, ready for the IAM simulator. Pure data:
 * read from the synthesized JSON, never from cdktf. Policy documents stay `unknown`: the simulator
 * validates them.
 */

/** The AWS managed policies golive attaches, pinned in ./managed-policies (each file says what it holds). */
export function managedPolicy(arn: string): unknown {
  // One object per policy, so the simulator validates it once (simulate.ts).
  if (!pinned.has(arn)) pinned.set(arn, readManagedPolicy(arn));
  return pinned.get(arn);
}
const pinned = new Map<string, unknown>();

function readManagedPolicy(arn: string): unknown {
  const name = arn.split("/").pop() ?? arn;
  let file: unknown;
  try {
    file = JSON.parse(readFileSync(join(__dirname, "managed-policies", `${name}.json`), "utf8"));
  } catch {
    throw new Error(`${arn} is not pinned in lib/engines/check/access/managed-policies (golive knows only the policies it attaches)`);
  }
  if (!isRecord(file) || file.arn !== arn) throw new Error(`managed-policies/${name}.json is not ${arn}`);
  return file.document;
}

export interface Statement {
  readonly name: string;
  readonly policy: unknown;
}

export interface RoleInfo {
  readonly name: string;
  readonly arn: string;
  /** The stack declaring it (`secrets-production`): whoever applies that stack writes its trust. */
  readonly stack: string;
  readonly trust: unknown;
  /** Inline policies and managed-policy documents, by name. */
  readonly identity: readonly Statement[];
  readonly boundary?: unknown;
  /** The boundary's ARN: `iam:PermissionsBoundary` of a request that changes the role. */
  readonly boundaryArn?: string;
}

export interface KeyInfo {
  readonly arn: string;
  readonly alias: string;
  readonly region: string;
  readonly policy: unknown;
  readonly tags: Readonly<Record<string, string>>;
}

export interface SecretInfo {
  readonly arn: string;
  readonly policy: unknown;
  /** The resource, for findings. */
  readonly resource: SynthResource;
}

/** An SNS topic golive declares, for the subscriptions' endpoints (alert webhook URLs). */
export interface TopicInfo {
  readonly arn: string;
  readonly resource: SynthResource;
}

export interface World {
  readonly cfg: AppConfig;
  readonly accountId: string;
  readonly region: string;
  readonly roles: ReadonlyMap<string, RoleInfo>;
  /**
   * golive's keys, when declared: secrets (`secrets-<env>`), state (`bootstrap-<env>`), alerts
   * (`monitoring-<env>`), SES feedback (`email-<env>`).
   */
  readonly keys: { readonly secrets?: KeyInfo; readonly state?: KeyInfo; readonly alerts?: KeyInfo; readonly feedback?: KeyInfo };
  /** The alert topic of `monitoring-<env>` (encrypted with the alerts key), whose https subscriptions are webhook URLs. */
  readonly alertTopic?: TopicInfo;
  /** Secret name (`<app>/<env>/<name>`) -> ARN and resource policy. */
  readonly secrets: ReadonlyMap<string, SecretInfo>;
  /** The state bucket, with S3 state. */
  readonly bucket?: { readonly arn: string; readonly policy: unknown; readonly resource: SynthResource };
  /** Managed policies golive declares, by ARN (the boundary, the CI roles' deny policies). */
  readonly policies: ReadonlyMap<string, unknown>;
  /** The S3 object ARN of a stack kind's state. */
  readonly stateObject: (kind: string) => string;
}

function text(value: unknown, what: string): string {
  const s = str(value);
  if (s === undefined) throw new Error(`${what}: expected a string, got ${JSON.stringify(value)}`);
  return s;
}

/** Region of each AWS provider of a stack, by its reference (`aws`, `aws.us_east_1`). */
function providerRegions(stack: SynthStack, fallback: string): Map<string, string> {
  const regions = new Map<string, string>();
  const aws = isRecord(stack.json.provider) ? stack.json.provider.aws : undefined;
  for (const p of Array.isArray(aws) ? aws : []) {
    if (!isRecord(p)) continue;
    const alias = str(p.alias);
    regions.set(alias ? `aws.${alias}` : "aws", str(p.region) ?? fallback);
  }
  return regions;
}

interface Located {
  readonly r: SynthResource;
  readonly region: string;
  /** A stable, distinct index per key: the simulator only needs ARNs of the right shape. */
  readonly index: number;
}

/** What each referenced attribute will be after apply, for the resource types these stacks declare. */
function attributesOf({ r, region, index }: Located, accountId: string): Record<string, string> {
  const a = r.attrs;
  switch (r.type) {
    case "aws_iam_role": {
      const name = text(a.name, r.address);
      return { arn: roleArn(accountId, name), id: name, name };
    }
    case "aws_iam_policy":
      return { arn: managedPolicyArn(accountId, text(a.name, r.address)) };
    case "aws_iam_openid_connect_provider":
      return { arn: githubOidcProviderArn(accountId) };
    case "aws_kms_key": {
      const keyId = `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`;
      return { arn: `arn:aws:kms:${region}:${accountId}:key/${keyId}`, key_id: keyId, id: keyId };
    }
    case "aws_secretsmanager_secret": {
      // Secrets Manager appends six random characters to the name.
      const arn = `arn:aws:secretsmanager:${region}:${accountId}:secret:${text(a.name, r.address)}-AbCdEf`;
      return { arn, id: arn };
    }
    case "aws_s3_bucket": {
      const bucket = text(a.bucket, r.address);
      return { arn: `arn:aws:s3:::${bucket}`, id: bucket, bucket };
    }
    case "aws_sns_topic":
      return { arn: `arn:aws:sns:${region}:${accountId}:${text(a.name, r.address)}` };
    default:
      return {};
  }
}

/**
 * Reads the IAM of every stack of the environment: a concern that declares a role, key, secret, bucket or
 * topic joins the simulation without being listed here. A view's shared stacks (no `-<env>`) are
 * not the environment's own, and stay out.
 */
export function buildWorld(cfg: AppConfig, stacks: readonly SynthStack[]): World {
  const accountId = cfg.secrets?.accountId ?? (cfg.state?.backend === "s3" ? cfg.state.accountId : undefined);
  if (!accountId) throw new Error("no AWS account in config (secrets.accountId or state.accountId)");
  const region = cfg.secrets?.region ?? (cfg.state?.backend === "s3" ? cfg.state.region : "us-east-1");
  let keys = 0;
  const located: Located[] = stacks
    .filter((s) => environmentOf(s.name, [cfg.environment]) === cfg.environment)
    .flatMap((s) => {
      const regions = providerRegions(s, region);
      return (
        s.resources
          // The account's OIDC provider may be read (`oidcProvider: existing`): the trusts reference its ARN.
          .filter((r) => r.mode === "resource" || r.type === "aws_iam_openid_connect_provider")
          .map((r) => ({ r, region: regions.get(str(r.attrs.provider) ?? "aws") ?? region, index: r.type === "aws_kms_key" ? ++keys : 0 }))
      );
    });
  const values = new Map<string, string>();
  for (const l of located)
    for (const [attr, value] of Object.entries(attributesOf(l, accountId))) values.set(`${l.r.address}.${attr}`, value);
  const resolve = (s: string) =>
    s.replace(/\$\{([^}]+)\}/g, (_, ref: string) => {
      const value = values.get(ref);
      if (value === undefined) throw new Error(`cannot resolve \${${ref}}`);
      return value;
    });
  const parse = (value: unknown, what: string): unknown => JSON.parse(resolve(text(value, what)));
  const ofType = (type: string) => located.filter((l) => l.r.type === type);
  const policies = new Map<string, unknown>(
    ofType("aws_iam_policy").map(({ r }) => [managedPolicyArn(accountId, text(r.attrs.name, r.address)), parse(r.attrs.policy, r.address)]),
  );
  const roles = new Map<string, RoleInfo>();
  for (const { r } of ofType("aws_iam_role")) {
    const name = text(r.attrs.name, r.address);
    const inline = ofType("aws_iam_role_policy")
      .filter((p) => resolve(text(p.r.attrs.role, p.r.address)) === name)
      .map((p) => ({ name: text(p.r.attrs.name, p.r.address), policy: parse(p.r.attrs.policy, p.r.address) }));
    const managed = ofType("aws_iam_role_policy_attachment")
      .filter((a) => resolve(text(a.r.attrs.role, a.r.address)) === name)
      .map((a) => {
        const arn = resolve(text(a.r.attrs.policy_arn, a.r.address));
        return { name: arn, policy: policies.get(arn) ?? managedPolicy(arn) };
      });
    const boundaryArn = r.attrs.permissions_boundary === undefined ? undefined : resolve(text(r.attrs.permissions_boundary, r.address));
    const boundary = boundaryArn === undefined ? undefined : policies.get(boundaryArn);
    if (boundaryArn !== undefined && boundary === undefined) throw new Error(`role ${name}: boundary ${boundaryArn} is not declared`);
    roles.set(name, {
      name,
      arn: roleArn(accountId, name),
      stack: r.stack,
      trust: parse(r.attrs.assume_role_policy, r.address),
      identity: [...inline, ...managed],
      ...(boundary ? { boundary, boundaryArn } : {}),
    });
  }
  const tags = { app: cfg.app, environment: cfg.environment, "managed-by": "golive" };
  const keyByAlias = (alias: string): KeyInfo | undefined => {
    const named = ofType("aws_kms_alias").find((a) => str(a.r.attrs.name) === alias);
    if (!named) return undefined;
    const keyId = resolve(text(named.r.attrs.target_key_id, named.r.address));
    const key = ofType("aws_kms_key").find((k) => attributesOf(k, accountId).key_id === keyId);
    if (!key) throw new Error(`${alias} names no declared key`);
    return {
      arn: attributesOf(key, accountId).arn ?? "",
      alias,
      region: key.region,
      policy: parse(key.r.attrs.policy, key.r.address),
      tags,
    };
  };
  const secretPolicies = ofType("aws_secretsmanager_secret_policy");
  const secrets = new Map<string, SecretInfo>(
    ofType("aws_secretsmanager_secret").map((l) => {
      const arn = attributesOf(l, accountId).arn ?? "";
      const policy = secretPolicies.find((p) => resolve(text(p.r.attrs.secret_arn, p.r.address)) === arn);
      // No resource policy: only identity policies decide (the simulator is told so).
      return [
        text(l.r.attrs.name, l.r.address),
        { arn, policy: policy ? parse(policy.r.attrs.policy, policy.r.address) : undefined, resource: l.r },
      ];
    }),
  );
  const s3 = cfg.state?.backend === "s3" ? cfg.state : undefined;
  // The state bucket by its configured name: every stack of the environment is read, and another
  // concern's bucket is not where state lives.
  const bucket = s3 ? ofType("aws_s3_bucket").find((l) => str(l.r.attrs.bucket) === s3.bucket) : undefined;
  const bucketPolicy = bucket
    ? ofType("aws_s3_bucket_policy").find((p) => resolve(text(p.r.attrs.bucket, p.r.address)) === s3?.bucket)
    : undefined;
  const bucketArn = bucket ? (attributesOf(bucket, accountId).arn ?? "") : "";
  const secretsKey = keyByAlias(secretsKeyAlias(cfg));
  const stateKey = s3 ? keyByAlias(stateKeyAlias(s3.bucket)) : undefined;
  const alertsKey = keyByAlias(alertKeyAlias(cfg));
  const feedbackKey = keyByAlias(feedbackKeyAlias(cfg));
  const alertTopic = alertsKey
    ? ofType("aws_sns_topic").find(
        (t) => t.r.attrs.kms_master_key_id !== undefined && resolve(text(t.r.attrs.kms_master_key_id, t.r.address)) === alertsKey.arn,
      )
    : undefined;
  return {
    cfg,
    accountId,
    region,
    roles,
    keys: {
      ...(secretsKey ? { secrets: secretsKey } : {}),
      ...(stateKey ? { state: stateKey } : {}),
      ...(alertsKey ? { alerts: alertsKey } : {}),
      ...(feedbackKey ? { feedback: feedbackKey } : {}),
    },
    ...(alertTopic ? { alertTopic: { arn: attributesOf(alertTopic, accountId).arn ?? "", resource: alertTopic.r } } : {}),
    secrets,
    ...(bucket
      ? {
          bucket: {
            arn: bucketArn,
            policy: bucketPolicy ? parse(bucketPolicy.r.attrs.policy, bucketPolicy.r.address) : undefined,
            resource: bucket.r,
          },
        }
      : {}),
    policies,
    stateObject: (kind) => `${bucketArn}/${stateObjectKey(cfg, kind)}`,
  };
}

/** The account's root user ARN (`aws:PrincipalArn` of a root request). */
export function rootArn(world: World): string {
  return accountRootArn(world.accountId);
}
