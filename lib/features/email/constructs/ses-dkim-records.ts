import { DnsRecord } from "@cdktf/provider-cloudflare/lib/dns-record";
import { Fn } from "cdktf";
import { Construct } from "constructs";

export interface SesDkimRecordsProps {
  readonly zoneId: string;
  readonly domain: string;
  /** The region's Easy DKIM domain (dkim.amazonses.com, or a regional one such as dkim.af-south-1.amazonses.com). */
  readonly dkimDomain: string;
  /** The identity's `dkim_signing_attributes.tokens` reference: never typed by hand. */
  readonly tokens: string[];
  readonly slots: readonly { readonly key: string; readonly index: number }[];
}

/** The Easy DKIM CNAMEs: `<token>._domainkey.<domain>` -> `<token>.<dkimDomain>`, DNS only. */
export class SesDkimRecords extends Construct {
  readonly records: readonly DnsRecord[];

  constructor(scope: Construct, id: string, props: SesDkimRecordsProps) {
    super(scope, id);
    this.records = props.slots.map((slot) => {
      const token = Fn.element(props.tokens, slot.index);
      return new DnsRecord(this, slot.key, {
        zoneId: props.zoneId,
        name: `${token}._domainkey.${props.domain}`,
        type: "CNAME",
        content: `${token}.${props.dkimDomain}`,
        proxied: false,
        ttl: 300,
        comment: `golive: SES Easy DKIM selector ${slot.index + 1}`,
      });
    });
  }
}
