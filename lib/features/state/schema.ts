import { z } from "zod";
import { PlainHostname } from "../../core/dns-names";
import { AwsAccountId, AwsRegion } from "../../core/aws-fields";

const LocalState = z.strictObject({
  backend: z.literal("local"),
});

/**
 * Names AWS reserves in "General purpose bucket naming rules"
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html): CreateBucket refuses
 * them, and one ending like an alias would read as another kind of bucket. `sthree-configurator` is
 * within `sthree-`; the `.mrap` suffix has a dot, which the name's pattern already refuses.
 */
const RESERVED_BUCKET_PREFIXES: readonly (readonly [prefix: string, reservedFor: string])[] = [
  ["xn--", "internationalized (punycode) names"],
  ["sthree-", "S3 itself"],
  ["amzn-s3-demo-", "AWS documentation examples"],
];
const RESERVED_BUCKET_SUFFIXES: readonly (readonly [suffix: string, reservedFor: string])[] = [
  ["-s3alias", "access point aliases"],
  ["--ol-s3", "Object Lambda access point aliases"],
  ["--x-s3", "directory buckets"],
  ["--table-s3", "table buckets"],
];
const BUCKET_NAME_ALLOWED = `allowed: a name that starts with none of ${RESERVED_BUCKET_PREFIXES.map(([p]) => p).join(", ")} and ends with none of ${RESERVED_BUCKET_SUFFIXES.map(([s]) => s).join(", ")} (S3 bucket naming rules)`;

/** The AWS reservation `name` falls under, as "starts with ..., which AWS reserves for ...". */
function reservedBucketName(name: string): string | undefined {
  const prefix = RESERVED_BUCKET_PREFIXES.find(([p]) => name.startsWith(p));
  if (prefix) return `starts with "${prefix[0]}", which AWS reserves for ${prefix[1]}`;
  const suffix = RESERVED_BUCKET_SUFFIXES.find(([s]) => name.endsWith(s));
  return suffix ? `ends with "${suffix[0]}", which AWS reserves for ${suffix[1]}` : undefined;
}

/**
 * A general purpose bucket name: 3-63 characters, lower-case letters, digits and dashes, beginning and
 * ending with a letter or digit, none of the names AWS reserves. No dots: virtual-hosted TLS
 * certificates do not cover dotted bucket names (and so no adjacent periods, no IP-address shape).
 */
const StateBucketName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, {
    message: "must be an S3 bucket name of 3-63 lower-case letters, digits or dashes (no dots)",
    abort: true,
  })
  .superRefine((name, ctx) => {
    const reserved = reservedBucketName(name);
    if (reserved) ctx.addIssue({ code: "custom", message: `${reserved}; ${BUCKET_NAME_ALLOWED}`, input: name });
  });

const S3State = z.strictObject({
  backend: z.literal("s3"),
  bucket: StateBucketName,
  region: AwsRegion,
  accountId: AwsAccountId,
  /** State keys are `<keyPrefix>/<stack>.tfstate`. @default "<app>" */
  keyPrefix: z
    .string()
    .regex(/^[a-z0-9][a-z0-9/_-]*[a-z0-9]$/, "must be a path such as opsbot or teams/opsbot (no leading or trailing slash)")
    // The S3 backend refuses a key with an empty segment (`terraform init`: Value must not contain "//"),
    // so the pattern above would let synth and check pass a prefix no init accepts. A refine, not the
    // pattern, so config/golive.schema.json keeps the pattern editors show.
    .refine((prefix) => !prefix.includes("//"), "must be a path such as opsbot or teams/opsbot, without an empty segment (//)")
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
  /** HCP Terraform, or the host name of your Terraform Enterprise. @default "app.terraform.io" */
  hostname: PlainHostname.default("app.terraform.io"),
  /** HCP Terraform project for the workspaces. @default the organization's default project */
  project: z.string().min(1).optional(),
});

/** The `state` section: where Terraform state lives. @default {backend: local} */
export const StateConfig = z.discriminatedUnion("backend", [LocalState, S3State, CloudState], {
  error: 'backend must be one of "local"|"s3"|"cloud"',
});
export type StateConfig = z.infer<typeof StateConfig>;
export type S3StateConfig = z.infer<typeof S3State>;
