import type { Finding, Severity } from "./assess";
import type { AdoptFileState, PreflightResult } from "./run";
import { displayPath } from "../../core/display-path";

const ORDER: readonly Severity[] = ["fix", "adopt", "info", "ok"];

function adoptLine(r: PreflightResult, path: string): string {
  const a = r.adoption;
  const what = a
    ? [
        a.zone.import ? `the zone${a.zone.importSubscription ? " and its subscription" : ""}` : "",
        Object.keys(a.rulesets).length > 0 ? `${Object.keys(a.rulesets).length} ruleset(s)` : "",
        a.records.length > 0 ? `${a.records.length} record(s)` : "",
      ]
        .filter((s) => s !== "")
        .join(", ")
    : "";
  const review = `synth now emits import blocks: check that npx golive plan edge-${r.environment} imports (not creates) them before deploying`;
  const lines: Record<AdoptFileState, string> = {
    absent: "Nothing to adopt.",
    current: `${path} is up to date (${what}); ${review}.`,
    missing: `To adopt: ${what}. Run golive preflight ${r.environment} --write to record them in ${path}.`,
    stale: `${path} is out of date: run golive preflight ${r.environment} --write.`,
    written: `Wrote ${path} (${what}); ${review}.`,
    removed: `Removed ${path}: nothing is left to adopt.`,
    foreign: `${path} is not an adopt file golive wrote: move it away, then run golive preflight ${r.environment} --write.`,
    kept: `${path} kept as it is: the zone is not visible to this token, so nothing shows it stale (see the zone finding).`,
  };
  return lines[r.adoptFile.state];
}

/** The human report: a header, the findings worst first, what the adopt file holds, the verdict. */
export function renderPreflight(r: PreflightResult, cwd: string): string {
  const z = r.zone;
  const path = displayPath(cwd, r.adoptFile.path);
  // Only what differs from the full, unpaused zone golive declares: the zone findings say what to do.
  const setup = `${z.type !== undefined && z.type !== "full" ? `, ${z.type} zone` : ""}${z.paused === true ? ", paused" : ""}`;
  const header = z.exists
    ? `golive preflight ${r.environment}: zone ${z.name} (${z.id ?? "?"}) on ${z.plan ?? "an unknown plan"} (config: ${z.configPlan}), ${z.status ?? "status unknown"}${setup}`
    : `golive preflight ${r.environment}: zone ${z.name} not found`;
  const width = Math.max(...r.findings.map((f) => f.check.length), 4);
  const sorted = [...r.findings].sort((a, b) => ORDER.indexOf(a.severity) - ORDER.indexOf(b.severity));
  const line = (f: Finding) => `  ${f.severity.padEnd(5)}  ${f.check.padEnd(width)}  ${f.subject}: ${f.message}`;
  const fixes = r.blocking.filter((f) => f.severity === "fix").length;
  const adopts = r.blocking.filter((f) => f.severity === "adopt").length;
  const verdict = r.ok
    ? "Result: nothing blocks the first apply."
    : `Result: ${[fixes > 0 ? `${fixes} to fix by hand` : "", adopts > 0 ? `${adopts} to adopt (--write)` : ""].filter((s) => s !== "").join(", ")}.`;
  return [header, ...sorted.map(line), "", adoptLine(r, path), verdict, ""].join("\n");
}
