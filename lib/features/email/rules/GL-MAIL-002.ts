import { checkDkimRecord } from "../dkim";
import { errorsOnly } from "../findings";
import { hasEmail, sesDomainIdentities, txtRecords } from "../resources";
import { recordName } from "../../edge/resources";
import { resourceFinding } from "../../../core/readiness/model";
import { type Finding, notApplicable, outcome, type Rule } from "../../../platform/readiness";
import { at, str } from "../../../core/readiness/values";

export const dkim: Rule = {
  id: "GL-MAIL-002",
  title: "Mail is DKIM-signed with published 2048-bit keys",
  severity: "blocker",
  row: "email-domain-ssl",
  explanation:
    "Without DKIM, DMARC can only align on SPF, which breaks on forwarding; major mailbox providers require DKIM for bulk senders and reject weak keys.",
  fix: "Keep SES Easy DKIM (RSA_2048_BIT); the email stack publishes its three `<token>._domainkey` CNAMEs. Publish other senders' keys through email.extraDkim.",
  check({ env }) {
    if (!hasEmail(env)) return notApplicable("no SES identity or SPF record in this environment");
    const findings: Finding[] = [];
    const dkimRecords = env.ofType("cloudflare_dns_record").filter((r) => recordName(r).includes("._domainkey"));
    for (const t of txtRecords(env).filter((x) => x.name.includes("._domainkey."))) {
      const selector = t.name.slice(0, t.name.indexOf("._domainkey."));
      for (const f of errorsOnly(checkDkimRecord(selector, t.value))) findings.push(resourceFinding(t.resource, f.message));
    }
    for (const id of sesDomainIdentities(env)) {
      const keyLength = str(at(id.resource.attrs.dkim_signing_attributes, "next_signing_key_length"));
      if (keyLength === "RSA_1024_BIT")
        findings.push(
          resourceFinding(id.resource, "dkim_signing_attributes.next_signing_key_length is RSA_1024_BIT; allowed: RSA_2048_BIT"),
        );
      const published = dkimRecords.some((r) => {
        const name = recordName(r);
        return name.endsWith(`._domainkey.${id.domain}`) || name.includes("${");
      });
      if (!published)
        findings.push(
          resourceFinding(id.resource, `no DKIM record (<selector>._domainkey.${id.domain}) is published for the SES identity`),
        );
    }
    return outcome(findings);
  },
};
