import type { StackInput } from "../../lib/core/readiness/model";
import { blocksOf, check, clone, envConfig, exampleEnv, messages, ruleById } from "./support";

/**
 * Zone-level resources count only in the environment's zone (zone-scope.ts): an override that points
 * them at another zone leaves the app's zone with none of them.
 */
const ZONE_TYPES = [
  "cloudflare_zone_setting",
  "cloudflare_ruleset",
  "cloudflare_zone_dnssec",
  "cloudflare_url_normalization_settings",
  "cloudflare_authenticated_origin_pulls_settings",
];
const EDGE_RULES = [
  "GL-EDGE-001",
  "GL-EDGE-002",
  "GL-EDGE-003",
  "GL-EDGE-004",
  "GL-EDGE-006",
  "GL-EDGE-007",
  "GL-EDGE-008",
  "GL-EDGE-009",
  "GL-EDGE-010",
  "GL-CSRF-001",
  "GL-AUTH-002",
];
const OTHER_ZONE = "fedcba9876543210fedcba9876543210";

function results(example: { stacks: StackInput[] }, config: ReturnType<typeof envConfig>, edit: (s: StackInput[]) => void) {
  const stacks = clone(example.stacks);
  edit(stacks);
  return Object.fromEntries(EDGE_RULES.map((id) => [id, messages(check(ruleById(id), stacks, { config }))]));
}

function pointElsewhere(s: StackInput[], zoneId: string): number {
  let moved = 0;
  for (const type of ZONE_TYPES)
    for (const b of blocksOf(s, type)) {
      b.attrs.zone_id = zoneId;
      moved++;
    }
  return moved;
}

describe("zone resources count only in the environment's zone", () => {
  const created = exampleEnv();
  const adopted = exampleEnv([[["cloudflare", "zone", "id"], "abcdefabcdefabcdefabcdefabcdef12"]]);

  test("the example passes, whether the stack creates the zone or adopts it by id", () => {
    for (const example of [created, adopted]) {
      const out = results(example, envConfig(example.cfg), () => {});
      expect(Object.entries(out).filter(([, m]) => m.length > 0)).toEqual([]);
    }
  });

  test("fails every edge rule when its settings, rulesets, DNSSEC, normalization and origin pulls name another zone", () => {
    let moved = 0;
    const out = results(created, envConfig(created.cfg), (s) => {
      moved = pointElsewhere(s, OTHER_ZONE);
    });
    expect(moved).toBe(19);
    for (const id of EDGE_RULES) expect([id, out[id]?.length ?? 0]).not.toEqual([id, 0]);
    expect(out["GL-EDGE-004"]).toEqual([
      `its zone_id is "${OTHER_ZONE}", another zone, not this environment's zone (\${cloudflare_zone.Zone_A5DE4B68.id}): what it declares does not reach the zone the app is served from, so it is not counted; point zone_id at the environment's zone`,
      "no cloudflare_zone_dnssec is declared for the zone",
    ]);
  });

  test("fails an adopted zone's resources moved to another literal id, and a zone_id no zone of the environment has", () => {
    const literal = results(adopted, envConfig(adopted.cfg), (s) => pointElsewhere(s, OTHER_ZONE));
    expect(literal["GL-EDGE-004"]).toContainEqual(
      expect.stringMatching(/^its zone_id is "fedcba.+", another zone, not this environment's zone \("abcdef/),
    );
    const unknown = results(created, envConfig(created.cfg), (s) => pointElsewhere(s, "${var.zone_id}"));
    expect(unknown["GL-EDGE-004"]).toContainEqual(
      expect.stringMatching(
        /^cannot tell which zone it applies to: its zone_id is the expression \$\{var\.zone_id\}, not this environment's zone/,
      ),
    );
  });

  test("fails GL-EDGE-004 when the stacks' own zone is not the config's: another zone created, or another id adopted, with every resource moved along", () => {
    const renamed = results(created, envConfig(created.cfg), (s) => {
      for (const b of blocksOf(s, "cloudflare_zone")) b.attrs.name = "example.org";
    });
    expect(renamed["GL-EDGE-004"]).toEqual([
      "the stacks create the zone example.org, but cloudflare.zone.name is example.com: what the stacks declare signs another zone",
    ]);
    const readopted = results(adopted, envConfig(adopted.cfg), (s) => {
      for (const b of blocksOf(s, "cloudflare_zone", "data")) b.attrs.zone_id = OTHER_ZONE;
      pointElsewhere(s, OTHER_ZONE);
    });
    expect(readopted["GL-EDGE-004"]).toEqual([
      `the stacks adopt the zone "${OTHER_ZONE}", but cloudflare.zone.id is "abcdefabcdefabcdefabcdefabcdef12": what the stacks declare signs another zone`,
    ]);
  });
});
