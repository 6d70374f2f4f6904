import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretPolicy } from "@cdktf/provider-aws/lib/secretsmanager-secret-policy";
import { SecretsmanagerSecretRotation } from "@cdktf/provider-aws/lib/secretsmanager-secret-rotation";
import { Construct } from "constructs";
import { renderPolicy } from "../../../core/iam";
import { type DesiredSecret, RECOVERY_WINDOW_DAYS } from "../model";
import { secretResourcePolicy } from "../policies";
import { preventDestroy } from "../../../core/constructs/lifecycle";

export interface ManagedSecretProps {
  readonly secret: DesiredSecret;
  readonly kmsKeyArn: string;
  readonly readerArns: readonly string[];
  readonly writerArns: readonly string[];
  /** Also readers, by `aws:PrincipalArn` (the deploy role and administrators for an alert webhook URL). @default [] */
  readonly extraReaderArns?: readonly string[];
  /** Who may change the policy (`managersOf`); undefined: IAM, but golive's roles. */
  readonly managers: readonly string[] | undefined;
  /** `role/<app>-<env>-*` */
  readonly goliveRoles: string;
  /** golive roles among the managers (the admin-deploy role). */
  readonly goliveAdministrators: readonly string[];
}

/**
 * One Secrets Manager secret: metadata, encryption, resource policy and rotation. It never has a
 * value in Terraform; `golive secrets put` writes versions out of band, so no value reaches state.
 */
export class ManagedSecret extends Construct {
  readonly secret: SecretsmanagerSecret;
  readonly policy: SecretsmanagerSecretPolicy;
  readonly rotation?: SecretsmanagerSecretRotation;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: ManagedSecretProps) {
    super(scope, id);
    const s = props.secret;
    this.secret = preventDestroy(
      new SecretsmanagerSecret(this, "Resource", {
        name: s.secretName,
        description: s.description,
        kmsKeyId: props.kmsKeyArn,
        recoveryWindowInDays: RECOVERY_WINDOW_DAYS,
        tags: { ...s.tags },
      }),
    );
    this.arn = this.secret.arn;
    const rotation = s.rotation;
    this.policy = new SecretsmanagerSecretPolicy(this, "Policy", {
      secretArn: this.secret.arn,
      blockPublicPolicy: true,
      policy: renderPolicy(
        secretResourcePolicy({
          readerArns: props.readerArns,
          writerArns: props.writerArns,
          ...(rotation.mode === "automatic" ? { rotationRoleArn: rotation.roleArn } : {}),
          extraReaderArns: props.extraReaderArns ?? [],
          managers: props.managers,
          goliveRoles: props.goliveRoles,
          goliveAdministrators: props.goliveAdministrators,
        }),
      ),
    });
    if (rotation.mode === "automatic") {
      this.rotation = new SecretsmanagerSecretRotation(this, "Rotation", {
        secretId: this.secret.id,
        rotationLambdaArn: rotation.functionArn,
        rotationRules: { automaticallyAfterDays: rotation.everyDays },
        // The first rotation waits for an operator-written version; rotating an empty secret fails.
        rotateImmediately: false,
      });
    }
  }
}
