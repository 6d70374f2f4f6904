import { envFinding, type EnvView, perView, resourceFinding, type SynthResource } from "../../core/readiness/model";
import type { Finding } from "../../platform/readiness";
import { isTemplate, type JsonRecord, literalBool, literalStr, records, templateIn } from "../../core/readiness/values";
import { inEnvZone, offZoneFindings, zoneOf } from "./zone-scope";

/**
 * The zone's rulesets as the readiness rules read them: only rulesets in the environment's zone
 * (zone-scope.ts), only rules whose effect golive can read. A rule whose `enabled` or `action` is no
 * literal, or whose expression, action_parameters or ratelimit hold a Terraform expression (`${...}`,
 * which Terraform evaluates to any value, `"${false}"` to false), is neither counted as a protection
 * nor as a skip: it is a finding of every rule reading its phase, naming the attribute and the value.
 */
export interface RulesetRule {
  readonly ruleset: SynthResource;
  readonly rule: JsonRecord;
  readonly index: number;
}

export const CUSTOM_PHASE = "http_request_firewall_custom";
/** Phases a custom rule's `skip` (action_parameters.phases) can switch off (skip-rules.ts). */
const SKIPPABLE_PHASES: readonly string[] = ["http_request_firewall_managed", "http_ratelimit"];

interface Unreadable {
  readonly ruleset: SynthResource;
  /** What cannot be told: "what rules[2] (ref) does". */
  readonly subject: string;
  readonly attribute: string;
  readonly shown: string;
  /** undefined: the ruleset's phase itself cannot be read. */
  readonly phase: string | undefined;
  /** Its action may be `skip` (literal, or unreadable). */
  readonly mayBeSkip: boolean;
}

interface RulesetReading {
  readonly byPhase: ReadonlyMap<string, readonly RulesetRule[]>;
  readonly unreadable: readonly Unreadable[];
}

/** The first attribute of an enabled rule whose value golive cannot read, or undefined. */
function unreadableIn(rule: JsonRecord): { readonly attribute: string; readonly shown: string } | undefined {
  const enabled = literalBool(rule.enabled);
  if (enabled.kind === "unknown") return { attribute: "enabled", shown: enabled.shown };
  for (const key of ["action", "expression"]) {
    const value = literalStr(rule[key]);
    if (value.kind === "unknown") return { attribute: key, shown: value.shown };
  }
  for (const key of ["action_parameters", "ratelimit"]) {
    const found = templateIn(rule[key], key);
    if (found !== undefined) return { attribute: found.path, shown: `the expression ${found.value}` };
  }
  return undefined;
}

const reading = perView((view: EnvView): RulesetReading => {
  const byPhase = new Map<string, RulesetRule[]>();
  const unreadable: Unreadable[] = [];
  for (const ruleset of view.ofType("cloudflare_ruleset")) {
    if (!inEnvZone(view, ruleset)) continue;
    // The provider accepts a phase in any case (ruleset schema.go, OneOfCaseInsensitive).
    const read = literalStr(ruleset.attrs.phase);
    const phase = read.kind === "value" ? read.value.toLowerCase() : undefined;
    if (read.kind === "unknown")
      unreadable.push({ ruleset, subject: "which phase its rules run in", attribute: "phase", shown: read.shown, phase, mayBeSkip: true });
    const rules = ruleset.attrs.rules;
    if (typeof rules === "string" && isTemplate(rules))
      unreadable.push({
        ruleset,
        subject: "what its rules are",
        attribute: "rules",
        shown: `the expression ${rules}`,
        phase,
        mayBeSkip: true,
      });
    records(rules).forEach((rule, index) => {
      const enabled = literalBool(rule.enabled);
      if (enabled.kind === "value" && !enabled.value) return; // off: it does nothing, whatever else it says
      const action = literalStr(rule.action);
      const lower = action.kind === "value" ? action.value.toLowerCase() : undefined;
      const problem = unreadableIn(rule);
      const name = `rules[${index}]${typeof rule.ref === "string" ? ` (${rule.ref})` : ""}`;
      if (problem !== undefined)
        unreadable.push({
          ruleset,
          subject: `what ${name} does`,
          attribute: problem.attribute,
          shown: problem.shown,
          phase,
          mayBeSkip: action.kind === "unknown" || lower === "skip",
        });
      else if (phase !== undefined) {
        // An action too (`SKIP`, `LOG`): every rule reads it lower-cased from here, so none fails open.
        const list = byPhase.get(phase) ?? [];
        list.push({ ruleset, rule: lower === undefined ? rule : { ...rule, action: lower }, index });
        byPhase.set(phase, list);
      }
    });
  }
  return { byPhase, unreadable };
});

/** Enabled, readable rules of every ruleset of the environment's zone in a phase. */
export function phaseRules(view: EnvView, phase: string): readonly RulesetRule[] {
  return reading(view).byPhase.get(phase) ?? [];
}

/**
 * Findings for what keeps a phase from being read: its rulesets outside the environment's zone, rules
 * (and rulesets) of it that cannot be read, and, for a phase a custom skip rule can switch off, custom
 * rules that cannot be read and may be such a skip, and custom rulesets whose zone cannot be told.
 */
export function phaseProblems(view: EnvView, phase: string): Finding[] {
  const skippable = SKIPPABLE_PHASES.includes(phase);
  const ofPhase = (r: SynthResource, p: string) =>
    literalStr(r.attrs.phase).kind === "value" ? String(r.attrs.phase).toLowerCase() === p : true;
  const foreign = view.ofType("cloudflare_ruleset").filter((r) => !inEnvZone(view, r));
  const findings = offZoneFindings(view, [
    ...foreign.filter((r) => ofPhase(r, phase)),
    ...(skippable ? foreign.filter((r) => ofPhase(r, CUSTOM_PHASE) && zoneOf(view, r).kind === "unknown") : []),
  ]);
  for (const u of reading(view).unreadable) {
    const reaches = u.phase === undefined || u.phase === phase || (skippable && u.phase === CUSTOM_PHASE && u.mayBeSkip);
    if (reaches) findings.push(resourceFinding(u.ruleset, `cannot tell ${u.subject}: ${u.attribute} is ${u.shown}; write a literal`));
  }
  return findings;
}

/** A finding about a missing rule of a phase: on the phase's ruleset when there is one, else on the edge stack. */
export function phaseFinding(view: EnvView, phase: string, message: string): Finding {
  const ruleset = view
    .ofType("cloudflare_ruleset")
    .find(
      (r) => inEnvZone(view, r) && (literalStr(r.attrs.phase).kind === "value" ? String(r.attrs.phase).toLowerCase() === phase : false),
    );
  return ruleset ? resourceFinding(ruleset, message) : envFinding(view, message, "edge");
}
