/**
 * Where a domain's mail is sent from and where its MTA-STS policy is served. The email concern serves
 * the policy there and the edge turns Browser Integrity Check off for that host, while email imports
 * edge: so the one definition sits here, below both, and neither imports the other round a loop.
 */

/** The domain email sends from: `email.domain`, @default the zone (lib/features/email/schema.ts). */
export function emailSendingDomain(zoneName: string, emailDomain: string | undefined): string {
  return emailDomain ?? zoneName;
}

/** `mta-sts.<domain>`: the host senders fetch `/.well-known/mta-sts.txt` from (RFC 8461 3.2). */
export function mtaStsHostname(sendingDomain: string): string {
  return `mta-sts.${sendingDomain}`;
}
