import type { AlarmScope } from "../../features/release/alarm-attribution";
import { alarmsResult, missingOwnAlarms } from "../../features/release/alarm-check";
import type { AlarmReading, AlarmSource } from "../../features/release/analysis";
import { errorLine } from "../../features/release/alarm-read-failure";
import type { Colour } from "../../features/release/schema";
import type { Preflight } from "./watch-preflight";

const NOTHING_CHANGED = "so nothing changed (no weight moved, no pool changed, config untouched)";
const NO_ALARMS =
  "run with --no-alarms: the steps are then judged without them (the report lists them as not checked), and you watch them yourself";

/**
 * The alarms read once, the same call each step makes, before any weight moves. Alarms that cannot be
 * read (no credentials, no permission) would fail the first step only after it gave the candidate
 * traffic, and roll a healthy build back. Alarms in ALARM or INSUFFICIENT_DATA that concern the
 * candidate (its origins) or the whole environment (the load-balanced hostname, no colour named) would
 * fail or hold every step, so the release does not start, as
 * Argo Rollouts aborts a blue-green promotion whose pre-promotion analysis fails, the active version
 * keeping all traffic (argo-rollouts.readthedocs.io/en/stable/features/bluegreen/, prePromotionAnalysis),
 * and Flagger routes no traffic to a canary whose pre-rollout check fails (docs.flagger.app/usage/webhooks).
 * No alarm matching at all means nothing watches the environment (monitoring not deployed, or a wrong
 * name): "none firing" would then be silence, not health. The live colour's alarms (it is the rollback
 * target) and other hosts' are reported, not counted, as in every step: they say nothing of the candidate.
 */
export async function preflightAlarms(
  alarms: AlarmSource,
  context: { readonly colour: Colour; readonly percent: number; readonly scope: AlarmScope },
): Promise<Preflight> {
  const at = `before any weight moved (${context.colour} at ${context.percent}%)`;
  let reading: AlarmReading;
  try {
    reading = await alarms.firing();
  } catch (err) {
    const error = errorLine(err);
    return {
      passed: false,
      lines: [`    ${alarms.name} could not be read: ${error}`],
      message: `pre-flight read of ${alarms.name} failed, ${NOTHING_CHANGED}: ${alarms.explain ? alarms.explain(err) : error}; or ${NO_ALARMS}`,
      json: { passed: false, source: alarms.name, error },
    };
  }
  const result = alarmsResult(alarms.name, reading, 0, context.scope);
  const passed = result.status === "passed";
  const json = { passed, source: alarms.name, matched: reading.matched, firing: reading.firing, concerns: result.measured.concerns };
  const lines = [`    ${result.detail}`];
  if (passed) return { passed, lines, json };
  // Both mean the monitoring is not (or no longer) what this config deploys: deploy it, the hint says how.
  if (reading.matched === 0 || missingOwnAlarms(reading, context.scope).length > 0)
    return {
      passed,
      lines,
      message:
        `pre-flight: ${result.detail} ${at}, ${NOTHING_CHANGED}: the monitoring ${reading.matched === 0 ? "is not deployed or its alarms carry another name" : "lacks the candidate's own alarms"}` +
        `${alarms.missingHint ? ` (${alarms.missingHint})` : ""}; or ${NO_ALARMS}`,
      json,
    };
  const why =
    result.status === "failed"
      ? `the candidate ${context.colour} is not healthy before it gets any traffic (INSUFFICIENT_DATA pages as ALARM does: an alarm that cannot evaluate), so its first step would fail and roll it back; fix it`
      : "these alarms watch the whole environment, neither colour alone (INSUFFICIENT_DATA pages as ALARM does: " +
        "an alarm that cannot evaluate), so every step would stop on them for a fault no rollback can be put on; " +
        "the release does not start on an unhealthy environment. Clear them (or wait for OK)";
  return {
    passed,
    lines,
    message: `pre-flight: ${result.detail} ${at}, ${NOTHING_CHANGED}: ${why} and run this again; to release the fix for what they report, ${NO_ALARMS}`,
    json,
  };
}
