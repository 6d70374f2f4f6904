import { spf as mailauthSpf } from "mailauth/lib/spf";
import { HostResolver } from "../../lib/engines/verify/probe/resolve";
import { evaluateLiveSpf } from "../../lib/features/email/spf-live";
import { startDnsServer, type TestDnsServer, type TestRecord } from "../helpers/dns-server";
import { loopbackResolver } from "../helpers/dns-resolver";

// verify's spf.evaluation walks the live SPF record through verify's own resolver; mailauth, asked
// about a sender the record lists nowhere (so every term is evaluated), is the oracle: verify fails
// exactly where mailauth's verdict is permerror.

const NAME = "mail.example.com";
const PROVIDER = "_spf.example.org";
const txt = (name: string, value: string): TestRecord => ({ name, type: "TXT", value });
const includes = (prefix: string, n: number): string =>
  Array.from({ length: n }, (_, i) => `include:${prefix}${i + 1}.example.org`).join(" ");
const leaves = (prefix: string, n: number): TestRecord[] =>
  Array.from({ length: n }, (_, i) => txt(`${prefix}${i + 1}.example.org`, "v=spf1 ip4:198.51.100.0/24 -all"));

/** `n` MX hosts of example.org, each with an address. */
const mxHosts = (n: number): TestRecord[] =>
  Array.from({ length: n }, (_, i): TestRecord[] => [
    { name: "example.org", type: "MX", value: `mx${i + 1}.example.org`, priority: 10 },
    { name: `mx${i + 1}.example.org`, type: "A", value: "127.0.0.1" },
  ]).flat();

/** The sending domain's record as the config's email.spf.includes writes it, and SES's record. */
const BASE = [txt(NAME, `v=spf1 include:amazonses.com include:${PROVIDER} -all`), txt("amazonses.com", "v=spf1 ip4:199.255.192.0/22 -all")];

let dns: TestDnsServer;
beforeAll(async () => {
  dns = await startDnsServer([]);
});
afterAll(() => dns?.close());

async function bothVerdicts(
  records: readonly TestRecord[],
  failing: readonly string[] = [],
): Promise<{ status: string; detail: string; mailauth: string }> {
  dns.records = [...records];
  dns.failing = [...failing];
  const resolver = new HostResolver({ server: `127.0.0.1:${dns.port}`, timeoutMs: 2000, loopbackOnly: true });
  const verdict = await evaluateLiveSpf({ records: (n, t) => resolver.records(n, t), resolve: (n) => resolver.resolve(n) }, NAME);
  const oracle = await mailauthSpf({
    sender: `alerts@${NAME}`,
    ip: "192.0.2.1",
    helo: "mta.example.net",
    mta: "mx.golive.invalid",
    resolver: loopbackResolver(dns.port),
  });
  return { status: verdict.status, detail: verdict.detail, mailauth: oracle.status.result };
}

