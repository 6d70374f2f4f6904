import type { AppConfig } from "../../config/schema";
import { emailSendingDomain } from "../../core/mta-sts-host";
import { fail, pass } from "../../core/verify/result";
import type { CheckResult, DnsObservation } from "../../core/verify/types";
import type { ProbeSet } from "../../platform/probes";
import { type MtaStsPolicy, mxMatches } from "./mta-sts";
import { normalizeValue } from "./probes";

export const MTA_STS_MX_CHECK = "mta-sts.mx";

/**
 * The sending domain's live MX hosts held to the policy's `mx` patterns as RFC 8461 4.1 matches them
 * (mxMatches: a `*.` pattern covers exactly one leftmost label, so `*.example.org` does not match
 * `a.b.example.org`; mailauth's validateMx, a suffix match, would accept it, so golive is the stricter of
 * the two and holds to the RFC). A sender applying the policy under enforce refuses to deliver to a host no
 * pattern matches, under testing it delivers and reports the failure (TLS-RPT). With no MX (ENODATA),
 * if the domain has an address senders deliver to it, the implicit MX (RFC 5321 5.1: "If an empty list
 * of MXs is returned, the address is treated as if it was associated with an implicit MX RR"), which the
 * patterns must match too; without one its mail is undeliverable, so this fails either way (verify does
 * not tell the two apart: the fix is the same). A null MX alone (RFC 7505) receives no mail, so no policy applies.
 */
export function evaluateMxAgainstPolicy(domain: string, want: MtaStsPolicy, obs: DnsObservation): CheckResult {
  const target = `MX ${domain}`;
  const patterns = `email.mtaSts.mx (${want.mx.join(", ")})`;
  if (obs.error !== undefined && obs.error !== "ENODATA") return fail(MTA_STS_MX_CHECK, target, `lookup failed (${obs.error})`);
  const hosts = obs.values.map((v) => normalizeValue("MX", v.value));
  if (hosts.length > 0 && hosts.every((h) => h === ""))
    return pass(MTA_STS_MX_CHECK, target, "a null MX: the domain receives no mail, so no sender applies the policy");
  const implicit = hosts.length === 0;
  const exchanges = implicit ? [domain] : hosts.filter((h) => h !== "");
  const unmatched = exchanges.filter((h) => !want.mx.some((p) => mxMatches(h, p)));
  const consequence = want.mode === "enforce" ? "refuse to deliver there" : "deliver there and report a failure (mode testing)";
  if (unmatched.length > 0) {
    const [what, fix] = implicit
      ? [
          `no MX is live: if ${domain} has an address, senders deliver to it (the implicit MX, RFC 5321 5.1), which ${patterns} does not match (without one, its mail is undeliverable)`,
          "declare email.inboundMx hosts that email.mtaSts.mx matches",
        ]
      : [
          `live MX ${unmatched.join(", ")} ${unmatched.length === 1 ? "is" : "are"} matched by no pattern of ${patterns}`,
          "delete it, or list it in email.inboundMx and email.mtaSts.mx",
        ];
    return fail(MTA_STS_MX_CHECK, target, `${what}: senders applying the policy ${consequence} (RFC 8461 4.1): ${fix}`);
  }
  return pass(MTA_STS_MX_CHECK, target, `live MX ${exchanges.join(", ")}: each matched by ${patterns}`);
}

/** The sending domain's MX against the policy, when the config has an email section whose MTA-STS mode applies one. */
export function mtaStsMxProbes(cfg: AppConfig): ProbeSet[] {
  const email = cfg.email;
  if (email === undefined || email.mtaSts.mode === "none") return [];
  const domain = emailSendingDomain(cfg.cloudflare.zone.name, email.domain);
  const want = email.mtaSts;
  return [
    {
      planned: [
        {
          check: MTA_STS_MX_CHECK,
          target: `MX ${domain}`,
          proves: `every live MX of ${domain} (with none, its address: the implicit MX) matches email.mtaSts.mx (${want.mx.join(", ")}), so senders applying mode ${want.mode} deliver`,
        },
      ],
      async run(net) {
        return { results: [evaluateMxAgainstPolicy(domain, want, await net.records(domain, "MX"))] };
      },
    },
  ];
}
