/**
 * Provisioners: commands Terraform runs when it creates or destroys a resource, outside anything the
 * plan shows. A provisioner is no attribute, so no change holds it and no per-change rule sees it: this
 * rule reads the plan's `configuration` (lib/core/plan/provisioners.ts).
 */
import { kindOf } from "../../core/plan/changes";
import { isRecord } from "../../core/json";
import { type ConfiguredProvisioner, configAddress, type ProvisionedResource, provisionedResources } from "../../core/plan/provisioners";
import type { PlanJson } from "../../core/plan/schema";
import type { PlanFinding, RiskRule, ShowValue } from "../../platform/risks";

/** Types that exist to run provisioners: flagged whatever the plan does to them. */
const PROVISIONER_HOLDERS: ReadonlySet<string> = new Set(["terraform_data", "null_resource"]);

/** What a provisioner type runs where: the deploy runner holds every credential of the deploy. */
const WHERE: Readonly<Record<string, string>> = {
  "local-exec": "runs its command on the deploy runner, with the deploy's credentials",
  file: "copies the deploy runner's files to the host its connection names",
  "remote-exec": "runs on the host its connection names",
};

/** What the plan does to an object, as the flag says it. */
const DONE: Readonly<Record<string, string>> = { create: "created", replace: "replaced", delete: "destroyed", update: "updated" };

/** The changes of the plan by configuration address: what it does to each instance of a resource. */
function instancesByResource(plan: PlanJson): Map<string, { address: string; kind: string }[]> {
  const out = new Map<string, { address: string; kind: string }[]>();
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode !== "managed") continue;
    const { kind } = kindOf(rc);
    if (DONE[kind] === undefined) continue;
    const key = configAddress(rc);
    out.set(key, [...(out.get(key) ?? []), { address: rc.address, kind }]);
  }
  return out;
}

/** `created`, or for several instances `3 instances: created 2, destroyed 1`. */
function doneText(kinds: readonly string[]): string {
  if (kinds.length === 1) return DONE[kinds[0] ?? ""] ?? "changed";
  const counts = Object.keys(DONE)
    .map((k) => [DONE[k], kinds.filter((x) => x === k).length] as const)
    .filter(([, n]) => n > 0);
  return `${kinds.length} instances: ${counts.map(([d, n]) => `${d} ${n}`).join(", ")}`;
}

/** When the provisioner runs, for what this plan does to its resource. */
function whenItRuns(kinds: readonly string[], when: ConfiguredProvisioner["when"]): string {
  if (kinds.length === 0) return "no change in this plan: it runs at the next create, replace (a changed trigger, -replace) or destroy";
  const done = `${doneText(kinds)} in this plan`;
  const has = (k: string): boolean => kinds.includes(k);
  if (when === undefined) {
    if (has("create") || has("replace") || has("delete"))
      return `${done}: it runs in this apply, at create, or at destroy if it is a destroy-time provisioner (the plan JSON does not say which)`;
    return `${done}: an update runs no provisioner, but the plan cannot tell whether this one is new or changed; it runs at the next create, replace or destroy`;
  }
  const now = has("replace") || (when === "destroy" ? has("delete") : has("create"));
  return now ? `${done}: it runs in this apply (when = ${when})` : `${done}: when = ${when}, it runs at the next ${when} or replace`;
}

/** One argument's expression: its constant value as the review shows values, else what it is computed from. */
function expressionText(expression: unknown, show: ShowValue): string {
  if (isRecord(expression) && "constant_value" in expression) return show(expression.constant_value);
  if (isRecord(expression) && Array.isArray(expression.references))
    return `(computed from ${show([...new Set(expression.references.map(String))])})`;
  if (isRecord(expression) && Object.keys(expression).length === 0) return "(computed: neither a constant nor a reference in the plan)";
  return show(expression);
}

function provisionerDetail(p: ConfiguredProvisioner, i: number, n: number, kinds: readonly string[], show: ShowValue): string {
  const which = n > 1 ? ` (${i + 1} of ${n})` : "";
  const where = WHERE[p.type];
  const args = p.expressions.map(([k, e]) => `${k} = ${expressionText(e, show)}`);
  if (p.onFailure !== undefined) args.push(`on_failure = ${show(p.onFailure)}`);
  return `${p.type} provisioner${which}${where ? ` ${where}` : ""}; ${whenItRuns(kinds, p.when)}; ${args.length > 0 ? args.join("; ") : "no arguments in the plan"}`;
}

/**
 * Whether a provisioner is flagged: every one of a resource the plan creates, replaces, destroys or
 * updates (the plan JSON says neither `when` nor what the provisioners were before), and a local-exec,
 * any provisioner of a terraform_data or null_resource, or one of a type golive does not know (an
 * unreadable one too) whatever the plan does.
 */
function flagged(resource: ProvisionedResource, p: ConfiguredProvisioner, changed: boolean): boolean {
  return changed || p.type === "local-exec" || PROVISIONER_HOLDERS.has(resource.type) || WHERE[p.type] === undefined;
}

function findings(plan: PlanJson, show: ShowValue): PlanFinding[] {
  const resources = provisionedResources(plan);
  if (resources.length === 0) return [];
  const byResource = instancesByResource(plan);
  return resources.flatMap((r) => {
    const instances = byResource.get(r.address) ?? [];
    const kinds = instances.map((x) => x.kind);
    // One changed instance is named; several, or none, by the resource's configuration address.
    const address = instances.length === 1 ? (instances[0]?.address ?? r.address) : r.address;
    return r.provisioners.flatMap((p, i) =>
      flagged(r, p, instances.length > 0)
        ? [{ address, configAddress: r.address, detail: provisionerDetail(p, i, r.provisioners.length, kinds, show) }]
        : [],
    );
  });
}

export const provisionerRuns: RiskRule = {
  id: "provisioner-runs",
  title: "Provisioner runs commands outside the plan",
  explanation:
    "A provisioner runs when Terraform creates or destroys its resource, and nothing it does is in the plan: a local-exec runs its command on the deploy runner, which holds the deploy role, CLOUDFLARE_API_TOKEN, ORIGIN_PULL_PRIVATE_KEY and every TF_VAR_* secret; a file provisioner copies the runner's files to a host; a remote-exec runs on a host the configuration names. golive declares none. The plan JSON does not say whether a provisioner runs at create or at destroy (`when`), nor what it was before, so each is flagged when its resource is created, replaced, destroyed or updated, and a local-exec, or any provisioner of a terraform_data or null_resource, whatever the plan does.",
  // None: provisioners are read from the plan's configuration (checkPlan), not from a change.
  types: [],
  check: () => [],
  checkPlan: findings,
};
