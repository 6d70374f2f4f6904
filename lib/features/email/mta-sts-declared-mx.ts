import type { AppConfig } from "../../config/schema";
import { desiredEdgeRecords } from "../edge/dns-records";
import { mxMatches } from "./mta-sts";
import { desiredEmailRecords, sendingDomain } from "./model";

/**
 * Why `golive verify`'s mta-sts.mx will fail a correct deployment, or undefined: a testing policy at a
 * sending domain with no declared MX (nor a null MX) that email.mtaSts.mx matches. Validation refuses
 * enforce there and any declared MX the patterns miss; testing only reports, so it is allowed, but
 * the domain's address, if it has one, is then the implicit MX (RFC 5321 5.1: "If an empty list of MXs is
 * returned, the address is treated as if it was associated with an implicit MX RR"), where a sender
 * delivers and reports each delivery as a policy failure (RFC 8461 4.1), and verify checks exactly that.
 */
export function mtaStsUnmatchedMx(cfg: AppConfig): string | undefined {
  const e = cfg.email;
  if (e === undefined || e.mtaSts.mode !== "testing") return undefined;
  const domain = sendingDomain(cfg, e);
  const hosts = [...desiredEdgeRecords(cfg), ...desiredEmailRecords(cfg)]
    .filter((r) => r.type === "MX" && r.name === domain)
    .map((r) => (r.content ?? "").toLowerCase().replace(/\.$/, ""));
  if (hosts.includes("")) return undefined;
  if (hosts.some((h) => e.mtaSts.mx.some((p) => mxMatches(h, p)))) return undefined;
  if (hosts.length === 0 && e.mtaSts.mx.some((p) => mxMatches(domain, p))) return undefined;
  const patterns = e.mtaSts.mx.join(", ");
  return `email.mtaSts: mode testing with no MX record at ${domain} that email.mtaSts.mx (${patterns}) matches: if ${domain} has an address, senders deliver to it (the implicit MX, RFC 5321 5.1) and report each delivery as an MTA-STS failure (without one, its mail is undeliverable), and golive verify fails its check mta-sts.mx on a correct deployment; next: declare email.inboundMx hosts that email.mtaSts.mx matches`;
}
