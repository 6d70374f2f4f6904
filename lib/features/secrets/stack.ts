import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import type { AppConfig } from "../../config/schema";
import type { SecretsConfig } from "./schema";
import { desiredSecrets, runtimeRoleName } from "./model";
import { runtimeRolePolicy, secretsKeyPolicy, serviceTrustPolicy } from "./policies";
import { AwsRole } from "./constructs/aws-role";
import { ManagedSecret } from "./constructs/managed-secret";
import { ProtectedKey } from "./constructs/secrets-key";
import { GoliveStack } from "../../platform/stack";

/**
 * Secrets of one environment: a customer-managed KMS key, one Secrets Manager secret per configured
 * name (metadata only: values are written with `golive secrets put`), and the app's runtime roles,
 * each able to read exactly the secrets that list it.
 */
export class SecretsStack extends GoliveStack {
  readonly key: ProtectedKey;
  readonly secrets: ReadonlyMap<string, ManagedSecret>;
  readonly runtimeRoles: ReadonlyMap<string, AwsRole>;

  constructor(scope: Construct, cfg: AppConfig, secrets: SecretsConfig) {
    super(scope, "secrets", cfg);
    this.awsProvider(secrets.region, secrets.accountId);
    const desired = desiredSecrets(cfg);
    const roles = new Map<string, AwsRole>();
    for (const r of secrets.runtimeRoles) {
      roles.set(
        r.name,
        new AwsRole(this, `Runtime-${r.name}`, {
          name: runtimeRoleName(cfg, r.name),
          description: `${cfg.app} ${cfg.environment} runtime (${r.assumedBy}): reads its own secrets only`,
          trust: serviceTrustPolicy(r.assumedBy),
        }),
      );
    }
    this.runtimeRoles = roles;
    const arnsOf = (names: readonly string[]) =>
      names.flatMap((n) => {
        const role = roles.get(n);
        return role ? [role.arn] : [];
      });
    const rotationRoles = desired.flatMap((s) => (s.rotation.mode === "automatic" ? [s.rotation.roleArn] : []));
    this.key = new ProtectedKey(this, "Key", {
      description: `${cfg.app} ${cfg.environment} secrets`,
      alias: `alias/${cfg.app}-${cfg.environment}-secrets`,
      policy: secretsKeyPolicy({
        accountId: secrets.accountId,
        region: secrets.region,
        readerArns: arnsOf([...new Set(desired.flatMap((s) => s.readers))]),
        writerArns: [...secrets.writers, ...rotationRoles],
      }),
    });
    const made = new Map<string, ManagedSecret>();
    for (const s of desired) {
      made.set(
        s.name,
        new ManagedSecret(this, `Secret-${s.name}`, {
          secret: s,
          kmsKeyArn: this.key.arn,
          readerArns: arnsOf(s.readers),
          writerArns: secrets.writers,
        }),
      );
    }
    this.secrets = made;
    for (const [roleName, role] of roles) {
      const own = desired
        .filter((s) => s.readers.includes(roleName))
        .flatMap((s) => {
          const m = made.get(s.name);
          return m ? [m.arn] : [];
        });
      if (own.length > 0) role.addInlinePolicy("read-own-secrets", runtimeRolePolicy(secrets.region, own, this.key.arn));
      new TerraformOutput(this, `runtime_role_${roleName.replace(/-/g, "_")}`, {
        value: role.arn,
        description: `ARN of runtime role ${roleName}`,
      });
    }
    new TerraformOutput(this, "secrets_key_arn", { value: this.key.arn, description: "KMS key encrypting this environment's secrets" });
  }
}

export function buildSecretsStack(scope: Construct, cfg: AppConfig): SecretsStack | undefined {
  return cfg.secrets ? new SecretsStack(scope, cfg, cfg.secrets) : undefined;
}
