import { configErrorText, type ConfigEdit, exampleConfig } from "../helpers/example-config";
import { resourcesOf, synthKind } from "../helpers/synth";
import { canonicalIpv6 } from "../../lib/core/ip-addresses";

/**
 * Record content is declared as the Cloudflare API stores it: the provider compares content exactly on
 * update (dns_record/resource.go, v5.14.0) and reads back the API's form, which drops a target's
 * trailing dot and writes IPv6 in RFC 5952 form; any other spelling plans `~ content` on every run.
 */

/** The WHATWG URL parser serializes an IPv6 host in RFC 5952 form: the oracle. */
const urlForm = (address: string) => new URL(`http://[${address}]/`).hostname.slice(1, -1);

// Without the email section: its MTA-STS policy would (rightly) demand an edge.dns MX be listed there.
const NO_EMAIL: ConfigEdit = [["email"], undefined];

const DOTTED = [
  { name: "example.com", type: "MX", content: "mx.example.net.", priority: 10 },
  { name: "hosting.example.com", type: "CNAME", content: "hosting.example.net." },
  { name: "_sip._tcp.example.com", type: "SRV", content: "5 5060 sip.example.net.", priority: 10 },
  { name: "_imap._tcp.example.com", type: "SRV", content: "0 0 .", priority: 0 },
];

function recordsOf(edits: readonly ConfigEdit[]): Record<string, unknown>[] {
  return resourcesOf(synthKind(exampleConfig([NO_EMAIL, ...edits]), "edge"), "cloudflare_dns_record").map(([, r]) => r);
}

const contentAt = (records: readonly Record<string, unknown>[], name: string, type: string) =>
  records.filter((r) => r.name === name && r.type === type).map((r) => r.content);

describe("record content is declared as Cloudflare stores it", () => {
  test("each CNAME, MX and SRV target written with a trailing dot is declared without it; the null target . stays", () => {
    const records = recordsOf([[["edge", "dns"], DOTTED]]);
    expect(contentAt(records, "example.com", "MX")).toEqual(["mx.example.net"]);
    expect(contentAt(records, "hosting.example.com", "CNAME")).toEqual(["hosting.example.net"]);
    // SRV targets are declared in `data` (SRV content is read-only in the API: srv-data.spec.ts).
    const srvTarget = (name: string) =>
      records.filter((r) => r.name === name && r.type === "SRV").map((r) => (r.data as { target?: string }).target);
    expect(srvTarget("_sip._tcp.example.com")).toEqual(["sip.example.net"]);
    expect(srvTarget("_imap._tcp.example.com")).toEqual(["."]);
  });

  test("a target written with or without its dot is the same record, under the address its config text always had", () => {
    const ids = (content: string) =>
      resourcesOf(
        synthKind(exampleConfig([NO_EMAIL, [["edge", "dns"], [{ name: "example.com", type: "MX", content, priority: 10 }]]]), "edge"),
        "cloudflare_dns_record",
      )
        .filter(([, r]) => r.type === "MX")
        .map(([id]) => id);
    // The id hashes the content as written, so records deployed before keep their state address.
    expect(ids("mx.example.net.")).not.toEqual(ids("mx.example.net"));
    const both = [
      { name: "example.com", type: "MX", content: "mx.example.net.", priority: 10 },
      { name: "example.com", type: "MX", content: "mx.example.net", priority: 10 },
    ];
    expect(configErrorText([NO_EMAIL, [["edge", "dns"], both]])).toContain(
      "edge.dns[1]: duplicate MX record for example.com (also at edge.dns[0])",
    );
  });

  test("config still accepts targets written with their trailing dot, as zone files and registrars write them", () => {
    expect(configErrorText([NO_EMAIL, [["edge", "dns"], DOTTED]])).toBe("");
  });

  const IPV6 = [
    "2001:DB8:0:0:0:0:0:11",
    "2001:DB8:0:0::10",
    "2001:0db8:0000:0000:0000:0000:0000:000a",
    "2001:db8:0:1:0:0:0:1",
    "2001:db8:0:0:1:0:0:1",
    "0:0:1:0:0:1:1:1",
    "1:1:1:0:0:1:0:0",
    "2001:db8:0:1:1:1:1:1",
    "::ffff:192.0.2.1",
    "::FFFF:C000:0201",
    "64:ff9b::198.51.100.7",
    "0:0:0:0:0:0:0:1",
    "0:0:0:0:0:0:0:0",
    "FE80:0:0:0:0:0:0:0",
    "2001:db8::",
  ];

  test.each(IPV6)("%s is written in RFC 5952 form, as the URL parser serializes it", (address) => {
    expect(canonicalIpv6(address)).toBe(urlForm(address));
  });

  test("addresses with random zero runs, letter case and leading zeros are written as the URL parser serializes them", () => {
    let seed = 5952;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let k = 0; k < 2000; k++) {
      const groups = Array.from({ length: 8 }, () => (next(3) === 0 ? next(0x10000) : 0));
      const spelled = groups.map((g) => {
        const hex = g.toString(16).padStart(next(5), "0");
        return next(2) === 0 ? hex.toUpperCase() : hex;
      });
      const text = spelled.join(":");
      expect(canonicalIpv6(text)).toBe(urlForm(text));
    }
  });

  test("an AAAA record and an app hostname's IPv6 origin are declared in RFC 5952 form", () => {
    const records = recordsOf([
      [["edge", "dns"], [{ name: "v6.example.com", type: "AAAA", content: "2001:DB8:0:0::10" }]],
      [["edge", "hostnames", 1, "origin"], "2001:DB8:0:0:0:0:0:11"],
    ]);
    expect(contentAt(records, "v6.example.com", "AAAA")).toEqual([urlForm("2001:DB8:0:0::10")]);
    expect(contentAt(records, "chat.example.com", "AAAA")).toEqual(["2001:db8::11"]);
    expect(contentAt(records, "chat.example.com", "AAAA")).toEqual([urlForm("2001:DB8:0:0:0:0:0:11")]);
  });

  test("an IPv4-mapped IPv6 address is refused as an AAAA record and as an origin, naming its IPv4 address", () => {
    const text = configErrorText([
      [["edge", "dns"], [{ name: "v6.example.com", type: "AAAA", content: "::ffff:192.0.2.1" }]],
      [["edge", "hostnames", 1, "origin"], "::FFFF:C000:0201"],
    ]);
    expect(text).toContain(
      'edge.dns[0].content: got "::ffff:192.0.2.1" for a AAAA record; allowed: a native IPv6 address, not an IPv4-mapped one (its IPv4 address 192.0.2.1 goes in an A record)',
    );
    expect(text).toContain(
      "edge.hostnames[1].origin: ::FFFF:C000:0201 is an IPv4-mapped IPv6 address; allowed: the IPv4 address itself (192.0.2.1) or a native IPv6 address",
    );
  });

  test("config still accepts IPv6 addresses in any spelling", () => {
    expect(
      configErrorText([
        [["edge", "dns"], [{ name: "v6.example.com", type: "AAAA", content: "2001:DB8:0:0::10" }]],
        [["edge", "hostnames", 1, "origin"], "2001:DB8:0:0:0:0:0:11"],
      ]),
    ).toBe("");
  });
});
