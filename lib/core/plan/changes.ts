import { type AttributeDiff, diffAttributes } from "./attribute-diff";
import type { ResourceChange } from "./schema";
import { maskValue, SHOW_UNKNOWN } from "./values";
import { isRecord } from "../json";

/**
 * What a resource change means for a reviewer, in the order the report shows them: what is lost first
 * (destroy, replace), then what leaves management (forget), then edits, additions and bookkeeping.
 */
export const CHANGE_KINDS = ["delete", "replace", "forget", "update", "create", "move", "import", "read", "no-op"] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/**
 * Kinds that never appear as a line of the report (they are still counted). A `read` in
 * `resource_changes` is a data source read during apply (an input is known only then: Terraform's
 * `<= read`), so its values, a policy document's statements say, are shown; data sources read while
 * planning are not in `resource_changes` at all, or only as a `no-op`.
 */
export const HIDDEN_KINDS: ReadonlySet<ChangeKind> = new Set(["no-op"]);

export interface ChangeView {
  readonly address: string;
  /** Set when a `moved` block renamed it: the address it had in state. */
  readonly previousAddress?: string;
  /**
   * Set on a deposed object (Terraform's key): the old object a create_before_destroy replacement
   * could not destroy, not the object now at `address` (`terraform show`: "deposed object ... left over
   * from a partially-failed replacement of this instance").
   */
  readonly deposed?: string;
  readonly type: string;
  readonly mode: "managed" | "data";
  readonly kind: ChangeKind;
  /** Terraform's own `change.actions`, as planned (kind is golive's reading of them). */
  readonly actions: readonly string[];
  /** For replacements: Terraform's order (create_before_destroy gives "create-then-destroy"). */
  readonly replaceOrder?: "destroy-then-create" | "create-then-destroy" | "create-then-forget";
  /** The cdktf construct path (`edge-production/Zone/Resource`) when the synthesized stack was at hand. */
  readonly constructPath?: string;
  /** Attribute paths that force the replacement. */
  readonly replacePaths: readonly string[];
  readonly importing: boolean;
  readonly reason?: string;
  /**
   * Changed leaves for updates and replacements, every value of a create of a type in SHOWN_WHEN_CREATED
   * (or its CREATED_ATTRIBUTES) or a read, and what a destroy removes (its before values, identifying ones first, `-> null`); masked.
   */
  readonly attributes: readonly AttributeDiff[];
  readonly attributesOmitted: number;
  /**
   * A hash of every changed attribute with its whole value (attribute-diff.ts, diffAttributes; a value Terraform
   * marks sensitive as a marker, as the review shows it): equal for two changes that do the same, where
   * the shown values, cut at 160 characters and redacted, may look alike. Never shown.
   */
  readonly attributesKey: string;
  /**
   * Before/after with sensitive parts as SENSITIVE and unknown parts as UNKNOWN, for risk rules; only
   * built for types some rule reads and data sources read during apply (otherwise null, or for a destroy
   * or create only the attributes that name it, for the rename guard: copying 10,000 values no rule
   * reads costs time).
   */
  readonly before: unknown;
  readonly after: unknown;
}

export function kindOf(rc: ResourceChange): Pick<ChangeView, "kind" | "replaceOrder"> {
  const actions = rc.change.actions.join(",");
  switch (actions) {
    case "delete,create":
      return { kind: "replace", replaceOrder: "destroy-then-create" };
    case "create,delete":
      return { kind: "replace", replaceOrder: "create-then-destroy" };
    case "create,forget":
      return { kind: "replace", replaceOrder: "create-then-forget" };
    case "delete":
    case "forget":
    case "create":
    case "update":
    case "read":
      return { kind: actions };
    case "no-op":
      if (rc.previous_address !== undefined && rc.previous_address !== rc.address) return { kind: "move" };
      if (rc.change.importing) return { kind: "import" };
      return { kind: "no-op" };
    default:
      // A list Terraform never writes (["delete", "delete"]) is refused with the plan (change-shapes.ts);
      // read as a no-op here, it would hide a destroy.
      throw new Error(`unreachable: action list ${JSON.stringify(rc.change.actions)} passed the plan's validation`);
  }
}

/** Types whose values a reviewer must read even when they are new: who may do what. */
const SHOWN_WHEN_CREATED: ReadonlySet<string> = new Set([
  "aws_iam_role",
  "aws_iam_policy",
  "aws_iam_role_policy",
  "aws_iam_role_policy_attachment",
  "aws_iam_user_policy",
  "aws_iam_user_policy_attachment",
  "aws_iam_group_policy",
  "aws_iam_group_policy_attachment",
  "aws_iam_policy_attachment",
  // Exclusive lists: the holder's whole set of managed policies (AWS provider, *_policy_attachments_exclusive).
  "aws_iam_role_policy_attachments_exclusive",
  "aws_iam_user_policy_attachments_exclusive",
  "aws_iam_group_policy_attachments_exclusive",
  "aws_iam_group_membership",
  "aws_iam_user_group_membership",
  "aws_iam_openid_connect_provider",
  "aws_kms_key",
  "aws_kms_key_policy",
  "aws_s3_bucket_policy",
  "aws_secretsmanager_secret_policy",
  "aws_sns_topic_policy",
  "aws_sqs_queue_policy",
  "aws_lambda_permission",
  "aws_ecr_repository_policy",
  "cloudflare_zero_trust_access_application",
  "cloudflare_zero_trust_access_policy",
  "cloudflare_zero_trust_access_group",
  // Who a new grant lets use which key (grantee_principal, operations, key_id).
  "aws_kms_grant",
  // The types in CREATED_ATTRIBUTES are shown when created too, only those attributes (isShownWhenCreated).
]);

