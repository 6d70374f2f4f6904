import { attestationRule } from "../attestation";

export const attestLogRedaction = attestationRule({
  id: "GL-APP-003",
  item: "log-redaction",
  title: "Log redaction is attested",
  row: "logging",
  explanation:
    "Chat transcripts, tokens and personal data end up in logs and log vendors unless the app redacts them before writing; nothing in the stacks can show it does.",
});
