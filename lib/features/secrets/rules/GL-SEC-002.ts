import { indexByReference, resourceFinding } from "../../../core/readiness/model";
import { type Finding, notApplicable, outcome, type Rule } from "../../../platform/readiness";
import { isRecord, str } from "../../../core/readiness/values";

/** Longest rotation cadence that still counts as rotating. */
const MAX_CADENCE_DAYS = 365;

/**
 * Days between rotations from a tag, for secrets rotated by hand: `rotation: 90d`, `rotation: P90D`
 * or `rotation-period-days: "90"` (a number is read as days only when the key says so).
 */
export function cadenceDays(tags: unknown): number | undefined {
  if (!isRecord(tags)) return undefined;
  for (const key in tags) {
    const value = str(tags[key])?.trim() ?? "";
    if (!/rotat/i.test(key)) continue;
    const m = /^(?:P|manual-)?(\d{1,4})\s*(d|days?)$/i.exec(value) ?? (/days/i.test(key) ? /^(\d{1,4})$/.exec(value) : null);
    if (m?.[1]) return Number(m[1]);
  }
  return undefined;
}

export const secretsRotated: Rule = {
  id: "GL-SEC-002",
  title: "Every secret rotates: a rotation schedule or a rotation cadence tag",
  severity: "blocker",
  row: "secrets",
  explanation: "A secret that never rotates stays valid forever after it leaks into a log, a laptop or a former employee's shell history.",
  fix: 'Declare aws_secretsmanager_secret_rotation for the secret, or tag it with its manual cadence (rotation = "90d") and follow runbooks for rotation.',
  check({ env }) {
    const secrets = env.ofType("aws_secretsmanager_secret");
    if (secrets.length === 0) return notApplicable("no Secrets Manager secret in this environment");
    const rotations = indexByReference(env.ofType("aws_secretsmanager_secret_rotation"), (r) => r.attrs.secret_id);
    const findings: Finding[] = [];
    for (const s of secrets) {
      if (rotations.has(s.address)) continue;
      const days = cadenceDays(s.attrs.tags);
      if (days === undefined)
        findings.push(
          resourceFinding(
            s,
            'no aws_secretsmanager_secret_rotation targets this secret and it has no rotation cadence tag (such as rotation = "90d")',
          ),
        );
      else if (days > MAX_CADENCE_DAYS)
        findings.push(resourceFinding(s, `the rotation cadence tag says every ${days} days; allowed: at most ${MAX_CADENCE_DAYS}`));
    }
    return outcome(findings);
  },
};
