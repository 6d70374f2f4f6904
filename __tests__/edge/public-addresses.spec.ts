import { configErrorText } from "../helpers/example-config";

const F = "config/production.yaml";
const origin = (value: string) => [["edge", "hostnames", 1, "origin"], value] as const;
const record = (content: string, proxied: boolean, type = "A") =>
  [["edge", "dns"], [{ name: "internal.example.com", type, content, proxied }]] as const;
const NO_MONITORING = [["monitoring"], undefined] as const;

describe("proxied origins and records are public addresses (Cloudflare error 9003, Route 53 health checks)", () => {
  test("the examples' documentation-range origins (RFC 5737) load as they are, as placeholders", () => {
    expect(configErrorText([])).toBe("");
    for (const placeholder of ["198.51.100.7", "203.0.113.9", "2001:db8::10"]) expect(configErrorText([origin(placeholder)])).toBe("");
  });

  test("fails on a blue/green pool origin Cloudflare cannot reach without a virtual network (private, loopback)", () => {
    const pool = (address: string) => [["release", "pools", "green", "origins", 0, "address"], address] as const;
    expect(configErrorText([pool("10.1.2.3")])).toBe(
      `${F}: release.pools.green.origins[0].address: got "10.1.2.3", a private address (10.0.0.0/8, RFC 1918), which a Cloudflare pool cannot reach; allowed: a public IP address or a hostname (a CI runner that reaches the origins privately: promote --watch --origin-address)`,
    );
    expect(configErrorText([pool("::1")])).toContain('release.pools.green.origins[0].address: got "::1", a loopback address');
    expect(configErrorText([pool("192.0.2.77")])).toBe("");
  });

  test("fails on a proxied hostname whose origin is loopback, private, link-local, CGNAT, unspecified, multicast or IPv4-mapped", () => {
    expect(configErrorText([origin("127.0.0.1")])).toBe(
      `${F}: edge.hostnames[1].origin: got "127.0.0.1", a loopback address (127.0.0.0/8, RFC 1122), which Cloudflare does not proxy to (error 9003); allowed: a public IP address or a hostname`,
    );
    const cases: readonly (readonly [string, string])[] = [
      ["10.0.0.1", "a private address (10.0.0.0/8, RFC 1918)"],
      ["0.0.0.0", "an unspecified address (0.0.0.0/8, RFC 1122)"],
      ["169.254.10.1", "a link-local address (169.254.0.0/16, RFC 3927)"],
      ["100.64.1.1", "a shared (CGNAT) address (100.64.0.0/10, RFC 6598, carrier-grade NAT)"],
      ["224.0.0.5", "a multicast address (224.0.0.0/4, RFC 5771)"],
      ["fd00::1", "a private address (fc00::/7, RFC 4193, unique local)"],
      ["fe80::1", "a link-local address (fe80::/10, RFC 4291)"],
      ["::1", "a loopback address (::1/128, RFC 4291)"],
    ];
    for (const [address, what] of cases)
      expect(configErrorText([origin(address)])).toBe(
        `${F}: edge.hostnames[1].origin: got "${address}", ${what}, which Cloudflare does not proxy to (error 9003); allowed: a public IP address or a hostname`,
      );
    // An IPv4-mapped address is refused once, as such, whatever its IPv4 address.
    expect(configErrorText([origin("::ffff:10.0.0.1")])).toBe(
      `${F}: edge.hostnames[1].origin: ::ffff:10.0.0.1 is an IPv4-mapped IPv6 address; allowed: the IPv4 address itself (10.0.0.1) or a native IPv6 address`,
    );
  });

  test("fails on a proxied A record to a private address; the same record DNS-only (split horizon) and proxied placeholders load", () => {
    expect(configErrorText([record("192.168.1.1", true)])).toBe(
      `${F}: edge.dns[0].content: got "192.168.1.1", a private address (192.168.0.0/16, RFC 1918), which Cloudflare does not proxy to (error 9003); allowed: a public address, or proxied: false for a DNS-only (split-horizon) record`,
    );
    expect(configErrorText([record("fe80::1", true, "AAAA")])).toContain(`${F}: edge.dns[0].content: got "fe80::1", a link-local address`);
    expect(configErrorText([record("192.168.1.1", false)])).toBe("");
    expect(configErrorText([record("::1", false, "AAAA")])).toBe("");
    // Cloudflare's documented originless record for a Worker-only hostname, and a documentation address.
    expect(configErrorText([record("100::", true, "AAAA")])).toBe("");
    expect(configErrorText([record("192.0.2.1", true)])).toBe("");
  });

  test("a DNS-only hostname may have a private origin, unless monitoring checks it (Route 53 reaches only public addresses)", () => {
    const dnsOnly = [["edge", "hostnames", 1, "proxied"], false] as const;
    expect(configErrorText([origin("10.0.0.5"), dnsOnly, NO_MONITORING])).toBe("");
    expect(configErrorText([origin("10.0.0.5"), dnsOnly])).toBe(
      `${F}: edge.hostnames[1].origin: got "10.0.0.5", a private address (10.0.0.0/8, RFC 1918), which Route 53 health checks cannot reach (monitoring checks every edge hostname); allowed: a public address`,
    );
    expect(configErrorText([origin("192.0.2.99"), dnsOnly])).toBe("");
  });

  test("a proxied 100:: origin loads, but not with origin checks: Route 53 would check an address nothing answers", () => {
    expect(configErrorText([origin("100::")])).toBe(
      `${F}: edge.hostnames[1].origin: got "100::", a discard-only address (100::/64, RFC 6666), which Route 53 health checks cannot reach (monitoring checks each origin); allowed: a public address, or monitoring.checkOrigins: false`,
    );
    const noOriginChecks = [
      [["monitoring", "checkOrigins"], false],
      [["monitoring", "latency"], { hostname: "example.com", target: "edge", p95Ms: 500 }],
    ] as const;
    expect(configErrorText([origin("100::"), ...noOriginChecks])).toBe("");
  });

  test("fails when a checked origin is a 6to4 or Teredo address: Route 53 excludes RFC 5735 / RFC 5156 ranges", () => {
    expect(configErrorText([origin("2002:c000:204::1")])).toBe(
      `${F}: edge.hostnames[1].origin: got "2002:c000:204::1", a transition-mechanism address (2002::/16, RFC 3056, 6to4), which Route 53 health checks cannot reach (monitoring checks each origin); allowed: a public address, or monitoring.checkOrigins: false`,
    );
    expect(configErrorText([origin("192.88.99.7"), [["edge", "hostnames", 1, "proxied"], false]])).toContain(
      `got "192.88.99.7", a transition-mechanism address (192.88.99.0/24, RFC 7526, deprecated 6to4 relay anycast), which Route 53`,
    );
    expect(configErrorText([origin("2001:0:4136:e378::1"), NO_MONITORING])).toBe("");
  });
});
