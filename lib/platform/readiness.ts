import type { AppConfig } from "../config/schema";
import type { ReadinessConfig } from "../features/readiness/schema";
import type { EnvView } from "../core/readiness/model";
import type { AccessEvaluation } from "../core/access/report";
import type { ConfigIssue } from "../core/issues";

export type Severity = "blocker" | "warning";

/** The launch checklist: every rule and attestation serves exactly one row of the scorecard. */
export const CHECKLIST_ROWS = [
  { id: "auth", title: "Auth on every endpoint" },
  { id: "authz", title: "Authorization by role" },
  { id: "secrets", title: "Secrets handling" },
  { id: "input-validation", title: "Input validation" },
  { id: "prompt-injection", title: "Prompt-injection defence" },
  { id: "rate-limiting", title: "Rate limiting" },
  { id: "logging", title: "Logging hygiene" },
  { id: "cors-csrf", title: "CORS / CSRF" },
  { id: "monitoring", title: "Monitoring live" },
  { id: "email-domain-ssl", title: "Email, domain, SSL" },
  { id: "rollback-handover", title: "Rollback path and handover" },
] as const;
export type ChecklistRow = (typeof CHECKLIST_ROWS)[number]["id"];

import type { Finding } from "../core/readiness/findings";

export type { Finding, FindingLocation } from "../core/readiness/findings";

export type RuleOutcome =
  | { readonly kind: "compliant" }
  | { readonly kind: "attested"; readonly note: string }
  | { readonly kind: "not-applicable"; readonly note: string }
  | { readonly kind: "non-compliant"; readonly findings: readonly Finding[] };

/** The environment's config as far as checks need it; absent when no config file was found. */
export interface EnvConfig {
  /** Config file path as printed in findings (relative to the working directory). */
  readonly file: string;
  readonly app: AppConfig;
  /** `app.readiness` with defaults applied. */
  readonly readiness: ReadinessConfig;
}

export interface RepoFile {
  /** Path relative to the repository root, such as runbooks/rollback.md. */
  readonly path: string;
  readonly text: string;
}

/** The files of the repository under check, as check's bounded walk of it found them (GL-SEC-009). */
export interface RepoListing {
  /** Paths relative to the repository root, `/`-separated (`lib/cli/main.ts`), in walk order. */
  readonly paths: readonly string[];
  /** Why the listing is not the whole repository (the walk stopped at its bound, a folder was unreadable); absent when it is. */
  readonly incomplete?: string;
}

/** Everything a rule may look at: pure data, loaded once by the caller. */
export interface RuleContext {
  readonly env: EnvView;
  readonly config?: EnvConfig;
  /** runbooks/*.md of the repository under check. */
  readonly runbooks: readonly RepoFile[];
  /** The folder they were read from, as findings name it (`runbooks`, or check's --runbooks-dir). */
  readonly runbooksFolder?: string;
  /** The CODEOWNERS file GitHub reads in the repository under check (GL-SEC-009); absent when there is none. */
  readonly codeowners?: RepoFile;
  /** The repository's files, for GL-SEC-009 to judge each deploy-critical one; absent when not listed (only the named paths are judged). */
  readonly repoFiles?: RepoListing;
  /** YYYY-MM-DD; injectable so staleness and expiry are testable. */
  readonly today: string;
  /** Ids of every registered rule, for rules about exemptions. */
  readonly knownRuleIds: ReadonlySet<string>;
  /** Who can read secrets and state, when the caller evaluated it (`golive check` does; GL-SEC-007). */
  readonly access?: AccessEvaluation;
}

export interface Rule {
  /** Stable id, such as GL-EDGE-001; exemptions name it. */
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly row: ChecklistRow;
  /** Why it matters for launch. */
  readonly explanation: string;
  /** How to make it pass. */
  readonly fix: string;
  /** `repository` rules read no stack; they give the same result in every environment. @default environment */
  readonly scope?: "environment" | "repository";
  /** false: no exemption can hide it (the rules about exemptions themselves, and GL-SEC-007: who can read secrets and state); a config exempting it is refused (nonExemptableIssues). */
  readonly exemptable?: boolean;
  check(ctx: RuleContext): RuleOutcome;
}

export const COMPLIANT: RuleOutcome = { kind: "compliant" };

export function notApplicable(note: string): RuleOutcome {
  return { kind: "not-applicable", note };
}

/** Non-compliant when there are findings, else compliant. */
export function outcome(findings: readonly Finding[]): RuleOutcome {
  return findings.length > 0 ? { kind: "non-compliant", findings } : COMPLIANT;
}

/**
 * An exemption of a rule that cannot be exempted would be silently ignored, and whoever wrote it would
 * believe the rule covered: one issue per such exemption, naming its `rule` field, all at once. Run by
 * the config validation (synth, and every command that loads a config) and again by the check engine
 * for configs handed to it in-process.
 */
export function nonExemptableIssues(readiness: Pick<ReadinessConfig, "exemptions">, rules: readonly Rule[]): ConfigIssue[] {
  const notExemptable = rules
    .filter((r) => r.exemptable === false)
    .map((r) => r.id)
    .sort();
  return readiness.exemptions.flatMap((e, i) =>
    notExemptable.includes(e.rule)
      ? [
          {
            path: ["readiness", "exemptions", i, "rule"],
            message: `${e.rule} cannot be exempted; fix what it reports and remove this exemption (rules that cannot be exempted: ${notExemptable.join(", ")})`,
          },
        ]
      : [],
  );
}
