import type { Exemption } from "../../features/readiness/schema";
import type { Finding } from "../../platform/readiness";

/** A construct-path glob as a regular expression: `*` within one path segment, `**` across them. */
function globRegExp(glob: string): RegExp {
  const body = glob
    .split(/(\*\*|\*)/)
    .map((part) => (part === "**" ? ".*" : part === "*" ? "[^/]*" : part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${body}$`);
}

/** Whether an exemption's resource list covers a finding: by resource address or construct path. */
function covers(patterns: readonly RegExp[], finding: Finding): boolean {
  const l = finding.location;
  if (l.kind !== "resource") return false;
  return patterns.some((p) => p.test(l.address) || p.test(l.path));
}

export interface ExemptionSplit {
  /** The exemption that applies, if any. */
  readonly exemption?: Exemption;
  /** Findings the exemption covers (all of them when it names no resources). */
  readonly exempted: readonly Finding[];
  /** Findings still failing. */
  readonly remaining: readonly Finding[];
}

/**
 * Applies the environment's live exemptions of one rule to its findings. Exemptions that name resources
 * cover only findings on those resources (cdk-nag v3's model); one without `resources` covers every
 * finding of the rule in the environment. Scoped exemptions are tried first, so an unscoped one never
 * hides what a scoped one was written for.
 */
export function applyExemptions(
  ruleId: string,
  findings: readonly Finding[],
  exemptions: readonly Exemption[],
  today: string,
): ExemptionSplit {
  const live = exemptions.filter((e) => e.rule === ruleId && e.expires >= today);
  const scoped = live.filter((e) => e.resources !== undefined);
  let remaining = findings;
  const exempted: Finding[] = [];
  let applied: Exemption | undefined;
  for (const e of scoped) {
    const patterns = (e.resources ?? []).map(globRegExp);
    const hit = remaining.filter((f) => covers(patterns, f));
    if (hit.length === 0) continue;
    exempted.push(...hit);
    remaining = remaining.filter((f) => !hit.includes(f));
    applied ??= e;
  }
  const unscoped = live.find((e) => e.resources === undefined);
  if (unscoped && remaining.length > 0) {
    exempted.push(...remaining);
    remaining = [];
    applied ??= unscoped;
  }
  return { ...(applied ? { exemption: applied } : {}), exempted, remaining };
}
