import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { golive, tempDir } from "../helpers/cli";
import { configErrorText, editedInput, exampleConfig, WITHOUT_STAGING } from "../helpers/example-config";
import { synthKind } from "../helpers/synth";

/**
 * state.bucket is a general purpose bucket name as AWS takes one
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html), and state.hostname
 * a host name: an audit found both took names AWS or Terraform would refuse only at deploy time
 * (`xn--state`, `state--x-s3`; a hostname of "." written into every stack's cloud block).
 */

const ALLOWED =
  "allowed: a name that starts with none of xn--, sthree-, amzn-s3-demo- and ends with none of -s3alias, --ol-s3, --x-s3, --table-s3 (S3 bucket naming rules)";
const PATTERN = "must be an S3 bucket name of 3-63 lower-case letters, digits or dashes (no dots)";
const HOSTNAME = "must be a lower-case DNS name such as app.example.com";

const bucketError = (bucket: string) => configErrorText([[["state", "bucket"], bucket]]);
const cloud = (hostname: string) => ({ backend: "cloud", organization: "acme", hostname });

describe("state.bucket: the general purpose bucket naming rules", () => {
  test.each([
    ["xn--opsbot-state", 'starts with "xn--", which AWS reserves for internationalized (punycode) names'],
    ["sthree-opsbot-state", 'starts with "sthree-", which AWS reserves for S3 itself'],
    ["sthree-configurator-state", 'starts with "sthree-", which AWS reserves for S3 itself'],
    ["amzn-s3-demo-opsbot", 'starts with "amzn-s3-demo-", which AWS reserves for AWS documentation examples'],
    ["opsbot-state-s3alias", 'ends with "-s3alias", which AWS reserves for access point aliases'],
    ["opsbot-state--ol-s3", 'ends with "--ol-s3", which AWS reserves for Object Lambda access point aliases'],
    ["opsbot-state--usw2-az1--x-s3", 'ends with "--x-s3", which AWS reserves for directory buckets'],
    ["opsbot-state--table-s3", 'ends with "--table-s3", which AWS reserves for table buckets'],
  ])("fails on %s, a name AWS reserves, in one line naming the field and the rule", (bucket, rule) => {
    expect(bucketError(bucket)).toBe(`config/production.yaml: state.bucket: ${rule}; ${ALLOWED}; got "${bucket}"`);
  });

  test.each([
    ["an IP address", "192.168.5.4"],
    ["adjacent periods", "opsbot..state"],
    ["any period (certificates do not cover dotted names)", "opsbot.state"],
    ["2 characters", "ab"],
    ["64 characters", "a".repeat(64)],
    ["upper case", "Opsbot-state"],
    ["a leading dash", "-opsbot-state"],
    ["a trailing dash", "opsbot-state-"],
  ])("fails on a bucket name with %s", (_what, bucket) => {
    expect(bucketError(bucket)).toMatch(
      new RegExp(`^config/production\\.yaml: state\\.bucket: ${PATTERN.replace(/[()]/g, "\\$&")}; got "`),
    );
  });

  test("accepts names at the length limits and names that only contain a reserved word", () => {
    for (const bucket of ["abc", "a".repeat(63), "opsbot-xn--state", "opsbot-s3alias-state", "state-x-s3", "opsbot--state"]) {
      expect([bucket, bucketError(bucket)]).toEqual([bucket, ""]);
    }
    expect(exampleConfig([[["state", "bucket"], "a".repeat(63)]]).state).toMatchObject({ bucket: "a".repeat(63) });
  });
});

describe("state.hostname: a host name", () => {
  test.each([".", "-", "..", "app", "App.Terraform.io", "tfe.example.com.", "tfe_1.example.com"])(
    "fails on a cloud backend hostname %j, naming state.hostname",
    (hostname) => {
      expect(configErrorText([[["state"], cloud(hostname)]])).toBe(
        `config/production.yaml: state.hostname: ${HOSTNAME}; got "${hostname}"`,
      );
    },
  );

  test("fails on a wildcard hostname", () => {
    expect(configErrorText([[["state"], cloud("*.example.com")]])).toBe(
      'config/production.yaml: state.hostname: must be a DNS name without a * label; got "*.example.com"',
    );
  });

  test("a Terraform Enterprise hostname is written into each stack's cloud block", () => {
    const cfg = exampleConfig([[["state"], cloud("tfe.example.com")]]);
    expect(synthKind(cfg, "edge").terraform.cloud).toMatchObject({ hostname: "tfe.example.com", organization: "acme" });
  });

  test('fails golive synth on hostname ".", one line on stderr, exit 1, no stack written', async () => {
    const cwd = tempDir("golive-state-hostname-");
    mkdirSync(join(cwd, "config"));
    writeFileSync(join(cwd, "config", "production.yaml"), stringify(editedInput([WITHOUT_STAGING, [["state"], cloud(".")]])));
    const run = await golive(["synth", "production"], { cwd });
    expect(run.code).toBe(1);
    expect(run.stderr.split("\n").filter((l) => l.includes("state."))).toEqual([
      `config/production.yaml: state.hostname: ${HOSTNAME}; got "."`,
    ]);
    expect(existsSync(join(cwd, "cdktf.out"))).toBe(false);
  });
});
