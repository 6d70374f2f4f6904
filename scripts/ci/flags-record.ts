import { createHash } from "node:crypto";
import { isRecord, str } from "../../lib/core/json";

/**
 * The risk flags of a reviewed commit, as pr-review.yml signs them next to the plan digest (a line of
 * the review comment GitHub does not show). review.yml reads them back at deploy time: a signed record
 * with flags makes the deploy check, through GitHub's API, that a reviewer approved that commit.
 */
export const FLAGS_LINE = "<!-- golive:plan-flags ";

export interface FlagsRecord {
  /** The format of this line. */
  readonly v: 1;
  /** No step of the review failed and every stack was planned. */
  readonly complete: boolean;
  /**
   * What made the review incomplete: its failed steps, then `plan of <stack>` for each stack not planned
   * or whose plan errored (absent when complete, and in records signed before it was recorded).
   */
  readonly failed?: readonly string[];
  /** How many flags the plans raised. */
  readonly count: number;
  /** sha256 over every flag (stack, rule, address, detail), sorted: the exact flag set reviewed. */
  readonly sha256: string;
  /** Per stack, per rule id, how many. */
  readonly stacks: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/** Stack names and rule ids as golive writes them; anything else is counted under "?" (it goes into an HTML comment). */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const safe = (name: string | undefined): string => (name !== undefined && NAME.test(name) ? name : "?");
/** Failed steps are named as plan-report names them; bounded, so the line stays small. */
const MAX_FAILED = 20;
const MAX_STEP_LENGTH = 120;
const stepName = (step: string): string => (step.length > MAX_STEP_LENGTH ? `${step.slice(0, MAX_STEP_LENGTH - 1)}…` : step);

/** The failed steps and the stacks not planned, as the record names them (at most MAX_FAILED, then `+N more`). */
function failedOf(failedSteps: readonly string[], report: Record<string, unknown>, errored: readonly string[]): string[] {
  const failures = Array.isArray(report.failures) ? report.failures : [];
  const notPlanned = failures.map((f) => `plan of ${safe(isRecord(f) ? str(f.stack) : undefined)}`);
  const all = [...new Set([...failedSteps.map((s) => stepName(s.trim())), ...notPlanned, ...errored.map((s) => `plan of ${s}`)])];
  return all.length > MAX_FAILED ? [...all.slice(0, MAX_FAILED - 1), `+${all.length - MAX_FAILED + 1} more`] : all;
}

/**
 * The flags record of `golive plan-report --json` output; undefined when it is no report (then nothing
 * is signed). `failedSteps`: the review's failed steps (the record is incomplete when there is any).
 */
export function flagsRecordOf(reportText: string, failedSteps: readonly string[]): FlagsRecord | undefined {
  let report: unknown;
  try {
    report = JSON.parse(reportText);
  } catch {
    return undefined;
  }
  if (!isRecord(report) || !Array.isArray(report.stacks) || !Array.isArray(report.failures)) return undefined;
  const flags: [string, string, string, string][] = [];
  const stacks: Record<string, Record<string, number>> = {};
  const errored: string[] = [];
  for (const s of report.stacks) {
    if (!isRecord(s) || !Array.isArray(s.risks)) return undefined;
    const stack = safe(str(s.stack));
    if (s.errored === true) errored.push(stack);
    for (const r of s.risks) {
      if (!isRecord(r)) return undefined;
      const rule = safe(str(r.rule));
      flags.push([stack, rule, str(r.address) ?? "", str(r.detail) ?? ""]);
      const perRule = stacks[stack] ?? {};
      perRule[rule] = (perRule[rule] ?? 0) + 1;
      stacks[stack] = perRule;
    }
  }
  if (report.riskCount !== flags.length) return undefined;
  const sorted = flags.map((f) => JSON.stringify(f)).sort();
  const failed = failedOf(failedSteps, report, errored);
  return {
    v: 1,
    complete: failed.length === 0,
    ...(failed.length > 0 ? { failed } : {}),
    count: flags.length,
    sha256: createHash("sha256").update(sorted.join("\n")).digest("hex"),
    stacks,
  };
}

/** The record as its comment line; `<` and `>` escaped so nothing in it can close the HTML comment. */
export function flagsLine(record: FlagsRecord): string {
  return `${FLAGS_LINE}${JSON.stringify(record).replace(/</g, "\\u003c").replace(/>/g, "\\u003e")} -->`;
}

const counts = (v: unknown): v is Record<string, number> =>
  isRecord(v) && Object.values(v).every((n) => typeof n === "number" && Number.isInteger(n) && n > 0);

/** A flags record read back (from a flags line or the file verify writes), or undefined when it is none. */
export function flagsRecordFrom(data: unknown): FlagsRecord | undefined {
  if (!isRecord(data) || data.v !== 1 || typeof data.complete !== "boolean" || typeof data.count !== "number") return undefined;
  const { stacks, sha256 } = data;
  if (typeof sha256 !== "string" || !/^[0-9a-f]{64}$/.test(sha256) || !isRecord(stacks) || !Object.values(stacks).every(counts))
    return undefined;
  const perStack: Record<string, Record<string, number>> = {};
  for (const [stack, rules] of Object.entries(stacks)) if (counts(rules)) perStack[stack] = { ...rules };
  const total = Object.values(perStack).reduce((n, rules) => n + Object.values(rules).reduce((a, b) => a + b, 0), 0);
  if (total !== data.count) return undefined;
  const { failed } = data;
  if (failed !== undefined && !(Array.isArray(failed) && failed.every((f) => typeof f === "string"))) return undefined;
  return { v: 1, complete: data.complete, ...(failed ? { failed: [...failed] } : {}), count: data.count, sha256, stacks: perStack };
}

/** The record of a flags line, or undefined when the line is none or malformed. */
export function parseFlagsLine(line: string | undefined): FlagsRecord | undefined {
  if (line === undefined || !line.startsWith(FLAGS_LINE) || !line.endsWith(" -->")) return undefined;
  try {
    return flagsRecordFrom(JSON.parse(line.slice(FLAGS_LINE.length, -" -->".length)));
  } catch {
    return undefined;
  }
}

/** A rule and how many flags it raised: `iam-trust-widened ×2`, or the rule alone for one. */
export function ruleTimes(rule: string, n: number): string {
  return n > 1 ? `${rule} ×${n}` : rule;
}

/** `secrets-production: iam-trust-widened ×2, kms-principal-added; email-production: dmarc-weakened`. */
export function flagsSummary(record: FlagsRecord): string {
  return Object.entries(record.stacks)
    .map(
      ([stack, rules]) =>
        `${stack}: ${Object.entries(rules)
          .map(([rule, n]) => ruleTimes(rule, n))
          .join(", ")}`,
    )
    .join("; ");
}
