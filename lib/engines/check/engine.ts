import { envViews, type SynthModel } from "../../core/readiness/model";
import { ConfigErrors } from "../../config/errors";
import { applyExemptions, refusedExemptions } from "./exemptions";
import { RULES } from "./rules";
import { missingCores } from "./stack-cores";
import type { EnvConfig, Finding, RepoFile, RepoListing, Rule, RuleContext, RuleOutcome } from "../../platform/readiness";
import type { AccessEvaluation } from "../../core/access/report";
import { whoCanRead } from "./access/who-can-read";

/** `skipped`: not run, because the caller asked (`golive check --skip-rule`). */
export type ResultStatus = "pass" | "fail" | "attested" | "exempt" | "n/a" | "skipped";

export interface RuleResult {
  readonly rule: Rule;
  readonly env: string;
  readonly status: ResultStatus;
  /** Findings of a failing or exempted rule. */
  readonly findings: readonly Finding[];
  /** Why not applicable, or who attested. */
  readonly note?: string;
  /**
   * The exemption that covers this result's findings; `unscoped` when it names no resources, or globs
   * matching every resource of the environment (either hides every finding of the rule there). A fail
   * with exempted findings lists only the others.
   */
  readonly exemption?: { readonly reason: string; readonly expires: string; readonly unscoped: boolean; readonly exempted: number };
}

export interface CheckReport {
  readonly today: string;
  readonly environments: readonly string[];
  readonly results: readonly RuleResult[];
  /** Ids of the rules not run (`--skip-rule`), in rule order. */
  readonly skipped: readonly string[];
  /** Who can read secrets and state, per environment that has them, when evaluated (runChecksWithAccess). */
  readonly access?: readonly AccessEvaluation[];
}

export interface CheckInput {
  readonly model: SynthModel;
  /** Config per environment; environments without one are still checked (attestations then fail). */
  readonly configs: ReadonlyMap<string, EnvConfig>;
  readonly runbooks: readonly RepoFile[];
  /** The folder the runbooks were read from, as findings name it (check's --runbooks-dir). @default runbooks */
  readonly runbooksFolder?: string;
  /** The CODEOWNERS file GitHub reads (readCodeowners), read once; absent when the repository has none. */
  readonly codeowners?: RepoFile;
  /** The repository's files (listRepoFiles), for GL-SEC-009 to judge each deploy-critical one. @default only the paths it names */
  readonly repoFiles?: RepoListing;
  readonly today: string;
  /** Only these environments. @default every environment in the model */
  readonly only?: readonly string[];
  /** Rule ids not to run; each still has a result per environment, with status `skipped`. */
  readonly skip?: readonly string[];
  /** Who can read secrets and state, by environment (runChecksWithAccess evaluates it). */
  readonly access?: ReadonlyMap<string, AccessEvaluation>;
}

function toResult(rule: Rule, env: string, out: RuleOutcome, ctx: RuleContext): RuleResult {
  switch (out.kind) {
    case "compliant":
      return { rule, env, status: "pass", findings: [] };
    case "attested":
      return { rule, env, status: "attested", findings: [], note: out.note };
    case "not-applicable":
      return { rule, env, status: "n/a", findings: [], note: out.note };
    case "non-compliant": {
      if (rule.exemptable === false || !ctx.config) return { rule, env, status: "fail", findings: out.findings };
      const resources = ctx.env.stacks.flatMap((s) => s.resources);
      const split = applyExemptions(rule.id, out.findings, ctx.config.readiness.exemptions, ctx.today, resources);
      if (!split.exemption) return { rule, env, status: "fail", findings: out.findings };
      const exemption = {
        reason: split.exemption.reason,
        expires: split.exemption.expires,
        unscoped: split.unscoped,
        exempted: split.exempted.length,
      };
      if (split.remaining.length > 0) return { rule, env, status: "fail", findings: split.remaining, exemption };
      return { rule, env, status: "exempt", findings: out.findings, exemption };
    }
  }
}

export const SKIPPED_NOTE = "skipped by --skip-rule";

