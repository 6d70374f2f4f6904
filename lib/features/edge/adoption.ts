import { z } from "zod";
import type { AppConfig } from "../../config/schema";

/**
 * What `golive preflight <env> --write` found already in Cloudflare and the stacks must adopt instead of
 * create: the file `config/adopt/<env>.json`, generated, never the user's YAML. Synth turns each entry
 * into a Terraform `import` block (cdktf `importFrom`), so the first apply takes the object over instead
 * of failing on it. Pure: no cdktf, no I/O.
 */

const CloudflareId = z.string().regex(/^[0-9a-f]{32}$/, "must be a 32-character Cloudflare id (lower-case hex)");

/** Stacks whose DNS records may be adopted (both render them with the edge's DnsRecords construct). */
export const ADOPT_RECORD_STACKS = ["edge", "email"] as const;
export type AdoptRecordStack = (typeof ADOPT_RECORD_STACKS)[number];

/** The adopt file's shape, every Cloudflare id in it (zone, rulesets, records) checked by `id`. */
function adoptFileShape(id: z.ZodString) {
  const record = z.strictObject({
    /** Stack kind the record belongs to. */
    stack: z.enum(ADOPT_RECORD_STACKS),
    /** The record's construct id (DesiredRecord.key): part of its Terraform address. */
    key: z.string().regex(/^[a-z0-9][a-z0-9-]{0,120}$/, "must be a record key such as host-chat-example-com"),
    name: z.string().min(1).max(253),
    type: z.string().regex(/^[A-Z]{1,10}$/, "must be a DNS record type such as A"),
    id,
  });
  const file = z.strictObject({
    $comment: z.string().max(1000).optional(),
    version: z.literal(1),
    environment: z.string().min(1).max(40),
    zone: z.strictObject({
      name: z.string().min(1).max(253),
      id,
      /** The zone exists but config would create it: import it into `cloudflare_zone`. */
      import: z.boolean(),
      /**
       * Also import its paid subscription into `cloudflare_zone_subscription`. Only a paid zone has one to
       * import: a Free zone answers 404 "does not have an active core subscription" (provider issue #7083),
       * and there the first apply creates it instead.
       */
      importSubscription: z.boolean(),
    }),
    /** Existing phase entry-point ruleset id per phase (the phases the edge stack declares, such as http_ratelimit). */
    rulesets: z.record(z.string().regex(/^[a-z][a-z0-9_]{2,80}$/, "must be a ruleset phase such as http_ratelimit"), id),
    records: z.array(record).max(500),
  });
  return { record, file };
}

const CHECKED = adoptFileShape(CloudflareId);
export const AdoptedRecord = CHECKED.record;
export type AdoptedRecord = z.infer<typeof AdoptedRecord>;
export const AdoptFile = CHECKED.file;

/**
 * The adopt file as golive wrote it before it checked the ids Cloudflare answered (a stand-in's `d1`):
 * the loader refuses it, but it is golive's own, so `preflight --write` may replace it.
 */
export const UncheckedIdsAdoptFile = adoptFileShape(z.string().min(1).max(200)).file;
export type Adoption = z.infer<typeof AdoptFile>;

// Import ids, as the provider parses them (terraform-provider-cloudflare v5.14.0):
// cloudflare_zone: "<zone_id>" (internal/services/zone/resource.go:207-215);
// cloudflare_zone_subscription: "<zone_id>" (examples/resources/cloudflare_zone_subscription/import.sh);
// cloudflare_ruleset: "<{accounts|zones}/{account_id|zone_id}>/<ruleset_id>" (internal/services/ruleset/resource.go:234-257);
// cloudflare_dns_record: "<zone_id>/<dns_record_id>" (internal/services/dns_record/resource.go:223-231).

export function zoneImportId(zoneId: string): string {
  return zoneId;
}

export function rulesetImportId(zoneId: string, rulesetId: string): string {
  return `zones/${zoneId}/${rulesetId}`;
}

export function dnsRecordImportId(zoneId: string, recordId: string): string {
  return `${zoneId}/${recordId}`;
}

/** Relative to the config folder: a subfolder, because the loader reads every *.json beside the configs as an environment. */
export function adoptFileRelativePath(env: string): string {
  return `adopt/${env}.json`;
}

/**
 * Problems that make an adopt file unusable for `cfg`, as [path, message]: written for another
 * environment, zone or zone id. Empty when it fits.
 */
export function adoptionMismatches(adoption: Adoption, cfg: AppConfig): [string, string][] {
  const out: [string, string][] = [];
  if (adoption.environment !== cfg.environment)
    out.push(["environment", `is "${adoption.environment}"; allowed: "${cfg.environment}" (the file's environment)`]);
  if (adoption.zone.name !== cfg.cloudflare.zone.name)
    out.push(["zone.name", `is ${adoption.zone.name} but cloudflare.zone.name is ${cfg.cloudflare.zone.name}`]);
  const pinned = cfg.cloudflare.zone.id;
  if (pinned !== undefined && pinned !== adoption.zone.id)
    out.push(["zone.id", `is ${adoption.zone.id} but cloudflare.zone.id is ${pinned}`]);
  if (pinned !== undefined && adoption.zone.import)
    out.push(["zone.import", "is true but cloudflare.zone.id adopts the zone read-only; allowed: false"]);
  return out;
}

// The loader attaches the adopt file to the config object it validated; the stacks read it back. A
// side table, not a config field: the user's YAML stays the one source of truth and knows nothing of it.
const ADOPTIONS = new WeakMap<AppConfig, Adoption>();

export function attachAdoption(cfg: AppConfig, adoption: Adoption): AppConfig {
  ADOPTIONS.set(cfg, adoption);
  return cfg;
}

/** The adopt file loaded with this config, if any. */
export function adoptionOf(cfg: AppConfig): Adoption | undefined {
  return ADOPTIONS.get(cfg);
}
