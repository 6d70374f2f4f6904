import { createHash } from "node:crypto";
import { clip } from "../../lib/core/clip";
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
  /**
   * Per stack reviewed as a configuration diff (edge-*, monitoring-*: the report's `configDiff`), per rule
   * id, each flag's key (flagKeyOf), so the deploy holds its real plan's flags to these one by one
   * (applied-plan-gate.ts), not by count. Absent for a stack whose keys did not fit MAX_KEYS_CHARS, and in
   * records signed before golive wrote them: the deploy then matches none of that stack's flags.
   */
  readonly keys?: Readonly<Record<string, StackKeys>>;
}

/** A stack's flag keys: per rule id, one key (flagKeyOf) per flag. */
export type StackKeys = Readonly<Record<string, readonly string[]>>;

/**
 * Characters the keys may take in the line (about 220 flags): a comment holds at most 65,536, and the
 * text above the digest line is cut to make room. Beyond it the stacks with most flags lose their keys.
 */
export const MAX_KEYS_CHARS = 8_000;

const hash16 = (part: string, text: string): string =>
  createHash("sha256").update(`golive-plan-flag-${part}\n${text}`).digest("hex").slice(0, 16);

/**
 * A template sequence (`${aws_sns_topic.alerts.arn}`): a configuration diff shows the value as written,
 * the real plan as Terraform evaluated it, so such a detail cannot read the same in both.
 */
const TEMPLATE = /[$%]\{/;

/** What a flag key's detail part is when the reviewed detail holds a template: any detail, at that address. */
export const ANY_DETAIL = "*";

/** The address part of a flag key: 16 hex digits of sha256 over the address. */
export function addressPartOf(address: string): string {
  return hash16("address", address);
}

/**
 * A flag's key within its stack and rule: its address part, a dot, and 16 hex digits of sha256 over its
 * detail, or, for a flag the review raised (`reviewed`) whose detail holds a template sequence, ANY_DETAIL.
 */
export function flagKeyOf(address: string, detail: string, reviewed = false): string {
  return `${addressPartOf(address)}.${reviewed && TEMPLATE.test(detail) ? ANY_DETAIL : hash16("detail", detail)}`;
}

const KEY = /^[0-9a-f]{16}\.(?:[0-9a-f]{16}|\*)$/;

/** Stack names and rule ids as golive writes them; anything else is counted under "?" (it goes into an HTML comment). */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const safe = (name: string | undefined): string => (name !== undefined && NAME.test(name) ? name : "?");
/** Failed steps are named as plan-report names them; bounded, so the line stays small. */
const MAX_FAILED = 20;
const MAX_STEP_LENGTH = 120;
const stepName = (step: string): string => clip(step, MAX_STEP_LENGTH);

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
  const keys: Record<string, Record<string, string[]>> = {};
  const errored: string[] = [];
  for (const s of report.stacks) {
    if (!isRecord(s) || !Array.isArray(s.risks)) return undefined;
    const stack = safe(str(s.stack));
    if (s.errored === true) errored.push(stack);
    for (const r of s.risks) {
      if (!isRecord(r)) return undefined;
      const rule = safe(str(r.rule));
      const [address, detail] = [str(r.address) ?? "", str(r.detail) ?? ""];
      flags.push([stack, rule, address, detail]);
      const perRule = stacks[stack] ?? {};
      perRule[rule] = (perRule[rule] ?? 0) + 1;
      stacks[stack] = perRule;
      if (s.configDiff === undefined) continue;
      const keyed = keys[stack] ?? {};
      keyed[rule] = [...(keyed[rule] ?? []), flagKeyOf(address, detail, true)];
      keys[stack] = keyed;
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
    ...withinBudget(keys),
  };
}

/** The keys, sorted, without those of the stacks with most flags while they take more than MAX_KEYS_CHARS; `{}` when none is left. */
function withinBudget(keys: Record<string, Record<string, string[]>>): { keys?: Record<string, Record<string, string[]>> } {
  const kept: Record<string, Record<string, string[]>> = {};
  for (const [stack, rules] of Object.entries(keys))
    kept[stack] = Object.fromEntries(Object.entries(rules).map(([rule, list]) => [rule, [...list].sort()]));
  const size = (rules: Record<string, string[]>): number => Object.values(rules).reduce((n, list) => n + list.length, 0);
  const largest = Object.keys(kept).sort((a, b) => size(keys[b] ?? {}) - size(keys[a] ?? {}));
  for (const stack of largest) {
    if (JSON.stringify(kept).length <= MAX_KEYS_CHARS) break;
    delete kept[stack];
  }
  return Object.keys(kept).length > 0 ? { keys: kept } : {};
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
  const keys = keysFrom(data.keys, perStack);
  if (keys === null) return undefined;
  return {
    v: 1,
    complete: data.complete,
    ...(failed ? { failed: [...failed] } : {}),
    count: data.count,
    sha256,
    stacks: perStack,
    ...(keys ? { keys } : {}),
  };
}

/**
 * The keys of a record read back: undefined when it has none, null when they are malformed or do not
 * name exactly the flags its counts say (per stack they name, per rule as many).
 */
function keysFrom(
  data: unknown,
  counted: Record<string, Record<string, number>>,
): Record<string, Record<string, string[]>> | undefined | null {
  if (data === undefined) return undefined;
  if (!isRecord(data)) return null;
  const keys: Record<string, Record<string, string[]>> = {};
  for (const [stack, rules] of Object.entries(data)) {
    const counts = Object.hasOwn(counted, stack) ? counted[stack] : undefined;
    if (counts === undefined || !isRecord(rules) || Object.keys(rules).length !== Object.keys(counts).length) return null;
    const perRule: Record<string, string[]> = {};
    for (const [rule, list] of Object.entries(rules)) {
      const n = Object.hasOwn(counts, rule) ? counts[rule] : undefined;
      if (!Array.isArray(list) || list.length !== n || !list.every((k) => typeof k === "string" && KEY.test(k))) return null;
      perRule[rule] = [...list];
    }
    keys[stack] = perRule;
  }
  return keys;
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
