import { spf as mailauthSpf } from "mailauth/lib/spf";
import { checkSpf } from "../../lib/features/email/spf";
import { countSpfLookups, includeCost, SPF_LOOKUP_LIMIT } from "../../lib/features/email/spf-lookups";
import { parseSpf } from "../../lib/features/email/spf-parse";
import { KNOWN_SPF_RECORDS } from "../../lib/features/email/spf-known";
import { checkZoneEmail, type ZoneRecordLine } from "../../lib/features/email/zone-check";

const errors = (txt: string) =>
  checkSpf(txt)
    .filter((f) => f.severity === "error")
    .map((f) => `${f.code}: ${f.message}`);

/** A stand-in DNS for mailauth: the known providers' records and `example.com`'s; nothing else exists. */
function stubResolver(top: string) {
  const txt = new Map<string, string>([...Object.entries(KNOWN_SPF_RECORDS), ["example.com", top]]);
  return async (domain: string, type: string): Promise<string[][]> => {
    const value = txt.get(domain.toLowerCase());
    if (type === "TXT" && value !== undefined) return [[value]];
    throw Object.assign(new Error(`${domain} ${type}: no such record`), { code: "ENOTFOUND" });
  };
}

/** mailauth's verdict for a message from an address no record lists (so every term is evaluated). */
async function mailauth(top: string): Promise<{ result: string; lookups: number }> {
  const r = await mailauthSpf({
    sender: "alerts@example.com",
    ip: "192.0.2.99",
    helo: "mta.example.com",
    mta: "mx.golive.invalid",
    resolver: stubResolver(top),
  });
  return { result: r.status.result, lookups: r.lookups?.count ?? -1 };
}

describe("SPF lookup costs (RFC 7208 4.6.4): an include costs 1 plus its record's lookups", () => {
  test("_spf.salesforce.com costs 2 (its record has an exists: term); Google 4, Outlook 2, Mailgun 3, SES 1", () => {
    expect(includeCost("_spf.salesforce.com")).toEqual({ cost: 2, known: true });
    expect(["_spf.google.com", "spf.protection.outlook.com", "mailgun.org", "amazonses.com"].map((d) => includeCost(d).cost)).toEqual([
      4, 2, 3, 1,
    ]);
  });

  test("every known include costs what mailauth counts, resolving the same records offline", async () => {
    const providers = Object.keys(KNOWN_SPF_RECORDS).filter((d) => !/^_netblocks|^spfd\.|^_spf\.(eu\.)?mailgun/.test(d));
    for (const domain of providers) {
      const top = `v=spf1 include:${domain} -all`;
      expect({ domain, ...(await mailauth(top)) }).toEqual({ domain, result: "fail", lookups: countSpfLookups(parseSpf(top)).lookups });
    }
  });

  test("fails four common includes that need 11 lookups, which mailauth answers with permerror; 10 still pass", async () => {
    const eleven = "v=spf1 include:_spf.google.com include:spf.protection.outlook.com include:mailgun.org include:_spf.salesforce.com -all";
    expect(countSpfLookups(parseSpf(eleven)).lookups).toBe(11);
    expect(errors(eleven)).toEqual([
      `spf-lookups: the record needs 11 DNS lookups; allowed: at most ${SPF_LOOKUP_LIMIT} (remove includes or use ip4:/ip6: networks)`,
    ]);
    expect((await mailauth(eleven)).result).toBe("permerror");
    const ten = "v=spf1 include:_spf.google.com include:spf.protection.outlook.com include:mailgun.org include:amazonses.com -all";
    expect(await mailauth(ten)).toEqual({ result: "fail", lookups: 10 });
    expect(errors(ten)).toEqual([]);
  });

  test("a redirect next to an all is never followed, so it costs nothing (as mailauth evaluates it)", async () => {
    const top = "v=spf1 include:_spf.google.com redirect=_spf.salesforce.com -all";
    expect(countSpfLookups(parseSpf(top)).lookups).toBe(4);
    expect((await mailauth(top)).lookups).toBe(4);
  });
});

