import { exampleConfig } from "../helpers/example-config";
import { resourcesOf, synthKind } from "../helpers/synth";

const edge = synthKind(exampleConfig(), "edge");
const settings = new Map(resourcesOf(edge, "cloudflare_zone_setting").map(([, r]) => [r.setting_id, r]));

describe("edge zone hardening", () => {
  test.each([
    ["ssl", "strict"],
    ["min_tls_version", "1.2"],
    ["tls_1_3", "on"],
    ["always_use_https", "on"],
    ["automatic_https_rewrites", "on"],
    ["0rtt", "off"],
    ["opportunistic_encryption", "on"],
    ["browser_check", "on"],
  ])("zone setting %s is the string %s", (id, value) => {
    expect(settings.get(id)?.value).toBe(value);
  });

  test("every zone setting targets the stack's zone", () => {
    for (const s of settings.values()) expect(s.zone_id).toBe("${cloudflare_zone.Zone_A5DE4B68.id}");
  });

  test("HSTS is on for at least a year with subdomains, preload as configured", () => {
    expect(settings.get("security_header")?.value).toEqual({
      strict_transport_security: { enabled: true, max_age: 31536000, include_subdomains: true, preload: false, nosniff: true },
    });
    const preloaded = synthKind(exampleConfig([[["edge", "hsts", "preload"], true]]), "edge");
    const hsts = resourcesOf(preloaded, "cloudflare_zone_setting").find(([, r]) => r.setting_id === "security_header");
    expect(hsts?.[1].value).toMatchObject({ strict_transport_security: { preload: true } });
  });

  test("the zone is created full-type in the account and protected from destroy", () => {
    const [[, zone]] = resourcesOf(edge, "cloudflare_zone") as [[string, Record<string, unknown>]];
    expect(zone).toMatchObject({
      name: "example.com",
      type: "full",
      account: { id: "0123456789abcdef0123456789abcdef" },
      lifecycle: { prevent_destroy: true },
    });
  });

  test("DNSSEC is active and protected from destroy", () => {
    const dnssec = resourcesOf(edge, "cloudflare_zone_dnssec");
    expect(dnssec).toHaveLength(1);
    expect(dnssec[0]?.[1]).toMatchObject({ status: "active", lifecycle: { prevent_destroy: true } });
  });

  test("an adopted zone id is used as is and no zone resource is created", () => {
    const adopted = synthKind(exampleConfig([[["cloudflare", "zone", "id"], "fedcba9876543210fedcba9876543210"]]), "edge");
    expect(resourcesOf(adopted, "cloudflare_zone")).toHaveLength(0);
    for (const [, r] of resourcesOf(adopted, "cloudflare_zone_setting")) expect(r.zone_id).toBe("fedcba9876543210fedcba9876543210");
    expect(resourcesOf(adopted, "cloudflare_zone_dnssec")[0]?.[1].zone_id).toBe("fedcba9876543210fedcba9876543210");
  });

  test("CAA allows only Cloudflare's CAs for issue and issuewild, with an iodef contact", () => {
    const caa = resourcesOf(edge, "cloudflare_dns_record")
      .filter(([, r]) => r.type === "CAA")
      .map(([, r]) => r.data);
    const issuers = (tag: string) =>
      caa
        .filter((d) => (d as { tag: string }).tag === tag)
        .map((d) => (d as { value: string }).value)
        .sort();
    expect(issuers("issue")).toEqual(["letsencrypt.org", "pki.goog", "sectigo.com", "ssl.com"]);
    expect(issuers("issuewild")).toEqual(issuers("issue"));
    expect(caa).toContainEqual({ flags: 0, tag: "iodef", value: "mailto:security@example.com" });
  });

  test("protected resources keep their state addresses (renaming a construct id would recreate them)", () => {
    expect(Object.keys(edge.resource.cloudflare_zone ?? {})).toEqual(["Zone_A5DE4B68"]);
    expect(Object.keys(edge.resource.cloudflare_zone_dnssec ?? {})).toEqual(["Zone_Dnssec_077988C6"]);
  });

  test("the provider has no credentials in the synthesized JSON", () => {
    expect(JSON.stringify(edge.provider ?? {})).not.toMatch(/token|key/i);
  });
});
