/**
 * The real plans of __tests__/fixtures/plans/tf-setting-overwrites.sh as the state specs read them:
 * parsed afresh for each test to edit, reviewed as the state stack's plan.
 */
import { planTextFlags } from "../helpers/plan-reviews";
import { fixtureText } from "../plan/fixtures";

export type Json = Record<string, unknown>;

export const STACK = "bootstrap-production";
export const RULE = "state-bucket-weakened ";

/** A fixture plan, a copy of its own. */
export const plan = (file: string): Json => JSON.parse(fixtureText(file));
/** Every flag of the review of `p`. */
export const flagsOf = (p: Json): string[] => planTextFlags(JSON.stringify(p), STACK);
/** The state-bucket-weakened flags of the review of `p`. */
export const ruleFlags = (p: Json): string[] => flagsOf(p).filter((f) => f.startsWith(RULE));
