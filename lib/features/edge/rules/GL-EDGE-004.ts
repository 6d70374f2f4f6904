import { cannotTell, hasEdge, NO_EDGE } from "../resources";
import { inEnvZone, offZoneFindings, zoneNotConfigured } from "../zone-scope";
import { envFinding, resourceFinding } from "../../../core/readiness/model";
import { type Finding, outcome, type Rule } from "../../../platform/readiness";
import { literalStr } from "../../../core/readiness/values";

export const dnssec: Rule = {
  id: "GL-EDGE-004",
  title: "DNSSEC is active on the zone",
  severity: "blocker",
  row: "email-domain-ssl",
  explanation:
    "Without DNSSEC a resolver can be fed forged answers for the app, the MX or the DKIM keys; CAA and MTA-STS also rely on trustworthy DNS.",
  fix: 'Declare cloudflare_zone_dnssec with status = "active" (the edge stack does), then add the DS record at the registrar.',
  check({ env, config }) {
    if (!hasEdge(env)) return NO_EDGE;
    const all = env.ofType("cloudflare_zone_dnssec");
    // DNSSEC of another zone signs that zone, not this one (zone-scope.ts).
    const findings: Finding[] = offZoneFindings(env, all);
    const elsewhere = config === undefined ? undefined : zoneNotConfigured(env, config.app.cloudflare.zone);
    if (elsewhere !== undefined) findings.push(envFinding(env, `${elsewhere}: what the stacks declare signs another zone`, "edge"));
    const dnssec = all.filter((r) => inEnvZone(env, r));
    if (dnssec.length === 0) findings.push(envFinding(env, "no cloudflare_zone_dnssec is declared for the zone", "edge"));
    for (const r of dnssec) {
      const status = literalStr(r.attrs.status);
      if (status.kind === "unknown") findings.push(resourceFinding(r, cannotTell("whether DNSSEC is on", "status", status.shown)));
      else if (status.kind === "absent" || status.value !== "active")
        findings.push(resourceFinding(r, `status is ${JSON.stringify(r.attrs.status)}, must be "active"`));
    }
    return outcome(findings);
  },
};
