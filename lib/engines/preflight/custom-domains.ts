import { stackName } from "../../core/names";
import type { Finding } from "./assess";
import type { ExpectedCustomDomain } from "./expected";
import type { Observed, ObservedRecord } from "./observed";
import { normalName } from "./records-match";

/*
 * The Workers custom-domain API refuses a hostname that already has DNS records it does not manage
 * ("already has externally managed DNS records", error 100117; cloudflare/workers-sdk#9878) or that is
 * another Worker's custom domain (100116). Only the API's override flags get past either, and provider
 * v5.14's cloudflare_workers_custom_domain has none, so the apply that declares it fails: nothing can
 * be adopted, only removed by hand.
 */

function recordFinding(want: ExpectedCustomDomain, env: string, e: ObservedRecord, refused: boolean): Finding {
  const stack = stackName(want.stack, env);
  const subject = `${e.name} ${e.type}`;
  if (refused && e.workerId !== undefined)
    return {
      check: "custom-domain",
      severity: "fix",
      subject,
      message: `exists (${e.id}), made by a Worker's custom domain, and preflight cannot tell whose: the token lacks Account: Workers Scripts Read; grant it and run preflight again (if it is not golive's ${want.service}, the apply of ${stack} fails)`,
    };
  return {
    check: "custom-domain",
    severity: "fix",
    subject,
    message: `exists (${e.id}, ${e.content ?? "no content"}), and ${stack} attaches its Worker ${want.service} to ${want.hostname} as a custom domain, which Cloudflare refuses on a name that already has DNS records (error 100117; the provider has no override): delete it, or the apply of ${stack} fails`,
  };
}

/** What already holds each hostname a stack attaches a Worker to: golive's Worker, another one, or DNS records. */
export function customDomainFindings(wanted: readonly ExpectedCustomDomain[], observed: Observed, env: string): Finding[] {
  return wanted.flatMap((want): Finding[] => {
    const host = normalName(want.hostname);
    const stack = stackName(want.stack, env);
    const domains = observed.customDomains === "refused" ? [] : (observed.customDomains ?? []);
    const owner = domains.find((d) => normalName(d.hostname) === host);
    // The records there are the custom domain's own: its Worker is what matters.
    if (owner?.service === want.service)
      return [
        {
          check: "custom-domain",
          severity: "info",
          subject: want.hostname,
          message: `served by golive's Worker ${want.service} (an earlier apply of ${stack})`,
        },
      ];
    if (owner)
      return [
        {
          check: "custom-domain",
          severity: "fix",
          subject: want.hostname,
          message: `is a custom domain of the Worker ${owner.service} (${owner.id}), and Cloudflare refuses to attach ${stack}'s Worker ${want.service} to it (error 100116; the provider has no override): remove it from ${owner.service} (Workers & Pages, ${owner.service}, Settings, Domains & Routes), or the apply of ${stack} fails`,
        },
      ];
    const refused = observed.customDomains === "refused";
    return observed.records.filter((e) => normalName(e.name) === host).map((e) => recordFinding(want, env, e, refused));
  });
}
