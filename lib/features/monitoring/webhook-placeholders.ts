import { readStackJson, type SynthesizedStack } from "../../core/synth-output";
import { z } from "zod";
import { isWebhookVariable, WEBHOOK_PLAN_PLACEHOLDER } from "./destinations";

/** Just enough of a synthesized stack to list its Terraform variables. */
const StackVariables = z.object({ variable: z.record(z.string(), z.unknown()).optional() });

/**
 * `TF_VAR_*` values for the alert webhook variables a stack declares, each set to the placeholder.
 * Plans run with the read-only plan role, which may not read secret values, and a plan is only reviewed,
 * never applied, so no real URL is needed (or wanted in plans/*.json). A value already in the caller's
 * environment is overridden on purpose: `golive plan` never passes a webhook URL to Terraform.
 */
export function webhookPlaceholders(stackJson: unknown): Record<string, string> {
  const parsed = StackVariables.safeParse(stackJson);
  const names = parsed.success ? Object.keys(parsed.data.variable ?? {}) : [];
  return Object.fromEntries(names.filter(isWebhookVariable).map((name) => [`TF_VAR_${name}`, WEBHOOK_PLAN_PLACEHOLDER]));
}

/** The placeholders for a synthesized stack (none when its cdk.tf.json is missing or unreadable). */
export function webhookPlaceholdersIn(stack: SynthesizedStack): Record<string, string> {
  try {
    return webhookPlaceholders(readStackJson(stack));
  } catch {
    return {}; // terraform itself reports a broken configuration, with a better message
  }
}
