import type { AppConfig } from "../../config/schema";
import type { ConfigIssue } from "../../core/issues";
import { parseCaa } from "../edge/caa";
import type { EmailConfig } from "./schema";

interface Mailbox {
  readonly path: readonly (string | number)[];
  readonly address: string;
}

const list = (path: readonly (string | number)[], addresses: readonly string[]): Mailbox[] =>
  addresses.map((address, i) => ({ path: [...path, i], address }));

/**
 * Every address golive has mail sent to: DMARC and TLS-RPT reports, SES feedback, alerts, and the
 * security contact (CAA iodef, also an edge.dns iodef). Access role emails are left out: they name who
 * may sign in through the identity provider, and no mail goes to them.
 */
function configuredMailboxes(cfg: AppConfig, e: EmailConfig): Mailbox[] {
  const iodef = cfg.edge.dns.flatMap((r, i) => {
    const caa = r.type === "CAA" ? parseCaa(r.content) : undefined;
    return caa?.tag === "iodef" && caa.value.startsWith("mailto:")
      ? [{ path: ["edge", "dns", i, "content"], address: caa.value.slice("mailto:".length) }]
      : [];
  });
  return [
    ...list(["email", "dmarc", "rua"], e.dmarc.rua),
    ...list(["email", "dmarc", "ruf"], e.dmarc.ruf),
    ...list(["email", "tlsRpt", "rua"], e.tlsRpt.rua),
    ...list(["email", "feedbackSubscribers"], e.feedbackSubscribers),
    { path: ["edge", "securityContact"], address: cfg.edge.securityContact },
    ...iodef,
    ...list(["monitoring", "alerts", "emails"], cfg.monitoring?.alerts.emails ?? []),
  ];
}

/**
 * RFC 7505 3/4.1: a name with a null MX (every email.nonSending name) accepts no mail, so a mailbox
 * there never receives what golive sends it: reports, alerts and incident mail bounce.
 */
export function nullMxMailboxIssues(cfg: AppConfig, e: EmailConfig): ConfigIssue[] {
  return configuredMailboxes(cfg, e).flatMap(({ path, address }) => {
    const domain = address.slice(address.lastIndexOf("@") + 1).toLowerCase();
    const j = e.nonSending.indexOf(domain);
    if (j === -1) return [];
    return [
      {
        path,
        message: `"${address}" is at ${domain}, which email.nonSending[${j}] gives a null MX: it receives no mail (RFC 7505), so what is sent there bounces; allowed: a mailbox in a domain that receives mail (or remove ${domain} from email.nonSending)`,
      },
    ];
  });
}
