import { attestationRule } from "../attestation";

export const attestPromptInjection = attestationRule({
  id: "GL-APP-001",
  item: "prompt-injection-defence",
  title: "Prompt-injection defence is attested",
  row: "prompt-injection",
  explanation:
    "Documents, tickets and web pages the model reads can carry instructions; the app must treat model output as untrusted and require confirmation before tools act. Only a review of the app can show it.",
});
