import { checkSpf, checkSpfCount, isSpf } from "../spf";
import { errorsOnly } from "../findings";
import { hasEmail, sesDomainIdentities, txtRecords } from "../resources";
import { resourceFinding } from "../../../core/readiness/model";
import { type Finding, notApplicable, outcome, type Rule } from "../../../platform/readiness";

export const spf: Rule = {
  id: "GL-MAIL-001",
  title: "SPF records are valid and end in -all (~all only with a reason)",
  severity: "blocker",
  row: "email-domain-ssl",
  explanation:
    "Receivers reject or junk mail from a domain whose SPF is missing, duplicated, over the 10-lookup limit or permissive (+all/?all); alerts and invitations then never arrive, and anyone can send as the domain.",
  fix: "Configure email.spf (includes, networks); golive publishes one `v=spf1 ... -all` per sending name. Use email.spf.softFail with a reason only while migrating.",
  check({ env, config }) {
    if (!hasEmail(env)) return notApplicable("no SES identity or SPF record in this environment");
    const spfs = txtRecords(env).filter((t) => isSpf(t.value));
    const findings: Finding[] = [];
    const names = new Set(spfs.map((t) => t.name));
    for (const name of names) {
      const here = spfs.filter((t) => t.name === name);
      const first = here[0];
      if (first)
        for (const f of checkSpfCount(
          name,
          here.map((t) => t.value),
        ))
          findings.push(resourceFinding(first.resource, f.message));
      const allowSoftFail = config?.app.email?.spf.softFail !== undefined;
      for (const t of here) {
        for (const f of errorsOnly(checkSpf(t.value, { allowSoftFail, domain: name })))
          findings.push(resourceFinding(t.resource, `SPF at ${name}: ${f.message}`));
      }
    }
    for (const id of sesDomainIdentities(env)) {
      const covered = [...names].some((n) => n === id.domain || n.endsWith(`.${id.domain}`));
      if (!covered)
        findings.push(
          resourceFinding(id.resource, `SES sends as ${id.domain} but no SPF record is published for it or its MAIL FROM subdomain`),
        );
    }
    return outcome(findings);
  },
};
