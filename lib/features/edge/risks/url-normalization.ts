import type { ChangeView } from "../../../core/plan/changes";
import { afterOf, at, type RiskRule, show, str } from "../../../platform/risks";
import { URL_NORMALIZATION_TYPE } from "../url-normalization";

const lower = (value: unknown) => str(value)?.toLowerCase();

function normalizationWeakenings(change: ChangeView): string[] {
  const before = lower(at(change.before, "scope"));
  if (afterOf(change) === null)
    return before === undefined || before === "none"
      ? []
      : [
          `URL normalization settings deleted from the config (scope ${show(at(change.before, "scope"))}): no longer enforced, anyone can turn normalization off in the dashboard and path rules then miss encoded paths`,
        ];
  const after = at(change.after, "scope");
  const out: string[] = [];
  if (lower(after) === "none" && before !== "none")
    out.push(
      `URL normalization turned off: scope ${show(at(change.before, "scope"))} -> "none"; /%61dmin is no longer /admin to path rules and Access`,
    );
  if (lower(at(change.before, "type")) === "cloudflare" && lower(at(change.after, "type")) === "rfc3986")
    out.push('URL normalization type "cloudflare" -> "rfc3986": `//` and `\\` are no longer folded, so //admin is not /admin at the edge');
  return out;
}

export const urlNormalizationLoosened: RiskRule = {
  id: "url-normalization-off",
  title: "URL normalization turned off or removed",
  explanation:
    "WAF rules, rate limits and Access match the path after normalization; turned off (scope none) or no longer declared, encoded or dot-segment paths (/%61dmin, /x/../admin) slip past every path rule.",
  types: [URL_NORMALIZATION_TYPE],
  check: normalizationWeakenings,
};