/** Nothing to a reviewer in a replacement: empty -> null, or a value only known after apply. */
const EMPTY_SHOWN = new Set(['""', "0", "false", "[]", "{}", "null"]);
function isReplaceNoise(d: AttributeDiff): boolean {
  if (d.after === SHOW_UNKNOWN) return true;
  return EMPTY_SHOWN.has(d.before) && EMPTY_SHOWN.has(d.after);
}

/**
 * Keys whose value says which object a destroy removes (its name, ARN, id, endpoint, zone, ...): cdktf's
 * hashed construct addresses do not, so these come first and the line limit never drops them.
 */
const IDENTIFYING_KEY =
  /^(id|arn|name|description|bucket|endpoint|protocol|domain|zone|identifier|url|hostname|fqdn|type|content|email_identity|[a-z0-9_]*_(name|arn|id|identifier|domain|zone))$/;
function identifying(d: AttributeDiff): boolean {
  return IDENTIFYING_KEY.test(d.path.split(/[.[{]/, 1)[0] ?? "");
}

/** At most this many lines of a resource's attributes are shown; the rest are counted. */
const SHOWN_ATTRIBUTES = 40;
/** A destroy's values read before its empty ones are hidden and its identifying ones put first. */
const DESTROY_READ_LIMIT = 10 * SHOWN_ATTRIBUTES;

/**
 * What a destroy removes, as Terraform's own plan prints it (`- name = "app/db" -> null`): every value
 * against nothing, without empty, false and 0 values (the noise a replacement hides), identifying keys first.
 */
function destroyedValues(diffs: readonly AttributeDiff[], unread: number): { shown: AttributeDiff[]; omitted: number } {
  const meaningful = diffs.filter((d) => !EMPTY_SHOWN.has(d.before));
  const ordered = [...meaningful.filter(identifying), ...meaningful.filter((d) => !identifying(d))];
  return { shown: ordered.slice(0, SHOWN_ATTRIBUTES), omitted: unread + Math.max(0, ordered.length - SHOWN_ATTRIBUTES) };
}

/** The attributes that force the replacement come first; the rest without empty -> null noise. */
function forcingFirst(diffs: readonly AttributeDiff[], replacePaths: readonly string[]): AttributeDiff[] {
  const forcing = (d: AttributeDiff) =>
    replacePaths.some((p) => d.path === p || d.path.startsWith(`${p}.`) || d.path.startsWith(`${p}[`) || d.path.startsWith(`${p}{`));
  // Noise is hidden, never a forcing attribute: what forces a replacement is always shown.
  return [...diffs.filter(forcing), ...diffs.filter((d) => !forcing(d) && !isReplaceNoise(d))];
}

function formatReplacePath(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

/**
 * What a create of these types shows, when not every attribute: what a reviewer judges (where a new
 * record points, and whether Cloudflare proxies it). A large edge stack creates records by the
 * thousand; each shown whole (zone, ttl, comment) tripled the lines to render and redact.
 */
const CREATED_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  // A new record's name, type, content and proxied: a DNS-only address is public (edge risks/dns.ts).
  cloudflare_dns_record: ["name", "type", "content", "data", "priority", "proxied"],
  // Where a new subscription delivers the topic's messages (an https endpoint, an address), redacted as any URL.
  aws_sns_topic_subscription: ["topic_arn", "protocol", "endpoint"],
  // A new secret's name, key, how long a deleted value can be restored, and who may read it: `policy`
  // sets its resource policy inline, as aws_secretsmanager_secret_policy does (shown whole when created).
  aws_secretsmanager_secret: ["name", "kms_key_id", "recovery_window_in_days", "policy"],
  // Which function rotates a secret: it reads and writes every value, as Terraform's own plan shows.
  aws_secretsmanager_secret_rotation: ["secret_id", "rotation_lambda_arn", "rotation_rules", "rotate_immediately"],
  // What a new lifecycle configuration deletes by itself (expiration, noncurrent_version_expiration), and where.
  aws_s3_bucket_lifecycle_configuration: ["bucket", "rule"],
  // Who a new topic, bucket or queue lets in: `policy` sets its resource policy inline, as
  // aws_sns_topic_policy, aws_s3_bucket_policy and aws_sqs_queue_policy do (shown whole when created).
  aws_sns_topic: ["name", "policy"],
  aws_s3_bucket: ["bucket", "policy"],
  aws_sqs_queue: ["name", "policy"],
  // A bucket's one setting of each: a new resource replaces the one the bucket has (setting-holders.ts).
  // The setting, not the bucket (the address and any flag name it): creates of one setting at one value,
  // a bucket each, share one line (collapse.ts), so a plan of 250,000 renders as few as it has values.
  aws_s3_bucket_versioning: ["versioning_configuration"],
  aws_s3_bucket_public_access_block: ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"],
  aws_s3_bucket_ownership_controls: ["rule"],
  aws_s3_bucket_server_side_encryption_configuration: ["rule"],
  aws_s3_bucket_acl: ["acl", "access_control_policy"],
  // Whose long-lived key is made (a flag of its own: features/ci-access/access-keys.ts); its secret is never a shown attribute.
  // Never `secret`, `ses_smtp_password_v4` or `encrypted_secret`: only whose key it is and whether it works.
  aws_iam_access_key: ["user", "status"],
};

/**
 * Created types whose blocks are shown leaf by leaf: a lifecycle rule as one line is cut at 160
 * characters, before its noncurrent_version_expiration (what deletes old state).
 */
const CREATED_LEAF_BY_LEAF: ReadonlySet<string> = new Set(["aws_s3_bucket_lifecycle_configuration"]);

/** Whether a create of this type shows its values: every one (SHOWN_WHEN_CREATED) or its type's few (CREATED_ATTRIBUTES). */
function isShownWhenCreated(type: string): boolean {
  // Own keys only: a type named like an Object method ("constructor") is not in the table.
  return SHOWN_WHEN_CREATED.has(type) || Object.hasOwn(CREATED_ATTRIBUTES, type);
}

/**
 * The created value, or one of its marks (after_unknown, after_sensitive), reduced to the attributes its
 * type shows (CREATED_ATTRIBUTES), or as it is: a mark not reduced would add a line per other attribute
 * known only after apply (a new bucket's twenty: arn, acl, region...).
 */
function shownWhenCreated(type: string, after: unknown): unknown {
  const keys = CREATED_ATTRIBUTES[type];
  if (keys === undefined || !isRecord(after)) return after;
  return Object.fromEntries(keys.filter((k) => k in after).map((k) => [k, after[k]]));
}

/** One resource change as the report sees it; `constructPath` comes from the synthesized stack. */
export function toChangeView(
  rc: ResourceChange,
  constructPath: string | undefined,
  scrub?: (text: string) => string,
  withValues = true,
): ChangeView {
  const { kind, replaceOrder } = kindOf(rc);
  const c = rc.change;
  // A data source read during apply shows what is known of it now, as a create would.
  const created = (kind === "create" && isShownWhenCreated(rc.type)) || kind === "read";
  const destroyed = kind === "delete";
  const diffable =
    created || destroyed || kind === "update" || kind === "replace" || ((kind === "move" || kind === "import") && c.before !== undefined);
  const replacePaths = (c.replace_paths ?? []).map(formatReplacePath);
  const { diffs, omitted, key } = diffable
    ? diffAttributes(
        {
          // Created: every attribute against nothing, one line each (a policy leaf by leaf); destroyed: the
          // same the other way round, masked by before_sensitive alone.
          before: created ? {} : c.before,
          after: destroyed ? {} : created ? shownWhenCreated(rc.type, c.after) : c.after,
          beforeSensitive: c.before_sensitive,
          afterSensitive: destroyed ? undefined : created ? shownWhenCreated(rc.type, c.after_sensitive) : c.after_sensitive,
          afterUnknown: destroyed ? undefined : created ? shownWhenCreated(rc.type, c.after_unknown) : c.after_unknown,
        },
        destroyed ? DESTROY_READ_LIMIT : SHOWN_ATTRIBUTES,
        scrub,
        // A read's statements and what a destroy removes, leaf by leaf: a block as one line is cut at 160
        // characters, before a later statement or a secret-named key that redaction reads by its name.
        kind !== "read" && !destroyed && !(created && CREATED_LEAF_BY_LEAF.has(rc.type)),
      )
    : { diffs: [], omitted: 0, key: "" };
  const { shown, omitted: shownOmitted } =
    kind === "replace"
      ? { shown: forcingFirst(diffs, replacePaths), omitted }
      : destroyed
        ? destroyedValues(diffs, omitted)
        : { shown: diffs, omitted };
  return {
    address: rc.address,
    ...(rc.previous_address !== undefined && rc.previous_address !== rc.address ? { previousAddress: rc.previous_address } : {}),
    ...(rc.deposed !== undefined ? { deposed: rc.deposed } : {}),
    type: rc.type,
    mode: rc.mode,
    kind,
    actions: [...c.actions],
    ...(replaceOrder ? { replaceOrder } : {}),
    ...(constructPath ? { constructPath } : {}),
    replacePaths,
    importing: Boolean(c.importing),
    ...(rc.action_reason ? { reason: rc.action_reason } : {}),
    attributes: shown,
    attributesOmitted: shownOmitted,
    attributesKey: key,
    before: withValues ? maskValue(c.before ?? null, c.before_sensitive) : null,
    after: withValues ? maskValue(c.after ?? null, c.after_sensitive, c.after_unknown) : null,
  };
}
