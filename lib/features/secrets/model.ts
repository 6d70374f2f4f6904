import { rolePrefix } from "../../platform/names";
import type { AppConfig } from "../../config/schema";
import { accountRootArn, managedPolicyArn, roleArn } from "../../core/iam";
import { CI_ROLE_KINDS, type CiRoleKind } from "../../core/ci-roles";
import { namePrefix } from "../../core/names";
import type { SecretItem, SecretsConfig } from "./schema";

/** Default rotation period when a rotation function is named without everyDays. */
export const DEFAULT_AUTOMATIC_ROTATION_DAYS = 30;
/** Deleted secrets stay recoverable this long: a mistaken delete can be undone within a month. */
export const RECOVERY_WINDOW_DAYS = 30;

export type DesiredRotation =
  | { readonly mode: "automatic"; readonly everyDays: number; readonly functionArn: string; readonly roleArn: string }
  | { readonly mode: "manual"; readonly everyDays: number };

export interface DesiredSecret {
  /** Config name; also the construct id, so renaming it replaces the secret (prevent_destroy stops that). */
  readonly name: string;
  /** `<app>/<env>/<name>` */
  readonly secretName: string;
  readonly description: string;
  /** Runtime role names (secrets.runtimeRoles[].name) that may read it. */
  readonly readers: readonly string[];
  /**
   * An alert webhook's URL (`monitoring.alerts.webhooks[].secretName` names it): the deploy of
   * `monitoring-<env>` reads it too, so its policies let the deploy role (and administrators) read it.
   */
  readonly webhookUrl: boolean;
  readonly rotation: DesiredRotation;
  readonly tags: Readonly<Record<string, string>>;
}

export function secretName(app: string, env: string, name: string): string {
  return `${app}/${env}/${name}`;
}

/** IAM role names are at most 64 characters (CreateRole's RoleName: docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html). */
export const MAX_ROLE_NAME = 64;

/** `<app>-<env>-<name>`: every role golive creates, runtime roles here and the CI roles (ci-access's ciRoleName). */
export function goliveRoleName(cfg: AppConfig, name: string): string {
  return `${rolePrefix(cfg)}${name}`;
}

export function runtimeRoleName(cfg: AppConfig, name: string): string {
  return goliveRoleName(cfg, name);
}

/** The secrets key's alias; the deploy role and the boundary find the key by it. */
export function secretsKeyAlias(cfg: AppConfig): string {
  return `alias/${namePrefix(cfg.app, cfg.environment)}-secrets`;
}

/** The managed policy every role golive creates carries as its permissions boundary (`access-<env>`). */
export function boundaryPolicyName(cfg: AppConfig): string {
  return `${rolePrefix(cfg)}boundary`;
}

/** `arn:aws:iam::<account>:role/<app>-<env>-*`: every role golive creates for this app and env. */
export function goliveRolePattern(cfg: AppConfig, accountId: string): string {
  return roleArn(accountId, `${rolePrefix(cfg)}*`);
}

/**
 * Everyone golive's key, secret and state policies name, as ARNs. Policies name them by
 * `aws:PrincipalArn`, so a role that does not exist yet (or is recreated) never breaks them.
 */
export interface GolivePrincipals {
  readonly accountId: string;
  /** The account's root user (`aws:PrincipalArn` `arn:aws:iam::<account>:root`): the last way back into a key. */
  readonly rootUser: string;
  /** `role/<app>-<env>-*`: golive's own roles, never administrators of what they use. */
  readonly goliveRoles: string;
  /** The CI roles by kind; absent without `secrets.github`. */
  readonly ci?: Readonly<Record<CiRoleKind, string>>;
  /** `secrets.administrators`. */
  readonly administrators: readonly string[];
  /** `arn:aws:iam::<account>:policy/<app>-<env>-boundary`. */
  readonly boundaryArn: string;
}

/** The principals of this environment; undefined without a `secrets` section (golive creates no role then). */
export function golivePrincipals(cfg: AppConfig): GolivePrincipals | undefined {
  const secrets = cfg.secrets;
  if (!secrets) return undefined;
  const accountId = secrets.accountId;
  const ci = secrets.github
    ? (Object.fromEntries(CI_ROLE_KINDS.map((k) => [k, roleArn(accountId, goliveRoleName(cfg, k))])) as Record<CiRoleKind, string>)
    : undefined;
  return {
    accountId,
    rootUser: accountRootArn(accountId),
    goliveRoles: goliveRolePattern(cfg, accountId),
    ...(ci ? { ci } : {}),
    administrators: secrets.administrators,
    boundaryArn: managedPolicyArn(accountId, boundaryPolicyName(cfg)),
  };
}

/**
 * Who may change a protected resource (a key policy, a secret's policy, the state bucket). Named
 * exactly when anyone is named (the admin-deploy role where it applies the stack, administrators,
 * and the root user); otherwise `undefined`: the account's IAM principals, as before, except golive's
 * own roles (which every such policy denies anyway).
 */
export function managersOf(p: GolivePrincipals, viaAdminDeploy: boolean): readonly string[] | undefined {
  const adminDeploy = viaAdminDeploy && p.ci ? [p.ci["admin-deploy"]] : [];
  const named = [...adminDeploy, ...p.administrators];
  return named.length > 0 ? [...named, p.rootUser] : undefined;
}

/** Secret names (`<app>/<env>/<name>`) that an alert webhook reads its URL from at deploy time. */
export function webhookSecretNames(cfg: AppConfig): Set<string> {
  return new Set((cfg.monitoring?.alerts.webhooks ?? []).map((w) => w.secretName));
}

/** Rotation as the stack renders it; undefined only for invalid config (the validator reports it). */
export function desiredRotation(item: SecretItem): DesiredRotation | undefined {
  const { lambda, everyDays } = item.rotation;
  if (lambda)
    return {
      mode: "automatic",
      everyDays: everyDays ?? DEFAULT_AUTOMATIC_ROTATION_DAYS,
      functionArn: lambda.functionArn,
      roleArn: lambda.roleArn,
    };
  return everyDays === undefined ? undefined : { mode: "manual", everyDays };
}

/** Tags the readiness checks read: who owns it and how often it must rotate. */
export function secretTags(cfg: AppConfig, secrets: SecretsConfig, item: SecretItem, rotation: DesiredRotation): Record<string, string> {
  return {
    app: cfg.app,
    environment: cfg.environment,
    owner: item.owner ?? secrets.owner,
    "rotation-mode": rotation.mode,
    "rotation-period-days": String(rotation.everyDays),
    "managed-by": "golive",
  };
}

/** Every configured secret, in config order. Values are never part of this model. */
export function desiredSecrets(cfg: AppConfig): DesiredSecret[] {
  const secrets = cfg.secrets;
  if (!secrets) return [];
  const webhooks = webhookSecretNames(cfg);
  return secrets.items.flatMap((item) => {
    const rotation = desiredRotation(item);
    if (!rotation) return [];
    return [
      {
        name: item.name,
        secretName: secretName(cfg.app, cfg.environment, item.name),
        description: item.description,
        readers: item.readers,
        webhookUrl: webhooks.has(secretName(cfg.app, cfg.environment, item.name)),
        rotation,
        tags: secretTags(cfg, secrets, item, rotation),
      },
    ];
  });
}