describe("SPF syntax that RFC 7208 makes a permerror", () => {
  test.each([
    ["two redirect=", "v=spf1 redirect=_spf.google.com redirect=amazonses.com", "spf-duplicate-modifier: redirect= appears 2 times"],
    ["two exp=", "v=spf1 -all exp=why.example.com exp=other.example.com", "spf-duplicate-modifier: exp= appears 2 times"],
    ["the %{z} macro", "v=spf1 exists:%{z}.spf.example.com -all", 'spf-syntax: "exists:%{z}.spf.example.com": "%{z}" is not an SPF macro'],
    ["an exp-only macro outside exp=", "v=spf1 exists:%{t}.example.com -all", '"%{t}" is not an SPF macro'],
    ["a lone %", "v=spf1 exists:100%.example.com -all", "is not a macro; allowed: %{<letter>}, %%, %_ and %-"],
    ["a: with no domain", "v=spf1 a: -all", 'spf-syntax: "a:": the domain is empty'],
    ["mx: with no domain", "v=spf1 mx:/24 -all", 'spf-syntax: "mx:/24": the domain is empty'],
    ["ip6: holding an IPv4 address", "v=spf1 ip6:192.0.2.1 -all", 'spf-network: "ip6:192.0.2.1" holds an IPv4 address; use ip4:192.0.2.1'],
    ["ip4: holding an IPv6 address", "v=spf1 ip4:2001:db8::/32 -all", "holds an IPv6 address; use ip6:2001:db8::/32"],
    ["an impossible IPv4 address", "v=spf1 ip4:999.1.1.1/24 -all", '"ip4:999.1.1.1/24": "999.1.1.1" is not an IPv4 address'],
    ["a hex word as IPv6", "v=spf1 ip6:beef/1 -all", '"ip6:beef/1": "beef" is not an IPv6 address'],
    ["an IPv4 prefix over 32", "v=spf1 ip4:192.0.2.0/33 -all", "/33 is longer than 32 bits; allowed: 0-32"],
    ["an IPv6 prefix over 128", "v=spf1 ip6:2001:db8::/129 -all", "/129 is longer than 128 bits; allowed: 0-128"],
    ["a prefix with a leading zero", "v=spf1 ip4:192.0.2.0/024 -all", '"/024" is not a prefix length'],
    ["an a/mx prefix over 32", "v=spf1 a:mail.example.com/40 -all", "/40 is longer than 32 bits"],
    ["all with a value", "v=spf1 -all:now", '"-all:now": all takes no value'],
    ["an include of a single label", "v=spf1 include:localhost -all", '"localhost" is not a domain name'],
  ])("fails %s", (_what, txt, message) => {
    expect(errors(txt).join("\n")).toContain(message);
  });

  test("mailauth answers permerror for the ones it checks too: two redirects, %{z}, a:, an impossible IPv4", async () => {
    for (const top of [
      "v=spf1 redirect=_spf.google.com redirect=amazonses.com",
      "v=spf1 exists:%{z}.spf.example.com -all",
      "v=spf1 a: -all",
      "v=spf1 ip4:999.1.1.1/24 -all",
    ])
      expect({ top, result: (await mailauth(top)).result }).toEqual({ top, result: "permerror" });
  });

  test("valid records pass: macros, dual CIDR, IPv4-mapped IPv6, prefixes 0 and 32/128, unknown modifiers", () => {
    for (const txt of [
      "v=spf1 exists:%{ir}.%{l1r+-}._spf.%{d} -all",
      "v=spf1 a/24//64 mx:mail.example.com//64 ip4:192.0.2.1 -ip4:0.0.0.0/0 ip6:::ffff:192.0.2.1/128 -all",
      "v=spf1 ip4:192.0.2.7/32 ip6:2001:db8::/32 -all exp=explain._spf.%{d} x-note=100%%",
      "v=spf1 include:_spf.google.com ~all",
    ])
      expect({ txt, errors: errors(txt).filter((e) => !e.startsWith("spf-softfail")) }).toEqual({ txt, errors: [] });
  });

  test("fails a passing network wider than /8 (IPv4) or /32 (IPv6): mailauth passes a stranger's address through it", async () => {
    expect((await mailauth("v=spf1 ip4:0.0.0.0/0 -all")).result).toBe("pass");
    expect(errors("v=spf1 ip4:0.0.0.0/0 -all")).toEqual([
      'spf-wide-network: "ip4:0.0.0.0/0": a range of 4,294,967,296 addresses, each of which would pass SPF and DMARC as the domain; allowed: /8 or narrower for IPv4',
    ]);
    const wide = (txt: string) => errors(txt).filter((e) => e.startsWith("spf-wide-network"));
    expect(wide("v=spf1 +ip4:192.0.2.7/0 ip6:::/0 ip6:2001:db8::/31 -all")).toHaveLength(3);
    // As wide as allowed, a qualifier other than pass, or a range after -all: nothing a receiver passes.
    expect(wide("v=spf1 ip4:3.0.0.0/8 ip6:2001:db8::/32 ~ip4:0.0.0.0/0 ?ip6:::/0 -all ip4:0.0.0.0/0")).toEqual([]);
  });

  test("host bits in an SPF network are legal but reported (email.spf.networks refuses them)", () => {
    expect(checkSpf("v=spf1 ip4:192.0.2.7/24 -all").map((f) => `${f.severity}:${f.code}`)).toEqual(["warning:spf-host-bits"]);
  });
});

describe("golive zone counts void lookups as config validation does (email-config.test.ts)", () => {
  const line = (name: string, type: string, rdata: string): ZoneRecordLine => ({ name, type, rdata, missing: [] });
  const zoneErrors = (spf: string, extra: ZoneRecordLine[] = []) =>
    checkZoneEmail([line("relay.example.com.", "TXT", `"${spf}"`), ...extra], { zone: "example.com" })
      .filter((f) => f.severity === "error")
      .map((f) => f.code);

  test("fails three names in the zone without records (void lookups)", () => {
    expect(zoneErrors("v=spf1 a:x.example.com mx:y.example.com a:z.example.com -all")).toEqual(["spf-void-lookups"]);
  });

  test("names in another zone are unknown, not void: only warnings", () => {
    expect(zoneErrors("v=spf1 a:x.example.org mx:y.example.org a:z.example.org -all")).toEqual([]);
  });

  test("declared records are not void", () => {
    const declared = [
      line("chat.example.com.", "A", "192.0.2.11"),
      line("api.example.com.", "CNAME", "origin-api.example.net."),
      line("example.com.", "MX", "10 mx1.example.net."),
    ];
    expect(zoneErrors("v=spf1 a:chat.example.com a:api.example.com mx:example.com -all", declared)).toEqual([]);
  });
});
