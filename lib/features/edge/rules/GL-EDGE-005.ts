import { hasEdge, NO_EDGE, recordType } from "../resources";
import { inEnvZone, offZoneFindings } from "../zone-scope";
import { envFinding } from "../../../core/readiness/model";
import { outcome, type Rule } from "../../../platform/readiness";
import { at, str } from "../../../core/readiness/values";

export const caa: Rule = {
  id: "GL-EDGE-005",
  title: "CAA records restrict issuers and name an iodef contact",
  severity: "blocker",
  row: "email-domain-ssl",
  explanation:
    "CAA limits which certificate authorities may issue for the domain; iodef tells the CAs whom to warn when someone tries another one.",
  fix: "Set edge.securityContact; the edge stack then declares CAA issue/issuewild records for Cloudflare's CAs and an iodef record.",
  check({ env }) {
    if (!hasEdge(env)) return NO_EDGE;
    const caa = env.ofType("cloudflare_dns_record").filter((r) => recordType(r) === "CAA");
    // A CAA record of another zone restricts that zone's names (zone-scope.ts).
    const tags = caa
      .filter((r) => inEnvZone(env, r))
      .map((r) => str(at(r.attrs.data, "tag")) ?? str(r.attrs.content)?.split(/\s+/)[1] ?? "");
    const missing = ["issue", "iodef"].filter((tag) => !tags.includes(tag));
    return outcome([
      ...offZoneFindings(env, caa),
      ...missing.map((tag) => envFinding(env, `no CAA record with tag "${tag}" is declared`, "edge")),
    ]);
  },
};
