/**
 * The monitoring stack's Cloudflare notification policies (certificate events, service-token expiry)
 * reach the on-call by their `enabled` flag and their email mechanisms: disabled, deleted, or with the
 * on-call address removed or swapped for another, the alert reaches nobody it did. Each is alerting
 * weakened (lib/features/monitoring/risks-notifications.ts), in the configuration diff and in a plan.
 */
import { exampleConfig } from "../helpers/example-config";
import { configReviewFlags, details, planTextFlags } from "../helpers/plan-reviews";
import { resourcesOf, type SynthJson, synthKind } from "../helpers/synth";

type Json = Record<string, unknown>;

const monitoring = (): SynthJson => synthKind(exampleConfig(), "monitoring");

/** The first notification policy of a synthesized stack: [logical id, block]. */
function firstPolicy(json: SynthJson): [string, Json] {
  const [found] = resourcesOf(json, "cloudflare_notification_policy");
  if (!found) throw new Error("no cloudflare_notification_policy in the monitoring stack");
  return found;
}

/** The flags of the configuration diff of one edit of the first notification policy. */
function edited(edit: (policy: Json, head: SynthJson) => void): string[] {
  const [base, head] = [monitoring(), monitoring()];
  edit(firstPolicy(head)[1], head);
  return details(configReviewFlags(base, head));
}

const policyName = () => String(firstPolicy(monitoring())[1].name);
const emailsOf = (policy: Json): string[] => ((policy.mechanisms as { email: { id: string }[] }).email ?? []).map((e) => e.id);

describe("a Cloudflare notification policy silenced is alerting weakened", () => {
  test("fails closed when the policy is disabled", () => {
    expect(edited((p) => (p.enabled = false))).toEqual([
      `Cloudflare notification policy ${policyName()} disabled: its alerts reach nobody`,
    ]);
  });

  test("fails closed when its email goes to an outside address instead, or is removed", () => {
    const was = emailsOf(firstPolicy(monitoring())[1]);
    expect(was.length).toBeGreaterThan(0);
    const swapped = edited((p) => (p.mechanisms = { email: [{ id: "someone@outside.example" }] }));
    expect(swapped).toEqual(
      was.map((e) => `Cloudflare notification policy ${policyName()}: no longer alerts email ${e} (now email someone@outside.example)`),
    );
    const removed = edited((p) => (p.mechanisms = {}));
    expect(removed).toEqual(was.map((e) => `Cloudflare notification policy ${policyName()}: no longer alerts email ${e}`));
  });

  test("fails closed when the policy is deleted", () => {
    const found = edited((_p, head) => {
      const blocks = head.resource.cloudflare_notification_policy ?? {};
      delete blocks[firstPolicy(head)[0]];
    });
    expect(found).toEqual([`Cloudflare notification policy ${policyName()} deleted: its alerts reach nobody`]);
  });

  test("a plan whose mechanisms are known only after apply, or that renames the policy, raises nothing", () => {
    const policy = { account_id: "a", name: "opsbot-production ssl", enabled: true, mechanisms: { email: [{ id: "ops@example.com" }] } };
    const plan = (after: Json, afterUnknown: Json) =>
      JSON.stringify({
        format_version: "1.2",
        terraform_version: "1.11.4",
        resource_changes: [
          {
            address: "cloudflare_notification_policy.ssl",
            mode: "managed",
            type: "cloudflare_notification_policy",
            name: "ssl",
            provider_name: "registry.terraform.io/cloudflare/cloudflare",
            change: { actions: ["update"], before: policy, after, after_unknown: afterUnknown, before_sensitive: {}, after_sensitive: {} },
          },
        ],
      });
    const { mechanisms: _, ...rest } = policy;
    expect(planTextFlags(plan(rest, { mechanisms: true }))).toEqual([]);
    expect(planTextFlags(plan({ ...policy, name: "renamed" }, {}))).toEqual([]);
    expect(planTextFlags(plan({ ...policy, enabled: false }, {}))).toEqual([
      "alerting-loosened cloudflare_notification_policy.ssl: Cloudflare notification policy opsbot-production ssl disabled: its alerts reach nobody",
    ]);
  });
});
