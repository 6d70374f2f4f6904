import type { Finding } from "./assess";
import type { ExpectedLoadBalancer, ExpectedRecord } from "./expected";
import type { ObservedRecord } from "./observed";
import { isAddress, isGoliveRecord, normalName } from "./records-match";

/*
 * Records golive does not declare, at a name where it declares a set they would join: matchRecord
 * adopts none of them (an MX holds no slot, and a second address is not the one golive takes over), so
 * the apply leaves them answering beside golive's. Only a person can say whether to delete or declare
 * them. An address record at a load balancer's name is different: Cloudflare answers with the load
 * balancer before it, and with it again whenever the load balancer is disabled ("DNS records for load
 * balancing", developers.cloudflare.com/load-balancing/load-balancers/dns-records/): a stale origin that
 * silently comes back, so it is deleted, never declared.
 */

/** Why an existing MX cannot stay beside the MX records golive declares at its name, and what to do. */
function mxReason(declared: ExpectedRecord): string {
  const where = declared.source.join(".");
  // A null MX is `MX 0 .`: the target is the root, "" once normalised.
  if (normalName(declared.content ?? "") === "")
    return `beside the null MX golive publishes for this name (${where}), and "a domain that advertises a null MX MUST NOT advertise any other MX RR" (RFC 7505 section 3): senders would still deliver to it: delete it`;
  if (declared.source[0] === "email" && declared.source[1] === "inboundMx")
    return `beside the MX records golive publishes (${where}), and senders would deliver part of this name's mail to it (with email.mtaSts.mode enforce, MTA-STS senders refuse a host email.mtaSts.mx does not list): delete it, or add it to email.inboundMx and email.mtaSts.mx`;
  if (declared.source[0] === "email")
    return `beside the MX golive publishes for the SES MAIL FROM domain (${where}), which must not receive other mail (SES SetIdentityMailFromDomain): bounces could reach it instead of SES: delete it`;
  return `beside the MX records golive declares for this name (${where}) and would keep receiving its mail: delete it, or declare it in edge.dns`;
}

/**
 * Existing address records at a name golive points somewhere or puts a load balancer on, and existing
 * MX records at a name golive routes mail for, that the apply would leave standing beside golive's.
 * `settled`: ids already adopted or reported as conflicts.
 */
export function besideFindings(
  expected: readonly ExpectedRecord[],
  loadBalancers: readonly ExpectedLoadBalancer[],
  observed: readonly ObservedRecord[],
  settled: ReadonlySet<string>,
): Finding[] {
  const balanced = new Map(loadBalancers.map((lb) => [normalName(lb.name), lb]));
  const pointed = new Set(expected.filter((r) => isAddress(r.type)).map((r) => normalName(r.name)));
  const mailFor = new Map<string, ExpectedRecord>();
  for (const r of expected) if (r.type === "MX" && !mailFor.has(normalName(r.name))) mailFor.set(normalName(r.name), r);
  return observed.flatMap((e): Finding[] => {
    if (settled.has(e.id) || isGoliveRecord(e)) return [];
    const name = normalName(e.name);
    const subject = `${e.name} ${e.type}`;
    const lb = isAddress(e.type) ? balanced.get(name) : undefined;
    if (lb)
      return [
        {
          check: "record",
          severity: "fix",
          subject,
          message: `exists (${e.id}, ${e.content ?? "no content"}) at the name of the load balancer ${lb.stack} creates (Cloudflare answers with the load balancer before it): delete it: the load balancer replaces it, and it would answer again whenever the load balancer is disabled`,
        },
      ];
    if (isAddress(e.type) && pointed.has(name))
      return [
        {
          check: "record",
          severity: "fix",
          subject,
          message: `exists (${e.id}, ${e.content ?? "no content"}) beside the record golive declares for this name and would keep answering for it: delete it, or declare it in edge.dns`,
        },
      ];
    const mx = e.type === "MX" ? mailFor.get(name) : undefined;
    if (mx)
      return [
        {
          check: "record",
          severity: "fix",
          subject,
          message: `exists (${e.id}, MX ${e.priority ?? "?"} ${e.content ?? "no content"}) ${mxReason(mx)}`,
        },
      ];
    return [];
  });
}
