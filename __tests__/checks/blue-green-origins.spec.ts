import { blocksOf, check, clone, envConfig, exampleEnv, messages, type Obj, ruleById } from "./support";

// GL-REL-001: a rollback switches the load balancer to the other colour's pool, which must be other servers
// once a release is in flight (idle, both pools on the same servers is how `golive init` starts).
describe("GL-REL-001 fails blue and green pools that share an origin while a release is in flight", () => {
  const example = exampleEnv();
  const rule = ruleById("GL-REL-001");
  const release = example.cfg.release;
  if (!release) throw new Error("the example has a release section");
  const config = envConfig({ ...example.cfg, release: { ...release, phase: "releasing", builds: { blue: "v1", green: "v2" } } });
  const idle = envConfig(example.cfg);
  const withGreen = (origins: (blue: Obj[]) => Obj[]) => {
    const stacks = clone(example.stacks);
    const pools = blocksOf(stacks, "cloudflare_load_balancer_pool");
    const blue = pools.find((p) => p.name.startsWith("Pool-blue"))?.attrs;
    const green = pools.find((p) => p.name.startsWith("Pool-green"))?.attrs;
    if (!blue || !green || !Array.isArray(blue.origins)) throw new Error("no blue and green pools");
    green.origins = origins(blue.origins as Obj[]);
    return messages(check(rule, stacks, { config }));
  };
  const rollsBackNothing = (origins: string) =>
    `pools opsbot-production-blue and opsbot-production-green share ${origins}: switching between them serves from the same servers, so a rollback undoes nothing`;

  test("the example passes: its colours are different servers", () => {
    expect(check(rule, example.stacks, { config })).toEqual({ kind: "compliant" });
  });

  test("fails when green's origins are a copy of blue's, naming them", () => {
    expect(withGreen((blue) => structuredClone(blue))).toEqual([rollsBackNothing("the origins 192.0.2.30, 192.0.2.31")]);
  });

  test("passes shared origins while idle: init starts both pools on the same servers, and release start refuses a build there", () => {
    const stacks = clone(example.stacks);
    const pools = blocksOf(stacks, "cloudflare_load_balancer_pool");
    const blue = pools.find((p) => p.name.startsWith("Pool-blue"))?.attrs;
    const green = pools.find((p) => p.name.startsWith("Pool-green"))?.attrs;
    if (!blue || !green) throw new Error("no blue and green pools");
    green.origins = structuredClone(blue.origins);
    expect(check(rule, stacks, { config: idle })).toEqual({ kind: "compliant" });
  });

  test("fails one shared origin, and one written another way (case, final dot, IPv6 form)", () => {
    expect(withGreen((blue) => [{ ...blue[0], name: "green-1" }])).toEqual([rollsBackNothing("the origin 192.0.2.30")]);
    const stacks = clone(example.stacks);
    for (const p of blocksOf(stacks, "cloudflare_load_balancer_pool"))
      p.attrs.origins = p.name.startsWith("Pool-blue")
        ? [
            { name: "blue-1", address: "Origin.Example.NET." },
            { name: "blue-2", address: "2001:db8::a" },
          ]
        : [
            { name: "green-1", address: "origin.example.net" },
            { name: "green-2", address: "2001:DB8:0:0::0A" },
          ];
    expect(messages(check(rule, stacks, { config }))).toEqual([rollsBackNothing("the origins origin.example.net, 2001:db8::a")]);
  });
});
