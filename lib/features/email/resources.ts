import { unquoteTxt } from "../../core/txt";
import { perView } from "../../core/readiness/model";
import type { EnvView, SynthResource } from "../../core/readiness/model";
import { recordName } from "../edge/resources";
import { str } from "../../core/readiness/values";

/** Readers of the email DNS records and SES identities (the email stack), for the GL-MAIL rules. */

export interface TxtRecord {
  readonly resource: SynthResource;
  readonly name: string;
  readonly value: string;
}

export const txtRecords = perView((view: EnvView): readonly TxtRecord[] =>
  view
    .ofType("cloudflare_dns_record")
    .filter((r) => r.attrs.type === "TXT")
    .map((r) => ({ resource: r, name: recordName(r), value: unquoteTxt(str(r.attrs.content) ?? "") })),
);

const SES_IDENTITY_TYPES = ["aws_sesv2_email_identity", "aws_ses_domain_identity"];

/** SES identities that are domains (not single addresses), with the domain they sign for. */
export function sesDomainIdentities(view: EnvView): { resource: SynthResource; domain: string }[] {
  return SES_IDENTITY_TYPES.flatMap((t) => [...view.ofType(t)])
    .map((resource) => ({ resource, domain: (str(resource.attrs.email_identity) ?? str(resource.attrs.domain) ?? "").toLowerCase() }))
    .filter((i) => i.domain !== "" && !i.domain.includes("@") && !i.domain.startsWith("${"));
}

/** True when the environment sends or declares email at all: an SES identity or an SPF/DMARC record. */
export function hasEmail(view: EnvView): boolean {
  return sesDomainIdentities(view).length > 0 || txtRecords(view).some((t) => /^v=(spf1|DMARC1)\b/i.test(t.value));
}

/** The `_dmarc` record governing `domain`: its own, else the nearest parent's (organizational domain). */
export function dmarcFor(txts: readonly TxtRecord[], domain: string): TxtRecord | undefined {
  const labels = domain.split(".");
  for (let i = 0; i < labels.length - 1; i++) {
    const name = `_dmarc.${labels.slice(i).join(".")}`;
    const found = txts.find((t) => t.name === name && /^v=DMARC1/i.test(t.value));
    if (found) return found;
  }
  return undefined;
}
