import { checkSpf, checkSpfCount, renderSpf } from "../../lib/features/email/spf";
import { countSpfLookups, SPF_LOOKUP_LIMIT, UNKNOWN_INCLUDE_COST } from "../../lib/features/email/spf-lookups";
import { parseSpf } from "../../lib/features/email/spf-parse";

const codes = (txt: string, opts = {}) => checkSpf(txt, opts).map((f) => `${f.severity}:${f.code}`);

describe("SPF parse", () => {
  test("parses qualifiers, mechanisms, networks and modifiers", () => {
    const r = parseSpf(
      "v=spf1 include:amazonses.com ip4:198.51.100.0/24 ip6:2001:db8::/32 ~mx a:mail.example.com redirect=_spf.example.com",
    );
    expect(r.findings).toEqual([]);
    expect(r.terms.map((t) => [t.qualifier, t.kind, t.target])).toEqual([
      ["+", "include", "amazonses.com"],
      ["+", "ip4", "198.51.100.0/24"],
      ["+", "ip6", "2001:db8::/32"],
      ["~", "mx", undefined],
      ["+", "a", "mail.example.com"],
      ["+", "redirect", "_spf.example.com"],
    ]);
  });

  test("fails a record that does not start with v=spf1", () => {
    expect(codes("v=spf2 -all")).toEqual(["error:spf-version"]);
  });

  test("fails an unknown mechanism and an include without a domain", () => {
    expect(codes("v=spf1 foo:bar include: -all")).toEqual(["error:spf-syntax", "error:spf-syntax"]);
  });
});

describe("SPF rules", () => {
  test("a record with known includes, networks and -all passes cleanly", () => {
    expect(codes("v=spf1 include:amazonses.com include:_spf.google.com ip4:198.51.100.0/24 -all")).toEqual([]);
  });

  test("fails +all and ?all (anyone may send)", () => {
    expect(codes("v=spf1 include:amazonses.com +all")).toContain("error:spf-permissive-all");
    expect(codes("v=spf1 include:amazonses.com all")).toContain("error:spf-permissive-all");
    expect(codes("v=spf1 include:amazonses.com ?all")).toContain("error:spf-permissive-all");
  });

  test("fails ~all unless a reason allows it", () => {
    expect(codes("v=spf1 include:amazonses.com ~all")).toEqual(["error:spf-softfail"]);
    expect(codes("v=spf1 include:amazonses.com ~all", { allowSoftFail: true })).toEqual([]);
  });

  test("fails a record without all and without redirect; redirect alone is fine", () => {
    expect(codes("v=spf1 include:amazonses.com")).toEqual(["error:spf-no-all"]);
    expect(codes("v=spf1 redirect=amazonses.com")).toEqual([]);
  });

  test("warns about terms after all (never evaluated)", () => {
    expect(codes("v=spf1 -all include:amazonses.com")).toContain("warning:spf-after-all");
  });

  test("counts lookups with the known-provider table: google costs 4, SES 1, a/mx 1 each", () => {
    expect(countSpfLookups(parseSpf("v=spf1 include:_spf.google.com include:amazonses.com a mx ip4:192.0.2.1 -all"))).toEqual({
      lookups: 7,
      unknownIncludes: [],
    });
  });

  test("counts unknown includes as the guessed cost and reports them", () => {
    const r = countSpfLookups(parseSpf("v=spf1 include:spf.unknown-sender.example -all"));
    expect(r).toEqual({ lookups: UNKNOWN_INCLUDE_COST, unknownIncludes: ["spf.unknown-sender.example"] });
    expect(codes("v=spf1 include:spf.unknown-sender.example -all")).toEqual(["warning:spf-unknown-include"]);
  });

  test(`fails a record needing more than ${SPF_LOOKUP_LIMIT} lookups`, () => {
    const txt =
      "v=spf1 include:_spf.google.com include:spf.protection.outlook.com include:mailgun.org include:amazonses.com include:sendgrid.net -all";
    expect(countSpfLookups(parseSpf(txt)).lookups).toBe(11);
    expect(codes(txt)).toContain("error:spf-lookups");
    expect(
      codes("v=spf1 include:_spf.google.com include:spf.protection.outlook.com include:mailgun.org include:amazonses.com -all"),
    ).not.toContain("error:spf-lookups");
  });

  test("warns about ptr (discouraged by RFC 7208)", () => {
    expect(codes("v=spf1 ptr -all")).toContain("warning:spf-ptr");
  });

  test("reports void-lookup risk for a/mx/exists whose records are unknown", () => {
    expect(codes("v=spf1 a:relay.example.com -all")).toEqual(["warning:spf-void-risk"]);
    expect(codes("v=spf1 exists:%{i}.spf.example.com -all")).toEqual(["warning:spf-void-risk"]);
  });

  test("fails more than two void lookups when the records are known to be missing", () => {
    const none = () => false;
    expect(codes("v=spf1 a:x.example.com mx:y.example.com -all", { hasRecords: none })).toEqual(["warning:spf-void-risk"]);
    expect(codes("v=spf1 a:x.example.com mx:y.example.com a:z.example.com -all", { hasRecords: none })).toEqual(["error:spf-void-lookups"]);
    expect(codes("v=spf1 a mx -all", { hasRecords: () => true, domain: "example.com" })).toEqual([]);
  });

  test("fails two SPF records at one name; one SPF among other TXT is fine", () => {
    expect(checkSpfCount("example.com", ["v=spf1 -all", "google-site-verification=x"])).toEqual([]);
    expect(checkSpfCount("example.com", ["v=spf1 -all", "v=spf1 include:amazonses.com -all"]).map((f) => f.code)).toEqual(["spf-multiple"]);
  });

  test("renders includes, then networks (ip4/ip6), then -all or ~all", () => {
    expect(renderSpf({ includes: ["amazonses.com"], networks: ["198.51.100.0/24", "2001:db8::/32"], softFail: false })).toBe(
      "v=spf1 include:amazonses.com ip4:198.51.100.0/24 ip6:2001:db8::/32 -all",
    );
    expect(renderSpf({ includes: [], networks: [], softFail: true })).toBe("v=spf1 ~all");
  });
});
