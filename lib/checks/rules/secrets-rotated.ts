import { resourceFinding } from "../model";
import { notApplicable, outcome, Rule } from "../types";
import { isRecord, mentions, str } from "../values";

/** A tag saying how often a secret without a rotation Lambda is rotated by hand: `rotation: 90d`. */
const CADENCE_KEY = /rotat/i;
const CADENCE_VALUE = /^(\d{1,3}\s*(d|days?)|P\d{1,3}D|manual-\d{1,3}d)$/i;

function cadenceTag(tags: unknown): string | undefined {
  if (!isRecord(tags)) return undefined;
  for (const key in tags) {
    const value = str(tags[key]);
    if (CADENCE_KEY.test(key) && value !== undefined && CADENCE_VALUE.test(value.trim())) return value;
  }
  return undefined;
}

export const secretsRotated: Rule = {
  id: "GL-SEC-002",
  title: "Every secret rotates: a rotation schedule or a rotation cadence tag",
  severity: "blocker",
  row: "secrets",
  explanation: "A secret that never rotates stays valid forever after it leaks into a log, a laptop or a former employee's shell history.",
  fix: "Declare aws_secretsmanager_secret_rotation for the secret, or tag it with its manual cadence (rotation = \"90d\") and follow runbooks for rotation.",
  check({ env }) {
    const secrets = env.ofType("aws_secretsmanager_secret");
    if (secrets.length === 0) return notApplicable("no Secrets Manager secret in this environment");
    const rotations = env.ofType("aws_secretsmanager_secret_rotation");
    return outcome(
      secrets
        .filter((s) => !rotations.some((r) => mentions(r.attrs.secret_id, s.address)))
        .filter((s) => cadenceTag(s.attrs.tags) === undefined)
        .map((s) => resourceFinding(s, "no aws_secretsmanager_secret_rotation targets this secret and it has no rotation cadence tag (such as rotation = \"90d\")")),
    );
  },
};
