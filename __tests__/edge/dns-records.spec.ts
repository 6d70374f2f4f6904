import { configErrorText, exampleConfig } from "../helpers/example-config";
import { resourcesOf, synthKind } from "../helpers/synth";
import { desiredEdgeRecords } from "../../lib/features/edge/dns-records";

const EXAMPLE_TXT = { name: "example.com", type: "TXT", content: "google-site-verification=EXAMPLE-not-a-real-token" };

const edge = synthKind(exampleConfig(), "edge");
const records: Record<string, unknown>[] = resourcesOf(edge, "cloudflare_dns_record").map(([id, r]) => ({ ...r, id }));
const at = (name: string, type: string) => records.filter((r) => r.name === name && r.type === type);

describe("edge DNS records", () => {
  test("app hostnames point at their origins, proxied", () => {
    expect(at("chat.example.com", "A")).toEqual([expect.objectContaining({ content: "192.0.2.11", proxied: true, ttl: 1 })]);
    expect(at("api.example.com", "CNAME")).toEqual([expect.objectContaining({ content: "origin-api.example.net", proxied: true, ttl: 1 })]);
    expect(at("example.com", "A")).toEqual([expect.objectContaining({ content: "192.0.2.10", proxied: true })]);
  });

  test("every proxied record has ttl 1 and every DNS-only record a real ttl", () => {
    for (const r of records) {
      if (r.proxied === true) expect(r.ttl).toBe(1);
      else expect(r.ttl).toBeGreaterThanOrEqual(60);
    }
  });

  test("redirect-only names get a proxied placeholder record so the redirect can answer", () => {
    expect(at("www.example.com", "AAAA")).toEqual([expect.objectContaining({ content: "100::", proxied: true })]);
    expect(at("old.example.com", "AAAA")).toEqual([expect.objectContaining({ content: "100::", proxied: true })]);
  });

  test("extra TXT records are quoted and split into 255-character strings", () => {
    const long = `v=verify ${"x".repeat(600)}`;
    const cfg = exampleConfig([[["edge", "dns"], [{ name: "example.com", type: "TXT", content: long }]]]);
    const txt = resourcesOf(synthKind(cfg, "edge"), "cloudflare_dns_record").find(([, r]) => r.type === "TXT")?.[1];
    const content = String(txt?.content);
    const parts = content.match(/"[^"]*"/g) ?? [];
    expect(parts).toHaveLength(3);
    expect(parts.every((p) => p.length - 2 <= 255)).toBe(true);
    expect(parts.map((p) => p.slice(1, -1)).join("")).toBe(long);
  });

  test("MX records carry their priority", () => {
    // Without the email section: its MTA-STS policy would (rightly) demand this MX be listed there.
    const cfg = exampleConfig([
      [["email"], undefined],
      [["edge", "dns"], [{ name: "example.com", type: "MX", content: "mx.example.net", priority: 10 }]],
    ]);
    const mx = resourcesOf(synthKind(cfg, "edge"), "cloudflare_dns_record").find(([, r]) => r.type === "MX")?.[1];
    expect(mx).toMatchObject({ content: "mx.example.net", priority: 10, proxied: false, ttl: 300 });
  });

  test("record ids are stable: reordering config records does not change addresses", () => {
    const a = { name: "example.com", type: "TXT", content: "one" };
    const b = { name: "example.com", type: "TXT", content: "two" };
    const ids = (dns: unknown[]) =>
      resourcesOf(synthKind(exampleConfig([[["edge", "dns"], dns]]), "edge"), "cloudflare_dns_record")
        .map(([id]) => id)
        .sort();
    expect(ids([a, b])).toEqual(ids([b, a]));
  });

  test("record ids are the state addresses records have always had: <type>-<name>-<32-bit hash of the content>", () => {
    const dns = [
      { name: "example.com", type: "TXT", content: "google-site-verification=EXAMPLE-not-a-real-token" },
      { name: "example.com", type: "TXT", content: "v=spf-like other" },
      { name: "_sip._tcp.example.com", type: "SRV", content: "5 5060 sip.example.com", priority: 10 },
      { name: "docs.example.com", type: "CNAME", content: "x.example.net" },
      { name: "example.com", type: "CAA", content: '0 issue "digicert.com"' },
    ];
    const keys = (cfg: ReturnType<typeof exampleConfig>) =>
      desiredEdgeRecords(cfg)
        .filter((r) => r.source[1] === "dns")
        .map((r) => r.key);
    expect(keys(exampleConfig([[["edge", "dns"], dns]]))).toEqual([
      "txt-example-com-a25fb386",
      "txt-example-com-64d12b0f",
      "srv-sip-tcp-example-com-dfdbbcbc",
      "cname-docs-example-com-8cc50432",
      "caa-example-com-8ce5e522",
    ]);
    expect(keys(exampleConfig())).toEqual(["txt-example-com-a25fb386"]);
    expect(keys(exampleConfig([], "staging"))).toEqual(["txt-example-net-a25fb386"]);
  });

  test("two records at one name whose contents share a 32-bit hash both synthesize, each under its own longer id", () => {
    // FNV-1a gives both "v=10wl8" and "v=1xqd6" bdffe282: one id, and synth refused the second construct.
    const a = { name: "x.example.com", type: "TXT", content: "v=10wl8" };
    const b = { name: "x.example.com", type: "TXT", content: "v=1xqd6" };
    const txt = (dns: unknown[]) =>
      resourcesOf(
        synthKind(
          exampleConfig([
            [
              ["edge", "dns"],
              [EXAMPLE_TXT, ...dns],
            ],
          ]),
          "edge",
        ),
        "cloudflare_dns_record",
      )
        .filter(([, r]) => r.name === "x.example.com")
        .map(([id, r]) => [id, r.content])
        .sort();
    const both = txt([a, b]);
    expect(both.map(([, content]) => content).sort()).toEqual(['"v=10wl8"', '"v=1xqd6"']);
    expect(new Set(both.map(([id]) => id)).size).toBe(2);
    for (const [id] of both) expect(String(id)).toMatch(/_txt-x-example-com-[0-9a-f]{16}_/);
    expect(txt([b, a])).toEqual(both);
    // Alone, each keeps its short id.
    expect(txt([a]).map(([id]) => String(id))).toEqual([expect.stringMatching(/_txt-x-example-com-bdffe282_/)]);
  });
});

