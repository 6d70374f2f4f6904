import type { EnvView, SynthResource } from "./model";
import { isRecord, str } from "./values";

/** A literal region: a `${var.region}` or other expression is not known before apply. */
function literal(value: unknown): string | undefined {
  const s = str(value);
  return s !== undefined && s !== "" && !s.includes("${") ? s : undefined;
}

/**
 * The AWS region a synthesized resource lives in, when the stack says so literally: the resource's own
 * `region` argument (AWS provider 6 adds one to every regional resource), else the `region` of the
 * provider configuration it names (`provider = "aws.us_east_1"`, or the default `aws` one). Undefined
 * when it comes from a variable or the environment (AWS_REGION): then it cannot be checked here.
 */
export function awsRegionOf(view: EnvView, resource: SynthResource): string | undefined {
  const own = literal(resource.attrs.region);
  if (own !== undefined) return own;
  const wanted = str(resource.attrs.provider) ?? "aws";
  const stack = view.stacks.find((s) => s.name === resource.stack);
  const configs = isRecord(stack?.json.provider) ? stack.json.provider.aws : undefined;
  for (const config of Array.isArray(configs) ? configs : []) {
    if (!isRecord(config)) continue;
    const alias = str(config.alias);
    if ((alias === undefined ? "aws" : `aws.${alias}`) === wanted) return literal(config.region);
  }
  return undefined;
}
