import { exampleConfig } from "../helpers/example-config";
import { resourcesOf, synthKind, type SynthJson } from "../helpers/synth";

const ADOPTED_ID = "fedcba9876543210fedcba9876543210";
/** rate_plan.id values the provider accepts (internal/services/zone_subscription/schema.go, v5.14.0). */
const PROVIDER_RATE_PLANS = ["free", "lite", "pro", "pro_plus", "business", "enterprise"];

const edge = synthKind(exampleConfig(), "edge");
const adopted = synthKind(exampleConfig([[["cloudflare", "zone", "id"], ADOPTED_ID]]), "edge");

function subscriptions(json: SynthJson): [string, Record<string, unknown>][] {
  return resourcesOf(json, "cloudflare_zone_subscription");
}

describe("zone plan", () => {
  test("a zone golive creates is subscribed to cloudflare.plan (cloudflare_zone.plan is read-only in v5)", () => {
    const subs = subscriptions(edge);
    expect(subs).toHaveLength(1);
    expect(subs[0]?.[1]).toMatchObject({ zone_id: "${cloudflare_zone.Zone_A5DE4B68.id}", rate_plan: { id: "pro" } });
    // frequency is left to the API: a value the plan does not support plans a diff on every run.
    expect(subs[0]?.[1]).not.toHaveProperty("frequency");
    expect(resourcesOf(edge, "cloudflare_zone")[0]?.[1]).not.toHaveProperty("plan");
  });

  test.each(["pro", "business", "enterprise"])("plan %s is a rate plan id the provider accepts", (plan) => {
    const cfg = exampleConfig([
      [["cloudflare", "plan"], plan],
      [["edge", "rateLimits"], undefined],
    ]);
    const id = (subscriptions(synthKind(cfg, "edge"))[0]?.[1].rate_plan as { id?: string } | undefined)?.id;
    expect(id).toBe(plan);
    expect(PROVIDER_RATE_PLANS).toContain(id);
  });

  test("a zone created on free declares no subscription (the API has none for Free: provider issue #7083), and its rulesets wait for nothing", () => {
    const free = synthKind(
      exampleConfig([
        [["cloudflare", "plan"], "free"],
        [["edge", "waf", "managed"], { cloudflare: false, owasp: false }],
        [["edge", "rateLimits"], undefined],
      ]),
      "edge",
    );
    expect(subscriptions(free)).toEqual([]);
    expect(resourcesOf(free, "cloudflare_zone")).toHaveLength(1);
    const rulesets = resourcesOf(free, "cloudflare_ruleset");
    expect(rulesets.length).toBeGreaterThan(0);
    for (const [, r] of rulesets) expect(r).not.toHaveProperty("depends_on");
    expect(JSON.stringify(free)).not.toContain("cloudflare_zone_subscription");
  });

  test("every phase ruleset waits for the plan: what each phase may hold depends on it", () => {
    const [[subId]] = subscriptions(edge) as [[string, unknown]];
    const rulesets = resourcesOf(edge, "cloudflare_ruleset");
    expect(rulesets.length).toBeGreaterThan(0);
    for (const [, r] of rulesets) expect(r.depends_on).toEqual([`cloudflare_zone_subscription.${subId}`]);
  });

  test("an adopted zone's subscription is not managed and its rulesets depend on nothing", () => {
    expect(subscriptions(adopted)).toHaveLength(0);
    for (const [, r] of resourcesOf(adopted, "cloudflare_ruleset")) expect(r).not.toHaveProperty("depends_on");
  });

  test("protected resources keep their state addresses; the plan is a new child of the zone", () => {
    expect(Object.keys(edge.resource.cloudflare_zone ?? {})).toEqual(["Zone_A5DE4B68"]);
    expect(Object.keys(edge.resource.cloudflare_zone_dnssec ?? {})).toEqual(["Zone_Dnssec_077988C6"]);
    expect(subscriptions(edge)[0]?.[0]).toMatch(/^Zone_Plan_/);
  });
});

describe("DNSSEC and delegation", () => {
  test("DNSSEC is enabled on create and a pending status (DS not yet at the registrar) plans no change", () => {
    const [[, dnssec]] = resourcesOf(edge, "cloudflare_zone_dnssec") as [[string, Record<string, unknown>]];
    expect(dnssec).toMatchObject({
      status: "active",
      lifecycle: { prevent_destroy: true, ignore_changes: expect.arrayContaining(["status"]) },
    });
  });

  test.each([
    ["a created", edge],
    ["an adopted", adopted],
  ])("%s zone's DNSSEC ignores the optional bools Read stores (no `false -> null` on every plan) and does not declare them", (_, json) => {
    // Provider v5.14.0: Optional, not Computed (internal/services/zone_dnssec/schema.go:32,36,40).
    const [[, dnssec]] = resourcesOf(json, "cloudflare_zone_dnssec") as [[string, Record<string, unknown>]];
    expect(dnssec.lifecycle).toEqual({
      prevent_destroy: true,
      ignore_changes: ["status", "dnssec_multi_signer", "dnssec_presigned", "dnssec_use_nsec3"],
    });
    for (const attr of ["dnssec_multi_signer", "dnssec_presigned", "dnssec_use_nsec3"]) expect(dnssec).not.toHaveProperty(attr);
  });

  test("the DS record and the name servers are outputs that say what to do at the registrar", () => {
    expect(edge.output?.dnssec_ds_record).toMatchObject({ value: "${cloudflare_zone_dnssec.Zone_Dnssec_077988C6.ds}" });
    expect(String(edge.output?.dnssec_ds_record?.description)).toMatch(/registrar/);
    expect(edge.output?.name_servers).toMatchObject({ value: "${cloudflare_zone.Zone_A5DE4B68.name_servers}" });
    expect(String(edge.output?.name_servers?.description)).toMatch(/name servers at the registrar/);
  });

  test("an adopted zone's name servers are read, not managed", () => {
    const zones = Object.entries(adopted.data?.cloudflare_zone ?? {});
    expect(zones).toHaveLength(1);
    const [zoneId, zone] = zones[0] as [string, Record<string, unknown>];
    expect(zone.zone_id).toBe(ADOPTED_ID);
    expect(adopted.output?.name_servers?.value).toBe(`\${data.cloudflare_zone.${zoneId}.name_servers}`);
  });
});
