import type { CheckResult, HttpObservation } from "../../../core/verify/types";
import { fail, noAnswer, pass } from "../../../core/verify/result";

/** A foreign origin no deployment allows. */
export const FOREIGN_ORIGIN = "https://evil.example";

/** A response must neither allow any origin (`*`) nor echo the foreign one back. */
export function evaluateCors(check: "cors.preflight" | "cors.get", obs: HttpObservation): CheckResult {
  const missing = noAnswer(check, obs);
  if (missing) return missing;
  const target = `${obs.method} ${obs.url}`;
  const allow = obs.headers["access-control-allow-origin"]?.trim();
  const credentials = obs.headers["access-control-allow-credentials"]?.trim().toLowerCase() === "true";
  const withCredentials = credentials ? " with Access-Control-Allow-Credentials: true" : "";
  if (allow === "*") return fail(check, target, `Access-Control-Allow-Origin: *${withCredentials} for Origin ${FOREIGN_ORIGIN}`);
  if (allow !== undefined && allow.toLowerCase() === FOREIGN_ORIGIN) {
    return fail(check, target, `the foreign origin ${FOREIGN_ORIGIN} is echoed in Access-Control-Allow-Origin${withCredentials}`);
  }
  return pass(check, target, allow === undefined ? `no CORS grant for ${FOREIGN_ORIGIN} (${obs.status})` : `allows only ${allow}`);
}
