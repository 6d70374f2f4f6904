import type { ChangeView } from "../../../core/plan/changes";
import { bool } from "../../../core/json";
import { afterOf, at, type RiskRule, show, str } from "../../../platform/risks";
import { templateText } from "./template";

const AOP_SETTINGS = "cloudflare_authenticated_origin_pulls_settings";

const UNAUTHENTICATED = "the origin no longer gets Cloudflare's client certificate and cannot refuse requests that skip the edge";

/** Zone settings that are "on" when they protect, and what turning one off does. */
const ON_SETTINGS: Readonly<Record<string, string>> = {
  tls_client_auth: UNAUTHENTICATED,
  always_use_https: "plain-HTTP requests are served instead of redirected to HTTPS",
};

function turnedOff(label: string, before: unknown, after: unknown, isOn: (v: unknown) => boolean, why: string): string[] {
  if (!isOn(before)) return [];
  if (after === null) return [`${label} deleted from the config: no longer enforced; ${why} once anyone turns it off`];
  const template = templateText(after);
  if (template !== undefined) return [`${label} set by the expression ${template}: may turn it off`];
  return isOn(after) || after === undefined ? [] : [`${label} turned off: ${show(before)} -> ${show(after)}: ${why}`];
}

function originProtectionOff(change: ChangeView): string[] {
  const after = afterOf(change);
  if (change.type === AOP_SETTINGS)
    return turnedOff(
      "authenticated origin pulls",
      at(change.before, "enabled"),
      after === null ? null : at(after, "enabled"),
      (v) => bool(v) === true,
      UNAUTHENTICATED,
    );
  const id = str(at(change.before, "setting_id")) ?? str(at(after, "setting_id"));
  const why = id === undefined ? undefined : ON_SETTINGS[id];
  if (id === undefined || why === undefined) return [];
  return turnedOff(id, at(change.before, "value"), after === null ? null : at(after, "value"), (v) => str(v) === "on", why);
}

export const originProtectionTurnedOff: RiskRule = {
  id: "origin-protection-off",
  title: "Authenticated origin pulls or HTTPS redirect turned off",
  explanation:
    "Authenticated origin pulls let the origin refuse requests that did not come through Cloudflare (its WAF and Access); always_use_https redirects plain HTTP that an attacker on the path can read and change.",
  types: [AOP_SETTINGS, "cloudflare_zone_setting"],
  check: originProtectionOff,
};
