import { z } from "zod";
import { limitedList } from "../../core/fields";
import { AwsAccountId, AwsRegion, IamRoleArn, TagValue } from "../../core/aws-fields";

const LambdaArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}$/,
    "must be a Lambda function ARN such as arn:aws:lambda:eu-west-1:111111111111:function:rotate-db",
  );
/** Lower-case name used in ARNs and role names. */
const LowerName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,40}[a-z0-9]$/, "must be 2-42 lower-case letters, digits or dashes, starting with a letter");

/**
 * How a secret is rotated. With `lambda` a rotation schedule is created; without it the cadence is
 * manual and recorded in the secret's tags for the readiness checks. One of the two is required
 * (checked in lib/features/secrets/validate.ts so the error names both fields).
 */
export const SecretRotation = z.strictObject({
  /** Rotate (or, without a function, expect a manual rotation) every N days. @default 30 with a function */
  everyDays: z.number().int().min(1, "must be at least 1 day").max(365, "must be at most 365 days").optional(),
  /** Automatic rotation: the rotation function and the role it runs as (which may read and write the secret). */
  lambda: z
    .strictObject({
      functionArn: LambdaArn,
      roleArn: IamRoleArn,
    })
    .optional(),
});

export const SecretItem = z.strictObject({
  /** `<app>/<env>/<name>` in Secrets Manager. */
  name: LowerName,
  description: z.string().min(10, "must say what the secret is for in at least 10 characters").max(2048),
  /** Team or person answering for this secret. @default secrets.owner */
  owner: TagValue.optional(),
  /** Names of runtime roles (secrets.runtimeRoles[].name) that may read the value. */
  readers: limitedList(LowerName, 50, "readers").min(1, "at least one runtime role must read a secret, or it is not needed"),
  rotation: SecretRotation,
});

export const RuntimeRole = z.strictObject({
  /** Role `<app>-<env>-<name>`. */
  name: LowerName,
  /** Service principal that runs the app, e.g. ecs-tasks.amazonaws.com or lambda.amazonaws.com. */
  assumedBy: z
    .string()
    .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com$/, "must be an AWS service principal such as ecs-tasks.amazonaws.com"),
});

/**
 * The `secrets` section: Secrets Manager secrets, their KMS key and runtime roles. Its `github` key
 * (the CI credentials) is ci-access's section (lib/features/ci-access/schema.ts), added where the
 * config is composed (lib/config/schema.ts): feature schemas do not import each other.
 */
export const SecretsConfig = z.strictObject({
  accountId: AwsAccountId,
  region: AwsRegion,
  /** Default owner tag of every secret. */
  owner: TagValue,
  /** Roles of the people (or break-glass automation) who write secret values with `golive secrets put`. */
  writers: limitedList(IamRoleArn, 20, "writer roles").min(1, "name at least one role that may write secret values"),
  runtimeRoles: limitedList(RuntimeRole, 50, "runtime roles").min(1, "the app needs a runtime role to read its secrets"),
  items: limitedList(SecretItem, 200, "secrets").default([]),
  /**
   * Roles of the people who apply what CI may not (`bootstrap-<env>`, `access-<env>`) and break glass.
   * The key, secret and state-bucket policies name them: they administer the keys and read and write
   * every state object. Required with `state.backend: s3` and `bootstrap` (lib/features/state/validate.ts):
   * the state bucket lets only the CI roles and these roles use state, and no CI role applies
   * `access-<env>`. Outside `role/<app>-<env>-*`. @default []
   */
  administrators: limitedList(IamRoleArn, 10, "administrator roles").default([]),
});
export type SecretsConfig = z.infer<typeof SecretsConfig>;
export type SecretItem = z.infer<typeof SecretItem>;
