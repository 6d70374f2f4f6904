import { pathToFileURL } from "node:url";
import type { CheckReport } from "./engine";
import { RULES } from "./rules";
import { groupedFindings } from "./scorecard";
import type { FindingLocation, Rule } from "../../platform/readiness";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/** Line of a location in its file, when the caller can read it (1-based). */
export type LineOf = (location: FindingLocation) => number | undefined;

/**
 * Relative paths stay relative (GitHub resolves them against the checkout); absolute ones become file: URIs.
 * SARIF's artifactLocation.uri is an RFC 3986 uri-reference, so each segment is percent-encoded: a folder
 * "my cfg" is not a valid URI, and in "cfg dir#1/x.yaml" the "#1/x.yaml" would be a fragment.
 */
export function artifactUri(file: string): string {
  const path = file.replace(/\\/g, "/");
  if (path.startsWith("/")) return pathToFileURL(path).href;
  return path.split("/").map(encodeURIComponent).join("/");
}

function ruleDescriptor(rule: Rule): unknown {
  return {
    id: rule.id,
    name: rule.id.replace(/-/g, ""),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.explanation },
    help: { text: `${rule.explanation}\nFix: ${rule.fix}`, markdown: `${rule.explanation}\n\n**Fix:** ${rule.fix}` },
    defaultConfiguration: { level: rule.severity === "blocker" ? "error" : "warning" },
    properties: { checklistRow: rule.row, tags: ["golive", rule.row] },
  };
}

/** A date (2026-01-31), with a time when one follows: changes from run to run ("today", an expiry renewed). */
const DATE = /\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b/g;
/**
 * A number standing alone (a count, an age: "120 days", "3 of its 9 file(s)"). A number inside a name is
 * kept: a rule id (GL-EDGE-004), an index (policies[1]), an address or version (203.0.113.10, v2).
 */
const COUNT = /(?<![\w\-[.:/@#%])(?<!\bport )\d+(?:\.\d+)?(?![\w\-\]:/@]|\.\d)/g;
/**
 * A duration written with its unit (12d, 3h, 300s, 250ms): it moves as a count does. A port is neither
 * (COUNT keeps the number after "port "): two findings that differ by port stay two.
 */
const DURATION = /(?<![\w\-[.:/@#%])\d+(?:\.\d+)?(ms|s|m|h|d)\b/g;

/**
 * A finding's identity for code scanning across runs (SARIF partialFingerprints: "contribute to the stable,
 * unique identity of the result"; GitHub merges results with equal ones). Dates, durations and counts are masked so a
 * message that counts (an attestation "120 days old") keeps its alert instead of closing and reopening
 * every day; identifiers are not, so two findings that differ by a rule id or an index stay two.
 */
export function fingerprint(ruleId: string, where: string, message: string): string {
  return `${ruleId}:${where}:${message.replace(DATE, "#date").replace(DURATION, "#$1").replace(COUNT, "#")}`;
}

/**
 * SARIF 2.1.0 for GitHub code scanning: one run, every rule in the driver, one result per finding
 * (merged across environments). Exempted findings are reported as suppressed, with the reason; skipped
 * rules as disabled in the invocation.
 */
export function toSarif(report: CheckReport, lineOf: LineOf = () => undefined, rules: readonly Rule[] = RULES): unknown {
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const results = groupedFindings(report).map((g) => {
    const loc = g.location;
    const startLine = lineOf(loc) ?? 1;
    const logical = loc.kind === "resource" ? [{ fullyQualifiedName: loc.path, name: loc.address, kind: "resource" }] : undefined;
    return {
      ruleId: g.result.rule.id,
      ...(ruleIndex.has(g.result.rule.id) ? { ruleIndex: ruleIndex.get(g.result.rule.id) } : {}),
      level: g.result.rule.severity === "blocker" ? "error" : "warning",
      message: { text: `[${g.envs.join(", ")}] ${g.message}` },
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: artifactUri(loc.file) }, region: { startLine } },
          ...(logical ? { logicalLocations: logical } : {}),
        },
      ],
      partialFingerprints: {
        goliveFinding: fingerprint(g.result.rule.id, loc.kind === "resource" ? loc.path : artifactUri(loc.file), g.message),
      },
      ...(g.result.status === "exempt" && g.result.exemption
        ? { suppressions: [{ kind: "external", justification: `${g.result.exemption.reason} (until ${g.result.exemption.expires})` }] }
        : {}),
    };
  });
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            // No informationUri: optional in SARIF 2.1.0, and code scanning would link the tool's name to it; golive has no public page.
            name: "golive check",
            version: "0.1.0",
            rules: rules.map(ruleDescriptor),
          },
        },
        // Rules the user chose not to run (--skip-rule), said the SARIF way: switched off in this invocation.
        ...(report.skipped.length > 0
          ? {
              invocations: [
                {
                  executionSuccessful: true,
                  ruleConfigurationOverrides: report.skipped.map((id) => ({
                    descriptor: { id, ...(ruleIndex.has(id) ? { index: ruleIndex.get(id) } : {}) },
                    configuration: { enabled: false },
                  })),
                },
              ],
            }
          : {}),
        results,
        // Who can read secrets and state (runChecksWithAccess): data, not results; GL-SEC-007 reports the findings.
        ...(report.access ? { properties: { whoCanReadSecretsAndState: report.access } } : {}),
      },
    ],
  };
}
