import { createHash } from "node:crypto";
import type { ChangeView } from "../../core/plan/changes";
import { at, isRecord } from "../../core/json";
import { exactDigits, isExactNumber } from "../../core/plan/exact-numbers";
import { canonicalJson } from "../../core/plan/json-attributes";
import { coversAll } from "../../core/plan/marks";
import { SENSITIVE, UNKNOWN } from "../../core/plan/values";
import type { RiskFlag } from "../../platform/risks";
import { visible } from "./markdown-text";
import { flagOf } from "./risks";

/**
 * What names the real object of a type: every plain key must be set, and of the `?` keys (which tell
 * apart objects of one kind) at least one. Types golive synthesizes, then common ones that hold data;
 * any other type falls back to comparing its known values (sameKnownValues).
 */
export const IDENTITY: Readonly<Record<string, readonly string[]>> = {
  // golive's stacks (`golive synth`): every resource type of every stack (__tests__/plan/identity-types.spec.ts)
  // but terraform_data, which holds a value and no real object, and which the fallback compares whole.
  aws_cloudwatch_metric_alarm: ["alarm_name"],
  aws_iam_openid_connect_provider: ["url"],
  aws_iam_policy: ["name"],
  aws_iam_role: ["name"],
  aws_iam_role_policy: ["role", "name"],
  aws_iam_role_policy_attachment: ["role", "policy_arn"],
  aws_kms_alias: ["name"],
  // A key has no name of its own (AWS picks its id): its description is what golive's code sets and keeps.
  aws_kms_key: ["description"],
  aws_route53_health_check: ["type", "?fqdn", "?ip_address", "?port", "?resource_path", "?child_healthchecks"],
  aws_s3_bucket: ["bucket"],
  aws_s3_bucket_ownership_controls: ["bucket"],
  aws_s3_bucket_policy: ["bucket"],
  aws_s3_bucket_public_access_block: ["bucket"],
  aws_s3_bucket_server_side_encryption_configuration: ["bucket"],
  aws_s3_bucket_versioning: ["bucket"],
  aws_secretsmanager_secret: ["name"],
  aws_secretsmanager_secret_policy: ["secret_arn"],
  aws_secretsmanager_secret_rotation: ["secret_id"],
  aws_sesv2_configuration_set: ["configuration_set_name"],
  aws_sesv2_configuration_set_event_destination: ["configuration_set_name", "event_destination_name"],
  aws_sesv2_email_identity: ["email_identity"],
  aws_sesv2_email_identity_mail_from_attributes: ["email_identity"],
  aws_sns_topic: ["name"],
  aws_sns_topic_policy: ["arn"],
  aws_sns_topic_subscription: ["topic_arn", "protocol", "endpoint"],
  // The zone-level client certificate: golive uploads one per zone (edge/constructs/origin-pulls.ts). Not
  // `certificate`: the API's PEM text in state differs from config's (origin-pulls.ts), and a flag quotes it.
  cloudflare_authenticated_origin_pulls_certificate: ["zone_id"],
  cloudflare_authenticated_origin_pulls_settings: ["zone_id"],
  cloudflare_dns_record: ["name", "type", "?content", "?data"],
  cloudflare_load_balancer: ["zone_id", "name"],
  cloudflare_load_balancer_monitor: ["account_id", "?description", "?path", "?expected_codes"],
  cloudflare_load_balancer_pool: ["account_id", "name"],
  cloudflare_notification_policy: ["account_id", "name"],
  cloudflare_ruleset: ["phase", "kind", "name", "?zone_id", "?account_id"],
  cloudflare_url_normalization_settings: ["zone_id"],
  cloudflare_workers_custom_domain: ["hostname"],
  cloudflare_workers_script: ["account_id", "script_name"],
  cloudflare_zero_trust_access_application: ["?domain", "?name"],
  cloudflare_zero_trust_access_group: ["account_id", "name"],
  cloudflare_zero_trust_access_policy: ["account_id", "name"],
  cloudflare_zero_trust_access_service_token: ["name", "?account_id", "?zone_id"],
  cloudflare_zone: ["name"],
  cloudflare_zone_dnssec: ["zone_id"],
  cloudflare_zone_setting: ["zone_id", "setting_id"],
  cloudflare_zone_subscription: ["?zone_id", "?identifier"],
  // Common types that hold data
  aws_db_instance: ["identifier"],
  aws_rds_cluster: ["cluster_identifier"],
  aws_dynamodb_table: ["name"],
  aws_lambda_function: ["function_name"],
  aws_ecr_repository: ["name"],
  aws_efs_file_system: ["creation_token"],
  aws_elasticache_replication_group: ["replication_group_id"],
  aws_elasticache_cluster: ["cluster_id"],
  aws_opensearch_domain: ["domain_name"],
  aws_cloudwatch_log_group: ["name"],
  aws_sqs_queue: ["name"],
  aws_ssm_parameter: ["name"],
  aws_route53_zone: ["name"],
  aws_route53_record: ["zone_id", "name", "type", "?set_identifier"],
  aws_iam_user: ["name"],
  aws_iam_group: ["name"],
  aws_backup_vault: ["name"],
  aws_kinesis_stream: ["name"],
};

