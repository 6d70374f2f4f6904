import { Testing, TerraformStack } from "cdktf";
import { z } from "zod";
import { NotificationPolicies } from "../../lib/features/monitoring/constructs/notification-policies";
import { poolHealthNotification } from "../../lib/features/monitoring/notifications";
import { exampleConfig } from "../helpers/example-config";
import { resourcesOf, synthKind } from "../helpers/synth";

const prod = exampleConfig();
const traffic = synthKind(prod, "traffic");
const poolRefs = (json: typeof traffic) =>
  resourcesOf(json, "cloudflare_load_balancer_pool")
    .map(([id]) => `\${cloudflare_load_balancer_pool.${id}.id}`)
    .sort();
const Filters = z.object({ pool_id: z.array(z.string()), event_source: z.array(z.string()), new_health: z.array(z.string()) });
const lbPolicies = (json: typeof traffic) =>
  resourcesOf(json, "cloudflare_notification_policy").filter(([, r]) => r.alert_type === "load_balancing_health_alert");

describe("load-balancer health alerts: this environment's pools only", () => {
  test("the traffic stack's pool health policy filters on exactly its own pools, so another environment's pool never pages", () => {
    const policies = lbPolicies(traffic);
    expect(policies).toHaveLength(1);
    const [id, policy] = policies[0]!;
    expect(id).toMatch(/^Alerts_pool-health_/);
    expect(policy).toMatchObject({
      account_id: prod.cloudflare.accountId,
      name: "opsbot-production load balancer pool health",
      enabled: true,
      mechanisms: { email: [{ id: "oncall@example.com" }, { id: "platform@example.com" }] },
    });
    const filters = Filters.parse(policy.filters);
    expect(filters).toMatchObject({ event_source: ["pool", "origin"], new_health: ["Unhealthy", "Healthy"] });
    expect([...filters.pool_id].sort()).toEqual(poolRefs(traffic));
    expect(poolRefs(traffic)).toHaveLength(2);
  });

  test("staging's policy filters on staging's pools and is named for staging", () => {
    const staging = synthKind(exampleConfig([], "staging"), "traffic");
    const policies = lbPolicies(staging);
    expect(policies).toHaveLength(1);
    const [, policy] = policies[0]!;
    expect(policy.name).toBe("opsbot-staging load balancer pool health");
    expect([...Filters.parse(policy.filters).pool_id].sort()).toEqual(poolRefs(staging));
  });

  test("loadBalancingHealth false or no monitoring section: no pool health policy", () => {
    expect(poolHealthNotification(exampleConfig([[["monitoring", "cloudflare", "loadBalancingHealth"], false]]))).toBeUndefined();
    expect(lbPolicies(synthKind(exampleConfig([[["monitoring"], undefined]]), "traffic"))).toEqual([]);
  });

  test("fails to render a pool-filtered policy without pool ids (it would cover every pool of the account)", () => {
    const spec = poolHealthNotification(prod);
    expect(spec).toBeDefined();
    const stack = new TerraformStack(Testing.app(), "s");
    expect(() => new NotificationPolicies(stack, "Alerts", { accountId: "a", poolIds: [], policies: [spec!] })).toThrow(
      "notification policy pool-health: its pool filter has no value",
    );
  });
});
