import { attestationRule } from "../attestation";

export const attestInputValidation = attestationRule({
  id: "GL-APP-004",
  item: "input-validation",
  title: "Server-side input validation is attested",
  row: "input-validation",
  explanation:
    "The WAF catches known attack shapes; only schema validation in the app rejects the malformed and oversized inputs that are specific to its API and tools.",
});
