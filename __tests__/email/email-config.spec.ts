import { configErrorText, exampleConfig } from "../helpers/example-config";
import { emailFindings } from "../../lib/features/email/validate";
import { desiredEmailRecords, emailModel } from "../../lib/features/email/model";
import { SES_DKIM_DOMAINS } from "../../lib/features/email/schema";
import type { AppConfig } from "../../lib/config/schema";

const E = (...path: (string | number)[]) => ["email", ...path];

test("both example configs pass, with SES defaults filled in", () => {
  const prod = exampleConfig();
  expect(prod.email).toMatchObject({
    region: "eu-west-1",
    mailFromSubdomain: "bounce",
    dmarc: { pct: 100, alignment: { spf: "relaxed", dkim: "relaxed" } },
  });
  expect(exampleConfig([], "staging").email?.spf.includes).toEqual(["amazonses.com", "_spf.google.com"]);
});

test("staging's p=none surfaces as a warning with the ramp, not as a config error", () => {
  const cfg = exampleConfig([], "staging");
  const f = cfg.email ? emailFindings(cfg, cfg.email) : [];
  expect(f.map((x) => [x.path.join("."), x.finding.severity, x.finding.code])).toEqual([["email.dmarc", "warning", "dmarc-monitor-only"]]);
});

test("fails a schema error with the field named: region, policy, pct, rua", () => {
  const text = configErrorText([
    [E("region"), "europe"],
    [E("dmarc", "policy"), "strict"],
    [E("dmarc", "pct"), 0],
    [E("dmarc", "rua"), []],
  ]);
  expect(text).toContain("email.region: must be an AWS region such as eu-west-1");
  expect(text).toMatch(/email\.dmarc\.policy: .*"none"\|"quarantine"\|"reject".*"strict"/);
  expect(text).toContain("email.dmarc.pct: must be at least 1");
  expect(text).toContain("email.dmarc.rua: at least one aggregate report address (rua) is required");
});

test("fails ~all without a reason at the schema, and accepts it with one", () => {
  expect(configErrorText([[E("spf", "softFail"), {}]])).toContain("email.spf.softFail.reason");
  expect(configErrorText([[E("spf", "softFail"), { reason: "migrating the CRM sender until 2027-01" }]])).toBe("");
  expect(
    desiredEmailRecords(exampleConfig([[E("spf", "softFail"), { reason: "migrating the CRM sender until 2027-01" }]])).find(
      (r) => r.key === "spf",
    )?.content,
  ).toBe('"v=spf1 include:amazonses.com ip4:198.51.100.0/24 ~all"');
});

test("fails SPF over the lookup limit at email.spf", () => {
  const text = configErrorText([
    [E("spf", "includes"), ["_spf.google.com", "spf.protection.outlook.com", "mailgun.org", "amazonses.com", "sendgrid.net"]],
  ]);
  expect(text).toContain("email.spf: the record needs 11 DNS lookups; allowed: at most 10");
});

test("fails a second SPF record at the domain, naming the edge record that adds it", () => {
  const text = configErrorText([[["edge", "dns"], [{ name: "example.com", type: "TXT", content: "v=spf1 include:_spf.google.com -all" }]]]);
  expect(text).toContain(
    "email.spf: example.com has 2 SPF records; allowed: exactly one (merge them); they come from edge.dns[0] and email.spf",
  );
});

test("fails a weak DKIM key of another sender at email.extraDkim[0]", () => {
  const weak =
    "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDFJd26TKNRcC13a3nO9LEfGKEFZcVT2gnk5hVdyQR3f/mPULW86kOyF6nzcu3HaSWoGpNsBDQ+SgGYYQ1Ojgtu3hcw5tX3Tbm4DozRa5YupW3zy8ZyiEEJyYhSR5EbCTGZ6OYQHd1kWQdd4eEV5udpYGVDHpt4G48ncQS5mZV2WwIDAQAB";
  expect(configErrorText([[E("extraDkim"), [{ selector: "old", value: weak }]]])).toContain(
    "email.extraDkim[0]: selector old has a 1024-bit RSA key; allowed: at least 2048 bits",
  );
});