/**
 * Throws, naming each field, when a checked environment's config exempts a rule that cannot be
 * exempted, or until more than MAX_EXEMPTION_DAYS after input.today (refusedExemptions). Loading a
 * config refuses the first already (lib/engines/config/validate.ts); this holds for configs handed to
 * the engine in-process, where a check that ignored the exemption would let its author believe the
 * rule covered. `golive check` refuses both before it synthesizes anything.
 */
function refuseExemptions(input: CheckInput): void {
  const checked = [...input.configs].filter(([env]) => !input.only || input.only.includes(env)).map(([, config]) => config);
  const refused = refusedExemptions(checked, RULES, input.today);
  if (refused.length > 0) throw new ConfigErrors(refused);
}

/**
 * Runs every rule over every environment of the model: the whole of `golive check` minus I/O. Throws
 * ConfigErrors for an exemption of a rule that cannot be exempted, or one running too long (refuseExemptions).
 */
export function runChecks(input: CheckInput): CheckReport {
  refuseExemptions(input);
  const knownRuleIds = new Set(RULES.map((r) => r.id));
  const views = envViews(input.model, [...input.configs.keys()]).filter((v) => !input.only || input.only.includes(v.env));
  const skip = new Set(input.skip ?? []);
  const results: RuleResult[] = [];
  const repoOutcomes = new Map<string, RuleOutcome>();
  for (const env of views) {
    const config = input.configs.get(env.env);
    const access = input.access?.get(env.env);
    const ctx: RuleContext = {
      env,
      runbooks: input.runbooks,
      runbooksFolder: input.runbooksFolder ?? "runbooks",
      today: input.today,
      knownRuleIds,
      ...(input.codeowners ? { codeowners: input.codeowners } : {}),
      ...(input.repoFiles ? { repoFiles: input.repoFiles } : {}),
      ...(config ? { config } : {}),
      ...(access ? { access } : {}),
    };
    const lacking = missingCores(env, config);
    for (const rule of RULES) {
      if (skip.has(rule.id)) {
        results.push({ rule, env: env.env, status: "skipped", findings: [], note: SKIPPED_NOTE });
        continue;
      }
      // A stack missing what its config asks for fails its concern's rules whatever they find, and no
      // exemption hides that: exemptions were given for what the stack declares, not for its absence.
      const missing = lacking.get(rule.id);
      if (missing !== undefined) {
        results.push({ rule, env: env.env, status: "fail", findings: [missing] });
        continue;
      }
      let out = rule.scope === "repository" ? repoOutcomes.get(rule.id) : undefined;
      if (out === undefined) {
        out = rule.check(ctx);
        if (rule.scope === "repository") repoOutcomes.set(rule.id, out);
      }
      results.push(toResult(rule, env.env, out, ctx));
    }
  }
  return {
    today: input.today,
    environments: views.map((v) => v.env),
    results,
    skipped: RULES.filter((r) => skip.has(r.id)).map((r) => r.id),
    ...(input.access ? { access: views.flatMap((v) => input.access?.get(v.env) ?? []) } : {}),
  };
}

/**
 * runChecks, after asking the IAM simulator who can read each secret and state object of every
 * environment checked (`golive check`): the "who can read secrets and state" section and GL-SEC-007
 * come from it. Environments without secrets or a state bucket never load the simulator.
 */
export async function runChecksWithAccess(input: CheckInput): Promise<CheckReport> {
  // Before the simulator: a refused config costs no evaluation.
  refuseExemptions(input);
  const access = new Map<string, AccessEvaluation>();
  for (const view of envViews(input.model, [...input.configs.keys()])) {
    const config = input.configs.get(view.env);
    if (!config || (input.only && !input.only.includes(view.env))) continue;
    const evaluation = await whoCanRead(config.app, view);
    if (evaluation) access.set(view.env, evaluation);
  }
  return runChecks({ ...input, access });
}

export function blockers(report: CheckReport): RuleResult[] {
  return report.results.filter((r) => r.status === "fail" && r.rule.severity === "blocker");
}

export function warnings(report: CheckReport): RuleResult[] {
  return report.results.filter((r) => r.status === "fail" && r.rule.severity === "warning");
}
