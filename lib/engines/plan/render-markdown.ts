import type { ChangeKind, ChangeView } from "../../core/plan/changes";
import { DRIFT_ISSUES_URL } from "./drift";
import type { Counts, PlanReport, StackReport } from "./report";
import { cell, code, fenced, plain } from "./markdown-text";
import { type Entry, entriesOf } from "./collapse";
import type { RiskFlag } from "./risks";
import { codeBlockLines } from "./code-block";
import { RENAME_RULE, renameSuggestion } from "./renames";
import type { ConfigDiffNote } from "./config-diff";

/** First line of every comment: the PR workflow finds its previous comment by it and edits it in place. */
export const COMMENT_MARKER = "<!-- golive:plan-report -->";

/**
 * Which attribute diffs a rendering keeps, from all to none. Over GitHub's limit they go in order of
 * importance: first those of stacks with no flag and no destroy, then those of the other changes of
 * stacks that have flags or destroys, and last those of flagged, destroyed or replaced changes.
 */
export type AttributeDetail = "all" | "stacks-at-risk" | "changes-at-risk" | "none";

/** How much a rendering shows; the size limiter steps down through these. */
export interface RenderOptions {
  /** Attribute-level changes in folded <details> blocks. */
  readonly attributes: AttributeDetail;
  /** At most this many lines per list of updates, creates, moves, imports, reads and outputs; the rest are counted. */
  readonly maxItems: number;
  /**
   * At most this many destroy, replace and forget lines, and resources in the attribute block: what a
   * reviewer needs most after the flags (limit.ts). Unset: maxItems.
   */
  readonly maxAtRisk?: number;
  /** At most this many risk flags, the last thing cut. Unset: maxAtRisk, or maxItems (at least 20). */
  readonly maxRisks?: number;
  /** Shown at the top when the comment is a summary of a larger report. */
  readonly summaryNote?: string;
}

export const FULL: RenderOptions = { attributes: "all", maxItems: Number.POSITIVE_INFINITY };

export { code, plain } from "./markdown-text";

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

const COUNT_COLUMNS: readonly [ChangeKind, string][] = [
  ["delete", "destroy"],
  ["replace", "replace"],
  ["forget", "forget"],
  ["update", "update"],
  ["create", "create"],
  ["move", "move"],
  ["import", "import"],
];

function name(c: ChangeView): string {
  return c.constructPath ? `${code(c.address)} · ${code(c.constructPath)}` : code(c.address);
}

/** Terraform's action_reason, in a reviewer's words (reasons not listed here add nothing). */
const REASONS: Readonly<Record<string, string>> = {
  replace_because_tainted: "tainted",
  replace_by_request: "-replace requested",
  replace_by_triggers: "replace_triggered_by",
  delete_because_no_resource_config: "no longer in the code",
  delete_because_wrong_repetition: "count/for_each changed",
  delete_because_count_index: "count reduced",
  delete_because_each_key: "for_each key removed",
  delete_because_no_module: "module removed",
  delete_because_no_move_target: "moved block target missing",
};

/**
 * Lines computed once per change: the size limiter renders a report up to eight times. Keyed by the
 * change and, for its list line, by the drift set it was written with.
 */
const LINES = new WeakMap<ChangeView, { drift?: ReadonlySet<string>; line?: string; attributes?: readonly string[] }>();
function linesOf(c: ChangeView): { drift?: ReadonlySet<string>; line?: string; attributes?: readonly string[] } {
  let known = LINES.get(c);
  if (!known) {
    known = {};
    LINES.set(c, known);
  }
  return known;
}

function changeLine(c: ChangeView, drift: ReadonlySet<string>): string {
  const known = linesOf(c);
  if (known.line === undefined || known.drift !== drift) {
    known.line = writeChangeLine(c, drift);
    known.drift = drift;
  }
  return known.line;
}

/** A change's attribute diffs as lines of the attribute block. */
function attributeLines(c: ChangeView): readonly string[] {
  const known = linesOf(c);
  known.attributes ??= c.attributes.map((a) => `    ${fenced(`${a.path}: ${a.before} -> ${a.after}`)}`);
  return known.attributes;
}

