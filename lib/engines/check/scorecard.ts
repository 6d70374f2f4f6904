import { blockers, type CheckReport, type ResultStatus, type RuleResult, warnings } from "./engine";
import { CHECKLIST_ROWS, type ChecklistRow, type FindingLocation } from "../../platform/readiness";
import { accessSection } from "./access/render";

/** A scorecard cell: a row's worst result in one environment. `warn` = only warning-level failures. */
export type CellStatus = ResultStatus | "warn";

export interface ScorecardRow {
  readonly row: ChecklistRow;
  readonly title: string;
  readonly cells: Readonly<Record<string, CellStatus>>;
}

/**
 * Worst first: one failing blocker fails the row, whatever else passes. A row with a rule skipped
 * (--skip-rule) and none failing is `skipped`: what was not run cannot pass, nor read as not applicable.
 */
export function cellStatus(results: readonly RuleResult[]): CellStatus {
  if (results.some((r) => r.status === "fail" && r.rule.severity === "blocker")) return "fail";
  if (results.some((r) => r.status === "fail")) return "warn";
  for (const s of ["skipped", "exempt", "attested", "pass"] as const) if (results.some((r) => r.status === s)) return s;
  return "n/a";
}

export function scorecard(report: CheckReport): ScorecardRow[] {
  return CHECKLIST_ROWS.map(({ id, title }) => {
    const cells: Record<string, CellStatus> = {};
    for (const env of report.environments) cells[env] = cellStatus(report.results.filter((r) => r.env === env && r.rule.row === id));
    return { row: id, title, cells };
  });
}

export interface ReportSummary {
  readonly blockers: number;
  readonly warnings: number;
  readonly exempt: number;
  /** No failing blocker in any environment. */
  readonly ready: boolean;
}

export function summarize(report: CheckReport): ReportSummary {
  const b = blockers(report).length;
  return {
    blockers: b,
    warnings: warnings(report).length,
    exempt: report.results.filter((r) => r.status === "exempt").length,
    ready: b === 0,
  };
}

export function describeLocation(loc: FindingLocation): string {
  switch (loc.kind) {
    case "resource":
      return `${loc.address} (${loc.path}) in ${loc.file}`;
    case "stack":
      return `stack ${loc.stack} (${loc.file})`;
    case "config":
      return `${loc.file}: ${loc.path}`;
    case "repo":
      return loc.file;
  }
}

/** Findings of failing and exempted rules, merged across environments when identical. */
export function groupedFindings(report: CheckReport): { result: RuleResult; envs: string[]; message: string; location: FindingLocation }[] {
  const groups = new Map<string, { result: RuleResult; envs: string[]; message: string; location: FindingLocation }>();
  for (const result of report.results) {
    if (result.status !== "fail" && result.status !== "exempt") continue;
    for (const f of result.findings) {
      const key = `${result.rule.id}\u0000${result.status}\u0000${f.message}\u0000${describeLocation(f.location)}`;
      const g = groups.get(key);
      if (g) g.envs.push(result.env);
      else groups.set(key, { result, envs: [result.env], message: f.message, location: f.location });
    }
  }
  const rank = (g: { result: RuleResult }) => (g.result.status === "exempt" ? 2 : g.result.rule.severity === "blocker" ? 0 : 1);
  const order = new Map(report.results.map((r, i) => [r.rule.id, i]));
  const pos = (g: { result: RuleResult }) => order.get(g.result.rule.id) ?? 0;
  return [...groups.values()].sort((a, b) => rank(a) - rank(b) || pos(a) - pos(b));
}

const LABEL: Readonly<Record<CellStatus, string>> = {
  pass: "pass",
  fail: "FAIL",
  warn: "warn",
  attested: "attested",
  exempt: "exempt",
  "n/a": "n/a",
  skipped: "skipped",
};

function pad(cells: readonly string[], widths: readonly number[]): string {
  return cells
    .map((c, i) => c.padEnd(widths[i] ?? 0))
    .join("  ")
    .trimEnd();
}

/** The human report: checklist rows x environments, then every finding with its fix. */
export function renderTable(report: CheckReport): string {
  const rows = scorecard(report);
  const header = ["Checklist row", ...report.environments];
  const body = rows.map((r) => [r.title, ...report.environments.map((e) => LABEL[r.cells[e] ?? "n/a"])]);
  const widths = header.map((_, i) => Math.max(...[header, ...body].map((line) => (line[i] ?? "").length)));
  const lines = [
    `Launch readiness (today ${report.today})`,
    "",
    pad(header, widths),
    pad(
      widths.map((w) => "-".repeat(w)),
      widths,
    ),
    ...body.map((line) => pad(line, widths)),
    "",
    verdictLine(report),
  ];
  if (report.skipped.length > 0) lines.push("", ...skippedLines(report));
  const access = accessSection(report.access ?? []);
  if (access.length > 0) lines.push("", ...access);
  const findings = groupedFindings(report);
  if (findings.length > 0) lines.push("", "Findings:");
  let previous = "";
  for (const g of findings) {
    const head = `${g.result.rule.id}\u0000${g.result.status}`;
    if (head !== previous) {
      const level = g.result.status === "exempt" ? "EXEMPT " : g.result.rule.severity === "blocker" ? "BLOCKER" : "WARNING";
      lines.push("", `${level} ${g.result.rule.id} ${g.result.rule.title}`);
      const x = g.result.exemption;
      if (x && g.result.status === "exempt")
        lines.push(`  exempt until ${x.expires}${x.unscoped ? " (unscoped: every finding of the rule)" : ""}: ${x.reason}`);
      else {
        lines.push(`  fix: ${g.result.rule.fix}`);
        if (x) lines.push(`  ${x.exempted} other finding(s) exempt until ${x.expires}: ${x.reason}`);
      }
      previous = head;
    }
    lines.push(`  - [${g.envs.join(", ")}] ${g.message}`, `    at ${describeLocation(g.location)}`);
  }
  return `${lines.join("\n")}\n`;
}

/** `READY: 0 blocker(s), ...`: the last line of the human formats. */
export function verdictLine(report: CheckReport): string {
  const s = summarize(report);
  const skipped = report.skipped.length > 0 ? `, ${report.skipped.length} rule(s) skipped` : "";
  return `${s.ready ? "READY" : "NOT READY"}: ${s.blockers} blocker(s), ${s.warnings} warning(s), ${s.exempt} exempt${skipped}`;
}

/** The rules not run, one line each: every format lists them, so a skip is never silent. */
export function skippedLines(report: CheckReport): string[] {
  const byId = new Map(report.results.map((r) => [r.rule.id, r.rule]));
  return report.skipped.map((id) => `SKIPPED ${id} ${byId.get(id)?.title ?? ""} (--skip-rule)`.trimEnd());
}

/** Machine report for `--format json`. */
export function toJson(report: CheckReport): unknown {
  return {
    today: report.today,
    environments: report.environments,
    summary: summarize(report),
    skipped: report.skipped,
    scorecard: scorecard(report),
    ...(report.access ? { access: report.access } : {}),
    results: report.results.map((r) => ({
      ruleId: r.rule.id,
      title: r.rule.title,
      severity: r.rule.severity,
      row: r.rule.row,
      env: r.env,
      status: r.status,
      ...(r.note !== undefined ? { note: r.note } : {}),
      ...(r.exemption ? { exemption: r.exemption } : {}),
      findings: r.findings,
    })),
  };
}
