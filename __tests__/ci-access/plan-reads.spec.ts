import type { AppConfig } from "../../lib/config/schema";
import { FEATURE_STACKS } from "../../lib/features";
import { plannedServices } from "../../lib/features/ci-access/plan-reads";
import type { FeatureStack } from "../../lib/platform/feature";
import { exampleConfig } from "../helpers/example-config";
import { type SynthJson, synthKind } from "../helpers/synth";

/**
 * The IAM service prefix of each AWS resource and data source type golive's stacks synthesize, by
 * exact type first, then by a type prefix under which every type is that service's (`aws_s3_` is S3's
 * but for the directory bucket, S3 Express's). A type found in none is refused: a new resource forces
 * a decision on what the plan roles read (FeatureStack.awsServices), not a silent widening or a plan
 * that fails on AccessDenied in CI.
 */
const SERVICE_OF_TYPE: readonly (readonly [type: string, service: string])[] = [
  ["aws_cloudwatch_metric_alarm", "cloudwatch"],
  ["aws_route53_health_check", "route53"],
  ["aws_s3_directory_bucket", "s3express"],
];
const SERVICE_OF_PREFIX: readonly (readonly [prefix: string, service: string])[] = [
  ["aws_iam_", "iam"],
  ["aws_kms_", "kms"],
  ["aws_secretsmanager_", "secretsmanager"],
  ["aws_sesv2_", "ses"],
  ["aws_ses_", "ses"],
  ["aws_sns_", "sns"],
  ["aws_s3_", "s3"],
];

function serviceOf(type: string): string | undefined {
  return SERVICE_OF_TYPE.find(([t]) => t === type)?.[1] ?? SERVICE_OF_PREFIX.find(([prefix]) => type.startsWith(prefix))?.[1];
}

/** Each AWS type a synthesized stack declares (resources and data sources) that its stack's services do not cover, as a finding. */
function undeclared(stack: Pick<FeatureStack, "kind" | "awsServices">, json: SynthJson): string[] {
  const types = [...Object.keys(json.resource ?? {}), ...Object.keys(json.data ?? {})].filter((t) => t.startsWith("aws_"));
  return types.flatMap((type) => {
    const service = serviceOf(type);
    if (service === undefined) return [`${stack.kind}: ${type}: no IAM service known for this type; add it to SERVICE_OF_TYPE`];
    return stack.awsServices.includes(service) ? [] : [`${stack.kind}: ${type} is ${service}, which awsServices does not list`];
  });
}

/** The example environments and the shapes of config that add AWS types (an existing OIDC provider is a data source). */
const CONFIGS: readonly [label: string, cfg: AppConfig][] = [
  ["production", exampleConfig()],
  ["staging", exampleConfig([], "staging")],
  ["an existing OIDC provider", exampleConfig([[["secrets", "github", "oidcProvider"], "existing"]], "staging")],
];

/** Every stack of `cfg` the registry builds, synthesized. */
function synthesized(cfg: AppConfig): [FeatureStack, SynthJson][] {
  return FEATURE_STACKS.flatMap((stack): [FeatureStack, SynthJson][] => {
    if (stack.createsStateBackend && !(cfg.state?.backend === "s3" && cfg.state.bootstrap)) return [];
    return [[stack, synthKind(cfg, stack.kind)]];
  });
}

describe("the AWS services each stack declares (what the plan roles read)", () => {
  test.each(CONFIGS)("every aws_* resource and data source of %s is of a service its stack declares", (_label, cfg) => {
    expect(synthesized(cfg).flatMap(([stack, json]) => undeclared(stack, json))).toEqual([]);
  });

  test("each declared service is one some stack synthesizes: none is read for nothing", () => {
    const used = new Map<string, Set<string>>();
    for (const [, cfg] of CONFIGS)
      for (const [stack, json] of synthesized(cfg))
        for (const type of [...Object.keys(json.resource ?? {}), ...Object.keys(json.data ?? {})]) {
          const service = serviceOf(type);
          if (service) used.set(stack.kind, new Set([...(used.get(stack.kind) ?? []), service]));
        }
    expect(Object.fromEntries(FEATURE_STACKS.map((s) => [s.kind, [...s.awsServices].sort()]))).toEqual(
      Object.fromEntries(FEATURE_STACKS.map((s) => [s.kind, [...(used.get(s.kind) ?? [])].sort()])),
    );
  });

  test("fails on a type of a service its stack does not declare, and on a type no entry maps", () => {
    const json: SynthJson = {
      terraform: {},
      resource: { aws_sns_topic: {}, aws_dynamodb_table: {} },
      data: { aws_cloudwatch_log_group: {} },
    };
    expect(undeclared({ kind: "email", awsServices: ["kms", "ses"] }, json)).toEqual([
      "email: aws_sns_topic is sns, which awsServices does not list",
      "email: aws_dynamodb_table: no IAM service known for this type; add it to SERVICE_OF_TYPE",
      "email: aws_cloudwatch_log_group: no IAM service known for this type; add it to SERVICE_OF_TYPE",
    ]);
  });

  test("the plan roles read the services of the stacks they plan: a new secret-free stack's join both, a secret-holding one's main only", () => {
    expect(plannedServices("plan", FEATURE_STACKS)).toEqual(["iam", "kms", "secretsmanager", "ses", "sns"]);
    expect(plannedServices("plan-main", FEATURE_STACKS)).toEqual(["cloudwatch", "iam", "kms", "route53", "secretsmanager", "ses", "sns"]);
    const added = (stateHoldsSecrets: boolean): FeatureStack => ({
      kind: "search",
      appliedBy: "deploy",
      stateHoldsSecrets,
      awsServices: ["es"],
      build: () => undefined,
    });
    expect(plannedServices("plan", [...FEATURE_STACKS, added(false)])).toContain("es");
    expect(plannedServices("plan-main", [...FEATURE_STACKS, added(false)])).toContain("es");
    expect(plannedServices("plan", [...FEATURE_STACKS, added(true)])).not.toContain("es");
    expect(plannedServices("plan-main", [...FEATURE_STACKS, added(true)])).toContain("es");
  });
});