/** A plain value of an identity key as text: a string, a number or a list of strings, not empty. */
function plain(value: unknown): string | undefined {
  if (typeof value === "string") return value === "" ? undefined : value;
  if (typeof value === "number") return String(value);
  if (isExactNumber(value)) return exactDigits(value);
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "string")) return [...value].sort().join(",");
  return undefined;
}

/** The attribute an IDENTITY key names (`?fqdn` -> `fqdn`). */
function attributeOf(spec: string): string {
  return spec.startsWith("?") ? spec.slice(1) : spec;
}

/** What names a real object of a type with an IDENTITY entry: equal on a destroy and a create, it is the same object renamed in code. */
function identity(keys: readonly string[], value: unknown): string | undefined {
  const parts: string[] = [];
  let optional = 0;
  let found = 0;
  for (const spec of keys) {
    const key = attributeOf(spec);
    const isOptional = key !== spec;
    const v = plain(at(value, key));
    if (isOptional) optional++;
    if (v === undefined) {
      if (!isOptional) return undefined;
      continue;
    }
    if (isOptional) found++;
    parts.push(`${key}=${v}`);
  }
  return optional > 0 && found === 0 ? undefined : parts.join(" ");
}

/** Values longer than this are compared by a hash (never shown): a rename guard copy stays small. */
const MAX_KEPT_CHARS = 64;
/** A value above this (as JSON) is not compared: the fallback stays bounded on huge objects. */
const MAX_COMPARED_CHARS = 65_536;
/** Destroy/create pairs of one type compared by the fallback at most (a stack recreating thousands of one type is no rename). */
const MAX_PAIRS = 10_000;

/** A value as comparable text, or undefined when it is not known, is sensitive, is empty or is too big. */
function comparable(value: unknown, sensitive: unknown, unknown: unknown): string | undefined {
  if (value === undefined || value === null || value === SENSITIVE || value === UNKNOWN) return undefined;
  if (coversAll(unknown) || coversAll(sensitive)) return undefined;
  const text = canonicalJson(value);
  if (text === '""' || text === "[]" || text === "{}" || text.length > MAX_COMPARED_CHARS) return undefined;
  return text.length > MAX_KEPT_CHARS ? `#${createHash("sha256").update(text).digest("hex").slice(0, 24)}` : text;
}

/**
 * Only what the guard reads, outside sensitivity marks and values known after apply: for a type with an
 * IDENTITY entry, those attributes; for any other type, each top-level attribute as comparable text
 * (short, or a hash). A destroy or create of a type no risk rule reads keeps this, not its whole value
 * (report.ts), so the guard covers every type.
 */
export function identityValues(type: string, value: unknown, sensitive: unknown, unknown?: unknown): Record<string, string> | null {
  if (coversAll(sensitive) || value === null || typeof value !== "object") return null;
  const out: Record<string, string> = {};
  const keys = IDENTITY[type];
  if (keys) {
    for (const spec of keys) {
      const key = attributeOf(spec);
      const v = plain(at(value, key));
      if (v !== undefined && !coversAll(at(sensitive, key))) out[key] = v;
    }
    return out;
  }
  if (!isRecord(value)) return null;
  for (const [k, v] of Object.entries(value)) {
    const c = comparable(v, at(sensitive, k), at(unknown, k));
    if (c !== undefined) out[k] = c;
  }
  return out;
}

/**
 * The known attributes of a change's side as comparable text: from the masked value of a type a rule
 * reads, or from identityValues' copy (text already, encoded once more: both sides of one type have the
 * same form, so equal stays equal).
 */
function knownValues(value: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!isRecord(value)) return out;
  for (const [k, v] of Object.entries(value)) {
    const c = comparable(v, undefined, undefined);
    if (c !== undefined) out.set(k, c);
  }
  return out;
}

