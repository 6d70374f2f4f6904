import type { AppConfig } from "../../config/schema";
import type { ZoneName } from "../../platform/feature";
import { emailModel } from "./model";
import type { EmailConfig } from "./schema";

const EMAIL_RECORDS = "the email records (SPF, DMARC, MTA-STS, TLS-RPT, MX)";
const REPORT_AUTHORISATION = "a DMARC report authorisation record";

/** The mailbox domain of `<name>._report._dmarc.<mailbox domain>` (dmarc-reports.ts), else undefined. */
function authorisedMailboxDomain(recordName: string): string | undefined {
  const at = recordName.indexOf("._report._dmarc.");
  return at === -1 ? undefined : recordName.slice(at + "._report._dmarc.".length);
}

/**
 * The report address that makes the model publish an authorisation for `mailboxDomain`: the first of
 * email.dmarc.rua, else of ruf (which only the sending domain's own `_dmarc` names).
 */
function reportAddressField(e: EmailConfig, mailboxDomain: string, withRuf: boolean): (string | number)[] {
  const domainOf = (address: string) => address.slice(address.lastIndexOf("@") + 1).toLowerCase();
  const rua = e.dmarc.rua.findIndex((a) => domainOf(a) === mailboxDomain);
  if (rua !== -1 || !withRuf) return ["email", "dmarc", "rua", rua];
  return ["email", "dmarc", "ruf", e.dmarc.ruf.findIndex((a) => domainOf(a) === mailboxDomain)];
}

/**
 * The names the email stack declares in the zone (model.ts's records and the MTA-STS Worker's custom
 * domain), each on the field a user changes to move it: the sending domain's own records on
 * email.domain, the MAIL FROM records on email.mailFromSubdomain, a DKIM key on its selector, a
 * non-sending name's records on it, a report authorisation on the report address that asks for it.
 * SES's DKIM CNAMEs (`<token>._domainkey.<domain>`) are known after apply; email.domain stands for them.
 */
export function emailZoneNames(cfg: AppConfig): ZoneName[] {
  const e = cfg.email;
  if (!e) return [];
  const model = emailModel(cfg, e);
  const named = (name: string, path: readonly (string | number)[], becomes: string): ZoneName => ({ name, path, becomes });
  const records = model.records.map((r): ZoneName => {
    const [, field, index] = r.source;
    const mailbox = authorisedMailboxDomain(r.name);
    if (mailbox !== undefined) return named(r.name, reportAddressField(e, mailbox, field === "dmarc"), REPORT_AUTHORISATION);
    if (field === "mailFromSubdomain") return named(r.name, ["email", "mailFromSubdomain"], "the SES MAIL FROM records");
    if (field === "extraDkim" && typeof index === "number")
      return named(r.name, ["email", "extraDkim", index, "selector"], "a DKIM key record");
    if (field === "nonSending" && typeof index === "number")
      return named(r.name, ["email", "nonSending", index], "null MX, SPF and DMARC records");
    return named(r.name, ["email", "domain"], EMAIL_RECORDS);
  });
  return [...records, named(model.mtaSts.hostname, ["email", "domain"], "the MTA-STS policy Worker's custom domain")];
}
