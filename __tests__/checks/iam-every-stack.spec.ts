import { buildModel, type SynthStack } from "../../lib/core/readiness/model";
import { buildWorld } from "../../lib/engines/check/access/world";
import { exampleConfig } from "../helpers/example-config";
import { iamView } from "../iam/iam-world";

/**
 * `golive check` simulates the IAM of every stack of an environment (lib/engines/check/access/world.ts),
 * not of a hand-kept list of kinds: a concern added later that declares a role is read without anyone
 * remembering to list it, and its own S3 bucket is never taken for the state bucket.
 */
const cfg = exampleConfig();

function stack(name: string, resource: Record<string, Record<string, Record<string, unknown>>>): SynthStack {
  const [only] = buildModel([{ name, file: `stacks/${name}/cdk.tf.json`, json: { terraform: {}, resource } }]).stacks;
  if (!only) throw new Error("no stack");
  return only;
}

const trust = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
});
const roleOf = (name: string) => ({ aws_iam_role: { Extra: { name, assume_role_policy: trust } } });

test("a role declared by a stack of a kind no list names is simulated", () => {
  const world = buildWorld(cfg, [...iamView(cfg).stacks, stack("reports-production", roleOf("opsbot-production-reports"))]);
  expect(world.roles.get("opsbot-production-reports")?.stack).toBe("reports-production");
});

test("a shared stack's role (no -<env> in its name) is not the environment's", () => {
  const world = buildWorld(cfg, [...iamView(cfg).stacks, stack("shared", roleOf("opsbot-shared"))]);
  expect(world.roles.has("opsbot-shared")).toBe(false);
});

test("the state bucket is the configured one, whatever other bucket a stack before it declares", () => {
  const other = stack("uploads-production", {
    aws_s3_bucket: { Uploads: { bucket: "opsbot-production-uploads" } },
    aws_s3_bucket_policy: {
      Uploads: { bucket: "${aws_s3_bucket.Uploads.id}", policy: JSON.stringify({ Version: "2012-10-17", Statement: [] }) },
    },
  });
  const world = buildWorld(cfg, [other, ...iamView(cfg).stacks]);
  expect(world.bucket?.arn).toBe("arn:aws:s3:::opsbot-production-tfstate");
  expect(JSON.stringify(world.bucket?.policy)).toContain("DenyInsecureTransport");
});
