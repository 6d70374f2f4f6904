/**
 * A stack's plan digest as its review records it (review-record.ts) and plan-compare recomputes it:
 * its changes (lib/core/plan/digest.ts) and golive's risk flags as the review shows them. A flag reads
 * more of the plan than its change: the load balancer's names pools from their no-op entries, a policy
 * document's names who uses it from `configuration`. With the flags in the digest, a plan whose review
 * reads differently never has the reviewed digest, whatever part of the plan a rule reads. The
 * repository's own rules (custom-rules.ts) read only their change, which the digest holds, and the
 * flags of a configuration diff (config-flags.ts) read synthesized stacks, whose digest the record
 * holds apart: neither joins, so the deploy needs neither the rules file nor the base's synth.
 */
import { type PlanDigest, planDigest, withReviewTexts } from "../../core/plan/digest";
import { CONFIG_DIFF_RULES } from "./config-flags";
import { buildStackReport, type PlanInput, type StackReport } from "./report";
import { stackScrubFor } from "./scrub";

const CONFIG_DIFF_IDS: ReadonlySet<string> = new Set(CONFIG_DIFF_RULES.map((r) => r.id));

/**
 * golive's flags of a stack's report as texts for the digest: rule, title, address and detail as
 * shown (the construct path is the synthesized stack's, not the plan's: left out). `custom`: the ids of
 * the repository's rules, whose flags do not join.
 */
export function flagTexts(stack: StackReport, custom: ReadonlySet<string> = new Set()): string[] {
  return stack.risks
    .filter((r) => !CONFIG_DIFF_IDS.has(r.rule) && !custom.has(r.rule))
    .map((r) => JSON.stringify([r.rule, r.title, r.address, r.detail]));
}

/** The digest a review records for this plan: its changes (`changes`, when already digested) and the flags golive's rules raise on it. */
export function reviewDigest(input: PlanInput, changes: PlanDigest = planDigest(input.plan)): PlanDigest {
  const { configDiff: _notAPlan, ...plan } = input;
  return withReviewTexts(changes, flagTexts(buildStackReport(plan, stackScrubFor(changes.hidden))));
}
