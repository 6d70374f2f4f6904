import { emailSendingDomain } from "../../core/mta-sts-host";
import { unquoteTxt } from "../../core/txt";
import { perView, referencedAddresses } from "../../core/readiness/model";
import type { EnvView, SynthResource } from "../../core/readiness/model";
import type { StackCore } from "../../platform/feature";
import { recordName, recordType } from "../edge/resources";
import { type JsonRecord, records, str } from "../../core/readiness/values";

/** Readers of the email DNS records and SES identities (the email stack), for the GL-MAIL rules. */

export interface TxtRecord {
  readonly resource: SynthResource;
  readonly name: string;
  readonly value: string;
}

/** Every TXT record, whatever the case of its type: the provider deploys `txt` as TXT (recordType). */
export const txtRecords = perView((view: EnvView): readonly TxtRecord[] =>
  view
    .ofType("cloudflare_dns_record")
    .filter((r) => recordType(r) === "TXT")
    .map((r) => ({ resource: r, name: recordName(r), value: unquoteTxt(str(r.attrs.content) ?? "") })),
);

const SES_IDENTITY_TYPES: readonly string[] = ["aws_sesv2_email_identity", "aws_ses_domain_identity"];

/**
 * An email section makes the email stack declare its SES identity: without one, the mail rules fail
 * (lib/engines/check/stack-cores.ts) instead of finding no email in the environment.
 */
export const EMAIL_CORE: StackCore = {
  askedBy: (cfg) =>
    cfg.email ? { path: "email", asks: `mail sent as ${emailSendingDomain(cfg.cloudflare.zone.name, cfg.email.domain)}` } : undefined,
  resourceTypes: SES_IDENTITY_TYPES,
};

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

/** Where SES resources name the SNS topic they publish events to: v2 and v1 event destinations, identity notifications. */
const SES_TOPIC_ARNS: readonly (readonly [type: string, topicArns: (attrs: JsonRecord) => unknown])[] = [
  [
    "aws_sesv2_configuration_set_event_destination",
    (a) => records(a.event_destination).map((d) => records(d.sns_destination).map((s) => s.topic_arn)),
  ],
  ["aws_ses_event_destination", (a) => records(a.sns_destination).map((s) => s.topic_arn)],
  ["aws_ses_identity_notification_topic", (a) => a.topic_arn],
];

/** SNS topics declared in the environment that SES publishes bounces, complaints or other events to. */
export function sesFeedbackTopics(view: EnvView): SynthResource[] {
  const referenced = new Set<string>();
  for (const [type, topicArns] of SES_TOPIC_ARNS) for (const r of view.ofType(type)) referencedAddresses(topicArns(r.attrs), referenced);
  return view.ofType("aws_sns_topic").filter((t) => referenced.has(t.address));
}
