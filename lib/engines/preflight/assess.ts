import type { AppConfig } from "../../config/schema";
import { stackName } from "../../core/names";
import type { AdoptedRecord, Adoption } from "../../features/edge/adoption";
import { TIERS } from "../../features/edge/tiers";
import type { Expected } from "./expected";
import type { Observed, ObservedDnssec, ObservedZone } from "./observed";
import { customDomainFindings } from "./custom-domains";
import { besideFindings } from "./records-beside";
import { isGoliveRecord, matchRecord } from "./records-match";
import { zoneSetupFindings } from "./zone-setup";

/**
 * ok: nothing to do. info: to know (name servers, DS record, a plan change the first apply makes).
 * adopt: exists and would make the first apply fail; `--write` records it for import (or rewrites an
 * adopt file of golive's that no longer matches). fix: only a person can resolve it (config,
 * dashboard, registrar).
 */
export type Severity = "ok" | "info" | "adopt" | "fix";

export interface Finding {
  readonly check: "zone" | "plan" | "name-servers" | "dnssec" | "ruleset" | "record" | "custom-domain" | "zero-trust";
  readonly severity: Severity;
  /** What the finding is about: the zone, a phase, `name TYPE`. */
  readonly subject: string;
  readonly message: string;
}

export interface Assessment {
  readonly findings: readonly Finding[];
  /** What the stacks must adopt, as the adopt file holds it; undefined when nothing (or no zone yet). */
  readonly adoption?: Adoption;
}

/** Position in TIERS; -1 for a plan name golive does not know. */
const tierRank = (t: string | undefined): number => (TIERS as readonly string[]).indexOf(t ?? "");

function zoneFindings(cfg: AppConfig, zone: ObservedZone, golive: boolean): Finding[] {
  const cf = cfg.cloudflare;
  const stack = stackName("edge", cfg.environment);
  const subject = zone.name;
  const out: Finding[] = [];
  if (zone.accountId !== undefined && zone.accountId !== cf.accountId)
    out.push({
      check: "zone",
      severity: "fix",
      subject,
      message: `belongs to account ${zone.accountId}, not cloudflare.accountId ${cf.accountId}: fix cloudflare.accountId, or use a token of the account that owns the zone`,
    });
  if (zone.name !== cf.zone.name)
    out.push({
      check: "zone",
      severity: "fix",
      subject,
      message: `cloudflare.zone.id ${zone.id} is the zone ${zone.name}, but cloudflare.zone.name is ${cf.zone.name}: fix one of them`,
    });
  if (cf.zone.id !== undefined)
    out.push({ check: "zone", severity: "ok", subject, message: `exists (${zone.id}) and is adopted read-only by cloudflare.zone.id` });
  else if (golive)
    out.push({
      check: "zone",
      severity: "info",
      subject,
      message: `exists (${zone.id}) and holds golive's records or rulesets: an earlier apply of ${stack} created it`,
    });
  else
    out.push({
      check: "zone",
      severity: "adopt",
      subject,
      message: `exists (${zone.id}) but config would create it, and creating it fails: --write adopts it into ${stack} (cloudflare_zone import, protected from destroy); or set cloudflare.zone.id: "${zone.id}" to use it without managing the zone or its plan (golive still turns DNSSEC on)`,
    });
  return out;
}

function planFinding(cfg: AppConfig, zone: ObservedZone, managesPlan: boolean): Finding {
  const want = cfg.cloudflare.plan;
  const has = zone.plan;
  const subject = zone.name;
  if (tierRank(has) < 0)
    return { check: "plan", severity: "info", subject, message: `plan not readable (${has ?? "none reported"}); config says ${want}` };
  if (has === want) return { check: "plan", severity: "ok", subject, message: `on ${has}, as cloudflare.plan says` };
  if (tierRank(has) < tierRank(want))
    return managesPlan
      ? {
          check: "plan",
          severity: "info",
          subject,
          message: `on ${has}; the first apply subscribes it to ${want} (cloudflare_zone_subscription, billed to the account)`,
        }
      : {
          check: "plan",
          severity: "fix",
          subject,
          message: `on ${has}, below cloudflare.plan ${want}; golive does not change an adopted zone's plan and the API refuses what ${want} allows on ${has}: upgrade the zone (dashboard: Overview, Change plan), or set cloudflare.plan: ${has} and what it allows`,
        };
  // On free golive declares no subscription (provider issue #7083, edge-zone.ts), so nothing moves the plan down.
  return managesPlan && want !== "free"
    ? {
        check: "plan",
        severity: "fix",
        subject,
        message: `on ${has}, above cloudflare.plan ${want}: ${stackName("edge", cfg.environment)} would move its subscription down to ${want}; set cloudflare.plan: ${has}, or cloudflare.zone.id to leave its plan alone`,
      }
    : {
        check: "plan",
        severity: "info",
        subject,
        message: `on ${has}, above cloudflare.plan ${want}: golive uses only what ${want} allows`,
      };
}