test.each([
  ["a zero-width space", "\u200b"],
  ["a left-to-right mark", "\u200e"],
  ["a line separator", "\u2028"],
  ["a tab", "\t"],
])("fails an extra DKIM value holding %s, pasted with the key, at email.extraDkim[0].value", (_name, hidden) => {
  const value = `v=DKIM1; k=rsa; n=from${hidden}vendor; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA`;
  expect(configErrorText([[E("extraDkim"), [{ selector: "old", value }]]])).toContain(
    "email.extraDkim[0].value: allowed: printable ASCII only (RFC 6376 tags; no tab, line break, zero-width or bidi character)",
  );
});

test("fails an extra DKIM value too long as sent, quoted in 255-byte strings (it was measured as written)", () => {
  const value = `v=DKIM1; p=${"A".repeat(2029)}`; // 2,040 characters, 2,063 as sent
  expect(configErrorText([[E("extraDkim"), [{ selector: "old", value }]]])).toContain(
    "email.extraDkim[0].value: the TXT record at old._domainkey.example.com: TXT value is 2040 characters, 2063 as sent (quoted, in 255-byte strings); allowed: at most 2048 as sent",
  );
});

test("fails a DMARC or TLS-RPT record too long as sent, though each report address is within its own limit", () => {
  // Ten addresses of 203 characters each, each within its limit: the records are over 2,048 characters.
  const rua = Array.from({ length: 10 }, (_, i) => `reports${i}@${"r".repeat(60)}.${"s".repeat(60)}.${"t".repeat(60)}.example.com`);
  const text = configErrorText([
    [E("dmarc", "rua"), rua],
    [E("tlsRpt", "rua"), rua],
  ]);
  expect(text).toMatch(/email\.dmarc: the TXT record at _dmarc\.example\.com: TXT value is 2161 characters, 2187 as sent/);
  expect(text).toMatch(/email\.tlsRpt\.rua: the TXT record at _smtp\._tls\.example\.com: TXT value is \d{4} characters/);
});

test("fails a sending domain or non-sending name outside the zone", () => {
  expect(configErrorText([[E("domain"), "example.org"]])).toContain('email.domain: "example.org" is outside the zone example.com');
  expect(configErrorText([[E("nonSending"), ["parked.example.org"]]])).toContain(
    'email.nonSending[0]: "parked.example.org" is outside the zone example.com',
  );
});

test("fails a non-sending name that is the sending domain or the MAIL FROM domain", () => {
  expect(configErrorText([[E("nonSending"), ["bounce.example.com"]]])).toContain('email.nonSending[0]: "bounce.example.com" sends mail');
});

test("fails an inbound MX that the MTA-STS policy does not list", () => {
  expect(configErrorText([[E("inboundMx"), [{ host: "mx9.example.net", priority: 5 }]]])).toContain(
    'email.inboundMx[0].host: MX host "mx9.example.net" is not listed in email.mtaSts.mx',
  );
});

test("fails an edge record at mta-sts.<domain>, which the MTA-STS Worker serves", () => {
  const text = configErrorText([[["edge", "dns"], [{ name: "mta-sts.example.com", type: "A", content: "192.0.2.50" }]]]);
  expect(text).toContain("edge.dns[0]: mta-sts.example.com is served by the MTA-STS Worker (email.mtaSts)");
});

test("fails a non-sending name that is a CNAME at the edge (CNAME cannot share its name), with both fields named", () => {
  const text = configErrorText([[E("nonSending"), ["api.example.com"]]]);
  expect(text).toContain(
    "edge.hostnames[2].name: a CNAME at api.example.com cannot share the name with other records (MX at email.nonSending[0])",
  );
});

test("fails an MTA-STS max_age under one day and a malformed MX pattern", () => {
  const text = configErrorText([
    [E("mtaSts", "maxAge"), 60],
    [E("mtaSts", "mx"), ["mx.*.example.net"]],
  ]);
  expect(text).toContain("email.mtaSts.maxAge: must be at least 86400 (one day)");
  expect(text).toContain("email.mtaSts.mx[0]: must be an MX hostname");
});

