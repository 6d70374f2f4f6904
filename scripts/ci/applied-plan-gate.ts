/**
 * deploy-environment.yml's gate for a stack reviewed as a configuration diff (edge-*, monitoring-*):
 * the risk flags of its real plan, each matched to one the signed review raised on that stack.
 */
import { clip } from "../../lib/core/clip";
import { isRecord, str } from "../../lib/core/json";
import {
  ANY_DETAIL,
  addressPartOf,
  FLAGS_LINE,
  type FlagsRecord,
  flagKeyOf,
  parseFlagsLine,
  ruleTimes,
  type StackKeys,
} from "./flags-record";
import type { GateIo } from "./gate";

/** A flag of the real plan, as `golive plan-report --json` writes it. */
interface RaisedFlag {
  readonly rule: string;
  readonly address: string;
  readonly detail: string;
}

/** How many refused flags the error line names (then `and N more`), and how much of each detail. */
const MAX_NAMED = 5;
const MAX_DETAIL = 160;

/** The signed flags in what the deploy got from review.yml (the digest line, then the flags line); undefined: none. */
function reviewedFlags(reviewed: string | undefined): FlagsRecord | undefined {
  const at = reviewed?.indexOf(FLAGS_LINE) ?? -1;
  if (reviewed === undefined || at === -1) return undefined;
  const end = reviewed.indexOf("\n", at);
  return parseFlagsLine(reviewed.slice(at, end === -1 ? undefined : end).trimEnd());
}

/** The flags `golive plan-report --json` raised on `stack`; undefined when the report holds no complete plan of it. */
function raisedFlags(report: string | undefined, stack: string): RaisedFlag[] | undefined {
  let data: unknown;
  try {
    data = JSON.parse(report ?? "");
  } catch {
    return undefined;
  }
  const entry = isRecord(data) && Array.isArray(data.stacks) ? data.stacks.find((s) => isRecord(s) && s.stack === stack) : undefined;
  if (!isRecord(entry) || entry.errored === true || !Array.isArray(entry.risks)) return undefined;
  return entry.risks.map((risk) => {
    const r = isRecord(risk) ? risk : {};
    return { rule: str(r.rule) ?? "?", address: str(r.address) ?? "", detail: str(r.detail) ?? "" };
  });
}

/** A record's own entry: a rule id such as "constructor" must not read an object's inherited members. */
function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Removes one `key` from `rule`'s keys still unmatched; whether there was one. */
function take(left: Map<string, string[]>, rule: string, key: string): boolean {
  const keys = left.get(rule) ?? [];
  const at = keys.indexOf(key);
  if (at !== -1) keys.splice(at, 1);
  return at !== -1;
}

/** Why a flag of the real plan matched none of the review's: what the review raised instead. */
function whyUnmatched(flag: RaisedFlag, counted: Readonly<Record<string, number>>, keyed: StackKeys | undefined): string {
  const count = own(counted, flag.rule) ?? 0;
  if (count === 0) return "the review raised none of this rule on the stack";
  const keys = own(keyed ?? {}, flag.rule);
  if (keys === undefined)
    return `the review only counts its ${ruleTimes(flag.rule, count)}, signed by an older golive or too many to name one by one: none is matched`;
  const address = addressPartOf(flag.address);
  const there = keys.filter((k) => k.startsWith(`${address}.`));
  if (there.length === 0) return "the review raised it on other resources only";
  return there.includes(flagKeyOf(flag.address, flag.detail)) || there.includes(`${address}.${ANY_DETAIL}`)
    ? "the plan raises it there more often than the review did"
    : "the review raised it there with another detail";
}

/** A refused flag as the error line names it: rule, address and detail quoted (no line break can end the line). */
function named(flag: RaisedFlag, why: string): string {
  return `${flag.rule} on ${JSON.stringify(flag.address)}: ${JSON.stringify(clip(flag.detail, MAX_DETAIL))} (${why})`;
}

/** `waf-loosened ×2, team-ratelimit-change`: the flags per rule, in the order first raised. */
function perRule(flags: readonly RaisedFlag[]): string {
  const counts = new Map<string, number>();
  for (const f of flags) counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
  return [...counts].map(([rule, n]) => ruleTimes(rule, n)).join(", ");
}

/**
 * deploy-environment.yml, for a stack reviewed as a configuration diff (edge-*, monitoring-*), after its
 * configuration matched the signed review's: each flag of its real plan, made against what is live, must
 * match a flag that review raised on that stack (review.yml's gate let them through only with an
 * approval), by rule, address and detail (a reviewed detail holding a template, which only the plan
 * evaluates, by rule and address), each reviewed flag matched once. The configuration digest proves the
 * merged code is what the review diffed; it does not prove the diff is all the plan does: a change merged
 * before without its flags accepted is already on the default branch (no later diff shows it), and so is
 * anything changed live. Counting per rule would let such a flag through in place of a reviewed one the
 * live state already has (a DKIM selector deleted unreviewed, while the review deleted another one).
 * 0 with one line; 1 with one `::error::` line naming the stack, the flags and what to do.
 */
export function appliedPlanGate(
  stack: string,
  commit: string,
  reviewed: string | undefined,
  report: string | undefined,
  io: GateIo,
): 0 | 1 {
  const raised = raisedFlags(report, stack);
  const notApplied = `${stack} and the stacks after it are not applied`;
  if (raised === undefined) {
    io.stdout(
      `::error::${stack}: the risk flags of its plan could not be read (golive plan-report wrote no report of it): ${notApplied}\n`,
    );
    return 1;
  }
  if (raised.length === 0) {
    io.stdout(`${stack}: its plan raises no risk flag\n`);
    return 0;
  }
  const signed = reviewedFlags(reviewed);
  const keyed = own(signed?.keys, stack);
  const left = new Map(Object.entries(keyed ?? {}).map(([rule, keys]) => [rule, [...keys]]));
  // Exact matches first, so a flag matched only by its address never takes the place of one matched whole.
  const inexact = raised.filter((f) => !take(left, f.rule, flagKeyOf(f.address, f.detail)));
  const unmatched = inexact.filter((f) => !take(left, f.rule, `${addressPartOf(f.address)}.${ANY_DETAIL}`));
  const review = `the signed review of ${commit ? commit.slice(0, 12) : "the merged pull request"}`;
  if (unmatched.length === 0) {
    io.stdout(
      `${stack}: its plan's risk flags (${perRule(raised)}) are ones ${review} raised, accepted (each matched by rule, address and detail)\n`,
    );
    return 0;
  }
  const counted = own(signed?.stacks, stack) ?? {};
  const more = unmatched.length > MAX_NAMED ? `, and ${unmatched.length - MAX_NAMED} more` : "";
  const refused = `${unmatched
    .slice(0, MAX_NAMED)
    .map((f) => named(f, whyUnmatched(f, counted, keyed)))
    .join(", ")}${more}`;
  io.stdout(
    `::error::${stack}: its plan raises risk flags ${review} did not accept for it: ${refused}; its configuration is the reviewed one, so they come from what is live: a change merged before without its flags accepted, or a setting changed by hand; ${notApplied}. Have them reviewed: open a pull request whose review shows the change (revert it, then propose it again) and merge it once its flags are accepted (the deploy of the commit that made the change is not re-run: only main's newest commit is deployed)\n`,
  );
  return 1;
}
