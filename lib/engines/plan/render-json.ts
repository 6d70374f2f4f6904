import { markedDrift } from "./drift";
import { GOLIVE_RULES } from "./golive-rules";
import type { PlanReport } from "./report";
import type { ReviewRecord } from "./review-record";
import type { RiskRule } from "./risks";

/**
 * The summary table's rows: every stack the report is of, one that could not be planned too (its
 * failure is in `failures`, with Terraform's message). `incomplete`: Terraform reported errors.
 */
function summary(report: PlanReport): Record<string, unknown>[] {
  return [
    ...report.stacks.map((s) => ({
      stack: s.stack,
      status: s.errored ? "incomplete" : "planned",
      riskFlags: s.risks.length,
      counts: s.counts,
    })),
    ...report.failures.map((f) => ({ stack: f.stack, status: "not planned", failedAt: f.step })),
  ];
}

/**
 * The machine-readable report (`--format json`): the same content as the Markdown, never sensitive
 * values; with the review record, each stack's plan digest and the whole record (`review`).
 */
export function reportJson(report: PlanReport, record?: ReviewRecord, customRules: readonly RiskRule[] = []): Record<string, unknown> {
  return {
    ...(report.provenance ? { provenance: report.provenance } : {}),
    totals: report.totals,
    riskCount: report.riskCount,
    summary: summary(report),
    failures: report.failures,
    stacks: report.stacks.map((s) => ({
      stack: s.stack,
      file: s.file,
      ...(record?.stacks[s.stack] ? { digest: record.stacks[s.stack]?.digest } : {}),
      ...(s.terraformVersion ? { terraformVersion: s.terraformVersion } : {}),
      errored: s.errored,
      partial: s.partial,
      ...(s.deferred.length > 0 ? { deferred: s.deferred } : {}),
      constructPathsKnown: s.constructPathsKnown,
      counts: s.counts,
      risks: s.risks,
      changes: s.changes.map((c) => ({
        address: c.address,
        ...(c.previousAddress ? { previousAddress: c.previousAddress } : {}),
        ...(c.deposed !== undefined ? { deposed: c.deposed } : {}),
        ...(c.constructPath ? { constructPath: c.constructPath } : {}),
        type: c.type,
        action: c.kind,
        ...(c.replaceOrder ? { replaceOrder: c.replaceOrder } : {}),
        ...(c.replacePaths.length ? { replacePaths: c.replacePaths } : {}),
        ...(c.importing ? { importing: true } : {}),
        ...(c.reason ? { reason: c.reason } : {}),
        likelyDrift: markedDrift(s.likelyDrift, c),
        attributes: c.attributes,
        ...(c.attributesOmitted ? { attributesOmitted: c.attributesOmitted } : {}),
      })),
      outputs: s.outputs,
      drift: s.drift,
      ...(s.configDiff ? { configDiff: s.configDiff } : {}),
    })),
    rules: [...GOLIVE_RULES, ...customRules].map((r) => ({
      id: r.id,
      title: r.title,
      explanation: r.explanation,
    })),
    ...(record ? { review: record } : {}),
  };
}