function delegationFindings(cfg: AppConfig, zone: ObservedZone, dnssec: ObservedDnssec | undefined): Finding[] {
  const ns = zone.nameServers.join(", ") || "(none reported)";
  const stack = stackName("edge", cfg.environment);
  const out: Finding[] = [];
  if (zone.status === "active") out.push({ check: "name-servers", severity: "ok", subject: zone.name, message: `delegated to ${ns}` });
  else
    out.push({
      check: "name-servers",
      severity: "info",
      subject: zone.name,
      message: `zone ${zone.status ?? "not active"}: set the domain's name servers at the registrar to ${ns}${
        zone.originalNameServers.length > 0 ? ` (now ${zone.originalNameServers.join(", ")})` : ""
      }; it serves nothing until then`,
    });
  const status = dnssec?.status ?? "disabled";
  const ds = dnssec?.ds ? `: ${dnssec.ds}` : ` (npx cdktf output ${stack}: dnssec_ds_record)`;
  const dnssecFinding: Record<string, Finding> = {
    active: { check: "dnssec", severity: "ok", subject: zone.name, message: "DNSSEC active (the DS record is at the registrar)" },
    pending: {
      check: "dnssec",
      severity: "info",
      subject: zone.name,
      message: `DNSSEC pending: add the DS record at the registrar, after the name servers${ds}`,
    },
    error: {
      check: "dnssec",
      severity: "fix",
      subject: zone.name,
      message: `DNSSEC in error: the DS record at the registrar does not match the zone's key, so validating resolvers fail the domain; replace it with${ds}`,
    },
  };
  out.push(
    dnssecFinding[status] ?? {
      check: "dnssec",
      severity: "info",
      subject: zone.name,
      message: `DNSSEC ${status}: the first apply of ${stack} enables it; then add the DS record it outputs (dnssec_ds_record) at the registrar`,
    },
  );
  return out;
}

function rulesetFindings(expected: Expected, observed: Observed, adopt: Record<string, string>): Finding[] {
  return expected.phases.flatMap(({ phase, name }): Finding[] => {
    const found = observed.rulesets.find((r) => r.kind === "zone" && r.phase === phase);
    if (!found)
      return [{ check: "ruleset", severity: "ok", subject: phase, message: `no entry point yet: the first apply creates "${name}"` }];
    if ((found.description ?? "").startsWith("golive:"))
      return [{ check: "ruleset", severity: "info", subject: phase, message: `entry point ${found.id} is golive's (an earlier apply)` }];
    adopt[phase] = found.id;
    return [
      {
        check: "ruleset",
        severity: "adopt",
        subject: phase,
        message: `entry point "${found.name}" (${found.id}) exists (made in the dashboard or by WAF enrollment), and v5 can only create one: --write adopts it; the first plan imports it and updates it in place (it keeps its id and name "${found.name}"), replacing its rules with golive's, so review them first (Security, WAF / Rules in the dashboard)`,
      },
    ];
  });
}

