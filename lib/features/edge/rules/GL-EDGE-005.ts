import { appHostnames, hasEdge, NO_EDGE, recordName, recordType } from "../resources";
import { inEnvZone, offZoneFindings } from "../zone-scope";
import { envFinding, type EnvView, type SynthResource } from "../../../core/readiness/model";
import { outcome, type Rule } from "../../../platform/readiness";
import { at, literalStr, str } from "../../../core/readiness/values";
import { absoluteName, isInZone } from "../../../core/names";

/** The zone's name: the config's, else the one zone the stacks create; undefined when neither tells. */
function apexOf(env: EnvView, configured: string | undefined): string | undefined {
  if (configured !== undefined) return configured.toLowerCase().replace(/\.$/, "");
  const created = env.ofType("cloudflare_zone").map(recordName);
  return created.length === 1 && created[0] !== "" ? created[0] : undefined;
}

/**
 * Whether a CAA record restricts issuance for the app: a CA looks up CAA at the name it issues for, then
 * at each parent (RFC 8659 §3), so only a record at the zone apex, or without a known apex one at or
 * above every app hostname, is found for all of them. A record at `unused.example.com` restricts nobody.
 * `@` and relative names are the zone's (absoluteName); a name golive cannot read counts for nothing.
 */
function atApex(r: SynthResource, apex: string | undefined, hosts: readonly string[]): boolean {
  const name = literalStr(r.attrs.name);
  if (name.kind !== "value") return false;
  if (apex !== undefined) return absoluteName(name.value, apex) === apex;
  const n = recordName(r);
  return hosts.length > 0 && hosts.every((h) => isInZone(h, n));
}

export const caa: Rule = {
  id: "GL-EDGE-005",
  title: "CAA records restrict issuers and name an iodef contact",
  severity: "blocker",
  row: "email-domain-ssl",
  explanation:
    "CAA limits which certificate authorities may issue for the domain; iodef tells the CAs whom to warn when someone tries another one.",
  fix: "Set edge.securityContact; the edge stack then declares CAA issue/issuewild records for Cloudflare's CAs and an iodef record at the zone apex.",
  check({ env, config }) {
    if (!hasEdge(env)) return NO_EDGE;
    const caa = env.ofType("cloudflare_dns_record").filter((r) => recordType(r) === "CAA");
    const apex = apexOf(env, config?.app.cloudflare.zone.name);
    const hosts = appHostnames(env).map((h) => h.host);
    // A CAA record of another zone restricts that zone's names (zone-scope.ts).
    const tags = caa
      .filter((r) => inEnvZone(env, r) && atApex(r, apex, hosts))
      .map((r) => str(at(r.attrs.data, "tag")) ?? str(r.attrs.content)?.split(/\s+/)[1] ?? "");
    const where = apex === undefined ? "at or above every app hostname" : `at the zone apex ${apex}`;
    const missing = ["issue", "iodef"].filter((tag) => !tags.includes(tag));
    return outcome([
      ...offZoneFindings(env, caa),
      ...missing.map((tag) => envFinding(env, `no CAA record with tag "${tag}" is declared ${where}`, "edge")),
    ]);
  },
};
