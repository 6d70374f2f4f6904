import { type AlarmReading, type AlarmSource, alarmsResult } from "../../features/release/analysis";
import { errorLine } from "../../features/release/alarm-read-failure";
import type { Colour } from "../../features/release/schema";
import type { Preflight } from "./watch-preflight";

const NOTHING_CHANGED = "so nothing changed (no weight moved, no pool changed, config untouched)";
const NO_ALARMS =
  "run with --no-alarms: the steps are then judged without them (the report lists them as not checked), and you watch them yourself";

/**
 * The alarms read once, the same call each step makes, before any weight moves. Alarms that cannot be
 * read (no credentials, no permission) would fail the first step only after it gave the candidate
 * traffic, and roll a healthy build back. Alarms in ALARM or INSUFFICIENT_DATA are the whole
 * environment's, not the candidate's: every step would fail on them, so the release does not start, as
 * Argo Rollouts aborts a blue-green promotion whose pre-promotion analysis fails, the active version
 * keeping all traffic (argo-rollouts.readthedocs.io/en/stable/features/bluegreen/, prePromotionAnalysis),
 * and Flagger routes no traffic to a canary whose pre-rollout check fails (docs.flagger.app/usage/webhooks).
 * No alarm matching at all means nothing watches the environment (monitoring not deployed, or a wrong
 * name): "none firing" would then be silence, not health.
 */
export async function preflightAlarms(
  alarms: AlarmSource,
  context: { readonly colour: Colour; readonly percent: number },
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
  const result = alarmsResult(alarms.name, reading, 0);
  const passed = result.status === "passed";
  const json = { passed, source: alarms.name, matched: reading.matched, firing: reading.firing };
  const lines = [`    ${result.detail}`];
  if (passed) return { passed, lines, json };
  if (reading.matched === 0)
    return {
      passed,
      lines,
      message:
        `pre-flight: ${result.detail} ${at}, ${NOTHING_CHANGED}: the monitoring is not deployed or its alarms carry another name` +
        `${alarms.missingHint ? ` (${alarms.missingHint})` : ""}; or ${NO_ALARMS}`,
      json,
    };
  return {
    passed,
    lines,
    message:
      `pre-flight: ${result.detail} ${at}, ${NOTHING_CHANGED}: these alarms watch the whole environment (INSUFFICIENT_DATA pages as ALARM does: ` +
      "an alarm that cannot evaluate), so every step would fail on them and roll the candidate back for a fault that is not its own; " +
      "the release does not start on an unhealthy environment. " +
      `Clear them (or wait for OK) and run this again; to release the fix for what they report, ${NO_ALARMS}`,
    json,
  };
}
