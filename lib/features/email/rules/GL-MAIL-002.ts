import { checkDkimRecord } from "../dkim";
import { errorsOnly } from "../findings";
import { hasEmail, sesDomainIdentities, txtRecords } from "../resources";
import { easyDkimCnames } from "../ses-dkim-cnames";
import { resourceFinding } from "../../../core/readiness/model";
import { type Finding, notApplicable, outcome, type Rule } from "../../../platform/readiness";
import { at, records, str } from "../../../core/readiness/values";

export const dkim: Rule = {
  id: "GL-MAIL-002",
  title: "Mail is DKIM-signed with published 2048-bit keys",
  severity: "blocker",
  row: "email-domain-ssl",
  explanation:
    "Without DKIM, DMARC can only align on SPF, which breaks on forwarding; major mailbox providers require DKIM for bulk senders and reject weak keys. SES signs with Easy DKIM only once it finds the identity's own three token CNAMEs: another sender's `_domainkey` record does not count.",
  fix: "Keep SES Easy DKIM (RSA_2048_BIT); the email stack publishes its three `<token>._domainkey` CNAMEs to `<token>.<the region's DKIM domain>`, the tokens read from the identity. Publish other senders' keys through email.extraDkim.",
  check({ env }) {
    if (!hasEmail(env)) return notApplicable("no SES identity or SPF record in this environment");
    const findings: Finding[] = [];
    const txts = txtRecords(env).filter((x) => x.name.includes("._domainkey."));
    for (const t of txts) {
      const selector = t.name.slice(0, t.name.indexOf("._domainkey."));
      for (const f of errorsOnly(checkDkimRecord(selector, t.value))) findings.push(resourceFinding(t.resource, f.message));
    }
    for (const id of sesDomainIdentities(env)) {
      const signing = id.resource.attrs.dkim_signing_attributes;
      const keyLength = str(at(signing, "next_signing_key_length"));
      if (keyLength === "RSA_1024_BIT")
        findings.push(
          resourceFinding(id.resource, "dkim_signing_attributes.next_signing_key_length is RSA_1024_BIT; allowed: RSA_2048_BIT"),
        );
      // Bring your own DKIM: SES looks for a TXT at the selector given, not for token CNAMEs.
      const selector = str(records(signing)[0]?.domain_signing_selector);
      if (selector !== undefined) {
        const name = `${selector.toLowerCase()}._domainkey.${id.domain}`;
        if (!txts.some((t) => t.name === name))
          findings.push(
            resourceFinding(id.resource, `no DKIM record (${name} TXT) publishes the key of domain_signing_selector "${selector}"`),
          );
        continue;
      }
      const { missing, wrong, dkimDomains } = easyDkimCnames(env, id.resource, id.domain);
      for (const w of wrong)
        findings.push(
          resourceFinding(w.record, `the record of Easy DKIM token ${w.index + 1} of the SES identity ${id.domain} ${w.problem}`),
        );
      const target = dkimDomains.length === 1 ? `<token>.${dkimDomains[0]}` : "<token>.<the region's Easy DKIM domain>";
      if (missing.length > 0)
        findings.push(
          resourceFinding(
            id.resource,
            `no DKIM record publishes Easy DKIM ${missing.length === 1 ? "token" : "tokens"} ${missing.map((i) => i + 1).join(", ")} of 3 of the SES identity ${id.domain}: SES signs only once it finds each CNAME <token>._domainkey.${id.domain} -> ${target}, the token read from ${id.resource.address}`,
          ),
        );
    }
    return outcome(findings);
  },
};
