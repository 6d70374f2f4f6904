import type { AttestationItem } from "./schema";
import { daysBetween } from "../../core/dates";
import { type ChecklistRow, notApplicable, type Rule, type RuleContext, type RuleOutcome } from "../../platform/readiness";

export interface AttestationRuleSpec {
  readonly id: string;
  readonly item: AttestationItem;
  readonly title: string;
  readonly row: ChecklistRow;
  readonly explanation: string;
  /** What to review before attesting, when more than the control's name says; starts the fix. */
  readonly review?: string;
  /**
   * Whether the control exists in an environment: `notApplicable` with the reason (the GitHub
   * environments of one that CI does not deploy), else asked for, `subject` naming what it covers there
   * (`production and production-admin`). @default asked for in every environment
   */
  readonly applies?: (ctx: RuleContext) => { readonly notApplicable: string } | { readonly subject?: string };
}

function attestationOutcome(item: AttestationItem, { config, env, today }: RuleContext, subject?: string): RuleOutcome {
  const file = config?.file ?? `config/${env.env}.yaml`;
  const missing = (message: string): RuleOutcome => ({
    kind: "non-compliant",
    findings: [{ message, location: { kind: "config", file, path: "readiness.attestations" } }],
  });
  if (!config) return missing(`no config for environment ${env.env}, so "${item}" is not attested`);
  const { attestations, attestationMaxAgeDays } = config.readiness;
  const index = attestations.findIndex((a) => a.item === item);
  const a = attestations[index];
  const covers = subject === undefined ? "" : `, covering ${subject}`;
  if (!a) return missing(`"${item}" is not attested (readiness.attestations has no item "${item}"${covers})`);
  const age = daysBetween(a.date, today);
  if (age < 0) {
    const location = { kind: "config" as const, file, path: `readiness.attestations[${index}]` };
    return {
      kind: "non-compliant",
      findings: [{ message: `"${item}" is attested for ${a.date}, a date in the future (today is ${today})`, location }],
    };
  }
  const stale = age > attestationMaxAgeDays ? ` (stale: ${age} days old, see GL-READY-003)` : "";
  return { kind: "attested", note: `attested by ${a.owner} on ${a.date}: ${a.evidence}${stale}` };
}

/**
 * Rules for what no stack can prove (the app's own controls, the GitHub settings CI's trust rests on):
 * an owner vouches for each with a dated evidence link in config. A missing (or future-dated)
 * attestation is a blocker; a stale one is a warning of GL-READY-003, so an old review prompts a new
 * one without breaking every pipeline at once.
 */
export function attestationRule(spec: AttestationRuleSpec): Rule {
  return {
    id: spec.id,
    title: spec.title,
    severity: "blocker",
    row: spec.row,
    explanation: spec.explanation,
    fix: `${spec.review === undefined ? "" : `${spec.review} `}Add {item: ${spec.item}, owner, date: YYYY-MM-DD, evidence: https://...} to readiness.attestations in config/<env>.yaml after reviewing the control.`,
    check(ctx) {
      const scope = spec.applies?.(ctx) ?? {};
      if ("notApplicable" in scope) return notApplicable(scope.notApplicable);
      return attestationOutcome(spec.item, ctx, scope.subject);
    },
  };
}