function writeChangeLine(c: ChangeView, drift: ReadonlySet<string>): string {
  const notes: string[] = [];
  const reason = c.reason === undefined ? undefined : REASONS[c.reason];
  // Each note escapes what came from the plan; golive's own words and code spans are kept as written.
  if (reason && c.kind !== "forget") notes.push(reason);
  if (c.replaceOrder) notes.push(plain(c.replaceOrder.replace(/-/g, " ")));
  if (c.replacePaths.length > 0) notes.push(`forced by ${c.replacePaths.map(code).join(", ")}`);
  if (c.previousAddress) notes.push(`moved from ${code(c.previousAddress)}`);
  if (c.importing) notes.push("importing");
  if (c.kind === "update")
    notes.push(`${c.attributes.length + c.attributesOmitted} attribute${c.attributes.length + c.attributesOmitted === 1 ? "" : "s"}`);
  if (drift.has(c.address)) notes.push("likely provider drift");
  if (c.kind === "move") return `- ${code(c.previousAddress ?? "")} → ${name(c)}`;
  return `- ${name(c)}${notes.length ? ` (${notes.join("; ")})` : ""}`;
}

/** Appends every list in order; a loop, since spreading 100,000 lines into push() overflows the stack. */
function append(out: string[], ...lists: readonly (readonly string[])[]): void {
  for (const list of lists) for (const line of list) out.push(line);
}

function capped<T>(items: readonly T[], max: number, render: (t: T) => string): string[] {
  const lines = items.slice(0, max).map(render);
  if (items.length > max) lines.push(`- … and ${items.length - max} more`);
  return lines;
}

function fold(summary: string, body: readonly string[]): string[] {
  return ["<details>", `<summary>${summary}</summary>`, "", ...body, "", "</details>"];
}

export function countsText(counts: Counts): string {
  const parts = COUNT_COLUMNS.filter(([k]) => counts[k] > 0).map(([k, label]) => `${counts[k]} to ${label}`);
  // Not a column of the summary table: a read changes nothing by itself, but what it gives is decided at apply.
  if (counts.read > 0) parts.push(`${counts.read} to read during apply`);
  return parts.length ? parts.join(", ") : "no changes";
}

function riskLine(r: RiskFlag & { stack: string }): string {
  const where = r.constructPath ? `${code(r.address)} · ${code(r.constructPath)}` : code(r.address);
  // A rename's moved block is code to paste: a fenced block under the item, never inline text.
  const { sentence, movedBlock } = r.rule === RENAME_RULE.id ? renameSuggestion(r.detail) : { sentence: r.detail, movedBlock: [] };
  const line = `- **${plain(r.title)}** · ${code(r.stack)} · ${where}: ${plain(sentence)}`;
  return movedBlock.length === 0 ? line : [line, ...codeBlockLines(movedBlock, "hcl", "  ")].join("\n");
}

/** Addresses a collapsed line names before "and N more" (the JSON report lists every one). */
const NAMED_IN_GROUP = 3;

