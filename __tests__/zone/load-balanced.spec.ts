import { join } from "node:path";
import { z } from "zod";
import { loadEnvironmentDns } from "../../lib/engines/zone/load";
import { renderZone } from "../../lib/engines/zone/render";
import { stackDns } from "../../lib/engines/zone/stack-records";
import { golive, tempDir } from "../helpers/cli";
import { checkZone } from "../helpers/nsd";
import { writeSynthOutput } from "../helpers/synth-output";

/**
 * A Cloudflare load balancer creates the DNS record of its hostname itself, and that record takes
 * precedence over an A, AAAA or CNAME of the same name
 * (https://developers.cloudflare.com/load-balancing/load-balancers/dns-records/). `golive zone` is
 * "what the world will see" (runbooks/dns-and-email-cutover.md): it names such a hostname, as a
 * comment, since no master-file record can stand for Cloudflare's answer.
 */

/** A load balancer as the traffic stack synthesizes it (lib/features/release/constructs/release-load-balancer.ts). */
const lb = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  zone_id: "${data.cloudflare_zone.Zone.id}",
  default_pools: ["${cloudflare_load_balancer_pool.Pool-blue_1.id}"],
  fallback_pool: "${cloudflare_load_balancer_pool.Pool-blue_1.id}",
  ...extra,
});
const trafficStack = (balancers: Record<string, unknown>) => ({
  data: { cloudflare_zone: { Zone: { filter: { name: "example.com" } } } },
  resource: { cloudflare_load_balancer: balancers },
});
const edgeStack = (records: Record<string, unknown>) => ({
  resource: { cloudflare_zone: { Zone: { name: "example.com" } }, cloudflare_dns_record: records },
});

const ZoneJson = z.object({
  text: z.string(),
  records: z.array(z.object({ name: z.string() })),
  loadBalanced: z.array(z.object({ name: z.string(), proxied: z.boolean(), enabled: z.boolean(), stack: z.string(), address: z.string() })),
});

describe("load-balanced hostnames in golive zone", () => {
  test("a stack's load balancers are read with their hostname, proxy mode and the provider's defaults", () => {
    const dns = stackDns(
      "traffic-production",
      trafficStack({
        LoadBalancer_1: lb("app.example.com", { proxied: true, enabled: true }),
        Plain: lb("api.example.com"),
        Tokens: lb("old.example.com", { proxied: "${var.proxied}", enabled: false }),
      }),
    );
    expect(dns.records).toEqual([]);
    expect(dns.loadBalanced).toEqual([
      {
        stack: "traffic-production",
        address: "cloudflare_load_balancer.LoadBalancer_1",
        name: "app.example.com",
        proxied: true,
        enabled: true,
      },
      { stack: "traffic-production", address: "cloudflare_load_balancer.Plain", name: "api.example.com", proxied: false, enabled: true },
      { stack: "traffic-production", address: "cloudflare_load_balancer.Tokens", name: "old.example.com", proxied: false, enabled: false },
    ]);
  });

  test("the zone file names each load-balanced hostname in a comment, never as a record, and still loads in nsd", () => {
    const zone = renderZone({
      zone: "example.com",
      records: [],
      values: new Map(),
      loadBalanced: [
        { stack: "traffic-production", address: "cloudflare_load_balancer.A", name: "app.example.com", proxied: true, enabled: true },
        { stack: "traffic-production", address: "cloudflare_load_balancer.B", name: "dns.example.com", proxied: false, enabled: false },
      ],
      stacks: ["traffic-production"],
    });
    const lines = zone.text.split("\n");
    expect(lines).toContain(
      "; app.example.com: load-balanced (proxied), record created by Cloudflare for the load balancer; declare no record for this name (traffic-production cloudflare_load_balancer.A)",
    );
    expect(lines).toContain(
      "; dns.example.com: load-balanced (DNS-only), the load balancer is disabled: Cloudflare serves this name's own records, if any (traffic-production cloudflare_load_balancer.B)",
    );
    expect(lines.filter((l) => /^(app|dns)\.example\.com\.? /.test(l))).toEqual([]);
    expect(zone.loadBalanced.map((l) => [l.name, l.proxied])).toEqual([
      ["app.example.com.", true],
      ["dns.example.com.", false],
    ]);
    expect(checkZone("example.com", zone.text).status).toBe(0);
  });

  test("golive zone lists the load balancers of the zone (text and --json); one in another zone is not exported", async () => {
    const dir = tempDir("golive-zone-lb-");
    const outdir = join(dir, "cdktf.out");
    // Three names only a load balancer answers for, in one SPF record: counted as void lookups they would be
    // three (at most two allowed, exit 1); a load-balanced name answers A queries.
    const spf = {
      name: "example.com",
      type: "TXT",
      ttl: 300,
      content: '"v=spf1 a:lb1.example.com a:lb2.example.com a:lb3.example.com -all"',
    };
    writeSynthOutput(outdir, {
      "edge-lbtest": edgeStack({ Spf: spf }),
      "traffic-lbtest": trafficStack({
        One: lb("lb1.example.com", { proxied: true }),
        Two: lb("lb2.example.com", { proxied: true }),
        Three: lb("lb3.example.com", { proxied: true }),
        Elsewhere: lb("app.example.org", { proxied: true }),
      }),
    });
    expect(loadEnvironmentDns(outdir, "lbtest").loadBalanced.map((l) => l.name)).toEqual([
      "lb1.example.com",
      "lb2.example.com",
      "lb3.example.com",
    ]);
    const text = await golive(["zone", "lbtest", "--dir", outdir], { cwd: dir });
    expect({ code: text.code, stderr: text.stderr }).toEqual({ code: 0, stderr: "" });
    expect(text.stdout.match(/^; lb\d\.example\.com: load-balanced \(proxied\), record created by Cloudflare/gm)).toHaveLength(3);
    expect(text.stdout).not.toContain("example.org");
    const json = ZoneJson.parse(JSON.parse((await golive(["zone", "lbtest", "--dir", outdir, "--json"], { cwd: dir })).stdout));
    expect(json.loadBalanced.map((l) => `${l.name} ${l.stack} ${l.address}`)).toEqual([
      "lb1.example.com. traffic-lbtest cloudflare_load_balancer.One",
      "lb2.example.com. traffic-lbtest cloudflare_load_balancer.Two",
      "lb3.example.com. traffic-lbtest cloudflare_load_balancer.Three",
    ]);
    expect(json.records.map((r) => r.name)).toEqual(["example.com."]);
  });
});
