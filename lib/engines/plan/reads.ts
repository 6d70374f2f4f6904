/**
 * Data sources Terraform reads during apply (`<= read` in `terraform show`: an input is known only
 * then, a new bucket's ARN say). An `aws_iam_policy_document` read then gives the policy a bucket,
 * key or role gets, and the plan shows that policy only as "known after apply": the reviewer sees the
 * statements the data source is given, and this flag says the policy itself is not in the plan.
 */
import type { ChangeView } from "../../core/plan/changes";
import { isRecord } from "../../core/json";
import { policyWidenings } from "../../core/plan/policy";
import { statementIdentity } from "../../core/plan/json-attributes";
import { displayable, SHOW_UNKNOWN } from "../../core/plan/values";
import type { PlanJson } from "../../core/plan/schema";
import { flagOf, type RiskFlag } from "./risks";

export const READ_POLICY_RULE = {
  id: "policy-known-after-apply",
  title: "Policy known only after apply",
  explanation:
    "A policy document data source read during apply (one of its inputs is known only then) gives a policy the plan cannot show: what the resource using it grants is decided at apply time. The statements it is given are shown; read them as the policy.",
};

/** Data sources whose result is a policy document. */
const POLICY_DOCUMENTS: ReadonlySet<string> = new Set(["aws_iam_policy_document"]);

/** `[{type, identifiers}]` blocks as an IAM Principal object. */
function principalsOf(blocks: unknown): Record<string, unknown> | undefined {
  if (!Array.isArray(blocks) || blocks.length === 0) return undefined;
  const out: Record<string, unknown[]> = {};
  for (const b of blocks) {
    if (!isRecord(b)) continue;
    const type = typeof b.type === "string" ? b.type : SHOW_UNKNOWN;
    const ids = Array.isArray(b.identifiers) ? b.identifiers.map(displayable) : [displayable(b.identifiers)];
    out[type] = [...(out[type] ?? []), ...ids];
  }
  return out;
}

/** `[{test, variable, values}]` blocks as an IAM Condition object. */
function conditionOf(blocks: unknown): Record<string, Record<string, unknown>> | undefined {
  if (!Array.isArray(blocks) || blocks.length === 0) return undefined;
  const out: Record<string, Record<string, unknown>> = {};
  for (const b of blocks) {
    if (!isRecord(b)) continue;
    const [test, variable] = [String(displayable(b.test)), String(displayable(b.variable))];
    out[test] = { ...(out[test] ?? {}), [variable]: displayable(b.values) };
  }
  return out;
}

/** The data source's `statement` blocks as the IAM statements they become (unknown parts as "(known after apply)"). */
function documentStatements(after: unknown): Record<string, unknown>[] {
  const blocks = isRecord(after) && Array.isArray(after.statement) ? after.statement : [];
  return blocks.filter(isRecord).map((b) => {
    const st: Record<string, unknown> = { Effect: b.effect === null || b.effect === undefined ? "Allow" : displayable(b.effect) };
    const put = (key: string, v: unknown) => {
      if (v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0)) st[key] = v;
    };
    put("Sid", typeof b.sid === "string" && b.sid !== "" ? b.sid : undefined);
    put("Action", displayable(b.actions));
    put("NotAction", displayable(b.not_actions));
    put("Resource", displayable(b.resources));
    put("NotResource", displayable(b.not_resources));
    put("Principal", principalsOf(b.principals));
    put("NotPrincipal", principalsOf(b.not_principals));
    put("Condition", conditionOf(b.condition));
    return st;
  });
}

/**
 * The resources of the root module whose configuration refers to this data source, with the
 * attribute (`aws_s3_bucket_policy.nbp (policy)`); empty when the plan's configuration is not at hand.
 */
function consumersOf(plan: PlanJson, dataAddress: string): string[] {
  const base = dataAddress.replace(/\[[^\]]*\]$/, "");
  const root = plan.configuration?.root_module;
  const resources = isRecord(root) && Array.isArray(root.resources) ? root.resources : [];
  const out: string[] = [];
  for (const r of resources) {
    if (!isRecord(r) || typeof r.address !== "string" || !isRecord(r.expressions)) continue;
    for (const [attr, e] of Object.entries(r.expressions)) {
      const refs = isRecord(e) && Array.isArray(e.references) ? e.references : [];
      if (refs.some((ref) => ref === base || ref === dataAddress || (typeof ref === "string" && ref.startsWith(`${dataAddress}.`))))
        out.push(`${r.address} (${attr})`);
    }
  }
  return out.sort();
}

/**
 * Flags of a data source read during apply: a policy document's policy is known only after apply
 * (what its statements say now, who uses it), and what those statements grant (`*`, `service:*`, any
 * principal), as a new policy would.
 */
export function readFlags(view: ChangeView, plan: PlanJson): RiskFlag[] {
  if (view.kind !== "read" || !POLICY_DOCUMENTS.has(view.type)) return [];
  const statements = documentStatements(view.after);
  const said = statements.map((st) => statementIdentity(st)).join("; ");
  const users = consumersOf(plan, view.address);
  const flag = (detail: string): RiskFlag => flagOf(READ_POLICY_RULE, view.address, detail, view.constructPath);
  const identity = statements.every((st) => st.Principal === undefined && st.NotPrincipal === undefined);
  const widenings = policyWidenings(undefined, { Version: "2012-10-17", Statement: statements }, `${view.address} (read during apply)`, {
    identityPolicy: identity,
  });
  return [
    flag(
      `${view.address} is read during apply: the policy it gives${users.length > 0 ? ` to ${users.join(", ")}` : ""} is known only after apply; its statements now: ${said || "none known"}`,
    ),
    ...widenings.map(flag),
  ];
}
