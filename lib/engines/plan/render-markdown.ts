import { clip } from "../../core/clip";
import { cell, code, fenced, plain } from "./markdown-text";
import type { PlanReport } from "./report";
import type { RiskFlag } from "./risks";
import { codeBlockLines } from "./code-block";
import { RENAME_RULE, renameSuggestion } from "./renames";
import { FULL, type RenderOptions } from "./render-options";
import { append, capped, joinLines } from "./markdown-blocks";
import { COUNT_COLUMNS, stackSection } from "./stack-section";

/** First line of every comment: the PR workflow finds its previous comment by it and edits it in place. */
export const COMMENT_MARKER = "<!-- golive:plan-report -->";

export { code, plain } from "./markdown-text";

function riskLine(r: RiskFlag & { stack: string }): string {
  const where = r.constructPath ? `${code(r.address)} · ${code(r.constructPath)}` : code(r.address);
  // A rename's moved block is code to paste: a fenced block under the item, never inline text.
  const { sentence, movedBlock } = r.rule === RENAME_RULE.id ? renameSuggestion(r.detail) : { sentence: r.detail, movedBlock: [] };
  const line = `- **${plain(r.title)}** · ${code(r.stack)} · ${where}: ${plain(sentence)}`;
  return movedBlock.length === 0 ? line : [line, ...codeBlockLines(movedBlock, "hcl", "  ")].join("\n");
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
  return joinLines(markdownLines(report, opts));
}

/** The lines renderMarkdown joins: the size limiter measures them first (joinedLength) and joins only what fits. */
export function markdownLines(report: PlanReport, opts: RenderOptions = FULL): string[] {
  const lines: string[] = [COMMENT_MARKER, "## golive plan review", "", ...provenanceLines(report.provenance)];
  const partial = report.stacks.filter((s) => s.partial);
  if (partial.length > 0)
    // One line, before the table: a partial plan reviewed as whole would pass what it left out.
    lines.push(
      `> ⚠️ **Partial plan: Terraform planned only part of ${partial.map((s) => code(s.stack)).join(", ")} (complete: false); ${partial.reduce((n, s) => n + s.deferred.length, 0)} deferred change(s) are not reviewed here.** Plan again once they can be planned.`,
      "",
    );
  if (opts.summaryNote) lines.push(`> ${opts.summaryNote}`, "");
  if (report.stacks.length === 0 && report.failures.length === 0) {
    // A failed step before any plan: an empty table over "No risk flags." would read as a clean review.
    lines.push("**No plan was reviewed:** no stack's plan reached this report, so nothing here says its changes are safe.");
    return lines;
  }
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
    for (const f of report.failures) {
      const shown = opts.maxFailureChars === undefined ? f.message : clip(f.message, opts.maxFailureChars);
      const rest = f.message.length - shown.length;
      lines.push(
        `- ${code(f.stack)} failed at ${code(f.step)}:`,
        "",
        "  ```text",
        ...shown.split("\n").map((l) => `  ${fenced(l).replace(/`/g, "'")}`),
        "  ```",
        ...(rest > 0 ? ["", `  … ${rest.toLocaleString("en-US")} more characters of this message in the full report.`] : []),
        "",
      );
    }
  }
  const risks = risksOf(report);
  // Appended in a loop: a spread of 250,000 flags into push() overflowed the stack.
  if (risks.length > 0)
    append(
      lines,
      [`### 🚨 Risk flags (${risks.length})`, ""],
      capped(risks, opts.maxRisks ?? opts.maxAtRisk ?? Math.max(opts.maxItems, 20), riskLine),
      [""],
    );
  else lines.push("No risk flags.", "");
  for (const s of report.stacks) append(lines, stackSection(s, opts));
  return lines;
}
