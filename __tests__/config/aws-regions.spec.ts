import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { z } from "zod";
import { AwsRegion } from "../../lib/core/aws-fields";
import { AWS_REGIONS } from "../../lib/core/aws-regions";
import { golive, tempDir } from "../helpers/cli";
import { configErrorText, EXAMPLE_CONFIG_DIR, REPO_ROOT } from "../helpers/example-config";
import { readDoc, userPages } from "../docs/support";
import { initArgs } from "../init/init-args";

/**
 * Region fields take the regions of the standard aws partition only, from a list golive commits
 * (lib/core/aws-regions.ts); the oracle is the AWS SDK's own partition data in node_modules, read here and
 * never at run time.
 */
const PartitionData = z.object({
  partitions: z.array(
    z.object({ id: z.string(), regionRegex: z.string(), regions: z.record(z.string(), z.object({ description: z.string() })) }),
  ),
});

/**
 * The SDK's partition data: @aws-sdk/core's copy (a JS module holding one JSON object) where the SDK
 * bundles util-endpoints into it, else @aws-sdk/util-endpoints's partitions.json (older SDKs). Neither
 * found fails the test: a check that cannot find its oracle must not pass.
 */
function sdkPartitions(): z.infer<typeof PartitionData> {
  const candidates = [
    ["@aws-sdk/core", "dist-es/submodules/client/util-endpoints/lib/aws/partitions.js"],
    ["@aws-sdk/util-endpoints", "dist-es/lib/aws/partitions.json"],
  ].flatMap(([pkg, file]) => {
    try {
      return [join(dirname(require.resolve(`${pkg}/package.json`, { paths: [REPO_ROOT] })), file ?? "")];
    } catch {
      return [];
    }
  });
  const found = candidates.find((file) => existsSync(file));
  if (found === undefined)
    throw new Error("the AWS SDK's partition data is not in node_modules (@aws-sdk/core or @aws-sdk/util-endpoints)");
  const text = readFileSync(found, "utf8")
    .replace(/^export const partitionsInfo = /, "")
    .replace(/;\s*$/, "");
  return PartitionData.parse(JSON.parse(text));
}

const partitions = sdkPartitions().partitions;
/** A partition's regions as the SDK lists them, without the pseudo-regions its regionRegex does not match (aws-global). */
const regionsOf = (id: string) => {
  const partition = partitions.find((p) => p.id === id);
  if (partition === undefined) throw new Error(`the SDK lists no partition ${id}`);
  const real = new RegExp(partition.regionRegex);
  return Object.keys(partition.regions)
    .filter((r) => real.test(r))
    .sort();
};
/** In the order the config's sections come, as the error lines do. */
const REGION_FIELDS = [
  ["email", "region"],
  ["secrets", "region"],
  ["state", "region"],
  ["monitoring", "awsRegion"],
] as const;

test("the committed list is the AWS SDK's aws partition, region for region (an SDK that adds one fails here)", () => {
  expect(AWS_REGIONS).toEqual(regionsOf("aws"));
  expect([...AWS_REGIONS].sort()).toEqual(AWS_REGIONS);
  for (const region of AWS_REGIONS) expect([region, AwsRegion.safeParse(region).success]).toEqual([region, true]);
});

test("fails a region that does not exist, in every region field, in one line naming the field and the nearest regions", () => {
  const text = configErrorText(REGION_FIELDS.map((path, i) => [path, ["us-east-9", "eu-south-9", "ap-north-7", "us-east-9"][i]]));
  const ap = AWS_REGIONS.filter((r) => r.startsWith("ap-")).join(", ");
  expect(text.split("\n").filter((line) => line !== "")).toEqual([
    // One reason per field: the SES list is not offered for a region that does not exist.
    `config/production.yaml: email.region: is not a region of the standard aws partition; allowed: us-east-1, us-east-2 (the us-east-* regions; ${AWS_REGIONS.length} in all); got "us-east-9"`,
    `config/production.yaml: secrets.region: is not a region of the standard aws partition; allowed: eu-south-1, eu-south-2 (the eu-south-* regions; ${AWS_REGIONS.length} in all); got "eu-south-9"`,
    `config/production.yaml: state.region: is not a region of the standard aws partition; allowed: ${ap} (the ap-* regions; ${AWS_REGIONS.length} in all); got "ap-north-7"`,
    `config/production.yaml: monitoring.awsRegion: is not a region of the standard aws partition; allowed: us-east-1, us-east-2 (the us-east-* regions; ${AWS_REGIONS.length} in all); got "us-east-9"`,
  ]);
  // An area AWS has no region in: every region.
  expect(configErrorText([[["state", "region"], "xx-east-1"]])).toContain(`allowed: ${AWS_REGIONS.join(", ")}; got "xx-east-1"`);
  expect(configErrorText([[["monitoring", "awsRegion"], "mx-central-1"]])).toBe("");
});

test("every region of another partition is refused; GovCloud's and China's with the partition message", () => {
  for (const partition of partitions.filter((p) => p.id !== "aws"))
    for (const region of regionsOf(partition.id)) expect([region, AwsRegion.safeParse(region).success]).toEqual([region, false]);
  for (const region of [...regionsOf("aws-us-gov"), ...regionsOf("aws-cn")])
    expect(configErrorText([[["secrets", "region"], region]])).toMatch(
      /^config\/production\.yaml: secrets\.region: is not in the standard aws partition; golive builds ARNs of the standard aws partition only \(GovCloud and China are not supported\); allowed: a commercial region such as us-east-1; got "/,
    );
});

test("fails golive init --aws-region of a region that does not exist, writing no config", async () => {
  const cwd = tempDir("golive-init-region-");
  const run = await golive(initArgs({ "aws-region": "us-east-9" }), { cwd });
  expect({ code: run.code, line: run.stderr.split("\n")[0] }).toEqual({
    code: 2,
    line: `golive init: --aws-region: is not a region of the standard aws partition; allowed: us-east-1, us-east-2 (the us-east-* regions; ${AWS_REGIONS.length} in all); got "us-east-9"`,
  });
  expect(existsSync(join(cwd, "config"))).toBe(false);
});

/** The typo docs/configuration.md shows being refused. */
const DOCUMENTED_TYPOS = ["us-east-9"];

test("every region the example configs and the pages name is in the list, or is GovCloud's or China's, or the documented typo", () => {
  const examples = readdirSync(EXAMPLE_CONFIG_DIR).map((f) => readFileSync(join(EXAMPLE_CONFIG_DIR, f), "utf8"));
  const texts = [...examples, ...userPages().map(readDoc)];
  const named = new Set(texts.flatMap((text) => text.match(/\b[a-z]{2}(-gov)?-[a-z]+-\d+\b/g) ?? []));
  const refused = new Set([...regionsOf("aws-us-gov"), ...regionsOf("aws-cn"), ...DOCUMENTED_TYPOS]);
  expect([...named].filter((r) => !AWS_REGIONS.includes(r) && !refused.has(r)).sort()).toEqual([]);
  expect(named.has("eu-west-1")).toBe(true);
});
