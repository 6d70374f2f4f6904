import type { ChangeKind, ChangeView } from "../../core/plan/changes";
import { DRIFT_ISSUES_URL } from "./drift";
import type { Counts, StackReport } from "./report";
import { code, plain } from "./markdown-text";
import { type Entry, entriesOf } from "./collapse";
import type { ConfigDiffNote } from "./config-diff";
import type { AttributeDetail, RenderOptions } from "./render-options";
import { append, capped, fold } from "./markdown-blocks";
import { attributeBlock, changeLine, groupLine } from "./change-lines";

interface Section {
  readonly kind: ChangeKind;
  readonly heading: string;
  /** Sections with more lines than this fold into <details> (destroys and replaces never fold). */
  readonly foldAfter: number;
}

const SECTIONS: readonly Section[] = [
  { kind: "delete", heading: "🔴 **Destroy**", foldAfter: Number.POSITIVE_INFINITY },
  { kind: "replace", heading: "🔴 **Replace**", foldAfter: Number.POSITIVE_INFINITY },
  { kind: "forget", heading: "🟠 **Forget** (removed from state; the object itself stays)", foldAfter: Number.POSITIVE_INFINITY },
  { kind: "update", heading: "🟡 **Update**", foldAfter: 15 },
  { kind: "create", heading: "🟢 **Create**", foldAfter: 10 },
  { kind: "move", heading: "🔵 **Moved** (renamed in state only)", foldAfter: 10 },
  { kind: "import", heading: "🔵 **Import**", foldAfter: 10 },
  { kind: "read", heading: "🔵 **Read during apply** (data sources: values marked known after apply are not in the plan)", foldAfter: 10 },
];

/** The kinds the summary table counts, each with its column heading. */
export const COUNT_COLUMNS: readonly [ChangeKind, string][] = [
  ["delete", "destroy"],
  ["replace", "replace"],
  ["forget", "forget"],
  ["update", "update"],
  ["create", "create"],
  ["move", "move"],
  ["import", "import"],
];

export function countsText(counts: Counts): string {
  const parts = COUNT_COLUMNS.filter(([k]) => counts[k] > 0).map(([k, label]) => `${counts[k]} to ${label}`);
  // Not a column of the summary table: a read changes nothing by itself, but what it gives is decided at apply.
  if (counts.read > 0) parts.push(`${counts.read} to read during apply`);
  return parts.length ? parts.join(", ") : "no changes";
}

/** A stack whose attribute diffs are kept longest: it has flags, destroys or replacements. */
export function stackAtRisk(s: StackReport): boolean {
  return s.risks.length > 0 || s.counts.delete > 0 || s.counts.replace > 0;
}

/** A change whose attribute diffs go last: flagged, or it destroys what it changes. */
function changeAtRisk(c: ChangeView, flagged: ReadonlySet<string>): boolean {
  return flagged.has(c.address) || c.kind === "delete" || c.kind === "replace" || c.kind === "forget";
}

function keepsAttributes(detail: AttributeDetail, s: StackReport, c: ChangeView, flagged: ReadonlySet<string>): boolean {
  if (detail === "all") return true;
  if (detail === "none") return false;
  return changeAtRisk(c, flagged) || (detail === "stacks-at-risk" && stackAtRisk(s));
}

interface StackParts {
  /** Each section's entries and how many changes they stand for. */
  readonly bySection: ReadonlyMap<ChangeKind, { readonly items: readonly Entry[]; readonly total: number }>;
  /**
   * The entries with attribute diffs a detail level keeps, how many changes they stand for, and how
   * many entries with diffs it leaves out.
   */
  readonly kept: (detail: AttributeDetail) => { readonly entries: readonly Entry[]; readonly count: number; readonly left: number };
}

const PARTS = new WeakMap<StackReport, StackParts>();