function groupLine(e: Entry, drift: ReadonlySet<string>): string {
  const c = e.change;
  const shown = e.group.slice(0, NAMED_IN_GROUP).map((g) => code(g.address));
  const more = e.group.length > NAMED_IN_GROUP ? ` … and ${e.group.length - NAMED_IN_GROUP} more` : "";
  const inline =
    c.attributes.length <= 2 && c.attributesOmitted === 0
      ? `: ${c.attributes.map((a) => code(`${a.path}: ${a.before} -> ${a.after}`)).join(", ")}`
      : ` (${c.attributes.length + c.attributesOmitted} attributes)`;
  const note = drift.has(c.address) ? " (likely provider drift)" : "";
  return `- ${e.group.length} × ${code(c.type)}, the same change${inline}${note}: ${shown.join(", ")}${more}`;
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

/** Terraform's own sign for each kind in its plan text; any other kind with attribute diffs is an edit. */
const SIGNS: Partial<Record<ChangeKind, string>> = { delete: "-", replace: "-/+", create: "+", read: "<=" };

/** `withAttrs`: the kept entries with attribute diffs, standing for `count` changes. */
function attributeBlock(withAttrs: readonly Entry[], count: number, max: number, left: number): string[] {
  if (withAttrs.length === 0)
    return left > 0 ? [`_Attribute changes of ${left} resource${left === 1 ? "" : "s"} left out to fit the comment._`] : [];
  const body: string[] = ["````diff"];
  for (const { change: c, group } of withAttrs.slice(0, max)) {
    const sign = SIGNS[c.kind] ?? "~";
    body.push(
      group.length > 1
        ? `${sign} ${group.length} × ${fenced(c.type)} (the same change; ${fenced(c.address)}, …)`
        : `${sign} ${fenced(c.address)}`,
    );
    for (const line of attributeLines(c)) body.push(line);
    if (c.attributesOmitted > 0) body.push(`    … and ${c.attributesOmitted} more attributes`);
  }
  if (withAttrs.length > max) body.push(`… and ${withAttrs.length - max} more resources`);
  body.push("````");
  const note = left > 0 ? `; ${left} more left out to fit the comment` : "";
  return fold(`Attribute changes (${count} resource${count === 1 ? "" : "s"}${note})`, body);
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

function stackSection(s: StackReport, opts: RenderOptions): string[] {
  const out: string[] = [`### ${code(s.stack)}: ${countsText(s.counts)}`, ""];
  if (s.errored) out.push("> ⚠️ **Terraform reported errors while planning this stack: the plan is incomplete.**", "");
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

/** The commit, run and time the report is of, and any CI step that failed for that commit. */
function provenanceLines(p: PlanReport["provenance"]): string[] {
  if (!p) return [];
  const parts = [
    ...(p.commit ? [`Plans of commit ${code(p.commit)}`] : []),
    ...(p.runUrl ? [`[CI run](${p.runUrl})`] : []),
    ...(p.generatedAt ? [plain(p.generatedAt)] : []),
  ];
  const out = parts.length > 0 ? [parts.join(" · "), ""] : [];
  if (p.failedSteps.length > 0) {
    const steps = p.failedSteps.map(code).join(", ");
    out.push(
      `> ⚠️ **Incomplete review${p.commit ? ` of ${code(p.commit)}` : ""}: ${steps} failed.** Anything below may be missing stacks; see the run.`,
      "",
    );
  }
  return out;
}

const RISKS = new WeakMap<PlanReport, readonly (RiskFlag & { stack: string })[]>();

/** Every stack's flags, each with its stack, once per report. */
function risksOf(report: PlanReport): readonly (RiskFlag & { stack: string })[] {
  let risks = RISKS.get(report);
  if (!risks) {
    risks = report.stacks.flatMap((s) => s.risks.map((r) => ({ ...r, stack: s.stack })));
    RISKS.set(report, risks);
  }
  return risks;
}

/** The PR comment for a report, at the detail `opts` allows. */
export function renderMarkdown(report: PlanReport, opts: RenderOptions = FULL): string {
  const lines: string[] = [COMMENT_MARKER, "## golive plan review", "", ...provenanceLines(report.provenance)];
  if (opts.summaryNote) lines.push(`> ${opts.summaryNote}`, "");
  lines.push(
    `| stack | risk flags | ${COUNT_COLUMNS.map(([, l]) => l).join(" | ")} |`,
    `|---|---|${COUNT_COLUMNS.map(() => "---|").join("")}`,
  );
  for (const s of report.stacks)
    lines.push(
      `| ${cell(s.stack)} | ${s.risks.length ? `**${s.risks.length}**` : "0"} | ${COUNT_COLUMNS.map(([k]) => s.counts[k]).join(" | ")} |`,
    );
  // A stack that could not be planned has a row too: a reviewer reading only the table must not miss it.
  for (const f of report.failures)
    lines.push(`| ${cell(f.stack)} | ❌ **not planned** (failed at ${cell(f.step)}) | ${COUNT_COLUMNS.map(() => "?").join(" | ")} |`);
  lines.push("");
  if (report.failures.length > 0) {
    lines.push(`### ❌ Not planned (${report.failures.length})`, "");
    for (const f of report.failures)
      lines.push(
        `- ${code(f.stack)} failed at ${code(f.step)}:`,
        "",
        "  ```text",
        ...f.message.split("\n").map((l) => `  ${fenced(l).replace(/`/g, "'")}`),
        "  ```",
        "",
      );
  }
  const risks = risksOf(report);
  if (risks.length > 0)
    lines.push(
      `### 🚨 Risk flags (${risks.length})`,
      "",
      ...capped(risks, opts.maxRisks ?? opts.maxAtRisk ?? Math.max(opts.maxItems, 20), riskLine),
      "",
    );
  else lines.push("No risk flags.", "");
  for (const s of report.stacks) append(lines, stackSection(s, opts));
  return `${lines.join("\n").trimEnd()}\n`;
}
