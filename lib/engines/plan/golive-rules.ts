/**
 * Every rule of golive's own that can raise a flag, in one list: the concerns' risk rules and the plan
 * engine's (a probable rename, a policy known only after apply, a configuration diff's). A repository's
 * rules file may take none of their ids (custom-rules.ts): the review leaves the repository's ids out of
 * the plan digest, so a rules file shadowing one of golive's would drop golive's flag from the review
 * while the deploy, which reads no rules file, keeps it, and every deploy of such a plan is refused.
 * `plan-report --json` lists them as its `rules`, and plan-compare names a flag of the review by them.
 */
import { CONFIG_DIFF_RULES } from "./config-flags";
import { PARTIAL_PLAN_RULE } from "./deferred";
import { READ_POLICY_RULE } from "./reads";
import { RENAME_RULE } from "./renames";
import { RISK_RULES, type RiskRule } from "./risks";

/** What the report and plan-compare show of a rule. */
export type RuleInfo = Pick<RiskRule, "id" | "title" | "explanation">;

export const GOLIVE_RULES: readonly RuleInfo[] = [...RISK_RULES, RENAME_RULE, READ_POLICY_RULE, PARTIAL_PLAN_RULE, ...CONFIG_DIFF_RULES];

export const GOLIVE_RULES_BY_ID: ReadonlyMap<string, RuleInfo> = new Map(GOLIVE_RULES.map((r) => [r.id, r]));
