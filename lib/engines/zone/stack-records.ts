import { z } from "zod";
import { FEATURES } from "../../features";

/** The parts of a synthesized `cloudflare_dns_record` the zone export reads; other keys are ignored. */
const DnsRecordJson = z.object({
  name: z.string(),
  type: z.string(),
  content: z.string().optional(),
  priority: z.number().optional(),
  ttl: z.number().optional(),
  proxied: z.boolean().optional(),
  comment: z.string().optional(),
  data: z
    .object({
      flags: z.number().optional(),
      tag: z.string().optional(),
      value: z.string().optional(),
      // SRV parts (the API's content is read-only for SRV: lib/features/edge/dns-records.ts SrvData).
      priority: z.number().optional(),
      weight: z.number().optional(),
      port: z.number().optional(),
      target: z.string().optional(),
    })
    .optional(),
});

type DnsRecordJson = z.infer<typeof DnsRecordJson>;

/** Content and priority as a zone file reads them: an SRV record declared by `data` as `<weight> <port> <target>`. */
function contentOf(r: DnsRecordJson): { content?: string; priority?: number } {
  const d = r.data;
  if (r.type === "SRV" && r.content === undefined && d?.target !== undefined)
    return { content: `${d.weight ?? 0} ${d.port ?? 0} ${d.target}`, priority: r.priority ?? d.priority ?? 0 };
  return {
    ...(r.content !== undefined ? { content: r.content } : {}),
    ...(r.priority !== undefined ? { priority: r.priority } : {}),
  };
}

/** Outputs listing records other zones must publish, as the concerns declare them. */
const FOREIGN_RECORD_OUTPUTS = FEATURES.flatMap((f) => (f.zoneExport?.foreignRecordsOutput ? [f.zoneExport.foreignRecordsOutput] : []));
const ForeignRecordsOutput = z.object({ value: z.array(z.string()) });

const StackJson = z.object({
  resource: z
    .object({
      cloudflare_dns_record: z.record(z.string(), DnsRecordJson).optional(),
      cloudflare_zone: z.record(z.string(), z.object({ name: z.string() })).optional(),
      cloudflare_workers_custom_domain: z.record(z.string(), z.object({ hostname: z.string() })).optional(),
      // proxied/enabled may be Terraform expressions: read as not given (the defaults) rather than refused.
      cloudflare_load_balancer: z
        .record(
          z.string(),
          z.object({
            name: z.string(),
            proxied: z.boolean().optional().catch(undefined),
            enabled: z.boolean().optional().catch(undefined),
          }),
        )
        .optional(),
    })
    .optional(),
  output: z.record(z.string(), z.unknown()).optional(),
  data: z
    .object({
      cloudflare_zone: z.record(z.string(), z.object({ filter: z.object({ name: z.string().optional() }).optional() })).optional(),
    })
    .optional(),
});

/** One DNS record as a synthesized stack declares it; values may hold `${...}` Terraform expressions. */
export interface StackRecord {
  readonly stack: string;
  readonly address: string;
  readonly name: string;
  readonly type: string;
  readonly content?: string;
  readonly priority?: number;
  readonly ttl: number;
  readonly proxied: boolean;
  readonly comment?: string;
  readonly caa?: { readonly flags: number; readonly tag: string; readonly value: string };
}

/**
 * A hostname a Cloudflare load balancer answers for. Cloudflare creates the load balancer's own DNS
 * record, which takes precedence over an A, AAAA or CNAME record of the same name
 * (https://developers.cloudflare.com/load-balancing/load-balancers/dns-records/): no record is declared
 * for it, and one added would never be served. Proxied: answered with Cloudflare's addresses; DNS-only:
 * with the healthy endpoints' addresses. A disabled one serves the name's own records, if any.
 */
export interface LoadBalancedName {
  readonly stack: string;
  readonly address: string;
  readonly name: string;
  readonly proxied: boolean;
  readonly enabled: boolean;
}

export interface StackDns {
  readonly records: StackRecord[];
  /** Zone names the stack creates or looks up. */
  readonly zoneNames: string[];
  /** Hostnames whose DNS record Cloudflare creates itself (Worker custom domains). */
  readonly managedHostnames: string[];
  /** Records other domains must publish (DMARC report authorisation), from the stack's outputs. */
  readonly foreignRecords: string[];
  /** Hostnames of the stack's load balancers (`cloudflare_load_balancer.name`). */
  readonly loadBalanced: LoadBalancedName[];
}

/** Reads the DNS-relevant parts of one stack's cdk.tf.json (already parsed, still `unknown`). */
export function stackDns(stack: string, json: unknown): StackDns {
  const parsed = StackJson.safeParse(json);
  if (!parsed.success)
    throw new Error(`${stack}: cdk.tf.json is not a synthesized stack: ${parsed.error.issues[0]?.message ?? "unreadable"}`);
  const res = parsed.data.resource ?? {};
  const records = Object.entries(res.cloudflare_dns_record ?? {}).map(
    ([id, r]): StackRecord => ({
      stack,
      address: `cloudflare_dns_record.${id}`,
      name: r.name,
      type: r.type,
      ttl: r.ttl ?? 1,
      proxied: r.proxied ?? false,
      ...contentOf(r),
      ...(r.comment !== undefined ? { comment: r.comment } : {}),
      ...(r.data?.tag !== undefined ? { caa: { flags: r.data.flags ?? 0, tag: r.data.tag, value: r.data.value ?? "" } } : {}),
    }),
  );
  const zoneNames = [
    ...Object.values(res.cloudflare_zone ?? {}).map((z) => z.name),
    ...Object.values(parsed.data.data?.cloudflare_zone ?? {}).flatMap((d) => (d.filter?.name ? [d.filter.name] : [])),
  ];
  const managedHostnames = Object.values(res.cloudflare_workers_custom_domain ?? {}).map((d) => d.hostname);
  const foreignRecords = FOREIGN_RECORD_OUTPUTS.flatMap((name) => {
    const value = ForeignRecordsOutput.safeParse(parsed.data.output?.[name]);
    return value.success ? value.data.value : [];
  });
  const loadBalanced = Object.entries(res.cloudflare_load_balancer ?? {}).map(
    ([id, lb]): LoadBalancedName => ({
      stack,
      address: `cloudflare_load_balancer.${id}`,
      name: lb.name,
      // The provider's defaults when not given: DNS-only (proxied false), enabled (LoadBalancer#proxied, #enabled).
      proxied: lb.proxied ?? false,
      enabled: lb.enabled ?? true,
    }),
  );
  return { records, zoneNames, managedHostnames, foreignRecords, loadBalanced };
}
