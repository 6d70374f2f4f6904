import { DnsRecord } from "@cdktf/provider-cloudflare/lib/dns-record";
import { Construct } from "constructs";
import type { DesiredRecord } from "../dns-records";
import { setDynamicAttribute } from "../../../core/constructs/dynamic-attribute";
import { terraformLiteral } from "../../../core/terraform/literal";

export interface DnsRecordsProps {
  readonly zoneId: string;
  readonly records: readonly DesiredRecord[];
}

/** Renders desired records as `cloudflare_dns_record`, one per record, id = record key. */
export class DnsRecords extends Construct {
  readonly records: ReadonlyMap<string, DnsRecord>;

  constructor(scope: Construct, id: string, props: DnsRecordsProps) {
    super(scope, id);
    const out = new Map<string, DnsRecord>();
    for (const r of props.records) {
      const record = new DnsRecord(this, r.key, {
        zoneId: props.zoneId,
        name: r.name,
        type: r.type,
        ttl: r.ttl,
        proxied: r.proxied,
        // Record contents come from config: escaped, so Terraform publishes them as written and evaluates nothing.
        // An SRV record's content is read-only (SrvData): its parts go in `data`, which conflicts with content.
        ...(r.content !== undefined && !r.srv ? { content: terraformLiteral(r.content) } : {}),
        // SRV keeps the top-level priority too: the API reads it back there, and the provider's own SRV
        // acceptance config sets both (dns_record/testdata/record_config_srv.tf, v5.14.0).
        ...(r.priority !== undefined ? { priority: r.priority } : {}),
        ...(r.caa ? { data: { tag: r.caa.tag, value: terraformLiteral(r.caa.value) } } : {}),
        ...(r.srv
          ? { data: { priority: r.srv.priority, weight: r.srv.weight, port: r.srv.port, target: terraformLiteral(r.srv.target) } }
          : {}),
        ...(r.comment ? { comment: terraformLiteral(r.comment) } : {}),
      });
      if (r.caa) setDynamicAttribute(record, "data.flags", r.caa.flags);
      out.set(r.key, record);
    }
    this.records = out;
  }
}
