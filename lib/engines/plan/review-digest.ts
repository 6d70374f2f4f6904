/**
 * A stack's plan digest as its review records it (review-record.ts) and plan-compare recomputes it:
 * its changes (lib/core/plan/digest.ts) and golive's risk flags as the review shows them. A flag reads
 * more of the plan than its change: the load balancer's names pools from their no-op entries, a policy
 * document's names who uses it from `configuration`. With the flags in the digest, a plan whose review
 * reads differently never has the reviewed digest, whatever part of the plan a rule reads. The
 * repository's own rules (custom-rules.ts) read only their change, which the digest holds, and the
 * flags of a configuration diff (config-flags.ts) read synthesized stacks, whose digest the record
 * holds apart: neither joins, so the deploy needs neither the rules file nor the base's synth.
 * Each resource's provisioners as configured join too, whole (provisionerTexts): they run on the deploy
 * runner, no change hash holds them, and a flag shows a long command cut.
 */
import { createHash } from "node:crypto";
import { type PlanDigest, planDigest, withReviewTexts } from "../../core/plan/digest";
import { canonicalJson } from "../../core/plan/json-attributes";
import { provisionedResources } from "../../core/plan/provisioners";
import type { PlanJson } from "../../core/plan/schema";
import type { RiskFlag } from "../../platform/risks";
import { CONFIG_DIFF_RULES } from "./config-flags";
import { buildStackReport, type PlanInput, type StackReport } from "./report";
import { stackScrubFor } from "./scrub";

const CONFIG_DIFF_IDS: ReadonlySet<string> = new Set(CONFIG_DIFF_RULES.map((r) => r.id));

/** A flag as the digest holds it: rule, title, address and detail as shown (the construct path is the synthesized stack's, not the plan's: left out). */
export type DigestedFlag = Pick<RiskFlag, "rule" | "title" | "address" | "detail">;

/** A stack's review digest with the flags joined to it, so a record can name them one by one (review-record.ts). */
export interface ReviewDigest extends PlanDigest {
  readonly flags: readonly DigestedFlag[];
}

/** golive's flags of a stack's report. `custom`: the ids of the repository's rules, whose flags do not join. */
export function digestedFlags(stack: StackReport, custom: ReadonlySet<string> = new Set()): DigestedFlag[] {
  return stack.risks
    .filter((r) => !CONFIG_DIFF_IDS.has(r.rule) && !custom.has(r.rule))
    .map(({ rule, title, address, detail }) => ({ rule, title, address, detail }));
}

/** A flag as one text of the digest. */
export function flagText(flag: DigestedFlag): string {
  return JSON.stringify([flag.rule, flag.title, flag.address, flag.detail]);
}

/** A short, stable key for a flag in a recorded review (review-record.ts), as addressKey is for an address. */
export function flagKey(flag: DigestedFlag): string {
  return createHash("sha256")
    .update(`flag:${flagText(flag)}`)
    .digest("hex")
    .slice(0, 12);
}

/**
 * Each configured resource's provisioners as one text: address and the whole `provisioners` value,
 * canonical. A plan whose commands differ from the reviewed plan's never has its digest, whether or
 * not the resource changes.
 */
function provisionerTexts(plan: PlanJson): string[] {
  return provisionedResources(plan).map((r) => JSON.stringify(["provisioners", r.address, canonicalJson(r.declared)]));
}

/** The digest with these flags and the plan's provisioners (`plan`, when given: provisionerTexts) joined. */
export function withFlags(changes: PlanDigest, flags: readonly DigestedFlag[], plan?: PlanJson): ReviewDigest {
  return { ...withReviewTexts(changes, [...flags.map(flagText), ...(plan ? provisionerTexts(plan) : [])]), flags };
}

/** The digest a review records for this plan: its changes (`changes`, when already digested) and the flags golive's rules raise on it. */
export function reviewDigest(input: PlanInput, changes: PlanDigest = planDigest(input.plan)): ReviewDigest {
  const { configDiff: _notAPlan, ...plan } = input;
  return withFlags(changes, digestedFlags(buildStackReport(plan, stackScrubFor(changes.hidden))), input.plan);
}
