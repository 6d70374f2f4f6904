import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import type { AppConfig } from "../../config/schema";
import { desiredAccess } from "./access";
import { desiredEdgeRecords } from "./dns-records";
import { desiredCertificatePack } from "./certificate-coverage";
import { desiredRedirects, redirectRules } from "./redirects";
import { rateLimitRules } from "./rate-limits";
import { configSettingRules } from "./config-settings";
import { securityHeaderRules } from "./security-headers";
import { customWafRules, managedWafRules } from "./waf";
import { desiredZoneSettings } from "./zone-settings";
import { desiredUrlNormalization } from "./url-normalization";
import { DnsRecords } from "./constructs/dns-records";
import { AdvancedCertificate } from "./constructs/certificate-pack";
import { EdgeAccess } from "./constructs/edge-access";
import { EdgeZone } from "./constructs/edge-zone";
import { OriginPulls } from "./constructs/origin-pulls";
import { PhaseRuleset } from "./constructs/phase-ruleset";
import { ZoneSettings } from "./constructs/zone-settings";
import { UrlNormalization } from "./constructs/url-normalization";
import { adoptExisting } from "./constructs/adopt-existing";
import { adoptionOf } from "./adoption";
import { GoliveStack } from "../../platform/stack";
import { namePrefix } from "../../core/names";

/** Cloudflare edge of one environment: zone hardening, DNS, redirects, WAF, rate limits, headers, Access. */
export class EdgeStack extends GoliveStack {
  readonly zone: EdgeZone;
  readonly access: EdgeAccess;

  constructor(scope: Construct, cfg: AppConfig) {
    super(scope, "edge", cfg);
    this.cloudflareProvider();
    const cf = cfg.cloudflare;
    this.zone = new EdgeZone(this, "Zone", {
      accountId: cf.accountId,
      name: cf.zone.name,
      plan: cf.plan,
      ...(cf.zone.id ? { existingZoneId: cf.zone.id } : {}),
    });
    const zoneId = this.zone.zoneId;
    // Rule counts, rate-limit periods and timeouts, managed rulesets: every phase is limited by the
    // plan, so no ruleset is created before the zone is on it (a zone created on free is on it already:
    // no subscription to wait for, edge-zone.ts).
    const planned = this.zone.subscription ? [this.zone.subscription] : [];
    new ZoneSettings(this, "Settings", { zoneId, settings: desiredZoneSettings(cfg) });
    // What every path rule below (and Access) matches: the path after this normalization.
    new UrlNormalization(this, "UrlNormalization", { zoneId, settings: desiredUrlNormalization(cfg) });
    new DnsRecords(this, "Dns", { zoneId, records: desiredEdgeRecords(cfg) });
    // Proxied names below the first level, which Universal SSL does not cover (edge.advancedCertificate).
    const pack = desiredCertificatePack(cfg);
    if (pack) new AdvancedCertificate(this, "CertificatePack", { zoneId, pack });
    const phase = (id: string, props: Omit<ConstructorParameters<typeof PhaseRuleset>[2], "zoneId">) =>
      props.rules.length > 0 ? new PhaseRuleset(this, id, { zoneId, dependsOn: planned, ...props }) : undefined;
    phase("Redirects", { phase: "http_request_dynamic_redirect", name: "golive redirects", rules: redirectRules(desiredRedirects(cfg)) });
    phase("WafManaged", { phase: "http_request_firewall_managed", name: "golive managed WAF", rules: managedWafRules(cfg) });
    phase("WafCustom", { phase: "http_request_firewall_custom", name: "golive custom WAF", rules: customWafRules(cfg) });
    phase("RateLimits", { phase: "http_ratelimit", name: "golive rate limits", rules: rateLimitRules(cfg) });
    phase("SecurityHeaders", {
      phase: "http_response_headers_transform",
      name: "golive security headers",
      rules: securityHeaderRules(cfg),
    });
    phase("ConfigSettings", { phase: "http_config_settings", name: "golive configuration rules", rules: configSettingRules(cfg) });
    if (cfg.edge.originLockdown === "authenticated-origin-pulls")
      new OriginPulls(this, "OriginPulls", { zoneId, certificate: cfg.edge.originPullCertificate });
    this.access = new EdgeAccess(this, "Access", {
      accountId: cf.accountId,
      namePrefix: namePrefix(cfg.app, cfg.environment),
      sessionDuration: cfg.edge.access.sessionDuration,
      model: desiredAccess(cfg),
      after: this.zone.zone ? [this.zone.zone] : [],
    });
    new TerraformOutput(this, "zone_id", { value: zoneId, description: "Cloudflare zone id" });
    new TerraformOutput(this, "name_servers", {
      value: this.zone.nameServers,
      description: `Cloudflare name servers of ${cf.zone.name}: set them as the domain's name servers at the registrar (the zone stays pending until they are)`,
    });
    new TerraformOutput(this, "dnssec_ds_record", {
      value: this.zone.dnssec.ds,
      description: `DS record of ${cf.zone.name}: add it at the registrar (after the name servers); DNSSEC stays pending until it is there`,
    });
    // Objects `golive preflight --write` found already in Cloudflare: imported, not created (adopt-existing.ts).
    adoptExisting(this, "edge", adoptionOf(cfg));
  }
}

/** Every environment has an edge: it owns the zone. */
export function buildEdgeStack(scope: Construct, cfg: AppConfig): EdgeStack {
  return new EdgeStack(scope, cfg);
}
