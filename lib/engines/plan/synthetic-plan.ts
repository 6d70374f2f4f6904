/**
 * A deterministic plan of `n` resource changes shaped like a large cdktf edge stack (DNS records,
 * rulesets, zone settings, secrets), for the plan-report bench and the comment-size tests.
 * Every tenth change carries a sensitive value `planted-<i>-secret`; none may ever be printed.
 */
export function plantedSecret(i: number): string {
  return `planted-${i}-secret`;
}

const ACTIONS: readonly (readonly string[])[] = [
  ["create"],
  ["update"],
  ["update"],
  ["delete"],
  ["delete", "create"],
  ["no-op"],
  ["create", "delete"],
];

function record(i: number, content: string): Record<string, unknown> {
  return {
    id: `rec-${i}`,
    zone_id: "0123456789abcdef0123456789abcdef",
    name: `host-${i}.example.com`,
    type: "TXT",
    content,
    ttl: 3600,
    proxied: false,
    comment: `golive record ${i} ${"x".repeat(40)}`,
  };
}

function change(i: number): Record<string, unknown> {
  const actions = ACTIONS[i % ACTIONS.length] ?? ["update"];
  const creates = actions.includes("create") && !actions.includes("delete");
  const deletes = actions.length === 1 && actions[0] === "delete";
  const sensitive = i % 10 === 0;
  const before = creates ? null : { ...record(i, `"v=golive1 before-${i}"`), ...(sensitive ? { secret: plantedSecret(i) } : {}) };
  const after = deletes ? null : { ...record(i, `"v=golive1 after-${i}"`), ...(sensitive ? { secret: plantedSecret(i) } : {}) };
  const mask = sensitive ? { secret: true } : {};
  const name = `Dns_host-${i}_${((i * 2654435761) % 0xffffffff).toString(16).toUpperCase().padStart(8, "0")}`;
  return {
    address: `cloudflare_dns_record.${name}`,
    mode: "managed",
    type: "cloudflare_dns_record",
    name,
    provider_name: "registry.terraform.io/cloudflare/cloudflare",
    change: {
      actions,
      before,
      after,
      after_unknown: creates ? { id: true } : {},
      before_sensitive: before === null ? false : mask,
      after_sensitive: after === null ? false : mask,
      ...(actions.length === 2 ? { replace_paths: [["name"]] } : {}),
    },
  };
}

export function syntheticPlan(n: number): Record<string, unknown> {
  return {
    format_version: "1.2",
    terraform_version: "1.11.4",
    resource_changes: Array.from({ length: n }, (_, i) => change(i)),
    output_changes: {
      zone_id: { actions: ["no-op"], before: "z", after: "z", after_unknown: false, before_sensitive: false, after_sensitive: false },
    },
    errored: false,
  };
}

/**
 * A plan of `n` updates that each raise a flag (a state bucket's public access block turning
 * `block_public_policy` off), as a real AWS plan writes them: every flag is listed in the report.
 */
export function flaggedPlan(n: number): Record<string, unknown> {
  const block = (i: number, blockPolicy: boolean) => ({
    id: `golive-state-${i}`,
    bucket: `golive-state-${i}`,
    block_public_acls: true,
    block_public_policy: blockPolicy,
    ignore_public_acls: true,
    restrict_public_buckets: true,
  });
  const change = (i: number) => ({
    address: `aws_s3_bucket_public_access_block.b${i}`,
    mode: "managed",
    type: "aws_s3_bucket_public_access_block",
    name: `b${i}`,
    provider_name: "registry.terraform.io/hashicorp/aws",
    change: {
      actions: ["update"],
      before: block(i, true),
      after: block(i, false),
      after_unknown: {},
      before_sensitive: {},
      after_sensitive: {},
    },
  });
  return {
    format_version: "1.2",
    terraform_version: "1.11.4",
    resource_changes: Array.from({ length: n }, (_, i) => change(i)),
    errored: false,
  };
}
