import type { CheckReport, RuleResult } from "./engine";
import { skippedLines, verdictLine } from "./scorecard";

/** A message made to fit on its line: `--compact` promises one line per rule. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, " ");
}

/** One line per failing rule (merged across environments), then the skipped rules and the verdict. */
export function renderCompact(report: CheckReport): string {
  const lines: string[] = [];
  for (const level of ["blocker", "warning"] as const) {
    const failing = new Map<string, RuleResult[]>();
    for (const r of report.results)
      if (r.status === "fail" && r.rule.severity === level) failing.set(r.rule.id, [...(failing.get(r.rule.id) ?? []), r]);
    for (const [id, results] of failing) {
      const first = results[0] as RuleResult;
      // The same finding in two environments counts once, as the table merges it.
      const messages = [...new Set(results.flatMap((r) => r.findings.map((f) => oneLine(f.message))))];
      const more = messages.length > 1 ? ` (+${messages.length - 1} more)` : "";
      const envs = results.map((r) => r.env).join(", ");
      lines.push(
        `${level === "blocker" ? "BLOCKER" : "WARNING"} ${id} [${envs}] ${first.rule.title}: ${messages[0] ?? first.rule.fix}${more}`,
      );
    }
  }
  lines.push(...skippedLines(report), verdictLine(report));
  return `${lines.join("\n")}\n`;
}