test("fails strict SPF alignment, which SES mail (envelope sender bounce.<domain>) can never meet", () => {
  expect(configErrorText([[["email", "dmarc", "alignment", "spf"], "strict"]])).toBe(
    'config/production.yaml: email.dmarc.alignment.spf: got "strict", but SES mail has the envelope sender bounce.example.com, which strict alignment never matches with example.com; allowed: "relaxed" (the MAIL FROM subdomain then aligns)',
  );
  expect(configErrorText([[["email", "dmarc", "alignment", "dkim"], "strict"]])).toBe("");
});

function modelOf(cfg: AppConfig) {
  if (!cfg.email) throw new Error("the example has an email section");
  return emailModel(cfg, cfg.email);
}

describe("SES Easy DKIM domain of the region", () => {
  test("every region the issue names has its own DKIM domain; the others use dkim.amazonses.com", () => {
    const cfg = exampleConfig();
    const email = cfg.email;
    if (!email) throw new Error("the example has an email section");
    for (const region of ["af-south-1", "ap-northeast-3", "ap-southeast-3", "eu-south-1", "il-central-1", "ca-west-1", "eu-central-2"])
      expect(emailModel(cfg, { ...email, region }).dkimDomain).toBe(`dkim.${region}.amazonses.com`);
    expect(modelOf(cfg).dkimDomain).toBe("dkim.amazonses.com");
    expect(SES_DKIM_DOMAINS["us-east-1"]).toBe("dkim.amazonses.com");
    expect(configErrorText([[E("region"), "af-south-1"]])).toBe("");
  });

  test("fails a region without SES (or whose DKIM domain golive does not know), naming email.region and the allowed values", () => {
    const text = configErrorText([[E("region"), "ap-east-1"]]);
    expect(text).toContain("email.region: must be an SES region whose Easy DKIM domain golive knows; allowed: af-south-1,");
    expect(text).toContain("eu-west-1");
    expect(text).toContain('got "ap-east-1"');
    expect(configErrorText([[E("region"), "europe"]])).toContain("email.region: must be an AWS region such as eu-west-1");
  });
});

describe("DMARC report authorisation for every name with its own _dmarc (RFC 7489 7.1)", () => {
  test("each non-sending name's reports to another domain are listed for that domain, not only the apex's", () => {
    expect(modelOf(exampleConfig()).reportAuthorisations.map((a) => a.name)).toEqual([
      "example.com._report._dmarc.reports.example.org",
      "old.example.com._report._dmarc.reports.example.org",
      "chat.example.com._report._dmarc.reports.example.org",
    ]);
  });

  test("golive publishes the authorisation itself when the mailbox's domain is in its zone", () => {
    const model = modelOf(exampleConfig([[E("dmarc", "rua"), ["dmarc@reports.example.com"]]]));
    const auth = model.records.filter((r) => r.name.includes("._report._dmarc."));
    expect(auth.map((r) => [r.name, r.type, r.content, r.source.join(".")])).toEqual([
      ["old.example.com._report._dmarc.reports.example.com", "TXT", '"v=DMARC1"', "email.nonSending.0"],
      ["chat.example.com._report._dmarc.reports.example.com", "TXT", '"v=DMARC1"', "email.nonSending.1"],
    ]);
    expect(model.reportAuthorisations).toEqual([]);
    expect(configErrorText([[E("dmarc", "rua"), ["dmarc@reports.example.com"]]])).toBe("");
  });

  test("fails an edge.dns DMARC record reporting into the zone without the authorisation, at its field", () => {
    const text = configErrorText([
      [["edge", "dns"], [{ name: "_dmarc.api.example.com", type: "TXT", content: "v=DMARC1; p=reject; rua=mailto:d@reports.example.com" }]],
    ]);
    expect(text).toContain("edge.dns[0]: api.example.com sends reports to reports.example.com, which is in this zone but does not publish");
  });
});

describe("null MX (RFC 7505)", () => {
  test("fails an edge.dns MX at a non-sending name, naming both fields", () => {
    expect(
      configErrorText([[["edge", "dns"], [{ name: "old.example.com", type: "MX", content: "mx1.example.net", priority: 10 }]]]),
    ).toContain(
      "edge.dns[0]: an MX record at old.example.com, which email.nonSending[0] gives a null MX (it never receives mail); RFC 7505 forbids any other MX next to a null MX: remove this record or the name from email.nonSending",
    );
    expect(configErrorText([[["edge", "dns"], [{ name: "mail.example.com", type: "MX", content: "mx1.example.net", priority: 10 }]]])).toBe(
      "",
    );
  });
});

