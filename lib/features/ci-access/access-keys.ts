/**
 * A new IAM access key (`aws_iam_access_key`): a long-lived credential whose secret Terraform writes
 * into state, what GL-SEC-006 refuses in a configuration (rules/GL-SEC-006.ts). The review flags each
 * one a plan creates, naming whose it is. Its secret is never shown: the check reads only the change's
 * attribute lines, and a created key shows only its user and status (core/plan/changes.ts).
 */
import type { ChangeView } from "../../core/plan/changes";
import type { RiskRule } from "../../platform/risks";

/** The detail of a change that makes a new access key (a create, or the new half of a replacement). */
function keyCreated(view: ChangeView): string[] {
  if (view.kind !== "create" && view.kind !== "replace") return [];
  // The user as the review shows it (quoted, or `(known after apply)`); a replacement keeping its user lists no change of it.
  const user = view.attributes.find((a) => a.path === "user")?.after;
  const whose = user === undefined ? "for its user" : `for user ${user}`;
  const how = view.kind === "replace" ? "replaced: a new long-lived access key is created" : "long-lived access key created";
  return [`${how} ${whose}: its secret is written to Terraform state and works until deleted; prefer a role`];
}

export const accessKeyCreated: RiskRule = {
  id: "iam-access-key-created",
  title: "Long-lived access key created",
  explanation:
    "An aws_iam_access_key is a long-lived credential: it works until someone deletes it, wherever it is copied, and Terraform writes its secret into state. People use SSO, CI the OIDC role, the app its task role (GL-SEC-006).",
  types: ["aws_iam_access_key"],
  check: keyCreated,
};
