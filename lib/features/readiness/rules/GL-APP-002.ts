import { attestationRule } from "../attestation";

export const attestAppRbac = attestationRule({
  id: "GL-APP-002",
  item: "app-rbac",
  title: "Role checks inside the app are attested",
  row: "authz",
  explanation:
    "Access decides who reaches a path; the app must still check the caller's role on every action and every tool call, including calls the model makes on a user's behalf.",
});
