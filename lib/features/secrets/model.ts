import { rolePrefix } from "../../platform/names";
import type { AppConfig } from "../../config/schema";
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
  readonly rotation: DesiredRotation;
  readonly tags: Readonly<Record<string, string>>;
}

export function secretName(app: string, env: string, name: string): string {
  return `${app}/${env}/${name}`;
}

export function runtimeRoleName(cfg: AppConfig, name: string): string {
  return `${rolePrefix(cfg)}${name}`;
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
  return secrets.items.flatMap((item) => {
    const rotation = desiredRotation(item);
    if (!rotation) return [];
    return [
      {
        name: item.name,
        secretName: secretName(cfg.app, cfg.environment, item.name),
        description: item.description,
        readers: item.readers,
        rotation,
        tags: secretTags(cfg, secrets, item, rotation),
      },
    ];
  });
}