describe("SPF in config: lookup costs, networks and void lookups as golive zone counts them (spf-rfc7208.test.ts)", () => {
  test("fails the same four includes in config, at email.spf", () => {
    expect(
      configErrorText([
        [
          ["email", "spf", "includes"],
          ["_spf.google.com", "spf.protection.outlook.com", "mailgun.org", "_spf.salesforce.com"],
        ],
      ]),
    ).toContain("email.spf: the record needs 11 DNS lookups; allowed: at most 10");
  });

  test("fails invalid networks before they reach the record (CIDRs parsed with node:net)", () => {
    const text = configErrorText([
      [
        ["email", "spf", "networks"],
        ["999.1.1.1/99", "beef/1", "192.0.2.0/33", "2001:db8::/129"],
      ],
    ]);
    expect(text).toContain('email.spf.networks[0]: "999.1.1.1" is not a valid IPv4 or IPv6 address');
    expect(text).toContain('email.spf.networks[1]: "beef" is not a valid IPv4 or IPv6 address');
    expect(text).toContain("email.spf.networks[2]: /33 is longer than the 32 bits of an IPv4 address");
    expect(text).toContain("email.spf.networks[3]: /129 is longer than the 128 bits of an IPv6 address");
  });
  const edgeSpf = (content: string) => [["edge", "dns"], [{ name: "relay.example.com", type: "TXT", content }]] as const;

  test("fails three names in the zone without records (void lookups), at the edge record", () => {
    expect(configErrorText([edgeSpf("v=spf1 a:x.example.com mx:y.example.com a:z.example.com -all")])).toContain(
      "edge.dns[0]: 3 mechanisms name records that do not exist; more than 2 void lookups is a permerror",
    );
  });

  test("fails an SPF TXT record of edge.dns that passes a range wider than /8, at the edge record", () => {
    expect(configErrorText([edgeSpf("v=spf1 ip4:0.0.0.0/0 -all")])).toContain(
      'edge.dns[0]: "ip4:0.0.0.0/0": a range of 4,294,967,296 addresses, each of which would pass SPF and DMARC as the domain; allowed: /8 or narrower for IPv4',
    );
  });

  test("names in another zone are unknown and declared ones exist: neither fails", () => {
    expect(configErrorText([edgeSpf("v=spf1 a:x.example.org mx:y.example.org a:z.example.org -all")])).toBe("");
    expect(configErrorText([edgeSpf("v=spf1 a:chat.example.com a:api.example.com mx:example.com -all")])).toBe("");
  });

  test("fails a network wider than /8 or /32 in email.spf.networks: every host of it would pass SPF and DMARC", () => {
    const text = configErrorText([[E("spf", "networks"), ["0.0.0.0/0", "3.0.0.0/8", "::/0", "2001:db8::/31", "2001:db8::/32"]]]);
    expect(text.split("\n").filter((l) => l.includes("email.spf.networks"))).toEqual([
      'config/production.yaml: email.spf.networks[0]: a range of 4,294,967,296 addresses, each of which would pass SPF and DMARC as the domain; allowed: /8 or narrower for IPv4; got "0.0.0.0/0"',
      'config/production.yaml: email.spf.networks[2]: a range of 2^128 addresses, each of which would pass SPF and DMARC as the domain; allowed: /32 or narrower for IPv6; got "::/0"',
      'config/production.yaml: email.spf.networks[3]: a range of 2^97 addresses, each of which would pass SPF and DMARC as the domain; allowed: /32 or narrower for IPv6; got "2001:db8::/31"',
    ]);
  });

  test("fails host bits in email.spf.networks (the range is named)", () => {
    expect(configErrorText([[E("spf", "networks"), ["192.0.2.7/24"]]])).toContain(
      'email.spf.networks[0]: "192.0.2.7/24" has host bits set; the range is 192.0.2.0/24',
    );
  });
});