function recordFindings(expected: Expected, observed: Observed, adopt: AdoptedRecord[]): Finding[] {
  const out: Finding[] = [];
  const taken = new Set<string>();
  const conflicting = new Set<string>();
  for (const want of expected.records) {
    const subject = `${want.name} ${want.type}`;
    for (const m of matchRecord(want, observed.records, taken)) {
      const e = m.existing;
      if (m.kind === "conflict") {
        if (conflicting.has(e.id)) continue; // one finding per existing record, however many records want its name
        conflicting.add(e.id);
        out.push({
          check: "record",
          severity: "fix",
          subject,
          message: `${e.name} ${e.type} (${e.id}) exists, and a CNAME cannot share its name with another record: delete it, or change config (${want.source.join(".")})`,
        });
        continue;
      }
      taken.add(e.id);
      adopt.push({ stack: want.stack, key: want.key, name: want.name, type: want.type, id: e.id });
      out.push({
        check: "record",
        severity: "adopt",
        subject,
        message:
          m.kind === "same"
            ? `exists (${e.id}) exactly as config declares it: --write adopts it, unchanged`
            : `exists (${e.id}) holding ${e.content ?? "(no content)"}: --write adopts it, and the first apply changes it to what config says`,
      });
    }
  }
  out.push(...besideFindings(expected.records, expected.loadBalancers, observed.records, new Set([...taken, ...conflicting])));
  return out;
}

/**
 * Compares what the stacks would create with what Cloudflare holds. Pure: the same inputs give the same
 * findings, in a stable order (zone, plan, delegation, rulesets, records, custom domains). `adoptedZoneId` is the zone
 * id the existing adopt file pins: a zone it names that the API does not list is not "not created yet".
 */
export function assess(cfg: AppConfig, expected: Expected, observed: Observed, adoptedZoneId?: string): Assessment {
  const zone = observed.zone;
  const cf = cfg.cloudflare;
  if (!zone) {
    const finding: Finding =
      cf.zone.id === undefined && adoptedZoneId !== undefined
        ? {
            check: "zone",
            severity: "fix",
            subject: cf.zone.name,
            message: `not listed for this token, but the adopt file pins it (zone id ${adoptedZoneId}): the token may lack Zone: Zone Read on ${cf.zone.name} (or the zone was deleted); the adopt file is kept as it is: give the token read access to the zone and run preflight again, or delete the file by hand if the zone is really gone`,
          }
        : cf.zone.id !== undefined
          ? {
              check: "zone",
              severity: "fix",
              subject: cf.zone.name,
              message: `cloudflare.zone.id ${cf.zone.id} is not a zone this token can read: check the id (dashboard: the zone's Overview, API section) and the token's Zone Read on it`,
            }
          : {
              check: "zone",
              severity: "ok",
              subject: cf.zone.name,
              message: `does not exist yet: the first apply of ${stackName("edge", cfg.environment)} creates it on ${
                cf.plan === "free"
                  ? "free (no subscription)"
                  : `${cf.plan} (cloudflare_zone_subscription, billed to account ${cf.accountId}${
                      // An account without a free Enterprise zone slot gets error 1257 (terraform-provider-cloudflare#5026).
                      cf.plan === "enterprise" ? "; needs a free slot in the account's Enterprise zone quota" : ""
                    })`
              }; then set the name servers it outputs at the registrar, and after them the DS record`,
            };
    return { findings: [finding] };
  }
  const golive = observed.records.some(isGoliveRecord) || observed.rulesets.some((r) => (r.description ?? "").startsWith("golive:"));
  const rulesets: Record<string, string> = {};
  const records: AdoptedRecord[] = [];
  const findings = [
    ...zoneFindings(cfg, zone, golive),
    ...zoneSetupFindings(cfg, zone),
    planFinding(cfg, zone, cf.zone.id === undefined),
    ...delegationFindings(cfg, zone, observed.dnssec),
    ...rulesetFindings(expected, observed, rulesets),
    ...recordFindings(expected, observed, records),
    ...customDomainFindings(expected.customDomains, observed, cfg.environment),
  ];
  const importZone = cf.zone.id === undefined && !golive;
  const anything = importZone || Object.keys(rulesets).length > 0 || records.length > 0;
  if (!anything) return { findings };
  return {
    findings,
    adoption: {
      version: 1,
      environment: cfg.environment,
      // Only a paid zone has a subscription to import (a Free zone's GET answers 404: provider issue #7083),
      // and only a paid cloudflare.plan declares one to import it into.
      zone: {
        name: zone.name,
        id: zone.id,
        import: importZone,
        importSubscription: importZone && tierRank(zone.plan) > 0 && cf.plan !== "free",
      },
      rulesets,
      records,
    },
  };
}
