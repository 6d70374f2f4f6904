/**
 * The regions of the standard `aws` partition, the only one golive builds ARNs for (aws-fields.ts).
 * Copied from the AWS SDK for JavaScript's partition data (@aws-sdk/core 3.981.2, under
 * @aws-sdk/client-secrets-manager 3.1164.0: dist-es/submodules/client/util-endpoints/lib/aws/partitions.js,
 * partition "aws", its `regions` that match its `regionRegex`, which leaves out the pseudo-region
 * aws-global), not read from node_modules at run time: loading a config stays light and does not depend
 * on the SDK's internals. __tests__/config/aws-regions.spec.ts fails when this list and the SDK's differ,
 * so an SDK upgrade that adds a region says so; add it here (sorted), with its name as the SDK gives it.
 */
export const AWS_REGIONS: readonly string[] = [
  "af-south-1", // Africa (Cape Town)
  "ap-east-1", // Asia Pacific (Hong Kong)
  "ap-east-2", // Asia Pacific (Taipei)
  "ap-northeast-1", // Asia Pacific (Tokyo)
  "ap-northeast-2", // Asia Pacific (Seoul)
  "ap-northeast-3", // Asia Pacific (Osaka)
  "ap-south-1", // Asia Pacific (Mumbai)
  "ap-south-2", // Asia Pacific (Hyderabad)
  "ap-southeast-1", // Asia Pacific (Singapore)
  "ap-southeast-2", // Asia Pacific (Sydney)
  "ap-southeast-3", // Asia Pacific (Jakarta)
  "ap-southeast-4", // Asia Pacific (Melbourne)
  "ap-southeast-5", // Asia Pacific (Malaysia)
  "ap-southeast-6", // Asia Pacific (New Zealand)
  "ap-southeast-7", // Asia Pacific (Thailand)
  "ca-central-1", // Canada (Central)
  "ca-west-1", // Canada West (Calgary)
  "eu-central-1", // Europe (Frankfurt)
  "eu-central-2", // Europe (Zurich)
  "eu-north-1", // Europe (Stockholm)
  "eu-south-1", // Europe (Milan)
  "eu-south-2", // Europe (Spain)
  "eu-west-1", // Europe (Ireland)
  "eu-west-2", // Europe (London)
  "eu-west-3", // Europe (Paris)
  "il-central-1", // Israel (Tel Aviv)
  "me-central-1", // Middle East (UAE)
  "me-south-1", // Middle East (Bahrain)
  "me-west-1", // Middle East (Saudi Arabia)
  "mx-central-1", // Mexico (Central)
  "sa-east-1", // South America (Sao Paulo)
  "sa-west-1", // South America (Chile)
  "us-east-1", // US East (N. Virginia)
  "us-east-2", // US East (Ohio)
  "us-west-1", // US West (N. California)
  "us-west-2", // US West (Oregon)
];

const KNOWN = new Set(AWS_REGIONS);

/** Whether `region` is a region of the standard aws partition. */
export function isAwsRegion(region: string): boolean {
  return KNOWN.has(region);
}

/**
 * The regions to offer for a name that is none, as the text after "allowed: ": those of its area and
 * direction (`us-east-9`: us-east-1, us-east-2), else of its area (`ap-north-7`: every ap- region), each
 * saying which, else every region.
 */
export function nearestAwsRegions(region: string): string {
  const [area, direction] = region.split("-");
  for (const prefix of [`${area}-${direction}-`, `${area}-`]) {
    const near = AWS_REGIONS.filter((r) => r.startsWith(prefix));
    if (near.length > 0) return `${near.join(", ")} (the ${prefix}* regions; ${AWS_REGIONS.length} in all)`;
  }
  return AWS_REGIONS.join(", ");
}