/** A stack's entries split once per report: the size limiter renders it a dozen times or more. */
function partsOf(s: StackReport): StackParts {
  const known = PARTS.get(s);
  if (known) return known;
  const { flagged, entries } = entriesOf(s);
  const bySection = new Map<ChangeKind, { items: Entry[]; total: number }>();
  for (const e of entries) {
    const part = bySection.get(e.change.kind) ?? { items: [], total: 0 };
    part.items.push(e);
    part.total += e.group.length;
    bySection.set(e.change.kind, part);
  }
  const withAttributes = entries.filter((e) => e.change.attributes.length > 0);
  const byDetail = new Map<AttributeDetail, { entries: readonly Entry[]; count: number; left: number }>();
  const kept = (detail: AttributeDetail) => {
    let k = byDetail.get(detail);
    if (!k) {
      const chosen = withAttributes.filter((e) => keepsAttributes(detail, s, e.change, flagged));
      const count = chosen.reduce((n, e) => n + e.group.length, 0);
      k = { entries: chosen, count, left: withAttributes.length - chosen.length };
      byDetail.set(detail, k);
    }
    return k;
  };
  const parts = { bySection, kept };
  PARTS.set(s, parts);
  return parts;
}

export function stackSection(s: StackReport, opts: RenderOptions): string[] {
  const out: string[] = [`### ${code(s.stack)}: ${countsText(s.counts)}`, ""];
  if (s.errored) out.push("> ⚠️ **Terraform reported errors while planning this stack: the plan is incomplete.**", "");
  if (s.deferred.length > 0)
    append(
      out,
      [`⏸️ **Deferred by Terraform, not planned** (${s.deferred.length})`, ""],
      capped(s.deferred, opts.maxItems, (d) => `- ${code(d.address)} (${plain(d.action)}${d.reason ? `; ${plain(d.reason)}` : ""})`),
      [""],
    );
  if (s.configDiff) out.push(configDiffNote(s.configDiff), "");
  if (!s.constructPathsKnown && s.changes.length > 0)
    // Where plan-report looked is its --synth-dir: a path here would name the default, not the folder given.
    out.push(
      `_Construct paths unknown: no synthesized stack ${code(s.stack)} was found (plan-report reads them from --synth-dir, default cdktf.out)._`,
      "",
    );
  const { bySection, kept } = partsOf(s);
  const atRisk = opts.maxAtRisk ?? opts.maxItems;
  for (const section of SECTIONS) {
    const { items, total } = bySection.get(section.kind) ?? { items: [], total: 0 };
    if (items.length === 0) continue;
    const lines = capped(items, section.foldAfter === Number.POSITIVE_INFINITY ? atRisk : opts.maxItems, (e) =>
      e.group.length > 1 ? groupLine(e, s.likelyDrift) : changeLine(e.change, s.likelyDrift),
    );
    if (items.length > section.foldAfter) append(out, fold(`${section.heading} (${total})`, lines), [""]);
    else append(out, [`${section.heading} (${total})`, ""], lines, [""]);
  }
  const { entries: keptEntries, count, left } = kept(opts.attributes);
  const block = attributeBlock(keptEntries, count, atRisk, left);
  if (block.length) append(out, block, [""]);
  if (s.outputs.length > 0) {
    out.push(`**Outputs** (${s.outputs.length})`, "");
    append(
      out,
      capped(s.outputs, opts.maxItems, (o) => `- ${code(o.name)} (${o.kind}): ${code(o.before)} → ${code(o.after)}`),
      [""],
    );
  }
  if (s.drift.length > 0) {
    out.push(
      "> ℹ️ **Known Cloudflare provider v5 drift.** These types can show an update on every plan; check that these updates are yours:",
    );
    for (const d of s.drift) {
      const refs = d.issues.map((i) => `[${i}](${DRIFT_ISSUES_URL}/${i.slice(1)})`).join(", ");
      const likely =
        d.likelyDrift.length > 0 ? `, ${d.likelyDrift.length} of them drift-like only (values known after apply, empty vs null)` : "";
      out.push(`> - ${code(d.type)} (${refs}): ${d.updates} update${d.updates === 1 ? "" : "s"}${likely}`);
    }
    out.push("");
  }
  return out;
}

/** What a configuration diff shows and does not: it reads no state. */
function configDiffNote(n: ConfigDiffNote): string {
  const side = !n.base ? " The base has no such stack: everything is new." : !n.head ? " The head has no such stack: everything goes." : "";
  const other = n.otherBlocks.length > 0 ? ` Other blocks changed: ${n.otherBlocks.map(code).join(", ")}.` : "";
  return `> ℹ️ **Configuration diff, not a plan:** the synthesized stack of the base against the head's; no live state, so drift and values known only after apply are not shown, and an update may still be a replacement.${side}${other}`;
}
