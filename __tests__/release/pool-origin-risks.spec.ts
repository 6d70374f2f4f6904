import { exampleConfig } from "../helpers/example-config";
import { plannedUpdate, synthBlock } from "../helpers/plan-reviews";
import { synthKind } from "../helpers/synth";

const POOL = "cloudflare_load_balancer_pool";
type Origin = { address: string; name: string; weight: number };

/** The production blue pool's plan of an update that gives its origins `edit`'s values. */
function poolFlags(edit: (origins: Origin[]) => Origin[]): string[] {
  const [name, pool] = synthBlock(synthKind(exampleConfig(), "traffic"), POOL, "Pool-blue");
  return plannedUpdate(POOL, name, pool, { ...pool, origins: edit(pool.origins as Origin[]) }, "traffic-production");
}

describe("plan review: a load-balancer pool's origins at another address", () => {
  test("an origin's address changed, or a new origin, is flagged", () => {
    expect(poolFlags((o) => o.map((x, i) => (i === 0 ? { ...x, address: "198.51.100.9" } : x)))).toEqual([
      expect.stringMatching(
        /^lb-weights-moved cloudflare_load_balancer_pool\.Pool-blue_\w+: opsbot-production-blue origin blue-1 address "192\.0\.2\.30" -> "198\.51\.100\.9": traffic goes to another server$/,
      ),
    ]);
    expect(poolFlags((o) => [...o, { address: "203.0.113.7", name: "extra", weight: 1 }])).toEqual([
      expect.stringMatching(/: opsbot-production-blue origin extra address \(new\) -> "203\.0\.113\.7": traffic goes to another server$/),
    ]);
  });

  test("origins reordered, reweighted or removed raise no flag", () => {
    expect(poolFlags((o) => [...o].reverse().map((x) => ({ ...x, weight: 0.5 })))).toEqual([]);
    expect(poolFlags((o) => o.slice(0, 1))).toEqual([]);
  });
});