describe("spf.evaluation fails exactly where mailauth gives permerror", () => {
  test.each<[string, TestRecord[], RegExp]>([
    [
      "fails when the provider's record chains 10 includes (12 lookups)",
      [...BASE, txt(PROVIDER, `v=spf1 ${includes("c", 10)} -all`), ...leaves("c", 10)],
      /^permerror: include:_spf\.example\.org -> include:c9\.example\.org: 11 DNS lookups, more than the 10 RFC 7208 4\.6\.4 allows$/,
    ],
    [
      "fails when the includes nest 10 deep",
      [
        ...BASE,
        txt(PROVIDER, "v=spf1 include:n1.example.org -all"),
        ...Array.from({ length: 10 }, (_, i) => txt(`n${i + 1}.example.org`, `v=spf1 include:n${i + 2}.example.org -all`)),
      ],
      /: 11 DNS lookups, more than the 10 RFC 7208 4\.6\.4 allows$/,
    ],
    [
      "fails when the included name has no record (NXDOMAIN)",
      BASE,
      /^permerror: include:_spf\.example\.org: _spf\.example\.org has no SPF record, a permerror \(RFC 7208 5\.2\)$/,
    ],
    [
      "fails when the included name holds a TXT that is no SPF record",
      [...BASE, txt(PROVIDER, "google-site-verification=x")],
      /: _spf\.example\.org has no SPF record, a permerror \(RFC 7208 5\.2\)$/,
    ],
    [
      "fails when the included name holds two SPF records",
      [...BASE, txt(PROVIDER, "v=spf1 -all"), txt(PROVIDER, "v=spf1 ip4:198.51.100.0/24 -all")],
      /^permerror: include:_spf\.example\.org: _spf\.example\.org has 2 SPF records, a permerror \(RFC 7208 4\.5\)/,
    ],
    [
      "fails when the included record has a syntax error",
      [...BASE, txt(PROVIDER, "v=spf1 ipv4:198.51.100.0/24 -all")],
      /^permerror: include:_spf\.example\.org: _spf\.example\.org: syntax error, a permerror \(RFC 7208 4\.6\): "ipv4:/,
    ],
    [
      "fails when a redirect names a name with no record",
      [txt(NAME, "v=spf1 ip4:198.51.100.0/24 redirect=_spf.example.org")],
      /^permerror: redirect=_spf\.example\.org: _spf\.example\.org has no SPF record, a permerror \(RFC 7208 6\.1\)$/,
    ],
    [
      "fails on the third void lookup",
      [...BASE, txt(PROVIDER, "v=spf1 a:gone1.example.org mx:gone2.example.org exists:gone3.example.org -all")],
      /^permerror: include:_spf\.example\.org -> exists:gone3\.example\.org: 3 void lookups \(gone3\.example\.org has no address\), more than the 2 RFC 7208 4\.6\.4 allows$/,
    ],
    [
      "fails when a record includes itself",
      [...BASE, txt(PROVIDER, `v=spf1 include:${PROVIDER} -all`)],
      /: 11 DNS lookups, more than the 10 RFC 7208 4\.6\.4 allows$/,
    ],
    [
      "fails when one mx names 11 hosts",
      [...BASE, txt(PROVIDER, "v=spf1 mx:example.org -all"), ...mxHosts(11)],
      /^permerror: include:_spf\.example\.org -> mx:example\.org: example\.org has 11 MX hosts, more than the 10 address lookups RFC 7208 4\.6\.4 allows one mx$/,
    ],
    [
      "passes one mx naming 10 hosts",
      [...BASE, txt(PROVIDER, "v=spf1 mx:example.org -all"), ...mxHosts(10)],
      /^evaluated live: 3 of 10 DNS lookups, 0 of 2 void lookups$/,
    ],
    [
      "passes exactly 10 lookups",
      [...BASE, txt(PROVIDER, `v=spf1 ${includes("c", 8)} -all`), ...leaves("c", 8)],
      /^evaluated live: 10 of 10 DNS lookups, 0 of 2 void lookups$/,
    ],
    [
      "passes two void lookups and names that exist",
      [
        ...BASE,
        txt(PROVIDER, "v=spf1 a:gone1.example.org mx:gone2.example.org a:relay.example.org mx:example.org -all"),
        { name: "relay.example.org", type: "A", value: "127.0.0.1" },
        { name: "example.org", type: "MX", value: "relay.example.org", priority: 10 },
      ],
      /^evaluated live: 6 of 10 DNS lookups, 2 of 2 void lookups$/,
    ],
    [
      "passes a macro target, counted and not followed",
      [...BASE, txt(PROVIDER, "v=spf1 exists:%{i}._spf.example.org -all")],
      /^evaluated live: 3 of 10 DNS lookups, 0 of 2 void lookups; 1 with a macro, expanded per message, counted but not followed$/,
    ],
  ])("%s", async (name, records, detail) => {
    const { status, detail: got, mailauth } = await bothVerdicts(records);
    expect(got).toMatch(detail);
    expect(status).toBe(name.startsWith("fails") ? "fail" : "pass");
    expect(mailauth === "permerror").toBe(status === "fail");
  });
});

test("an A lookup the server fails is a temperror, not a void lookup, even when AAAA answers empty", async () => {
  // In the checked record itself: mailauth swallows an error inside an include, where RFC 7208 5.2 does not.
  const records = [txt(NAME, "v=spf1 a:relay.example.org -all"), txt("relay.example.org", "relay")];
  const { status, detail, mailauth } = await bothVerdicts(records, ["A relay.example.org"]);
  expect(detail).toBe(
    "temperror: a:relay.example.org: A/AAAA relay.example.org: lookup failed (ESERVFAIL); receivers' SPF check ends in temperror (RFC 7208 5), unverifiable here",
  );
  expect(status).toBe("fail");
  expect(mailauth).toBe("temperror");
});

test("a name with no live SPF record is skipped: dns.record fails it", async () => {
  const { status, detail, mailauth } = await bothVerdicts([]);
  expect(status).toBe("skip");
  expect(detail).toBe("no live SPF record to evaluate (dns.record reports it)");
  expect(mailauth).toBe("none");
});
