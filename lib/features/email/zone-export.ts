import type { ZoneExportHints } from "../../platform/feature";

/** The email stack's output of the SES Easy DKIM tokens, which its DKIM CNAMEs name. */
export const DKIM_TOKENS_OUTPUT = "dkim_tokens";
/** The email stack's output of the records report mailboxes' domains must publish. */
export const REPORT_AUTHORISATIONS_OUTPUT = "dmarc_report_authorisations";

/** The DKIM CNAMEs hold the SES identity's tokens, known only after apply and exported as dkim_tokens. */
export const EMAIL_ZONE_EXPORT: ZoneExportHints = {
  afterApply: [
    {
      expression: /^element\(aws_sesv2_email_identity\.[A-Za-z0-9_-]+\.dkim_signing_attributes\[0\]\.tokens, (\d+)\)$/,
      output: DKIM_TOKENS_OUTPUT,
      count: 3,
    },
  ],
  foreignRecordsOutput: REPORT_AUTHORISATIONS_OUTPUT,
  // RFC 7489 7.1: a report mailbox's domain outside this zone must publish them, or reports are dropped.
  foreignRecordsAre: "DMARC report authorisation",
};
