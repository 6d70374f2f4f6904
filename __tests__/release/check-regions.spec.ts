import { configErrorText, exampleConfig } from "../helpers/example-config";
import { resourcesOf, synthKind } from "../helpers/synth";

const F = "config/production.yaml";

function checkRegions(edits: Parameters<typeof exampleConfig>[0] = []): Map<string, unknown> {
  const json = synthKind(exampleConfig(edits), "traffic");
  return new Map(resourcesOf(json, "cloudflare_load_balancer_pool").map(([, r]) => [String(r.name), r.check_regions]));
}

describe("pool health-check regions", () => {
  test("every pool names its regions: unset means every data centre, which only Enterprise may use", () => {
    const regions = checkRegions();
    expect([...regions.keys()].sort()).toEqual(["opsbot-production-blue", "opsbot-production-green"]);
    for (const r of regions.values()) expect(r).toEqual(["ENAM"]);
  });

  test("configured regions are used per pool, in config order", () => {
    const regions = checkRegions([
      [
        ["release", "pools", "green", "checkRegions"],
        ["WEU", "EEU"],
      ],
    ]);
    expect(regions.get("opsbot-production-green")).toEqual(["WEU", "EEU"]);
    expect(regions.get("opsbot-production-blue")).toEqual(["ENAM"]);
  });

  test("fails on ALL_REGIONS (Enterprise only), an unknown code, an empty list or a region twice", () => {
    expect(configErrorText([[["release", "pools", "blue", "checkRegions"], ["ALL_REGIONS"]]])).toContain(
      `${F}: release.pools.blue.checkRegions[0]: `,
    );
    expect(configErrorText([[["release", "pools", "blue", "checkRegions"], ["EU"]]])).toContain(
      `${F}: release.pools.blue.checkRegions[0]: `,
    );
    expect(configErrorText([[["release", "pools", "blue", "checkRegions"], []]])).toContain(
      `${F}: release.pools.blue.checkRegions: must list at least one region`,
    );
    expect(
      configErrorText([
        [
          ["release", "pools", "blue", "checkRegions"],
          ["WEU", "WEU"],
        ],
      ]),
    ).toContain(`${F}: release.pools.blue.checkRegions: must not list a region twice`);
  });
});