/** Attributes that point at another object (a zone, an account, a region): equal on unrelated objects too. */
const REFERENCE = /(?:^|_)(?:ids?|arns?|account|region)$/;

/**
 * A destroy and a create of one type (no IDENTITY entry) the same object: every attribute the create
 * sets to a known value (what the code wrote; values computed by the provider are known only after
 * apply and left out) has that value before the destroy, and one of them is more than a reference.
 */
function sameKnownValues(created: ReadonlyMap<string, string>, destroyed: ReadonlyMap<string, string>): boolean {
  if (![...created.keys()].some((k) => !REFERENCE.test(k))) return false;
  for (const [k, v] of created) if (destroyed.get(k) !== v) return false;
  return true;
}

export const RENAME_RULE = {
  id: "construct-renamed",
  title: "Probable construct rename: destroy and create of the same object",
  explanation:
    "A renamed construct id is a new Terraform address: the plan destroys the object (a secret, a bucket, a zone) and creates an empty one. prevent_destroy does not help: the old block is gone from the code with it.",
};

/**
 * The moved block that keeps the object, one argument a line as `terraform fmt` writes it: HCL's
 * one-line block form holds one argument at most (`moved { from = a to = b }` is "Invalid
 * single-argument block definition"). Each address stays on its line: a control character in an
 * address from the plan is shown as its escape, never obeyed.
 */
export function movedBlock(from: string, to: string): string[] {
  return ["moved {", `  from = ${visible(from)}`, `  to   = ${visible(to)}`, "}"];
}

/**
 * A rename flag's detail read back for a renderer: its sentence (one line) and the moved block on the
 * lines after it (empty for any other detail), so Markdown can show the block as a fenced `hcl` block
 * (code-block.ts) while the JSON report keeps one string with line breaks.
 */
export function renameSuggestion(detail: string): { readonly sentence: string; readonly movedBlock: readonly string[] } {
  const [sentence = "", ...block] = detail.split("\n");
  return { sentence, movedBlock: block };
}

function flag(c: ChangeView, twin: ChangeView, what: string): RiskFlag {
  const [from, to] = [visible(c.address), visible(twin.address)];
  return flagOf(
    RENAME_RULE,
    c.address,
    [
      `${from} destroyed and ${to} created with the same ${visible(what)}: if the construct was renamed, keep the object with this moved block (cdktf: resource.moveFromId("${from}") on the new construct):`,
      ...movedBlock(c.address, twin.address),
    ].join("\n"),
    c.constructPath,
  );
}

/**
 * A destroy and a create of one type in one plan that are the same object: the same identity (IDENTITY)
 * or, for another type, the same known values (sameKnownValues). cdktf's classic way to destroy
 * production data is a renamed construct id. Flags each pair with the code that keeps the object.
 */
export function probableRenames(changes: readonly ChangeView[]): RiskFlag[] {
  const created = new Map<string, ChangeView>();
  const createdByType = new Map<string, ChangeView[]>();
  for (const c of changes) {
    if (c.kind !== "create") continue;
    const keys = IDENTITY[c.type];
    if (!keys) {
      // Appended in place: a copy per create made 32,000 creates of one type cost seconds (quadratic).
      const list = createdByType.get(c.type);
      if (list) list.push(c);
      else createdByType.set(c.type, [c]);
      continue;
    }
    const id = identity(keys, c.after);
    if (id) created.set(`${c.type} ${id}`, c);
  }
  const pairs = new Map<string, number>();
  const taken = new Set<ChangeView>();
  return changes.flatMap((c) => {
    if (c.kind !== "delete") return [];
    const keys = IDENTITY[c.type];
    if (keys) {
      const id = identity(keys, c.before);
      const twin = id ? created.get(`${c.type} ${id}`) : undefined;
      return twin && id ? [flag(c, twin, id)] : [];
    }
    const candidates = createdByType.get(c.type) ?? [];
    const before = knownValues(c.before);
    for (const twin of candidates) {
      if (taken.has(twin)) continue;
      const n = (pairs.get(c.type) ?? 0) + 1;
      pairs.set(c.type, n);
      if (n > MAX_PAIRS) return [];
      const after = knownValues(twin.after);
      if (!sameKnownValues(after, before)) continue;
      taken.add(twin);
      return [flag(c, twin, `known values (${[...after.keys()].sort().join(", ")})`)];
    }
    return [];
  });
}