describe("edge DNS records that cannot resolve", () => {
  test("fails on a CNAME whose target is its own name, as an app hostname's origin already does", () => {
    const cname = (content: string) => configErrorText([[["edge", "dns"], [{ name: "c.example.com", type: "CNAME", content }]]]);
    const message =
      'config/production.yaml: edge.dns[0].content: CNAME target "c.example.com" is the record\'s name itself; give the hostname it is an alias of';
    expect(cname("c.example.com")).toBe(message);
    expect(cname("c.example.com.")).toBe(message.replace('"c.example.com"', '"c.example.com."'));
    // A target with a record of its own, and one outside the zone, resolve.
    expect(cname("chat.example.com")).toBe("");
    expect(cname("d.example.net")).toBe("");
  });

  test("fails on a CNAME target inside the zone that no record names: the edge stack owns the zone, so it never resolves", () => {
    expect(configErrorText([[["edge", "dns"], [{ name: "c.example.com", type: "CNAME", content: "d.example.com" }]]])).toBe(
      'config/production.yaml: edge.dns[0].content: CNAME target "d.example.com" is inside the zone example.com, which this environment\'s edge stack owns, but no record in edge.dns or edge.hostnames has that name, so it never resolves and Cloudflare cannot reach it; allowed: an A, AAAA or CNAME record for d.example.com in edge.dns, an IP address, or a hostname outside the zone',
    );
  });
});
