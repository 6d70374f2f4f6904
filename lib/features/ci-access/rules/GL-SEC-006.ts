import { resourceFinding } from "../../../core/readiness/model";
import { notApplicable, outcome, type Rule } from "../../../platform/readiness";

export const noStaticKeys: Rule = {
  id: "GL-SEC-006",
  title: "No IAM users or access keys",
  severity: "blocker",
  row: "secrets",
  explanation:
    "An aws_iam_access_key is a long-lived credential written into Terraform state; IAM users invite more of them. People use SSO, CI uses the OIDC role, the app uses its task role.",
  fix: "Remove aws_iam_access_key and aws_iam_user resources; grant access through roles.",
  check({ env }) {
    if (!env.hasTypePrefix("aws_")) return notApplicable("no AWS resource in this environment");
    const keys = env.ofType("aws_iam_access_key").map((r) => resourceFinding(r, "declares a long-lived IAM access key"));
    const users = env.ofType("aws_iam_user").map((r) => resourceFinding(r, "declares an IAM user; use roles instead"));
    return outcome([...keys, ...users]);
  },
};
