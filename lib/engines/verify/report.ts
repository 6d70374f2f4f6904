import type { VerifyReport } from "./run";
import type { CheckStatus } from "../../core/verify/types";
import { redact } from "../../core/redact";

const LABEL: Record<CheckStatus, string> = { pass: "PASS", fail: "FAIL", skip: "SKIP" };

/**
 * `report` with each result's target and detail (which quote what servers answered: a body, a Location,
 * a header) redacted one by one, before the report is formatted or serialised: a pattern never reaches
 * from one finding into the next, and the JSON stays JSON whatever a body holds (redacting the
 * serialised text could take a closing quote with a credential).
 */
export function redactedReport(report: VerifyReport): VerifyReport {
  return { ...report, results: report.results.map((r) => ({ ...r, target: redact(r.target), detail: redact(r.detail) })) };
}

/** Human report: failures first, then passes and unverifiable items, then a one-line verdict. */
export function formatVerifyReport(report: VerifyReport): string {
  const order: CheckStatus[] = ["fail", "pass", "skip"];
  const rows = order.flatMap((status) => report.results.filter((r) => r.status === status));
  const width = Math.max(0, ...rows.map((r) => r.check.length));
  const lines = rows.map((r) => `${LABEL[r.status]}  ${r.check.padEnd(width)}  ${r.target}: ${r.detail}`);
  const count = (s: CheckStatus): number => report.results.filter((r) => r.status === s).length;
  const l = report.latency;
  const verdict = report.ok ? "GO: every live check passed" : `NO-GO: ${count("fail")} check(s) failed`;
  return [
    `golive verify ${report.environment}`,
    "",
    ...lines,
    "",
    l.samples === 0
      ? "latency: not measured (see latency.p95)"
      : `latency: p50 ${l.p50Ms ?? "-"} ms, p95 ${l.p95Ms ?? "-"} ms, max ${l.maxMs ?? "-"} ms over ${l.samples} requests (${l.errors} failed)`,
    `${verdict} (${count("pass")} passed, ${count("fail")} failed, ${count("skip")} unverifiable)`,
    "",
  ].join("\n");
}
