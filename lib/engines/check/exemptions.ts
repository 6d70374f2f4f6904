import { ConfigError } from "../../config/errors";
import type { SynthResource } from "../../core/readiness/model";
import type { Exemption, ReadinessConfig } from "../../features/readiness/schema";
import type { ConfigIssue } from "../../core/issues";
import { type EnvConfig, type Finding, nonExemptableIssues, type Rule } from "../../platform/readiness";

/** A construct-path glob as a regular expression: `*` within one path segment, `**` across them. */
function globRegExp(glob: string): RegExp {
  const body = glob
    .split(/(\*\*|\*)/)
    .map((part) => (part === "**" ? ".*" : part === "*" ? "[^/]*" : part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${body}$`);
}

/** Whether a resource list covers a resource: by its address or its construct path. */
function coversResource(patterns: readonly RegExp[], resource: { readonly address: string; readonly path: string }): boolean {
  return patterns.some((p) => p.test(resource.address) || p.test(resource.path));
}

/** Whether an exemption's resource list covers a finding: one on a resource it names. */
function covers(patterns: readonly RegExp[], finding: Finding): boolean {
  const l = finding.location;
  return l.kind === "resource" && coversResource(patterns, l);
}

/**
 * Whether an exemption hides every finding the rule could make in the environment: it names no
 * resources, or its globs match every resource the environment declares (the schema refuses the
 * globs that match any address, such as `*` and `**`; a list naming every stack still does).
 */
function isUnscoped(exemption: Exemption, patterns: readonly RegExp[], resources: readonly SynthResource[]): boolean {
  return exemption.resources === undefined || resources.every((r) => r.mode !== "resource" || coversResource(patterns, r));
}

export interface ExemptionSplit {
  /** The exemption reported for the rule, if any applies: an unscoped one when one covered a finding. */
  readonly exemption?: Exemption;
  /** Whether an exemption that covered a finding is unscoped (see isUnscoped). */
  readonly unscoped: boolean;
  /** Findings the exemptions cover (all of them when one names no resources). */
  readonly exempted: readonly Finding[];
  /** Findings still failing. */
  readonly remaining: readonly Finding[];
}

/**
 * Applies the environment's live exemptions of one rule to its findings. Exemptions that name resources
 * cover only findings on those resources (cdk-nag v3's model); one without `resources` covers every
 * finding of the rule in the environment. Scoped exemptions are tried first, so an unscoped one never
 * hides what a scoped one was written for; `resources` are the environment's, to tell which are scoped.
 */
export function applyExemptions(
  ruleId: string,
  findings: readonly Finding[],
  exemptions: readonly Exemption[],
  today: string,
  resources: readonly SynthResource[],
): ExemptionSplit {
  const live = exemptions
    .filter((e) => e.rule === ruleId && e.expires >= today)
    .map((exemption) => {
      const patterns = (exemption.resources ?? []).map(globRegExp);
      return { exemption, patterns, unscoped: isUnscoped(exemption, patterns, resources) };
    });
  const ordered = [...live.filter((e) => !e.unscoped), ...live.filter((e) => e.unscoped)];
  let remaining = findings;
  const exempted: Finding[] = [];
  const applied: (typeof live)[number][] = [];
  for (const e of ordered) {
    const hit = e.exemption.resources === undefined ? remaining : remaining.filter((f) => covers(e.patterns, f));
    if (hit.length === 0) continue;
    exempted.push(...hit);
    remaining = remaining.filter((f) => !hit.includes(f));
    applied.push(e);
  }
  const reported = applied.find((e) => e.unscoped) ?? applied[0];
  return {
    ...(reported ? { exemption: reported.exemption } : {}),
    unscoped: reported?.unscoped ?? false,
    exempted,
    remaining,
  };
}

/**
 * The longest an exemption may run: its `expires` at most this many days after the day check judges
 * (`--today`, default today). An exemption is a dated promise (GL-READY-001): one that ends in 9999
 * is a permanent waiver. The bound moves with the day, so an exemption accepted once stays accepted
 * until it expires.
 */
export const MAX_EXEMPTION_DAYS = 90;

/** `date` (YYYY-MM-DD) plus `days` calendar days, in UTC. */
function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** One issue, naming its `expires` field, per exemption that ends more than MAX_EXEMPTION_DAYS after `today`. */
export function exemptionLifetimeIssues(readiness: Pick<ReadinessConfig, "exemptions">, today: string): ConfigIssue[] {
  const latest = addDays(today, MAX_EXEMPTION_DAYS);
  return readiness.exemptions.flatMap((e, i) =>
    e.expires > latest
      ? [
          {
            path: ["readiness", "exemptions", i, "expires"],
            message: `${e.expires} is more than ${MAX_EXEMPTION_DAYS} days after ${today}; allowed: a date up to ${latest} (renew it then, with an updated reason)`,
          },
        ]
      : [],
  );
}

/**
 * The configs' exemptions that check refuses, as one error per file, every issue at once: of rules that
 * cannot be exempted (nonExemptableIssues), and ending more than MAX_EXEMPTION_DAYS after `today`.
 */
export function refusedExemptions(configs: readonly EnvConfig[], rules: readonly Rule[], today: string): ConfigError[] {
  return configs.flatMap((config) => {
    const issues = [...nonExemptableIssues(config.readiness, rules), ...exemptionLifetimeIssues(config.readiness, today)];
    return issues.length > 0 ? [new ConfigError(config.file, issues)] : [];
  });
}
