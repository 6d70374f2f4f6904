import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import type { AppConfig } from "../../config/schema";
import type { SecretsConfig } from "./schema";
import { desiredSecrets, type GolivePrincipals, golivePrincipals, managersOf, runtimeRoleName, secretsKeyAlias } from "./model";
import { runtimeRolePolicy, secretsKeyPolicy, serviceTrustPolicy } from "./policies";
import { AwsRole } from "./constructs/aws-role";
import { ManagedSecret } from "./constructs/managed-secret";
import { ProtectedKey } from "./constructs/secrets-key";
import { GoliveStack } from "../../platform/stack";

/** Who deploys `monitoring-<env>` and so must read alert webhook URLs: the deploy role and administrators. */
function webhookReaders(p: GolivePrincipals): string[] {
  return [...(p.ci ? [p.ci.deploy] : []), ...p.administrators];
}

/**
 * Secrets of one environment: a customer-managed KMS key, one Secrets Manager secret per configured
 * name (metadata only: values are written with `golive secrets put`), and the app's runtime roles,
 * each able to read exactly the secrets that list it. Applied by the admin-deploy role (or an
 * administrator): its key and secret policies let nobody else change them.
 */
export class SecretsStack extends GoliveStack {
  readonly key: ProtectedKey;
  readonly secrets: ReadonlyMap<string, ManagedSecret>;
  readonly runtimeRoles: ReadonlyMap<string, AwsRole>;

  constructor(scope: Construct, cfg: AppConfig, secrets: SecretsConfig, principals: GolivePrincipals) {
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
          // Declared by access-<env>, which is deployed first.
          permissionsBoundary: principals.boundaryArn,
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
    const managers = managersOf(principals, true);
    const goliveAdministrators = principals.ci ? [principals.ci["admin-deploy"]] : [];
    const deployReaders = desired.some((s) => s.webhookUrl) ? webhookReaders(principals) : [];
    this.key = new ProtectedKey(this, "Key", {
      description: `${cfg.app} ${cfg.environment} secrets`,
      alias: secretsKeyAlias(cfg),
      policy: secretsKeyPolicy({
        accountId: secrets.accountId,
        region: secrets.region,
        readerArns: arnsOf([...new Set(desired.flatMap((s) => s.readers))]),
        writerArns: [...secrets.writers, ...rotationRoles],
        deployReaderArns: deployReaders,
        managers,
        goliveRoles: principals.goliveRoles,
        goliveAdministrators,
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
          extraReaderArns: s.webhookUrl ? webhookReaders(principals) : [],
          managers,
          goliveRoles: principals.goliveRoles,
          goliveAdministrators,
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
  const principals = golivePrincipals(cfg);
  return cfg.secrets && principals ? new SecretsStack(scope, cfg, cfg.secrets, principals) : undefined;
}
