import { hasEdge, NO_EDGE } from "../resources";
import { envFinding, resourceFinding } from "../../../core/readiness/model";
import { outcome, type Rule } from "../../../platform/readiness";

export const dnssec: Rule = {
  id: "GL-EDGE-004",
  title: "DNSSEC is active on the zone",
  severity: "blocker",
  row: "email-domain-ssl",
  explanation:
    "Without DNSSEC a resolver can be fed forged answers for the app, the MX or the DKIM keys; CAA and MTA-STS also rely on trustworthy DNS.",
  fix: 'Declare cloudflare_zone_dnssec with status = "active" (the edge stack does), then add the DS record at the registrar.',
  check({ env }) {
    if (!hasEdge(env)) return NO_EDGE;
    const dnssec = env.ofType("cloudflare_zone_dnssec");
    if (dnssec.length === 0) return outcome([envFinding(env, "no cloudflare_zone_dnssec is declared", "edge")]);
    return outcome(
      dnssec
        .filter((r) => r.attrs.status !== "active")
        .map((r) => resourceFinding(r, `status is ${JSON.stringify(r.attrs.status)}, must be "active"`)),
    );
  },
};
