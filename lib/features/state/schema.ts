import { z } from "zod";
import { AwsAccountId, AwsRegion } from "../../core/fields";

const LocalState = z.strictObject({
  backend: z.literal("local"),
});

const S3State = z.strictObject({
  backend: z.literal("s3"),
  /** No dots: virtual-hosted TLS certificates do not cover dotted bucket names. */
  bucket: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, "must be an S3 bucket name of 3-63 lower-case letters, digits or dashes (no dots)"),
  region: AwsRegion,
  accountId: AwsAccountId,
  /** State keys are `<keyPrefix>/<stack>.tfstate`. @default "<app>" */
  keyPrefix: z
    .string()
    .regex(/^[a-z0-9][a-z0-9/_-]*[a-z0-9]$/, "must be a path such as opsbot or teams/opsbot (no leading or trailing slash)")
    .optional(),
  /** Create the bucket and its KMS key in the `bootstrap-<env>` stack. false when another env already did. @default true */
  bootstrap: z.boolean().default(true),
});

const CloudState = z.strictObject({
  backend: z.literal("cloud"),
  /** HCP Terraform (or Terraform Enterprise) organization. */
  organization: z.string().regex(/^[A-Za-z0-9_-]+$/, "must be an HCP Terraform organization name"),
  /** Workspaces are `<workspacePrefix><stack>`. @default "<app>-" */
  workspacePrefix: z
    .string()
    .regex(/^[A-Za-z0-9_-]*$/, "must be letters, digits, dashes or underscores")
    .optional(),
  /** @default "app.terraform.io" */
  hostname: z
    .string()
    .regex(/^[a-z0-9.-]+$/, "must be a hostname")
    .default("app.terraform.io"),
  /** HCP Terraform project for the workspaces. @default the organization's default project */
  project: z.string().min(1).optional(),
});

/** The `state` section: where Terraform state lives. @default {backend: local} */
export const StateConfig = z.discriminatedUnion("backend", [LocalState, S3State, CloudState], {
  error: 'backend must be one of "local"|"s3"|"cloud"',
});
export type StateConfig = z.infer<typeof StateConfig>;
export type S3StateConfig = z.infer<typeof S3State>;
